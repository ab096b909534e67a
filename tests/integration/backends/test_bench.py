"""`python -m course_lib bench` runs end to end (tiny iteration count; only the output's shape is
checked — timings are never asserted)."""

import re

import pytest

from course_lib import bench
from course_lib.cli import main

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_bench_prints_every_figure_beside_its_target(capsys, monkeypatch):
    monkeypatch.setattr(
        bench, "_engine_bench", lambda: print("(checks bench skipped in this test)")
    )
    assert main(["bench", "--iterations", "1"]) == 0
    out = capsys.readouterr().out
    for heading in (
        "Start (seconds",
        "Per-test isolation on PostgreSQL",
        "Publish -> consume latency",
        "Memory (PSS, MB)",
    ):
        assert heading in out
    for pattern in (
        r"postgres cold .* [\d.]+ s\s+<= 1.5 s\s+(ok|MISSED)",
        r"recreate schema / savepoint\s+[\d.]+x\s+>= 10x\s+(ok|MISSED)",
        r"\bredis\s+[\d.]+ ms\s+<= 50 ms\s+(ok|MISSED)",
        r"sqlalchemy \(PostgreSQL\)\s+[\d.]+ ms",
        r"memory \(in-process stand-in\)\s+[\d.]+ ms",
        r"total\s+\d+ MB\s+< 1024 MB\s+(ok|MISSED)",
    ):
        assert re.search(pattern, out), f"no line matching {pattern!r} in:\n{out}"
