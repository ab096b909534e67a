"""Shared helper for the lesson 04 hidden tests: interleave two sessions deterministically.

Session A does its work and keeps its transaction open; session B starts the same work in a
thread. We poll (never sleep) until B either waits for A's row lock or has finished, then commit A,
let B finish and commit. A correct atomic statement ends with both changes applied.
"""

from __future__ import annotations

import threading
import uuid

from sqlalchemy import delete, text
from sqlalchemy.orm import Session

from course_lib.shop import db
from course_lib.shop.db import ProductRow
from course_lib.testing import wait_until

# B's own backend, not "anyone in this database": another session's lock wait must not count.
_BLOCKED = text("SELECT cardinality(pg_blocking_pids(:pid)) > 0")


def unique_sku() -> str:
    """A SKU no other test uses: these tests commit, so they must not collide."""
    return "T" + uuid.uuid4().hex[:12]


def interleave(engine, first, second) -> list[BaseException]:
    """Run first(session_a), then second(session_b) in a thread; commit A, then B.

    Returns the exceptions raised in session B (empty when all went well).
    """
    errors: list[BaseException] = []
    with Session(engine) as a, Session(engine) as b:
        first(a)
        b_pid = b.scalar(text("SELECT pg_backend_pid()"))

        def run_b() -> None:
            try:
                second(b)
                b.commit()
            except BaseException as exc:  # reported to the test, not lost in the thread
                errors.append(exc)
                b.rollback()

        thread = threading.Thread(target=run_b, daemon=True)
        thread.start()
        with engine.connect() as probe:
            wait_until(
                lambda: not thread.is_alive() or probe.execute(_BLOCKED, {"pid": b_pid}).scalar(),
                timeout=5.0,
                message="session B to wait for A's lock or to finish",
            )
        a.commit()
        thread.join(timeout=10.0)
    return errors


def cleanup(engine, *skus: str) -> None:
    """Delete the committed test rows."""
    with engine.begin() as connection:
        connection.execute(delete(ProductRow).where(ProductRow.sku.in_(skus)))


def ensure_schema(engine) -> None:
    db.create_schema(engine)
