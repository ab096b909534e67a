"""A WSGI app (e.g. the shop's Flask app) served over real HTTP on 127.0.0.1, port chosen by the OS.

The Flask test client never opens a socket; a live server does, so it also tests what a real client
meets: serialisation, headers, timeouts, a second thread. Shutdown takes milliseconds because the
serve loop polls every 5 ms instead of werkzeug's default 0.5 s.
"""

from __future__ import annotations

import threading

POLL = 0.005  # a test stops one server per test: 0.5 s or even 20 ms each adds up


def _quiet_handler():
    """werkzeug logs each request with a timestamp and the client address; a test's captured
    log should show what went wrong, not when and from which port."""
    from werkzeug.serving import WSGIRequestHandler

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args, **kwargs) -> None:
            pass

    return QuietHandler


class LiveServer:
    """`with LiveServer(app) as server: requests.get(server.url + "/health")`."""

    def __init__(self, app, host: str = "127.0.0.1"):
        from werkzeug.serving import make_server

        self.app = app
        self._server = make_server(host, 0, app, threaded=True, request_handler=_quiet_handler())
        self.host, self.port = host, self._server.server_port
        self.url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": POLL},
            name="live-server",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def __enter__(self) -> LiveServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        return (
            f"<LiveServer for {getattr(self.app, 'name', 'app')}>"  # no port: output stays stable
        )
