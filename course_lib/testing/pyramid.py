"""Measure a test suite by layer (markers) from pytest's own reports, and draw it as a pyramid.

`measure(args)` runs pytest in a subprocess with JUnit XML and this module as a tiny plugin: at
collection it writes each test's marker names into the test's JUnit properties, so the XML
carries outcome, total time (setup + call + teardown) and markers for every test. Loaded with
`-p course_lib.testing.pyramid`; importing the module does nothing.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

LAYERS = ("unit", "integration", "e2e")
UNMARKED = "unmarked"
PROPERTY = "markers"  # the JUnit property this plugin writes


@dataclass(frozen=True)
class Layer:
    """One layer of a measured suite: how many tests, their outcomes and their total seconds."""

    name: str
    count: int
    passed: int
    failed: int  # failures and errors
    skipped: int  # skip and xfail
    seconds: float  # setup + call + teardown, summed


@pytest.hookimpl(trylast=True)  # after conftest.py files have added their markers
def pytest_collection_modifyitems(items) -> None:
    """Plugin hook: record every test's marker names as a JUnit property."""
    for item in items:
        names = sorted({mark.name for mark in item.iter_markers()})
        item.user_properties.append((PROPERTY, ",".join(names)))


def layer_of(markers: Iterable[str], layers: Sequence[str] = LAYERS) -> str:
    """The layer a test belongs to: the highest of `layers` among its markers, else 'unmarked'.

    Highest, because a test marked both unit and integration costs what an integration test costs.
    """
    names = set(markers)
    found = [layer for layer in layers if layer in names]
    return found[-1] if found else UNMARKED


def read_junit(path: str | Path, layers: Sequence[str] = LAYERS) -> list[Layer]:
    """Layers from a JUnit XML file written with this plugin loaded (see module docstring).

    Every given layer is listed, in order, even when empty; 'unmarked' is appended only when some
    test had none of the layer markers. Each parametrized case is one test.
    """
    totals = {name: [0, 0, 0, 0.0] for name in (*layers, UNMARKED)}
    for case in ET.parse(path).getroot().iter("testcase"):
        props = {p.get("name"): p.get("value", "") for p in case.iter("property")}
        markers = [m for m in props.get(PROPERTY, "").split(",") if m]
        row = totals[layer_of(markers, layers)]
        if case.find("failure") is not None or case.find("error") is not None:
            row[1] += 1
        elif case.find("skipped") is not None:
            row[2] += 1
        else:
            row[0] += 1
        row[3] += float(case.get("time") or 0.0)
    result = []
    for name, (passed, failed, skipped, seconds) in totals.items():
        count = passed + failed + skipped
        if name != UNMARKED or count:
            result.append(Layer(name, count, passed, failed, skipped, round(seconds, 3)))
    return result


def _environment() -> dict[str, str]:
    """This process's environment without what would make the inner pytest think it is nested."""
    env = dict(os.environ)
    for key in list(env):
        if key.startswith("PYTEST_XDIST_") or key in ("PYTEST_CURRENT_TEST", "PYTEST_ADDOPTS"):
            del env[key]
    return env


def _run(command: list[str], cwd, timeout: float, shown: str) -> subprocess.CompletedProcess:
    """Run `command` in its own process group; on timeout stop the group (xdist workers too)."""
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter, our own arguments
        command,
        cwd=cwd,
        env=_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise TimeoutError(
            f"pytest {shown} did not finish within {timeout:g} s and was stopped "
            "(with any workers it started): select fewer tests or pass a larger timeout="
        ) from None
    return subprocess.CompletedProcess(command, proc.returncode, out, "")


@dataclass(frozen=True)
class Measurement:
    """What one measured run gave: the layers, and pytest's own output (e.g. --durations)."""

    layers: list[Layer]
    output: str
    exit_code: int


def run(
    args: Sequence[str],
    *,
    cwd: str | Path | None = None,
    layers: Sequence[str] = LAYERS,
    timeout: float = 600,
) -> Measurement:
    """measure(), keeping pytest's output and exit code too (see measure)."""
    with tempfile.TemporaryDirectory(prefix="course-pyramid-") as tmp:
        report = Path(tmp) / "report.xml"
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            "-p",
            "course_lib.testing.pyramid",
            f"--junitxml={report}",
            "-o",
            "junit_duration_report=total",
            "-o",
            "junit_logging=no",
            "-q",
            *args,
        ]
        done = _run(command, cwd, timeout, " ".join(args))
        if done.returncode == 5:  # no tests collected (or all deselected)
            empty = [Layer(name, 0, 0, 0, 0, 0.0) for name in layers]
            return Measurement(empty, done.stdout, done.returncode)
        if done.returncode not in (0, 1) or not report.exists():
            tail = "\n".join(done.stdout.strip().splitlines()[-12:])
            raise RuntimeError(f"pytest stopped with exit code {done.returncode}:\n{tail}")
        return Measurement(read_junit(report, layers), done.stdout, done.returncode)


def measure(
    args: Sequence[str],
    *,
    cwd: str | Path | None = None,
    layers: Sequence[str] = LAYERS,
    timeout: float = 600,
) -> list[Layer]:
    """Run pytest with `args` (paths, `-m ...`, `-n 2`, ...) in a subprocess; count and time per
    layer from its JUnit XML. Test failures are counted, not raised; a run that stops before
    running tests (collection or usage error) raises RuntimeError with pytest's last lines, and one
    that takes longer than `timeout` seconds raises TimeoutError. No files are left behind.
    """
    return run(args, cwd=cwd, layers=layers, timeout=timeout).layers


def describe_shape(layers: Sequence[Layer]) -> str:
    """One sentence on the shape by count, bottom to top: pyramid, trophy, ice-cream cone..."""
    shown = [layer for layer in layers if layer.name != UNMARKED]
    counts = [layer.count for layer in shown]
    if len(counts) < 2 or not any(counts):
        return "Too few layers with tests to have a shape."
    widest = shown[counts.index(max(counts))].name
    slowest = max(shown, key=lambda layer: layer.seconds)
    total = sum(layer.seconds for layer in layers) or 1.0
    if counts == sorted(counts, reverse=True):
        shape = "a pyramid: most tests at the bottom, fewer at each layer up"
    elif counts == sorted(counts):
        shape = "an ice-cream cone: the slow, broad tests outnumber the fast, narrow ones"
    elif widest not in (shown[0].name, shown[-1].name):
        shape = f"a trophy: the {widest} layer is the widest"
    else:
        shape = "an hourglass: wide at both ends, thin in the middle"
    unmarked = sum(layer.count for layer in layers if layer.name == UNMARKED)
    tail = f"; {unmarked} tests carry no layer marker" if unmarked else ""
    return (
        f"The suite is {shape}; the {slowest.name} layer takes "
        f"{slowest.seconds / total:.0%} of the time{tail}."
    )


# Light fills, so the black labels on them keep a contrast of at least 4.5:1 (WCAG AA); the figure
# has its own opaque white background, so it reads the same in light and dark JupyterLab themes.
COLOURS = {"unit": "#9fd8a6", "integration": "#9cc6ec", "e2e": "#f6bf86", UNMARKED: "#d9d9d9"}
INK = "#1a1a1a"
PAPER = "#ffffff"


def _note(layer: Layer) -> str:
    extra = [
        f"{n} {word}" for n, word in ((layer.failed, "failed"), (layer.skipped, "skipped")) if n
    ]
    return f"{layer.seconds:.1f} s" + (f" ({', '.join(extra)})" if extra else "")


def plot_pyramid(layers: Sequence[Layer], *, title: str = "", ax=None):
    """Centred horizontal bars, the first layer (unit) at the bottom: a healthy suite looks like a
    pyramid, one that leans on slow tests like an ice-cream cone. Count on each bar, seconds (and
    failed/skipped) beside it. Returns the matplotlib Figure."""
    if ax is None:
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7, 0.7 * len(layers) + 1.2), layout="constrained")
    fig = ax.figure
    fig.set_facecolor(PAPER)
    ax.set_facecolor(PAPER)
    widest = max([layer.count for layer in layers] + [1])
    for y, layer in enumerate(layers):
        colour = COLOURS.get(layer.name, COLOURS[UNMARKED])
        ax.barh(y, layer.count, left=-layer.count / 2, height=0.8, color=colour, edgecolor=INK)
        narrow = layer.count < widest * 0.1  # the number would not fit inside: put it left
        x, align = (-layer.count / 2 - widest * 0.02, "right") if narrow else (0, "center")
        ax.text(x, y, str(layer.count), ha=align, va="center", color=INK, fontweight="bold")
        ax.text(widest / 2 + widest * 0.04, y, _note(layer), ha="left", va="center", color=INK)
    ax.set_yticks(range(len(layers)), [layer.name for layer in layers], color=INK)
    ax.set_xlim(-widest / 2 - widest * 0.05, widest / 2 + widest * 0.6)
    ax.set_ylim(-0.6, len(layers) - 0.4)
    ax.set_xticks([])
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0, colors=INK)
    ax.set_title(title or "tests per layer (bar width) and their time", color=INK, loc="left")
    return fig
