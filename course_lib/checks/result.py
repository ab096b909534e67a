"""A check's outcome: plain text for terminals, HTML for Jupyter, a dict for machines."""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass, field

from course_lib.theme import block, mark, status_badge, status_style

PASSED, FAILED, NOT_DONE, ERROR = "passed", "failed", "not done yet", "error"
_MARK = {True: "✓", False: "✗"}
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b")


def plain(text: str) -> str:
    """No terminal escape codes reach a notebook, a terminal or a record."""
    return _ANSI.sub("", text) if isinstance(text, str) else text


@dataclass
class Case:
    name: str
    passed: bool
    message: str = ""  # expected vs actual, or what went wrong
    hint: str = ""
    output: str = ""  # what the code printed (truncated), only for failures

    def __post_init__(self):
        for name in ("name", "message", "hint", "output"):
            setattr(self, name, plain(getattr(self, name)))


@dataclass
class Result:
    exercise: str
    title: str
    kind: str  # "code" | "test"
    status: str  # PASSED | FAILED | NOT_DONE | ERROR
    summary: str
    cases: list[Case] = field(default_factory=list)
    hint: str = ""
    variants: dict[str, bool] = field(default_factory=dict)  # test checks: variant id -> caught

    def __post_init__(self):
        self.summary, self.hint = plain(self.summary), plain(self.hint)

    @property
    def caught(self) -> dict[str, bool]:
        """Test checks: variant id -> whether the learner's tests caught it (same as variants)."""
        return self.variants

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    def __bool__(self) -> bool:
        return self.passed

    def to_record(self) -> dict:
        return asdict(self)

    @classmethod
    def from_record(cls, data: dict) -> Result:
        cases = [Case(**c) for c in data.get("cases", [])]
        return cls(**{**data, "cases": cases})

    def __str__(self) -> str:
        lines = [f"{mark(self.status)} {self.exercise} {self.title}: {self.summary}"]
        for case in self.cases:
            lines.append(f"  {_MARK[case.passed]} {case.name}")
            for label, text in (
                ("", case.message),
                ("Hint: ", case.hint),
                ("Printed: ", case.output),
            ):
                if text and not case.passed:
                    lines.extend(
                        "      " + (label if i == 0 else "") + row
                        for i, row in enumerate(text.splitlines())
                    )
        if self.hint and not self.passed:
            lines.append(f"Hint: {self.hint}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        """Themed HTML (course_lib.theme): JupyterLab's colours, marks and words, wraps anywhere."""
        e = html.escape
        rows = "".join(_case_html(case) for case in self.cases)
        cases = f"<ul class='cl-cases'>{rows}</ul>" if rows else ""
        hint = f"<p><b>Hint:</b> {e(self.hint)}</p>" if self.hint and not self.passed else ""
        head = (
            f"<div>{status_badge(self.status)} <b>{e(self.exercise)} {e(self.title)}</b>: "
            f"{e(self.summary)}</div>"
        )
        edge = f"cl-edge-{status_style(self.status).tone}"
        return block(head + cases + hint, "cl-result", edge)


def _case_html(case: Case) -> str:
    e = html.escape
    parts = []
    if not case.passed:
        if case.message:
            parts.append(f"<pre class='cl-pre'>{e(case.message)}</pre>")
        if case.hint:
            parts.append(f"<div><b>Hint:</b> {e(case.hint)}</div>")
        if case.output:
            parts.append(
                f"<details><summary>Printed output</summary><pre class='cl-pre'>{e(case.output)}"
                "</pre></details>"
            )
    badge = status_badge(PASSED if case.passed else FAILED, _MARK[case.passed])
    return f"<li>{badge} {e(case.name)}{''.join(parts)}</li>"
