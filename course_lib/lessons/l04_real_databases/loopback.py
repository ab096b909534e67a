"""Loopback stand-ins for a database that is not there yet (the fixture of exercise 04.4).

`closed_port()` is a port nothing listens on: bind 127.0.0.1:0, read the number, close.
`StartingServer` listens on loopback and hangs up on its first `ready_after` connections, as
Docker's port proxy does before PostgreSQL is up, then relays bytes to the real server; it counts
every connection, so a test can see how often a probe knocked without timing anything.
"""

from __future__ import annotations

import select
import selectors
import socket
import threading
import time

from sqlalchemy.engine import URL, make_url


def closed_port() -> int:
    """A loopback port that refuses connections (free a moment ago, nobody listens)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def upstream_of(url: URL) -> tuple[int, object]:
    """(address family, address) of the PostgreSQL `url` names: a Unix socket or host:port."""
    host = url.query.get("host") or url.host or "localhost"
    port = int(url.query.get("port") or url.port or 5432)
    if host.startswith("/"):
        return socket.AF_UNIX, f"{host}/.s.PGSQL.{port}"
    return socket.AF_INET, (host, port)


def loopback_url(url: URL, port: int, database: str | None = None) -> str:
    """`url` pointed at 127.0.0.1:`port` (no TLS: one TCP connection per attempt), as text."""
    moved = url.difference_update_query(["host", "port"]).set(host="127.0.0.1", port=port)
    moved = moved.update_query_dict({"sslmode": "disable", "gssencmode": "disable"})
    if database is not None:
        moved = moved.set(database=database)
    return moved.render_as_string(hide_password=False)


class StartingServer:
    """A PostgreSQL that becomes ready after `ready_after` connections (None: never)."""

    def __init__(self, database_url: str, ready_after: int | None = 0):
        self._real = make_url(database_url)
        self.ready_after = ready_after
        self._count = 0  # connections accepted so far, hung up or relayed
        self._counting = threading.Lock()  # held from accept() to the count going up
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.setblocking(False)
        self._wake, self._waker = socket.socketpair()
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._listener, selectors.EVENT_READ, "accept")
        self._selector.register(self._wake, selectors.EVENT_READ, "stop")
        self._thread = threading.Thread(target=self._serve, name="starting-server", daemon=True)
        self._thread.start()

    @property
    def attempts(self) -> int:
        """Connections made to this server so far, including any not accepted yet.

        A client that only opens and closes a TCP connection is done before the server thread
        accepts it; wait (briefly) until nothing is left in the backlog, so the count is exact.
        """
        for _ in range(1000):
            with self._counting:
                if self._listener.fileno() < 0:  # closed: nothing more can come
                    return self._count
                waiting, _, _ = select.select([self._listener], [], [], 0)
                if not waiting:
                    return self._count
            time.sleep(0.001)
        return self._count

    @property
    def port(self) -> int:
        return self._listener.getsockname()[1]

    @property
    def url(self) -> str:
        """The URL a client uses to reach the real database through this server."""
        return loopback_url(self._real, self.port)

    def url_for(self, database: str) -> str:
        """The same, naming another database."""
        return loopback_url(self._real, self.port, database)

    def close(self) -> None:
        """Stop serving; every connection still open is closed."""
        if self._thread.is_alive():
            self._waker.send(b"x")
            self._thread.join(timeout=5)
        for key in list(self._selector.get_map().values()):
            key.fileobj.close()
        self._selector.close()
        self._waker.close()

    def _serve(self) -> None:
        while True:
            for key, _ in self._selector.select():
                if self._selector.get_map().get(key.fd) is not key:
                    continue  # its pair was closed a moment ago, in this same round
                if key.data == "stop":
                    return
                if key.data == "accept":
                    self._accept()
                else:
                    self._pump(key.fileobj, key.data)

    def _accept(self) -> None:
        with self._counting:
            try:
                client, _ = self._listener.accept()
            except BlockingIOError:
                return
            self._count += 1
        if self.ready_after is None or self._count <= self.ready_after:
            client.close()  # port open, nobody home: what a container proxy does during start-up
            return
        family, address = upstream_of(self._real)
        real = socket.socket(family, socket.SOCK_STREAM)
        try:
            real.connect(address)
        except OSError:
            client.close()
            real.close()
            return
        self._selector.register(client, selectors.EVENT_READ, real)
        self._selector.register(real, selectors.EVENT_READ, client)

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            data = source.recv(65536)
            if data:
                target.sendall(data)
                return
        except OSError:
            pass
        for sock in (source, target):  # one side hung up: close the pair
            self._selector.unregister(sock)
            sock.close()
