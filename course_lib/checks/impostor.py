"""The impostor: the reference's behaviour under another name, type and identity.

A learner's test must judge what the code does. One that asserts `checkout.__name__ ==
"checkout"`, `type(repo) is Reference` or `checkout is reference` passes on the reference and
fails on every variant, so it would "catch" them all; the impostor is correct code it fails on.
"""

from __future__ import annotations

import abc
import types

NAME = "twin"  # unrelated to any reference's name, so no name test can pass on it


def impostor_of(impl):
    """A behaviour-identical stand-in for `impl`, or None when none can be made safely."""
    if isinstance(impl, types.FunctionType):
        return _copy_function(impl)
    if isinstance(impl, type):
        return _copy_class(impl) or _subclass(impl)
    return None


def _copy_function(func: types.FunctionType) -> types.FunctionType:
    clone = types.FunctionType(
        func.__code__, func.__globals__, NAME, func.__defaults__, func.__closure__
    )
    clone.__kwdefaults__ = dict(func.__kwdefaults__) if func.__kwdefaults__ else None
    clone.__dict__.update(func.__dict__)
    clone.__doc__, clone.__module__ = func.__doc__, func.__module__
    clone.__qualname__ = NAME
    return clone


def _functions(value):
    """The plain functions behind a class attribute (methods, static/class methods, properties)."""
    if isinstance(value, staticmethod | classmethod):
        value = value.__func__
    if isinstance(value, property):
        return [f for f in (value.fget, value.fset, value.fdel) if f is not None]
    return [value] if isinstance(value, types.FunctionType) else []


def _copyable(cls: type) -> bool:
    """A copy (not a subclass) is safe: plain metaclass, no slots, no zero-argument super()."""
    body = vars(cls)
    return (
        type(cls) in (type, abc.ABCMeta)
        and "__slots__" not in body
        and not any(
            "__class__" in f.__code__.co_freevars for v in body.values() for f in _functions(v)
        )
    )


def _copy_class(cls: type) -> type | None:
    """Same bases and body under another name: isinstance(x, cls) is False on its instances."""
    if not _copyable(cls):
        return None
    body = {k: v for k, v in vars(cls).items() if k not in ("__dict__", "__weakref__")}
    body["__qualname__"] = NAME.title()
    try:
        return type(cls)(NAME.title(), cls.__bases__, body)
    except Exception:  # noqa: BLE001 - a base that refuses a copy: the subclass will do
        return None


def _subclass(cls: type) -> type | None:
    try:
        return type(cls)(
            NAME.title(),
            (cls,),
            {"__qualname__": NAME.title(), "__module__": cls.__module__, "__doc__": cls.__doc__},
        )
    except Exception:  # noqa: BLE001 - a final class: no impostor, the other checks still run
        return None
