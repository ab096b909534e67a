"""A Signature gives the answer name, the 'expects' sentence and the shape check from one line."""

from __future__ import annotations

import pytest

from course_lib.checks.model import CodeExercise
from course_lib.checks.signature import Signature


def test_function_signature():
    sig = Signature("total_cents(prices_cents, discount_percent=0)", returns="whole cents")
    assert (sig.name, sig.params, sig.is_class) == (
        "total_cents",
        ["prices_cents", "discount_percent"],
        False,
    )
    assert (
        sig.expects
        == "a function total_cents(prices_cents, discount_percent=0) returning whole cents"
    )

    def total_cents(prices_cents, discount_percent=0):
        return 0

    def one_arg(prices_cents):
        return 0

    assert sig.shape(total_cents) is None
    assert "should be called as total_cents(prices_cents, discount_percent)" in sig.shape(one_arg)
    assert "not a function" in sig.shape(42)


def test_class_signature():
    sig = Signature("class Cache(inner)", methods="get(sku), list()", extra="and a .hits count")
    assert (sig.name, sig.is_class) == ("Cache", True)
    assert sig.expects == "a class Cache(inner) with get(sku), list() and a .hits count"

    class Cache:
        def get(self, sku):
            return None

        def list(self):
            return []

    class NoList:
        def get(self, sku):
            return None

    assert sig.shape(Cache) is None
    assert "has no method list()" in sig.shape(NoList)
    assert "not an instance" in sig.shape(Cache())


def test_exercise_derives_answer_and_expects():
    ex = CodeExercise(id="99.1", title="t", hidden="m", signature=Signature("f(x)", returns="y"))
    assert (ex.answer, ex.answers, ex.expects) == ("f", ("f",), "a function f(x) returning y")
    assert ex.shape(lambda x: x) is None and ex.shape(lambda: 1) is not None


def test_unreadable_signature_is_an_authoring_error():
    with pytest.raises(ValueError, match="cannot read"):
        Signature("not a signature!")
