"""A progress bar for `grade` on stderr: rich's bar on a terminal, a plain counter otherwise."""

from __future__ import annotations

import contextlib
import sys
import threading


@contextlib.contextmanager
def progress_bar(total: int, stream=None):
    """Yields advance(report): call it once per finished workbook (from any thread)."""
    stream = stream or sys.stderr
    lock = threading.Lock()
    done = [0]
    if stream.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=Console(file=stream), transient=True) as bar:
            task = bar.add_task("grading", total=total)

            def advance(report=None) -> None:
                bar.advance(task)

            yield advance
        return

    def count(report=None) -> None:
        with lock:
            done[0] += 1
            name = getattr(report, "path", None)
            suffix = f" ({name.parent.name}/{name.name})" if name is not None else ""
            print(f"graded {done[0]}/{total}{suffix}", file=stream, flush=True)

    yield count
