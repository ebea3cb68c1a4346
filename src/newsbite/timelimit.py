"""A time limit on a block of code, in whatever thread runs it.

The pipeline gives each stage of each document `document_timeout_seconds` (newsbite.pipeline), so
that one page that makes a stage crawl fails alone, with its reason, and the run goes on. It must
hold in every place a pipeline runs: the CLI's main thread, a worker process, a Dask worker's
thread, the API's request threads and `watch`. In the main thread SIGALRM raises
`TimeLimitExceeded`, and no thread is started (see `_alarm`). SIGALRM reaches only the main
thread, so in any other a watchdog timer raises it in the limited thread instead, through
CPython's `PyThreadState_SetAsyncExc` (what debuggers and `concurrent` test runners use to stop a
thread).

Like Ctrl+C, it takes effect between Python steps: a single call into C code that never returns
(a parser on pathological input) is not interrupted, which is why the cheap bounds come first
(clean/markup.py, `max_document_bytes`, `max_analysis_chars`, `nlp_batch_chars`,
`bite_max_sentences`). It derives from BaseException, as KeyboardInterrupt does, so that a
library's `except Exception` cannot swallow it and carry on past the limit.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class TimeLimitExceeded(BaseException):
    """The limited block ran past its time limit."""


# After the limit, the exception is raised again this often until the block ends: once
# delivered, it can still be lost (raised inside a finaliser, which Python reports and ignores, or
# caught by a bare `except:`), and a block that swallowed it must not run on unbounded.
REPEAT_SECONDS = 0.5


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimitExceeded in the block once it has run `seconds`; no limit for None or <= 0."""
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            yield
        return
    with _watchdog(seconds):
        yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """The limit in the main thread: SIGALRM, raised again every REPEAT_SECONDS until the block
    ends. No thread is started: in a process that had started one, the parse, which allocates a
    great deal, ran 10% slower for the rest of its life (`newsbite bite` over bench/speed.py's
    200 articles: 20.9 s of parse against 18.4 s), as glibc's allocator leaves its single-thread
    fast path once a second thread exists."""
    finished = False

    def fire(signum: int, frame: object) -> None:
        if not finished:  # (a signal already on its way as the block ended is dropped)
            raise TimeLimitExceeded

    began = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, fire)
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, 0)
    # an enclosing limit's time still runs: this block ends at whichever comes first
    delay = min(seconds, outer_delay) if outer_delay > 0 else seconds
    signal.setitimer(signal.ITIMER_REAL, delay, REPEAT_SECONDS)
    try:
        yield
    finally:
        finished = True
        signal.setitimer(signal.ITIMER_REAL, 0)
        # (None: a handler installed from C, which Python cannot put back; the default stands in)
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous_handler is None else previous_handler)
        if outer_delay > 0:
            left = outer_delay - (time.monotonic() - began)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), outer_interval)


@contextmanager
def _watchdog(seconds: float) -> Iterator[None]:
    """The limit in any other thread: a watchdog thread raises in it."""
    thread = threading.get_ident()
    state = threading.Lock()
    ended = threading.Event()
    finished = fired = False

    def watch() -> None:
        nonlocal fired
        wait = seconds
        while not ended.wait(wait):
            with state:
                if finished:
                    return
                fired = True
                _raise_in(thread, TimeLimitExceeded)
            wait = REPEAT_SECONDS

    threading.Thread(target=watch, name="newsbite-time-limit", daemon=True).start()
    try:
        yield
    finally:
        with state:
            finished = True
            ended.set()
            if fired:
                # Fired as the block was ending: take back an exception not yet delivered, so
                # that it cannot land in whatever this thread runs next.
                _raise_in(thread, None)


def _raise_in(thread: int, exception: type[BaseException] | None) -> None:
    """Have `thread` raise `exception` at its next Python step; None clears one still pending."""
    pending = ctypes.py_object(exception) if exception is not None else ctypes.py_object()  # NULL clears
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), pending)
