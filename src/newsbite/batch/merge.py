"""The merge stage over a whole batch: the order-free work on the workers, the assignment in one task.

Each partition's task fingerprints its articles (MinHash), counts their terms and, with
embeddings on, embeds their leads (one batch a partition): all of it depends on the article
alone, and goes into `merge_inputs`. One task then reads them all and places every
article in time order (publication time, undated ones last, ties in input order) exactly as
`newsbite cluster` would: the near-duplicate LSH lookups and story assignment depend on what
came before, so they cannot be split. It writes `merge/placements.parquet`: each article's id,
the article it copies (null for an original) and its story, once every article is placed.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from newsbite.merge.duplicates import fingerprint, fingerprint_from_bytes, signature_bytes
from newsbite.merge.stories import THRESHOLD_WITH_EMBEDDINGS, term_counts
from newsbite.merge.stream import Merger
from newsbite.model import Article, parse_moment

INPUTS_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("partition", pa.int32()),
        ("position", pa.int32()),
        ("published", pa.string()),
        ("signature", pa.binary()),
        ("shingles", pa.int32()),
        ("terms", pa.list_(pa.string())),
        ("counts", pa.list_(pa.int32())),
        ("embedding", pa.binary()),  # the lead's vector (float32), with embeddings on
    ]
)
PLACEMENTS_SCHEMA = pa.schema([("id", pa.string()), ("duplicate_of", pa.string()), ("story", pa.string())])


def merge_input(
    article: Article, key: str, partition: int, position: int, embedding: np.ndarray | None = None
) -> dict[str, Any]:
    """What the assignment needs of one article, computed where the article was processed."""
    print_ = fingerprint(article.paragraphs)
    counts = term_counts(article.headline, article.paragraphs)
    return {
        "id": key,
        "partition": partition,
        "position": position,
        "published": article.published,
        "signature": signature_bytes(print_),
        "shingles": print_.shingles,
        "terms": list(counts),
        "counts": list(counts.values()),
        "embedding": None if embedding is None else embedding.astype(np.float32).tobytes(),
    }


def time_order(row: dict[str, Any]) -> tuple[float, int, int]:
    """Publication time (undated last), then the article's place in the input."""
    moment = parse_moment(row["published"])
    return (moment.timestamp() if moment else math.inf, row["partition"], row["position"])


def assign(out: str, embeddings: bool = False) -> int:
    """The task: place every article of the batch (by the embedding threshold when the workers
    embedded the leads); how many were placed."""
    rows = sorted(pq.read_table(Path(out) / "merge_inputs", schema=INPUTS_SCHEMA).to_pylist(), key=time_order)
    merger = Merger(story_threshold=THRESHOLD_WITH_EMBEDDINGS if embeddings else None)
    placed = []
    for row in rows:
        print_ = fingerprint_from_bytes(row["signature"], row["shingles"])
        counts = Counter(dict(zip(row["terms"], row["counts"], strict=True)))
        vector = None if row["embedding"] is None else np.frombuffer(row["embedding"], dtype=np.float32)
        merged = merger.merge_counted(row["id"], print_, counts, parse_moment(row["published"]), vector)
        placed.append(merged.placement)
    table = pa.Table.from_pylist(
        [{"id": p.id, "duplicate_of": p.duplicate_of, "story": merger.story_of(p.id)} for p in placed],
        schema=PLACEMENTS_SCHEMA,
    )
    folder = Path(out) / "merge"
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / ".placements.parquet.tmp"
    pq.write_table(table, temporary)
    os.replace(temporary, folder / "placements.parquet")
    return len(placed)
