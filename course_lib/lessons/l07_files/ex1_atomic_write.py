"""Hidden tests for exercise 07.1: atomic_write_text(path, text) on the real file system.

A temporary file in the same folder, flushed and fsynced, moved over the target with
os.replace: the target holds the old text until the very last step, a failure (text that
cannot be encoded) leaves it untouched, and no temporary file stays behind either way.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

OLD = "old price list: Mug 12.50\n" * 3


@pytest.fixture
def target(tmp_path):
    """prices.txt in a fresh folder, holding OLD (UTF-8)."""
    path = tmp_path / "prices.txt"
    path.write_text(OLD, encoding="utf-8")
    return path


@pytest.fixture
def moves(monkeypatch, target):
    """Record every os.replace/os.rename and fsync, and what the target held at each move."""
    calls: list[tuple] = []
    real_replace, real_rename, real_fsync = os.replace, os.rename, os.fsync

    def spy(real, kind):
        def move(src, dst, *args, **kwargs):
            before = target.read_text(encoding="utf-8") if target.exists() else None
            calls.append((kind, Path(src), Path(dst), before))
            return real(src, dst, *args, **kwargs)

        return move

    def fsync(fd):
        calls.append(("fsync", None, None, None))
        return real_fsync(fd)

    monkeypatch.setattr(os, "replace", spy(real_replace, "replace"))
    monkeypatch.setattr(os, "rename", spy(real_rename, "rename"))
    monkeypatch.setattr(os, "fsync", fsync)
    return calls


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_new_file_in_utf8(submission, tmp_path):
    """A new file holds the text, encoded as UTF-8 ('Crème brûlée' is 15 bytes)"""
    path = tmp_path / "new.txt"
    submission(path, "Crème brûlée\n")
    assert path.exists(), f"expected {path.name} to exist after the call"
    got = path.read_bytes()
    want = "Crème brûlée\n".encode()
    assert got == want, f"expected the UTF-8 bytes {want!r}, got {got!r}"


def test_replaces_a_longer_file(submission, target):
    """Replacing a longer file leaves only the new text (nothing of the old tail)"""
    submission(target, "Mug 13.00\n")
    got = target.read_text(encoding="utf-8")
    assert got == "Mug 13.00\n", f"expected exactly 'Mug 13.00\\n', got {got!r}"


def test_empty_text(submission, target):
    """Writing '' leaves an empty file (the old text is gone)"""
    submission(target, "")
    got = target.read_bytes()
    assert got == b"", f"expected an empty file, got {got!r}"


def test_accepts_a_str_path(submission, tmp_path):
    """The path may be given as a str"""
    submission(str(tmp_path / "as-str.txt"), "hello")
    got = (tmp_path / "as-str.txt").read_text(encoding="utf-8")
    assert got == "hello", f"expected 'hello', got {got!r}"


def test_large_text(submission, target):
    """A text much larger than a write buffer (2 MB) arrives whole"""
    text = "€" * 700_000  # 3 bytes each
    submission(target, text)
    size = target.stat().st_size
    assert size == 2_100_000, f"expected 2100000 bytes, got {size}"


def test_no_temporary_file_left(submission, target):
    """After a successful write the folder holds only the target"""
    submission(target, "new\n")
    got = _files(target.parent)
    assert got == ["prices.txt"], f"expected only ['prices.txt'] in the folder, found {got}"


def test_failure_keeps_the_old_file(submission, target):
    """Text that cannot be encoded ('\\ud800'): the error propagates, the old file is intact"""
    with pytest.raises(UnicodeEncodeError):
        submission(target, "new prices\n\ud800")
    got = target.read_text(encoding="utf-8")
    assert got == OLD, (
        f"expected the old text to survive the failed write, found {got[:40]!r}: open(path, 'w') "
        "empties the file first; write a temporary file and replace the target only at the end"
    )


def test_failure_leaves_no_temporary_file(submission, target):
    """A failed write removes its temporary file"""
    with pytest.raises(UnicodeEncodeError):
        submission(target, "\ud800")
    got = _files(target.parent)
    assert got == ["prices.txt"], (
        f"expected only ['prices.txt'] in the folder after the failure, found {got}: remove the "
        "temporary file when writing fails (try/except or finally), then re-raise"
    )


def test_moved_into_place_from_the_same_folder(submission, target, moves):
    """The target is replaced by os.replace from a temporary file in the same folder"""
    submission(target, "new\n")
    swaps = [c for c in moves if c[0] != "fsync"]
    assert swaps, "expected os.replace(temporary, path) to be called: it was not"
    kind, src, dst, _ = swaps[-1]
    assert Path(dst) == target, f"expected the move to end at {target.name}, got {dst.name}"
    assert src.parent == target.parent and src != target, (
        f"expected the temporary file next to the target (in its folder), got one in {src.parent}:"
        " a rename is atomic only within one file system, so create it with dir=path.parent"
    )


def test_target_unchanged_until_the_move(submission, target, moves):
    """Until the final os.replace, the target still holds the old text"""
    submission(target, "new\n")
    swaps = [c for c in moves if c[0] != "fsync"]
    assert swaps, "expected os.replace(temporary, path) to be called: it was not"
    before = swaps[-1][3]
    assert before == OLD, (
        f"expected the target to hold the old text right before the move, it held {before!r}"
    )


def test_fsync_before_the_move(submission, target, moves):
    """The temporary file is flushed and fsynced before it replaces the target"""
    submission(target, "new\n")
    kinds = [c[0] for c in moves]
    assert "fsync" in kinds, (
        "expected os.fsync(file.fileno()) on the temporary file: without it a power cut can "
        "leave an empty file under the new name"
    )
    swaps = [i for i, k in enumerate(kinds) if k != "fsync"]
    assert swaps and kinds.index("fsync") < swaps[-1], (
        f"expected os.fsync before os.replace, got the order {kinds}"
    )
