"""The feed list in the store: which feeds to poll, when, and how each fared last time.

Only what happened is kept here; when to poll next is decided by the watcher (ingest/watch.py)
and handed in with each outcome.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, fields
from typing import Any, Protocol

from sqlalchemy import Connection, delete, exists, func, or_, select, text, update

from newsbite.store.readers import touch_reader
from newsbite.store.tables import article_merge, feed_articles, feeds, stories, subscriptions

# Entry numbers of an article's second and later feeds start here (migration 0013): above any
# article's seq, which is the entry id of its first, and within a 32-bit int, as apps keep them.
EXTRA_ENTRIES = 1 << 30
# PostgreSQL advisory lock key of taking extra entry numbers (any number no other lock uses).
_EXTRA_ENTRIES_LOCK = 7_461_003

# A feed failing this many polls in a row is flagged for a person to look at; it stays listed
# and keeps being polled at its backed-off interval.
FLAG_AFTER_FAILURES = 5


@dataclass(frozen=True)
class FeedSource:
    """One subscribed feed and its health."""

    url: str
    title: str | None = None
    site_url: str | None = None
    format: str | None = None
    added_at: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    poll_seconds: int | None = None
    next_poll_at: str | None = None
    last_polled_at: str | None = None
    last_success_at: str | None = None
    last_error_at: str | None = None
    last_error_reason: str | None = None
    last_error: str | None = None
    failures: int = 0
    articles: int = 0

    @property
    def flagged(self) -> bool:
        return self.failures >= FLAG_AFTER_FAILURES

    @property
    def status(self) -> str:
        """new (never polled), ok, failing (the last poll failed) or flagged (it keeps failing)."""
        if self.flagged:
            return "flagged"
        if self.failures:
            return "failing"
        return "ok" if self.last_polled_at else "new"

    def as_dict(self) -> dict[str, Any]:
        return {spec.name: getattr(self, spec.name) for spec in fields(self)} | {
            "status": self.status,
            "flagged": self.flagged,
        }


_COLUMNS = [spec.name for spec in fields(FeedSource)]
# A feed no reader follows is kept, with its articles, and not polled.
_FOLLOWED = exists().where(subscriptions.c.feed_seq == feeds.c.seq)


class _Connections(Protocol):
    """What the feed list uses of its Store (the same package): its transactions and dialect."""

    def _writing(self) -> AbstractContextManager[Connection]: ...
    def _reading(self) -> AbstractContextManager[Connection]: ...
    def _dialect_insert(self) -> Any: ...


class FeedList:
    """The store's feeds; get it as `store.feeds`."""

    def __init__(self, store: _Connections) -> None:
        self._store = store

    def add(self, url: str, now: str, *, title: str | None = None, site_url: str | None = None) -> bool:
        """Subscribe to `url`; False when it was already in the list (nothing changes then)."""
        insert = self._store._dialect_insert()(feeds).on_conflict_do_nothing(index_elements=["url"])
        row = {"url": url, "title": title, "site_url": site_url, "added_at": now, "next_poll_at": now}
        with self._store._writing() as connection:
            return connection.execute(insert.values(**row).returning(feeds.c.seq)).first() is not None

    def remove(self, url: str) -> bool:
        """Unsubscribe; False when `url` was not in the list. Its articles stay in the store."""
        with self._store._writing() as connection:
            followed = subscriptions.join(feeds, feeds.c.seq == subscriptions.c.feed_seq)
            touch_reader(
                connection, select(subscriptions.c.reader_seq).select_from(followed).where(feeds.c.url == url)
            )
            return connection.execute(delete(feeds).where(feeds.c.url == url)).rowcount > 0

    def get(self, url: str) -> FeedSource | None:
        with self._store._reading() as connection:
            return self._row(connection, url)

    def all(self) -> list[FeedSource]:
        """Every feed, in the order they were added."""
        with self._store._reading() as connection:
            return list(_sources(connection.execute(select(*feed_columns()).order_by(feeds.c.seq))))

    def due(self, now: str) -> list[FeedSource]:
        """The followed feeds whose next poll is at or before `now`, most overdue first."""
        statement = (
            select(*feed_columns())
            .where(or_(feeds.c.next_poll_at.is_(None), feeds.c.next_poll_at <= now), _FOLLOWED)
            .order_by(func.coalesce(feeds.c.next_poll_at, ""), feeds.c.seq)
        )
        with self._store._reading() as connection:
            return list(_sources(connection.execute(statement)))

    def next_poll_at(self) -> str | None:
        """When the soonest followed feed is due, or None with none."""
        with self._store._reading() as connection:
            return connection.execute(
                select(func.min(feeds.c.next_poll_at)).where(_FOLLOWED)
            ).scalar_one_or_none()

    def record(self, url: str, **changes: Any) -> None:
        """Set what a poll found (column values); `articles_added` adds to the running count."""
        added = changes.pop("articles_added", 0)
        unknown = set(changes) - set(_COLUMNS)
        if unknown:
            raise ValueError(f"not feed columns: {', '.join(sorted(unknown))}")
        with self._store._writing() as connection:
            connection.execute(
                update(feeds).where(feeds.c.url == url).values(**changes, articles=feeds.c.articles + added)
            )

    def carried(self, url: str, article_seqs: Sequence[int]) -> None:
        """Record that the feed at `url` carried these stored articles (Store.stored_urls finds
        them): an article already stored from elsewhere is in this feed too."""
        with self._store._writing() as connection:
            link_articles(connection, self._store._dialect_insert(), url, article_seqs)

    def _row(self, connection: Connection, url: str) -> FeedSource | None:
        found = list(_sources(connection.execute(select(*feed_columns()).where(feeds.c.url == url))))
        return found[0] if found else None


def feed_columns() -> list[Any]:
    return [feeds.c[name] for name in _COLUMNS]


def feed_source(row: Sequence[Any]) -> FeedSource:
    """A feed from its `feed_columns()`, in order."""
    return FeedSource(**dict(zip(_COLUMNS, row, strict=True)))


def _sources(rows: Any) -> Iterator[FeedSource]:
    for row in rows:
        yield feed_source(row)


def link_articles(connection: Connection, dialect_insert: Any, url: str, article_seqs: Sequence[int]) -> None:
    """Record, in the caller's transaction, that the feed at `url` carried these articles (once
    each; nothing for a feed not in the list)."""
    if not article_seqs:
        return
    feed_seq = connection.execute(select(feeds.c.seq).where(feeds.c.url == url)).scalar()
    if feed_seq is None:
        return
    # An article another feed carried already is a second entry of it (store/entries.py): it takes
    # an entry number of its own; the first feed's entry is the article's seq.
    carried = set(
        connection.execute(
            select(feed_articles.c.article_seq).where(
                feed_articles.c.article_seq.in_(list(article_seqs)), feed_articles.c.feed_seq != feed_seq
            )
        ).scalars()
    )
    extra = iter(_extra_entries(connection, sum(seq in carried for seq in article_seqs)))
    rows = [
        {"feed_seq": feed_seq, "article_seq": seq, "entry": next(extra) if seq in carried else None}
        for seq in article_seqs
    ]
    connection.execute(dialect_insert(feed_articles).on_conflict_do_nothing(), rows)
    # Who sees the stories these articles are in may have changed: their pages are built anew.
    in_stories = select(article_merge.c.story_seq).where(article_merge.c.article_seq.in_(list(article_seqs)))
    connection.execute(
        update(stories).where(stories.c.seq.in_(in_stories)).values(version=stories.c.version + 1)
    )


def _extra_entries(connection: Connection, count: int) -> range:
    """`count` entry numbers no link has yet, from EXTRA_ENTRIES up (one more than the highest
    given). PostgreSQL's writers take them under a lock, as two might read the same highest."""
    if not count:
        return range(0)
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _EXTRA_ENTRIES_LOCK})
    highest = connection.execute(select(func.max(feed_articles.c.entry))).scalar()
    first = max(EXTRA_ENTRIES, (highest or 0) + 1)
    return range(first, first + count)
