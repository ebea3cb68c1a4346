"""The Parquet tables a batch writes, one row group per partition (docs/batch.md lists them).

Rows are made from the same Article objects the single-process pipeline gives, by the same
functions, so that a batch run and `newsbite bite` over the same documents can be compared
table by table. Every row of an article's tables carries, beside the store's key, the id its
record gave it (`source_id`): the key is shared by two records of one URL (an article crawled
twice), the record's id is what joins a row back to the corpus it came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import orjson
import pyarrow as pa

from newsbite.batch.merge import INPUTS_SCHEMA, merge_input
from newsbite.errors import NewsBiteError
from newsbite.merge.stories import Embedder, lead_text
from newsbite.model import Article, Document
from newsbite.schema import article_to_dict
from newsbite.store import stored_id

_TEXT, _INT = pa.string(), pa.int32()

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            ("id", _TEXT),  # the store's id for it: the same in every run and every store
            ("source_id", _TEXT),  # the id its record gave it (null without one)
            ("origin", _TEXT),
            ("partition", _INT),
            ("position", _INT),  # the document's place in its partition
            ("headline", _TEXT),
            ("standfirst", _TEXT),
            ("byline", _TEXT),
            ("agency", _TEXT),
            ("section", _TEXT),
            ("publisher", _TEXT),
            ("published", _TEXT),
            ("url", _TEXT),
            ("original_url", _TEXT),
            ("language", _TEXT),
            ("body", _TEXT),
            ("document", _TEXT),  # the whole article JSON (docs/json-schema.md)
        ]
    ),
    "bites": pa.schema(
        [
            ("article_id", _TEXT),
            ("source_id", _TEXT),
            ("position", _INT),
            ("sentence", _TEXT),
            ("sentence_id", _INT),
            ("method", _TEXT),
        ]
    ),
    "key_points": pa.schema(
        [
            ("article_id", _TEXT),
            ("source_id", _TEXT),
            ("position", _INT),
            ("text", _TEXT),
            ("sentences", pa.list_(_INT)),
        ]
    ),
    "entities": pa.schema(
        [
            ("article_id", _TEXT),
            ("source_id", _TEXT),
            ("name", _TEXT),
            ("label", _TEXT),
            ("mentions", _INT),
            ("salience", pa.float64()),
        ]
    ),
    "quotes": pa.schema(
        [
            ("article_id", _TEXT),
            ("source_id", _TEXT),
            ("text", _TEXT),
            ("kind", _TEXT),
            ("speaker", _TEXT),
            ("cue", _TEXT),
            ("start", _INT),
            ("end", _INT),
        ]
    ),
    "claims": pa.schema(
        [
            ("article_id", _TEXT),
            ("source_id", _TEXT),
            ("party", _TEXT),
            ("stance", _TEXT),
            ("text", _TEXT),
            ("start", _INT),
            ("end", _INT),
            ("contradicts", _INT),
        ]
    ),
    "merge_inputs": INPUTS_SCHEMA,
    "failures": pa.schema(
        [
            ("origin", _TEXT),
            ("source_id", _TEXT),
            ("partition", _INT),
            ("position", _INT),
            ("error", _TEXT),
            ("problem", _TEXT),
        ]
    ),
}

_ARTICLE_FIELDS = (
    "headline",
    "standfirst",
    "byline",
    "agency",
    "section",
    "publisher",
    "published",
    "url",
    "original_url",
    "language",
)


def partition_tables(
    documents: Sequence[Document | NewsBiteError],
    outcomes: Sequence[Article | NewsBiteError],
    partition: int,
    embedder: Embedder | None = None,
) -> dict[str, pa.Table]:
    """Every table's rows for one partition: each document with its outcome (the article, or the
    error that stopped it), as the pipeline gives one per document; with an embedder, the merge
    inputs carry the leads' vectors, embedded in one batch."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMAS}
    articles = [outcome for outcome in outcomes if isinstance(outcome, Article)]
    vectors = iter(
        embedder([lead_text(a.headline, a.paragraphs) for a in articles]) if embedder and articles else []
    )
    for position, (document, outcome) in enumerate(zip(documents, outcomes, strict=True)):
        source_id = document.record_id if isinstance(document, Document) else None
        if isinstance(outcome, NewsBiteError):
            rows["failures"].append(
                {
                    "origin": outcome.origin,
                    "source_id": source_id,
                    "partition": partition,
                    "position": position,
                    "error": type(outcome).__name__,
                    "problem": outcome.problem,
                }
            )
        else:
            _article_rows(outcome, source_id, partition, position, rows, next(vectors, None))
    return {name: pa.Table.from_pylist(rows[name], schema=schema) for name, schema in SCHEMAS.items()}


def _article_rows(
    article: Article,
    source_id: str | None,
    partition: int,
    position: int,
    rows: dict[str, list[dict[str, Any]]],
    embedding: np.ndarray | None,
) -> None:
    document = article_to_dict(article)
    key = stored_id(article)
    document["id"] = key
    owner = {"article_id": key, "source_id": source_id}
    rows["merge_inputs"].append(merge_input(article, key, partition, position, embedding))
    rows["articles"].append(
        {
            "id": key,
            "source_id": source_id,
            "origin": article.origin,
            "partition": partition,
            "position": position,
            **{name: getattr(article, name) for name in _ARTICLE_FIELDS},
            "body": article.body_text,
            "document": orjson.dumps(document).decode(),
        }
    )
    bite = document["bite"]
    for rank, (sentence, sentence_id) in enumerate(zip(bite["sentences"], _padded(bite), strict=True)):
        rows["bites"].append(
            {
                **owner,
                "position": rank,
                "sentence": sentence,
                "sentence_id": sentence_id,
                "method": bite["method"],
            }
        )
    for rank, point in enumerate(bite["key_points"]):
        rows["key_points"].append(
            {**owner, "position": rank, "text": point["text"], "sentences": point["sentences"]}
        )
    for entity in document["entities"]:
        rows["entities"].append(
            {**owner, **{k: entity[k] for k in ("name", "label", "mentions", "salience")}}
        )
    for quote in document["quotes"]:
        rows["quotes"].append(
            {**owner, **{k: quote[k] for k in ("text", "kind", "speaker", "cue", "start", "end")}}
        )
    for claim in document["claims"]:
        rows["claims"].append(
            {**owner, **{k: claim[k] for k in ("party", "stance", "text", "start", "end", "contradicts")}}
        )


def _padded(bite: dict[str, Any]) -> list[int | None]:
    """The bite's sentence indices, one per sentence (an abstractive bite has none)."""
    ids: list[int | None] = list(bite["sentence_ids"])
    return ids + [None] * (len(bite["sentences"]) - len(ids))
