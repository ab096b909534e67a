"""A pytest plugin for lesson 06's checks: pytest-httpserver's server, stopped in 50 ms.

A check is one pytest session, and pytest-httpserver starts one server per session. Its thread
runs werkzeug's `serve_forever()`, which notices a shutdown request only at its next poll (every
0.5 s), so every check paid up to half a second just to stop the stub. Loaded after
`pytest_httpserver.pytest_plugin`, this `make_httpserver` replaces that plugin's fixture (the
plugin registered last wins); the server, its API and `httpserver` are otherwise the library's.
"""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

POLL_SECONDS = 0.05


class QuickStopHTTPServer(HTTPServer):
    """pytest-httpserver's HTTPServer whose thread checks for shutdown every 50 ms."""

    def thread_target(self) -> None:
        assert self.server is not None
        self.server.serve_forever(poll_interval=POLL_SECONDS)


@pytest.fixture(scope="session")
def make_httpserver():
    """The session's stub server on 127.0.0.1 (an OS-chosen port), stopped quickly."""
    server = QuickStopHTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()
