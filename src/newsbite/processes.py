"""Worker processes that end with the process that started them, however it ends.

A parent killed outright (SIGKILL, the kernel's OOM killer) runs no clean-up, so its spawned
workers would live on, each holding its loaded pipeline, blocked writing results to a queue that
nobody reads. `worker_context()` spawns them; `exit_with_parent()`, called first in each worker,
makes each one exit as soon as its parent is gone.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from multiprocessing.connection import wait
from multiprocessing.context import SpawnContext, SpawnProcess

# From <linux/prctl.h>: have the kernel send this process a signal when its parent dies.
_PR_SET_PDEATHSIG = 1
# The exit status of a worker that ended because its parent had (as Dask's workers do: -1).
EXIT_PARENT_GONE = 255


class _WorkerProcess(SpawnProcess):
    """A spawned process that knows whether its parent's main thread started it."""

    started_by_main_thread = False

    def start(self) -> None:
        # Linux's parent-death signal fires when the *thread* that started a process ends, which
        # for any thread but the main one can be long before the parent itself does.
        self.started_by_main_thread = threading.current_thread() is threading.main_thread()
        super().start()


class _WorkerContext(SpawnContext):
    Process = _WorkerProcess


def worker_context() -> SpawnContext:
    """A spawn context (a fork of a process that has loaded spaCy or started threads is not safe)
    whose processes can tell `exit_with_parent` which thread started them."""
    return _WorkerContext()


def exit_with_parent() -> None:
    """Make this process exit when its parent does; nothing for a process that is not a worker.

    The parent's end shows on the sentinel multiprocessing keeps in every child (a pipe whose
    other end the parent holds), watched by a daemon thread: on any platform, whichever thread
    started the worker. On Linux, for a worker started by its parent's main thread, the kernel
    also kills it (PR_SET_PDEATHSIG), which holds even while the worker sits in C code that keeps
    the watching thread from running.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    started_by_main_thread = getattr(multiprocessing.current_process(), "started_by_main_thread", False)
    if sys.platform == "linux" and started_by_main_thread:
        _kill_with_parent()
    watcher = threading.Thread(
        target=_exit_when_parent_gone, args=(parent.sentinel,), name="exit-with-parent", daemon=True
    )
    watcher.start()


def _kill_with_parent() -> None:
    libc = ctypes.CDLL(None)  # the C library the interpreter is linked with
    # A refusal (a sandbox forbidding prctl) is let be: the sentinel's watcher still ends the worker.
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _exit_when_parent_gone(sentinel: int) -> None:
    # Nothing is ever written to the sentinel: it becomes readable only when the parent's end of
    # it closes, that is when the parent has died (at once if it died before this thread began).
    wait([sentinel])
    os._exit(EXIT_PARENT_GONE)
