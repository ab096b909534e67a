"""Hidden tests for exercise 01.4: rank_by_risk(boundaries) for risk-based integration testing."""

from __future__ import annotations

from course_lib.checks.shape import function_shape

BOUNDARIES = [
    ("catalogue page -> products table", 2, 2),
    ("payment service -> payment provider", 4, 5),
    ("order service -> orders table", 3, 4),
    ("emails -> SMTP relay", 3, 2),
    ("stock -> products table", 4, 3),
]


def shape(submission):
    return function_shape(submission, "rank_by_risk", ["boundaries"])


def test_highest_risk_first(submission):
    """Boundaries come back ordered by likelihood x impact, highest first"""
    got = submission(BOUNDARIES)
    expected = [
        "payment service -> payment provider",
        "order service -> orders table",
        "stock -> products table",
        "emails -> SMTP relay",
        "catalogue page -> products table",
    ]
    assert got == expected, f"expected names ordered by risk score (20, 12, 12, 6, 4), got {got!r}"


def test_ties_alphabetical(submission):
    """Equal scores are ordered by name, so the plan is the same every run"""
    got = submission([("b", 2, 3), ("a", 3, 2), ("c", 1, 1)])
    assert got == ["a", "b", "c"], (
        f"expected ties (score 6) in name order: ['a', 'b', 'c'], got {got!r}"
    )


def test_names_only_and_input_untouched(submission):
    """Returns a list of names and leaves the input list as it was"""
    given = [("x", 1, 1), ("y", 5, 5)]
    copy = list(given)
    got = submission(given)
    assert got == ["y", "x"], f"expected ['y', 'x'], got {got!r}"
    assert given == copy, "rank_by_risk() changed the list it was given; sort a copy (sorted())"


def test_empty(submission):
    """No boundaries, no plan"""
    assert submission([]) == [], "expected [] for an empty list"
