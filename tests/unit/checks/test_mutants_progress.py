"""Progress rules pinned by statuses, counts and files (item 10: progress.py's mutants must die).

Every test here passes an explicit path that is NOT $COURSE_PROGRESS_FILE (the autouse
`private_progress`), so a function that ignored its `path` argument would be caught.
"""

from __future__ import annotations

import json
import os
import types
import warnings
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from course_lib.checks import progress, registry
from course_lib.checks.result import FAILED, NOT_DONE, PASSED, Result

TITLES = {ex.id: ex.title for ex in registry.exercises()}
LESSONS = sorted({ex.lesson for ex in registry.exercises()})


def _result(status=PASSED, exercise="00.1", kind="code"):
    return Result(exercise, TITLES[exercise], kind, status, "summary")


@pytest.fixture
def elsewhere(tmp_path):
    """A progress file other than the environment's one, in two folders that do not exist yet."""
    return tmp_path / "elsewhere" / "deeper" / "progress.json"


def _write(path: Path, exercises: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": 1, "exercises": exercises}))


# --- record: merging rules ---------------------------------------------------------------------


def test_record_writes_the_file_it_is_given_with_a_complete_entry(elsewhere, private_progress):
    before = datetime.now(UTC).replace(microsecond=0)
    progress.record(_result(FAILED), elsewhere)
    entry = progress.record(_result(PASSED), elsewhere)
    assert not private_progress.exists(), "only the file passed in is written"
    assert json.loads(elsewhere.read_text()) == {"version": 1, "exercises": {"00.1": entry}}
    assert set(entry) == {"title", "kind", "status", "attempts", "passed", "updated"}
    assert (entry["title"], entry["kind"], entry["status"]) == (TITLES["00.1"], "code", PASSED)
    assert (entry["attempts"], entry["passed"]) == (2, True)
    updated = datetime.fromisoformat(entry["updated"])
    assert updated.utcoffset() == timedelta(0) and updated.microsecond == 0
    assert before <= updated <= datetime.now(UTC)


def test_statuses_attempts_and_passed_over_a_sequence_of_checks(elsewhere):
    seen = []
    for status in (FAILED, NOT_DONE, PASSED, FAILED, NOT_DONE):
        entry = progress.record(_result(status, "00.3", kind="test"), elsewhere)
        seen.append((entry["status"], entry["attempts"], entry["passed"]))
    assert seen == [
        (FAILED, 1, False),
        (NOT_DONE, 2, False),
        (PASSED, 3, True),
        (FAILED, 4, True),  # solved once: passed stays True
        (NOT_DONE, 5, True),
    ]
    assert progress.load(elsewhere)["exercises"]["00.3"]["kind"] == "test"


def test_exercises_are_recorded_apart(elsewhere):
    progress.record(_result(PASSED, "00.1"), elsewhere)
    progress.record(_result(FAILED, "00.2"), elsewhere)
    entry = progress.record(_result(FAILED, "00.2"), elsewhere)
    done = progress.load(elsewhere)["exercises"]
    assert sorted(done) == ["00.1", "00.2"] and done["00.2"] == entry
    assert (done["00.1"]["attempts"], done["00.1"]["passed"]) == (1, True)
    assert (done["00.2"]["attempts"], done["00.2"]["passed"]) == (2, False)


def test_an_entry_without_attempts_or_passed_counts_from_zero(elsewhere):
    _write(elsewhere, {"00.1": {"status": FAILED}, "00.2": {"passed": True}})
    first = progress.record(_result(FAILED, "00.1"), elsewhere)
    second = progress.record(_result(FAILED, "00.2"), elsewhere)
    assert (first["attempts"], first["passed"]) == (1, False)
    assert (second["attempts"], second["passed"], second["status"]) == (1, True, FAILED)


def test_record_without_a_path_uses_the_environments_file(private_progress):
    progress.record(_result(PASSED))
    assert progress.load(private_progress)["exercises"]["00.1"]["passed"] is True


# --- save: atomic, hidden temp file, stable format ---------------------------------------------


def test_save_replaces_the_file_from_a_hidden_temp_file_beside_it(elsewhere, monkeypatch):
    moves = []
    real_replace = os.replace

    def spy(src, dst):
        moves.append((Path(src), Path(dst), Path(src).read_text(encoding="utf-8")))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    data = {"version": 1, "exercises": {"00.2": {"title": "Café ✓", "attempts": 1}, "00.1": {}}}
    progress.save(data, elsewhere)
    text = elsewhere.read_text(encoding="utf-8")
    assert text == json.dumps(data, indent=1, sort_keys=True), "sorted, one-space indent"
    assert json.loads(text) == data
    ((src, dst, staged),) = moves
    assert dst == elsewhere and staged == text, "the temp file was complete before the rename"
    assert src.parent == elsewhere.parent, "same folder: the rename is atomic"
    assert src.name.startswith(".progress.json.") and src.name.endswith(".tmp")
    assert sorted(p.name for p in elsewhere.parent.iterdir()) == ["progress.json"]


def test_save_without_a_path_uses_the_environments_file(private_progress):
    progress.save({"version": 1, "exercises": {}})
    assert json.loads(private_progress.read_text()) == {"version": 1, "exercises": {}}


def test_an_interrupt_right_after_the_rename_is_not_masked(elsewhere, monkeypatch):
    real_replace = os.replace

    def replace_then_interrupt(src, dst):
        real_replace(src, dst)
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", replace_then_interrupt)
    data = {"version": 1, "exercises": {"00.1": {"attempts": 1}}}
    with pytest.raises(KeyboardInterrupt):
        progress.save(data, elsewhere)
    assert json.loads(elsewhere.read_text()) == data
    assert sorted(p.name for p in elsewhere.parent.iterdir()) == ["progress.json"]


def test_the_lock_sits_beside_the_file_and_waits_at_most_30_seconds(elsewhere):
    lock = progress._lock(elsewhere)
    assert elsewhere.parent.is_dir(), "the lock's folder is made, parents included"
    assert Path(lock.lock_file) == elsewhere.parent / ".progress.json.lock"
    assert lock.timeout == 30


# --- load: a corrupt file is moved aside with a sentence ---------------------------------------

CORRUPT = {
    "not json": (b"{not json", "JSONDecodeError"),
    "bad bytes": (b'{"exercises": {}}\xff', "UnicodeDecodeError"),
    "a list": (b"[1, 2]", "unexpected structure"),
    "no exercises": (b'{"version": 1}', "unexpected structure"),
    "a string entry": (b'{"exercises": {"00.1": "passed"}}', "entry '00.1' is a str, not a record"),
    "a list entry": (b'{"exercises": {"00.2": []}}', "entry '00.2' is a list, not a record"),
    "wrong attempts": (
        b'{"exercises": {"00.1": {"attempts": "many"}}}',
        "entry '00.1' has a str as attempts",
    ),
    "wrong passed": (b'{"exercises": {"00.1": {"passed": 1}}}', "entry '00.1' has a int as passed"),
    "wrong title": (
        b'{"exercises": {"00.1": {"title": null}}}',
        "entry '00.1' has a NoneType as title",
    ),
}


@pytest.mark.parametrize(("content", "why"), CORRUPT.values(), ids=CORRUPT.keys())
def test_a_corrupt_file_is_moved_aside_saying_why(elsewhere, content, why):
    elsewhere.parent.mkdir(parents=True)
    elsewhere.write_bytes(content)
    with pytest.warns(progress.ProgressWarning) as caught:
        data = progress.load(elsewhere)
    assert data == {"version": 1, "exercises": {}}
    assert [str(w.message) for w in caught] == [
        f"Progress file was unreadable ({why}); moved it to progress.json.corrupt and started "
        "afresh."
    ]
    assert (elsewhere.parent / "progress.json.corrupt").read_bytes() == content
    assert not elsewhere.exists()


def test_a_sound_file_with_optional_fields_missing_loads_unchanged(elsewhere):
    _write(elsewhere, {"00.1": {}, "00.2": {"passed": True, "attempts": 3}})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = progress.load(elsewhere)
    assert data == {
        "version": 1,
        "exercises": {"00.1": {}, "00.2": {"passed": True, "attempts": 3}},
    }


def test_a_missing_file_is_an_empty_record_and_no_file_is_made(elsewhere):
    assert progress.load(elsewhere) == {"version": 1, "exercises": {}}
    assert not elsewhere.parent.exists()


def test_every_corrupt_file_is_kept_under_its_own_name(elsewhere):
    elsewhere.parent.mkdir(parents=True)
    moved = []
    for text in ("{bad", "{worse", "{worst"):
        elsewhere.write_text(text)
        with pytest.warns(progress.ProgressWarning) as caught:
            progress.load(elsewhere)
        moved.append(str(caught[0].message).split("moved it to ")[1].split(" ")[0])
    assert moved == ["progress.json.corrupt", "progress.json.corrupt.1", "progress.json.corrupt.2"]
    assert [(elsewhere.parent / name).read_text() for name in moved] == ["{bad", "{worse", "{worst"]


# --- the file's place ----------------------------------------------------------------------------


def test_the_default_file_is_in_the_courses_own_data_folder(monkeypatch):
    monkeypatch.delenv("COURSE_PROGRESS_FILE")
    path = progress.progress_path()
    assert path.name == "progress.json" and path.parent.name == "integration-testing-course"


def test_the_default_folder_has_no_author_level_on_windows(monkeypatch, tmp_path):
    """platformdirs nests the folder under an author folder on Windows unless appauthor=False."""
    import platformdirs

    calls = []

    def user_data_path(*args, **kwargs):
        calls.append((args, kwargs))
        return tmp_path

    monkeypatch.delenv("COURSE_PROGRESS_FILE")
    monkeypatch.setattr(platformdirs, "user_data_path", user_data_path)
    assert progress.progress_path() == tmp_path / "progress.json"
    assert calls == [(("integration-testing-course",), {"appauthor": False})]


def test_an_empty_environment_variable_means_the_default(monkeypatch):
    monkeypatch.setenv("COURSE_PROGRESS_FILE", "")
    assert progress.progress_path().parent.name == "integration-testing-course"


# --- what the learner sees: rows, tables, chart ------------------------------------------------


@pytest.fixture
def mixed(elsewhere, private_progress):
    """00.1 failed 3 times, 00.2 solved earlier (last run not done), 00.3 only a bare entry.

    The environment's file says something else, so reading the wrong file shows.
    """
    solved = {"passed": True, "status": PASSED, "attempts": 9}
    _write(private_progress, {"00.1": solved, "00.2": solved, "00.3": solved})
    _write(
        elsewhere,
        {
            "00.1": {"status": FAILED, "attempts": 3, "passed": False},
            "00.2": {"status": NOT_DONE, "attempts": 2, "passed": True},
            "00.3": {"passed": False},
        },
    )
    return elsewhere


def test_rows_per_lesson_show_status_attempts_and_passed(mixed):
    lessons = progress.by_lesson(mixed)
    assert sorted(lessons) == LESSONS
    assert lessons["00"] == [
        {"id": "00.1", "title": TITLES["00.1"], "status": FAILED, "attempts": 3, "passed": False},
        {"id": "00.2", "title": TITLES["00.2"], "status": "passed", "attempts": 2, "passed": True},
        {"id": "00.3", "title": TITLES["00.3"], "status": "not started", "attempts": 0}
        | {"passed": False},
    ]
    others = [row for lesson in LESSONS[1:] for row in lessons[lesson]]
    assert others and {(r["status"], r["attempts"], r["passed"]) for r in others} == {
        ("not started", 0, False)
    }


def test_tables_have_a_title_with_counts_aligned_columns_and_status_labels(mixed):
    from course_lib.theme import rich_label

    grids = progress.tables(mixed)
    sizes = {lesson: len(rows) for lesson, rows in progress.by_lesson(mixed).items()}
    assert [g.title for g in grids] == ["Lesson 00: 1/3 solved"] + [
        f"Lesson {lesson}: 0/{sizes[lesson]} solved" for lesson in LESSONS[1:]
    ]
    grid = grids[0]
    assert grid.title_justify == "left"
    assert [(c.header, c.justify) for c in grid.columns] == [
        ("exercise", "left"),
        ("title", "left"),
        ("status", "left"),
        ("attempts", "right"),
    ]
    rows = list(zip(*(list(c.cells) for c in grid.columns), strict=True))
    assert rows == [
        ("00.1", TITLES["00.1"], rich_label(FAILED), "3"),
        ("00.2", TITLES["00.2"], rich_label("passed"), "2"),
        ("00.3", TITLES["00.3"], rich_label("not started"), "0"),
    ]
    assert len({rich_label(FAILED), rich_label("passed"), rich_label("not started")}) == 3


class _Tables(HTMLParser):
    """Captions, header and body cells (text, class, data-label) and any text outside a table."""

    def __init__(self):
        super().__init__()
        self.tables, self.stray, self._cell, self._in = [], [], None, []

    def handle_starttag(self, tag, attrs):
        self._in.append(tag)
        if tag == "table":
            self.tables.append({"caption": "", "head": [], "rows": []})
        elif tag == "tr" and "tbody" in self._in:
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td"):
            attrs = dict(attrs)
            self._cell = ["", attrs.get("class"), attrs.get("data-label")]

    def handle_endtag(self, tag):
        while self._in and self._in.pop() != tag:
            pass
        if tag in ("th", "td"):
            cell, self._cell = tuple(self._cell), None
            table = self.tables[-1]
            (table["head"] if tag == "th" else table["rows"][-1]).append(cell)

    def handle_data(self, data):
        data = data.replace("\xa0", " ")
        if self._cell is not None:
            self._cell[0] += data
        elif "caption" in self._in:
            self.tables[-1]["caption"] += data
        elif "style" not in self._in and "table" not in self._in and data.strip():
            self.stray.append(data)


def _parse(html: str) -> _Tables:
    parser = _Tables()
    parser.feed(html)
    parser.close()
    return parser


def test_html_tables_show_the_same_rows_as_the_terminal_with_styled_columns(mixed):
    from course_lib.theme import status_badge

    page = _parse(progress.html_tables(mixed))
    assert page.stray == [], "nothing but the tables"
    assert [t["caption"] for t in page.tables] == [g.title for g in progress.tables(mixed)]
    columns = ["exercise", "title", "status", "attempts"]
    styles = ["cl-word", None, "cl-word", "cl-num"]  # ids and statuses unbroken, counts aligned
    lesson00 = page.tables[0]
    assert lesson00["head"] == [(c, s, None) for c, s in zip(columns, styles, strict=True)]

    def status(word):
        return _parse(f"<table><tbody><tr><td>{status_badge(word)}</td></tr></tbody></table>")

    shown = {w: status(w).tables[0]["rows"][0][0][0] for w in (FAILED, "passed", "not started")}
    assert len(set(shown.values())) == 3
    expected = [
        ["00.1", TITLES["00.1"], shown[FAILED], "3"],
        ["00.2", TITLES["00.2"], shown["passed"], "2"],
        ["00.3", TITLES["00.3"], shown["not started"], "0"],
    ]
    assert lesson00["rows"] == [
        [(text, style, label) for text, style, label in zip(row, styles, columns, strict=True)]
        for row in expected
    ]
    later = [row for table in page.tables[1:] for row in table["rows"]]
    assert later and {row[3][0] for row in later} == {"0"}


def test_show_progress_prints_the_tables_of_the_file_it_is_given(mixed, capsys, monkeypatch):
    from course_lib import theme

    monkeypatch.setattr(theme, "in_notebook", lambda: False)
    progress.show_progress(mixed)
    out = capsys.readouterr().out
    assert "Lesson 00: 1/3 solved" in out and out.count("Lesson ") == len(LESSONS)
    assert "[/]" not in out, "rich markup is rendered, not printed"


def test_show_progress_in_a_notebook_shows_html_with_a_text_fallback(mixed, monkeypatch):
    from course_lib import theme

    shown = []
    monkeypatch.setattr(theme, "in_notebook", lambda: True)
    monkeypatch.setattr(theme, "show", shown.append)
    progress.show_progress(mixed)
    (rendered,) = shown
    assert rendered.html == progress.html_tables(mixed)
    assert "Lesson 00: 1/3 solved" in rendered.text and rendered.text.count("Lesson ") == len(
        LESSONS
    )


def _short_last_lesson():
    """Lesson 00, then a lesson of one exercise: the axes' top right corner is empty."""
    ids = ("00.1", "00.2", "00.3", "01.1")
    return [types.SimpleNamespace(id=i, title=TITLES[i], lesson=i[:2]) for i in ids]


@pytest.mark.parametrize("catalog", ["course", "short last lesson"])
def test_the_chart_counts_solved_of_total_per_lesson(mixed, monkeypatch, catalog):
    import matplotlib
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    matplotlib.use("agg")
    if catalog != "course":
        monkeypatch.setattr(registry, "exercises", _short_last_lesson)
    lessons = progress.by_lesson(mixed)
    names = sorted(lessons)
    ax = progress.plot_progress(mixed)
    fig = ax.figure
    try:
        assert [t.get_text() for t in ax.get_xticklabels()] == names
        total, solved = ax.containers
        assert [int(b.get_height()) for b in total] == [len(lessons[n]) for n in names]
        assert [int(b.get_height()) for b in solved] == [1] + [0] * (len(names) - 1)
        assert {to_hex(b.get_facecolor()) for b in total} == {"#d0d7de"}
        assert {to_hex(b.get_facecolor()) for b in solved} == {"#1a7f37"}
        assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == (
            "lesson",
            "exercises",
            "Your progress",
        )
        legend = ax.get_legend()
        assert [t.get_text() for t in legend.get_texts()] == ["exercises", "solved"]
        assert legend.get_frame_on() is False
        assert tuple(fig.get_size_inches()) == (7.0, 2.5)
        assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
        fig.canvas.draw()
        box, axes = legend.get_window_extent(), ax.get_window_extent()
        # right of the axes (never over a bar), top-aligned with them, inside the figure
        assert abs(box.x0 - (axes.x0 + 1.01 * axes.width)) < 1 and abs(box.y1 - axes.y1) < 1
        assert box.x1 <= fig.bbox.x1
    finally:
        plt.close(fig)


def test_the_chart_draws_on_the_axes_it_is_given(mixed):
    import matplotlib
    import matplotlib.pyplot as plt

    matplotlib.use("agg")
    fig, given = plt.subplots()
    try:
        assert progress.plot_progress(mixed, ax=given) is given
        assert len(given.containers) == 2
    finally:
        plt.close(fig)
