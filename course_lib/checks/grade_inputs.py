"""What goes into a box: the learner's files, read once by the grader (who may be root), safely.

A learner controls the class folder's contents: a workbook may be a symlink to /etc/shadow, a FIFO
that never ends, or huge. Only plain files are read, never through a symlink, within size caps.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from course_lib.checks.grade_box import Limits

NOTEBOOK_MB = 50


def read_regular(path: Path, limit_mb: int = NOTEBOOK_MB) -> bytes:
    """The bytes of a plain file, read once as the grader (who may be root): never through a
    symlink (a learner's link to /etc/shadow), never a FIFO or device, never more than limit_mb."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a plain file")
        if info.st_size > limit_mb << 20:
            raise ValueError(f"larger than {limit_mb} MB")
        with os.fdopen(os.dup(fd), "rb") as fh:
            return fh.read(limit_mb << 20)
    finally:
        os.close(fd)


class Grading:
    """What `grade` gives every workbook of FOLDER: limits, what to hide, the learner's files."""

    FILE_MB, TOTAL_MB = 5, 50  # other files of a learner's folder copied into the box

    def __init__(self, folder: Path, limits: Limits | None = None):
        self.folder = Path(folder).resolve()
        self.limits = limits or Limits()

    def learner_files(self, path: Path) -> dict[str, bytes]:
        """Small plain files beside the workbook, when it sits in a learner's own folder."""
        own = Path(os.path.abspath(path)).parent
        if own.resolve() == self.folder or not own.resolve().is_relative_to(self.folder):
            return {}  # FOLDER/*.ipynb: one folder for everyone, nothing to share
        found, total = {}, 0
        for item in sorted(own.rglob("*")):
            name = item.relative_to(own)
            if item.is_symlink() or not item.is_file() or item.suffix == ".ipynb":
                continue
            if any(part.startswith(".") for part in name.parts):
                continue
            size = item.stat().st_size
            if size > self.FILE_MB << 20 or total + size > self.TOTAL_MB << 20:
                continue
            try:
                found[str(name)] = read_regular(item, self.FILE_MB)
            except (OSError, ValueError):
                continue
            total += size
        return found

    def for_path(self, path: Path) -> dict:
        return {"limits": self.limits, "hide": [self.folder], "files": self.learner_files(path)}
