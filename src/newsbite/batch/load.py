"""`newsbite batch --store`: a batch's articles taken into the configured store by the intake (stored,
then merged there), as `newsbite ingest` would take them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson
import pyarrow.parquet as pq

from newsbite.config import Settings
from newsbite.intake import STORE_BATCH, Intake
from newsbite.model import Article
from newsbite.schema import article_from_dict
from newsbite.store import Store


def stored_articles(out: Path) -> Iterator[list[Article]]:
    """The batch's articles in input order, a store transaction's worth at a time."""
    for path in sorted((out / "articles").glob("part-*.parquet")):
        for batch in pq.ParquetFile(path).iter_batches(batch_size=STORE_BATCH, columns=["document"]):
            yield [article_from_dict(orjson.loads(document)) for document in batch.column(0).to_pylist()]


def load_into_store(
    out: Path, store: Store, settings: Settings, on_stored: Callable[[int], None] | None = None
) -> Counter[str]:
    """Store every article of the batch (idempotent, as ingesting is), then merge them; the tally."""
    tally: Counter[str] = Counter()
    intake = Intake(store, settings)
    for articles in stored_articles(out):
        tally.update(outcome.value for outcome in intake.store_articles(articles))
        if on_stored:
            on_stored(len(articles))
    return tally
