"""The hub's own environment: a throwaway venv with JupyterHub and OTHER versions of JupyterLab,
ipykernel and pytest than the course pins, into which the course is installed the way the hub
guide says (docs/hub/README.md), plus configurable-http-proxy from npm.

Both are cached under a directory keyed by every pin involved, so only the first run pays for the
downloads; the course package itself is reinstalled from the commit under test on every run.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

ROOT = Path(__file__).resolve().parents[2]
CONSTRAINTS = ROOT / "docs" / "hub" / "constraints.txt"

# "The hub's own packages": what a hub admin installed before the course came along. JupyterLab,
# ipykernel and pytest are deliberately NOT the course's versions (pyproject.toml pins 4.6.6,
# 7.4.0 and 9.2.0), so the test shows the course does not replace them.
HUB_PINS = {
    "jupyterhub": "6.1.1",
    "nbgitpuller": "1.3.0",
    "jupyterlab": "4.5.11",
    "ipykernel": "6.31.0",
    "pytest": "8.4.2",
}
KEPT = ("jupyterlab", "ipykernel", "pytest")  # the course must not change these
# The guard of the install command: the hub's own packages at the versions it has.
HUB_OWN = ("jupyterhub", "jupyterlab", "jupyter-server", "notebook", "ipykernel", "pytest")
PROXY = "configurable-http-proxy@5.3.0"


class InstallFailed(RuntimeError):
    """pip or npm could not install something (no registry, no wheel): the test is skipped."""


@dataclass
class HubEnv:
    venv: Path
    proxy: Path  # the configurable-http-proxy executable
    cold: bool  # True when this run built the cache
    seconds: float  # time spent building or refreshing it

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def bin(self) -> Path:
        return self.venv / "bin"


def base_python() -> str:
    """A Python every OS user can run: as root the hub's users must execute the venv's python,
    and a pyenv interpreter under /root (mode 0700) is out of their reach."""
    explicit = os.environ.get("COURSE_HUB_PYTHON")
    if explicit:
        return explicit
    if os.geteuid() == 0:
        for candidate in ("/usr/bin/python3", "/usr/local/bin/python3"):
            if Path(candidate).exists() and _version_ok(candidate):
                return candidate
    return getattr(sys, "_base_executable", sys.executable)


def _version_ok(python: str) -> bool:
    code = "import sys, venv; sys.exit(0 if sys.version_info >= (3, 11) else 1)"
    return subprocess.run([python, "-c", code], capture_output=True).returncode == 0


def cache_root() -> Path:
    """COURSE_HUB_CACHE, else a world-readable folder under /var/tmp (the hub's OS users run
    programs from it), one per Unix user."""
    explicit = os.environ.get("COURSE_HUB_CACHE")
    if explicit:
        return Path(explicit)
    return Path("/var/tmp") / f"course-hub-cache-{os.geteuid()}"


def cache_key(python: str) -> str:
    version = subprocess.run(
        [python, "-c", "import sys; print(sys.version)"], capture_output=True, text=True
    ).stdout
    blob = json.dumps(
        [python, version, HUB_PINS, PROXY, CONSTRAINTS.read_text(), HUB_OWN], sort_keys=True
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def pip(python: Path, *args: str, timeout: float = 600) -> str:
    """Run pip quietly in the venv; InstallFailed with pip's last words when it fails."""
    cmd = [str(python), "-m", "pip", "--disable-pip-version-check", "--no-input", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=_pip_env())
    if done.returncode != 0:
        lines = [ln for ln in (done.stdout + done.stderr).splitlines() if "WARNING" not in ln]
        raise InstallFailed(f"pip {' '.join(args[:2])} failed:\n" + "\n".join(lines[-15:]))
    return done.stdout


def _pip_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env.pop("VIRTUAL_ENV", None)
    return env


def versions(python: Path, names=KEPT) -> dict[str, str]:
    code = (
        "import json, sys; from importlib.metadata import version; "
        "print(json.dumps({n: version(n) for n in sys.argv[1:]}))"
    )
    out = subprocess.run([str(python), "-c", code, *names], capture_output=True, text=True)
    if out.returncode != 0:
        raise InstallFailed(out.stderr[-2000:])
    return json.loads(out.stdout)


def hub_own_freeze(python: Path) -> str:
    """`pip freeze` restricted to the hub's own packages: the guard file of the install."""
    wanted = {n.replace("_", "-") for n in HUB_OWN}
    lines = pip(python, "freeze").splitlines()
    keep = [ln for ln in lines if ln.split("==")[0].lower().replace("_", "-") in wanted]
    return "\n".join(keep) + "\n"


def install_course_requirements(python: Path, workdir: Path) -> None:
    """The guide's command: the course's packages, with the hub's own ones frozen as constraints
    so pip fails rather than replace them."""
    guard = workdir / "hub-own.txt"
    guard.write_text(hub_own_freeze(python))
    pip(python, "install", "--quiet", "-r", str(CONSTRAINTS), "-c", str(guard))


def install_course_package(python: Path, source: Path) -> None:
    """The guide's second command: course_lib itself, without its exact pins."""
    pip(python, "install", "--quiet", "--no-deps", "--force-reinstall", str(source))


def build(course_source: Path) -> HubEnv:
    """The cached hub venv and proxy (built on first use), with the course from course_source."""
    import time

    python = base_python()
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o755)
    key = root / cache_key(python)
    started = time.monotonic()
    with FileLock(str(root / f"{key.name}.lock"), timeout=1200):
        cold = not (key / "complete").exists()
        if cold:
            shutil.rmtree(key, ignore_errors=True)
            key.mkdir(mode=0o755)
            _build_venv(python, key)
            _build_proxy(key)
            (key / "complete").write_text("ok\n")
        (key / "complete").touch()  # last use, for _prune
        venv = key / "venv"
        install_course_package(venv / "bin" / "python", course_source)
    _prune(root, keep=key)
    proxy = key / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
    return HubEnv(venv=venv, proxy=proxy, cold=cold, seconds=time.monotonic() - started)


def _prune(root: Path, keep: Path, days: float = 1.0) -> None:
    """Remove caches of other pins unused for `days` (each is ~700 MB)."""
    import time

    for other in root.iterdir():
        marker = other / "complete"
        if other == keep or not other.is_dir() or not marker.exists():
            continue
        if time.time() - marker.stat().st_mtime > days * 86400:
            shutil.rmtree(other, ignore_errors=True)
            Path(f"{other}.lock").unlink(missing_ok=True)


def _build_venv(python: str, key: Path) -> None:
    venv = key / "venv"
    done = subprocess.run([python, "-m", "venv", str(venv)], capture_output=True, text=True)
    if done.returncode != 0:
        raise InstallFailed(f"{python} -m venv failed: {done.stderr[-1000:]}")
    vpy = venv / "bin" / "python"
    pip(vpy, "install", "--quiet", *(f"{n}=={v}" for n, v in HUB_PINS.items()))
    install_course_requirements(vpy, key)


def _build_proxy(key: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise InstallFailed("npm is not installed: configurable-http-proxy comes from npm")
    cmd = [
        npm,
        "install",
        "--prefix",
        str(key / "proxy"),
        "--no-save",
        "--no-fund",
        "--no-audit",
        "--loglevel=error",
        PROXY,
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise InstallFailed(f"npm install {PROXY} failed:\n{done.stderr[-2000:]}")


def pip_check_problems(python: Path) -> list[str]:
    """`pip check`'s complaints: the course's exact pins of the kept packages, and nothing else."""
    cmd = [str(python), "-m", "pip", "check", "--disable-pip-version-check"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=_pip_env())
    return [ln for ln in done.stdout.splitlines() if ln.strip() and "No broken" not in ln]


HEADER = """\
# The course's packages for a JupyterHub's single-user environment, at the versions the course is
# tested with: every dependency of pyproject.toml EXCEPT the hub's own JupyterLab, ipykernel and
# pytest, which the hub keeps (docs/hub/README.md, "Installing the course into a hub").
# psycopg[binary] is written as psycopg + psycopg-binary so that the file is valid both as a
# requirements file (-r) and as a constraints file (-c).
# Generated from pyproject.toml by `python -m tests.hub.hub_env`; tests/hub/test_hub.py checks it.
"""


def expected_constraints() -> list[str]:
    """The lines constraints.txt must hold, from pyproject.toml's pins."""
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    lines = []
    for pin in pins:
        name, version = pin.split("==")
        if name in KEPT:
            continue
        if name == "psycopg[binary]":
            lines += [f"psycopg=={version}", f"psycopg-binary=={version}"]
        else:
            lines.append(pin)
    return lines


def listed_constraints() -> list[str]:
    lines = CONSTRAINTS.read_text().splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]


if __name__ == "__main__":
    CONSTRAINTS.write_text(HEADER + "\n".join(expected_constraints()) + "\n")
    print(f"wrote {CONSTRAINTS.relative_to(ROOT)}")
