"""An exercise's signature, written once: names the answer, checks its shape, says what it expects.

    Signature("total_cents(prices_cents, discount_percent=0)", returns="whole cents (an int)")
    Signature("class CachedRepository(inner)", methods="add(product), get(sku), list()")

Why one object: the answer name, the shape check and the sentence "expects a function ..." were
written three times per exercise and drifted apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from course_lib.checks.shape import class_shape, function_shape

_CALL = re.compile(r"^\s*(class\s+)?([A-Za-z_]\w*)\s*(?:\((.*)\))?\s*$")


def _params(text: str) -> list[str]:
    """Parameter names of "a, b=1, *, c" (defaults dropped, keyword markers skipped)."""
    names = []
    for part in (p.strip() for p in text.split(",")):
        name = part.split("=")[0].strip()
        if name and name not in ("*", "/"):
            names.append(name)
    return names


def _methods(text: str) -> dict[str, list[str]]:
    """{"add": ["product"], "list": []} from "add(product), list()"."""
    found = re.findall(r"([A-Za-z_]\w*)\s*\(([^)]*)\)", text)
    return {name: _params(params) for name, params in found}


@dataclass(frozen=True)
class Signature:
    """A function `name(params)` or a `class Name(init params)` with `methods`."""

    text: str
    returns: str = ""  # functions: what comes back, in words ("whole cents (an int)")
    methods: str = ""  # classes: "add(product), get(sku)"
    extra: str = ""  # anything else the learner must know ("and a .calls list")

    def __post_init__(self):
        if not _CALL.match(self.text):
            raise ValueError(f"cannot read the signature {self.text!r}")

    @property
    def is_class(self) -> bool:
        return bool(_CALL.match(self.text).group(1))

    @property
    def name(self) -> str:
        return _CALL.match(self.text).group(2)

    @property
    def params(self) -> list[str]:
        return _params(_CALL.match(self.text).group(3) or "")

    @property
    def call(self) -> str:
        """How it is written: "total_cents(prices_cents, discount_percent=0)"."""
        return re.sub(r"^\s*class\s+", "", self.text).strip()

    @property
    def expects(self) -> str:
        """The sentence shown when the learner passes the wrong kind of object."""
        if self.is_class:
            sentence = f"a class {self.call}"
            if self.methods:
                sentence += f" with {self.methods}"
        else:
            sentence = f"a function {self.call}"
            if self.returns:
                sentence += f" returning {self.returns}"
        return f"{sentence} {self.extra}".strip()

    def shape(self, submission) -> str | None:
        """None when `submission` can be called the way the exercise calls it, else what to fix."""
        if self.is_class:
            return class_shape(submission, self.name, _methods(self.methods))
        return function_shape(submission, self.name, self.params)
