"""check() grades what %%ipytest ran: classes, parametrized cases, notebook fixtures (issue 5.1)."""

from __future__ import annotations

import pytest

from course_lib.checks import check
from course_lib.lessons.l00_welcome.ex3_checkout_tests import checkout as reference_checkout
from course_lib.shop.errors import Duplicate, NotFound
from course_lib.shop.models import Product

CART = [{"price_cents": 250, "qty": 2}, {"price_cents": 100, "qty": 1}]
HALF = [{"price_cents": 1005, "qty": 1}]  # 10 % off lands on half a cent
HALF_TOTAL = reference_checkout(HALF, 10)  # whatever the course's rounding rule says
ALL_00_3 = {
    "total-in-units": True,
    "ignores-quantity": True,
    "empty-cart-crashes": True,
    "bankers-rounding": True,
    "discount-as-cents": True,
}


def verdict(result):
    return result.status, dict(result.caught)


# --- 00.3, the same suite written three ways (built in functions: this file's pytest must not
# collect the learner's tests itself) ----------------------------------------------------------

CASES = [(CART, 0, 600), ([], 0, 0), ([{"price_cents": 2000, "qty": 1}], 10, 1800)]
IDS = ["quantity", "empty", "discount"]


def plain_suite() -> list:
    def test_quantity(checkout):
        assert checkout(CART) == 600

    def test_empty(checkout):
        assert checkout([]) == 0

    def test_discount(checkout):
        assert checkout([{"price_cents": 2000, "qty": 1}], 10) == 1800

    def test_half_cent(checkout):
        assert checkout(HALF, 10) == HALF_TOTAL

    return [test_quantity, test_empty, test_discount, test_half_cent]


def class_suite() -> type:
    class TestCheckout:
        def test_quantity(self, checkout):
            assert checkout(CART) == 600

        def test_empty(self, checkout):
            assert checkout([]) == 0

        def test_discount(self, checkout):
            assert checkout([{"price_cents": 2000, "qty": 1}], 10) == 1800

        def test_half_cent(self, checkout):
            assert checkout(HALF, 10) == HALF_TOTAL

    return TestCheckout


def parametrized_suite():
    @pytest.mark.parametrize(("items", "percent", "expected"), [*CASES, (HALF, 10, HALF_TOTAL)])
    def test_checkout(checkout, items, percent, expected):
        assert checkout(items, percent) == expected

    return test_checkout


def test_plain_class_and_parametrized_suites_get_the_same_verdict_on_00_3():
    plain = check("00.3", tests=plain_suite(), record=False)
    in_class = check("00.3", tests=[class_suite()], record=False)
    parametrized = check("00.3", tests=[parametrized_suite()], record=False)
    assert verdict(plain) == verdict(in_class) == verdict(parametrized) == ("passed", ALL_00_3)


def test_partial_suites_miss_the_same_bug_in_every_form():
    class TestPartial:
        def test_quantity(self, checkout):
            assert checkout(CART) == 600

        @pytest.mark.parametrize(("items", "percent", "expected"), CASES[1:], ids=IDS[1:])
        def test_more(self, checkout, items, percent, expected):
            assert checkout(items, percent) == expected

    @pytest.mark.parametrize(("items", "percent", "expected"), CASES, ids=IDS)
    def test_partial(checkout, items, percent, expected):
        assert checkout(items, percent) == expected

    plain = check("00.3", tests=plain_suite()[:3], record=False)
    expected = ("failed", {**ALL_00_3, "bankers-rounding": False})
    assert verdict(plain) == expected
    assert verdict(check("00.3", tests=[TestPartial], record=False)) == expected
    assert verdict(check("00.3", tests=[test_partial], record=False)) == expected
    assert "caught 4 of 5 bugs (missed: bankers-rounding)" in plain.summary


def test_a_case_failing_on_the_reference_is_named_with_its_class_and_id():
    class TestCart:
        @pytest.mark.parametrize("expected", [0, 1], ids=["empty", "wrong"])
        def test_total(self, checkout, expected):
            assert checkout([]) == expected

    result = check("00.3", tests=[TestCart], record=False)
    assert result.status == "failed"
    assert result.caught == {**dict.fromkeys(ALL_00_3, False), "empty-cart-crashes": True}
    assert result.summary.startswith("TestCart::test_total[wrong] fails on the correct")
    assert "TestCart::test_total[empty] fails" not in str(result)
    names = [case.name for case in result.cases]
    assert "bug empty-cart-crashes: caught by TestCart::test_total[empty]" in names


def test_a_case_that_catches_is_named_with_its_id():
    result = check("00.3", tests=[parametrized_suite()], record=False)
    names = [case.name for case in result.cases]
    assert "bug empty-cart-crashes: caught by test_checkout[items1-0-0]" in names


# --- fixtures: class-level, chained notebook fixtures, usefixtures, autouse -----------------


def test_fixtures_of_the_class_and_the_notebook_lead_to_the_exercise_fixture():
    @pytest.fixture
    def priced(checkout):
        return lambda items, percent=0: checkout(items, percent)

    @pytest.fixture
    def till(priced):  # a chain: till -> priced -> checkout
        return priced

    class TestTill:
        @pytest.fixture
        def empty_total(self, till):
            return till([])

        def test_empty(self, empty_total):
            assert empty_total == 0

        def test_quantity(self, till):
            assert till(CART) == 600

    namespace = {"priced": priced, "till": till, "TestTill": TestTill}
    result = check("00.3", tests=namespace, record=False)
    assert result.caught["empty-cart-crashes"] and result.caught["ignores-quantity"]
    assert "caught 3 of 5 bugs" in result.summary and "does not use" not in result.summary


def test_usefixtures_and_autouse_fixtures_make_a_test_use_the_exercise():
    box = {}

    @pytest.fixture
    def bind(checkout):
        box["checkout"] = checkout

    @pytest.fixture(autouse=True)
    def bind_always(checkout):
        box["auto"] = checkout

    @pytest.mark.usefixtures("bind")
    def test_empty():
        assert box["checkout"]([]) == 0

    def test_quantity():
        assert box["auto"](CART) == 600

    namespace = {"bind": bind, "bind_always": bind_always, "test_empty": test_empty}
    result = check("00.3", tests={**namespace, "test_quantity": test_quantity}, record=False)
    assert result.caught["empty-cart-crashes"] and result.caught["ignores-quantity"]
    assert "does not use" not in result.summary


def test_tests_without_the_fixture_are_named_and_not_graded():
    def test_arithmetic():
        assert 1 + 1 == 2

    class TestUnrelated:
        def test_nothing(self):
            assert True

    namespace = {"test_arithmetic": test_arithmetic, "TestUnrelated": TestUnrelated}
    suite = {t.__name__: t for t in plain_suite()}
    result = check("00.3", tests={**namespace, **suite}, record=False)
    assert verdict(result) == ("passed", ALL_00_3)
    assert "test_arithmetic, TestUnrelated::test_nothing do not use the `checkout` fixture" in (
        result.summary
    )
    assert "correct implementation: your 4 test(s) pass" in str(result)

    alone = check("00.3", tests=[test_arithmetic], record=False)
    assert alone.status == "failed" and not any(alone.caught.values())
    assert "test_arithmetic does not use the `checkout` fixture, so it checks nothing" in (
        alone.summary
    )


def test_a_module_that_fails_to_collect_is_a_learner_facing_failure():
    @pytest.mark.parametrize("percent", [0, 10])
    def test_typo(checkout, pct):
        assert checkout([], pct) == 0

    good = plain_suite()[1]
    result = check("00.3", tests={"test_typo": test_typo, "test_empty": good}, record=False)
    assert result.status == "failed" and result.caught == {}
    assert "could not be collected" in result.summary and "test_typo" in result.summary
    assert "function uses no argument 'percent'" in result.summary
    assert "exercise_module.py" not in result.summary


def test_tests_can_come_from_a_module():
    import types

    module = types.ModuleType("learner")
    module.TestCheckout = class_suite()
    assert verdict(check("00.3", tests=module, record=False)) == ("passed", ALL_00_3)


# --- 02.3 (a repository over a real SQLite file), the same suite written three ways ---------


def _add_then_get(repo):
    repo.add(Product("A1", "Mug", 1250, stock=3))
    assert repo.get("A1") == Product("A1", "Mug", 1250, stock=3)


def _copy(repo):
    repo.add(Product("A1", "Mug", 1250, stock=3))
    repo.get("A1").stock = 99
    assert repo.get("A1").stock == 3


def _ordered(repo):
    for sku in ["C3", "A1", "B2"]:
        repo.add(Product(sku, sku.lower(), 100))
    assert [p.sku for p in repo.list()] == ["A1", "B2", "C3"]


def _duplicate(repo):
    repo.add(Product("A1", "Mug", 1250))
    with pytest.raises(Duplicate):
        repo.add(Product("A1", "Other", 1))
    assert repo.get("A1").name == "Mug"


def _missing_update(repo):
    with pytest.raises(NotFound):
        repo.update(Product("NOPE", "x", 1))


REPO_CHECKS = [_add_then_get, _copy, _ordered, _duplicate, _missing_update]


def _plain_repo_suite():
    def make(check_fn):
        def test(repo):
            check_fn(repo)

        test.__name__ = "test" + check_fn.__name__
        return test

    return [make(f) for f in REPO_CHECKS]


def repo_class_suite() -> type:
    class TestRepository:
        @pytest.fixture
        def stored(self, repo):
            return repo

        @pytest.mark.parametrize("contract", REPO_CHECKS, ids=lambda f: f.__name__.strip("_"))
        def test_contract(self, stored, contract):
            contract(stored)

    return TestRepository


def repo_parametrized_suite():
    @pytest.mark.parametrize("contract", REPO_CHECKS)
    def test_repo_contract(repo, contract):
        contract(repo)

    return test_repo_contract


def test_plain_class_and_parametrized_suites_get_the_same_verdict_on_02_3():
    plain = check("02.3", tests=_plain_repo_suite(), record=False)
    in_class = check("02.3", tests=[repo_class_suite()], record=False)
    parametrized = check("02.3", tests=[repo_parametrized_suite()], record=False)
    assert plain.status == "passed" and all(plain.caught.values()), str(plain)
    assert verdict(plain) == verdict(in_class) == verdict(parametrized)
    partial = check("02.3", tests=_plain_repo_suite()[:2], record=False)
    assert partial.status == "failed" and "caught 2 of 5" in partial.summary


def test_the_notebooks_reference_fixture_is_replaced_whatever_its_variable():
    from course_lib.checks import exercise_fixture

    def test_empty(checkout):
        assert checkout([]) == 0

    for variable in ("checkout", "my_fixture"):
        namespace = {variable: exercise_fixture("00.3"), "test_empty": test_empty}
        result = check("00.3", tests={"__name__": "__main__", **namespace}, record=False)
        assert result.caught["empty-cart-crashes"], f"{variable}: the variants did not run"


def test_tests_that_do_not_use_the_fixture_do_not_run():
    ran = []

    def test_side_effect():
        ran.append(1)

    check("00.3", tests=[test_side_effect, plain_suite()[1]], record=False)
    assert ran == []


def test_graded_keeps_fixture_users_in_phase_order_and_names_the_others_once():
    from types import SimpleNamespace

    from course_lib.checks.collect import Graded

    def item(name, impl=None, uses=True):
        callspec = SimpleNamespace(params={"checkout": impl} if impl else {}, _idlist=[])
        if impl:
            callspec._idlist = [impl]
        node = f"exercise_module.py::{name}" + (f"[{impl}]" if impl else "")
        return SimpleNamespace(
            nodeid=node, callspec=callspec, fixturenames=["checkout"] if uses else ["tmp_path"]
        )

    impls = ["reference", "impostor", "bug", "reference-again"]
    items = [item(t, i) for t in ("test_a", "test_b") for i in impls]
    items += [item("test_c[1]", uses=False), item("test_c[2]", uses=False)]
    deselected = []
    hook = SimpleNamespace(pytest_deselected=lambda items: deselected.extend(items))
    config = SimpleNamespace(hook=hook)
    graded = Graded("checkout", {"reference": 0, "impostor": 1, "bug": 2, "reference-again": 3})
    graded.pytest_collection_modifyitems(config, items)
    assert [i.nodeid.split("::")[1] for i in items] == [
        f"{t}[{i}]" for i in impls for t in ("test_a", "test_b")
    ]
    assert graded.ignored == ["test_c"] and len(deselected) == 2
