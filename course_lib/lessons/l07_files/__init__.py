"""Lesson 07 (files): an atomic write and a path confined to a folder, on the real file system;
tests that catch a file store's and a CSV import's mistakes with real files and PostgreSQL."""

from course_lib.checks.model import CodeExercise, TestExercise, Variant
from course_lib.checks.signature import Signature

_S = "course_lib.lessons.l07_files.ex3_store_tests"
_C = "course_lib.lessons.l07_files.ex4_products_csv_tests"

EXERCISES = [
    CodeExercise(
        id="07.1",
        title="Write a file atomically",
        hidden="course_lib.lessons.l07_files.ex1_atomic_write",
        signature=Signature("atomic_write_text(path, text)", returns="nothing"),
        hint="fd, tmp = tempfile.mkstemp(dir=Path(path).parent); try: with os.fdopen(fd, 'w', "
        "encoding='utf-8') as f: f.write(text); f.flush(); os.fsync(f.fileno()) then "
        "os.replace(tmp, path); except BaseException: os.remove(tmp); raise.",
        timeout=10.0,
    ),
    CodeExercise(
        id="07.2",
        title="Keep names inside the store",
        hidden="course_lib.lessons.l07_files.ex2_safe_path",
        signature=Signature("safe_path(root, name)", returns="an absolute Path inside root"),
        hint="Refuse an empty or absolute name; base = Path(root).resolve(); path = (base / "
        "name).resolve(); refuse it when path == base or not path.is_relative_to(base) "
        "(compare paths, never strings with startswith); return path.",
        timeout=10.0,
    ),
    TestExercise(
        id="07.3",
        title="Tests for a file store",
        fixture="store",
        provide=f"{_S}:provide_store",
        reference=f"{_S}:Reference",
        given=("test_save_then_read",),
        hint="Give each promise a test on real files: names with ../ and /, a name two folders "
        "deep, a listing with a folder in it, a missing file, and a save that fails half-way "
        "(a text with '\\ud800' cannot be encoded).",
        timeout=10.0,
        variants=(
            Variant(
                "escapes-root",
                "Names come from our own code, so root / name always stays in the root.",
                "store.save('../x.txt', ...) must raise ValueError and create nothing next to "
                "store.root.",
                f"{_S}:EscapesRoot",
            ),
            Variant(
                "lists-folders",
                "Everything under the root is a file.",
                "Save 'reports/may.csv' and 'a.txt': list_files() must be exactly "
                "['a.txt', 'reports/may.csv'], without the folder 'reports'.",
                f"{_S}:ListsFolders",
            ),
            Variant(
                "mkdir-without-parents",
                "mkdir() creates every missing folder on the way.",
                "Save a name two folders deep, such as 'reports/2026/may.csv', and read it back.",
                f"{_S}:MkdirWithoutParents",
            ),
            Variant(
                "not-atomic",
                "Writing a file either works or fails: there is nothing in between.",
                "Save 'a.txt', then save it again with text that cannot be encoded "
                "('new\\ud800'): expect UnicodeEncodeError, and the old text must still be there.",
                f"{_S}:NotAtomic",
            ),
            Variant(
                "missing-reads-empty",
                "A missing file is just an empty one.",
                "store.read('missing.txt') must raise FileNotFoundError.",
                f"{_S}:MissingReadsEmpty",
            ),
        ),
    ),
    TestExercise(
        id="07.4",
        title="Tests for a CSV import and export",
        fixture="product_files",
        provide=f"{_C}:provide_files",
        reference=f"{_C}:Reference",
        hint="Round-trip real files: export a product whose name has 'é' and one with '\\r\\n' "
        "inside, load them back; load a file that starts with a byte-order mark; load a file "
        "with a bad row after a good one; record warnings around export() (gc.collect()).",
        timeout=20.0,
        variants=(
            Variant(
                "platform-encoding",
                "open() without encoding= writes UTF-8 everywhere.",
                "Export a product named 'Café' and read the file with encoding='utf-8' (or load "
                "it back): on a cp1252 machine it was written as b'Caf\\xe9'.",
                f"{_C}:PlatformEncoding",
            ),
            Variant(
                "newline-on-read",
                "newline='' only matters when writing, and only on Windows.",
                "Export a product whose name holds '\\r\\n' (a line break typed in a "
                "spreadsheet cell), load the file back and expect the very same name.",
                f"{_C}:NewlineOnRead",
            ),
            Variant(
                "half-applies",
                "If a row is bad, the import stops there, and that is good enough.",
                "Load a file whose first row is fine and whose second row is bad (price "
                "'12.50'): expect InvalidInput and NO product stored, not even the first.",
                f"{_C}:HalfApplies",
            ),
            Variant(
                "never-closed",
                "flush() puts the data on disk, so closing the file is optional.",
                "Record warnings around export(): with warnings.catch_warnings(record=True), "
                "warnings.simplefilter('always'), then gc.collect(); expect no ResourceWarning.",
                f"{_C}:NeverClosed",
            ),
            Variant(
                "bom-breaks-header",
                "A UTF-8 file is UTF-8: encoding='utf-8' reads every one of them.",
                "Write the CSV with encoding='utf-8-sig' (Excel's 'CSV UTF-8' starts with a "
                "byte-order mark) and load it: the products must arrive.",
                f"{_C}:BomBreaksHeader",
            ),
        ),
    ),
]
