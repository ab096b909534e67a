"""The first program of a graded kernel: `python -m course_lib.checks.sandbox SPEC -- KERNEL...`.

It runs as root (when the grader is root) inside fresh namespaces that `unshare` made (pid, mount,
network, IPC), shapes what the submission can see, lowers its limits, drops to the throwaway user
and execs the kernel. SPEC is a JSON object made by course_lib.checks.grade_box:

  uid, gid      the unprivileged user the kernel runs as (null: stay who we are)
  work          the submission's private folder: a size-limited tmpfs when `mounts` is true,
                filled from `inbox` (the grader's copy of the learner's files)
  inbox         folder the grader copied the learner's files into (root-only)
  owned         files and folders to give to uid (the connection file, the socket folder)
  cover         folders replaced by an empty tmpfs (the grader's home, the class folder,
                world-writable /tmp, /var/tmp, /dev/shm, /run/lock, the other submissions)
  keep          folders under a covered one that stay visible (the interpreter, the venv,
                the course package, this submission's own folders)
  mounts, net   whether the mount and network namespaces exist (else those steps are skipped)
  limits        {"as": bytes, "nproc": n, "work_mb": n, "tmp_mb": n}
  cgroup        a memory cgroup to join first (one cap for all the submission's processes), or null

Only the standard library: this module runs before anything of the learner.
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import resource
import shutil
import socket
import struct
import sys

MS_NOSUID, MS_NODEV, MS_BIND, MS_REC = 2, 4, 4096, 16384


def _libc_call(name: str, *args) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if getattr(libc, name)(*args) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{name}{args}: {os.strerror(err)}")


def mount(source: str, target: str, fstype: str | None, flags: int, data: str = "") -> None:
    enc = [s.encode() if s is not None else None for s in (source, target, fstype, data)]
    _libc_call("mount", enc[0], enc[1], enc[2], ctypes.c_ulong(flags), enc[3] or None)


def loopback_up() -> None:
    """A new network namespace has a loopback interface that is down: bring it up (SIOCSIFFLAGS)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sH14s", b"lo", 0, b"")
        flags = struct.unpack("16sH14s", fcntl.ioctl(sock, 0x8913, request))[1]  # SIOCGIFFLAGS
        fcntl.ioctl(sock, 0x8914, struct.pack("16sH14s", b"lo", flags | 1, b""))  # IFF_UP


def _under(path: str, parent: str) -> bool:
    return path == parent or path.startswith(parent.rstrip("/") + "/")


def cover(path: str, keep: list[str], size_mb: int, mode: str = "0755") -> None:
    """Mount an empty tmpfs on `path`, then bind back the `keep` folders that lie under it.

    The kept folders are opened (O_PATH) before the cover, and bound from /proc/self/fd, so they
    are reached even though their old path is hidden.
    """
    if not os.path.isdir(path) or os.path.islink(path):
        return
    inside = [k for k in keep if _under(k, path) and k != path and os.path.isdir(k)]
    fds = {k: os.open(k, os.O_PATH | os.O_DIRECTORY) for k in inside}
    try:
        mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, f"mode={mode},size={size_mb}m")
        for k, fd in fds.items():
            os.makedirs(k, mode=0o755, exist_ok=True)
            mount(f"/proc/self/fd/{fd}", k, None, MS_BIND | MS_REC)
    finally:
        for fd in fds.values():
            os.close(fd)


def _fill_work(spec: dict) -> None:
    """The private folder: a tmpfs owned by the kernel's user, holding a copy of the inbox."""
    work, uid, gid = spec["work"], spec.get("uid"), spec.get("gid")
    limits = spec.get("limits", {})
    if spec.get("mounts"):
        opts = f"mode=0700,size={limits.get('work_mb', 1024)}m"
        if uid is not None:
            opts += f",uid={uid},gid={gid}"
        mount("tmpfs", work, "tmpfs", MS_NOSUID | MS_NODEV, opts)
    inbox = spec.get("inbox")
    if inbox and os.path.isdir(inbox):
        shutil.copytree(inbox, work, dirs_exist_ok=True, symlinks=True)
    for sub in ("tmp", "home", "cache"):
        os.makedirs(os.path.join(work, sub), exist_ok=True)
    if uid is not None:
        for root, dirs, files in os.walk(work):
            for name in [".", *dirs, *files]:
                os.chown(os.path.join(root, name), uid, gid, follow_symlinks=False)


def _shape_filesystem(spec: dict) -> None:
    keep = [os.path.realpath(k) for k in spec.get("keep", [])]
    tmp_mb = spec.get("limits", {}).get("tmp_mb", 64)
    for path in sorted(spec.get("cover", []), key=lambda p: p.count("/")):
        writable = os.stat(path).st_mode & 0o002 if os.path.isdir(path) else 0
        cover(path, keep, tmp_mb if writable else 1, "1777" if writable else "0755")


def apply_limits(limits: dict) -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if limits.get("as"):
        resource.setrlimit(resource.RLIMIT_AS, (limits["as"], limits["as"]))
    if limits.get("nproc"):
        resource.setrlimit(resource.RLIMIT_NPROC, (limits["nproc"], limits["nproc"]))


def drop_privileges(uid: int | None, gid: int | None) -> None:
    if uid is None:
        return
    ctypes.CDLL(None).prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS: setuid programs stay powerless
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
    if os.getuid() != uid or os.geteuid() != uid:  # never run learner code as root
        raise SystemExit("course_lib.checks.sandbox: could not drop privileges")


def main(argv: list[str]) -> None:
    spec_text, sep, *kernel = argv
    if sep != "--" or not kernel:
        raise SystemExit("usage: python -m course_lib.checks.sandbox SPEC -- KERNEL COMMAND")
    spec = json.loads(spec_text)
    if spec.get("cgroup"):  # first: every process of the submission is counted together
        with open(os.path.join(spec["cgroup"], "cgroup.procs"), "w") as procs:
            procs.write("0")
    if spec.get("net"):
        loopback_up()
    _fill_work(spec)  # first: its tmpfs is then carried along when its parent folder is covered
    for path in spec.get("owned", []):  # the socket folder and the connection file in it
        if spec.get("uid") is not None:
            for name in [path, *(os.path.join(path, n) for n in os.listdir(path))]:
                os.chown(name, spec["uid"], spec["gid"], follow_symlinks=False)
    if spec.get("mounts"):
        _shape_filesystem(spec)
    os.chdir(spec["work"])
    apply_limits(spec.get("limits", {}))
    drop_privileges(spec.get("uid"), spec.get("gid"))
    try:
        os.execv(kernel[0], kernel)
    except PermissionError as exc:
        raise SystemExit(
            f"course_lib.checks.sandbox: uid {os.getuid()} cannot run {kernel[0]} ({exc}): every "
            "folder above the Python interpreter must be traversable by others (chmod o+x), "
            "or `unshare` must work here (see docs/instructor/grading.md)"
        ) from None


if __name__ == "__main__":
    main(sys.argv[1:])
