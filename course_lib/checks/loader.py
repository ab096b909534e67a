"""Import hidden test modules with pytest's assertion rewriting, once per process.

The engine runs pytest with --assert=plain (no import hook), so it rewrites hidden modules itself:
a bare `assert got == want` then still shows both values.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
import types

_CACHE: dict[str, types.ModuleType] = {}


def load_hidden(name: str) -> types.ModuleType:
    if name in _CACHE:
        return _CACHE[name]
    from _pytest.assertion.rewrite import rewrite_asserts

    spec = importlib.util.find_spec(name)
    if spec is None or not spec.origin:
        raise ModuleNotFoundError(f"hidden test module {name} not found", name=name)
    with open(spec.origin, "rb") as fh:
        source = fh.read()
    tree = ast.parse(source, filename=spec.origin)
    rewrite_asserts(tree, source, spec.origin)
    module = types.ModuleType(name)
    module.__file__ = spec.origin
    module.__package__ = name.rpartition(".")[0]
    code = compile(tree, spec.origin, "exec", dont_inherit=True)
    placed = sys.modules.setdefault(name, module) is module
    try:
        exec(code, module.__dict__)
    except BaseException:
        if placed:
            del sys.modules[name]
        raise
    _CACHE[name] = module
    return module
