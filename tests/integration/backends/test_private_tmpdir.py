"""COURSE_TMPDIR may be private (0700, as `mktemp -d` makes it) even as root, where PostgreSQL runs
as another user who cannot enter it: the server's folder then goes to a world-traversable temp
folder, the private folder keeps its mode, and nothing is left anywhere afterwards."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

KERNEL = """
import json, os
import sqlalchemy as sa
from sqlalchemy.pool import NullPool
from course_lib.backends import postgres_url
from course_lib.backends.runtime import process_dir

url = postgres_url()
with sa.create_engine(url, poolclass=NullPool).connect() as conn:
    one = conn.execute(sa.text("SELECT 1")).scalar()
socket_dir = sa.engine.make_url(url).query["host"]
print(json.dumps({"one": one, "socket_dir": socket_dir, "process_dir": str(process_dir())}))
"""


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="only root runs PostgreSQL as another user",
)
def test_embedded_postgres_starts_under_a_private_course_tmpdir(tmp_path):
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    private.chmod(0o700)  # whatever the umask
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSE_")}
    env.update(COURSE_TMPDIR=str(private), COURSE_BACKEND="embedded")
    result = subprocess.run(
        [sys.executable, "-c", KERNEL], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    info = json.loads(result.stdout)
    assert info["one"] == 1
    server_dir = Path(info["socket_dir"]).parent  # <moved or process dir>/postgres -> its parent
    assert Path(info["process_dir"]).parent == private  # our own things stay where we were told
    assert not server_dir.is_relative_to(private)  # the server's user could not have entered it
    assert (private.stat().st_mode & 0o777) == 0o700  # a folder we did not create is not loosened
    assert not server_dir.exists() and not Path(info["process_dir"]).exists()
    assert list(private.iterdir()) == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="only root runs PostgreSQL as another user",
)
def test_no_reachable_temp_folder_is_one_sentence_that_says_what_to_change(tmp_path, monkeypatch):
    """When no temp folder is reachable either, one sentence names the folder and the fix."""
    from course_lib.backends import embedded_pg
    from course_lib.backends.errors import ServiceUnavailable

    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    private.chmod(0o700)
    root = private / "process"
    root.mkdir()
    monkeypatch.setattr(embedded_pg, "_public_bases", lambda: [])
    with pytest.raises(ServiceUnavailable) as caught:
        embedded_pg.reachable_dir(root)
    message = str(caught.value)
    assert f"cannot enter {tmp_path}" in message or f"cannot enter {private}" in message
    assert "set COURSE_TMPDIR to a folder every user can traverse" in message
    assert "\n" not in message
