"""The course plugin freezes the heap for a pytest session: its closing gc passes skip what was
there before (a notebook kernel's heap), and still collect what the tests left behind.

(No __del__ here raises: on CPython 3.11.7 an exception from __del__ during a gc pass inside
ast.parse, e.g. pytest rewriting a late import, fails that parse with "AST constructor recursion
depth mismatch", with or without the freeze.)"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.unit

TESTS = """
import gc


def test_the_heap_is_frozen_during_the_session():
    assert gc.get_freeze_count() > 0


class Cycle:
    def __del__(self):
        with open("collected.txt", "w") as note:
            note.write("collected")


def test_garbage_made_by_a_test_is_still_collected():
    cycle = Cycle()
    cycle.me = cycle  # only the gc can free it, at the latest at the session's end
"""

DRIVER = """
import gc, sys, warnings, pytest
before = list(range(1000))  # the kernel's own heap, made before the session
code = pytest.main(["-q", "-p", "no:cacheprovider", "-W", "default", sys.argv[1]])
print("EXIT", int(code), "FROZEN AFTER", gc.get_freeze_count())
"""


def test_a_session_freezes_the_heap_and_unfreezes_it_after(tmp_path):
    (tmp_path / "test_heap.py").write_text(textwrap.dedent(TESTS))
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, "test_heap.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = result.stdout + result.stderr
    assert "EXIT 0 FROZEN AFTER 0" in out, out
    assert "2 passed" in out, out
    assert (tmp_path / "collected.txt").read_text() == "collected"  # not frozen with the heap


def test_an_already_frozen_process_stays_frozen(tmp_path):
    """The check engine freezes before its inner session: the plugin leaves the unfreeze to it."""
    (tmp_path / "test_one.py").write_text("def test_one():\n    pass\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    driver = "import gc; gc.freeze()\n" + DRIVER
    result = subprocess.run(
        [sys.executable, "-c", driver, "test_one.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    frozen = [line for line in result.stdout.splitlines() if line.startswith("EXIT")]
    assert frozen and frozen[0] != "EXIT 0 FROZEN AFTER 0", result.stdout + result.stderr
