"""Lesson 02's demonstrations fail (and print) for the reason the text gives (see lesson 01)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lessons.test_l01_notebook import run_and_check_expectations

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "02-repository-pattern.ipynb"


@pytest.mark.integration
@pytest.mark.slow
def test_lesson02_demonstrations_fail_for_the_stated_reason():
    run_and_check_expectations(NOTEBOOK)
