"""Dates you can trust: an article's own date is believed only up to a day after NewsBite first saw
it, an undated article is placed by when it was first seen, and a story's times come from its
dated reports.

- articles: a `published` that is not an ISO 8601 date, or is more than a day after `added_at`,
  becomes null, its document keeping the date as `claimed_published`; `sort_time` is `published`
  in UTC, else `added_at` (an update used to move an undated article to the time of the update);
  the document's `added_at` is the row's (an update used to overwrite it with its own time); an
  undated copy of a dispatch that has dated copies is placed at the dispatch's earliest date.
- stories: `time_basis` (published or first_seen) is added, and `first_time` and `last_time` are
  the span of their articles' believed publication times, else, none being dated, of the times
  they were first seen; the clusterer's clock (`published_until`) forgets dates no longer believed.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import sqlalchemy as sa
import zstandard
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# The rule as this revision shipped it (model.BELIEVABLE_LEAD then), written out so that the
# revision keeps meaning what it meant.
BELIEVABLE_LEAD = timedelta(days=1)
STAMP = "%Y-%m-%dT%H:%M:%SZ"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
BATCH = 500

articles = sa.table(
    "articles",
    sa.column("seq"),
    sa.column("published"),
    sa.column("sort_time"),
    sa.column("added_at"),
    sa.column("document"),
)
stories = sa.table("stories", sa.column("seq"), sa.column("published_until"))
article_merge = sa.table(
    "article_merge", sa.column("article_seq"), sa.column("story_seq"), sa.column("copy_of")
)


def upgrade() -> None:
    op.add_column("stories", sa.Column("time_basis", sa.Text, nullable=False, server_default="published"))
    bind = op.get_bind()
    compressor = None if bind.dialect.name == "postgresql" else zstandard.ZstdCompressor(level=1)
    disbelieved: list[int] = []
    for rows in _article_batches(bind):
        changes = [change for row in rows if (change := _article_change(row, compressor))]
        if changes:
            bind.execute(
                sa.update(articles)
                .where(articles.c.seq == sa.bindparam("old_seq"))
                .values({name: sa.bindparam(name) for name in ("published", "sort_time", "document")}),
                changes,
            )
        disbelieved += [
            row.seq for row in rows if row.published and not _believed(row.published, row.added_at)
        ]
    _undated_copies(bind)
    _story_times()
    _story_clocks(bind, disbelieved)


def _article_batches(bind: sa.Connection) -> Iterator[list[Any]]:
    last = 0
    columns = (articles.c.seq, articles.c.published, articles.c.sort_time, articles.c.added_at)
    while True:
        statement = sa.select(*columns, articles.c.document).where(articles.c.seq > last)
        rows = bind.execute(statement.order_by(articles.c.seq).limit(BATCH)).all()
        if not rows:
            return
        yield rows
        last = rows[-1].seq


def _article_change(row: Any, compressor: zstandard.ZstdCompressor | None) -> dict[str, Any] | None:
    """The row's new columns, or None when it is right as it is."""
    published = row.published if _believed(row.published, row.added_at) else None
    moment = _moment(published)
    sort_time = moment.strftime(STAMP) if moment else row.added_at
    document = _load(row.document)
    right_document = document.get("published") == published and document.get("added_at") == row.added_at
    if published == row.published and sort_time == row.sort_time and right_document:
        return None
    if not right_document:
        document["claimed_published"] = document.get("claimed_published", document.get("published"))
        document["published"] = published
        document["added_at"] = row.added_at
    encoded = orjson.dumps(document)
    return {
        "old_seq": row.seq,
        "published": published,
        "sort_time": sort_time,
        "document": compressor.compress(encoded) if compressor else encoded.decode(),
    }


def _undated_copies(bind: sa.Connection) -> None:
    """Each undated copy of an item with dated copies at the earliest of their dates, unless it
    was first seen before that."""
    item = sa.func.coalesce(article_merge.c.copy_of, article_merge.c.article_seq)
    rows = bind.execute(
        sa.select(item, articles.c.seq, articles.c.published, articles.c.sort_time, articles.c.added_at).join(
            articles, articles.c.seq == article_merge.c.article_seq
        )
    ).all()
    dispatched: dict[int, str] = {}
    for item_seq, _, published, sort_time, _ in rows:
        if published and (item_seq not in dispatched or sort_time < dispatched[item_seq]):
            dispatched[item_seq] = sort_time
    placed = [
        {"undated_seq": seq, "sort_time": min(dispatched[item_seq], added_at)}
        for item_seq, seq, published, _, added_at in rows
        if not published and item_seq in dispatched
    ]
    if placed:
        bind.execute(
            sa.update(articles)
            .where(articles.c.seq == sa.bindparam("undated_seq"))
            .values(sort_time=sa.bindparam("sort_time")),
            placed,
        )


def _story_times() -> None:
    """Each story's span from its dated articles, else from all of them as first seen."""
    members = "FROM article_merge m JOIN articles a ON a.seq = m.article_seq WHERE m.story_seq = stories.seq"
    live = "WHERE merged_into IS NULL AND articles > 0"
    op.execute(
        f"UPDATE stories SET time_basis = CASE WHEN EXISTS (SELECT 1 {members} AND a.published IS NOT NULL) "
        f"THEN 'published' ELSE 'first_seen' END {live}"
    )
    counted = "(stories.time_basis = 'first_seen' OR a.published IS NOT NULL)"
    op.execute(
        f"UPDATE stories SET "
        f"first_time = coalesce((SELECT min(a.sort_time) {members} AND {counted}), first_time), "
        f"last_time = coalesce((SELECT max(a.sort_time) {members} AND {counted}), last_time) {live}"
    )


def _story_clocks(bind: sa.Connection, disbelieved: list[int]) -> None:
    """The latest publication time of each story that held a date no longer believed, without it."""
    if not disbelieved:
        return
    touched = sa.select(article_merge.c.story_seq).where(article_merge.c.article_seq.in_(disbelieved))
    found = bind.execute(
        sa.select(article_merge.c.story_seq, articles.c.published)
        .join(articles, articles.c.seq == article_merge.c.article_seq)
        .where(article_merge.c.story_seq.in_(touched))
    ).all()
    clocks: dict[int, datetime | None] = {story_seq: None for story_seq, _ in found}
    for story_seq, published in found:
        moment = _moment(published)
        if moment and (clocks[story_seq] is None or moment > clocks[story_seq]):
            clocks[story_seq] = moment
    bind.execute(
        sa.update(stories).where(stories.c.seq == sa.bindparam("story_seq")),
        [
            {"story_seq": seq, "published_until": clock.isoformat() if clock else None}
            for seq, clock in clocks.items()
        ],
    )


def _believed(published: str | None, added_at: str) -> bool:
    moment = _moment(published)
    first_seen = datetime.strptime(added_at, STAMP).replace(tzinfo=UTC)
    return moment is not None and moment - first_seen <= BELIEVABLE_LEAD


def _moment(value: str | None) -> datetime | None:
    """model.parse_moment as this revision shipped: UTC, years 1000 to 9998, else None."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
        moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        return None
    return moment if 1000 <= moment.year <= 9998 else None


def _load(stored: str | bytes) -> dict[str, Any]:
    if isinstance(stored, bytes):
        stored = (
            zstandard.ZstdDecompressor().decompress(stored)
            if stored.startswith(ZSTD_MAGIC)
            else zlib.decompress(stored)
        )
    document: dict[str, Any] = orjson.loads(stored)
    return document


def downgrade() -> None:
    op.drop_column("stories", "time_basis")
