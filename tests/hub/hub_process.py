"""A JupyterHub on loopback for the test: its config, start, readiness, stop; the git daemon that
serves the course to nbgitpuller; and what the hub's processes are and how much memory they use.

Every process of this hub (the hub, its proxy, user servers, kernels, embedded servers, their
watchdogs) carries COURSE_HUB_TEST=<tag> in its environment, so "nothing left running" can be
checked for all of them, whatever their parent or OS user.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests

from course_lib.testing import wait_until

ROOT = Path(__file__).resolve().parents[2]
DOCS_CONFIG = ROOT / "docs" / "hub" / "jupyterhub_config.py"
MARK = "COURSE_HUB_TEST"
START_RE = re.compile(r"User (\S+) took ([0-9.]+) seconds to start")
MB = 1024 * 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Hub:
    url: str  # public URL (the proxy)
    token: str  # API token of the test's service
    proc: subprocess.Popen
    log: Path
    tag: str
    ready_seconds: float = 0.0
    seen: dict[int, float] = field(default_factory=dict)  # pid -> create_time of our processes

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"token {self.token}"}
        return requests.request(
            method, f"{self.url}/hub/api{path}", headers=headers, timeout=30, **kwargs
        )

    def start_seconds(self) -> dict[str, float]:
        """Per user, how long the hub says the server took to start (its log)."""
        return {m[1]: float(m[2]) for m in START_RE.finditer(self.log.read_text())}

    def processes(self) -> list[psutil.Process]:
        """Every live process of this hub (remembered, for the check after the stop)."""
        found = marked(self.tag)
        for proc in found:
            try:
                self.seen[proc.pid] = proc.create_time()
            except psutil.Error:
                pass
        return found


def marked(tag: str) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.environ().get(MARK) == tag:
                found.append(proc)
        except psutil.Error:
            continue
    return found


def write_config(
    path: Path, *, port: int, env, learners, separate_users: bool, token: str, tag: str
) -> None:
    """The guide's example config, then what only a test needs (ports, dummy login, a token)."""
    spawner = "localprocess" if separate_users else "simple"
    lines = [
        "c = get_config()  # noqa: F821",
        f"load_subconfig({str(DOCS_CONFIG)!r})  # noqa: F821",
        f"c.JupyterHub.bind_url = 'http://127.0.0.1:{port}'",
        "c.JupyterHub.hub_ip = '127.0.0.1'",
        f"c.JupyterHub.hub_port = {free_port()}",
        f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{free_port()}'",
        f"c.ConfigurableHTTPProxy.command = [{str(env.proxy)!r}]",
        f"c.ConfigurableHTTPProxy.pid_file = {str(path.parent / 'proxy.pid')!r}",
        f"c.JupyterHub.db_url = 'sqlite:///{path.parent / 'jupyterhub.sqlite'}'",
        f"c.JupyterHub.cookie_secret_file = {str(path.parent / 'cookie_secret')!r}",
        "c.JupyterHub.authenticator_class = 'dummy'",
        "c.Authenticator.allow_all = True",
        f"c.JupyterHub.spawner_class = {spawner!r}",
        f"c.Spawner.cmd = [{str(env.bin / 'jupyterhub-singleuser')!r}]",
        # the browser test drives JupyterLab through window.jupyterapp
        "c.Spawner.args = ['--LabApp.expose_app_in_browser=True']",
        "c.Spawner.start_timeout = 180",
        "c.Spawner.http_timeout = 180",
        f"c.Spawner.environment.update({{{MARK!r}: {tag!r}}})",
        f"c.JupyterHub.services = [{{'name': 'course-test', 'api_token': {token!r}}}]",
        "c.JupyterHub.load_roles = [{'name': 'course-test', 'services': ['course-test'],"
        " 'scopes': ['admin:users', 'admin:servers', 'access:servers', 'read:users']}]",
    ]
    if not separate_users:
        home_root = learners[0].home.parent
        lines.append(f"c.SimpleLocalProcessSpawner.home_dir_template = '{home_root}/{{username}}'")
    path.write_text("\n".join(lines) + "\n")


def hub_environment(env, tag: str) -> dict[str, str]:
    """A clean environment: nothing of the test run (COURSE_PROGRESS_FILE, PIP_*) reaches users."""
    keep = {k: os.environ[k] for k in ("LANG", "LC_ALL", "TZ") if k in os.environ}
    return {
        **keep,
        "PATH": f"{env.bin}:/usr/local/bin:/usr/bin:/bin",
        "HOME": os.environ.get("HOME", "/tmp"),
        MARK: tag,
    }


@contextmanager
def running_hub(workdir: Path, env, learners, *, separate_users: bool, tag: str):
    """Yield a ready Hub; stop it (SIGTERM: servers and proxy are cleaned up by the hub) after.
    Every process of it carries COURSE_HUB_TEST=tag."""
    port, token = free_port(), secrets.token_hex(16)
    config = workdir / "jupyterhub_config.py"
    write_config(
        config,
        port=port,
        env=env,
        learners=learners,
        separate_users=separate_users,
        token=token,
        tag=tag,
    )
    log = workdir / "jupyterhub.log"
    started = time.monotonic()
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(env.bin / "jupyterhub"), "-f", str(config)],
            cwd=workdir,
            env=hub_environment(env, tag),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    hub = Hub(url=f"http://127.0.0.1:{port}", token=token, proc=proc, log=log, tag=tag)
    try:
        wait_until(
            lambda: _answers(hub) or proc.poll() is not None,
            timeout=120,
            interval=0.1,
            message="JupyterHub to answer",
        )
        assert proc.poll() is None, f"JupyterHub exited:\n{log.read_text()[-3000:]}"
        hub.ready_seconds = time.monotonic() - started
        hub.processes()
        yield hub
    finally:
        hub.processes()
        stop(proc)


def _answers(hub: Hub) -> bool:
    try:
        return hub.api("GET", "/").ok
    except requests.RequestException:
        return False


def stop(proc: subprocess.Popen, grace: float = 60) -> None:
    """SIGTERM to the process alone (the hub then stops its servers and proxy itself); its whole
    process group is killed only if it has not exited within `grace` seconds."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def still_alive(seen: dict[int, float]) -> list[psutil.Process]:
    alive = []
    for pid, created in seen.items():
        try:
            proc = psutil.Process(pid)
            if proc.create_time() == created and proc.status() != psutil.STATUS_ZOMBIE:
                alive.append(proc)
        except psutil.Error:
            continue
    return alive


@contextmanager
def git_daemon(base: Path, tag: str):
    """`git daemon` on a free loopback port serving the bare repositories in base (read only).
    Yields its git:// URL prefix. A daemon runs as the repository's owner, so no learner meets
    git's "dubious ownership" refusal of a file:// repository owned by root."""
    port = free_port()
    cmd = [
        "git",
        "daemon",
        "--reuseaddr",
        "--export-all",
        "--listen=127.0.0.1",
        f"--port={port}",
        f"--base-path={base}",
        str(base),
    ]
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, MARK: tag},
    )
    try:
        wait_until(
            lambda: _listening(port) or proc.poll() is not None,
            timeout=30,
            interval=0.05,
            message="git daemon to listen",
        )
        assert proc.poll() is None, "git daemon exited"
        yield f"git://127.0.0.1:{port}"
    finally:
        stop(proc, grace=10)


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


# --- memory -------------------------------------------------------------------------------------


def user_server(hub: Hub, name: str) -> psutil.Process | None:
    for proc in hub.processes():
        try:
            if "jupyterhub-singleuser" in " ".join(proc.cmdline()) and (
                proc.environ().get("JUPYTERHUB_USER") == name
            ):
                return proc
        except psutil.Error:
            continue
    return None


def kernels(server: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in server.children(recursive=True):
        try:
            if "ipykernel_launcher" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            continue
    return found


def memory(procs: list[psutil.Process]) -> dict[str, float]:
    """RSS and PSS (shared pages split among their users) in MB, summed over procs."""
    rss = pss = 0
    for proc in procs:
        try:
            info = proc.memory_full_info()
        except psutil.Error:
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return {"rss_mb": round(rss / MB, 1), "pss_mb": round(pss / MB, 1), "processes": len(procs)}


def tree(proc: psutil.Process) -> list[psutil.Process]:
    try:
        return [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return []


LABELS = {
    "jupyterhub-singleuser": "user server",
    "ipykernel_launcher": "kernel",
    "course_lib.backends.reaper": "course watchdog",
    "terminado": "terminal",
}


def names_of(procs: list[psutil.Process]) -> list[str]:
    """Short labels ('kernel', 'postgres', ...), counted: ['kernel', 'postgres x9', ...]."""
    counts: dict[str, int] = {}
    for proc in procs:
        try:
            cmd = " ".join(proc.cmdline())
            label = next((v for k, v in LABELS.items() if k in cmd), proc.name())
        except psutil.Error:
            continue
        counts[label] = counts.get(label, 0) + 1
    return [f"{k} x{n}" if n > 1 else k for k, n in sorted(counts.items())]
