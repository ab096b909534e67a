"""A test data manager: rows with unique values, committed, remembered, and deleted again in
cleanup() children first (the shop's foreign keys decide the order, not the order of creation).

Used by lesson 10's notebook and as the reference of exercise 10.2. Named ShopData, not
TestData...: pytest would try to collect a class named Test* that it finds in a test module.
"""

from __future__ import annotations

import uuid

from sqlalchemy import delete
from sqlalchemy.orm import Session

from course_lib.shop.db import Base, CustomerRow, OrderLineRow, OrderRow, ProductRow


def unique(prefix: str) -> str:
    """`prefix` plus 12 random hex digits: unique across tests, runs and xdist workers."""
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def delete_tracked(session: Session, created: dict[str, list]) -> None:
    """Delete the rows `created` names (table name -> primary keys), children before parents."""
    tables = Base.metadata.tables
    unknown = sorted(set(created) - set(tables))
    if unknown:
        raise ValueError(f"not a shop table: {', '.join(unknown)}")
    for table in reversed(Base.metadata.sorted_tables):  # sorted_tables: parents first
        keys = created.get(table.name)
        if keys:
            (column,) = table.primary_key.columns
            session.execute(delete(table).where(column.in_(keys)))
    session.commit()


class ShopData:
    """Creates customers, products and orders with unique values and commits them (a live server
    or a second connection must see them); cleanup() deletes exactly those rows again."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.created: dict[str, list] = {}

    def _keep(self, row, key) -> None:
        self.created.setdefault(row.__tablename__, []).append(key)

    def customer(self, **fields) -> CustomerRow:
        token = unique("")
        values = {"email": f"customer-{token}@example.test", "name": f"Customer {token}"}
        row = CustomerRow(**(values | fields))
        self.session.add(row)
        self.session.commit()
        self._keep(row, row.id)
        return row

    def product(self, **fields) -> ProductRow:
        sku = unique("T-")  # 14 characters: the column holds 32
        values = {"sku": sku, "name": f"Product {sku}", "price_cents": 1000, "stock": 10}
        row = ProductRow(**(values | fields))
        self.session.add(row)
        self.session.commit()
        self._keep(row, row.sku)
        return row

    def order(self, customer=None, product=None, quantity: int = 1) -> OrderRow:
        """An order of `quantity` x `product` for `customer` (each made when not given)."""
        customer = customer if customer is not None else self.customer()
        product = product if product is not None else self.product()
        row = OrderRow(customer_id=customer.id)
        line = OrderLineRow(
            sku=product.sku, quantity=quantity, unit_price_cents=product.price_cents
        )
        row.lines.append(line)
        self.session.add(row)
        self.session.commit()
        self._keep(row, row.id)
        self._keep(line, line.id)
        return row

    def cleanup(self) -> None:
        """Delete every row made here, children first, commit, and forget them."""
        delete_tracked(self.session, self.created)
        self.created = {}
