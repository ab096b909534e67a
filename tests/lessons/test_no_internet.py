"""No test or notebook of lessons 05 and 06 opens a connection beyond loopback.

Two guards, because the work happens in two kinds of process:
- the pytest run uses pytest-socket (`--allow-hosts=127.0.0.1,::1 --allow-unix-socket`), the tool
  lesson 06 teaches: a connect() elsewhere raises SocketConnectBlockedError in the test;
- every Python process started for the run (pytest itself and each Jupyter kernel nbval starts)
  loads tests/lessons/loopback_guard/sitecustomize.py from PYTHONPATH, which refuses a connect()
  to any non-loopback address and writes it down, so an attempt a library swallows still counts.
The first tests show that both guards really trip; the last one runs the lessons under them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
GUARD = Path(__file__).resolve().parent / "loopback_guard"
SOCKET_FLAGS = ["--allow-hosts=127.0.0.1,::1", "--allow-unix-socket"]
LESSON_FILES = [
    "tests/lessons/test_l05_api_testing.py",
    "tests/lessons/test_l06_external_services.py",
    "notebooks/05-api-testing.ipynb",
    "notebooks/06-external-services.ipynb",
    "solutions/05-api-testing.ipynb",
    "solutions/06-external-services.ipynb",
]
OUTSIDE = ("192.0.2.1", 80)  # TEST-NET-1: reserved for documentation, never a real host


def _guarded_env(log: Path) -> dict:
    env = dict(os.environ, COURSE_LOOPBACK_ONLY=str(log))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(GUARD), env.get("PYTHONPATH")]))
    return env


def _run(args, log: Path, cwd: Path = ROOT, timeout: float = 900):
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=_guarded_env(log),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_the_guard_refuses_and_records_a_non_loopback_connect(tmp_path):
    log = tmp_path / "connects.log"
    script = f"""
        import socket
        server = socket.create_server(("127.0.0.1", 0))
        socket.create_connection(server.getsockname(), timeout=2).close()  # loopback: fine
        server.close()
        socket.create_connection({OUTSIDE!r}, timeout=1)
    """
    done = _run(["-c", textwrap.dedent(script)], log)
    assert done.returncode != 0 and "blocked by the loopback guard" in done.stderr
    assert log.read_text().count("connect to") == 1 and "192.0.2.1" in log.read_text()


def test_pytest_socket_blocks_a_test_that_reaches_out(tmp_path):
    reach = f"import socket\n\ndef test_reach():\n    socket.create_connection({OUTSIDE!r}, 1)\n"
    (tmp_path / "test_reach.py").write_text(reach)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly",
         *SOCKET_FLAGS, "test_reach.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1 and "SocketConnectBlockedError" in done.stdout


def test_a_notebook_kernel_loads_the_guard(tmp_path):
    log = tmp_path / "connects.log"
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            f"import socket\ntry:\n    socket.create_connection({OUTSIDE!r}, timeout=1)\n"
            "except OSError as exc:\n    print(type(exc).__name__)"  # swallowed: still logged
        )
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, tmp_path / "reach.ipynb")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    done = _run(
        ["-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly", "--nbval-lax",
         "--nbval-current-env", "reach.ipynb"],
        log, cwd=tmp_path, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:]
    assert "192.0.2.1" in log.read_text(), "the kernel did not load the loopback guard"


@pytest.mark.slow
def test_lessons_05_and_06_stay_on_loopback(tmp_path):
    log = tmp_path / "connects.log"
    files = [name for name in LESSON_FILES if (ROOT / name).exists()]
    assert "notebooks/06-external-services.ipynb" in files
    done = _run(["-m", "pytest", "-q", "-p", "no:randomly", *SOCKET_FLAGS, *files], log)
    tail = done.stdout[-3000:]
    assert "SocketConnectBlockedError" not in done.stdout, tail
    assert done.returncode == 0 and " passed" in done.stdout, tail
    assert not log.exists() or log.read_text() == "", log.read_text()
