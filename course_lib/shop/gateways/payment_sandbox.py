"""The payment provider's sandbox: a small Flask app that behaves like the real provider's API.

Providers publish such sandboxes so integrators can test against the real protocol.
API (amounts in MAJOR units, as a string "12.34" or a JSON number):
  POST /v1/charges {"amount", "currency", "source"}
       -> 201 {"id", "status": "succeeded", "amount", "currency"}
       -> 402 {"id", "status": "declined", "amount", "currency", "reason"}
          reason "card_declined" for source "tok_declined"; "amount_over_limit" above 1000.00
       -> 400 {"error"} for a malformed request
  GET  /v1/charges          every charge so far (sandbox only: lets a test see what was charged)
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask import Flask, jsonify, request

LIMIT = Decimal("1000.00")


def create_sandbox_app() -> Flask:
    """A fresh sandbox with no charges; each app keeps its own list."""
    app = Flask("payment_sandbox")
    charges: list[dict] = []

    @app.post("/v1/charges")
    def create_charge():
        body = request.get_json(silent=True) or {}
        try:
            amount = Decimal(str(body["amount"])).quantize(Decimal("0.01"))
            currency, source = str(body["currency"]), str(body["source"])
        except (KeyError, InvalidOperation):
            return jsonify(error="amount, currency and source are required"), 400
        charge = {"id": f"ch_{len(charges) + 1}", "amount": str(amount), "currency": currency}
        if source == "tok_declined":
            charge.update(status="declined", reason="card_declined")
        elif amount > LIMIT:
            charge.update(status="declined", reason="amount_over_limit")
        else:
            charge.update(status="succeeded")
        charges.append(charge)
        return jsonify(charge), 201 if charge["status"] == "succeeded" else 402

    @app.get("/v1/charges")
    def list_charges():
        return jsonify(charges)

    return app
