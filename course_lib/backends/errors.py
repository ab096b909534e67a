"""One clear sentence instead of a wall of traceback when a service cannot be had."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


class ServiceUnavailable(RuntimeError):
    """PostgreSQL, Redis or the broker could not be started or reached; str() is one sentence."""


def mask_url(url: str) -> str:
    """The URL with its password replaced by ***, safe to print in a notebook or CI log."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparsable URL>"
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))
