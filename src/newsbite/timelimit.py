"""A time limit on a block of code, in whatever thread runs it.

The pipeline gives each stage of each document `document_timeout_seconds` (newsbite.pipeline), so
that one page that makes a stage crawl fails alone, with its reason, and the run goes on. It must
hold in every place a pipeline runs: the CLI's main thread, a worker process, a Dask worker's
thread, the API's request threads and `watch`. SIGALRM reaches only the main thread, so a watchdog
timer raises `TimeLimitExceeded` in the limited thread instead, through CPython's
`PyThreadState_SetAsyncExc` (what debuggers and `concurrent` test runners use to stop a thread).

Like Ctrl+C, it takes effect between Python steps: a single call into C code that never returns
(a parser on pathological input) is not interrupted, which is why the cheap bounds come first
(clean/markup.py, `max_document_bytes`, `max_analysis_chars`, `nlp_batch_chars`,
`bite_max_sentences`). It derives from BaseException, as KeyboardInterrupt does, so that a
library's `except Exception` cannot swallow it and carry on past the limit.
"""

from __future__ import annotations

import ctypes
import threading
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
