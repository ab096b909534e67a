"""A heat alert: notify once when the temperature in a city reaches a threshold.

The rule depends on two injected ports: a `TemperatureSource` (the HTTP weather client, a fake)
and a `Notifier`. A failed weather call is NOT a heat wave: no data, no alert, and the rule's
state stays as it was. After an alert it stays quiet until the temperature has dropped below the
threshold again, so a hot afternoon sends one message, not one per check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Reading:
    """One observation, always in degrees Celsius (the client converts, if it must)."""

    city: str
    celsius: float

    @property
    def fahrenheit(self) -> float:
        return self.celsius * 9 / 5 + 32


class WeatherError(Exception):
    """The temperature could not be read (the service failed, timed out, or sent nonsense)."""


class TemperatureSource(Protocol):
    def current(self, city: str) -> Reading: ...


class Notifier(Protocol):
    def notify(self, message: str) -> None: ...


class TemperatureAlert:
    """`check()` reads the temperature once; it notifies when `threshold_c` is reached."""

    def __init__(
        self, weather: TemperatureSource, notifier: Notifier, city: str, threshold_c: float
    ):
        self.weather = weather
        self.notifier = notifier
        self.city = city
        self.threshold_c = threshold_c
        self.alerting = False

    def check(self) -> bool:
        """True when this check sent an alert."""
        try:
            reading = self.weather.current(self.city)
        except WeatherError:
            return False  # no data is not a heat wave
        if reading.celsius < self.threshold_c:
            self.alerting = False
            return False
        if self.alerting:
            return False  # already told them
        self.notifier.notify(
            f"Heat alert for {reading.city}: {reading.celsius:.1f} °C "
            f"(threshold {self.threshold_c:g} °C)"
        )
        self.alerting = True
        return True
