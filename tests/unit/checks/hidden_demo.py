"""A tiny hidden test module for engine tests: the submission is a class Counter()."""


def test_counts(submission):
    """inc() twice gives 2"""
    counter = submission()
    counter.inc()
    counter.inc()
    assert counter.value == 2, f"expected value 2 after two inc(), got {counter.value!r}"
