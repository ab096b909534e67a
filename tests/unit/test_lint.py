"""The course code passes ruff (lint, format, complexity <= 10); the config is in pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import missing_tool

ROOT = Path(__file__).resolve().parents[2]


def _ruff() -> str:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    if ruff is None:
        missing_tool("ruff is not installed (pip install -e '.[dev]')")
    return ruff


@pytest.mark.parametrize(
    "command",
    [["check", "--output-format", "concise"], ["format", "--check"]],
    ids=["check", "format"],
)
def test_ruff_is_clean(command):
    result = subprocess.run(
        [_ruff(), *command, "course_lib", "tests"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
