"""Write a file so that readers see the old content or the new one, never half of it.

`open(path, "w")` truncates the file first: a crash, a full disk or an exception while writing
leaves a truncated file behind. Instead, write a temporary file in the SAME folder (a rename is
atomic only within one file system), flush and fsync it, then `os.replace` it over the target:
atomic on POSIX systems (the standard requires it of rename), one replacing call on Windows.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO


def atomic_write(
    path: str | os.PathLike[str],
    write: Callable[[TextIO], object],
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> Path:
    """Call write(file) on a temporary file next to `path`, then move it into place.

    On any exception (or KeyboardInterrupt) the temporary file is removed and `path` is left as
    it was. An existing file keeps its permission bits; a new one gets 0o644.
    """
    target = Path(path)
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        tmp.chmod(mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)
    return target


def atomic_write_text(
    path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8", newline: str | None = None
) -> Path:
    """Replace the file at `path` with `text` atomically (UTF-8 unless told otherwise)."""
    return atomic_write(path, lambda file: file.write(text), encoding=encoding, newline=newline)


def _sync_folder(folder: Path) -> None:
    """fsync the folder too, so the rename itself survives a power cut (POSIX only)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
