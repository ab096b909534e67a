"""Exercise 12.3: the credit-note writer (course_lib.shop.returns.write_credit_note) and four
versions with a bug a file test catches: encoding, the amount's format, overwriting, a stray
temporary file."""

from __future__ import annotations

import shutil
from pathlib import Path

from course_lib.shop.files.atomic import atomic_write_text
from course_lib.shop.returns import (
    CreditNote,
    credit_note_name,
    credit_note_text,
    write_credit_note,
)

Reference = write_credit_note


def provide(impl, request):
    """Fixture `write_note`: write_note(directory, note) -> Path of the file written."""
    yield impl


def _target(directory, note: CreditNote) -> Path:
    path = Path(directory) / credit_note_name(note.number)
    if path.exists():
        raise FileExistsError(path.name)
    return path


def WindowsEncoding(directory, note: CreditNote) -> Path:
    """Bug: written in cp1252 (the default on many Windows machines): '€' is byte 0x80."""
    return atomic_write_text(_target(directory, note), credit_note_text(note), encoding="cp1252")


def AmountAsFloat(directory, note: CreditNote) -> Path:
    """Bug: the amount formatted as a float of euros: 2500 cents -> '€25.0'."""
    text = credit_note_text(note).replace(
        credit_note_text(note).splitlines()[-1], f"Refund: €{note.amount_cents / 100}"
    )
    return atomic_write_text(_target(directory, note), text)


def Overwrites(directory, note: CreditNote) -> Path:
    """Bug: a second note with the same number silently replaces the first one."""
    path = Path(directory) / credit_note_name(note.number)
    return atomic_write_text(path, credit_note_text(note))


def LeavesTempFile(directory, note: CreditNote) -> Path:
    """Bug: writes `<name>.tmp`, then COPIES it into place: the temporary file stays behind
    (and a crash during the copy leaves half a note)."""
    path = _target(directory, note)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(credit_note_text(note), encoding="utf-8")
    shutil.copyfile(tmp, path)
    return path
