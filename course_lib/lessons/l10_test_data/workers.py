"""One PostgreSQL database per pytest-xdist worker: its name, and creating/dropping it.

The name is computed, not stored, so the worker's setup and teardown (and a cleanup job) agree on
it: test_<digest of the run id>_<worker id>. PostgreSQL folds unquoted names to lower case and
silently cuts names at 63 bytes, so the name is lower case, [a-z0-9_] only, and short — and the
run id is hashed (not cut), so two long run ids never end up with the same name.
"""

from __future__ import annotations

import hashlib
import re

MAX_NAME = 63  # PostgreSQL's NAMEDATALEN - 1


def worker_database_name(worker_id: str, run_id: str) -> str:
    """test_<16 hex digits of sha256(run_id)>_<worker id> ('gw0', 'gw1', ... or 'master')."""
    digest = hashlib.sha256(run_id.encode()).hexdigest()[:16]
    worker = re.sub(r"[^a-z0-9]", "_", worker_id.lower())
    name = f"test_{digest}_{worker}"
    if len(name) > MAX_NAME:
        raise ValueError(f"worker id too long for a database name: {worker_id!r}")
    return name


def create_database(server_url: str, name: str) -> str:
    """Create database `name` on the server of `server_url`; return its URL.

    It records this worker process as its owner: if the run is killed before its teardown drops
    the database, the next course process on this host reaps it (as the course's own private
    databases). ServiceUnavailable, in one sentence, when the role may not create databases."""
    from course_lib.backends.shared_pg import create

    return create(server_url, name, kind="pytest-xdist worker")


def drop_database(server_url: str, name: str) -> None:
    """Drop database `name` (and the connections still open to it)."""
    from course_lib.backends.shared_pg import drop

    drop(server_url, name)
