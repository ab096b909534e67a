"""One graded kernel: started in its box (with retries), outputs capped, stderr kept, results
collected over the sealed channel (course_lib.checks.grade_channel)."""

from __future__ import annotations

import collections
import json
import math
import os
import subprocess
import threading
from queue import Empty
from time import monotonic

from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbformat.v4 import new_output

from course_lib.checks import grade_channel
from course_lib.checks.grade_box import Box

STDERR_TAIL = 8_000  # characters of the kernel's own stdout/stderr kept for the report
START_TRIES = 3
START_SECONDS = 60.0  # per try on an idle machine; scaled by the load (see start_timeout)


class BoxedKernelManager(AsyncKernelManager):
    """Starts the kernel through the box's command prefix; talks to it over ipc:// sockets."""

    box_prefix: list[str] = []

    def format_kernel_cmd(self, extra_arguments=None):
        return [*self.box_prefix, *super().format_kernel_cmd(extra_arguments)]


class CappedClient(NotebookClient):
    """A NotebookClient that keeps at most `output_limit` bytes of output per cell."""

    output_limit = 256 * 1024

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._used: dict[int, int] = {}

    def output(self, outs, msg, display_id, cell_index):
        size = len(json.dumps(msg.get("content", {})))
        used = self._used.get(cell_index, 0)
        self._used[cell_index] = used + size
        if used + size <= self.output_limit:
            return super().output(outs, msg, display_id, cell_index)
        if used <= self.output_limit:
            note = f"[course_lib grade: output over {self.output_limit // 1024} KB dropped]\n"
            outs.append(new_output("stream", name="stderr", text=note))
        return None

    def handle_comm_msg(self, outs, msg, cell_index):  # widgets mean nothing to a grader
        return None


class Tail:
    """Drains a pipe in a thread, keeping its first HEAD and last STDERR_TAIL characters."""

    HEAD = 2_000

    def __init__(self, stream):
        self.head = ""
        self.chunks: collections.deque[str] = collections.deque()
        self.size = 0
        self.dropped = False
        self.thread = threading.Thread(target=self._drain, args=(stream,), daemon=True)
        self.thread.start()

    def _add(self, text: str) -> None:
        if len(self.head) < self.HEAD:
            room = self.HEAD - len(self.head)
            self.head, text = self.head + text[:room], text[room:]
        self.chunks.append(text)
        self.size += len(text)
        while self.size > STDERR_TAIL and len(self.chunks) > 1:
            self.size -= len(self.chunks.popleft())
            self.dropped = True

    def _drain(self, stream) -> None:
        # our own copy of the descriptor: jupyter_client closing its file object never waits
        # for this thread's read (which lasts as long as any stray process holds the pipe)
        fd = os.dup(stream.fileno())
        try:
            for chunk in iter(lambda: os.read(fd, 4096), b""):
                self._add(chunk.decode("utf-8", "replace"))
        except OSError:
            pass
        finally:
            os.close(fd)

    def text(self) -> str:
        self.thread.join(timeout=1)
        gap = "\n[...]\n" if self.dropped else ""
        return self.head + gap + "".join(self.chunks)[-STDERR_TAIL:]


def start_timeout(base: float = START_SECONDS) -> float:
    """Seconds to wait for a kernel: more when the machine is busier than its cores."""
    try:
        load = os.getloadavg()[0] / (os.cpu_count() or 1)
    except OSError:
        load = 1.0
    return base * min(4.0, max(1.0, load))


class Kernel:
    """A started kernel in `box`, executing cells of `nb` (a private in-memory copy)."""

    def __init__(self, nb, box: Box, seconds_left: float):
        self.box = box
        self.tail: Tail | None = None
        self.start_error = ""
        self.client = self._start(nb, seconds_left)

    def _new_client(self, nb, timeout: float) -> CappedClient:
        km = BoxedKernelManager(kernel_name="python3", transport="ipc", ip=str(self.box.ipc / "k"))
        km.box_prefix = self.box.command_prefix()
        km.connection_file = str(self.box.connection_file)
        client = CappedClient(
            nb,
            km=km,
            timeout=None,
            startup_timeout=int(timeout),
            allow_errors=True,
            shutdown_kernel="immediate",  # the box is thrown away: no grace period to wait for
            # C-level and subprocess output then reaches our pipe, so a crash leaves its trace
            extra_arguments=["--IPKernelApp.capture_fd_output=False"],
        )
        client.output_limit = self.box.limits.output_kb * 1024
        return client

    def _start(self, nb, seconds_left: float) -> CappedClient | None:
        deadline = monotonic() + seconds_left
        for _ in range(START_TRIES):
            left = deadline - monotonic()
            if left <= 1:
                break
            client = self._new_client(nb, min(start_timeout(), left))
            try:
                client.start_new_kernel(
                    env=self.box.env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
                )
                process = client.km.provisioner.process
                self.tail = Tail(process.stdout)
                self.box.started(process.pid)
                client.start_new_kernel_client()
                return client
            except Exception as exc:  # noqa: BLE001 - a failed start is retried, then reported
                self.start_error = f"{type(exc).__name__}: {exc}"[:300]
                self._stop(client)
        return None

    def alive(self) -> bool:
        from jupyter_core.utils import run_sync

        if self.client is None or self.client.km is None:
            return False
        return bool(run_sync(self.client.km.is_alive)())

    def run_cell(self, cell, index: int, seconds: float) -> None:
        """Execute one cell; raises nbclient's CellTimeoutError / DeadKernelError."""
        self.client.timeout = max(1, math.ceil(seconds))
        self.client.execute_cell(cell, index, store_history=True)

    def collect(self, seconds: float) -> dict[str, dict] | None:
        """The kernel's kept results, sealed with a fresh secret; None if it cannot answer."""
        from jupyter_core.utils import run_sync

        if not self.alive():
            return None
        secret = grade_channel.new_secret()
        expressions = {"r": grade_channel.expression(secret)}
        kc = self.client.kc
        msg_id = kc.execute("", silent=True, store_history=False, user_expressions=expressions)
        reply = run_sync(_reply)(kc, msg_id, seconds)
        if reply is None:
            return None
        found = reply["content"].get("user_expressions", {}).get("r", {})
        return grade_channel.unseal(found.get("data", {}).get("text/plain"), secret)

    def stderr(self) -> str:
        return self.tail.text() if self.tail else ""

    def _stop(self, client) -> None:
        self.box.kill_all()  # first: the kernel and all it started, so no pipe stays open
        try:
            client._cleanup_kernel()
        except Exception:  # noqa: BLE001, S110 - a dead kernel is still a stopped kernel
            pass
        self.box.forget_kernel()

    def stop(self) -> None:
        if self.client is not None:
            self._stop(self.client)
            self.client = None


async def _reply(kc, msg_id: str, seconds: float):
    deadline = monotonic() + seconds
    while (left := deadline - monotonic()) > 0:
        try:
            msg = await kc.shell_channel.get_msg(timeout=left)
        except Empty:
            return None
        if msg.get("parent_header", {}).get("msg_id") == msg_id:
            return msg
    return None
