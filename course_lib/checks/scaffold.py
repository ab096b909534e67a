"""new-exercise: write the skeleton of exercise NN.k in its lesson package.

It adds the catalog entry to lNN_<lesson>/__init__.py, creates exK_<topic>.py (hidden tests for a
code exercise; reference, variants and provider for a test exercise) and empty bank entries, so
an author starts from the layout instead of copying another lesson by hand.
"""

from __future__ import annotations

import ast
import re
from importlib import resources
from pathlib import Path

HELP = "write the skeleton of a new exercise (catalog entry, exercise module, bank entries)"
ROOT = Path(__file__).resolve().parents[1] / "lessons"
_ID = re.compile(r"^(\d\d)\.(\d+)$")


def _template(name: str, **values) -> str:
    text = resources.files("course_lib.checks").joinpath(f"templates/{name}.txt").read_text()
    return text.format(**values)


def _insert_before_close(path: Path, variable: str, text: str) -> None:
    """Insert `text` just before the closing bracket of the top-level `variable = [...]`/{...}."""
    source = path.read_text()
    tree = ast.parse(source)
    node = next(
        n
        for n in tree.body
        if isinstance(n, ast.Assign) and any(getattr(t, "id", "") == variable for t in n.targets)
    )
    lines = source.splitlines(keepends=True)
    end = node.value.end_lineno - 1  # the line holding the closing bracket
    col = node.value.end_col_offset - 1
    closing = lines[end]
    before = ("".join(lines[:end]) + closing[:col]).rstrip()
    comma = "" if before[-1] in "[{(," else ","  # the last item may lack a trailing comma
    newline = "\n" if closing[:col].strip() else ""  # a one-line literal: start a new line
    text = comma + newline + text
    lines[end] = closing[:col] + text + closing[col:]
    path.write_text("".join(lines))


def _lesson_name(lesson: str, given: str) -> str:
    """A new lesson package is named for the lesson (solutions/05-api-testing -> api_testing),
    never for its first exercise."""
    if given:
        return given
    workbooks = sorted((ROOT.parents[1] / "solutions").glob(f"{lesson}-*.ipynb"))
    if workbooks:
        return workbooks[0].stem[3:].replace("-", "_")
    raise ValueError(
        f"lesson {lesson} has no package yet: name it with --lesson, e.g. --lesson api_testing "
        f"(the topic of its workbook solutions/{lesson}-api-testing.ipynb)"
    )


def _lesson_dir(lesson: str, name: str) -> Path:
    found = sorted(ROOT.glob(f"l{lesson}_*"))
    if found:
        return found[0]
    topic = _lesson_name(lesson, name)
    if not re.fullmatch(r"[a-z][a-z0-9_]*", topic):
        raise ValueError(f"the lesson becomes a package name: lower_case_words, not {topic!r}")
    package = ROOT / f"l{lesson}_{topic}"
    package.mkdir()
    (package / "__init__.py").write_text(_template("lesson_init", lesson=lesson, topic=topic))
    (package / "bank.py").write_text(_template("bank", lesson=lesson))
    return package


def scaffold(
    exercise_id: str, kind: str, topic: str, title: str = "", lesson_name: str = ""
) -> list[Path]:
    """Write the skeleton; returns the files written or changed. Refuses to overwrite."""
    match = _ID.match(exercise_id)
    if not match:
        raise ValueError(f"an exercise id looks like 05.2, not {exercise_id!r}")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", topic):
        raise ValueError(f"the topic becomes a file name: lower_case_words, not {topic!r}")
    lesson, k = match.groups()
    package = _lesson_dir(lesson, lesson_name)
    module_path = package / f"ex{k}_{topic}.py"
    if list(package.glob(f"ex{k}_*.py")):
        raise FileExistsError(f"exercise {exercise_id} already has a module in {package.name}/")
    module = f"course_lib.lessons.{package.name}.{module_path.stem}"
    values = {"id": exercise_id, "title": title or topic.replace("_", " "), "topic": topic}
    module_path.write_text(_template(f"{kind}_module", **values))
    entry = _template(f"{kind}_entry", module=module, **values)
    _insert_before_close(package / "__init__.py", "EXERCISES", entry)
    for variable in ("WRONG", "ALTERNATIVES"):
        _insert_before_close(package / "bank.py", variable, f'    "{exercise_id}": [],\n')
    return [package / "__init__.py", module_path, package / "bank.py"]


def add_arguments(parser) -> None:
    parser.add_argument("id", help="exercise id NN.k, e.g. 05.2")
    parser.add_argument("--kind", choices=("code", "test"), required=True)
    parser.add_argument("--topic", required=True, help="lower_case name for the module")
    parser.add_argument("--title", default="", help="the title learners read")
    parser.add_argument(
        "--lesson",
        default="",
        help="lower_case name of a NEW lesson package (default: from solutions/NN-<name>.ipynb)",
    )


def run(args) -> int:
    try:
        written = scaffold(args.id, args.kind, args.topic, args.title, args.lesson)
    except (ValueError, FileExistsError) as exc:
        print(f"new-exercise: {exc}")
        return 2
    for path in written:
        print(f"wrote {path.relative_to(ROOT.parents[1])}")
    print("Next: fill in the module, the catalog entry and the bank; the workbook cells go in")
    print("solutions/NN-<lesson>.ipynb; then `python -m course_lib build-exercises`.")
    return 0
