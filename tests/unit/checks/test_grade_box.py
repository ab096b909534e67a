"""The box a graded kernel runs in: what it can see and do, and that nothing it starts survives.

The box's command prefix is used with a plain Python script instead of a kernel (same launcher,
same namespaces, same user, same limits). Tests that need root say so and skip otherwise.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psutil
import pytest

from course_lib.checks import grade_box, grade_kernel, grade_reap, grade_users
from course_lib.checks.grade_box import Box, Limits

ROOT_ONLY = pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0, reason="the box drops privileges only as root"
)

PROBE = r"""
import json, os, resource, socket, subprocess, sys
marker = sys.argv[1]
subprocess.Popen(["sh", "-c", f"sleep 300 # {marker}"], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execvp("sh", ["sh", "-c", f"sleep 301 # {marker}"])
    os._exit(0)
def can_write(path):
    try:
        open(path, "a").close()
        return True
    except OSError:
        return False
try:
    socket.create_connection(("192.0.2.1", 80), timeout=1)
    network = True
except OSError:
    network = False
print(json.dumps({
    "uid": os.getuid(),
    "as": resource.getrlimit(resource.RLIMIT_AS)[0],
    "cwd": os.getcwd(),
    "files": sorted(os.listdir(".")),
    "hidden_visible": os.path.exists(sys.argv[2]),
    "course_writable": can_write(sys.argv[3]),
    "network": network,
    "tmp": os.listdir("/tmp"),
}))
"""


def _marked(marker: str) -> list[str]:
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        cmd = " ".join(proc.info["cmdline"] or [])
        if marker in cmd and "pytest" not in cmd:
            found.append(cmd)
    return found


@ROOT_ONLY
def test_the_box_hides_limits_and_leaves_nothing_running(tmp_path):
    hidden = tmp_path / "class"
    hidden.mkdir()
    (hidden / "other.ipynb").write_text("{}")
    course_file = grade_box.__file__
    marker = f"course-box-test-{uuid.uuid4().hex}"
    box = Box({"mine.txt": b"hello"}, Limits(memory_mb=1024), hide=[hidden])
    try:
        done = subprocess.run(
            [*box.command_prefix(), sys.executable, "-c", PROBE, marker, str(hidden), course_file],
            capture_output=True,
            text=True,
            env=box.env(),
            timeout=120,
            start_new_session=True,
        )
        seen = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        box.close()
    assert seen["uid"] == box.user.uid != 0
    assert seen["as"] == 1024 << 20
    assert "mine.txt" in seen["files"] and seen["cwd"] == str(box.work)
    assert not seen["course_writable"]
    if box.namespaces:
        assert not seen["hidden_visible"] and not seen["network"]
        # /tmp is empty but for the path down to the course and its venv, when they live there
        needed = {
            Path(p).resolve().relative_to("/tmp").parts[0]
            for p in (sys.prefix, Path(grade_box.__file__).parent)
            if Path(p).resolve().is_relative_to("/tmp")
        }
        assert set(seen["tmp"]) <= needed, seen["tmp"]
    assert _marked(marker) == []
    assert not box.root.exists()


def test_reap_finds_escaped_processes_by_their_token():
    """Without root: a setsid child and a double-forked one are found by the box's token."""
    token, marker = uuid.uuid4().hex, f"course-reap-test-{uuid.uuid4().hex}"
    script = f"setsid sh -c 'sleep 300 # {marker}' & (sh -c 'sleep 301 # {marker}' &); sleep 0.3"
    launcher = subprocess.Popen(
        ["sh", "-c", script],
        env={**os.environ, grade_reap.TOKEN_ENV: token},
        start_new_session=True,
    )
    launcher.wait(timeout=30)
    assert len(_marked(marker)) == 2
    assert grade_reap.reap(launcher.pid, token=token) >= 2
    assert _marked(marker) == []


def test_reap_never_takes_the_hosts_own_namespace_for_the_boxs():
    own = grade_reap.pid_namespace(os.getpid())
    assert grade_reap.leftovers(None, pidns=own) == []


def test_output_over_the_cap_is_dropped_with_a_note():
    import nbformat

    client = grade_kernel.CappedClient(nbformat.v4.new_notebook())
    client.output_limit = 1000
    client.clear_before_next_output = False  # set by execute_cell in a real run
    outs: list = []
    for _ in range(20):
        msg = {
            "msg_type": "stream",
            "content": {"name": "stdout", "text": "x" * 100},
            "parent_header": {"msg_id": "m"},
            "header": {"msg_type": "stream"},
        }
        client.output(outs, msg, None, 0)
    assert sum(len(o.get("text", "")) for o in outs) < 1500
    assert "dropped" in outs[-1]["text"]


def test_kernel_start_waits_longer_on_a_loaded_machine(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (1.0, 1.0, 1.0))
    assert grade_kernel.start_timeout(60) == 60
    monkeypatch.setattr(os, "getloadavg", lambda: (6.0, 1.0, 1.0))
    assert grade_kernel.start_timeout(60) == 180
    monkeypatch.setattr(os, "getloadavg", lambda: (60.0, 1.0, 1.0))
    assert grade_kernel.start_timeout(60) == 240


def test_the_kernel_gets_none_of_the_graders_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_DATABASE_URL", "postgresql://secret@server/db")
    monkeypatch.setenv("COURSE_CHECK_RECORDS", str(tmp_path / "records.jsonl"))
    monkeypatch.setattr(grade_box, "lease_user", lambda: grade_users.Lease(None))
    box = Box({}, Limits())
    try:
        env = box.env()
    finally:
        box.close()
    assert "COURSE_DATABASE_URL" not in env and "COURSE_CHECK_RECORDS" not in env
    assert env["COURSE_TMPDIR"].startswith(str(box.work))


@ROOT_ONLY
def test_two_boxes_never_share_a_user_even_across_grade_runs():
    first, second = grade_users.lease_user(), grade_users.lease_user()
    try:
        assert first.user.dedicated and second.user.dedicated
        assert first.user.uid != second.user.uid
        uid = first.user.uid
        first.release()
        again = grade_users.lease_user()  # a released user is free again
        assert again.user.uid == uid
        again.release()
    finally:
        first.release()
        second.release()
