"""What a lesson's header cell says: title, objectives, timings, parts and instructor notes.

The notebooks are the one source of timings (the README course map is tested against them), so
schedules and per-lesson notes read them here instead of repeating numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat


@dataclass(frozen=True)
class Header:
    """One lesson as its first cell describes it."""

    number: str
    title: str
    path: Path
    teach: int
    exercises: int
    objectives: list[str] = field(default_factory=list)
    parts: list[tuple[str, int]] = field(default_factory=list)
    notes: str = ""
    sections: list[tuple[str, bool]] = field(default_factory=list)  # (heading, has predict-run)

    @property
    def minutes(self) -> int:
        return self.teach + self.exercises


def _bullets_after(text: str, marker: str) -> list[str]:
    lines = text.split(marker, 1)[1].splitlines()[1:] if marker in text else []
    out: list[str] = []
    for line in lines:
        if line.startswith("- "):
            out.append(line[2:].strip())
        elif line.startswith("  ") and out:
            out[-1] += " " + line.strip()
        elif out or line.strip():
            break
    return out


def _parts(text: str) -> list[tuple[str, int]]:
    rows = re.findall(r"^\|\s*([^|]+?)\s*\|\s*(\d+)\s*\|\s*$", text, flags=re.MULTILINE)
    return [(name, int(minutes)) for name, minutes in rows]


def _sections(cells) -> list[tuple[str, bool]]:
    """Numbered '## N · Part' headings in order, each with whether it has a 'Predict, then run'."""
    out: list[tuple[str, bool]] = []
    for cell in cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if re.match(r"## \d", line):
                out.append((re.sub(r"^## \d+\s*[.·]\s*", "", line).strip(), False))
        if out and "predict, then run" in cell.source.lower():
            out[-1] = (out[-1][0], True)
    return out


def read_header(path: Path) -> Header:
    """Parse notebooks/NN-topic.ipynb's first cell (the Lesson standard's header)."""
    cells = nbformat.read(path, as_version=4).cells
    text = cells[0].source
    title = text.splitlines()[0].lstrip("# ").strip()
    teach, exercises = (int(n) for n in re.findall(r"(\d+)\s*min", text)[:2])
    notes = re.search(r"\*\*Instructor notes?:\*\*\s*(.+(?:\n(?!\s*\n|\|).+)*)", text)
    return Header(
        number=path.name[:2],
        title=title,
        path=path,
        teach=teach,
        exercises=exercises,
        objectives=_bullets_after(text, "**Objectives**"),
        parts=_parts(text),
        notes=" ".join(notes.group(1).split()) if notes else "",  # the whole paragraph
        sections=_sections(cells[1:]),
    )


def lessons(notebooks: Path) -> list[Header]:
    """Every lesson notebook (NN-*.ipynb) in order."""
    return [read_header(p) for p in sorted(notebooks.glob("[0-9][0-9]-*.ipynb"))]
