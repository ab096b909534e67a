"""Exercise 10.4: tests for due_today(due, zone) with a pinned clock — the reference
(course_lib.shop.deliveries) and six versions that are right at noon in winter and wrong near
midnight, in summer, on the days the clocks change, or for a naive due time."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from course_lib.shop.deliveries import due_today

Reference = due_today


def provide(impl, request):
    """Fixture `due_today`: impl, in a process whose local time zone is UTC (like most servers),
    whatever the machine's own zone; restored afterwards."""
    monkeypatch = request.getfixturevalue("monkeypatch")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield impl
    monkeypatch.undo()
    time.tzset()


def _check_aware(due):
    for reference, at in due.items():
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError(f"due time of {reference} is naive: give it a tzinfo")


def server_date(due, zone):
    """Bug: date.today() is the SERVER's date (UTC here), not the shop's: from midnight in
    Berlin until 01:00/02:00 it is still yesterday."""
    tz = ZoneInfo(zone)
    _check_aware(due)
    today = date.today()
    return sorted(ref for ref, at in due.items() if at.astimezone(tz).date() == today)


def stored_date(due, zone):
    """Bug: compares the due time's own date (as stored, e.g. in UTC) with today's date in the
    zone: 22:30 UTC on 1 July is already 2 July in Berlin."""
    _check_aware(due)
    today = datetime.now(ZoneInfo(zone)).date()
    return sorted(ref for ref, at in due.items() if at.date() == today)


def winter_offset(due, zone):
    """Bug: a fixed UTC offset (the zone's offset in January) instead of the zone: one hour off
    all summer."""
    _check_aware(due)
    tz = timezone(ZoneInfo(zone).utcoffset(datetime(2026, 1, 15)))
    today = datetime.now(tz).date()
    return sorted(ref for ref, at in due.items() if at.astimezone(tz).date() == today)


def next_24_hours(due, zone):
    """Bug: "today" taken as the next 24 hours: tomorrow morning counts, this morning does not."""
    _check_aware(due)
    now = datetime.now(ZoneInfo(zone))
    return sorted(ref for ref, at in due.items() if now <= at < now + timedelta(hours=24))


def day_is_24_hours(due, zone):
    """Bug: today = [local midnight, +24 h) computed in UTC: the day the clocks go forward has
    23 hours (00:30 the next day counts), the day they go back 25 (23:30 does not)."""
    _check_aware(due)
    tz = ZoneInfo(zone)
    midnight = datetime.combine(datetime.now(tz).date(), datetime.min.time(), tz)
    start = midnight.astimezone(UTC)
    end = start + timedelta(hours=24)
    return sorted(ref for ref, at in due.items() if start <= at.astimezone(UTC) < end)


def naive_as_local(due, zone):
    """Bug: no check for naive due times: astimezone() quietly reads a naive datetime as the
    server's local time, so the answer depends on where the code runs."""
    tz = ZoneInfo(zone)
    today = datetime.now(tz).date()
    return sorted(ref for ref, at in due.items() if at.astimezone(tz).date() == today)
