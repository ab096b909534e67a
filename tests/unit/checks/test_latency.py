"""The bench's moving parts (the bench itself measures and never asserts on time)."""

from __future__ import annotations

from course_lib.checks import latency as bench


def test_snippet_is_made_only_for_check_cells():
    code = bench._snippet('check("00.1", total_cents)', 3)
    assert "_b.floor('00.1', (total_cents,))" in code and "median_seconds" in code
    assert "_b.floor('00.3', ())" in bench._snippet('check("00.3")', 3)
    assert bench._snippet("x = 1", 3) is None
    assert bench._snippet("%%ipytest -q\ndef test_x(): pass", 3) is None


def test_floor_is_a_plain_pytest_run_on_the_hidden_tests():
    def total_cents(prices_cents, discount_percent=0):
        subtotal = sum(prices_cents)
        return subtotal - (subtotal * discount_percent + 50) // 100

    assert bench.floor("00.1", (total_cents,))() == 0
    assert bench.floor("00.1", (lambda p, d=0: -1,))() == 1
    assert bench.median_seconds(lambda: None, 3) >= 0


def test_the_probe_snippet_runs_in_a_namespace(capsys):
    """The code the bench sends to a kernel imports and runs (a renamed module would break it)."""
    namespace = {}
    source = (
        "from course_lib.checks import check\ndef total_cents(prices_cents, discount_percent=0):\n"
    )
    exec(source + "    return 0\n", namespace)  # noqa: S102
    exec(bench._snippet('check("00.1", total_cents)', 1), namespace)  # noqa: S102
    assert '"id": "00.1"' in capsys.readouterr().out
