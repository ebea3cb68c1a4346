"""A reader's entries, as the sync APIs give them to apps (docs/apps.md): an entry is an article in
a feed the reader follows, so an article that came through two of their feeds is two entries, as
apps expect; an article that came from no feed is one entry of the built-in source "Added by
hand". Every entry of one item (a dispatch with its copies) shares the item's read and starred
state (store/states.py), so an app that reads one copy finds every copy read, in every feed.

An entry's id is its article's seq, in the first feed that carried the article (or in the
built-in source); in a second feed, a number of its own from EXTRA_ENTRIES up, kept with the link
(store/feeds.py's `link_articles`, migration 0013). So ids never change, fit the 32-bit integers
apps keep them in (newsboat reads them into a C int), and mostly go as their articles arrived.
Listings go by arrival (`Entry.position`: the article's seq, then the feed's), by published time,
or by id.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Connection, Select, and_, case, false, func, not_, or_, select, true

from newsbite.store.readers import Reader
from newsbite.store.states import ITEM_KEY, KEPT_SECONDS, KeptCounts, content_mark
from newsbite.store.tables import (
    article_merge,
    articles,
    feed_articles,
    feeds,
    item_states,
    subscriptions,
)

# The built-in source's number where a feed's goes: the articles that came from no feed.
BY_HAND = 0
BY_HAND_TITLE = "Added by hand"
# Most entries one call gives (Miniflux's own cap on `limit`).
MAX_ENTRIES = 1_000


# Where an entry is in arrival order: its article's seq, then its feed's.
Position = tuple[int, int]


@dataclass(frozen=True)
class EntryQuery:
    """Which of a reader's entries, in what order, how many. Times are UTC stamps
    (`YYYY-MM-DDTHH:MM:SSZ`), compared with the article's best-known time (`sort_time`)."""

    feed: int | None = None  # a feed's seq, or BY_HAND
    feeds: tuple[int, ...] | None = None  # any of these feeds' seqs (BY_HAND among them); () is none
    category: str | None = None  # one of the reader's categories (BY_HAND has none)
    read: bool | None = None  # True: read entries only; False: unread only
    starred: bool | None = None
    published_after: str | None = None  # sort_time strictly after
    published_before: str | None = None
    arrived_before: str | None = None  # added_at at or before
    after_entry: int | None = None  # entry ids strictly above / below
    before_entry: int | None = None
    after: Position | None = None  # strictly after / before in arrival order (a continuation)
    before: Position | None = None
    newest_first: bool = True
    by_published: bool = False  # ordered by the article's time, else by arrival (`Entry.position`)
    by_id: bool = False  # ordered by entry id (as `after_entry` and `before_entry` bound them)
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True)
class Entry:
    id: int
    article_seq: int
    feed_seq: int
    item_seq: int
    article_id: str
    url: str | None
    headline: str | None
    published: str | None
    sort_time: str
    added_at: str
    read: bool
    starred: bool
    changed_at: str | None  # when the reader last changed the item's state
    feed_title: str  # the reader's title for it, else the feed's own
    feed_url: str | None  # None for the built-in source
    site_url: str | None
    category: str | None
    document: bytes | str | None  # the stored document, when asked for (`with_documents`)

    @property
    def position(self) -> Position:
        """Where the entry is in arrival order (`EntryQuery.after` and `before` take it)."""
        return self.article_seq, self.feed_seq


@dataclass(frozen=True)
class FeedCounts:
    unread: int
    read: int
    newest_unread: str | None  # when the newest unread entry arrived (added_at)


@dataclass(frozen=True)
class EntryFeed:
    """A feed as a reader's entries come from it: one they follow, or the built-in source."""

    seq: int
    title: str
    url: str | None
    site_url: str | None
    category: str | None
    last_success_at: str | None
    last_error: str | None


class _Connections(Protocol):
    kept_counts: KeptCounts

    def _writing(self) -> AbstractContextManager[Connection]: ...
    def _reading(self) -> AbstractContextManager[Connection]: ...
    def _dialect_insert(self) -> Any: ...


class EntryList:
    """One reader's entries; get it as `store.entries(reader)`."""

    def __init__(self, store: _Connections, reader: Reader) -> None:
        self._store = store
        self.reader = reader

    def feeds(self) -> list[EntryFeed]:
        """The feeds the reader's entries come from, by title: those they follow, then the
        built-in source."""
        statement = (
            select(
                feeds.c.seq,
                func.coalesce(subscriptions.c.title, feeds.c.title, feeds.c.url),
                feeds.c.url,
                feeds.c.site_url,
                subscriptions.c.category,
                feeds.c.last_success_at,
                feeds.c.last_error,
            )
            .join(subscriptions, subscriptions.c.feed_seq == feeds.c.seq)
            .where(subscriptions.c.reader_seq == self.reader.seq)
            .order_by(
                func.lower(func.coalesce(subscriptions.c.title, feeds.c.title, feeds.c.url)), feeds.c.seq
            )
        )
        with self._store._reading() as connection:
            found = [EntryFeed(*row) for row in connection.execute(statement)]
        return [*found, EntryFeed(BY_HAND, BY_HAND_TITLE, None, None, None, None, None)]

    def page(self, query: EntryQuery, *, with_documents: bool = False) -> list[Entry]:
        """The entries `query` picks, in its order, at most `query.limit` (and MAX_ENTRIES)."""
        order: tuple[ColumnElement[Any], ...] = (articles.c.seq, _FEED_KEY)
        if query.by_published:
            order = (articles.c.sort_time, *order)
        elif query.by_id:
            order = (_ENTRY_ID,)
        statement = self._filtered(self._entry_select(with_documents), query).order_by(
            *(column.desc() if query.newest_first else column.asc() for column in order)
        )
        limit = max(1, min(query.limit, MAX_ENTRIES))
        statement = statement.limit(limit).offset(max(0, query.offset))
        with self._store._reading() as connection:
            return [_entry(row, with_documents) for row in connection.execute(statement)]

    def count(self, query: EntryQuery) -> int:
        """How many entries `query` picks, whatever its limit and offset."""
        statement = select(func.count()).select_from(self._filtered(select(articles.c.seq), query).subquery())
        with self._store._reading() as connection:
            return int(connection.execute(statement).scalar_one())

    def by_ids(self, entry_ids: Sequence[int], *, with_documents: bool = False) -> list[Entry]:
        """The reader's entries of these ids, in the order given; an id that is not one of theirs
        is left out."""
        wanted = list(dict.fromkeys(entry_ids))
        if not wanted:
            return []
        # Read by either index: an article's seq (the entry of its first feed) or a link's entry.
        named = or_(
            and_(articles.c.seq.in_(wanted), feed_articles.c.entry.is_(None)),
            feed_articles.c.entry.in_(wanted),
        )
        statement = self._filtered(self._entry_select(with_documents), EntryQuery()).where(named)
        with self._store._reading() as connection:
            rows = connection.execute(statement)
            found = {entry.id: entry for entry in (_entry(row, with_documents) for row in rows)}
        return [found[value] for value in wanted if value in found]

    def unread_counts(self) -> dict[int, tuple[int, str]]:
        """Each of the reader's feeds with unread entries (BY_HAND for the built-in source): how
        many, and when the newest of them arrived."""
        return {
            feed: (kept.unread, kept.newest_unread) for feed, kept in self.counts().items() if kept.unread
        }

    def read_counts(self) -> dict[int, int]:
        """Each of the reader's feeds with read entries: how many."""
        return {feed: kept.read for feed, kept in self.counts().items() if kept.read}

    def counts(self) -> dict[int, FeedCounts]:
        """Each of the reader's feeds with entries (BY_HAND for the built-in source): how many are
        unread and read, and when the newest unread one arrived.

        Counting every entry of 100,000 articles took 250 ms on SQLite, and apps ask for these
        counts on every sync: they are kept (the store's `kept_counts`) by what moves when they
        change (the reader's state version, the newest article and the merge's count of articles,
        the newest second-feed link: `content_mark`) and for no longer than KEPT_SECONDS,
        for a change none of those marks (an old article linked to one more feed)."""
        with self._store._reading() as connection:
            marked = ("entry counts", self.reader.seq, *connection.execute(content_mark(self.reader)).one())
            key = (*marked, int(time.monotonic() // KEPT_SECONDS))
            kept = self._store.kept_counts.get(key)
            if kept is not None:
                return dict(kept)
            unread = case((_READ, 0), else_=1)
            statement = self._filtered(
                select(
                    _FEED_KEY,
                    func.sum(unread),
                    func.count() - func.sum(unread),
                    func.max(case((_READ, None), else_=articles.c.added_at)),
                ),
                EntryQuery(),
            ).group_by(_FEED_KEY)
            counted = {
                int(feed): FeedCounts(int(unread_count), int(read_count), newest)
                for feed, unread_count, read_count, newest in connection.execute(statement)
            }
        self._store.kept_counts.put(key, counted)
        return dict(counted)

    def items(self, query: EntryQuery) -> Select[Any]:
        """The items of the entries `query` picks (its limit and offset do not apply), to change
        their state (`store.states(reader).change_items`)."""
        return self._filtered(select(ITEM_KEY.label("item_seq")), query).distinct()

    # Plumbing

    def _entry_select(self, with_documents: bool) -> Select[Any]:
        return select(*_ENTRY_COLUMNS, *((articles.c.document,) if with_documents else ()))

    def _filtered(self, statement: Select[Any], query: EntryQuery) -> Select[Any]:
        """`statement` over the reader's entries (articles with their feed, the reader's
        subscription to it, the feed and the merge), with `query`'s conditions."""
        joined = (
            articles.outerjoin(feed_articles, feed_articles.c.article_seq == articles.c.seq)
            .outerjoin(
                subscriptions,
                and_(
                    subscriptions.c.feed_seq == feed_articles.c.feed_seq,
                    subscriptions.c.reader_seq == self.reader.seq,
                ),
            )
            .outerjoin(feeds, feeds.c.seq == feed_articles.c.feed_seq)
            .outerjoin(article_merge, article_merge.c.article_seq == articles.c.seq)
            .outerjoin(
                item_states,
                and_(item_states.c.reader_seq == self.reader.seq, item_states.c.item_seq == ITEM_KEY),
            )
        )
        conditions: list[ColumnElement[bool]] = []
        if not self.reader.local:
            # An article in a feed the reader follows, once a feed; one from no feed, once.
            conditions.append(or_(subscriptions.c.feed_seq.is_not(None), feed_articles.c.feed_seq.is_(None)))
        if query.feed is not None:
            conditions.append(
                feed_articles.c.feed_seq.is_(None)
                if query.feed == BY_HAND
                else feed_articles.c.feed_seq == query.feed
            )
        if query.feeds is not None:
            conditions.append(_from_any_of(query.feeds))
        if query.category is not None:
            conditions.append(subscriptions.c.category == query.category)
        if query.read is not None:
            conditions.append(_READ if query.read else not_(_READ))
        if query.starred is not None:
            conditions.append(_STARRED if query.starred else not_(_STARRED))
        if query.published_after:
            conditions.append(articles.c.sort_time > query.published_after)
        if query.published_before:
            conditions.append(articles.c.sort_time < query.published_before)
        if query.arrived_before:
            conditions.append(articles.c.added_at <= query.arrived_before)
        if query.after_entry is not None:
            conditions.append(query.after_entry < _ENTRY_ID)
        if query.before_entry is not None:
            conditions.append(query.before_entry > _ENTRY_ID)
        if query.after is not None:
            conditions.append(_after(query.after))
        if query.before is not None:
            conditions.append(_before(query.before))
        return statement.select_from(joined).where(true(), *conditions)


# The feed of an entry: its feed's seq, BY_HAND for the built-in source.
_FEED_KEY = func.coalesce(feed_articles.c.feed_seq, BY_HAND)
# An entry's id: its link's own number in a second feed, else its article's seq.
_ENTRY_ID = func.coalesce(feed_articles.c.entry, articles.c.seq)
_READ = item_states.c.read_at.is_not(None)
_STARRED = item_states.c.starred_at.is_not(None)
_ENTRY_COLUMNS = (
    _ENTRY_ID.label("entry_id"),
    articles.c.seq,
    _FEED_KEY.label("feed_seq"),
    ITEM_KEY.label("item_seq"),
    articles.c.id,
    articles.c.url,
    articles.c.headline,
    articles.c.published,
    articles.c.sort_time,
    articles.c.added_at,
    func.coalesce(subscriptions.c.title, feeds.c.title, feeds.c.url, BY_HAND_TITLE).label("feed_title"),
    feeds.c.url.label("feed_url"),
    feeds.c.site_url,
    subscriptions.c.category,
    _READ.label("read"),
    _STARRED.label("starred"),
    item_states.c.changed_at,
)


def _from_any_of(feed_seqs: tuple[int, ...]) -> ColumnElement[bool]:
    """An entry of one of these feeds (BY_HAND: one from no feed); false for none."""
    real = sorted({seq for seq in feed_seqs if seq != BY_HAND})
    either = [feed_articles.c.feed_seq.in_(real)] if real else []
    if BY_HAND in feed_seqs:
        either.append(feed_articles.c.feed_seq.is_(None))
    return or_(false(), *either)


def _after(position: Position) -> ColumnElement[bool]:
    article, feed = position
    return or_(articles.c.seq > article, and_(articles.c.seq == article, feed < _FEED_KEY))


def _before(position: Position) -> ColumnElement[bool]:
    article, feed = position
    return or_(articles.c.seq < article, and_(articles.c.seq == article, feed > _FEED_KEY))


def _entry(row: Any, with_documents: bool) -> Entry:
    entry_id, seq, feed_seq, item_seq, article_id, url, headline, published, sort_time, added_at = row[:10]
    feed_title, feed_url, site_url, category, read, starred, changed_at = row[10:17]
    return Entry(
        id=entry_id,
        article_seq=seq,
        feed_seq=feed_seq,
        item_seq=item_seq,
        article_id=article_id,
        url=url,
        headline=headline,
        published=published,
        sort_time=sort_time,
        added_at=added_at,
        read=bool(read),
        starred=bool(starred),
        changed_at=changed_at,
        feed_title=feed_title,
        feed_url=feed_url,
        site_url=site_url,
        category=category,
        document=row[17] if with_documents else None,
    )
