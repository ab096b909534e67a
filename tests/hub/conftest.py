"""The hub test's setup: the course at the committed HEAD, as a clone to install and a bare
repository for nbgitpuller; the cached hub environment; a summary of what was measured."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.helpers import ROOT, missing_tool
from tests.hub import measurements
from tests.notebooks.browser import CHROMIUM


def pytest_terminal_summary(terminalreporter):
    if measurements.LINES:
        terminalreporter.section("JupyterHub: measured (never asserted)")
        for line in measurements.LINES:
            terminalreporter.write_line(line)


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="module")
def course_repo(tmp_path_factory):
    """(working clone, folder of bare repositories, branch): the committed HEAD of this checkout,
    never its uncommitted changes."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the hub test runs on Linux (local process spawners, /proc for memory)")
    if shutil.which("git") is None:
        missing_tool("git is not installed")
    tmp = tmp_path_factory.mktemp("course-repo")
    sha = _git("-C", str(ROOT), "rev-parse", "HEAD")
    branch = _git("-C", str(ROOT), "rev-parse", "--abbrev-ref", "HEAD")
    branch = "main" if branch == "HEAD" else branch
    served = tmp / "served"
    served.mkdir()
    bare = served / "course"  # the link's repo ends in /course, so nbgitpuller makes ~/course
    _git("clone", "--quiet", "--bare", "--no-local", str(ROOT), str(bare))
    _git("-C", str(bare), "update-ref", f"refs/heads/{branch}", sha)
    _git("-C", str(bare), "symbolic-ref", "HEAD", f"refs/heads/{branch}")
    work = tmp / "src"
    _git("clone", "--quiet", "--branch", branch, str(bare), str(work))
    return work, served, branch


@pytest.fixture(scope="module")
def browser_tools():
    """playwright.sync_api, checked before the (slow, when cold) hub environment is built."""
    if CHROMIUM is None:
        missing_tool("no Chromium installed (Debian: apt-get install chromium)")
    try:
        import playwright.sync_api as playwright
    except ImportError:
        missing_tool("playwright is not installed (pip install -e '.[dev]')")
    return playwright


@pytest.fixture(scope="module")
def hub_env(course_repo):
    """The hub's venv and proxy (hub_env.build): skipped with the reason when pip or npm fail."""
    from tests.hub import hub_env as env_module

    try:
        env = env_module.build(course_repo[0])
    except (env_module.InstallFailed, subprocess.TimeoutExpired) as exc:
        missing_tool(f"the hub or its proxy could not be installed: {exc}")
    kind = "cold (built the cache)" if env.cold else "warm (cache reused, course reinstalled)"
    measurements.record("hub environment", f"{kind} in {env.seconds:.1f} s at {env.venv.parent}")
    return env
