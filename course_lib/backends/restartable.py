"""Servers a test may take down and bring back mid-flow: a private PostgreSQL and a private Redis.

Cutting one connection (pg_terminate_backend) shows what a network blip does; an outage is the
whole server gone: every connection refused until it is back. These servers are the embedded
ones (same binaries, same private, watched temp dir), started for one test only, never the
process's shared server, and never a COURSE_*_URL server (nobody stops a shared one for a test):

    with RestartablePostgres() as pg:        # pg.url, a SQLAlchemy URL; stable across restarts
        ...
        pg.stop()                             # a crash (SIGQUIT): committed work survives
        pg.start()                            # the same data, the same socket, the same URL

PostgreSQL keeps its data dir across stop() and start(), and commits synchronously (unlike the
process's throwaway server), so a crash loses nothing that was committed. Redis keeps nothing:
a restarted broker starts empty, as a real one without persistence does. close() (or leaving
the `with`) stops the server and removes its folder; a killed test process takes both along
(the watchdog).
"""

from __future__ import annotations

import shutil
import signal
import subprocess

from course_lib.backends import embedded_pg, embedded_redis, paths, probes, watchdog
from course_lib.backends.errors import ServiceUnavailable
from course_lib.backends.pg_template import run_as


class _Restartable:
    """A server process under a private watched folder: start(), stop(), close()."""

    name = "server"

    def __init__(self) -> None:
        self.root = paths.new_process_dir()
        watchdog.watch_path(self.root)
        self._proc: subprocess.Popen | None = None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        """The running server's pid (a new one after each start), None while it is down."""
        return self._proc.pid if self.running else None

    def start(self):
        if not self.running:
            self._proc = self._launch()
            if self._proc is None:
                raise ServiceUnavailable(f"the restartable {self.name} did not start")
        return self

    def stop(self, **how) -> None:
        if self._proc is not None:
            self._halt(self._proc, **how)
            self._proc = None

    def close(self) -> None:
        self.stop()
        self._remove()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def _launch(self) -> subprocess.Popen | None:
        raise NotImplementedError

    def _halt(self, proc: subprocess.Popen, **how) -> None:
        raise NotImplementedError

    def _remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def __repr__(self) -> str:  # no pid, no path: notebook output stays stable
        return f"<{type(self).__name__} {'up' if self.running else 'down'}>"


class RestartablePostgres(_Restartable):
    """A private PostgreSQL whose data outlives stop() and start(); `.url` for SQLAlchemy."""

    name = "PostgreSQL"
    SETTINGS = {**embedded_pg.SETTINGS, "synchronous_commit": "on"}  # a commit is a commit

    def __init__(self, timeout: float = 30.0) -> None:
        super().__init__()
        self._timeout = timeout
        self._user = run_as()
        own = embedded_pg.reachable_dir(self.root) if self._user else self.root
        self._own = own
        self.home = own / "postgres"
        if not embedded_pg.copy_template(self.home, self._user):
            self._remove()
            raise ServiceUnavailable("the PostgreSQL template changed while it was copied; retry")
        self.url = f"postgresql+psycopg://postgres@/postgres?host={self.home}"

    def stop(self, graceful: bool = False) -> None:
        """Take the server down: a crash (immediate shutdown), or `graceful` (fast shutdown,
        which aborts open transactions and checkpoints first)."""
        super().stop(graceful=graceful)

    def _launch(self):
        return embedded_pg.launch(self.home, self._user, self._timeout, self.SETTINGS)

    def _halt(self, proc, graceful: bool = False):
        embedded_pg.halt(proc, signal.SIGINT if graceful else signal.SIGQUIT)

    def _remove(self) -> None:
        if self._own != self.root:
            shutil.rmtree(self._own, ignore_errors=True)
        super()._remove()


class RestartableRedis(_Restartable):
    """A private Redis on a Unix socket that stays the same across restarts; `.url` for
    redis-py, `.broker_url` for kombu (the embedded broker is kombu over Redis)."""

    name = "Redis"

    def __init__(self, timeout: float = 15.0) -> None:
        super().__init__()
        self._timeout = timeout
        self.home = self.root / "redis"
        self.home.mkdir()
        self.url = f"unix://{self.home / 'redis.sock'}?db=0"
        self.broker_url = probes.kombu_url_for_redis(self.url)

    def _launch(self):
        return embedded_redis.launch(self.home, self._timeout)

    def _halt(self, proc):
        embedded_redis.halt(proc)
