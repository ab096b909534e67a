"""The first code cell of every notebook: `from course_lib.notebook import setup; setup()`.

Why a helper: ipytest's default `raise_on_error=False` lets a failing `%%ipytest` cell pass
under nbval silently; one shared call keeps that trap closed in every notebook.
"""

from __future__ import annotations

import platform

import course_lib


def _services_summary() -> str:
    """Which backend each service *would* use, without starting anything."""
    try:
        from course_lib import services
    except ImportError:
        return "services: not available"
    parts = []
    for name, label in (("postgres", "PostgreSQL"), ("redis", "Redis"), ("broker", "broker")):
        try:
            choice = services.choose(name)
            parts.append(f"{label} {choice.backend}")
        except Exception as exc:  # a summary line must never break the setup cell
            parts.append(f"{label} unknown ({type(exc).__name__})")
    return ", ".join(parts)


def summary() -> str:
    """One line: versions and backends. No timestamps, ports or paths (outputs must be stable)."""
    py = ".".join(platform.python_version_tuple()[:2])
    return f"course_lib {course_lib.__version__} · Python {py} · {_services_summary()}"


def setup(*, autoreload: bool = True, quiet: bool = False) -> None:
    """Configure ipytest (raise_on_error=True), autoreload, and print the summary line."""
    import ipytest

    # nbval is a plugin for running whole notebooks; loading it in every %%ipytest cell costs
    # seconds (its imports) and its options live in the project's addopts, so drop both here.
    ipytest.autoconfig(raise_on_error=True, addopts=["-q", "-p", "no:nbval", "-o", "addopts="])
    if autoreload:
        from IPython import get_ipython

        ip = get_ipython()
        if ip is not None:
            if "autoreload" not in ip.extension_manager.loaded:
                ip.run_line_magic("load_ext", "autoreload")
            ip.run_line_magic("autoreload", "2")
    if not quiet:
        print(summary())
