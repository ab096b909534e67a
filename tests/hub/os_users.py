"""Throwaway OS users for the hub's learners (root only): created with private homes, removed after.

Homes are made 0700 explicitly: Debian's useradd (HOME_MODE unset, UMASK 022) would create them
0755, readable by every other learner.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psutil

SCRATCH = ("/dev/shm", "/tmp", "/var/tmp")  # where a learner's programs leave things of their own


@dataclass
class Learner:
    name: str
    home: Path
    uid: int | None = None  # None: the hub runs everyone as the test's own OS user


def names(count: int) -> list[str]:
    """Fresh, valid, unlikely-to-clash user names (cth + 4 hex digits + a letter)."""
    tag = secrets.token_hex(2)
    return [f"cth{tag}{chr(ord('a') + i)}" for i in range(count)]


def create(name: str, home_root: Path) -> Learner:
    home = home_root / name
    subprocess.run(
        [
            "useradd",
            "--create-home",
            "--home-dir",
            str(home),
            "--shell",
            "/bin/bash",
            "--user-group",
            "--comment",
            "course hub test",
            name,
        ],
        check=True,
        capture_output=True,
    )
    os.chmod(home, 0o700)
    return Learner(name=name, home=home, uid=pwd.getpwnam(name).pw_uid)


def processes_of(uids: set[int]) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["uids"]):
        try:
            if proc.info["uids"] and proc.info["uids"].real in uids:
                found.append(proc)
        except psutil.Error:
            continue
    return found


def scratch_of(uids: set[int]) -> list[Path]:
    """Top-level entries in /dev/shm, /tmp and /var/tmp owned by these users."""
    left = []
    for folder in SCRATCH:
        try:
            entries = list(Path(folder).iterdir())
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.lstat().st_uid in uids:
                    left.append(entry)
            except OSError:
                continue
    return left


def remove(learners: list[Learner]) -> list[str]:
    """Delete the users, their groups, homes and scratch files; return the scratch files' names.
    Any process still running as one of them (there should be none: the test asserts it first) is
    killed, since userdel refuses."""
    uids = {lr.uid for lr in learners if lr.uid is not None}
    for proc in processes_of(uids):
        try:
            proc.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(processes_of(uids), timeout=10)
    scratch = scratch_of(uids)
    sizes = {entry: _size(entry) for entry in scratch}
    for entry in scratch:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    for learner in learners:
        if learner.uid is None:
            continue
        subprocess.run(["userdel", "--remove", learner.name], capture_output=True)
        shutil.rmtree(learner.home, ignore_errors=True)
    return sorted(f"{e} ({sizes[e] / 2**20:.0f} MB)" for e in sizes)


def _size(path: Path) -> int:
    if not path.is_dir() or path.is_symlink():
        return path.lstat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if not p.is_dir())


def exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
