"""The first code cell of every notebook: `from course_lib.notebook import setup; setup()`.

Why a helper: ipytest's default `raise_on_error=False` lets a failing `%%ipytest` cell pass
under nbval silently; one shared call keeps that trap closed in every notebook.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

import course_lib


def _services_summary() -> str:
    """Which backend each service *would* use, without starting anything."""
    try:
        from course_lib import backends
    except ImportError:
        return "services: not available"
    parts = []
    for name, label in (("postgres", "PostgreSQL"), ("redis", "Redis"), ("broker", "broker")):
        try:
            choice = backends.choose(name)
            parts.append(f"{label} {choice.backend}")
        except Exception as exc:  # a summary line must never break the setup cell
            parts.append(f"{label} unknown ({type(exc).__name__})")
    return ", ".join(parts)


def summary() -> str:
    """One line: versions and backends. No timestamps, ports or paths (outputs must be stable)."""
    py = ".".join(platform.python_version_tuple()[:2])
    return f"course_lib {course_lib.__version__} · Python {py} · {_services_summary()}"


def _name_error_hint(shell, etype, value, tb, tb_offset=None):
    """IPython custom exception handler: the usual traceback, then one sentence on what to do."""
    stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    name = getattr(value, "name", None) or "that name"
    hint = (
        f"Hint: `{name}` is not defined in this kernel yet. Run the cell that defines it first "
        "(after a restart, use Run ▸ Run All Above Selected Cell), and check its spelling."
    )
    stb = [*stb, hint]
    shell._showtraceback(etype, value, stb)
    return stb


def setup(*, autoreload: bool = True, quiet: bool = False) -> None:
    """Configure ipytest (raise_on_error=True), autoreload, a NameError hint; print the summary.

    `%%ipytest -q` cells then print pytest's summary line and skip reasons (see addopts below).
    """
    import ipytest
    from IPython import get_ipython

    # No "-q" here: the cells say `%%ipytest -q`, and two -q would hide pytest's summary line
    # ("3 passed in 0.05s"). "-rfEs" lists failures, errors and skip reasons (Testcontainers
    # says "no Docker" there); "--no-header" keeps paths and versions out of a cell run.
    # nbval is a plugin for running whole notebooks; loading it in every %%ipytest cell costs
    # seconds (its imports) and its options live in the project's addopts, so drop both here.
    # course_lib is imported before pytest runs in a kernel, so pytest cannot rewrite the asserts
    # of its plugin module; with filterwarnings=error that notice would fail every test cell.
    addopts = [
        "-rfEs",
        "--no-header",
        "-p",
        "no:nbval",
        "-o",
        "addopts=",
        "-W",
        "ignore::pytest.PytestAssertRewriteWarning",
    ]
    ipytest.autoconfig(raise_on_error=True, addopts=addopts)
    shell = get_ipython()
    if shell is not None:
        if autoreload:
            if "autoreload" not in shell.extension_manager.loaded:
                shell.run_line_magic("load_ext", "autoreload")
            shell.run_line_magic("autoreload", "2")
        # The most common learner mistake: running a check before the cell that defines the answer.
        shell.set_custom_exc((NameError,), _name_error_hint)
    if not quiet:
        print(summary())
        _remind_where_answers_go()


def _remind_where_answers_go() -> None:
    """In a workbook opened from exercises/ (which course updates replace), point to my-work/."""
    from course_lib import workspace

    note = workspace.reminder(Path.cwd(), os.environ.get("JPY_SESSION_NAME"))
    if note:
        print(note)
