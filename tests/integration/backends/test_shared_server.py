"""Shared-server mode: ten kernels on one PostgreSQL, Redis and RabbitMQ never see each other's
rows, keys or messages, and nothing of theirs is left once they are gone, however they went.

The servers are COURSE_*_URL when set (CI's second pass), else this machine's (as in .ci/run).
Kernels are plain Python processes (a Jupyter kernel adds nothing here but seconds); each waits on
stdin so that all ten are alive at once, then exits normally or is SIGKILLed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from base64 import b64encode
from urllib.parse import quote, urlsplit

import pytest

from course_lib.backends import owner
from course_lib.backends.probes import normalize
from course_lib.testing import wait_until
from tests.helpers import missing_tool

pytestmark = [pytest.mark.integration, pytest.mark.slow]

URLS = {
    "COURSE_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/test",
    "COURSE_REDIS_URL": "redis://127.0.0.1:6379/0",
    "COURSE_BROKER_URL": "amqp://guest:guest@127.0.0.1:5672//",
}

KERNEL = """
import json, sys
import sqlalchemy as sa
from sqlalchemy.pool import NullPool
from course_lib import backends
from course_lib.backends import watchdog
from course_lib.testing.broker import Broker

marker = sys.argv[1]
engine = sa.create_engine(backends.postgres_url(), poolclass=NullPool)
with engine.begin() as conn:  # every kernel creates the SAME table name in "its" database
    conn.execute(sa.text("CREATE TABLE t (marker text)"))
    conn.execute(sa.text("INSERT INTO t VALUES (:m)"), {"m": marker})
with engine.connect() as conn:
    rows = [r[0] for r in conn.execute(sa.text("SELECT marker FROM t"))]
redis = backends.connect_redis()
redis.set("marker", marker)  # the SAME key name in every kernel
broker = Broker(backends.connect_broker(), queue_name=backends.queue_name)
broker.publish({"marker": marker}, "orders")  # the SAME queue name in every kernel
got = broker.consume("orders", timeout=10)
broker.publish({"marker": marker}, "pending")  # left waiting: exit or the reaper must delete it
info = {
    "pid": __import__("os").getpid(),
    "database": engine.url.database,
    "prefix": backends.key_prefix(),
    "queues": [broker.server_name("orders"), broker.server_name("pending")],
    "watchdog": watchdog.pid(),
    "rows": rows,
    "redis": [redis.get("marker").decode(), sorted(k.decode() for k in redis.keys("*"))],
    "got": got,
}
print(json.dumps(info), flush=True)
if sys.stdin.readline().strip() == "check":  # still alone in its database after the others went
    with engine.connect() as conn:
        rows = [r[0] for r in conn.execute(sa.text("SELECT marker FROM t"))]
    print(json.dumps({"rows": rows, "redis": redis.get("marker").decode()}), flush=True)
    sys.stdin.readline()
"""

NEXT_START = """
from course_lib import backends
backends.postgres_url()  # a new kernel's first use reaps this host's orphans
backends.connect_redis().ping()
"""


@pytest.fixture(scope="module")
def urls() -> dict[str, str]:
    """The three servers' URLs; skipped (failed under CI=true) when one does not answer."""
    # COURSE_* (CI's second pass), else CI_* (where CI's servers live: .ci/run and the workflow).
    chosen = {
        var: os.environ.get(var, "").strip()
        or os.environ.get(var.replace("COURSE_", "CI_"), "").strip()
        or default
        for var, default in URLS.items()
    }
    for var, url in chosen.items():
        try:
            _ping(var, url)
        except Exception as exc:  # noqa: BLE001 - any failure means the server is not there
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            missing_tool(f"the shared-server test needs {var}={url} to answer ({reason})")
    return chosen


def _ping(var: str, url: str) -> None:
    from course_lib.backends.probes import version

    service = {"COURSE_DATABASE_URL": "postgres", "COURSE_REDIS_URL": "redis"}.get(var, "broker")
    version(service, normalize(service, url))


def kernel_env(urls: dict[str, str], **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSE_")}
    return {**env, **urls, **extra}


def start_kernels(n: int, env: dict[str, str], tag: str) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(
            [sys.executable, "-c", KERNEL, f"{tag}-{i}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for i in range(n)
    ]


def read_info(kernel: subprocess.Popen) -> dict:
    line = kernel.stdout.readline()
    assert line, f"kernel {kernel.pid} ended before reporting (exit code {kernel.wait(30)})"
    return json.loads(line)


def finish(kernels: list[subprocess.Popen], kill: list[bool]) -> None:
    """End the kernels all at once: SIGKILL, or a normal exit (its atexit cleanup runs)."""
    for kernel, killed in zip(kernels, kill, strict=True):
        if killed:
            kernel.send_signal(signal.SIGKILL)
        else:
            kernel.stdin.write("exit\n")
            kernel.stdin.flush()
    for kernel, killed in zip(kernels, kill, strict=True):
        assert kernel.wait(60) == (-signal.SIGKILL if killed else 0)
        kernel.stdin.close()
        kernel.stdout.close()


def stop_all(kernels: list[subprocess.Popen]) -> None:
    for kernel in kernels:
        if kernel.poll() is None:
            kernel.kill()
            kernel.wait()
        for stream in (kernel.stdin, kernel.stdout):
            if not stream.closed:
                stream.close()


# What is left on the servers ------------------------------------------------------------------


def _pg(urls):
    import psycopg

    from course_lib.backends.probes import pg_params

    params = pg_params(normalize("postgres", urls["COURSE_DATABASE_URL"]))
    return psycopg.connect(autocommit=True, connect_timeout=5, **params)


def course_databases(urls) -> dict[str, int]:
    """Every course_ database on the server -> its number of connections."""
    query = r"""SELECT d.datname, (SELECT count(*) FROM pg_stat_activity a WHERE a.datid = d.oid)
                FROM pg_database d WHERE d.datname LIKE 'course\_%'"""
    with _pg(urls) as conn:
        return dict(conn.execute(query).fetchall())


def _redis(urls):
    import redis

    return redis.Redis.from_url(urls["COURSE_REDIS_URL"], socket_timeout=5)


def keys_under(urls, prefix: str) -> list[bytes]:
    client = _redis(urls)
    try:
        return list(client.scan_iter(match=prefix + "*", count=1000))
    finally:
        client.close()


def broker_has(urls, names: list[str]) -> list[str]:
    """Which of the queues `names` (and their same-named exchanges) still exist: RabbitMQ's
    management API when it is enabled, else a passive declare of each name."""
    listed = _management_names(urls["COURSE_BROKER_URL"])
    if listed is not None:
        return [name for name in names if name in listed]
    import amqp
    from kombu import Connection

    found = []
    with Connection(urls["COURSE_BROKER_URL"], connect_timeout=5) as conn:
        for name in names:
            for declare in (
                lambda ch, n=name: ch.queue_declare(n, passive=True),
                lambda ch, n=name: ch.exchange_declare(n, "direct", passive=True),
            ):
                channel = conn.channel()
                try:
                    declare(channel)
                    found.append(name)
                except amqp.exceptions.NotFound:
                    pass
    return found


def _management_names(url: str) -> set[str] | None:
    """Names of every queue and exchange of the vhost, or None if the API does not answer."""
    parts = urlsplit(url)
    vhost = quote(parts.path[1:] or "/", safe="")
    auth = b64encode(f"{parts.username or 'guest'}:{parts.password or 'guest'}".encode()).decode()
    names: set[str] = set()
    for kind in ("queues", "exchanges"):
        request = urllib.request.Request(
            f"http://{parts.hostname}:15672/api/{kind}/{vhost}",
            headers={"Authorization": f"Basic {auth}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                names |= {item["name"] for item in json.load(response)}
        except OSError:
            return None
    return names


def orphans(urls) -> list[str]:
    """course_ databases and key prefixes of this host whose owner is gone (must be none)."""
    from course_lib.backends import redis_prefix

    left = [
        name
        for name in course_databases(urls)
        if owner.is_orphan(owner.parse(name, "_", whole=True))
    ]
    client = _redis(urls)
    try:
        for key in client.scan_iter(match=f"{owner.PREFIX}:{owner.host_tag()}:*", count=1000):
            if owner.is_orphan(owner.parse(redis_prefix._text(key), ":")):
                left.append(key.decode())
    finally:
        client.close()
    return left


def leftovers(urls, infos: list[dict]) -> list[str]:
    left = [name for name in course_databases(urls) if name in {i["database"] for i in infos}]
    left += [k.decode() for i in infos for k in keys_under(urls, i["prefix"])]
    left += broker_has(urls, [q for i in infos for q in i["queues"]])
    return left + orphans(urls)


# The tests ------------------------------------------------------------------------------------


def test_ten_kernels_are_isolated_and_leave_nothing(urls):
    """Ten kernels at once, same table, key and queue names: each sees only its own; five exit,
    five are SIGKILLed, and afterwards no database, key or queue of theirs remains."""
    kernels = start_kernels(10, kernel_env(urls), "kernel")
    try:
        infos = [read_info(k) for k in kernels]
        for i, info in enumerate(infos):
            marker = f"kernel-{i}"
            assert info["rows"] == [marker]
            assert info["redis"] == [marker, ["marker"]]
            assert info["got"] == {"marker": marker}
            assert info["database"].startswith("course_") and info["prefix"].startswith("course:")
            assert [keys_under(urls, info["prefix"])] == [[(info["prefix"] + "marker").encode()]]
        assert len({i["database"] for i in infos}) == 10
        assert len({q for i in infos for q in i["queues"]}) == 20
        assert {i["database"] for i in infos} <= set(course_databases(urls))
        finish(kernels, kill=[n % 2 == 1 for n in range(10)])
    finally:
        stop_all(kernels)
    subprocess.run(  # the next start, as a new kernel would do it
        [sys.executable, "-c", NEXT_START], env=kernel_env(urls), check=True, timeout=120
    )
    wait_until(
        lambda: not leftovers(urls, infos),
        timeout=60,
        interval=0.2,
        message="the kernels' databases, keys and queues to be gone",
    )


def test_orphans_are_reaped_by_the_next_start_and_live_kernels_are_left_alone(urls):
    """Two kernels lose their watchdog too (a container killed at once): their database and keys
    stay until the next kernel starts on this host, which reaps them but not a live kernel's;
    their RabbitMQ queues expire on their own (COURSE_QUEUE_EXPIRES, here 1 s)."""
    env = kernel_env(urls, COURSE_QUEUE_EXPIRES="1")
    kernels = start_kernels(3, env, "orphan")
    try:
        infos = [read_info(k) for k in kernels]
        dead, live = infos[:2], infos[2]
        for info in dead:
            os.kill(info["watchdog"], signal.SIGKILL)
        finish(kernels[:2], kill=[True, True])
        names = {i["database"] for i in dead}
        assert names <= set(course_databases(urls)), "without a watchdog nothing cleans at once"
        wait_until(  # the server notices the dead clients' connections are gone
            lambda: not any(course_databases(urls).get(n) for n in names),
            timeout=30,
            message="the killed kernels' connections to end",
        )
        subprocess.run([sys.executable, "-c", NEXT_START], env=env, check=True, timeout=120)
        assert not names & set(course_databases(urls))
        assert not [k for i in dead for k in keys_under(urls, i["prefix"])]
        assert live["database"] in course_databases(urls)
        kernels[2].stdin.write("check\n")
        kernels[2].stdin.flush()
        assert json.loads(kernels[2].stdout.readline()) == {
            "rows": ["orphan-2"],
            "redis": "orphan-2",
        }
        wait_until(  # a passive declare counts as use: poll slower than the 1 s expiry
            lambda: not broker_has(urls, [q for i in dead for q in i["queues"]]),
            timeout=30,
            interval=1.5,
            message="the killed kernels' queues to expire",
        )
        finish(kernels[2:], kill=[False])
    finally:
        stop_all(kernels)
    wait_until(lambda: not leftovers(urls, infos), timeout=60, interval=0.2)


def test_doctor_names_the_private_database(urls):
    """report() says which private database, key prefix and queues this process has."""
    code = (
        "import json; from course_lib.backends import report; "
        "print(json.dumps({r['service']: r['advice'] for r in report()}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=kernel_env(urls),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    advice = json.loads(result.stdout)
    assert "shared server, private database course_" in advice["postgres"]
    assert "shared server, private key prefix course:" in advice["redis"]
    assert "shared server, private queues course." in advice["broker"]


def test_a_role_that_may_not_create_databases_gets_one_sentence_and_an_opt_out(urls):
    """Without CREATEDB the first use says what to change; COURSE_SHARED_DATABASE=1 then uses the
    URL's own database as it is (a CI service container that one run owns)."""
    import secrets

    from sqlalchemy.engine import make_url

    role = f"course_test_{secrets.token_hex(4)}"
    with _pg(urls) as conn:
        conn.execute(f'CREATE ROLE "{role}" LOGIN NOCREATEDB')
    try:
        url = make_url(normalize("postgres", urls["COURSE_DATABASE_URL"])).set(username=role)
        given = url.render_as_string(hide_password=False)
        code = (
            "from course_lib.backends import ServiceUnavailable, postgres_url\n"
            "try:\n    print(postgres_url())\nexcept ServiceUnavailable as exc:\n    print(exc)\n"
        )
        env = kernel_env(urls, COURSE_DATABASE_URL=given)
        refused = _run(code, env)
        assert f"The role {role} of COURSE_DATABASE_URL may not create databases" in refused
        assert f"ALTER ROLE {role} CREATEDB" in refused and "COURSE_SHARED_DATABASE=1" in refused
        assert _run(code, {**env, "COURSE_SHARED_DATABASE": "1"}).strip() == given
    finally:
        with _pg(urls) as conn:
            conn.execute(f'DROP ROLE "{role}"')


def _run(code: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _course_queues(urls) -> set[str] | None:
    """Names of the course's queues on the broker (management API, else rabbitmqctl on this
    machine); None when neither answers."""
    import shutil

    names = _management_names(urls["COURSE_BROKER_URL"])
    if names is None and shutil.which("rabbitmqctl"):
        done = subprocess.run(
            ["rabbitmqctl", "-q", "list_queues", "name"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        names = set(done.stdout.split()) if done.returncode == 0 else None
    return None if names is None else {n for n in names if n.startswith("course.")}


def test_ten_real_kernels_check_a_workbook_on_the_shared_servers(urls, tmp_path):
    """Ten Jupyter kernels at once run the message-queue workbook (PostgreSQL, Redis and the
    broker in every check) against the one shared server of each kind: every check passes in
    every kernel, and afterwards no database, key prefix or queue of theirs is left."""
    from course_lib.checks.headless import run_workbooks
    from tests.helpers import ROOT

    source = ROOT / "solutions" / "08-message-queues.ipynb"
    books = []
    for n in range(10):
        (tmp_path / f"learner{n}").mkdir()
        books.append(tmp_path / f"learner{n}" / source.name)
        books[-1].write_bytes(source.read_bytes())
    databases_before = set(course_databases(urls))
    queues_before = _course_queues(urls)
    env = {**kernel_env(urls), "COURSE_PROGRESS_FILE": str(tmp_path / "progress.json")}
    reports = run_workbooks(books, jobs=10, env=env, timeout=600)
    failed = {
        str(r.path.parent.name): [x.exercise for x in r.results if not x.passed] + r.errors
        for r in reports
        if not r.passed
    }
    assert len(reports) == 10 and not failed, failed
    assert all(len(r.results) >= 4 for r in reports)

    def left() -> list[str]:
        found = sorted(set(course_databases(urls)) - databases_before) + orphans(urls)
        queues = _course_queues(urls)
        if queues is not None and queues_before is not None:
            found += sorted(queues - queues_before)
        return found

    wait_until(lambda: not left(), timeout=60, interval=0.5, message="the kernels' things gone")
