"""Exercise 07.3: tests for a file store on the real file system. The reference is the shop's
FileStore; each variant below is a mistake that a test on real files catches.
"""

from __future__ import annotations

from pathlib import Path

from course_lib.shop.files.atomic import atomic_write_text
from course_lib.shop.files.store import FileStore, safe_path

Reference = FileStore


def provide_store(impl, request):
    """Fixture `store`: impl over <tmp_path>/store (not created yet: the first save creates it)."""
    yield impl(request.getfixturevalue("tmp_path") / "store")


class EscapesRoot(FileStore):
    """Bug: joins root / name without checking: '../x' and '/etc/x' leave the store."""

    def _path(self, name: str) -> Path:
        return self.root / name

    def save(self, name: str, text: str) -> Path:
        path = self._path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        return atomic_write_text(path, text)

    def read(self, name: str) -> str:
        return self._path(name).read_text(encoding="utf-8")

    def delete(self, name: str) -> None:
        self._path(name).unlink()


class ListsFolders(FileStore):
    """Bug: lists every entry under the root, folders included."""

    def list_files(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*"))


class MkdirWithoutParents(FileStore):
    """Bug: mkdir(exist_ok=True) without parents=True: 'reports/2026/may.csv' fails."""

    def save(self, name: str, text: str) -> Path:
        path = safe_path(self.root, name)
        self.root.mkdir(exist_ok=True)
        path.parent.mkdir(exist_ok=True)
        return atomic_write_text(path, text)


class NotAtomic(FileStore):
    """Bug: writes in place: open(path, 'w') empties the file, a failure leaves it empty."""

    def save(self, name: str, text: str) -> Path:
        path = safe_path(self.root, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path


class MissingReadsEmpty(FileStore):
    """Bug: a missing file reads as '': a typo in a name looks like an empty file."""

    def read(self, name: str) -> str:
        try:
            return super().read(name)
        except FileNotFoundError:
            return ""
