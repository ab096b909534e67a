"""The embedded servers: a corrupt cached template is rebuilt, and two processes get two servers."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psutil
import pytest

from course_lib.backends import embedded_pg, pg_template
from course_lib.backends.probes import version
from course_lib.backends.runtime import process_dir
from course_lib.testing import wait_until

pytestmark = pytest.mark.integration


@pytest.fixture
def private_cache(monkeypatch):
    """A private template cache (so the shared one is untouched) and a server dir, both where the
    real ones live (RAM when available; tmp_path is 0700, out of the server user's reach)."""
    root = Path(tempfile.mkdtemp(prefix="test-", dir=process_dir()))  # watched: never leaks
    root.chmod(0o711)  # as root, the server's user must traverse it
    monkeypatch.setenv("COURSE_CACHE_DIR", str(root / "cache"))
    yield root
    shutil.rmtree(root, ignore_errors=True)


def start_and_check(root):
    started = embedded_pg.start(root)
    try:
        assert version("postgres", started["url"]).startswith("PostgreSQL ")
    finally:
        started["stop"]()


def test_corrupt_template_is_recreated(private_cache):
    """A damaged cached data dir (disk trouble, a bad copy) is rebuilt and the server starts."""
    template = pg_template.template(pg_template.run_as())
    (template / "global" / "pg_control").write_bytes(b"garbage")
    start_and_check(private_cache)
    assert (template / pg_template.MARKER).exists()


def test_half_built_template_is_rebuilt(private_cache):
    """A template without its completion marker (a build was interrupted) is built again."""
    template = pg_template.template(pg_template.run_as())
    (template / pg_template.MARKER).unlink()
    (template / "stale-leftover").write_text("x")
    assert pg_template.template(pg_template.run_as()) == template
    assert (template / pg_template.MARKER).exists() and not (template / "stale-leftover").exists()


CHILD = """
import json, sys
from course_lib.backends import postgres_url, redis_url
from course_lib.backends.runtime import process_dir, running
info = {"urls": [postgres_url(), redis_url()], "version": running("postgres").version,
        "pids": [running("postgres").pid, running("redis").pid], "dir": str(process_dir())}
print(json.dumps(info), flush=True)
sys.stdin.read()  # stay alive until the test closes our stdin, then exit normally
"""


def test_two_processes_get_independent_servers_and_clean_up_at_exit():
    """Two kernels at once (a classroom server): each has its own PostgreSQL and Redis, and each
    stops them and removes its temp dir when it exits normally."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSE_")}
    kids = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    try:
        infos = [json.loads(kid.stdout.readline()) for kid in kids]
    finally:
        for kid in kids:
            kid.communicate(timeout=60)
    assert all(info["version"].startswith("PostgreSQL ") for info in infos)
    assert set(infos[0]["urls"]).isdisjoint(infos[1]["urls"])
    assert all(kid.returncode == 0 for kid in kids)
    for info in infos:
        assert not Path(info["dir"]).exists()
        wait_until(
            lambda info=info: not any(map(psutil.pid_exists, info["pids"])),
            timeout=10,
            message="the servers to stop",
        )
