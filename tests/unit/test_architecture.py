"""Dependency rules hold (import-linter contracts in pyproject.toml): the shop imports nothing of
the course; backends nothing of shop, checks or lessons; testing nothing of checks or lessons; the
engine names no lesson; no import cycles."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import missing_tool

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_are_kept():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if exe is None:
        missing_tool("import-linter is not installed (pip install -e '.[dev]')")
    result = subprocess.run(
        [exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout, result.stdout


def test_every_lesson_package_follows_the_layout():
    """lNN_<topic>/ holds __init__.py (EXERCISES), bank.py and exK_<topic>.py per exercise K."""
    from course_lib.checks import registry

    lessons = sorted((ROOT / "course_lib" / "lessons").glob("l[0-9][0-9]_*"))
    assert lessons, "no lesson packages found"
    for package in lessons:
        lesson = package.name[1:3]
        assert (package / "bank.py").exists(), f"{package.name} has no bank.py"
        for ex in registry.exercises(lesson):
            k = ex.id.split(".")[1]
            assert list(package.glob(f"ex{k}_*.py")), f"{ex.id}: no {package.name}/ex{k}_*.py"
