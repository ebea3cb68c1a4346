"""The robustness corpus (../shared/eval/robustness/html): every page ends in articles or one clear
error, never a crash, a hang or runaway memory. Each file runs in a worker process with a time
limit and a memory cap, as the corpus README asks. Slow: skip with -m "not slow".
"""

from __future__ import annotations

import multiprocessing
import resource
from pathlib import Path

import pytest

from newsbite.config import Settings
from newsbite.errors import NewsBiteError
from newsbite.ingest.files import documents_from_path
from newsbite.pipeline import Pipeline

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "robustness" / "html"
SECONDS_PER_FILE = 10
MEMORY_CAP_BYTES = 2 * 1024**3
SKIPPED = {"index.tsv"}


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP_BYTES, MEMORY_CAP_BYTES))


def _outcomes(path: str) -> list[tuple[str, str, str]]:
    """("article" | "error", origin, problem) for everything the file gives."""
    results = []
    for outcome in Pipeline(Settings()).run(documents_from_path(Path(path), Settings().max_document_bytes)):
        if isinstance(outcome, NewsBiteError):
            results.append(("error", outcome.origin, outcome.problem))
        else:
            results.append(("article", outcome.origin, ""))
    return results


def test_html_corpus_never_crashes() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"robustness corpus not found at {CORPUS}")
    files = sorted(str(p) for p in CORPUS.rglob("*") if p.is_file() and p.name not in SKIPPED)
    crashes: list[str] = []
    unclear: list[str] = []
    articles = errors = 0
    context = multiprocessing.get_context("spawn")
    with context.Pool(2, initializer=_limit_memory, maxtasksperchild=200) as pool:
        pending = {path: pool.apply_async(_outcomes, (path,)) for path in files}
        for path, result in pending.items():
            try:
                outcomes = result.get(timeout=SECONDS_PER_FILE)
            except multiprocessing.TimeoutError:
                crashes.append(f"{path}: timed out after {SECONDS_PER_FILE} s")
                continue
            except Exception as error:  # the point of the test: anything that escapes is a crash
                crashes.append(f"{path}: {error!r}")
                continue
            if not outcomes:
                unclear.append(f"{path}: neither an article nor an error")
            for kind, origin, problem in outcomes:
                if kind == "article":
                    articles += 1
                    continue
                errors += 1
                if origin != path or len(problem.split()) < 3 or problem.startswith("<"):
                    unclear.append(f"{path}: unclear error {origin!r}: {problem!r}")
    assert crashes == []
    assert unclear == []
    assert articles >= 100  # the real news pages in the corpus must give articles
    assert articles + errors >= len(files)
