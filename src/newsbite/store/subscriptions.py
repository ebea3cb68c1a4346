"""Readers' subscriptions: which of the (global) feeds each reader follows, under their own
title and category. A feed is polled once, whoever follows it, and while anyone does."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, delete, select, update

from newsbite.store.feeds import FeedSource, feed_columns, feed_source
from newsbite.store.readers import Reader, touch_reader
from newsbite.store.tables import feeds, subscriptions


@dataclass(frozen=True)
class Subscription:
    """A feed as one reader follows it: `title` is theirs, else the feed's own."""

    feed_seq: int  # the feed's number, the same for every reader and stable: pages name it by this
    feed: FeedSource
    title: str | None
    category: str | None
    added_at: str

    @property
    def shown_title(self) -> str:
        return self.title or self.feed.title or self.feed.url

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.feed_seq,
            "url": self.feed.url,
            "title": self.shown_title,
            "category": self.category,
            "added_at": self.added_at,
            "feed": self.feed.as_dict(),
        }


class _Connections(Protocol):
    def _writing(self) -> AbstractContextManager[Connection]: ...
    def _reading(self) -> AbstractContextManager[Connection]: ...
    def _dialect_insert(self) -> Any: ...


class SubscriptionList:
    """One reader's subscriptions; get it as `store.subscriptions(reader)`."""

    def __init__(self, store: _Connections, reader: Reader) -> None:
        self._store = store
        self.reader = reader

    def follow(self, url: str, now: str, *, title: str | None = None, category: str | None = None) -> bool:
        """Follow the feed at `url`, adding it to the feed list when no one follows it yet (its
        first poll is then due at once); False when already followed (nothing changes then)."""
        with self._store._writing() as connection:
            add_feed = self._store._dialect_insert()(feeds).on_conflict_do_nothing(index_elements=["url"])
            connection.execute(add_feed.values(url=url, added_at=now, next_poll_at=now))
            row = {
                "reader_seq": self.reader.seq,
                "feed_seq": select(feeds.c.seq).where(feeds.c.url == url).scalar_subquery(),
                "title": title,
                "category": category,
                "added_at": now,
            }
            insert = self._store._dialect_insert()(subscriptions).on_conflict_do_nothing()
            # Told by RETURNING: psycopg gives no rowcount (-1) for an insert that did nothing.
            added = (
                connection.execute(insert.values(**row).returning(subscriptions.c.feed_seq)).first()
                is not None
            )
            if added:
                touch_reader(connection, self.reader.seq)
            return added

    def unfollow(self, url: str) -> bool:
        """Stop following; False when the reader did not. The feed and its articles stay."""
        with self._store._writing() as connection:
            removed = connection.execute(delete(subscriptions).where(*self._of(url))).rowcount > 0
            if removed:
                touch_reader(connection, self.reader.seq)
            return removed

    def change(self, url: str, *, title: str | None, category: str | None) -> bool:
        """Set the reader's title and category of a feed they follow (None: the feed's own title,
        no category); False when they do not follow it."""
        with self._store._writing() as connection:
            changed = connection.execute(
                update(subscriptions).where(*self._of(url)).values(title=title, category=category)
            )
            if changed.rowcount > 0:
                touch_reader(connection, self.reader.seq)
            return changed.rowcount > 0

    def _of(self, url: str) -> tuple[Any, Any]:
        """The conditions of this reader's subscription to the feed at `url`."""
        feed_seq = select(feeds.c.seq).where(feeds.c.url == url).scalar_subquery()
        return subscriptions.c.reader_seq == self.reader.seq, subscriptions.c.feed_seq == feed_seq

    def all(self) -> list[Subscription]:
        """The reader's feeds by category (none first), then title."""
        found = self._subscriptions()
        return sorted(found, key=lambda kept: (kept.category or "", kept.shown_title.casefold()))

    def get(self, feed_seq: int) -> Subscription | None:
        """The reader's subscription to the feed numbered `feed_seq`, or None when they do not
        follow it."""
        found = self._subscriptions(feeds.c.seq == feed_seq)
        return found[0] if found else None

    def feed_seqs(self) -> frozenset[int]:
        """The numbers of the feeds the reader follows."""
        statement = select(subscriptions.c.feed_seq).where(subscriptions.c.reader_seq == self.reader.seq)
        with self._store._reading() as connection:
            return frozenset(connection.execute(statement).scalars())

    def _subscriptions(self, *conditions: Any) -> list[Subscription]:
        statement = (
            select(
                feeds.c.seq,
                subscriptions.c.title,
                subscriptions.c.category,
                subscriptions.c.added_at,
                *feed_columns(),
            )
            .join(feeds, feeds.c.seq == subscriptions.c.feed_seq)
            .where(subscriptions.c.reader_seq == self.reader.seq, *conditions)
        )
        with self._store._reading() as connection:
            return [
                Subscription(row.seq, feed_source(row[4:]), row.title, row.category, row.added_at)
                for row in connection.execute(statement)
            ]
