"""Undo what a learner's test may change: cwd, environment, sys.path, sys.modules, streams."""

from __future__ import annotations

import contextlib
import os
import sys


@contextlib.contextmanager
def isolated():
    cwd = os.getcwd()
    env = dict(os.environ)
    path = list(sys.path)
    modules = dict(sys.modules)
    streams = (sys.stdout, sys.stderr, sys.stdin)
    argv = list(sys.argv)
    try:
        yield
    finally:
        sys.stdout, sys.stderr, sys.stdin = streams
        sys.argv[:] = argv
        with contextlib.suppress(OSError):
            if os.getcwd() != cwd:
                os.chdir(cwd)
        if dict(os.environ) != env:
            os.environ.clear()
            os.environ.update(env)
        sys.path[:] = path
        for name, module in modules.items():  # replaced or removed modules come back;
            if (
                sys.modules.get(name) is not module
            ):  # newly imported ones stay (re-import is costly)
                sys.modules[name] = module
