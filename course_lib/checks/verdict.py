"""Which of the learner's tests score, judged over all the runs of each test.

Every test runs on the reference, on an impostor (the reference renamed), on each variant and on
the reference again after the variants. Only a test that passes on all three correct runs scores;
a variant counts as caught when such a test FAILS on it (a skip checks nothing, so never counts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from course_lib.checks.outcome import ItemReport

REFERENCE, IMPOSTOR, AGAIN = "reference", "impostor", "reference-again"

ORDER = "order-dependent"  # its verdict changed between the two runs of the reference
BROKEN = "fails on the correct implementation"
IDENTITY = "checks identity"  # passes on the reference, fails on the renamed copy


@dataclass
class TestRuns:
    """One learner test (one parametrized case) and its run on each implementation."""

    __test__ = False  # not a pytest test class, despite the name

    name: str
    runs: dict[str, ItemReport] = field(default_factory=dict)

    def passed(self, impl: str) -> bool | None:
        """Whether it passed on `impl`; None when it did not run there."""
        run = self.runs.get(impl)
        return None if run is None else run.passed

    def catches(self, variant: str) -> bool:
        run = self.runs.get(variant)
        return run is not None and not run.passed and not run.skipped


def by_test(items: list[ItemReport]) -> list[TestRuns]:
    """Group the session's items per learner test, in the order the tests first ran."""
    tests: dict[str, TestRuns] = {}
    for item in items:
        tests.setdefault(item.name, TestRuns(item.name)).runs[item.param or REFERENCE] = item
    return list(tests.values())


def flaw(test: TestRuns) -> str | None:
    """Why this test scores nothing (ORDER, BROKEN, IDENTITY), or None when it scores."""
    first, again = test.passed(REFERENCE), test.passed(AGAIN)
    if first is not None and again is not None and first != again:
        return ORDER
    if not first:
        return BROKEN
    if test.passed(IMPOSTOR) is False:
        return IDENTITY
    return None


@dataclass
class Score:
    flawed: dict[str, list[TestRuns]]  # flaw -> the tests that have it
    good: list[TestRuns]  # the tests that score
    catchers: dict[str, list[str]]  # variant id -> names of the scoring tests that fail on it

    @property
    def caught(self) -> dict[str, bool]:
        return {variant: bool(names) for variant, names in self.catchers.items()}

    @property
    def idle(self) -> list[str]:
        """Scoring tests that caught no variant at all."""
        busy = {name for names in self.catchers.values() for name in names}
        return [t.name for t in self.good if t.name not in busy]


def score(tests: list[TestRuns], variants: list[str]) -> Score:
    flawed: dict[str, list[TestRuns]] = {BROKEN: [], ORDER: [], IDENTITY: []}
    good = []
    for test in tests:
        why = flaw(test)
        if why is None:
            good.append(test)
        else:
            flawed[why].append(test)
    catchers = {v: [t.name for t in good if t.catches(v)] for v in variants}
    return Score(flawed, good, catchers)
