"""Hidden tests for exercise 12.2: write_credit_note(directory, note) writes the note's text
as UTF-8 under credit-note-NNNNNN.txt, atomically (nothing else left in the folder, an error
leaves no file), and never rewrites an existing note."""

from datetime import UTC, datetime

import pytest

from course_lib.shop.returns import CreditNote, credit_note_text

NOTE = CreditNote(42, 17, 2505, datetime(2026, 3, 29, 23, 30, tzinfo=UTC))
NAME = "credit-note-000042.txt"


def test_file_name_and_return_value(submission, tmp_path):
    """The file is credit-note-000042.txt in the folder, and its Path is returned"""
    path = submission(tmp_path, NOTE)
    assert (tmp_path / NAME).is_file(), f"expected {NAME} in the folder: {list(tmp_path.iterdir())}"
    assert path is not None and tmp_path / NAME == type(tmp_path)(path), (
        f"expected the Path of the note returned, got {path!r}"
    )


def test_utf8_text(submission, tmp_path):
    """The bytes are credit_note_text(note) encoded as UTF-8 (the € sign included)"""
    submission(tmp_path, NOTE)
    data = (tmp_path / NAME).read_bytes()
    expected = credit_note_text(NOTE).encode("utf-8")
    assert data == expected, f"expected the UTF-8 bytes {expected!r}, got {data!r}"


def test_nothing_else_left(submission, tmp_path):
    """Nothing but the note is left in the folder (no temporary file)"""
    submission(tmp_path, NOTE)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [NAME], f"expected only {NAME} in the folder, found {names}"


def test_never_rewritten(submission, tmp_path):
    """A note with that number exists: FileExistsError, and the old note is untouched"""
    (tmp_path / NAME).write_text("the original\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        submission(tmp_path, NOTE)
    assert (tmp_path / NAME).read_text(encoding="utf-8") == "the original\n", (
        "expected the existing credit note unchanged: credit notes are never rewritten"
    )


def test_other_numbers_coexist(submission, tmp_path):
    """Two notes with different numbers: two files"""
    submission(tmp_path, NOTE)
    other = CreditNote(7, 3, 100, NOTE.issued_at)
    submission(tmp_path, other)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["credit-note-000007.txt", NAME], f"expected both notes, found {names}"
