"""The time limit: SIGALRM in the main thread (no thread started), a watchdog in any other."""

from __future__ import annotations

import threading
import time

import pytest

from newsbite.timelimit import TimeLimitExceeded, time_limit


def _crawl() -> None:
    while True:
        sum(range(1000))


def test_in_the_main_thread_the_limit_starts_no_thread() -> None:
    before = threading.active_count()
    started = time.perf_counter()
    with pytest.raises(TimeLimitExceeded), time_limit(0.2):
        assert threading.active_count() == before
        _crawl()
    assert time.perf_counter() - started < 2.0
    assert threading.active_count() == before


def test_a_block_that_ends_in_time_is_not_interrupted_afterwards() -> None:
    with time_limit(0.2):
        sum(range(1000))
    time.sleep(0.4)  # a stray alarm would raise here


def test_an_inner_limit_keeps_the_outer_one() -> None:
    started = time.perf_counter()
    # the inner limit is longer than the outer: the outer still ends the block
    with pytest.raises(TimeLimitExceeded), time_limit(0.3), time_limit(5.0):
        _crawl()
    assert time.perf_counter() - started < 2.0
    with time_limit(5.0):
        with pytest.raises(TimeLimitExceeded), time_limit(0.2):
            _crawl()
        time.sleep(0.3)  # the outer limit's time is left, and nothing fires in it


def test_in_another_thread_a_watchdog_raises_the_limit() -> None:
    outcome: list[str] = []

    def run() -> None:
        try:
            with time_limit(0.2):
                _crawl()
        except TimeLimitExceeded:
            outcome.append("stopped")

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(5.0)
    assert outcome == ["stopped"]
