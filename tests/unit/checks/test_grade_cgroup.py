"""One memory cap for all of a submission's processes: each child stays under its own RLIMIT_AS,
together they pass the box's cap, and the kernel's OOM killer stops them (not the grader).
Needs root and a writable memory cgroup; skipped with the reason otherwise."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from course_lib.checks import grade_cgroup
from course_lib.checks.grade_box import Box, Limits

pytestmark = pytest.mark.skipif(
    not grade_cgroup.available(), reason="no memory cgroup can be made here (needs root)"
)

HOG = r"""
import json, os, sys, time
children = []
for _ in range(3):  # 3 x 120 MB: each far below RLIMIT_AS, together above the 256 MB cap
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        block = bytearray(120 << 20)
        for i in range(0, len(block), 4096):
            block[i] = 1  # touch every page: resident, charged to the cgroup
        os.write(w, b"x")
        time.sleep(60)
        os._exit(0)
    os.close(w)  # the child's copy alone: read() ends when it dies
    children.append((pid, r))
statuses = []
for pid, r in children:
    os.read(r, 1)  # '' if the child died before it held its memory
for pid, _r in children:
    os.kill(pid, 15)
    _, status = os.waitpid(pid, 0)
    statuses.append(os.WTERMSIG(status) if os.WIFSIGNALED(status) else -os.WEXITSTATUS(status))
print(json.dumps(statuses))
"""


def test_children_together_over_the_cap_are_stopped_and_the_cgroup_goes():
    box = Box({}, Limits(memory_mb=1024, box_memory_mb=256))
    try:
        assert box.cgroup is not None and box.cgroup.exists()
        done = subprocess.run(
            [*box.command_prefix(), sys.executable, "-c", HOG],
            capture_output=True,
            text=True,
            env=box.env(),
            timeout=120,
            start_new_session=True,
        )
    finally:
        box.close()
    lines = done.stdout.strip().splitlines()
    if lines:  # the parent survived: at least one child was killed by the OOM killer (9)
        assert 9 in json.loads(lines[-1]), done.stdout
    else:  # the OOM killer chose the parent itself: the launcher reports the kill
        assert done.returncode != 0, done.stderr
    assert not box.cgroup.exists()


def test_under_the_cap_nothing_is_stopped():
    box = Box({}, Limits(memory_mb=1024, box_memory_mb=1024))
    try:
        done = subprocess.run(
            [*box.command_prefix(), sys.executable, "-c", HOG],
            capture_output=True,
            text=True,
            env=box.env(),
            timeout=120,
            start_new_session=True,
        )
    finally:
        box.close()
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [15, 15, 15], done.stderr
