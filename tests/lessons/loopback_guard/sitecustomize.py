"""Loopback guard, loaded by every Python process started with this folder on PYTHONPATH
(the test run, and the Jupyter kernels nbval starts from it).

When COURSE_LOOPBACK_ONLY names a file, any connect() to an address outside 127.0.0.0/8 and ::1
is refused and written to that file: refused, so the attempt never leaves the machine; written
down, so the test notices it even when some library catches the error and carries on.
Unix sockets and loopback are untouched. Off when the variable is unset.
"""

import ipaddress
import os
import socket

_LOG = os.environ.get("COURSE_LOOPBACK_ONLY")


def _is_loopback(address) -> bool:
    host = address[0] if isinstance(address, tuple) else None
    if host in (None, "localhost"):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name: resolved elsewhere than loopback, as far as we know


def _guard(method):
    def guarded(self, address, *args):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            with open(_LOG, "a", encoding="utf-8") as log:
                log.write(f"pid {os.getpid()}: connect to {address!r}\n")
            raise OSError(f"blocked by the loopback guard: connect to {address!r}")
        return method(self, address, *args)

    return guarded


if _LOG:
    socket.socket.connect = _guard(socket.socket.connect)
    socket.socket.connect_ex = _guard(socket.socket.connect_ex)
