"""The build lock: one rebuild or update at a time per index directory.

A flock on ``index/.lock`` held for the whole build; a second build refuses at once. The
flock dies with its process, so a killed build never leaves the index locked. Processes
forked during a build (parse and index workers) let go of the lock and are killed when the
build dies: otherwise a build killed mid-parse left workers that hung forever holding the
lock, and every later rebuild was refused.

Holding the lock also proves that no live build owns a ``releases/.*.building`` directory
(a build only writes one while it holds the lock): ``releases.clean_stale`` relies on it.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from statementsearch.errors import StatementSearchError


class RebuildError(StatementSearchError):
    code = "rebuild_failed"


# (lock fd, pid of the process holding it) while this process holds the build lock.
_held_lock: tuple[int, int] | None = None
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
# Loaded here, not in the child: a forked child should do as little as possible.
_LIBC = ctypes.CDLL(None) if sys.platform == "linux" else None


def _leave_build_in_child() -> None:
    """In a process forked during a build: drop the lock, and die when the build dies.

    A flock belongs to the open file, which a forked child shares: a worker left behind by
    a killed build would hold the lock (and hang on its pipe) for ever.
    """
    global _held_lock
    if _held_lock is None:
        return
    fd, builder = _held_lock
    _held_lock = None
    # dup2, not close: the fd number stays valid for the inherited file object to close.
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
    if _LIBC is not None:
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != builder:  # the build died before prctl took effect
            os._exit(1)


os.register_at_fork(after_in_child=_leave_build_in_child)


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index's build lock; refuse at once if another build holds it."""
    global _held_lock
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise RebuildError(
                f"another rebuild or update is running ({holder}); try again when it ends"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        _held_lock = (handle.fileno(), os.getpid())
        try:
            yield
        finally:
            _held_lock = None
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)
