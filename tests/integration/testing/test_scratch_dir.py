"""scratch_dir(): a notebook-long temp folder that is gone even after the kernel is SIGKILLed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from course_lib.testing import scratch_dir, wait_until

CHILD = """
from course_lib.testing import scratch_dir
p = scratch_dir("course-test-scratch-")
(p / "data.txt").write_text("x")
print(p, flush=True)
import sys; sys.stdin.read()
"""


def test_removed_when_the_owning_process_is_killed():
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    path = Path(child.stdout.readline().strip())
    assert (path / "data.txt").exists()
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stdin.close()
    child.stdout.close()
    wait_until(lambda: not path.exists(), timeout=20, message=f"{path} outlived its process")


def test_is_an_empty_private_folder():
    path = scratch_dir("course-test-scratch-")
    assert path.is_dir() and not any(path.iterdir())
    path.rmdir()
