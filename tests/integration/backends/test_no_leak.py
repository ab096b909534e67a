"""No server process and no temp dir survives its kernel, even when the kernel is SIGKILLed.

nbval shuts kernels down with shutdown_kernel(now=True): SIGKILL to the kernel's process group, so
no atexit handler runs. The watchdog (a child in its own session holding a pipe from the kernel)
must notice the pipe close and clean up. We check with psutil, polling — never sleeping.
"""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import nbformat
import psutil
import pytest

from course_lib.testing import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.slow]

START = """
import json, os
from course_lib.backends import postgres_url, redis_url, connect_redis
from course_lib.backends.runtime import running, process_dir
from course_lib.backends import watchdog
import sqlalchemy as sa
engine = sa.create_engine(postgres_url())
with engine.connect() as conn:  # a live backend process too, not just the postmaster
    assert conn.execute(sa.text("select 1")).scalar() == 1
connect_redis().set("k", "v")
info = {"kernel": os.getpid(), "dir": str(process_dir()), "watchdog": watchdog.pid(),
        "servers": [running("postgres").pid, running("redis").pid]}
"""


def ours(info: dict) -> list[str]:
    """What is still alive or present of what that kernel started."""
    left = [f"server {pid}" for pid in info["servers"] + [info["watchdog"]] if _alive(pid)]
    for proc in psutil.process_iter(["cmdline"]):
        if info["dir"] in " ".join(proc.info["cmdline"] or ()):
            left.append(f"process {proc.pid} naming the temp dir")
    if Path(info["dir"]).exists():
        left.append("the temp dir")
    return left


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def clean_env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith("COURSE_")}


def test_nbval_killing_the_kernel_leaves_nothing(tmp_path):
    """A notebook starts PostgreSQL and Redis under nbval; once nbval kills it, all is gone."""
    info_file = tmp_path / "info.json"
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(START + f"open({str(info_file)!r}, 'w').write(json.dumps(info))"),
        nbformat.v4.new_code_cell("print(connect_redis().get('k'))"),
    ]
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="b'v'\n")]  # nbval compares it
    nb.cells[1].execution_count = 1
    nbformat.write(nb, tmp_path / "starts_servers.ipynb")
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
            "--nbval",
            "--nbval-current-env",
            "starts_servers.ipynb",
        ],
        cwd=tmp_path,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    info = json.loads(info_file.read_text())
    assert info["kernel"] != os.getpid()
    wait_until(
        lambda: not ours(info), timeout=30, message="the kernel's servers and temp dir to go"
    )


def test_sigkill_of_the_kernel_process_group_leaves_nothing():
    """Kill a kernel-like process and its whole process group with SIGKILL, as Jupyter does."""
    code = START + "print(json.dumps(info), flush=True)\nimport sys; sys.stdin.read()"
    kernel = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=clean_env(),
        start_new_session=True,
    )
    try:
        info = json.loads(kernel.stdout.readline())
        before = ours(info)
        assert {"the temp dir", f"server {info['watchdog']}"} <= set(before) and len(before) >= 4, (
            before
        )
        os.killpg(kernel.pid, signal.SIGKILL)
        kernel.wait(30)
    finally:
        if kernel.poll() is None:
            kernel.kill()
            kernel.wait()
        kernel.stdin.close()
        kernel.stdout.close()
    wait_until(
        lambda: not ours(info), timeout=30, message="the killed kernel's servers and temp dir to go"
    )
