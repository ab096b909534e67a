"""`python -m course_lib doctor`: JSON for machines, a table for people."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def _doctor(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("COURSE_")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "course_lib", "doctor", *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.integration
def test_json_names_a_real_backend_for_each_service():
    result = _doctor("--json")
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {r["item"]: r for r in json.loads(result.stdout)}
    for service in ("postgres", "redis", "broker"):
        row = rows[f"service: {service}"]
        assert row["ok"] and row["backend"], row
    assert (
        rows["service: postgres"]["real"] and "PostgreSQL" in rows["service: postgres"]["version"]
    )
    assert rows["service: redis"]["real"] and "Redis" in rows["service: redis"]["version"]
    assert rows["Python"]["ok"]
    assert "Docker engine" in rows


def test_table_without_starting_services():
    result = _doctor("--no-start")
    assert result.returncode == 0, result.stdout + result.stderr
    for word in ("Python", "jupyterlab", "Docker engine", "service: postgres", "Browser"):
        assert word in result.stdout


@pytest.mark.integration
def test_bad_database_url_is_one_sentence_with_the_password_masked():
    result = _doctor(
        "--json", COURSE_DATABASE_URL="postgresql+psycopg://learner:s3cret@127.0.0.1:1/shop"
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    row = next(r for r in json.loads(result.stdout) if r["item"] == "service: postgres")
    assert not row["ok"]
    assert "s3cret" not in row["advice"] and "learner:***@127.0.0.1:1/shop" in row["advice"]
    assert "COURSE_DATABASE_URL" in row["advice"]
