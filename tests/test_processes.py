"""Worker processes end with their parent, even one killed outright (SIGKILL, as the kernel's OOM
killer does): `newsbite ingest --workers`, `newsbite batch`'s Dask workers, and a pool driven from
a thread other than the main one."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest

from newsbite.processes import exit_with_parent, worker_context

# How long a worker may outlive its killed parent (the bound); they take about 0.1 s.
GRACE_SECONDS = 10
# Long enough for two workers to be mid-run when the parent is killed, a minute at most in all.
STORIES = 3000


def story(number: int) -> str:
    return (
        f"Harbour story number {number}\n\nThe council voted on the sea wall in story {number}. "
        "Work begins in June, officials said. The mayor welcomed the decision.\n"
    )


@dataclass
class Family:
    """A parent process and the workers found under it, all killed when a test is done."""

    parent: psutil.Process
    workers: list[psutil.Process] = field(default_factory=list)

    def wait_for_workers(self, count: int, timeout: float = 60) -> list[psutil.Process]:
        """The parent's `count` spawned worker processes (multiprocessing's resource tracker is not
        one), once they are all there."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            descendants = self.parent.children(recursive=True)
            self.workers = [child for child in descendants if "spawn_main" in _cmdline(child)]
            if len(self.workers) >= count:
                return self.workers
            assert self.parent.is_running(), "the parent ended before its workers were there"
            time.sleep(0.1)
        raise AssertionError(f"{self.parent.pid} did not start {count} workers in {timeout} s")


@contextmanager
def started(arguments: list[str], tmp_path: Path) -> Iterator[Family]:
    """ARGUMENTS (`newsbite ...` or a Python script) running on a store in `tmp_path`."""
    if arguments[0] == "newsbite":
        arguments = [str(Path(sys.executable).with_name("newsbite")), *arguments[1:]]
    environ = {**os.environ, "NEWSBITE_DATABASE": f"sqlite:///{tmp_path / 'store.db'}"}
    with (tmp_path / "stderr.txt").open("wb") as stderr:
        process = subprocess.Popen(
            arguments, env=environ, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True
        )
    family = Family(psutil.Process(process.pid))
    try:
        yield family
    finally:
        for member in [family.parent, *family.workers]:
            if _running(member):
                member.kill()
        process.wait(GRACE_SECONDS)


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"no {what} after {timeout} s"
        time.sleep(0.1)


def seconds_until_gone(processes: list[psutil.Process], timeout: float = GRACE_SECONDS) -> float:
    """Seconds until none of the processes is running (a zombie waiting to be reaped has ended)."""
    began = time.monotonic()
    while any(_running(process) for process in processes):
        if time.monotonic() - began > timeout:
            alive = [process.pid for process in processes if _running(process)]
            raise AssertionError(f"workers {alive} still alive {timeout} s after their parent was killed")
        time.sleep(0.05)
    return time.monotonic() - began


def articles_stored(database: Path) -> int:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
            return connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # not created or migrated yet
        return 0


@pytest.mark.slow
def test_ingest_workers_end_within_seconds_of_their_parent_being_killed(tmp_path: Path) -> None:
    stories = tmp_path / "stories"
    stories.mkdir()
    for number in range(STORIES):
        (stories / f"story-{number:04d}.txt").write_text(story(number))
    with started(["newsbite", "ingest", str(stories), "--workers", "2"], tmp_path) as family:
        workers = family.wait_for_workers(2)
        wait_for(lambda: articles_stored(tmp_path / "store.db") > 0, "article stored")
        assert family.parent.is_running() and articles_stored(tmp_path / "store.db") < STORIES  # mid-run
        family.parent.send_signal(signal.SIGKILL)
        assert seconds_until_gone(workers) < GRACE_SECONDS


@pytest.mark.slow
def test_batch_workers_end_within_seconds_of_their_parent_being_killed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    records = ({"id": f"story-{n}", "title": f"Harbour story {n}", "text": story(n)} for n in range(STORIES))
    corpus.write_text("".join(json.dumps(record) + "\n" for record in records))
    out = tmp_path / "out"
    batch = ["newsbite", "batch", str(corpus), "--out", str(out), "--workers", "2", "--partition-size", "20"]
    with started(batch, tmp_path) as family:
        workers = family.wait_for_workers(2)
        wait_for(lambda: any((out / "_done").glob("part-*")), "partition written")
        assert family.parent.is_running() and not (out / "merge").exists()  # mid-run
        family.parent.send_signal(signal.SIGKILL)
        assert seconds_until_gone(workers) < GRACE_SECONDS


# A parent whose pool is started and driven by a thread other than its main one, which Linux's
# parent-death signal would not cover: it starts two busy workers and waits to be killed.
POOL_OFF_THE_MAIN_THREAD = """
import os, threading, time
from concurrent.futures import ProcessPoolExecutor
from newsbite.processes import exit_with_parent, worker_context

def drive():
    pool = ProcessPoolExecutor(2, mp_context=worker_context(), initializer=exit_with_parent)
    for _ in range(2):  # each submitted while no worker is idle starts one
        pool.submit(time.sleep, 600)
    time.sleep(600)

if __name__ == "__main__":  # not again in the workers, which import this module when spawned
    threading.Thread(target=drive, daemon=True).start()
    time.sleep(600)
"""


@pytest.mark.slow
def test_workers_started_off_the_main_thread_end_with_their_parent(tmp_path: Path) -> None:
    script = tmp_path / "pool_off_the_main_thread.py"
    script.write_text(POOL_OFF_THE_MAIN_THREAD)
    with started([sys.executable, str(script)], tmp_path) as family:
        workers = family.wait_for_workers(2)
        family.parent.send_signal(signal.SIGKILL)
        assert seconds_until_gone(workers) < GRACE_SECONDS


@pytest.mark.slow
def test_workers_outlive_the_thread_that_started_them_while_their_parent_lives() -> None:
    # Linux's parent-death signal fires when the *thread* that started a process ends: set for
    # these workers, it would kill them as soon as the starting thread is done.
    with ProcessPoolExecutor(1, mp_context=worker_context(), initializer=exit_with_parent) as pool:
        started: list[int] = []
        starter = threading.Thread(target=lambda: started.append(pool.submit(os.getpid).result()))
        starter.start()
        starter.join()
        time.sleep(0.5)  # the signal, were it set, would have come by now
        [worker] = started
        assert _running(psutil.Process(worker))
        assert pool.submit(os.getpid).result() == worker


def _running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _cmdline(process: psutil.Process) -> str:
    try:
        return " ".join(process.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return ""
