"""`grade` against submissions that attack it (the threat model in docs/instructor/grading.md),
one learner per attack.

A class folder is built in tmp_path from solutions/00-welcome.ipynb (the fastest workbook), each
learner's answer cells edited; the whole class is graded once (two kernels at a time) and every
test reads that one run. Needs root: the isolation it proves is the one `grade` gives as root.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import uuid
from argparse import Namespace

import nbformat
import psutil
import pytest

from tests.helpers import ROOT

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="grading isolation: root"),
]

CELL_TIMEOUT = 20  # seconds: a normal cell of workbook 00 takes well under one
COURSE_FILE = ROOT / "course_lib" / "checks" / "grade_channel.py"
FAKE = {"exercise": "00.1", "title": "x", "kind": "code", "status": "passed", "summary": "ok"}

FORGE = f"""
import glob, json, os, threading, time
FAKE = {FAKE!r}
for path in [os.environ.get("COURSE_CHECK_RECORDS"), *glob.glob("/tmp/course-records-*")]:
    if path:
        with open(path, "a") as fh:
            fh.write(json.dumps(FAKE) + "\\n")
print(json.dumps(FAKE))
def spam():  # fake results printed while the grader's own requests run
    for _ in range(400):
        print("COURSE-GRADE " + json.dumps({{"00.1": FAKE}}))
        time.sleep(0.05)
threading.Thread(target=spam, daemon=True).start()
"""

FORK = """
import os, subprocess, time
# the marker in its environment tells this run's `sleep 300` from another grade run's
subprocess.Popen(["sleep", "300"], start_new_session=True, env={**os.environ, "MARK": "{marker}"})
if os.fork() == 0:  # a double-fork daemon that would spoil every later results file
    os.setsid()
    if os.fork() == 0:
        os.execvp("sh", ["sh", "-c",
            "while true; do for f in /tmp/course-records-*; do echo failed >> $f; done; "
            "sleep 0.2; done # {marker}"])
    os._exit(0)
time.sleep(0.5)
"""


def _answer(nb, defines: str, body: str) -> None:
    """Replace the marked solution region of the cell that defines `defines`."""
    cell = next(c for c in nb.cells if c.cell_type == "code" and f"def {defines}" in c.source)
    head, rest = cell.source.split("### BEGIN SOLUTION", 1)
    _, tail = rest.split("### END SOLUTION", 1)
    cell.source = head + "### BEGIN SOLUTION\n" + body + "\n    ### END SOLUTION" + tail


def _insert_after(nb, needle: str, source: str) -> None:
    at = next(i for i, c in enumerate(nb.cells) if needle in c.source)
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell(source))


def _write(folder, name: str, nb) -> None:
    (folder / name).mkdir()
    nbformat.write(nb, folder / name / "00-welcome.ipynb")


def _build(folder, marker: str) -> None:
    solution = ROOT / "solutions" / "00-welcome.ipynb"
    read = lambda: nbformat.read(solution, as_version=4)  # noqa: E731
    _write(folder, "ada", read())
    _write(folder, "bob", nbformat.read(ROOT / "exercises" / "00-welcome.ipynb", as_version=4))
    cheater = read()
    _answer(cheater, "total_cents", "    return sum(prices_cents)  # wrong: no discount")
    _answer(cheater, "cart_total", "    import pytest\n    pytest.skip('skip me')")
    _insert_after(cheater, "def total_cents", FORGE)
    _write(folder, "cheater", cheater)
    forker = read()
    _insert_after(forker, 'check("00.1"', FORK.replace("{marker}", marker))
    _write(folder, "forker", forker)
    vandal = read()
    _insert_after(vandal, 'check("00.1"', f"open({str(COURSE_FILE)!r}, 'r+')")
    other = folder / "ada" / "00-welcome.ipynb"
    _insert_after(vandal, 'check("00.1"', f"open({str(other)!r}, 'w').write('{{}}')")
    _write(folder, "vandal", vandal)
    sleeper = read()
    _insert_after(sleeper, 'check("00.1"', "while True:\n    pass")
    _insert_after(sleeper, 'check("00.2"', "import time\ntime.sleep(1000)")
    _write(folder, "sleeper", sleeper)


def _digests(folder) -> dict:
    files = [*sorted(folder.rglob("*.ipynb")), COURSE_FILE]
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def _strays(marker: str) -> list[str]:
    """This run's attack processes still alive (by command line or environment)."""
    found = []
    for proc in psutil.process_iter(["pid", "cmdline"]):
        cmd = " ".join(proc.info["cmdline"] or [])
        try:
            marked = proc.environ().get("MARK") == marker
        except psutil.Error:
            marked = False
        if (marker in cmd and "pytest" not in cmd) or marked:
            found.append(f"{proc.info['pid']}: {cmd}")
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from course_lib.checks import grade

    folder = tmp_path_factory.mktemp("class")
    marker = f"grading-attack-{uuid.uuid4().hex}"
    _build(folder, marker)
    before = _digests(folder)
    out = tmp_path_factory.mktemp("out")
    args = Namespace(
        folder=folder,
        json=True,
        html=out / "report.html",
        csv=out / "report.csv",
        timeout=CELL_TIMEOUT,
        budget=240,
        memory=2048,
        jobs=2,
    )
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        assert grade.run(args) == 0
    return {
        "report": json.loads(text.getvalue()),
        "csv": list(csv.DictReader((out / "report.csv").open())),
        "html": (out / "report.html").read_text(),
        "before": before,
        "after": _digests(folder),
        "strays": _strays(marker),
    }


def _statuses(graded, learner: str) -> dict:
    return graded["report"]["learners"][learner]["results"]


def test_honest_learners_are_graded_as_they_are(graded):
    assert set(_statuses(graded, "ada").values()) == {"passed"}
    assert set(_statuses(graded, "bob").values()) == {"not done yet"}


def test_forged_records_and_printed_results_score_nothing(graded):
    assert _statuses(graded, "cheater")["00.1"] == "failed"


def test_a_skipping_answer_scores_nothing(graded):
    assert _statuses(graded, "cheater")["00.2"] != "passed"
    assert graded["report"]["learners"]["cheater"]["score"] == 1  # 00.3, its honest tests


def test_background_processes_die_with_the_workbook(graded):
    assert graded["strays"] == []
    assert set(_statuses(graded, "forker").values()) == {"passed"}


def test_no_submission_can_write_another_or_the_course(graded):
    assert graded["after"] == graded["before"]
    errors = " ".join(graded["report"]["learners"]["vandal"]["errors"])
    assert "FileNotFoundError" in errors or "PermissionError" in errors, errors
    assert set(_statuses(graded, "vandal").values()) == {"passed"}


def test_a_hanging_cell_costs_only_itself(graded):
    entry = graded["report"]["learners"]["sleeper"]
    assert set(entry["results"].values()) == {"passed"}, entry
    assert sum("limit" in e for e in entry["errors"]) == 2, entry["errors"]


def test_every_learner_is_in_the_report_and_the_csv(graded):
    learners = {"ada", "bob", "cheater", "forker", "vandal", "sleeper"}
    assert set(graded["report"]["learners"]) == learners
    rows = {(r["learner"], r["exercise"]): r for r in graded["csv"]}
    assert {learner for learner, _ in rows} == learners
    assert len(rows) == len(learners) * len(graded["report"]["exercises"])
    assert rows[("ada", "00.3")]["points"] == "1" and rows[("bob", "00.3")]["points"] == "0"
    assert all(f"<td>{name}</td>" in graded["html"] for name in learners)
    assert "<svg" in graded["html"] and "cdn" not in graded["html"].lower()
