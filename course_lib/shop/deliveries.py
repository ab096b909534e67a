"""Which deliveries are due today, in the shop's own time zone.

Why a zone and not the server's clock: "today" is a calendar date where the customers live. A
server in UTC starts the next day at 01:00 or 02:00 Berlin time, and a day in a zone with daylight
saving time lasts 23 or 25 hours twice a year. Due times are stored aware (with tzinfo); a naive
datetime has no instant, so it is refused rather than guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo


def due_today(due: Mapping[str, datetime], zone: str) -> list[str]:
    """The references in `due` (reference -> aware due time) whose due time falls on today's
    date in `zone` (an IANA name such as "Europe/Berlin"), sorted. Raises ValueError for a
    naive due time."""
    tz = ZoneInfo(zone)
    for reference, at in due.items():
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError(f"due time of {reference} is naive: give it a tzinfo")
    today = datetime.now(tz).date()
    return sorted(ref for ref, at in due.items() if at.astimezone(tz).date() == today)
