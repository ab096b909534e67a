"""The impostor behaves like the reference; exercise_fixture hands out the reference (item 10)."""

from __future__ import annotations

import types

import pytest

from course_lib.checks.implementations import exercise_fixture
from course_lib.checks.impostor import _copyable, impostor_of
from course_lib.checks.session import run_module


def test_a_closure_keeps_its_captured_values():
    def make(step):
        def add(x):
            return x + step

        return add

    add_three = make(3)
    twin = impostor_of(add_three)
    assert twin is not add_three and twin.__name__ == "twin"
    assert twin(1) == add_three(1) == 4


class Plain:
    """A plain class: copied, not subclassed."""

    def __init__(self):
        self.items = [1]

    def size(self):
        return len(self.items)


def test_a_copied_class_has_the_same_body_and_working_instances():
    twin = impostor_of(Plain)
    assert not issubclass(twin, Plain) and twin.__qualname__ == twin.__name__ == "Twin"
    assert set(vars(twin)) == set(vars(Plain)), "nothing added, nothing lost"
    obj = twin()
    assert obj.size() == 1 and vars(obj) == {"items": [1]} and obj.__weakref__ is None


class Slotted:
    """Empty slots."""

    __slots__ = ()

    def size(self):
        return 0


def test_a_class_with_slots_gets_a_subclass_keeping_module_and_doc():
    assert not _copyable(Slotted) and _copyable(Plain)
    twin = impostor_of(Slotted)
    assert issubclass(twin, Slotted) and twin.__name__ == twin.__qualname__ == "Twin"
    assert (twin.__module__, twin.__doc__) == (Slotted.__module__, "Empty slots.")
    assert set(vars(twin)) <= {"__module__", "__doc__", "__dict__", "__weakref__"}
    assert twin().size() == 0


def test_exercise_fixture_hands_out_the_reference_to_a_notebooks_tests():
    def test_empty(checkout):
        assert checkout([]) == 0

    def test_quantity(checkout):
        assert checkout([{"price_cents": 250, "qty": 2}]) == 500

    module = types.ModuleType("notebook")
    module.checkout = exercise_fixture("00.3")
    module.test_empty, module.test_quantity = test_empty, test_quantity
    report = run_module(module, timeout=10)
    assert [(i.name, i.passed) for i in report.items] == [
        ("test_empty", True),
        ("test_quantity", True),
    ]


def test_exercise_fixture_of_a_code_exercise_is_refused():
    with pytest.raises(
        TypeError, match=r"^Exercise 00\.1 is a code exercise; it has no fixture\.$"
    ):
        exercise_fixture("00.1")
