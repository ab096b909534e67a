"""The course in a real JupyterHub: installed without touching the hub's own packages, delivered
by an nbgitpuller link, run by two learners at once in Chromium, learners kept apart, nothing left.

As root, learners are throwaway OS users (LocalProcessSpawner), so their separation is real; as
any other user, the hub runs everyone as that one user (SimpleLocalProcessSpawner) and the
separation part is reported, not asserted. Times and memory are printed, never asserted.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from course_lib.testing import wait_until
from tests.hub import hub_env as env_module
from tests.hub import hub_process as hp
from tests.hub import learner_browser as lb
from tests.hub import os_users
from tests.hub.measurements import machine, record
from tests.notebooks.browser import launch_chromium

pytestmark = [pytest.mark.hub, pytest.mark.slow]

SEPARATE = "separate OS users (LocalProcessSpawner)"
ONE_USER = "ONE OS user for all (SimpleLocalProcessSpawner: not root, so NOT separated)"
WORKBOOK = "exercises/00-welcome.ipynb"
SOLVED = "solutions/00-welcome.ipynb"
EMBEDDED = (
    "from course_lib.backends import broker_url, postgres_url, redis_url\n"
    "import sqlalchemy as sa\n"
    "engine = sa.create_engine(postgres_url())\n"
    "with engine.connect() as conn:\n"
    "    one = conn.scalar(sa.text('select 1'))\n"
    "print('HUB-SERVERS', one, bool(redis_url()), bool(broker_url()))\n"
    "engine.dispose()"
)


def test_hub_constraints_agree_with_pyproject():
    """docs/hub/constraints.txt: the course's pins minus the hub's JupyterLab, ipykernel, pytest."""
    assert sorted(env_module.listed_constraints()) == sorted(env_module.expected_constraints()), (
        "docs/hub/constraints.txt is stale: regenerate it with `python -m tests.hub.hub_env`"
    )


@pytest.mark.timeout(1800)  # a cold cache downloads and installs ~700 MB first
def test_the_course_in_a_real_jupyterhub(browser_tools, hub_env, course_repo, tmp_path):
    _hub_keeps_its_own_packages(hub_env)
    work, served, branch = course_repo
    separate = os.geteuid() == 0
    record("machine", machine())
    record("learners", SEPARATE if separate else ONE_USER)
    with _learners(3, separate) as learners:
        uids = {lr.uid for lr in learners if lr.uid is not None}
        tag = _run_classroom(hub_env, work, served, branch, learners, tmp_path, browser_tools)
        wait_until(
            lambda: not hp.marked(tag) and not os_users.processes_of(uids),
            timeout=60,
            interval=0.5,
            message="no process of the hub or its learners",
        )
    for learner in learners:
        assert not learner.home.exists(), f"{learner.home} was not removed"
        if separate:
            assert not os_users.exists(learner.name), f"user {learner.name} was not removed"
    assert not os_users.scratch_of(uids), "a learner left files in /dev/shm, /tmp or /var/tmp"


def _hub_keeps_its_own_packages(env) -> None:
    """The hub's JupyterLab, ipykernel and pytest keep the hub's versions, not the course's."""
    kept = env_module.versions(env.python)
    assert kept == {n: env_module.HUB_PINS[n] for n in env_module.KEPT}
    problems = env_module.pip_check_problems(env.python)
    # course_lib asks for its exact pins of those three; nothing else may be broken
    assert all(p.lower().startswith("course-lib") for p in problems), problems
    record("hub's own packages after installing the course", kept)


@contextmanager
def _learners(count: int, separate: bool):
    """Three learners with private homes; as root real OS users, removed afterwards."""
    home_root = Path(tempfile.mkdtemp(prefix="course-hub-homes-"))
    os.chmod(home_root, 0o711)  # learners reach their own home, list no one's
    learners: list[os_users.Learner] = []
    try:
        for name in os_users.names(count):
            if separate:
                learners.append(os_users.create(name, home_root))
            else:
                (home_root / name).mkdir(mode=0o700)
                learners.append(os_users.Learner(name=name, home=home_root / name))
        yield learners
    finally:
        left = os_users.remove(learners)
        if left:  # e.g. the embedded PostgreSQL's template cache, kept by design between kernels
            record("left by learners in /dev/shm, /tmp, /var/tmp (removed)", ", ".join(left))
        shutil.rmtree(home_root, ignore_errors=True)


def _workbook_plan(work: Path, other_home: Path):
    """(new sources by cell index, cells to append, indices to run) for 00.1 in the workbook:
    the setup and import cells, the learner's answer (the solution's cell), its check cell."""
    exercise = json.loads((work / WORKBOOK).read_text())["cells"]
    solved = json.loads((work / SOLVED).read_text())["cells"]
    src = ["".join(c["source"]) for c in exercise]
    code = [i for i, c in enumerate(exercise) if c["cell_type"] == "code"]
    stub = next(i for i in code if "def total_cents" in src[i])
    check_cell = next(i for i in code if src[i].startswith('check("00.1"'))
    answer = next("".join(c["source"]) for c in solved if "def total_cents" in "".join(c["source"]))
    probe = (
        "import json, pathlib\n"
        "print('HUB-CHECK', bool(_))\n"  # _ is the Result the check cell displayed
        "seen = {}\n"
        f"for p in [pathlib.Path({str(other_home)!r}), "
        f"pathlib.Path({str(other_home / 'course' / WORKBOOK)!r})]:\n"
        "    try:\n"
        "        p.read_bytes() if p.suffix else list(p.iterdir())\n"
        "        seen[str(p)] = 'read'\n"
        "    except PermissionError:\n"
        "        seen[str(p)] = 'denied'\n"
        "print('HUB-READ', json.dumps(seen))\n"
    )
    return {stub: answer}, [probe], [code[0], code[1], stub, check_cell]


def _lines(text: str, prefix: str) -> list[str]:
    return [ln[len(prefix) + 1 :] for ln in text.splitlines() if ln.startswith(prefix + " ")]


def _run_classroom(env, work, served, branch, learners, tmp_path, playwright) -> str:
    """Start the hub, deliver the course to three learners, two run a check at once; stop it all.
    Returns the hub's process tag (for the check that nothing of it is left)."""
    a, b, c = learners
    separate = a.uid is not None
    tag = secrets.token_hex(8)  # in the environment of every process started for this class
    with (
        hp.git_daemon(served, tag) as git_url,
        hp.running_hub(tmp_path, env, learners, separate_users=separate, tag=tag) as hub,
    ):
        record("hub ready (start to API answering)", f"{hub.ready_seconds:.1f} s")
        repo = f"{git_url}/course"
        with playwright.sync_playwright() as p:
            browser = launch_chromium(p)
            try:
                _classroom_in_browser(browser, hub, repo, branch, work, learners)
            finally:
                browser.close()
        label = {a.name: "A", b.name: "B", c.name: "C (alone)"}
        for name, seconds in hub.start_seconds().items():
            record(f"user server start, learner {label.get(name, name)}", f"{seconds:.1f} s")
        for learner in learners:
            assert (learner.home / "course" / WORKBOOK).exists(), f"{learner.name} got no course"
        if separate:
            for learner in learners:
                assert (learner.home / "course").stat().st_uid == learner.uid
    wait_until(
        lambda: not hp.still_alive(hub.seen),
        timeout=60,
        interval=0.5,
        message="every process of the hub to end after it stopped",
    )
    return tag


def _classroom_in_browser(browser, hub, repo, branch, work, learners) -> None:
    a, b, c = learners
    # Learner C alone first: a clean server start, then an idle server (no kernel) to measure.
    page_c = browser.new_context().new_page()
    lb.log_in(page_c, hub.url, c.name, lb.pull_link(repo, branch, "lab/tree/course"))
    lb.wait_for_lab(page_c, c.name, notebook=False)
    page_c.context.close()
    server_c = hp.user_server(hub, c.name)
    assert server_c is not None, "learner C's server is not running"
    assert not hp.kernels(server_c), "C opened no notebook, yet a kernel runs"
    record("idle user server (no kernel), RSS / PSS", _mb(hp.memory([server_c])))

    # Learners A and B at the same time: the link opens the workbook, both run the 00.1 check.
    link = lb.pull_link(repo, branch, f"lab/tree/course/{WORKBOOK}")
    pages = {}
    for learner in (a, b):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        pages[learner.name] = context.new_page()
        lb.log_in(pages[learner.name], hub.url, learner.name, link)
    for learner in (a, b):
        lb.wait_for_lab(pages[learner.name], learner.name, notebook=True)
    for learner, other in ((a, b), (b, a)):
        lb.start_run(pages[learner.name], *_workbook_plan(work, other.home))
    results = {lr.name: lb.finish_run(pages[lr.name]) for lr in (a, b)}
    for learner, other in ((a, b), (b, a)):
        outputs = results[learner.name]
        assert not lb.errors_in(outputs), f"{learner.name}: {lb.errors_in(outputs)}"
        probe = lb.text_of(outputs[-1])
        assert _lines(probe, "HUB-CHECK") == ["True"], f"{learner.name}'s check failed: {probe}"
        seen = json.loads(_lines(probe, "HUB-READ")[0])
        if learner.uid is not None:
            assert set(seen.values()) == {"denied"}, f"{learner.name} read {other.name}'s: {seen}"
        else:
            record(f"{learner.name} reading {other.name}'s home (one OS user)", seen)
        progress = _progress_of(learner)
        assert "00.1" in progress, f"{learner.name}'s progress file does not record 00.1"
    if a.uid is not None:
        record("learner A reading learner B's home and workbook", "PermissionError (denied)")

    server_a, server_b = hp.user_server(hub, a.name), hp.user_server(hub, b.name)
    kernels = hp.kernels(server_a) + hp.kernels(server_b)
    assert len(kernels) == 2, f"expected one kernel per learner, found {len(kernels)}"
    record(
        "user server with JupyterLab open, after a check (A), RSS / PSS", _mb(hp.memory([server_a]))
    )
    for learner, kernel in zip((a, b), kernels, strict=True):
        record(
            f"kernel after the 00.1 check ({learner.name[-1].upper()}), RSS / PSS",
            _mb(hp.memory([kernel])),
        )
    before = hp.tree(server_a)
    record(
        "whole learner A before embedded servers, RSS / PSS",
        _mb(hp.memory(before)) + f"; processes: {', '.join(hp.names_of(before))}",
    )

    # Learner A starts the embedded PostgreSQL, Redis and broker in the kernel.
    lb.start_run(pages[a.name], {}, [EMBEDDED], [])
    outputs = lb.finish_run(pages[a.name])
    assert not lb.errors_in(outputs), lb.errors_in(outputs)
    assert _lines(lb.text_of(outputs[-1]), "HUB-SERVERS") == ["1 True True"]
    everything = hp.tree(server_a)
    record(
        "whole learner A with embedded servers running, RSS / PSS",
        _mb(hp.memory(everything)) + f"; processes: {', '.join(hp.names_of(everything))}",
    )
    hub.processes()  # remember every pid, for the check after the stop
    for page in pages.values():
        page.context.close()


def _progress_of(learner) -> str:
    found = list(learner.home.glob(".local/share/**/progress.json"))
    return "".join(p.read_text() for p in found)


def _mb(mem: dict) -> str:
    return f"{mem['rss_mb']:.0f} MB / {mem['pss_mb']:.0f} MB ({mem['processes']} processes)"
