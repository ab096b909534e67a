"""Hidden tests for exercise 01.4: rank_by_risk(boundaries) for risk-based integration testing.

The inputs are chosen so that the plausible wrong scores (the sum, likelihood first) and the
plausible wrong tie-breaks (input order, reverse=True on (score, name)) give other answers than
likelihood x impact with ties by name. None repeats the lesson's own example list.
"""

from __future__ import annotations


def _expect(submission, boundaries, expected, why):
    got = submission(list(boundaries))
    assert got == expected, f"expected {expected}, got {got!r}: {why}"


def test_highest_risk_first(submission):
    """Boundaries come back ordered by likelihood × impact, highest first"""
    boundaries = [
        ("basket -> session store", 2, 3),
        ("checkout -> tax service", 5, 4),
        ("search -> index", 1, 2),
        ("invoices -> PDF renderer", 3, 3),
    ]
    expected = [
        "checkout -> tax service",
        "invoices -> PDF renderer",
        "basket -> session store",
        "search -> index",
    ]
    _expect(submission, boundaries, expected, "risk scores are 20, 9, 6, 2")


def test_score_is_a_product_not_a_sum(submission):
    """The score is likelihood × impact, not likelihood + impact"""
    _expect(
        submission,
        [("a", 1, 5), ("b", 3, 2)],
        ["b", "a"],
        "b scores 3 × 2 = 6, a scores 1 × 5 = 5 (as sums they would be 5 and 6)",
    )


def test_score_is_not_likelihood_first(submission):
    """A likely but harmless boundary ranks below a less likely, costly one"""
    _expect(
        submission,
        [("a", 5, 1), ("b", 2, 3)],
        ["b", "a"],
        "b scores 2 × 3 = 6, a scores 5 × 1 = 5; sort by the product, not by likelihood",
    )


def test_ties_alphabetical(submission):
    """Equal scores are ordered by name, so the plan is the same every run"""
    _expect(
        submission,
        [("b", 2, 3), ("a", 3, 2), ("c", 1, 1)],
        ["a", "b", "c"],
        "a and b both score 6: ties in name order (A to Z), whatever order they came in. "
        "Careful: reverse=True on (score, name) also reverses the names",
    )


def test_ties_among_many(submission):
    """Ties stay in name order between higher and lower scores"""
    boundaries = [("d", 5, 5), ("z", 2, 2), ("m", 4, 1), ("e", 1, 4), ("q", 1, 1), ("b", 2, 2)]
    _expect(
        submission,
        boundaries,
        ["d", "b", "e", "m", "z", "q"],
        "scores are d 25; b, e, m, z 4; q 1",
    )


def test_names_only(submission):
    """Returns a list holding the names only"""
    got = submission([("x", 1, 1), ("y", 5, 5)])
    assert isinstance(got, list), f"expected a list, got {type(got).__name__} {got!r}"
    assert got == ["y", "x"], f"expected ['y', 'x'] (names, not tuples), got {got!r}"


def test_input_untouched(submission):
    """Leaves the list it was given as it was"""
    given = [("x", 1, 1), ("y", 5, 5), ("w", 2, 2)]
    copy = list(given)
    submission(given)
    assert given == copy, (
        f"rank_by_risk() changed the list it was given (now {given!r}); sort a copy (sorted())"
    )


def test_empty_and_single(submission):
    """No boundaries, no plan; one boundary, a plan of one"""
    assert submission([]) == [], f"expected [] for an empty list, got {submission([])!r}"
    got = submission([("only", 3, 3)])
    assert got == ["only"], f"expected ['only'], got {got!r}"
