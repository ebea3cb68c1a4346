"""The robustness corpus (../shared/eval/robustness): every page and every feed ends in articles or
clear errors, never a crash, a hang or runaway memory. Each file runs in a worker process with a
time limit and a memory cap, as the corpus README asks; files are given as bytes as read, with no
HTTP headers. Slow: skip with -m "not slow".
"""

from __future__ import annotations

import multiprocessing
import random
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from newsbite.clean import clean_document
from newsbite.config import Settings
from newsbite.errors import NewsBiteError
from newsbite.ingest.feeds import feed_documents, read_feed
from newsbite.ingest.files import documents_from_path
from newsbite.model import Document
from newsbite.pipeline import Pipeline

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "robustness"
SECONDS_PER_FILE = 10
MEMORY_CAP_BYTES = 2 * 1024**3
SKIPPED = {"index.tsv", "README.md"}
Outcome = tuple[str, str, str]  # ("article" | "error", origin, problem)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP_BYTES, MEMORY_CAP_BYTES))


def _page_outcomes(path: str) -> list[Outcome]:
    """A page through ingest and the whole pipeline (clean, understand, bite)."""
    documents = documents_from_path(Path(path), Settings().max_document_bytes)
    return [_outcome(outcome) for outcome in Pipeline(Settings()).run(documents)]


def _feed_outcomes(path: str) -> list[Outcome]:
    """A feed through the feed reader (no fetching: teasers stay teasers), each entry cleaned."""
    try:
        feed = read_feed(Path(path).read_bytes(), path)
    except NewsBiteError as error:
        return [_outcome(error)]
    results = []
    for document in feed_documents(feed):
        if isinstance(document, Document):
            try:
                results.append(_outcome(clean_document(document)))
            except NewsBiteError as error:
                results.append(_outcome(error))
        else:
            results.append(_outcome(document))
    return results


def _outcome(result: object) -> Outcome:
    if isinstance(result, NewsBiteError):
        return ("error", result.origin, result.problem)
    return ("article", getattr(result, "origin", ""), "")


def _files(folder: str) -> list[str]:
    root = CORPUS / folder
    if not root.is_dir():
        pytest.skip(f"robustness corpus not found at {root}")
    return sorted(str(p) for p in root.rglob("*") if p.is_file() and p.name not in SKIPPED)


def _run_all(
    files: list[str], run: Callable[[str], list[Outcome]]
) -> tuple[dict[str, list[Outcome]], list[str], list[str]]:
    """Each file's outcomes, the crashes (with the file and exception) and the unclear messages."""
    crashes: list[str] = []
    unclear: list[str] = []
    results: dict[str, list[Outcome]] = {}
    context = multiprocessing.get_context("spawn")
    with context.Pool(2, initializer=_limit_memory, maxtasksperchild=500) as pool:
        pending = {path: pool.apply_async(run, (path,)) for path in files}
        for path, result in pending.items():
            try:
                outcomes = result.get(timeout=SECONDS_PER_FILE)
            except multiprocessing.TimeoutError:
                crashes.append(f"{path}: timed out after {SECONDS_PER_FILE} s")
                continue
            except Exception as error:  # the point of the test: anything that escapes is a crash
                crashes.append(f"{path}: {error!r}")
                continue
            results[path] = outcomes
            if not outcomes:
                unclear.append(f"{path}: neither an article nor an error")
            for kind, origin, problem in outcomes:
                if kind == "error" and (
                    not origin.startswith(path) or len(problem.split()) < 3 or problem.startswith("<")
                ):
                    unclear.append(f"{path}: unclear error {origin!r}: {problem!r}")
    return results, crashes, unclear


def _articles(results: dict[str, list[Outcome]]) -> int:
    return sum(kind == "article" for outcomes in results.values() for kind, _, _ in outcomes)


def test_html_corpus_never_crashes() -> None:
    files = _files("html")
    results, crashes, unclear = _run_all(files, _page_outcomes)
    assert crashes == []
    assert unclear == []
    assert len(results) == len(files)
    assert _articles(results) >= 100  # the real news pages in the corpus must give articles


def test_feed_corpus_never_crashes() -> None:
    files = _files("feeds")
    results, crashes, unclear = _run_all(files, _feed_outcomes)
    assert crashes == []
    assert unclear == []
    assert len(results) == len(files)
    # Bare feedparser gives entries for 2,500 of the 3,996 files, none of them JSON Feeds; the
    # reader must give entries (each an article, or that entry's own error) for at least as many.
    with_entries = [path for path, outcomes in results.items() if any(o[1] != path for o in outcomes)]
    assert len(with_entries) >= 2_500
    assert sum(path.endswith(".json") for path in with_entries) >= 10
    assert _articles(results) >= 1_000


def test_a_sample_of_the_corpus_through_newsbite_bite() -> None:
    # Feeds and pages that hold articles, and the broken kinds, a few of each.
    rng = random.Random(7)
    files = [
        *rng.sample(_files("feeds/feedparser/wellformed/rss"), 10),
        *rng.sample(_files("feeds/feedvalidator/atom"), 10),
        *rng.sample(_files("feeds/feedparser/encoding"), 5),
        *rng.sample(_files("feeds/feedparser/entities"), 5),
        *rng.sample(_files("html/trafilatura/cache"), 20),
        *rng.sample(_files("html/html5lib-tests"), 10),
    ]
    done = subprocess.run(
        [sys.executable, "-m", "newsbite", "bite", "--format", "jsonl", *files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode in (0, 1), done.stderr[-2_000:]
    assert "Traceback" not in done.stderr
    for line in done.stderr.splitlines():
        if line.startswith("error:"):
            assert any(path in line for path in files), line
    assert done.stdout.count("\n") >= 20  # articles printed, one JSON line each
