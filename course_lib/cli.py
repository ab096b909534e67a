"""Command line: python -m course_lib doctor | check | progress | build-exercises | new-exercise |
grade | bench | instructor-notes | site.

Each subcommand lives in its own module exposing HELP, add_arguments(parser) and run(args) -> int;
modules are imported only when their command runs, so `doctor` stays fast.
"""

from __future__ import annotations

import argparse
import importlib

COMMANDS: dict[str, str] = {
    "doctor": "course_lib.doctor",
    "check": "course_lib.checks.cli_check",
    "progress": "course_lib.checks.cli_progress",
    "build-exercises": "course_lib.checks.build",
    "new-exercise": "course_lib.checks.scaffold",
    "grade": "course_lib.checks.grade",
    "bench": "course_lib.bench",
    "instructor-notes": "course_lib.guide.cli",
    "site": "course_lib.guide.site",
}


def _load(name: str):
    try:
        return importlib.import_module(COMMANDS[name])
    except ModuleNotFoundError as exc:  # a command whose module is not written yet
        if exc.name and exc.name.startswith("course_lib"):
            return None
        raise


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m course_lib", description=__doc__.splitlines()[0]
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = _load(name)
        if module is None:
            continue
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_module", None):
        parser.print_help()
        return 2
    try:
        return int(args._module.run(args) or 0)
    except KeyboardInterrupt:
        print("Interrupted.")
        return 130
