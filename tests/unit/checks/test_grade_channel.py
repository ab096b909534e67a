"""The sealed channel: results reach `grade` signed with a secret no cell has seen."""

from __future__ import annotations

import pytest

from course_lib.checks import engine, grade_channel
from course_lib.checks.result import Result


@pytest.fixture(autouse=True)
def empty_channel(monkeypatch):
    monkeypatch.setattr(grade_channel, "_KEPT", {})


def _result(status="passed", exercise="00.1"):
    return Result(exercise, "Round", "code", status, "all 12 cases pass.")


def test_round_trip_through_the_reply_text():
    grade_channel.keep(_result())
    secret = grade_channel.new_secret()
    reply = repr(grade_channel.sealed(secret))  # what IPython returns for a user expression
    records = grade_channel.unseal(reply, secret)
    assert records["00.1"]["status"] == "passed"
    assert Result.from_record(records["00.1"]).passed


def test_the_last_result_per_exercise_is_kept():
    grade_channel.keep(_result("failed"))
    grade_channel.keep(_result("passed"))
    secret = grade_channel.new_secret()
    assert grade_channel.unseal(repr(grade_channel.sealed(secret)), secret)["00.1"]["status"] == (
        "passed"
    )


def test_a_result_changed_after_check_is_not_what_the_grader_gets():
    result = _result("failed")
    grade_channel.keep(result)
    result.status = "passed"  # the learner edits the object check() returned
    secret = grade_channel.new_secret()
    records = grade_channel.unseal(repr(grade_channel.sealed(secret)), secret)
    assert records["00.1"]["status"] == "failed"


@pytest.mark.parametrize(
    "forge",
    [
        lambda good, secret: good.replace("failed", "passed"),  # edited body, old signature
        lambda good, secret: repr(grade_channel.sealed("a guessed secret")),
        lambda good, secret: repr('{"00.1": {"status": "passed"}}'),  # printed JSON, unsigned
        lambda good, secret: "not a python literal (",
        lambda good, secret: None,
        lambda good, secret: repr(12),
    ],
)
def test_anything_not_signed_with_this_secret_is_refused(forge):
    grade_channel.keep(_result("failed"))
    secret = grade_channel.new_secret()
    good = repr(grade_channel.sealed(secret))
    assert grade_channel.unseal(good, secret) is not None
    assert grade_channel.unseal(forge(good, secret), secret) is None


def test_every_secret_is_fresh():
    assert grade_channel.new_secret() != grade_channel.new_secret()


def test_the_engine_hands_every_result_to_the_channel(monkeypatch):
    monkeypatch.delenv(engine.RECORDS_ENV, raising=False)
    engine._emit(_result("not done yet", "00.2"))
    secret = grade_channel.new_secret()
    records = grade_channel.unseal(repr(grade_channel.sealed(secret)), secret)
    assert records["00.2"]["status"] == "not done yet"


def test_the_expression_names_the_secret_only_in_the_request():
    secret = grade_channel.new_secret()
    expr = grade_channel.expression(secret)
    assert secret in expr and "sealed" in expr
