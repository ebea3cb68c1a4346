"""Near-duplicate detection on syndicated copies: precision and recall beside exact-hash dedup.

The stream is made of:
- the quotes set's articles (../shared/eval/quotes/dev.jsonl, 670 political news articles, first
  paragraph taken as the headline), each followed, in a seeded shuffle, by 0 to 3 copies written
  by bench/_syndicate.py (new headline, a paragraph dropped, footers and labels added, a
  sentence edited, encoding and whitespace changes): an article and its copies are one group;
- the clustering set's articles (../shared/eval/clustering/dev.jsonl, 208 reports of 35 events
  from some 60 outlets), each its own group: reports of one event written apart, which must not
  be folded together as copies.

Both sets already hold copies of their own (the clustering README says so: one wire story runs
under several outlets; the quotes set has one New York Times article twice). So the gold groups
are first joined, before any copy is written, wherever two source texts share at least half of
the shorter one's word 5-grams exactly (computed on the full sets, not estimated): no report
written apart comes near that, and a republished text is far above it.

Every document goes through the clean stage as a scraped text dump, as NewsBite reads one; then
the index (merge/duplicates.py) and the exact-hash baseline (SHA-256 of the normalised body)
see the clean bodies in stream order. Scored over all pairs of documents: a pair is predicted
a copy when both land in one group. The threshold sweep shows how the choice was made.

    python bench/dedup.py [--seed 1] [--max-copies 3]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

from _eval import eval_folder
from _syndicate import Source, syndicated_copy
from newsbite.clean import clean_document
from newsbite.errors import NewsBiteError
from newsbite.merge.duplicates import (
    COPY_THRESHOLD,
    SHINGLE_WORDS,
    DuplicateIndex,
    fingerprint,
    normalised_words,
)
from newsbite.model import Document, DocumentKind

SWEEP = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
TARGET_PRECISION = 0.99
TARGET_RECALL = 0.97


@dataclass(frozen=True)
class Item:
    """One document of the stream: its gold group, its event (clustering set only) and clean body."""

    key: str
    group: str
    event: str | None
    paragraphs: list[str]


def quotes_sources() -> list[Source]:
    sources = []
    for line in (eval_folder("quotes") / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        parts = [part.strip() for part in record["text"].split("\n\n") if part.strip()]
        if len(parts) >= 4:
            sources.append(Source(record["id"], parts[0], parts[1:]))
    return sources


def text_dump(headline: str, paragraphs: Sequence[str]) -> str:
    return "\n\n".join([headline, *paragraphs]) + "\n"


def build_stream(seed: int, max_copies: int) -> tuple[list[tuple[str, str, str | None, str]], int]:
    """(key, gold group, event, text) in stream order, and how many copies were written."""
    rng = random.Random(seed)
    documents: list[tuple[str, str, str | None, str]] = []
    copies = 0
    for source in quotes_sources():
        documents.append(
            (f"{source.id}/original", source.id, None, text_dump(source.headline, source.paragraphs))
        )
        for number in range(rng.randint(0, max_copies)):
            documents.append(
                (f"{source.id}/copy{number}", source.id, None, syndicated_copy(source, seed, number))
            )
            copies += 1
    for line in (eval_folder("clustering") / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        paragraphs = [part.strip() for part in record["text"].split("\n") if part.strip()]
        documents.append(
            (record["id"], record["id"], record["cluster"], text_dump(record["title"], paragraphs))
        )
    rng.shuffle(documents)
    return documents, copies


def clean_stream(documents: list[tuple[str, str, str | None, str]]) -> tuple[list[Item], int]:
    items, failed = [], 0
    for key, group, event, text in documents:
        try:
            article = clean_document(Document(origin=key, kind=DocumentKind.TEXT, content=text))
        except NewsBiteError:
            failed += 1
            continue
        items.append(Item(key, group, event, article.paragraphs))
    return _join_source_copies(items), failed


# Share of the shorter text's word 5-grams found verbatim in the other, above which two source
# texts of the evaluation sets are one text republished (see the module docstring).
GOLD_CONTAINMENT = 0.5


def _join_source_copies(items: list[Item]) -> list[Item]:
    """The gold groups joined where two source texts (not written copies) are one text."""
    sources = [item for item in items if item.key.endswith("/original") or item.event is not None]
    shingles = {item.group: _shingles(item.paragraphs) for item in sources}
    parent = {group: group for group in shingles}

    def root(group: str) -> str:
        while parent[group] != group:
            group = parent[group]
        return group

    by_shingle: dict[str, set[str]] = defaultdict(set)
    for group, grams in shingles.items():
        for gram in grams:
            by_shingle[gram].add(group)
    for first, second in {
        tuple(sorted(pair))
        for groups in by_shingle.values()
        if len(groups) < 50
        for pair in itertools.combinations(groups, 2)
    }:
        a, b = shingles[first], shingles[second]
        if a and b and len(a & b) / min(len(a), len(b)) >= GOLD_CONTAINMENT:
            parent[root(first)] = root(second)
    return [Item(item.key, root(item.group), item.event, item.paragraphs) for item in items]


def _shingles(paragraphs: Sequence[str]) -> set[str]:
    words = normalised_words(paragraphs)
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def _body_hash(paragraphs: Sequence[str]) -> str:
    return hashlib.sha256(" ".join(normalised_words(paragraphs)).encode()).hexdigest()


def exact_hash_groups(items: list[Item]) -> dict[str, str]:
    first: dict[str, str] = {}
    return {item.key: first.setdefault(_body_hash(item.paragraphs), item.key) for item in items}


def minhash_groups(items: list[Item], threshold: float) -> tuple[dict[str, str], float]:
    """Each item's predicted group (its original's key), and the seconds fingerprinting and indexing took."""
    index = DuplicateIndex(copy_threshold=threshold)
    groups = {}
    began = time.perf_counter()
    for item in items:
        original = index.add(item.key, item.paragraphs)
        groups[item.key] = original or item.key
    return groups, time.perf_counter() - began


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    event_folds: int  # pairs of different reports of one event predicted copies

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def score(items: list[Item], predicted: dict[str, str]) -> Score:
    gold_pairs = _pairs(items, lambda item: item.group)
    predicted_pairs = _pairs(items, lambda item: predicted[item.key])
    right = len(gold_pairs & predicted_pairs)
    by_key = {item.key: item for item in items}
    event_folds = sum(
        1
        for first, second in predicted_pairs - gold_pairs
        if by_key[first].event is not None and by_key[first].event == by_key[second].event
    )
    return Score(
        right / len(predicted_pairs) if predicted_pairs else 1.0,
        right / len(gold_pairs) if gold_pairs else 1.0,
        event_folds,
    )


def _pairs(items: list[Item], group_of: Callable[[Item], str]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for item in items:
        groups[group_of(item)].append(item.key)
    return {tuple(sorted(pair)) for keys in groups.values() for pair in itertools.combinations(keys, 2)}  # type: ignore[misc]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-copies", type=int, default=3, help="copies written per article, 0 to this")
    args = parser.parse_args()
    console = Console(width=150)
    documents, copies = build_stream(args.seed, args.max_copies)
    with console.status(f"cleaning {len(documents):,} documents"):
        items, failed = clean_stream(documents)
    gold_groups = len({item.group for item in items})
    console.print(
        f"{len(items):,} documents ({copies:,} syndicated copies written; {failed} gave no article), "
        f"{gold_groups:,} gold groups"
    )
    table = Table(title="Near-duplicates over all pairs of the stream")
    for name in (
        "method",
        "threshold",
        "precision",
        "recall",
        "F1",
        "event reports folded",
        "docs/s",
        "target",
    ):
        table.add_column(name, justify="left" if name in ("method", "target") else "right")
    baseline = score(items, exact_hash_groups(items))
    table.add_row("exact hash of the normalised body", "-", *_cells(baseline), "", "")
    passed = True
    for threshold in SWEEP:
        predicted, seconds = minhash_groups(items, threshold)
        result = score(items, predicted)
        chosen = threshold == COPY_THRESHOLD
        verdict = ""
        if chosen:
            met = result.precision >= TARGET_PRECISION and result.recall >= TARGET_RECALL
            passed = met
            outcome = "[green]met[/]" if met else "[red]not met[/]"
            verdict = f"P >= {TARGET_PRECISION}, R >= {TARGET_RECALL}: {outcome}"
        method = "[bold]MinHash LSH (NewsBite's threshold)[/]" if chosen else "MinHash LSH"
        table.add_row(method, f"{threshold:.1f}", *_cells(result), f"{len(items) / seconds:,.0f}", verdict)
    console.print(table)
    # Fingerprinting alone, for the speed line: what each document costs before any lookup.
    began = time.perf_counter()
    for item in items:
        fingerprint(item.paragraphs)
    console.print(f"fingerprinting alone: {len(items) / (time.perf_counter() - began):,.0f} docs/s")
    return 0 if passed else 1


def _cells(result: Score) -> list[str]:
    return [f"{result.precision:.4f}", f"{result.recall:.4f}", f"{result.f1:.4f}", f"{result.event_folds:,}"]


if __name__ == "__main__":
    sys.exit(main())
