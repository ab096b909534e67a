"""What a test check says once every test ran: the cases and the "caught k of n bugs" summary."""

from __future__ import annotations

from course_lib.checks.explain import explain
from course_lib.checks.model import TestExercise
from course_lib.checks.result import FAILED, PASSED, Case
from course_lib.checks.verdict import (
    AGAIN,
    BROKEN,
    IDENTITY,
    IMPOSTOR,
    ORDER,
    REFERENCE,
    Score,
    TestRuns,
)

# flaw -> (case title after the test's name, why it scores nothing, hint)
_FLAWS = {
    BROKEN: (
        "fails on the correct implementation",
        "",
        "A test must pass on correct code: check what you expect.",
    ),
    ORDER: (
        "is order-dependent",
        "Its verdict changed when the correct implementation ran again after the bugs: it "
        "depends on what ran before it (state kept between tests?), so it scores nothing.",
        "Build what a test needs inside the test or in a fixture; keep no state between tests.",
    ),
    IDENTITY: (
        "checks which implementation it got, not what it does",
        "It fails on a renamed copy of the correct implementation (same behaviour, another "
        "name, type and identity), so it scores nothing.",
        "Assert on what the code returns or stores, never on its name, its type or `is`.",
    ),
}
_SHOWN_RUN = {BROKEN: REFERENCE, ORDER: AGAIN, IDENTITY: IMPOSTOR}


def _names(names) -> str:
    return ", ".join(names)


def _failing_run(test: TestRuns, flaw: str):
    """The run that shows the flaw: the one it names, else whichever correct run failed."""
    for impl in (_SHOWN_RUN[flaw], REFERENCE, AGAIN):
        run = test.runs.get(impl)
        if run is not None and not run.passed:
            return run
    return None


def flaw_cases(score: Score, timeout: float) -> list[Case]:
    cases = []
    for flaw, tests in score.flawed.items():
        title, why, hint = _FLAWS[flaw]
        for test in tests:
            run = _failing_run(test, flaw)
            shown = explain(run, timeout=timeout) if run is not None else ""
            message = "\n".join(part for part in (why, shown) if part)
            output = run.output if run is not None else ""
            cases.append(Case(f"{test.name} {title}", False, message, hint, output))
    return cases


def variant_cases(ex: TestExercise, score: Score) -> list[Case]:
    cases = []
    for v in ex.variants:
        by = score.catchers.get(v.id, [])
        name = f"bug {v.id}: caught by {_names(by)}" if by else f"bug {v.id}: missed"
        message = f"Misconception: {v.misconception}"
        if v.lesson:
            message += f"\nThis kind of bug is from lesson {v.lesson}."
        cases.append(Case(name, bool(by), message, v.hint))
    return cases


def missed_lessons(ex: TestExercise, caught: dict[str, bool]) -> str:
    """' Missed bugs come from lessons 03, 08.' for missed variants that name a lesson, or ''."""
    numbers = sorted(
        {v.lesson.split()[0] for v in ex.variants if v.lesson and not caught.get(v.id, True)}
    )
    if not numbers:
        return ""
    word = "lesson" if len(numbers) == 1 else "lessons"
    return f" Missed bugs come from {word} {', '.join(numbers)}."


def unused(ignored: list[str], fixture: str) -> str:
    """The sentence naming the tests that do not use the exercise fixture."""
    if len(ignored) == 1:
        return (
            f"{ignored[0]} does not use the `{fixture}` fixture, so it checks nothing of this "
            "exercise."
        )
    return (
        f"{_names(ignored)} do not use the `{fixture}` fixture, so they check nothing of this "
        "exercise."
    )


def notes(score: Score, ignored: list[str], fixture: str, given: tuple[str, ...] = ()) -> str:
    """Notes after the verdict; tests the workbook itself supplies (`given`) are never nagged."""
    text = ""
    idle = [name for name in score.idle if name.split("[")[0] not in given]
    if idle:
        text += (
            f" Note: {_names(idle)} caught none of the bugs — "
            "does it assert on what the code returns?"
        )
    if ignored:
        text += f" Note: {unused(ignored, fixture)}"
    return text


def _flaw_summary(score: Score) -> str:
    parts = []
    for flaw, tests in score.flawed.items():
        if tests:
            title = _FLAWS[flaw][0]
            tail = ", so it scores nothing" if len(tests) == 1 else ", so they score nothing"
            tail = " — a test must pass on correct code" if flaw == BROKEN else tail
            parts.append(f"{_names(t.name for t in tests)} {title}{tail}")
    return "; ".join(parts)


def summary(score: Score, note: str) -> tuple[str, str]:
    """(status, summary sentence) from the score."""
    caught = score.caught
    k, n = sum(caught.values()), len(caught)
    flawed = _flaw_summary(score)
    if flawed:
        return FAILED, f"{flawed} (the other tests caught {k} of {n} bugs).{note}"
    if k == 0:
        return FAILED, (
            f"your tests caught 0 of {n} bugs: they pass on every buggy version, "
            f"so they catch nothing. Assert on what the code returns.{note}"
        )
    if k < n:
        missed = _names(v for v, ok in caught.items() if not ok)
        return FAILED, f"your tests caught {k} of {n} bugs (missed: {missed}).{note}"
    return (
        PASSED,
        f"your tests caught {n} of {n} bugs and pass on the correct implementation.{note}",
    )
