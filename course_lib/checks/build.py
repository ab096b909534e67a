"""build-exercises: generate exercises/ from solutions/ (solution regions become stubs).

`### BEGIN SOLUTION` … `### END SOLUTION` becomes `# YOUR CODE HERE` + `raise NotImplementedError`
at the marker's indentation; the cell is tagged `raises-exception` and outputs are cleared. Cell ids
are copied and JSON keys sorted, so a rebuild is byte-identical (idempotent; a test detects drift).
"""

from __future__ import annotations

import re
from pathlib import Path

HELP = "generate exercises/ from solutions/ (solution regions become stubs)"
BEGIN = re.compile(r"^(?P<indent>[ \t]*)###\s*BEGIN SOLUTION\s*$")
END = re.compile(r"^[ \t]*###\s*END SOLUTION\s*$")
TAG = "raises-exception"


class BuildError(ValueError):
    """A solution notebook whose markers do not pair up."""


def stub_source(source: str, where: str = "cell") -> tuple[str, bool]:
    """(source with every solution region replaced by a stub, whether any region was found)."""
    out: list[str] = []
    inside = changed = False
    for line in source.split("\n"):
        begin = BEGIN.match(line)
        if begin:
            if inside:
                raise BuildError(f"{where}: BEGIN SOLUTION inside another solution region")
            inside = changed = True
            indent = begin.group("indent")
            out += [f"{indent}# YOUR CODE HERE", f"{indent}raise NotImplementedError"]
        elif END.match(line):
            if not inside:
                raise BuildError(f"{where}: END SOLUTION without BEGIN SOLUTION")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise BuildError(f"{where}: BEGIN SOLUTION without END SOLUTION")
    return "\n".join(out), changed


def build_notebook(nb, name: str = "notebook"):
    """A new notebook node: stubs in, outputs out."""
    import copy

    nb = copy.deepcopy(nb)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        cell.source, changed = stub_source(cell.source, f"{name} cell {i}")
        cell.outputs, cell.execution_count = [], None
        if changed:
            tags = list(cell.metadata.get("tags", []))
            cell.metadata["tags"] = tags if TAG in tags else [*tags, TAG]
    return nb


def render(nb) -> str:
    import nbformat

    text = nbformat.writes(nb, version=4)  # sorted keys, indent=1
    return text if text.endswith("\n") else text + "\n"


def build(root: Path, *, check_only: bool = False) -> list[Path]:
    """Write exercises/*.ipynb; return the files that changed (or would change, with check_only)."""
    import nbformat

    solutions, exercises = root / "solutions", root / "exercises"
    stale: list[Path] = []
    wanted = set()
    for src in sorted(solutions.glob("*.ipynb")):
        target = exercises / src.name
        wanted.add(target.name)
        text = render(build_notebook(nbformat.read(src, as_version=4), src.name))
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            stale.append(target)
            if not check_only:
                exercises.mkdir(exist_ok=True)
                target.write_text(text, encoding="utf-8")
    for orphan in sorted(exercises.glob("*.ipynb")):
        if orphan.name not in wanted:
            stale.append(orphan)
            if not check_only:
                orphan.unlink()
    return stale


def default_root() -> Path:
    cwd = Path.cwd()
    if (cwd / "solutions").is_dir():
        return cwd
    import course_lib

    return Path(course_lib.__file__).resolve().parents[1]


def add_arguments(parser) -> None:
    parser.add_argument("--root", type=Path, default=None, help="course folder (default: this one)")
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if exercises/ is out of date"
    )


def run(args) -> int:
    root = args.root or default_root()
    try:
        changed = build(root, check_only=args.check)
    except BuildError as exc:
        print(f"build-exercises: {exc}")
        return 2
    for path in changed:
        verb = "stale" if args.check else "wrote"
        print(
            f"{verb} {path.relative_to(root)}"
            if path.exists() or args.check
            else f"removed {path.relative_to(root)}"
        )
    if not changed:
        print("exercises/ is up to date.")
    return 1 if (args.check and changed) else 0
