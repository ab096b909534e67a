"""A stub of an outside HTTP API on 127.0.0.1 (port chosen by the OS): real sockets, canned answers.

Configure routes, point the code under test at `stub.url`, then assert on `stub.requests`:
    stub.route("GET", "/rates/EUR", json={"rate": 1.1})
    stub.route("POST", "/charge", status=503).then(status=201, json={"id": "ch_1"})  # retry tests
    stub.route("GET", "/slow", json={}, delay=2.0)  # timeout tests
Unknown routes answer 404 with a JSON body saying so. No test touches the internet.
"""

from __future__ import annotations

import json as jsonlib
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    json: object = None
    body: bytes | str | None = None
    headers: dict = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict
    body: bytes

    def json(self):
        return jsonlib.loads(self.body or b"null")


class Route:
    """Replies in order; the last one repeats."""

    def __init__(self, reply: Reply):
        self.replies = [reply]

    def then(self, **reply) -> Route:
        self.replies.append(Reply(**reply))
        return self

    def next(self) -> Reply:
        return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]


class StubHttpServer:
    def __init__(self, host: str = "127.0.0.1"):
        self.routes: dict[tuple[str, str], Route] = {}
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._server = ThreadingHTTPServer((host, 0), _handler(self))
        self._server.daemon_threads = True
        self.url = f"http://{host}:{self._server.server_port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="stub-http",
            daemon=True,
        )
        self._thread.start()

    def route(
        self,
        method: str,
        path: str,
        *,
        status: int = 200,
        json: object = None,
        body: bytes | str | None = None,
        headers: dict | None = None,
        delay: float = 0.0,
    ) -> Route:
        route = Route(Reply(status, json, body, dict(headers or {}), delay))
        with self._lock:
            self.routes[(method.upper(), path)] = route
        return route

    def _reply_for(self, request: Recorded) -> Reply:
        with self._lock:
            self.requests.append(request)
            route = self.routes.get((request.method, request.path.split("?")[0]))
            if route is None:
                return Reply(
                    404, {"error": f"stub has no route for {request.method} {request.path}"}
                )
            return route.next()

    def stop(self) -> None:
        self._closing.set()  # cut short any delayed reply
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def __enter__(self) -> StubHttpServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<StubHttpServer routes={len(self.routes)} requests={len(self.requests)}>"


def _handler(stub: StubHttpServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            recorded = Recorded(
                self.command, self.path, dict(self.headers), self.rfile.read(length)
            )
            reply = stub._reply_for(recorded)
            if reply.delay and stub._closing.wait(reply.delay):
                return  # shutting down: drop the slow reply
            body = reply.body if reply.json is None else jsonlib.dumps(reply.json)
            data = body.encode() if isinstance(body, str) else (body or b"")
            self.send_response(reply.status)
            headers = {"Content-Type": "application/json"} if reply.json is not None else {}
            headers.update(reply.headers)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _serve

        def log_message(self, *args) -> None:  # keep notebook output clean
            pass

    return Handler
