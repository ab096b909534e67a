"""What per-test database isolation costs on PostgreSQL: recreate the schema, TRUNCATE, or roll back
a SAVEPOINT — the same small test body each time, on a shop-like schema of five tables."""

from __future__ import annotations

from course_lib.backends.measure import median_ms


def _schema():
    from sqlalchemy import (
        CheckConstraint,
        Column,
        DateTime,
        ForeignKey,
        Integer,
        MetaData,
        String,
        Table,
        func,
    )

    md = MetaData()
    Table(
        "bench_customers",
        md,
        Column("id", Integer, primary_key=True),
        Column("email", String(120), nullable=False, unique=True),
        Column("name", String(80)),
    )
    Table(
        "bench_products",
        md,
        Column("id", Integer, primary_key=True),
        Column("sku", String(20), nullable=False, unique=True),
        Column("name", String(80)),
        Column("price_cents", Integer, CheckConstraint("price_cents >= 0")),
        Column("stock", Integer, nullable=False, server_default="0"),
    )
    Table(
        "bench_orders",
        md,
        Column("id", Integer, primary_key=True),
        Column("customer_id", ForeignKey("bench_customers.id"), nullable=False, index=True),
        Column("status", String(20), nullable=False, server_default="new"),
        Column("created_at", DateTime, server_default=func.now()),
    )
    Table(
        "bench_order_lines",
        md,
        Column("id", Integer, primary_key=True),
        Column("order_id", ForeignKey("bench_orders.id", ondelete="CASCADE"), index=True),
        Column("product_id", ForeignKey("bench_products.id"), index=True),
        Column("quantity", Integer, CheckConstraint("quantity > 0")),
    )
    Table(
        "bench_payments",
        md,
        Column("id", Integer, primary_key=True),
        Column("order_id", ForeignKey("bench_orders.id"), unique=True),
        Column("amount_cents", Integer, nullable=False),
    )
    return md


def _body(conn, md) -> None:
    """A small, typical test: a customer places an order for one product; read the order back."""
    from sqlalchemy import insert, select

    t = md.tables
    cid = conn.execute(
        insert(t["bench_customers"])
        .values(email="ada@example.com")
        .returning(t["bench_customers"].c.id)
    ).scalar_one()
    pid = conn.execute(
        insert(t["bench_products"])
        .values(sku="A1", price_cents=500, stock=3)
        .returning(t["bench_products"].c.id)
    ).scalar_one()
    oid = conn.execute(
        insert(t["bench_orders"]).values(customer_id=cid).returning(t["bench_orders"].c.id)
    ).scalar_one()
    conn.execute(insert(t["bench_order_lines"]).values(order_id=oid, product_id=pid, quantity=1))
    orders = t["bench_orders"]
    assert conn.execute(select(orders.c.status).where(orders.c.id == oid)).scalar_one() == "new"


def isolation_costs(url: str, n: int) -> dict[str, float]:
    """Median ms per test for each isolation strategy."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.orm import Session

    md = _schema()
    names = ", ".join(t.name for t in md.sorted_tables)
    engine = create_engine(url)

    def recreate():
        md.drop_all(engine)
        md.create_all(engine)
        with engine.begin() as conn:
            _body(conn, md)

    def truncate():
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY"))
            _body(conn, md)

    def savepoint():
        with engine.connect() as conn:
            outer = conn.begin()
            with Session(bind=conn, join_transaction_mode="create_savepoint") as session:
                _body(session.connection(), md)
                session.commit()
            outer.rollback()

    try:
        md.drop_all(engine)
        md.create_all(engine)
        result = {}
        strategies = [("recreate schema", recreate), ("truncate", truncate)]
        for name, func in [*strategies, ("savepoint rollback", savepoint)]:
            with engine.begin() as conn:  # each strategy starts from empty tables (untimed)
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY"))
            func()  # warm-up: connections, statement caches
            result[name] = median_ms(func, n)
        return result
    finally:
        md.drop_all(engine)
        engine.dispose()
