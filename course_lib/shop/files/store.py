"""A small file store confined to one folder: save, read, list and delete text files.

Names come from users (an upload, an API parameter). `root / name` with name "../../etc/passwd"
or "/etc/passwd" points outside the store, and so can a symbolic link inside it: every name is
resolved and must stay under the resolved root (`is_relative_to`, not a string prefix: the root
"/srv/store" is a prefix of "/srv/store-evil").
"""

from __future__ import annotations

import os
from pathlib import Path

from course_lib.shop.files.atomic import atomic_write_text


def safe_path(root: str | os.PathLike[str], name: str) -> Path:
    """The absolute path of `name` inside `root`; ValueError when it would leave the root."""
    base = Path(root).resolve()
    if not name or Path(name).is_absolute():
        raise ValueError(f"not a relative file name: {name!r}")
    path = (base / name).resolve()
    if path == base or not path.is_relative_to(base):
        raise ValueError(f"{name!r} is outside the store")
    return path


class FileStore:
    """UTF-8 text files under `root` (created on the first save); names may contain folders."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def save(self, name: str, text: str) -> Path:
        """Write `text` to `name` atomically (all of it or, on an error, the old content)."""
        path = safe_path(self.root, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        return atomic_write_text(path, text)

    def read(self, name: str) -> str:
        """The text of `name`; FileNotFoundError when there is no such file."""
        return safe_path(self.root, name).read_text(encoding="utf-8")

    def list_files(self) -> list[str]:
        """Sorted names of all files (not folders), relative to the root, with "/" separators."""
        if not self.root.is_dir():
            return []
        files = (p for p in self.root.rglob("*") if p.is_file())
        return sorted(p.relative_to(self.root).as_posix() for p in files)

    def delete(self, name: str) -> None:
        """Remove `name`; FileNotFoundError when there is no such file."""
        safe_path(self.root, name).unlink()
