"""Launch links (Binder, nbgitpuller) built from ONE setting: pyproject's [project.urls] Repository.

A fork changes that one line; the README's badge is then checked against `binder_url()`
(tests/unit/test_sharing.py), so no link can point at a stale repository.
`python -m course_lib.links` prints the badge line for the README.
"""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
FIRST_NOTEBOOK = "notebooks/00-welcome.ipynb"


def repository_url() -> str:
    """The repository's https address: pyproject in a checkout (always current), else the
    installed package's metadata (a wheel install has no pyproject)."""
    if PYPROJECT.is_file():
        project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8")).get("project", {})
        if project.get("name") == "course_lib":
            return project["urls"]["Repository"].rstrip("/")
    for entry in metadata.metadata("course_lib").get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "repository":
            return url.strip().rstrip("/")
    raise LookupError("course_lib's metadata names no Repository URL")


def _owner_repo() -> tuple[str, str]:
    """("owner", "repo") of a GitHub address; Binder's gh provider needs them apart."""
    owner, repo = urlsplit(repository_url()).path.strip("/").split("/")[:2]
    return owner, repo.removesuffix(".git")


def binder_url(path: str = FIRST_NOTEBOOK) -> str:
    """mybinder.org link opening `path` in JupyterLab, built from the default branch (HEAD)."""
    owner, repo = _owner_repo()
    urlpath = quote(f"lab/tree/{path}")
    return f"https://mybinder.org/v2/gh/{owner}/{repo}/HEAD?urlpath={urlpath}"


def nbgitpuller_url(hub: str, path: str = FIRST_NOTEBOOK, branch: str = "main") -> str:
    """A classroom JupyterHub link: nbgitpuller clones (or updates) the course into the learner's
    home, into a folder named after the repository, then opens `path`."""
    _, repo = _owner_repo()
    query = {"repo": repository_url(), "urlpath": f"lab/tree/{repo}/{path}", "branch": branch}
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{urlencode(query, quote_via=quote)}"


if __name__ == "__main__":
    print(f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder_url()})")
