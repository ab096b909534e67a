"""Exercise 11.3: tests for a CI auditor — the reference (audit.audit_ci) and eight auditors that
pass the sound setup and miss (or invent) one problem each, as home-grown CI linters do."""

from __future__ import annotations

import re

from course_lib.lessons.l11_pyramid_ci.audit import Auditor, audit_ci

Reference = audit_ci


def provide(impl, request):
    """Fixture `auditor`: the implementation itself."""
    yield impl


class _WorkflowEnvIgnored(Auditor):
    def env(self, workflow, job, step):
        merged = dict(job.get("env") or {})
        merged.update(step.get("env") or {})
        return merged


class _PresenceOnly(Auditor):
    def url_ok(self, url):
        return bool(url)


class _WorkflowImagesOnly(Auditor):
    def images(self, workflow, compose):
        return super().images(workflow, {})


class _UntaggedIsFine(Auditor):
    def postgres_major(self, image):
        major = super().postgres_major(image)
        return major or None


class _WholeVersion(Auditor):
    def postgres_major(self, image):
        major = super().postgres_major(image)
        if not major:
            return major
        return re.match(r"[\d.]+", image.partition(":")[2]).group().rstrip(".")

    def same_version(self, major, production_pg):
        return major == production_pg


class _AbortIsEnough(Auditor):
    def compose_ok(self, line):
        return super().compose_ok(line) or "--abort-on-container-exit" in line


class _FirstMarkerOnly(Auditor):
    def marker_names(self, command):
        found = re.findall(r"-m\s+[\"']?(?:not\s+)?([A-Za-z_][\w-]*)", command)
        return {name for name in found if name != "pytest"}


class _StrictPrefix(Auditor):
    def strict(self, pytest_ini):
        return "--strict" in self.addopts(pytest_ini) or super().strict(pytest_ini)


workflow_env_ignored = _WorkflowEnvIgnored().audit  # bug: reads job and step env only
presence_only = _PresenceOnly().audit  # bug: any COURSE_DATABASE_URL will do, even sqlite://
workflow_images_only = _WorkflowImagesOnly().audit  # bug: never looks at the compose file
untagged_is_fine = _UntaggedIsFine().audit  # bug: postgres / postgres:latest count as "no version"
whole_version = _WholeVersion().audit  # bug: 15.2 vs 15.8 reported, though only majors matter
abort_is_enough = _AbortIsEnough().audit  # bug: --abort-on-container-exit taken as the exit code
first_marker_only = _FirstMarkerOnly().audit  # bug: reads one marker name per -m expression
strict_prefix = _StrictPrefix().audit  # bug: "--strict" in addopts, so --strict-config passes
