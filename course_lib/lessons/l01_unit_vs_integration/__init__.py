"""Lesson 01 (unit vs integration): a payment client that really talks to the provider, tests
that catch boundary bugs in such clients, a top-down stub, a risk-based test plan, and tests of
the whole order-payment flow."""

from course_lib.checks.model import CodeExercise, TestExercise, Variant
from course_lib.checks.signature import Signature

_V = "course_lib.lessons.l01_unit_vs_integration.ex2_gateway_tests"
_F = "course_lib.lessons.l01_unit_vs_integration.ex5_payment_flow_tests"

EXERCISES = [
    CodeExercise(
        id="01.1",
        title="A payment client that speaks the provider's units",
        hidden="course_lib.lessons.l01_unit_vs_integration.ex1_sandbox_client",
        signature=Signature(
            "class SandboxPaymentClient(base_url)", methods="charge(amount_cents, currency, source)"
        ),
        hint="POST {'amount': to_major_units(cents), 'currency', 'source'} to base_url + "
        "'/v1/charges'; 201 and 402 are both answers; convert the amount back with "
        "from_major_units.",
        timeout=15.0,
    ),
    TestExercise(
        id="01.2",
        title="Integration tests that catch payment-client bugs",
        fixture="gateway",
        provide=f"{_V}:provide_gateway",
        reference=f"{_V}:Reference",
        hint="Charge a real (sandbox) card and look at every field of the result, for an approved "
        "and for a declined card.",
        timeout=15.0,
        variants=(
            Variant(
                "sends-cents",
                "The provider counts in cents, like the shop does.",
                "Charge a small amount and assert result.amount_cents is what you charged.",
                f"{_V}:SendsCents",
            ),
            Variant(
                "returns-dict",
                "The JSON body is a fine result; callers can read keys.",
                "Assert isinstance(result, ChargeResult) or read result.approved.",
                f"{_V}:ReturnsDict",
            ),
            Variant(
                "decline-raises",
                "A declined card is an HTTP error the client should raise.",
                "Charge source 'tok_declined' and expect approved=False, not an exception.",
                f"{_V}:DeclineRaises",
            ),
            Variant(
                "amount-back-not-converted",
                "The provider answers in cents.",
                "Assert result.amount_cents == the cents you charged.",
                f"{_V}:AmountBackNotConverted",
            ),
            Variant(
                "charge-id-means-approved",
                "Any answer with a charge id means the money moved.",
                "Charge 'tok_declined' and assert result.approved is False.",
                f"{_V}:ChargeIdMeansApproved",
            ),
        ),
    ),
    CodeExercise(
        id="01.3",
        title="A stub gateway for top-down integration",
        hidden="course_lib.lessons.l01_unit_vs_integration.ex3_stub_gateway",
        signature=Signature(
            "class StubGateway()",
            methods="charge(amount_cents, currency, source)",
            extra="and a .calls list",
        ),
        hint="Return ChargeResult(approved, amount_cents, charge_id, reason) — the same type the "
        "real client returns — and append (amount_cents, currency, source) to self.calls.",
    ),
    CodeExercise(
        id="01.4",
        title="A risk-based test plan",
        hidden="course_lib.lessons.l01_unit_vs_integration.ex4_risk_ranking",
        signature=Signature("rank_by_risk(boundaries)", returns="a list of names, riskiest first"),
        hint="sorted(boundaries, key=lambda b: (-b[1] * b[2], b[0])), then keep the names.",
    ),
    TestExercise(
        id="01.5",
        title="Integration tests for the order-payment flow",
        fixture="payments",
        provide=f"{_F}:provide_payments",
        reference=f"{_F}:Reference",
        impostor=f"{_F}:Twin",
        hint="Run the whole flow against the sandbox and look at three things each time: the "
        "result, the order's status and what the provider recorded (payments.charges()) — for "
        "an approved card, a declined card and an order paid twice.",
        timeout=15.0,
        variants=(
            Variant(
                "sends-cents",
                "The provider counts in cents, like the shop does.",
                'Pay an order of 12.50 and assert the provider recorded the amount "12.50".',
                f"{_F}:SendsCents",
            ),
            Variant(
                "reason-dropped",
                "Every payment provider calls the decline reason by the same field name.",
                "Pay with 'tok_declined' and assert result.reason == 'card_declined'.",
                f"{_F}:ReasonDropped",
            ),
            Variant(
                "decline-leaves-pending",
                "A declined payment changes nothing, so the order can stay pending.",
                "Pay with 'tok_declined' and assert the order's status is 'payment_failed'.",
                f"{_F}:DeclineLeavesPending",
            ),
            Variant(
                "charges-twice-on-decline",
                "Any answer but 201 is a failure worth retrying, and a retry is harmless.",
                "Pay with 'tok_declined' and assert the provider recorded exactly one charge.",
                f"{_F}:ChargesTwiceOnDecline",
            ),
            Variant(
                "currency-ignored",
                "The shop sells in euros, so the currency can be written in the code.",
                "Assert the currency the provider recorded is payments.currency.",
                f"{_F}:CurrencyIgnored",
            ),
            Variant(
                "pays-twice",
                "The provider refuses a second charge for the same order.",
                "Pay an order, pay it again: expect InvalidInput and still one charge recorded.",
                f"{_F}:PaysTwice",
            ),
        ),
    ),
]
