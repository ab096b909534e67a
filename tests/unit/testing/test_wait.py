"""wait_until: returns as soon as the condition holds, fails with a message that says what."""

import pytest

from course_lib.testing import WaitTimeout, wait_until

pytestmark = pytest.mark.unit


def test_returns_the_first_truthy_value():
    calls = iter([0, None, "ready"])
    assert wait_until(lambda: next(calls), timeout=5) == "ready"


def test_times_out_with_the_message_and_last_result():
    with pytest.raises(
        WaitTimeout, match=r"waited 0.05 s for the order to ship; last result: \[\]"
    ):
        wait_until(lambda: [], timeout=0.05, message="the order to ship")


def test_a_timeout_is_a_test_failure_not_an_error():
    assert issubclass(WaitTimeout, AssertionError)


def test_exceptions_from_the_predicate_propagate():
    with pytest.raises(ZeroDivisionError):
        wait_until(lambda: 1 / 0)
