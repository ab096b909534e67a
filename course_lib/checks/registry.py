"""Find exercises by id: loads every lesson package course_lib/lessons/lNN_<topic> once per process.

A broken lesson file must not hide the other lessons, so load errors are kept per lesson and
reported only when one of its exercises is asked for.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import cache

from course_lib.checks.model import CodeExercise, Exercise, TestExercise

_LESSON = re.compile(r"^l(\d\d)_\w+$")
LESSONS_PACKAGE = "course_lib.lessons"


class UnknownExercise(LookupError):
    """Raised by get() with a sentence a learner can act on."""


@cache
def _load() -> tuple[dict[str, Exercise], dict[str, str]]:
    catalog = importlib.import_module(LESSONS_PACKAGE)
    found: dict[str, Exercise] = {}
    errors: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(catalog.__path__), key=lambda i: i.name):
        match = _LESSON.match(info.name)
        if not match:
            continue
        try:
            module = importlib.import_module(f"{catalog.__name__}.{info.name}")
            items = list(module.EXERCISES)
        except Exception as exc:  # noqa: BLE001 - reported when the lesson is used
            errors[match.group(1)] = f"{type(exc).__name__}: {exc}"
            continue
        for ex in items:
            if not isinstance(ex, CodeExercise | TestExercise):
                errors[match.group(1)] = f"{ex!r} is not a CodeExercise or TestExercise"
            elif ex.id in found:
                errors[match.group(1)] = f"exercise id {ex.id} is defined twice"
            else:
                found[ex.id] = ex
    return found, errors


def lesson_package(lesson: str) -> str | None:
    """Dotted name of lesson "NN"'s package, or None when there is none."""
    catalog = importlib.import_module(LESSONS_PACKAGE)
    for info in pkgutil.iter_modules(catalog.__path__):
        match = _LESSON.match(info.name)
        if match and match.group(1) == lesson:
            return f"{LESSONS_PACKAGE}.{info.name}"
    return None


def exercises(lesson: str | None = None) -> list[Exercise]:
    """All exercises (optionally of one lesson "NN"), in id order."""
    found, _ = _load()
    items = sorted(found.values(), key=lambda e: tuple(int(p) for p in e.id.split(".")))
    return [e for e in items if lesson is None or e.lesson == lesson]


def load_errors() -> dict[str, str]:
    """lesson "NN" -> why its catalog file could not be loaded."""
    return dict(_load()[1])


def get(exercise_id: str) -> Exercise:
    found, errors = _load()
    if exercise_id in found:
        return found[exercise_id]
    lesson = str(exercise_id).split(".")[0]
    if lesson in errors:
        raise UnknownExercise(
            f"The exercises of lesson {lesson} could not be loaded ({errors[lesson]})."
        )
    known = ", ".join(e.id for e in exercises(lesson)) or ", ".join(e.id for e in exercises())
    raise UnknownExercise(f"There is no exercise {exercise_id!r}. Known exercises: {known}.")


def resolve(ref: str):
    """Import "package.module:attribute" (the catalog's way to point at code)."""
    module_name, _, attr = ref.partition(":")
    obj = importlib.import_module(module_name)
    for part in attr.split(".") if attr else ():
        obj = getattr(obj, part)
    return obj
