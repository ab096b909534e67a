"""Hidden tests for exercise 07.2: safe_path(root, name) on the real file system.

The store lives in <tmp>/store; next to it are <tmp>/secret.txt and <tmp>/store-evil/, and inside
it a symbolic link `elsewhere` to <tmp>/outside/. Names that stay inside come back as absolute
paths; names that leave (.., absolute paths, a sibling whose name starts like the root, a link
out) raise ValueError. Nothing is created.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def root(tmp_path):
    """<tmp>/store holding a.txt and a link to <tmp>/outside; secret.txt and store-evil/ beside."""
    store = tmp_path / "store"
    store.mkdir()
    (store / "a.txt").write_text("inside", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    (tmp_path / "store-evil").mkdir()
    (tmp_path / "outside").mkdir()
    (store / "elsewhere").symlink_to(tmp_path / "outside", target_is_directory=True)
    return store


def _tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def _allowed(submission, root, name, want):
    shown = want.relative_to(root).as_posix()
    try:
        got = submission(root, name)
    except ValueError as exc:
        raise AssertionError(
            f"expected safe_path(root, {name!r}) == <root>/{shown} (the name stays inside the "
            f"root), it raised ValueError: {exc}"
        ) from None
    assert got is not None, f"expected safe_path(root, {name!r}) to return a path, got None"
    assert Path(got) == want, f"expected safe_path(root, {name!r}) == <root>/{shown}, got {got}"


def _refused(submission, root, name, why):
    try:
        got = submission(root, name)
    except ValueError:
        return
    raise AssertionError(f"expected ValueError for {name!r} ({why}), got {got}")


def test_plain_name(submission, root):
    """'a.txt' is <root>/a.txt"""
    _allowed(submission, root, "a.txt", root / "a.txt")


def test_name_not_there_yet(submission, root):
    """A file that does not exist yet is fine: 'new.txt' is <root>/new.txt"""
    _allowed(submission, root, "new.txt", root / "new.txt")


def test_nested_name(submission, root):
    """'reports/2026/may.csv' is <root>/reports/2026/may.csv"""
    _allowed(submission, root, "reports/2026/may.csv", root / "reports" / "2026" / "may.csv")


def test_dots_inside_a_file_name(submission, root):
    """Two dots inside a name are no traversal: 'v1..2.txt' and '..notes' are allowed"""
    _allowed(submission, root, "v1..2.txt", root / "v1..2.txt")
    _allowed(submission, root, "..notes", root / "..notes")


def test_up_and_back_inside(submission, root):
    """'reports/../a.txt' stays inside: it is <root>/a.txt"""
    _allowed(submission, root, "reports/../a.txt", root / "a.txt")


def test_parent(submission, root):
    """'../secret.txt' leaves the root: ValueError"""
    _refused(submission, root, "../secret.txt", "it points at the folder above the root")


def test_parent_after_a_folder(submission, root):
    """'reports/../../secret.txt' leaves the root: ValueError"""
    _refused(submission, root, "reports/../../secret.txt", "it climbs two levels from one folder")


def test_absolute_path(submission, root):
    """An absolute path ('/etc/passwd') is refused: root / '/etc/passwd' is '/etc/passwd'"""
    _refused(submission, root, "/etc/passwd", "an absolute path ignores the root entirely")


def test_absolute_path_inside_the_root(submission, root):
    """Even an absolute path that points into the root is refused: names are relative"""
    _refused(submission, root, str(root / "a.txt"), "names must be relative to the root")


def test_sibling_with_the_same_prefix(submission, root):
    """'../store-evil/x' is refused although its path starts with the root's text"""
    _refused(
        submission,
        root,
        "../store-evil/x.txt",
        "'<tmp>/store-evil' starts with the string '<tmp>/store': compare paths with "
        "is_relative_to, not strings with startswith",
    )


def test_symbolic_link_out(submission, root):
    """'elsewhere/x.txt' goes through a link to a folder outside: ValueError"""
    _refused(
        submission,
        root,
        "elsewhere/x.txt",
        "the link 'elsewhere' points outside the root: resolve() the path before comparing",
    )


def test_the_root_itself(submission, root):
    """'' and '.' name the root itself, not a file: ValueError"""
    _refused(submission, root, "", "an empty name is the root itself")
    _refused(submission, root, ".", "'.' is the root itself")


def test_relative_root(submission, root, monkeypatch):
    """A relative root is taken from the working folder; the result is absolute"""
    monkeypatch.chdir(root.parent)
    got = submission("store", "a.txt")
    assert got is not None and Path(got).is_absolute(), (
        f"expected an absolute path for safe_path('store', 'a.txt'), got {got}"
    )
    assert Path(got) == root / "a.txt", f"expected <tmp>/store/a.txt, got {got}"


def test_root_as_str(submission, root):
    """The root may be given as a str"""
    _allowed(submission, str(root), "a.txt", root / "a.txt")


def test_creates_nothing(submission, root):
    """It only computes a path: no folder or file is created"""
    before = _tree(root.parent)
    submission(root, "reports/2026/may.csv")
    after = _tree(root.parent)
    assert after == before, (
        f"expected no new files or folders, found {sorted(set(after) - set(before))}"
    )
