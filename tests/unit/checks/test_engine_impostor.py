"""Tests must judge behaviour, not identity or order: the impostor and the second reference run."""

from __future__ import annotations

import pytest

from course_lib.checks import check
from course_lib.checks.impostor import impostor_of
from course_lib.checks.model import TestExercise, Variant
from course_lib.checks.tests_check import run_tests
from course_lib.lessons.l00_welcome import ex3_checkout_tests as lesson00
from course_lib.shop.models import Product
from course_lib.shop.repositories.sqlite import SqliteProductRepository

NOTHING_CAUGHT_00_3 = dict.fromkeys(
    ["total-in-units", "ignores-quantity", "empty-cart-crashes", "bankers-rounding"]
    + ["discount-as-cents"],
    False,
)


# --- the impostor itself ---------------------------------------------------------------------


def test_a_function_impostor_behaves_the_same_under_another_identity():
    def total(items, percent=0, *, fee=5):
        return sum(items) - percent + fee

    total.tag = "kept"
    twin = impostor_of(total)
    assert twin.tag == "kept"
    assert twin is not total and twin.__name__ != "total" and "total" not in twin.__qualname__
    assert twin([1, 2], 1) == total([1, 2], 1) == 7 and twin([1], fee=0) == 1
    assert twin.__module__ == total.__module__ and twin.__doc__ == total.__doc__


def test_a_class_impostor_is_a_copy_when_safe():
    twin = impostor_of(SqliteProductRepository)
    assert twin.__name__ != "SqliteProductRepository" and twin.__qualname__ == twin.__name__
    assert not issubclass(twin, SqliteProductRepository)
    assert twin.__bases__ == SqliteProductRepository.__bases__


def test_a_class_using_super_or_slots_gets_a_subclass():
    class Base:
        def hello(self):
            return "hi"

    class WithSuper(Base):
        def hello(self):
            return super().hello() + "!"

    class WithSlots:
        __slots__ = ("x",)

    twin = impostor_of(WithSuper)
    assert issubclass(twin, WithSuper) and twin.__name__ != "WithSuper"
    assert twin().hello() == "hi!"
    assert issubclass(impostor_of(WithSlots), WithSlots)


def test_super_in_a_property_or_classmethod_or_a_metaclass_gets_a_subclass():
    class Base:
        @property
        def size(self):
            return 1

        @classmethod
        def make(cls):
            return cls()

    class InProperty(Base):
        @property
        def size(self):
            return super().size + 1

    class InClassmethod(Base):
        @classmethod
        def make(cls):
            return super().make()

    class Meta(type):
        pass

    class WithMeta(metaclass=Meta):
        pass

    for cls in (InProperty, InClassmethod, WithMeta):
        twin = impostor_of(cls)
        assert issubclass(twin, cls) and twin is not cls and twin.__name__ != cls.__name__
    assert impostor_of(InProperty)().size == 2
    assert isinstance(impostor_of(InClassmethod).make(), InClassmethod)
    plain = impostor_of(Base)
    assert not issubclass(plain, Base) and plain().size == 1 and plain.make().size == 1


def test_no_impostor_for_other_objects():
    assert impostor_of(42) is None and impostor_of(len) is None


# --- learner tests that check identity score nothing ----------------------------------------


def _identity_tests():
    def test_name(checkout):
        assert checkout.__name__ == "checkout"

    def test_is_the_reference(checkout):
        assert checkout is lesson00.checkout

    def test_qualname(checkout):
        assert checkout.__qualname__ == "checkout"

    return [test_name, test_is_the_reference, test_qualname]


@pytest.mark.parametrize("test", _identity_tests(), ids=lambda t: t.__name__)
def test_a_test_that_checks_identity_scores_nothing(test):
    result = check("00.3", tests=[test], record=False)
    assert result.status == "failed" and result.caught == NOTHING_CAUGHT_00_3
    assert f"{test.__name__} checks which implementation it got, not what it does" in (
        result.summary
    )
    assert "caught 0 of 5 bugs" in result.summary


def test_an_identity_test_beside_a_good_one_keeps_only_the_good_catches():
    def test_empty(checkout):
        assert checkout([]) == 0

    result = check("00.3", tests=[test_empty, _identity_tests()[0]], record=False)
    assert result.status == "failed"
    assert result.caught == {**NOTHING_CAUGHT_00_3, "empty-cart-crashes": True}
    assert "the other tests caught 1 of 5 bugs" in result.summary


def test_type_checks_on_a_repository_score_nothing():
    def test_type_name(repo):
        assert type(repo).__name__ == "SqliteProductRepository"

    def test_isinstance(repo):
        assert isinstance(repo, SqliteProductRepository)

    def test_type_is(repo):
        repo.add(Product("A1", "Mug", 1250))
        assert type(repo) is SqliteProductRepository

    for test in (test_type_name, test_isinstance, test_type_is):
        result = check("02.3", tests=[test], record=False)
        assert result.status == "failed" and not any(result.caught.values()), str(result)
        assert "checks which implementation it got" in result.summary


def test_impostor_and_second_run_are_not_reported_as_variants():
    result = check("00.3", tests=[_identity_tests()[0]], record=False)
    assert set(result.caught) == set(NOTHING_CAUGHT_00_3)
    assert set(result.to_record()["variants"]) == set(NOTHING_CAUGHT_00_3)


# --- order dependence ------------------------------------------------------------------------


def test_a_test_whose_verdict_depends_on_earlier_runs_scores_nothing():
    seen = []

    def test_first_call_only(checkout):
        seen.append(checkout)
        assert len(seen) == 1, "passes only the first time it runs"

    result = check("00.3", tests=[test_first_call_only], record=False)
    assert result.status == "failed" and result.caught == NOTHING_CAUGHT_00_3
    assert "test_first_call_only is order-dependent" in result.summary
    assert "checks which implementation" not in result.summary, "order is reported, not identity"


def test_a_test_failing_on_both_reference_runs_is_not_order_dependent():
    def test_wrong(checkout):
        assert checkout([]) == 1

    result = check("00.3", tests=[test_wrong], record=False)
    assert "test_wrong fails on the correct implementation" in result.summary
    assert "order-dependent" not in result.summary


# --- the catalog may name its own impostor ----------------------------------------------------


def provide(impl, request):
    yield impl


def double(x):
    return 2 * x


def double_twin(x):
    return x + x


def broken_twin(x):
    return 0


def triple(x):
    return 3 * x


def _exercise(impostor: str) -> TestExercise:
    here = __name__
    return TestExercise(
        id="99.7",
        title="Doubling",
        fixture="double",
        provide=f"{here}:provide",
        reference=f"{here}:double",
        impostor=impostor,
        variants=(Variant("triples", "x3", "try 2", f"{here}:triple"),),
    )


def test_the_catalog_impostor_override_is_used():
    def test_two(double):
        assert double(2) == 4

    assert run_tests(_exercise(f"{__name__}:double_twin"), [test_two], 5).status == "passed"
    broken = run_tests(_exercise(f"{__name__}:broken_twin"), [test_two], 5)
    assert broken.status == "failed" and broken.caught == {"triples": False}
    assert "test_two checks which implementation it got" in broken.summary
