"""Money arithmetic in integer cents, and the conversions at the edges of the system.

Why integer cents: 0.1 + 0.2 != 0.3 in floats. Conversions to "12.34"-style major units happen
only where an outside API demands them (see gateways/payments.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from course_lib.shop.errors import InvalidInput
from course_lib.shop.models import OrderLine


def subtotal_cents(lines: Iterable[OrderLine]) -> int:
    """Sum of quantity x unit price over the lines."""
    return sum(line.total_cents for line in lines)


def discount_cents(cents: int, percent: int) -> int:
    """A whole-percent discount of `cents`, rounded half up to a whole cent (102.5 -> 103).

    The course's one rounding rule: round the discount, then subtract it, so the discount a
    receipt shows and the total it charges always add up to the subtotal.
    """
    if not 0 <= percent <= 100:
        raise InvalidInput(f"discount must be 0..100 percent, got {percent}")
    exact = Decimal(cents) * percent / 100
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_off(cents: int, percent: int) -> int:
    """Price after a whole-percent discount: `cents` minus discount_cents() (1025, 10 -> 922)."""
    return cents - discount_cents(cents, percent)


def to_major_units(cents: int) -> str:
    """1234 -> "12.34" (what payment providers usually expect)."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole}.{rest:02d}"


def from_major_units(amount: str | int | float) -> int:
    """ "12.34" -> 1234; rejects more than two decimals instead of silently rounding."""
    try:
        value = Decimal(str(amount))
    except InvalidOperation as exc:
        raise InvalidInput(f"not an amount: {amount!r}") from exc
    cents = value * 100
    if cents != cents.to_integral_value():
        raise InvalidInput(f"amount has more than two decimals: {amount!r}")
    return int(cents)
