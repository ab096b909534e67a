"""The reference CI auditor of lesson 11: finds the mistakes that make a green CI run prove less
than it seems, in a GitHub Actions workflow, a compose file and the pytest configuration (all three
already parsed, e.g. with yaml.safe_load and tomllib). Exercise 11.3's buggy versions subclass
`Auditor` and get one step wrong each."""

from __future__ import annotations

import re
import shlex

SQLITE_FALLBACK = "sqlite-fallback"  # integration tests quietly run on SQLite
COMPOSE_EXIT_CODE = "compose-exit-code"  # `compose up` whose exit code is not the tests'
UNREGISTERED_MARKER = "unregistered-marker"  # -m names a marker nobody registered
NO_STRICT_MARKERS = "no-strict-markers"  # a typo in @pytest.mark.<name> goes unnoticed
POSTGRES_VERSION = "postgres-version"  # CI's PostgreSQL is another major than production

BUILTIN_MARKERS = {"skip", "skipif", "xfail", "parametrize", "usefixtures", "filterwarnings"}
_WORDS = {"and", "or", "not"}


def _truthy(value) -> bool:
    return value is True or str(value).strip().lower() in ("true", "1", "yes", "on")


def _words(command: str) -> list[str]:
    try:
        return shlex.split(command)
    except ValueError:
        return command.split()


class Auditor:
    """One method per judgement, so that each can be checked (and each bug shown) alone."""

    def postgres_major(self, image: str) -> str | None:
        """'16' for 'postgres:16.1-alpine'; None when the image is not PostgreSQL; '' when it
        names no version (no tag, 'latest', 'alpine'), which never equals production's major."""
        name, _, tag = image.partition("@")[0].partition(":")
        if name.rsplit("/", 1)[-1] != "postgres":
            return None
        found = re.match(r"\d+", tag)
        return found.group() if found else ""

    def same_version(self, major: str, production_pg: str) -> bool:
        """Same major version: minor releases are bug fixes, with the same features and files."""
        return major == str(production_pg).split(".")[0]

    def env(self, workflow: dict, job: dict, step: dict) -> dict:
        """Workflow, job and step env merged: the innermost wins, as on GitHub Actions."""
        merged: dict = {}
        for level in (workflow, job, step):
            merged.update((level or {}).get("env") or {})
        return merged

    def url_ok(self, url) -> bool:
        return str(url or "").startswith("postgresql")

    def compose_ok(self, line: str) -> bool:
        """A `compose up` line is fine only when it returns the tests' exit code."""
        if not re.search(r"\bdocker[ -]compose\b.*\bup\b", line):
            return True
        return "--exit-code-from" in _words(line) or "--exit-code-from=" in line

    def marker_names(self, command: str) -> set[str]:
        """Marker names in every `-m EXPR` of a command (`python -m pytest` names a module)."""
        words = _words(command)
        pairs = zip(words, words[1:], strict=False)
        expressions = [nxt for word, nxt in pairs if word == "-m" and nxt != "pytest"]
        return {
            name
            for expression in expressions
            for name in re.findall(r"[A-Za-z_][\w-]*", expression)
            if name not in _WORDS
        }

    def registered(self, pytest_ini: dict) -> set[str]:
        markers = pytest_ini.get("markers") or []
        if isinstance(markers, str):
            markers = markers.splitlines()
        return {line.split(":")[0].split("(")[0].strip() for line in markers if line.strip()}

    def strict(self, pytest_ini: dict) -> bool:
        words = _words(self.addopts(pytest_ini))
        if "--strict-markers" in words or "--strict" in words:
            return True
        return _truthy(pytest_ini.get("strict_markers")) or _truthy(pytest_ini.get("strict"))

    def addopts(self, pytest_ini: dict) -> str:
        addopts = pytest_ini.get("addopts") or ""
        return addopts if isinstance(addopts, str) else " ".join(addopts)

    def images(self, workflow: dict, compose: dict) -> list[str]:
        found = [
            str((service or {}).get("image", ""))
            for job in (workflow.get("jobs") or {}).values()
            for service in (job.get("services") or {}).values()
        ]
        services = ((compose or {}).get("services") or {}).values()
        return found + [str((service or {}).get("image", "")) for service in services]

    def steps(self, workflow: dict):
        """(job, step) for every step with a `run` command."""
        for job in (workflow.get("jobs") or {}).values():
            for step in job.get("steps") or []:
                if isinstance(step.get("run"), str):
                    yield job, step

    def runs_pytest(self, run: str) -> bool:
        """A line starts with `pytest` or `python -m pytest` (not `pip install pytest`)."""
        return any(re.match(r"(python3? -m )?pytest\b", line.strip()) for line in run.splitlines())

    def has_postgres(self, job: dict) -> bool:
        services = (job.get("services") or {}).values()
        return any(
            self.postgres_major(str((s or {}).get("image", ""))) is not None for s in services
        )

    def audit(
        self, workflow: dict, compose: dict, pytest_ini: dict, production_pg: str
    ) -> list[str]:
        """The problems found, as a sorted list of codes (each once); [] when the setup is sound."""
        problems = set()
        used = self.marker_names(self.addopts(pytest_ini))
        for job, step in self.steps(workflow):
            run = step["run"]
            if self.runs_pytest(run) and self.has_postgres(job):
                if not self.url_ok(self.env(workflow, job, step).get("COURSE_DATABASE_URL")):
                    problems.add(SQLITE_FALLBACK)
            if not all(self.compose_ok(line) for line in run.splitlines()):
                problems.add(COMPOSE_EXIT_CODE)
            used |= self.marker_names(run)
        if used - self.registered(pytest_ini) - BUILTIN_MARKERS:
            problems.add(UNREGISTERED_MARKER)
        if not self.strict(pytest_ini):
            problems.add(NO_STRICT_MARKERS)
        majors = [self.postgres_major(image) for image in self.images(workflow, compose)]
        if any(m is not None and not self.same_version(m, production_pg) for m in majors):
            problems.add(POSTGRES_VERSION)
        return sorted(problems)


def audit_ci(workflow: dict, compose: dict, pytest_ini: dict, production_pg: str) -> list[str]:
    """The problems of a CI setup, as a sorted list of codes; [] when it is sound."""
    return Auditor().audit(workflow, compose, pytest_ini, production_pg)
