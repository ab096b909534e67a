"""The weather service's sandbox: a small Flask app that speaks the real API.

API:
  GET /v1/current?city=<name>&units=metric|imperial
      -> 200 {"city": "São Paulo", "temperature": 28.0, "units": "metric"}
         units defaults to "imperial" (°F), as many real weather APIs default to something
         other than what you want: a client must ask for metric.
      -> 400 {"error": {"code": "bad_request", "message": ...}}  city missing, units unknown
      -> 404 {"error": {"code": "city_not_found", "message": ...}}
"""

from __future__ import annotations

from flask import Flask, jsonify, request


def _error(status: int, code: str, message: str):
    return jsonify(error={"code": code, "message": message}), status


def create_weather_sandbox(temperatures: dict[str, float]) -> Flask:
    """A sandbox that knows `temperatures` ({city: °C}); each app keeps its own copy."""
    app = Flask("weather_sandbox")
    known = dict(temperatures)
    app.config["JSON_AS_ASCII"] = False

    @app.get("/v1/current")
    def current():
        city = request.args.get("city", "")
        units = request.args.get("units", "imperial")
        if not city or units not in ("metric", "imperial"):
            return _error(400, "bad_request", "city is required; units is metric or imperial")
        if city not in known:
            return _error(404, "city_not_found", f"no weather for {city!r}")
        celsius = known[city]
        value = celsius if units == "metric" else round(celsius * 9 / 5 + 32, 1)
        return jsonify(city=city, temperature=value, units=units)

    return app
