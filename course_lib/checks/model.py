"""What an exercise is: plain frozen dataclasses, so a catalog file is pure data.

References to code are "module:attribute" strings, imported only when a check runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from course_lib.checks.signature import Signature


@dataclass(frozen=True)
class Variant:
    """One buggy version of the reference: a plausible mistake the learner's tests should catch."""

    id: str  # short slug, e.g. "add-never-flushes"
    misconception: str  # one line: the wrong belief behind the bug
    hint: str  # one line: what kind of test would catch it
    impl: str  # "module:attribute" of the buggy implementation
    lesson: str = ""  # where its kind of bug was taught, e.g. "07 (files)"; "" shows nothing


@dataclass(frozen=True)
class CodeExercise:
    """The learner writes code; the hidden pytest module checks it via the `submission` fixture."""

    id: str  # "NN.k"
    title: str
    hidden: str  # dotted module name of the hidden pytest module
    signature: Signature | None = None  # written once: gives answer, expects and the shape check
    hint: str = ""
    expects: str = ""  # derived from signature; set by hand only for a multi-object answer
    answer: str | tuple[str, ...] = ""  # derived from signature; a tuple for several objects
    timeout: float = 10.0  # seconds per hidden test before it is stopped as an endless loop
    points: int = 1  # what passing it is worth in `grade`'s class report
    # pytest plugin modules the check session loads, e.g. "pytest_httpserver.pytest_plugin"
    plugins: tuple[str, ...] = ()
    kind = "code"

    def __post_init__(self):
        if self.signature is not None:
            if not self.answer:
                object.__setattr__(self, "answer", self.signature.name)
            if not self.expects:
                object.__setattr__(self, "expects", self.signature.expects)

    @property
    def answers(self) -> tuple[str, ...]:
        return (self.answer,) if isinstance(self.answer, str) else tuple(self.answer)

    def shape(self, submission) -> str | None:
        """What is wrong with the kind of object passed, from the signature (None: looks right)."""
        return self.signature.shape(submission) if self.signature else None

    @property
    def lesson(self) -> str:
        return self.id.split(".")[0]


@dataclass(frozen=True)
class TestExercise:
    """The learner writes tests using `fixture`: pass on the reference, fail on each variant."""

    __test__ = False  # not a pytest test class, despite the name

    id: str
    title: str
    fixture: str  # name of the fixture the learner's tests request, e.g. "repo"
    provide: str  # "module:function": generator provide(impl, request) yielding the fixture value
    reference: str  # "module:attribute" of the correct implementation
    variants: list[Variant] | tuple[Variant, ...] = field(default_factory=tuple)
    hint: str = ""
    timeout: float = 10.0  # seconds per learner test run
    # "module:attribute" of a correct implementation under another name, type and identity;
    # empty: the engine makes one from the reference (course_lib.checks.impostor)
    impostor: str = ""
    given: tuple[str, ...] = ()  # tests the workbook supplies: no "caught none" note for them
    points: int = 1  # what passing it is worth in `grade`'s class report
    plugins: tuple[str, ...] = ()  # pytest plugin modules the session loads (fixtures learners use)
    kind = "test"

    @property
    def lesson(self) -> str:
        return self.id.split(".")[0]


Exercise = CodeExercise | TestExercise
