"""Where the course keeps throwaway state: a private temp dir per process, a shared cache dir."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

PREFIX = "course_lib-svc-"
RAM_DIR = "/dev/shm"
RAM_MIN_FREE = 1 << 30  # use RAM only where it is plentiful (Docker's default /dev/shm is 64 MB)


def cache_dir() -> Path:
    """Cached, rebuildable things (the PostgreSQL template): COURSE_CACHE_DIR if set; else a private
    dir in RAM next to the servers (rebuilt after a reboot in ~0.4 s); else the user cache dir."""
    if os.environ.get("COURSE_CACHE_DIR"):
        return Path(os.environ["COURSE_CACHE_DIR"])
    if base_dir() == RAM_DIR:
        ram = Path(RAM_DIR) / f"course_lib-cache-{os.getuid()}"
        try:
            ram.mkdir(mode=0o700, exist_ok=True)
            info = ram.lstat()
            if ram.is_dir() and not ram.is_symlink() and info.st_uid == os.getuid():
                if info.st_mode & 0o077 == 0:  # nobody else can plant a template here
                    return ram
        except OSError:
            pass
    import platformdirs

    return Path(platformdirs.user_cache_dir("course_lib", appauthor=False))


def base_dir() -> str:
    """COURSE_TMPDIR if set; else /dev/shm when it has >= 1 GB free (copying PostgreSQL's data dir
    into RAM takes ~0.1 s where a busy disk takes over a second); else the system temp dir."""
    if os.environ.get("COURSE_TMPDIR"):
        return os.environ["COURSE_TMPDIR"]
    if ram_has_room():
        return RAM_DIR
    base = tempfile.gettempdir()
    if len(base) > 40 and os.path.isdir("/tmp"):  # macOS $TMPDIR is too long for socket paths
        base = "/tmp"
    return base


def ram_has_room() -> bool:
    """True when /dev/shm is writable and has RAM_MIN_FREE free."""
    try:
        return os.access(RAM_DIR, os.W_OK) and shutil.disk_usage(RAM_DIR).free >= RAM_MIN_FREE
    except OSError:
        return False


def new_process_dir() -> Path:
    """A fresh private dir for this process's servers (short: socket paths allow ~100 chars)."""
    path = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=base_dir()))
    path.chmod(0o711)  # as root, PostgreSQL runs as another user that must traverse it (not list)
    return path
