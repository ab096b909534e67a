"""Orders exported to CSV (one row per order line) and JSON, written atomically.

Export files are named after the moment of the export in UTC ("orders-20260314T093000Z.csv"),
so a nightly job never overwrites yesterday's file and names sort by time; the folder comes from
the SHOP_EXPORT_DIR environment variable. Both are looked up when called, never at import.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from course_lib.shop.files.atomic import atomic_write, atomic_write_text
from course_lib.shop.models import Order, OrderLine

CSV_FIELDS = ("order_id", "customer_id", "status", "sku", "quantity", "unit_price_cents")


def export_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder for exports: $SHOP_EXPORT_DIR, else "exports" (relative to the cwd)."""
    env = os.environ if environ is None else environ
    return Path(env.get("SHOP_EXPORT_DIR") or "exports")


def export_file_name(suffix: str, now: datetime | None = None) -> str:
    """The file name "orders-<UTC time>.<suffix>" for `now` (default: the current time)."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return f"orders-{moment:%Y%m%dT%H%M%SZ}.{suffix}"


def export_orders_csv(orders: Iterable[Order], path: str | os.PathLike[str]) -> Path:
    """One CSV row per order line, header first; UTF-8 and `newline=""` as csv requires."""

    def write(file) -> None:
        writer = csv.writer(file)
        writer.writerow(CSV_FIELDS)
        for order in orders:
            for line in order.lines:
                writer.writerow(
                    (order.id, order.customer_id, order.status)
                    + (line.sku, line.quantity, line.unit_price_cents)
                )

    return atomic_write(path, write, newline="")


def read_orders_csv(path: str | os.PathLike[str]) -> list[Order]:
    """The orders of a file written by export_orders_csv (orders without lines are not in it)."""
    orders: dict[int, Order] = {}
    with open(path, encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            key = int(row["order_id"])
            order = orders.setdefault(
                key, Order(customer_id=int(row["customer_id"]), status=row["status"], id=key)
            )
            order.lines.append(
                OrderLine(row["sku"], int(row["quantity"]), int(row["unit_price_cents"]))
            )
    return list(orders.values())


def _as_dict(order: Order) -> dict:
    lines = [
        {"sku": x.sku, "quantity": x.quantity, "unit_price_cents": x.unit_price_cents}
        for x in order.lines
    ]
    return {
        "id": order.id,
        "customer_id": order.customer_id,
        "status": order.status,
        "total_cents": order.total_cents,
        "lines": lines,
    }


def export_orders_json(orders: Iterable[Order], path: str | os.PathLike[str]) -> Path:
    """All orders as a JSON list, UTF-8 ("Café" stays readable: ensure_ascii=False)."""
    text = json.dumps([_as_dict(o) for o in orders], ensure_ascii=False, indent=2)
    return atomic_write_text(path, text + "\n")


def read_orders_json(path: str | os.PathLike[str]) -> list[Order]:
    """The orders of a file written by export_orders_json."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [
        Order(
            customer_id=o["customer_id"],
            status=o["status"],
            id=o["id"],
            lines=[OrderLine(x["sku"], x["quantity"], x["unit_price_cents"]) for x in o["lines"]],
        )
        for o in data
    ]
