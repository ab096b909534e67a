"""Every link between notebooks works, and the learner can always go back, forward and across.

Relative links (markdown `[text](path)`, `![alt](path)`, `[ref]: path`, HTML `href`/`src`) in every
markdown cell of notebooks/, solutions/ and exercises/ must name an existing file inside the
repository (anchors and queries ignored). Web addresses are not followed.
Lessons link to their workbook and to the previous and next lesson; workbooks link back to their
lesson and to the previous and next workbook.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("notebooks", "solutions", "exercises")
NOTEBOOKS = sorted(p for d in FOLDERS for p in (ROOT / d).glob("*.ipynb"))
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
WORKBOOKS = sorted(p for d in ("solutions", "exercises") for p in (ROOT / d).glob("*.ipynb"))

_FENCED = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_TARGETS = (
    re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*[\"'])?\s*\)"),  # [text](path "title")
    re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M),  # [ref]: path
    re.compile(r"\b(?:href|src)\s*=\s*[\"']([^\"']+)[\"']", re.I),  # <a href="path">
)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def links(path: Path) -> list[str]:
    """Every link target in the notebook's markdown cells, code spans and blocks left out."""
    found = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        text = _INLINE_CODE.sub("", _FENCED.sub("", cell.source))
        for pattern in _TARGETS:
            found += pattern.findall(text)
    return found


def local_targets(path: Path) -> dict[str, Path]:
    """link -> the file it names, for every relative link (web addresses and anchors skipped)."""
    result = {}
    for link in links(path):
        if _SCHEME.match(link) or link.startswith("#"):
            continue
        target = unquote(re.split(r"[#?]", link, maxsplit=1)[0])
        if target:
            result[link] = (path.parent / target).resolve()
    return result


def _neighbours(path: Path, siblings: list[Path]) -> list[Path]:
    i = siblings.index(path)
    return [siblings[j] for j in (i - 1, i + 1) if 0 <= j < len(siblings)]


def _missing(path: Path, wanted: list[Path]) -> list[str]:
    have = set(local_targets(path).values())
    return [_id(w) for w in wanted if w.resolve() not in have]


def test_the_link_parser_finds_every_kind_of_link(tmp_path):
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                '[a](a.ipynb) ![b](img/b.png "title") <a href="c.ipynb#top">c</a>\n'
                "[ref]: d.md\n`[not](code.ipynb)`\n```\n[not](block.ipynb)\n```\n"
                "[web](https://example.org/x.ipynb) [anchor](#part-2)"
            )
        ]
    )
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, path)
    assert links(path) == [
        "a.ipynb",
        "img/b.png",
        "https://example.org/x.ipynb",
        "#part-2",
        "d.md",
        "c.ipynb#top",
    ]
    assert sorted(local_targets(path)) == ["a.ipynb", "c.ipynb#top", "d.md", "img/b.png"]


def test_there_are_lessons_and_workbooks():
    assert LESSONS and WORKBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_relative_links_resolve(path):
    broken = [
        link
        for link, target in local_targets(path).items()
        if not target.is_file() or not target.is_relative_to(ROOT)
    ]
    assert not broken, f"{_id(path)}: links to missing files: {broken}"


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_lessons_link_to_their_workbook_and_neighbours(path):
    wanted = [ROOT / "exercises" / path.name, *_neighbours(path, LESSONS)]
    missing = _missing(path, wanted)
    assert not missing, f"{_id(path)} does not link to {missing}"


def test_workbooks_link_to_neighbours():
    """Each workbook links back to its lesson and to the previous and next workbook."""
    report = []
    for folder in ("solutions", "exercises"):
        books = sorted((ROOT / folder).glob("[0-9][0-9]-*.ipynb"))
        for book in books:
            lesson = ROOT / "notebooks" / book.name
            wanted = [lesson] if lesson.exists() else []
            missing = _missing(book, wanted + _neighbours(book, books))
            if missing:
                report.append(f"{_id(book)} does not link to {', '.join(missing)}")
    assert not report, "\n".join(report)
