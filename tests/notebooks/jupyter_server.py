"""Start JupyterLab as a child process on a free loopback port and stop it cleanly."""

from __future__ import annotations

import os
import re
import signal
import subprocess
from contextlib import contextmanager
from pathlib import Path

import requests

from course_lib.testing import wait_until

TOKEN = "course-test-token"
URL_RE = re.compile(r"http://127\.0\.0\.1:(\d+)/lab")


def lab_args(workspace: Path) -> list[str]:
    return [
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port=0",
        f"--IdentityProvider.token={TOKEN}",
        f"--LabApp.workspaces_dir={workspace}",
        "--LabApp.expose_app_in_browser=True",
        "--ServerApp.port_retries=0",
    ]


def isolated_env(tmp: Path) -> dict[str, str]:
    """Jupyter's per-user dirs inside tmp, so a test leaves nothing in the learner's home."""
    env = dict(os.environ)
    for var in ("JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "IPYTHONDIR"):
        (tmp / var.lower()).mkdir(exist_ok=True)
        env[var] = str(tmp / var.lower())
    env["COURSE_PROGRESS_FILE"] = str(tmp / "progress.json")
    return env


@contextmanager
def running(cmd: list[str], *, cwd: Path, env: dict[str, str], log: Path):
    """Yield (base URL, process) of a JupyterLab started by cmd; Ctrl-C its process group after."""
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        wait_until(
            lambda: URL_RE.search(log.read_text()) or proc.poll() is not None,
            timeout=120,
            message="JupyterLab did not print its URL",
        )
        match = URL_RE.search(log.read_text())
        assert match, f"JupyterLab exited early:\n{log.read_text()[-3000:]}"
        base = f"http://127.0.0.1:{match.group(1)}"
        wait_until(
            lambda: _ok(base + "/api/status"), timeout=60, message="JupyterLab not answering"
        )
        yield base, proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def _ok(url: str) -> bool:
    try:
        return requests.get(url, headers={"Authorization": f"token {TOKEN}"}, timeout=2).ok
    except requests.RequestException:
        return False


def get(url: str) -> requests.Response:
    return requests.get(url, headers={"Authorization": f"token {TOKEN}"}, timeout=10)
