"""COURSE_BACKEND=inprocess: every fixture still works, on stand-ins that say they are stand-ins."""

import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.integration

TESTS = """
from sqlalchemy import text
from course_lib.backends import report

def test_report_labels_stand_ins():
    rows = {row["service"]: row for row in report()}
    assert not any(row["real"] for row in rows.values())
    assert all("in-process stand-in" in row["label"] for row in rows.values())

def test_db_session_savepoints(db_session):
    db_session.execute(text("create table t (x int)"))
    db_session.execute(text("insert into t values (1)"))
    db_session.commit()
    assert db_session.execute(text("select count(*) from t")).scalar_one() == 1

def test_db_session_is_isolated(db_session):
    query = text("select count(*) from sqlite_master where name = 't'")
    assert db_session.execute(query).scalar_one() == 0

def test_redis_client(redis_client):
    redis_client.set("k", "v")
    assert redis_client.get("k") == b"v"

def test_broker(broker):
    broker.publish({"n": 1}, "q")
    assert broker.consume("q", timeout=5) == {"n": 1}
    assert broker.transport == "memory"
"""


def test_fixtures_on_in_process_stand_ins(tmp_path):
    (tmp_path / "test_standins.py").write_text(textwrap.dedent(TESTS))
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSE_")}
    env["COURSE_BACKEND"] = "inprocess"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",  # an inner run has no project config: keep cell order
            "-W",
            "error",
            "test_standins.py",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "5 passed" in result.stdout
