"""Per-user progress: one JSON file, replaced atomically, locked while updated, survives corruption.

Location: $COURSE_PROGRESS_FILE, else platformdirs' user data dir. Written via a temp file in the
same folder + os.replace, so a crash mid-write leaves the old file intact; record() holds a file
lock (filelock) around read-modify-replace, so results from concurrent kernels are never lost.
An unreadable file (bad bytes, wrong types, a directory in its place) is moved aside with a warning.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from datetime import UTC, datetime
from pathlib import Path

ENV = "COURSE_PROGRESS_FILE"
NOT_STARTED = "not started"


class ProgressWarning(UserWarning):
    """The progress file was unreadable and has been moved aside."""


def progress_path() -> Path:
    if os.environ.get(ENV):
        return Path(os.environ[ENV]).expanduser()
    import platformdirs

    return (
        platformdirs.user_data_path("integration-testing-course", appauthor=False) / "progress.json"
    )


def _empty() -> dict:
    return {"version": 1, "exercises": {}}


def _move_aside(path: Path, why: str) -> None:
    n = 0
    while (target := path.with_name(f"{path.name}.corrupt{'' if n == 0 else f'.{n}'}")).exists():
        n += 1
    os.replace(path, target)
    warnings.warn(
        f"Progress file was unreadable ({why}); moved it to {target.name} and started afresh.",
        ProgressWarning,
        stacklevel=3,
    )


_ENTRY_TYPES = {"attempts": int, "passed": bool, "status": str, "title": str, "kind": str}


def _problem(data) -> str | None:
    """Why `data` is not a progress record, or None when it is one."""
    if not isinstance(data, dict) or not isinstance(data.get("exercises"), dict):
        return "unexpected structure"
    for key, entry in data["exercises"].items():
        if not isinstance(entry, dict):
            return f"entry {key!r} is a {type(entry).__name__}, not a record"
        for field, kind in _ENTRY_TYPES.items():
            if field in entry and not isinstance(entry[field], kind):
                return f"entry {key!r} has a {type(entry[field]).__name__} as {field}"
    return None


def load(path: Path | None = None) -> dict:
    path = path or progress_path()
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return _empty()
    except (OSError, ValueError) as exc:  # a directory, bad bytes, not JSON
        _move_aside(path, type(exc).__name__)
        return _empty()
    problem = _problem(data)
    if problem:
        _move_aside(path, problem)
        return _empty()
    return data


def _lock(path: Path):
    from filelock import FileLock

    path.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(path.with_name(f".{path.name}.lock"), timeout=30)


def save(data: dict, path: Path | None = None) -> None:
    path = path or progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def record(result, path: Path | None = None) -> dict:
    """Add one check result; `passed` stays True once an exercise was solved."""
    path = path or progress_path()
    with _lock(path):
        return _record_locked(result, path)


def _record_locked(result, path: Path) -> dict:
    data = load(path)
    entry = data["exercises"].setdefault(result.exercise, {"attempts": 0, "passed": False})
    entry.update(
        title=result.title,
        kind=result.kind,
        status=result.status,
        attempts=entry.get("attempts", 0) + 1,
        passed=bool(entry.get("passed")) or result.passed,
        updated=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    save(data, path)
    return entry


def by_lesson(path: Path | None = None) -> dict[str, list[dict]]:
    """lesson -> rows {id, title, status, attempts, passed}, catalog order, unknown ids appended."""
    from course_lib.checks import registry

    done = load(path)["exercises"]
    lessons: dict[str, list[dict]] = {}
    for ex in registry.exercises():
        entry = done.get(ex.id, {})
        status = "passed" if entry.get("passed") else entry.get("status", NOT_STARTED)
        lessons.setdefault(ex.lesson, []).append(
            {
                "id": ex.id,
                "title": ex.title,
                "status": status,
                "attempts": entry.get("attempts", 0),
                "passed": bool(entry.get("passed")),
            }
        )
    return lessons


def plot_progress(path: Path | None = None, ax=None):
    """A bar chart (solved vs total per lesson) for a notebook cell; returns the matplotlib Axes."""
    import matplotlib.pyplot as plt

    lessons = by_lesson(path)
    names = sorted(lessons)
    total = [len(lessons[n]) for n in names]
    solved = [sum(r["passed"] for r in lessons[n]) for n in names]
    if ax is None:
        # constrained layout makes room for the legend outside the axes (tight_layout would not)
        _, ax = plt.subplots(figsize=(7, 2.5), layout="constrained")
    ax.bar(names, total, color="#d0d7de", label="exercises")
    ax.bar(names, solved, color="#1a7f37", label="solved")
    ax.set_xlabel("lesson")
    ax.set_ylabel("exercises")
    ax.set_title("Your progress")
    # Right of the axes, never over a bar: inside, "upper right" covered the last lesson's bar.
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, frameon=False)
    return ax


def tables(path: Path | None = None) -> list:
    """One rich Table per lesson, for a terminal (`python -m course_lib progress`)."""
    return _grids(by_lesson(path))


def html_tables(path: Path | None = None) -> str:
    """The same tables as HTML in JupyterLab's theme colours (course_lib.theme)."""
    return _html(by_lesson(path))


def show_progress(path: Path | None = None) -> None:
    """Your progress per lesson: themed HTML tables in a notebook, rich tables in a terminal."""
    from course_lib import theme

    lessons = by_lesson(path)
    grids = _grids(lessons)
    if theme.in_notebook():
        theme.show(theme.Rendered(_html(lessons), theme.plain_text(*grids)))
        return
    from rich.console import Console

    console = Console()
    for grid in grids:
        console.print(grid)


def _caption(lesson: str, rows: list[dict]) -> str:
    return f"Lesson {lesson}: {sum(r['passed'] for r in rows)}/{len(rows)} solved"


def _grids(lessons: dict[str, list[dict]]) -> list:
    from rich.table import Table

    from course_lib.theme import rich_label

    result = []
    for lesson, rows in sorted(lessons.items()):
        grid = Table(title=_caption(lesson, rows), title_justify="left")
        for col in ("exercise", "title", "status", "attempts"):
            grid.add_column(col, justify="right" if col == "attempts" else "left")
        for r in rows:
            grid.add_row(r["id"], r["title"], rich_label(r["status"]), str(r["attempts"]))
        result.append(grid)
    return result


def _html(lessons: dict[str, list[dict]]) -> str:
    from html import escape

    from course_lib import theme

    parts = []
    for lesson, rows in sorted(lessons.items()):
        cells = [
            [
                escape(r["id"]),
                escape(r["title"]),
                theme.status_badge(r["status"]),
                str(r["attempts"]),
            ]
            for r in rows
        ]
        parts.append(
            theme.table_html(
                ["exercise", "title", "status", "attempts"],
                cells,
                caption=_caption(lesson, rows),
                cell_classes={0: "cl-word", 2: "cl-word", 3: "cl-num"},
            )
        )
    return theme.block("".join(parts), "cl-progress")
