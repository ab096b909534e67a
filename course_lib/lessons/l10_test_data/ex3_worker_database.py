"""Hidden tests for exercise 10.3: worker_database_name(worker_id, run_id) gives each xdist
worker of each run its own valid PostgreSQL database name; the last case creates one on the real
server and finds it under exactly that name."""

import builtins
import contextlib
import re
import uuid

import psycopg
from psycopg import sql

from course_lib.backends.probes import pg_params

RUN = "8f14e45fceea167a5a36dedd4bea2543"  # what xdist's testrun_uid looks like
LONG = "nightly-build-" + "x" * 80  # --testrunuid accepts any string
VALID = re.compile(r"[a-z_][a-z0-9_]*")


def _name(submission, worker, run):
    got = submission(worker, run)
    assert isinstance(got, str), f"expected a str, got {got!r}"
    return got


def test_valid_name(submission):
    """The name is lower case, letters, digits and _ only, and starts with test_"""
    got = _name(submission, "gw0", RUN)
    assert VALID.fullmatch(got) and got.startswith("test_"), (
        f"expected a name like test_<run>_gw0 made of a-z, 0-9 and _, got {got!r}"
    )


def test_workers_differ(submission):
    """gw0, gw1 and master (no xdist) of one run get three different names"""
    names = [_name(submission, worker, RUN) for worker in ("gw0", "gw1", "master")]
    assert len(set(names)) == 3, f"expected 3 different names, got {names}"


def test_gw1_and_gw10_differ(submission):
    """gw1 and gw10 (a name that contains another) differ, also after any shortening"""
    names = {_name(submission, worker, LONG) for worker in ("gw1", "gw10", "gw11")}
    assert len(names) == 3, f"expected 3 different names for gw1, gw10, gw11, got {sorted(names)}"


def test_runs_differ(submission):
    """Two runs (two testrun_uid values) of the same worker get different names"""
    first, second = (_name(submission, "gw0", uuid.uuid4().hex) for _ in range(2))
    assert first != second, f"expected different names for two runs, got {first!r} twice"


def test_same_name_twice(submission):
    """The same worker and run give the same name every time (setup and teardown agree)"""
    first, second = _name(submission, "gw3", RUN), _name(submission, "gw3", RUN)
    assert first == second, f"expected one name, got {first!r} then {second!r}"


@contextlib.contextmanager
def _hash_of_another_process():
    """hash() as another Python process computes it: str and bytes hashes are salted per process
    (PYTHONHASHSEED), so there they are other numbers; ints and the like stay the same. Equal
    values still hash equal, so dicts and sets keep working."""
    real = builtins.hash

    def other(value):
        salted = isinstance(value, (str, bytes)) or (
            isinstance(value, tuple) and any(isinstance(v, (str, bytes)) for v in value)
        )
        return real(value) ^ 0x5BD1E9955BD1E995 if salted else real(value)

    builtins.hash = other
    try:
        yield
    finally:
        builtins.hash = real


def test_same_name_in_another_process(submission):
    """Another Python process (the xdist controller, a cleanup job) computes the same name"""
    here = _name(submission, "gw2", RUN)
    with _hash_of_another_process():
        there = _name(submission, "gw2", RUN)
    assert here == there, (
        f"expected the same name in every process, got {here!r} here and {there!r} in another — "
        "hash() of a str is salted per process (PYTHONHASHSEED); use hashlib instead"
    )


def test_long_run_id_fits(submission):
    """A 94-character run id still gives names of at most 63 characters, one per worker"""
    names = [_name(submission, f"gw{i}", LONG) for i in range(16)]
    long = [name for name in names if len(name) > 63]
    assert not long, (
        f"expected at most 63 characters (PostgreSQL cuts longer names), got {long[0]!r} "
        f"({len(long[0])} characters)"
    )
    assert len(set(names)) == 16, f"expected 16 different names, got {len(set(names))}"
    bad = [name for name in names if not VALID.fullmatch(name)]
    assert not bad, f"expected only a-z, 0-9 and _, got {bad[0]!r}"


def test_long_runs_differ_at_the_end(submission):
    """Two long run ids that differ only in their last character give different names"""
    first, second = _name(submission, "gw0", LONG + "1"), _name(submission, "gw0", LONG + "2")
    assert first != second, (
        f"expected different names, got {first!r} for both — cutting the run id keeps only its "
        "start; hash it instead (hashlib.sha256(run_id.encode()).hexdigest()[:16])"
    )


def test_odd_run_id(submission):
    """A run id with upper case, '-' and a space ('CI-Build 42') gives a valid name"""
    got = _name(submission, "gw0", "CI-Build 42")
    assert VALID.fullmatch(got) and len(got) <= 63, (
        f"expected a-z, 0-9 and _ only, at most 63 characters, got {got!r}"
    )


def test_created_on_the_server(submission, database_url):
    """CREATE DATABASE with that name on the real server: it is listed under exactly that name"""
    name = _name(submission, "gw1", "Run-" + uuid.uuid4().hex + LONG)
    params = pg_params(database_url)
    with psycopg.connect(autocommit=True, connect_timeout=5, **params) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            found = conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE 'test\\_%%' AND datname = %s",
                (name,),
            ).fetchall()
        finally:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
    assert found == [(name,)], f"expected database {name!r} on the server, found {found}"
