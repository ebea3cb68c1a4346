"""The store: processed articles in SQLite or PostgreSQL behind one interface.

Writes are idempotent: an article's key is its canonical URL (else its body's hash), and a key
already stored is left alone when its content hash is unchanged, or updated in place when the
article changed. Listings are newest first by each article's best-known time (its publication
time when believed, else when it was first seen) and page with an opaque cursor, so a page never
repeats or skips a row while articles arrive.
"""

from __future__ import annotations

import hashlib
import re
import time as time_module
import unicodedata
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from enum import StrEnum
from functools import lru_cache
from typing import Any

import courlan
import orjson
import zstandard
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Executable,
    Select,
    and_,
    bindparam,
    case,
    delete,
    exists,
    false,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.exc import SQLAlchemyError

from newsbite.limits import MAX_PAGE
from newsbite.merge.story import story_document
from newsbite.model import Article, believed_published, parse_moment
from newsbite.schema import article_to_dict
from newsbite.store.cursors import decode_cursor, encode_cursor
from newsbite.store.engine import create_store_engine, describe, dialect_insert, upgrade
from newsbite.store.entries import EntryList
from newsbite.store.errors import StoreError
from newsbite.store.feeds import FeedList, link_articles
from newsbite.store.matches import MatchedText, postgresql_matches, sqlite_matches
from newsbite.store.readers import Reader, ReaderList
from newsbite.store.states import (
    KEPT_SECONDS,
    ItemStates,
    KeptCounts,
    content_mark,
    reader_conditions,
    state_columns,
    visible_to,
)
from newsbite.store.stories import LISTING_COLUMNS, MergeSession, StoryList, listing_columns
from newsbite.store.subscriptions import SubscriptionList
from newsbite.store.tables import (
    article_entities,
    article_merge,
    article_places,
    articles,
    feed_articles,
    merge_pending,
    postgresql_articles,
)
from newsbite.store.tables import stories as story_table

# Up to this many full-text matches, SQLite fetches them by key and sorts; beyond, it walks the
# time index and checks each row against the matches (measured on 100,000 articles: bench/serve.py).
FEW_MATCHES = 200
# A common word's matches among this many of the newest articles are read apart from the rest: a
# page of a word with more than MANY_MATCHES is found among them (bench/serve.py).
RECENT_WINDOW = 4_000
# Up to this many matches, the newest articles would hold too few of them to fill a page, and the
# set of all of them takes about a millisecond to build: it is used alone.
MANY_MATCHES = 3_000
# PostgreSQL's count of a search reads this many rows per item asked first (store.count_up_to).
PROBED_ROWS = 3
# Stories a store object keeps once read (Store.story_document): a front page's worth and more,
# at some tens of kilobytes each.
STORIES_KEPT = 256
# zstd's fastest standard level: as small as zlib's level 1 in a third of its time.
DOCUMENT_COMPRESSION = 1


class AddOutcome(StrEnum):
    """What storing one article did."""

    ADDED = "added"
    UNCHANGED = "unchanged"
    UPDATED = "updated"


@dataclass(frozen=True)
class ArticleQuery:
    """A listing: full text `q`, exact entity/place/agency/publisher, a time range, a page, and the
    articles of one story (`story`, the id of a story that has not been merged into another)."""

    q: str | None = None
    entity: str | None = None
    place: str | None = None
    agency: str | None = None
    publisher: str | None = None
    since: datetime | date | None = None
    until: datetime | date | None = None
    limit: int = 20
    cursor: str | None = None
    # Every copy of a dispatch as its own row; by default a listing gives one row per item (a
    # dispatch with its copies: docs/merge.md), with the outlets that ran it.
    copies: bool = False
    story: str | None = None
    # Whose listing: only the articles this reader sees (store/states.py), each item with its
    # `read` and `starred`; `unread` and `starred` keep only those items.
    reader: Reader | None = None
    unread: bool = False
    starred: bool = False
    # The articles one feed carried (its seq, as a Subscription gives it).
    feed: int | None = None
    # The articles that came from no feed ("Added by hand": files, the API, the samples).
    by_hand: bool = False


@dataclass(frozen=True)
class Page:
    """One page of a listing, and the cursor of the next (None on the last page)."""

    items: list[dict[str, Any]]
    next_cursor: str | None


# An article's item: the first article of its dispatch (the merge's `copy_of`), else itself; an
# article not merged yet is an item of its own.
WITH_MERGE = articles.outerjoin(article_merge, article_merge.c.article_seq == articles.c.seq)
ITEM_KEY = func.coalesce(article_merge.c.copy_of, articles.c.seq)
ITEM = ITEM_KEY.label("item")

SUMMARY_COLUMNS = (
    articles.c.id,
    articles.c.headline,
    articles.c.standfirst,
    articles.c.publisher,
    articles.c.agency,
    articles.c.section,
    articles.c.published,
    articles.c.added_at,
    articles.c.url,
    articles.c.sort_time,
    articles.c.bite,
)


class Store:
    """Articles in one database; open with `open_store(url)`, which brings the schema up to date."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.name = describe(engine)
        self._postgresql = engine.dialect.name == "postgresql"
        self._articles = postgresql_articles if self._postgresql else articles
        # Stories built, by id and version (story_document): each instance keeps its own.
        self.kept_counts = KeptCounts()  # unread counts, by what they were counted from (states.py)
        self._story_at = lru_cache(maxsize=STORIES_KEPT)(self._build_story)
        # Which of a story's articles the followers of a set of feeds see, by story, version and
        # feeds: a big story's took 10 ms or more to work out on each of its pages. An article a
        # followed feed carries later, once stored from elsewhere, shows when the story next moves.
        self._seen_at = lru_cache(maxsize=STORIES_KEPT)(
            lambda story_id, _version, feed_seqs: self.stories.seen_through(feed_seqs, story_id)
        )

    # Writing

    def add(
        self, batch: Sequence[Article], *, first_seen: datetime | None = None, feed_url: str | None = None
    ) -> list[AddOutcome]:
        """Store each article (in one transaction); what happened to each, in order.

        `first_seen` is when NewsBite first saw the new articles (default: now; an archive may
        know when its pages were fetched). An article already stored keeps its own, even when
        updated: it is what an undated article is placed by, and what its date is checked against.
        `feed_url` names the feed that carried the batch, recorded in the same transaction, so
        that no reader sees an article of a feed they do not follow as one added by hand.
        """
        now = utc_stamp(first_seen)
        compressor = None if self._postgresql else zstandard.ZstdCompressor(level=DOCUMENT_COMPRESSION)
        rows = [_article_row(article, now, compressor) for article in batch]
        with self._writing() as connection:
            stored: dict[str, tuple[int, str]] = {}
            seen: dict[str, str] = {}  # when each stored key was first seen
            for key, seq, content_hash, added_at in connection.execute(
                select(articles.c.key, articles.c.seq, articles.c.content_hash, articles.c.added_at).where(
                    articles.c.key.in_({row["key"] for row in rows})
                )
            ):
                stored[key], seen[key] = (seq, content_hash), added_at
            outcomes, new_rows, changed = _plan(rows, stored)
            changed = {
                key: row if seen[key] == now else _article_row(row["_article"], seen[key], compressor)
                for key, row in changed.items()
            }
            seqs = self._insert(connection, list(new_rows.values()))
            if seqs:  # new articles wait for the merge (store/merging.py)
                connection.execute(merge_pending.insert(), [{"article_seq": seq} for seq in seqs.values()])
            for index, row in enumerate(rows):
                if outcomes[index] is AddOutcome.ADDED and row["key"] not in seqs:
                    # Another writer stored this key between our look and our insert: it is theirs.
                    outcomes[index] = AddOutcome.UNCHANGED
            updated = {stored[key][0]: row for key, row in changed.items()}
            self._update(connection, updated)
            if updated:  # their stories' pages show them: read afresh
                session = MergeSession(connection)
                session.touch(sorted(set(session.stories_of(list(updated)).values())))
            self._index(
                connection, [(seqs[key], row) for key, row in new_rows.items() if key in seqs], replace=False
            )
            self._index(connection, list(updated.items()), replace=True)
            if feed_url is not None:
                carried = [*seqs.values(), *(stored[row["key"]][0] for row in rows if row["key"] in stored)]
                link_articles(connection, self._dialect_insert(), feed_url, carried)
        return outcomes

    def _insert(self, connection: Connection, rows: list[dict[str, Any]]) -> dict[str, int]:
        if not rows:
            return {}
        insert = self._dialect_insert()(self._articles).on_conflict_do_nothing()
        if self._postgresql:
            insert = insert.values(search=_TSVECTOR)
        returned = connection.execute(
            insert.returning(articles.c.key, articles.c.seq), [self._parameters(row) for row in rows]
        )
        seqs = {key: seq for key, seq in returned}
        if not self._postgresql:
            rows_by_key = {row["key"]: row for row in rows}
            self._search_add(connection, [(seq, rows_by_key[key]["_search"]) for key, seq in seqs.items()])
        return seqs

    def _update(self, connection: Connection, rows: dict[int, dict[str, Any]]) -> None:
        """Rewrite stored articles in place (their id, key and first time of adding kept)."""
        if not rows:
            return
        if not self._postgresql:
            # A contentless index forgets a row only when told the words it indexed for it.
            old = connection.execute(
                select(articles.c.seq, articles.c.headline, articles.c.document).where(
                    articles.c.seq.in_(list(rows))
                )
            )
            connection.execute(
                text(
                    "INSERT INTO articles_search(articles_search, rowid, headline, body) "
                    "VALUES ('delete', :seq, :headline, :body)"
                ),
                [
                    _search_parameters(seq, _stored_search_text(headline, document))
                    for seq, headline, document in old
                ],
            )
            self._search_add(connection, [(seq, row["_search"]) for seq, row in rows.items()])
        update = self._articles.update().where(self._articles.c.seq == bindparam("old_seq"))
        if self._postgresql:
            update = update.values(search=_TSVECTOR)
        connection.execute(
            update, [{"old_seq": seq, **self._parameters(row, _KEPT_ON_UPDATE)} for seq, row in rows.items()]
        )

    def _search_add(self, connection: Connection, rows: list[tuple[int, tuple[str, str]]]) -> None:
        if rows:
            connection.execute(
                text("INSERT INTO articles_search(rowid, headline, body) VALUES (:seq, :headline, :body)"),
                [_search_parameters(seq, search) for seq, search in rows],
            )

    def _parameters(self, row: dict[str, Any], kept: frozenset[str] = frozenset()) -> dict[str, Any]:
        """The row's article columns, and on PostgreSQL the words its search vector is made of."""
        parameters = _columns(row, kept)
        if self._postgresql:
            parameters["search_headline"], parameters["search_body"] = row["_search"]
        return parameters

    def _index(
        self, connection: Connection, rows: list[tuple[int, dict[str, Any]]], *, replace: bool
    ) -> None:
        """Write the entity and place rows of stored articles (`replace`: dropping their old ones)."""
        seqs = [seq for seq, _ in rows]
        if not seqs:
            return
        for table, key in ((article_entities, "_entities"), (article_places, "_places")):
            if replace:
                connection.execute(delete(table).where(table.c.article_seq.in_(seqs)))
            values = [{"article_seq": seq, **value} for seq, row in rows for value in row[key]]
            if values:
                connection.execute(table.insert(), values)

    def _dialect_insert(self) -> Any:
        return dialect_insert(self.engine.dialect.name)

    @property
    def feeds(self) -> FeedList:
        """The subscribed feeds and their health."""
        return FeedList(self)

    @property
    def readers(self) -> ReaderList:
        """The users (or the local reader), their tokens and sessions."""
        return ReaderList(self)

    def states(self, reader: Reader) -> ItemStates:
        """One reader's read and starred items."""
        return ItemStates(self, reader)

    def subscriptions(self, reader: Reader) -> SubscriptionList:
        """The feeds one reader follows."""
        return SubscriptionList(self, reader)

    def entries(self, reader: Reader) -> EntryList:
        """One reader's entries, as the sync APIs give them: an article in a feed they follow."""
        return EntryList(self, reader)

    @property
    def stories(self) -> StoryList:
        """The stories the merge stage made, and its state."""
        return StoryList(self)

    # Reading

    def known_urls(self, urls: Sequence[str]) -> set[str]:
        """Those of `urls` whose article is stored (compared as canonical URLs, as storing does)."""
        return set(self.stored_urls(urls))

    def stored_urls(self, urls: Sequence[str]) -> dict[str, int]:
        """Those of `urls` whose article is stored, each with the article's seq."""
        keys = {_canonical_url(url): url for url in urls}
        if not keys:
            return {}
        with self._reading() as connection:
            found = connection.execute(
                select(articles.c.key, articles.c.seq).where(articles.c.key.in_(list(keys)))
            )
            return {keys[key]: seq for key, seq in found}

    def get(self, article_id: str, reader: Reader | None = None) -> dict[str, Any] | None:
        """One article's whole JSON document, or None (also for one `reader` does not see)."""
        if "\x00" in article_id:  # no id has one, and PostgreSQL text cannot hold it
            return None
        statement = select(articles.c.document).where(articles.c.id == article_id)
        if reader is not None:
            statement = statement.where(visible_to(reader))
        with self._reading() as connection:
            document = connection.execute(statement).scalar_one_or_none()
        return None if document is None else load_document(document)

    def documents(self, article_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The whole JSON documents of those of the articles that are stored, by id, in one query."""
        wanted = [article_id for article_id in article_ids if "\x00" not in article_id]
        if not wanted:
            return {}
        with self._reading() as connection:
            rows = connection.execute(
                select(articles.c.id, articles.c.document).where(articles.c.id.in_(wanted))
            )
            return {article_id: load_document(document) for article_id, document in rows}

    def story_document(self, story_id: str, reader: Reader | None = None) -> dict[str, Any] | None:
        """The whole story as readers get it (merge/story.py), or None when there is no such story.
        With a `reader`, the story of the articles they see (None when they see none of it).

        Kept by this store object, by story and version (and the articles the reader sees, when
        they do not see all), for as long as the story does not move (its version bumped): the
        same story is asked for again and again while it is news, and building it reads every
        article row and the documents of its latest items. The same object is handed to every
        caller: read it, do not change it."""
        head = self.stories.version(story_id)
        if head is None:
            return None
        if reader is None or reader.local:
            return self._story_at(*head, None)
        seen, count = self._seen_at(*head, self.subscriptions(reader).feed_seqs())
        if not seen:
            return None
        return self._story_at(*head, None if len(seen) == count else seen)

    def story_listing(self, story_id: str, reader: Reader | None = None) -> dict[str, Any] | None:
        """A story's listing columns (its title, counts and times), as `story_document` would give
        them to `reader`; None when there is no such story or the reader sees none of it."""
        if reader is None or reader.local:
            return self.stories.listing(story_id)
        document = self.story_document(story_id, reader)
        if document is None:
            return None
        return {column.name: document[column.name] for column in LISTING_COLUMNS}

    def _build_story(self, story_id: str, version: int, seen: frozenset[int] | None) -> dict[str, Any] | None:
        """The story as it is now, of the articles `seen` alone when given: at `version` or later,
        never older (a later one is kept under the older version's key, which no reader asks for
        once the version has moved). An article that joined after `seen` was read is left out,
        not shown unchecked."""
        found = self.stories.get(story_id)
        if found is None:
            return None
        listing, members = found
        if seen is None:
            return story_document(listing, members, self.documents)
        members = [member for member in members if member.seq in seen]
        if not members:
            return None
        return story_document({**listing, **listing_columns(members)}, members, self.documents)

    def articles(self, query: ArticleQuery, *, full: bool = False) -> Page:
        """A page of articles newest first: summaries with their bites, or (`full`) whole documents.

        Unless `query.copies`, one row per item: a dispatch shows once, where its newest matching
        copy falls, with `copies` (how many match) and `outlets` (who ran it) beside it.
        """
        limit = max(1, min(query.limit, MAX_PAGE))
        columns = (*SUMMARY_COLUMNS, articles.c.seq, ITEM) + ((articles.c.document,) if full else ())
        if query.reader is not None:  # each row's item's state, read with it
            columns += state_columns(query.reader)
        statement = self._filtered(select(*columns).select_from(WITH_MERGE), query).order_by(
            articles.c.sort_time.desc(), articles.c.seq.desc()
        )
        with self._reading() as connection:
            if query.copies:
                rows = list(connection.execute(statement.limit(limit + 1)).mappings().all())
                more = len(rows) > limit
                rows = rows[:limit]
            else:
                rows, more = self._one_row_per_item(connection, statement, query, limit)
            item_seqs = [row["item"] for row in rows]
            members = {} if query.copies else self._item_members(connection, item_seqs, query.reader)
        items = []
        for row in rows:
            item = load_document(row["document"]) if full else _summary(row)
            if not query.copies:
                item["outlets"] = members.get(row["item"], [])
            if query.reader:
                item["read"], item["starred"] = bool(row["read"]), bool(row["starred"])
            items.append(item)
        last = rows[-1] if more and rows else None
        return Page(items, encode_cursor(last["sort_time"], last["seq"]) if last else None)

    def _one_row_per_item(
        self, connection: Connection, statement: Select[Any], query: ArticleQuery, limit: int
    ) -> tuple[list[Any], bool]:
        """The page's rows, each the newest matching row of an item not shown on an earlier page,
        and whether more follow. Rows are read in chunks until `limit` items are found."""
        chosen: list[Any] = []
        seen: set[int] = set()
        chunk = statement.limit(2 * limit + 1)
        while True:
            rows = connection.execute(chunk).mappings().all()
            unseen = [row["item"] for row in rows if row["item"] not in seen]
            if query.cursor and unseen:
                seen |= self._items_shown_before(connection, query, unseen)
            for row in rows:
                if row["item"] in seen:
                    continue
                if len(chosen) == limit:
                    return chosen, True
                seen.add(row["item"])
                chosen.append(row)
            if len(rows) <= 2 * limit:
                return chosen, False
            last = rows[-1]
            chunk = statement.where(_older_than(last["sort_time"], last["seq"])).limit(2 * limit + 1)

    def _items_shown_before(self, connection: Connection, query: ArticleQuery, items: list[int]) -> set[int]:
        """Which of `items` have a matching row before the cursor: shown on an earlier page."""
        assert query.cursor is not None
        sort_time, seq = decode_cursor(query.cursor)
        earlier = self._filtered(select(ITEM).select_from(WITH_MERGE), replace(query, cursor=None)).where(
            ITEM_KEY.in_(items), ~_older_than(sort_time, seq)
        )
        return set(connection.execute(earlier).scalars())

    def _item_members(
        self, connection: Connection, items: list[int], reader: Reader | None
    ) -> dict[int, list[str]]:
        """The outlets that ran each item (publishers, else agencies), each once, first run first:
        of the copies `reader` sees, when given."""
        if not items:
            return {}
        seen = [] if reader is None or reader.local else [visible_to(reader)]
        # The items' own rows and their copies' apart, each by its index: one OR across the outer
        # join read every article (128 ms on 100,000).
        own = select(
            articles.c.seq.label("item"), articles.c.seq, articles.c.publisher, articles.c.agency
        ).where(articles.c.seq.in_(items), *seen)
        copies = (
            select(article_merge.c.copy_of, articles.c.seq, articles.c.publisher, articles.c.agency)
            .join(articles, articles.c.seq == article_merge.c.article_seq)
            .where(article_merge.c.copy_of.in_(items), *seen)
        )
        statement = own.union_all(copies).order_by("seq")
        outlets: dict[int, list[str]] = {}
        for row in connection.execute(statement).mappings():
            name = row["publisher"] or row["agency"]
            ran = outlets.setdefault(row["item"], [])
            if name and name not in ran:
                ran.append(name)
        return outlets

    def count(self, query: ArticleQuery | None = None) -> int:
        """How many articles match (all of them without a query): items, unless `query.copies`."""
        query = query or ArticleQuery()
        counted = func.count() if query.copies else func.count(ITEM_KEY.distinct())
        statement = self._filtered(select(counted).select_from(WITH_MERGE), query)
        with self._reading() as connection:
            return int(connection.execute(statement).scalar_one())

    def count_up_to(self, query: ArticleQuery, most: int) -> int:
        """How many items match (articles, with `query.copies`), counted no further than `most`,
        which so means "that many or more" (`_count_up_to`).

        Kept (`kept_counts`) by the query and what moves when its count may change (states.py's
        `content_mark`), for a minute at most (an old article linked to one more feed moves no
        mark): a search page counted 1,001 matches of a common word in 2.7 ms of its 7 on SQLite
        (bench/serve.py), and the same searches come back.
        """
        query = _without_nul(query)
        if most <= 0:
            return 0
        with self._reading() as connection:
            mark = connection.execute(content_mark(query.reader)).one()
        key = (
            "count up to",
            replace(query, cursor=None),
            most,
            *mark,
            int(time_module.monotonic() // KEPT_SECONDS),
        )
        kept = self.kept_counts.get(key)
        if kept is None:
            kept = self._count_up_to(query, most)
            self.kept_counts.put(key, kept)
        return int(kept)

    def _count_up_to(self, query: ArticleQuery, most: int) -> int:
        """`count_up_to`, counted.

        The matches are read unordered and stop once `most` items are seen: counting every match
        of a word in half of 100,000 articles took 1.6 s on PostgreSQL, where reading 1,001 of
        them took 25 ms (bench/serve.py's store), and counting distinct items in SQL reads every
        match before its LIMIT applies. SQLite's `SELECT DISTINCT ... LIMIT` stops at the limit,
        so there the distinct items are counted in SQL (1.3 ms for 1,001 of a common word's,
        where reading them into Python took 4 ms).
        """
        statement: Executable
        if not self._postgresql and _words_only(query):
            # Words alone are read from the full-text index, whose rowids are the articles' seqs:
            # checking articles against it in storing order took 50 ms for a word in 1% of them.
            terms = _fts_terms(query.q or "")
            if not terms:
                return 0
            statement = _COUNT_SEARCH_ITEMS.bindparams(fts=terms, most=most)
        else:
            keys = articles.c.seq if query.copies else ITEM
            statement = self._filtered(select(keys).select_from(WITH_MERGE), query)
            if not self._postgresql:
                statement = select(func.count()).select_from(statement.distinct().limit(most).subquery())
        if not self._postgresql:
            with self._reading() as connection:
                return int(connection.execute(statement).scalar_one())
        # PostgreSQL streamed the rows of a join slowly (228 ms for 1,001 items of a common word):
        # a few times `most` rows are read with a LIMIT first, which is enough unless copies fill
        # them, and only then every row, unordered, until `most` items are seen.
        with self._reading() as connection:
            first = connection.execute(statement.limit(PROBED_ROWS * most)).scalars().all()
            seen = set(first)
            if len(seen) >= most or len(first) < PROBED_ROWS * most:
                return min(len(seen), most)
            with connection.execution_options(yield_per=1_000).execute(statement) as found:
                for key in found.scalars():
                    seen.add(key)
                    if len(seen) >= most:
                        break
        return len(seen)

    def entities(
        self, prefix: str | None = None, limit: int = 50, labels: tuple[str, ...] = ()
    ) -> list[dict[str, Any]]:
        """Entities (of `labels`, if given) by how many articles name them: `{name, label, articles}`."""
        table = article_entities
        statement = select(
            func.min(table.c.name).label("name"),
            func.min(table.c.label).label("label"),
            func.count().label("articles"),
        ).group_by(table.c.name_key)
        if labels:
            statement = statement.where(table.c.label.in_(labels))
        if prefix:
            statement = statement.where(table.c.name_key.startswith(_casefold(prefix), autoescape=True))
        return self._ranked(statement, limit)

    def places(self, prefix: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Places by how many articles name them: `{"name", "country", "lat", "lon", "articles"}`."""
        table = article_places
        # Grouped with their coordinates: two places of one name (Tal, Nepal and Tal, Syria) stay two.
        statement = select(
            func.min(table.c.name).label("name"),
            table.c.country,
            table.c.lat,
            table.c.lon,
            func.count().label("articles"),
        ).group_by(table.c.name_key, table.c.country, table.c.lat, table.c.lon)
        if prefix:
            statement = statement.where(table.c.name_key.startswith(_casefold(prefix), autoescape=True))
        return self._ranked(statement, limit)

    def _ranked(self, statement: Select[Any], limit: int) -> list[dict[str, Any]]:
        ordered = statement.order_by(literal_column("articles").desc(), literal_column("name")).limit(
            max(1, min(limit, MAX_PAGE))
        )
        with self._reading() as connection:
            return [dict(row) for row in connection.execute(ordered).mappings()]

    def _filtered(self, statement: Select[Any], query: ArticleQuery) -> Select[Any]:
        query = _without_nul(query)
        conditions: list[ColumnElement[bool]] = []
        if query.q is not None:
            conditions.append(self._matches(query.q))
        for table, name in ((article_entities, query.entity), (article_places, query.place)):
            if name:
                conditions.append(
                    articles.c.seq.in_(select(table.c.article_seq).where(table.c.name_key == _casefold(name)))
                )
        if query.story:
            in_story = (
                select(article_merge.c.article_seq)
                .join(story_table, story_table.c.seq == article_merge.c.story_seq)
                .where(story_table.c.id == query.story)
            )
            conditions.append(articles.c.seq.in_(in_story))
        if query.feed is not None:
            carried = select(feed_articles.c.article_seq).where(feed_articles.c.feed_seq == query.feed)
            conditions.append(articles.c.seq.in_(carried))
        if query.by_hand:
            conditions.append(~exists().where(feed_articles.c.article_seq == articles.c.seq))
        if query.agency:
            conditions.append(func.lower(articles.c.agency) == query.agency.lower())
        if query.publisher:
            conditions.append(func.lower(articles.c.publisher) == query.publisher.lower())
        if query.since:
            conditions.append(articles.c.sort_time >= _bound(query.since, time.min))
        if query.until:
            conditions.append(articles.c.sort_time <= _bound(query.until, time.max))
        if query.cursor:
            conditions.append(_older_than(*decode_cursor(query.cursor)))
        if query.reader is not None:
            conditions += reader_conditions(query.reader, unread=query.unread, starred=query.starred)
        return statement.where(*conditions)

    def _matches(self, q: str) -> ColumnElement[bool]:
        if self._postgresql:
            # By name: queries select from `articles`, which does not list PostgreSQL's own column.
            matching = literal_column("articles.search").op("@@")(func.websearch_to_tsquery("english", q))
            # PostgreSQL walks the time index checking each row's vector, which for a word in a
            # few articles read all of them (9.8 s for 5 of 100,000); up to MANY_MATCHES are
            # fetched by the GIN index instead, by key, and sorted.
            with self._reading() as connection:
                found = select(articles.c.seq).where(matching).limit(MANY_MATCHES + 1)
                seqs = connection.execute(found).scalars().all()
            if len(seqs) <= MANY_MATCHES:
                return articles.c.seq.in_(seqs) if seqs else false()
            return matching
        fts_query = _fts_terms(q)
        if not fts_query:
            return false()
        matching = text("SELECT rowid FROM articles_search WHERE articles_search MATCH :fts").bindparams(
            fts=fts_query
        )
        rowids = matching.columns(literal_column("rowid")).subquery().select()
        with self._reading() as connection:
            few = connection.execute(rowids.limit(FEW_MATCHES + 1)).scalars().all()
            if len(few) <= FEW_MATCHES:
                # A rare term: fetch its rows by key and sort them.
                return articles.c.seq.in_(few) if few else false()
            window = {"fts": fts_query, "many": MANY_MATCHES + 1, "offset": RECENT_WINDOW - 1}
            matches, since, lowest = connection.execute(_COMMON_WORD, window).one()
        # A common one: walk the time index newest first and stop at a full page; `+ 0` keeps
        # SQLite from driving the query from the (large) set of matches instead. SQLite builds
        # the set of matches the first time it checks a row against it, which for a word in half
        # the articles took 14 ms. So a row among both the newest RECENT_WINDOW by time and the
        # last RECENT_WINDOW stored is checked against the matches stored since `lowest` alone,
        # read from the index by rowid; any other row (an older one, or an old article updated to
        # a new date, or one changed since the window was read) against all of them, a set built only
        # when a page reaches such a row. Both sets hold every match a row they check could be.
        all_matches = (articles.c.seq + 0).in_(rowids)
        if since is None or lowest is None or matches <= MANY_MATCHES:
            # Too few to fill a page from the newest articles alone (and their set is quick to build).
            return all_matches
        recent = text(
            "SELECT rowid FROM articles_search WHERE articles_search MATCH :fts_recent AND rowid >= :lowest"
        ).bindparams(fts_recent=fts_query, lowest=lowest)
        recent_matches = (articles.c.seq + 0).in_(recent.columns(literal_column("rowid")).subquery().select())
        in_window = and_(articles.c.sort_time >= since, articles.c.seq >= lowest)
        return case((in_window, recent_matches), else_=all_matches)

    def mark_matches(self, q: str, texts: Sequence[str]) -> list[MatchedText]:
        """Each text cut into pieces, each flagged when it is a word the search `q` matches, by this
        backend's own rules (store/matches.py); a text with no match is one unflagged piece, and an
        empty one no pieces."""
        q = q.replace("\x00", "")
        if not self._postgresql:
            return sqlite_matches(q, texts)
        with self._reading() as connection:
            return postgresql_matches(connection, q, texts)

    # Plumbing

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        try:
            with self.engine.connect().execution_options(write=True) as connection, connection.begin():
                yield connection
        except SQLAlchemyError as error:
            raise StoreError(self.name, f"could not write: {_reason(error)}") from error

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as connection:
                yield connection
        except SQLAlchemyError as error:
            raise StoreError(self.name, f"could not read: {_reason(error)}") from error

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def open_store(url: str) -> Store:
    """The store at `url` (sqlite:///path or postgresql://...), its schema upgraded to the newest."""
    engine = create_store_engine(url)
    upgrade(engine)
    return Store(engine)


def open_store_without_migrating(url: str) -> Store:
    """The store at `url` as it is: for the server's workers, whose parent opened it with
    `open_store` (migrating it once) before starting them."""
    return Store(create_store_engine(url))


# Rows


def stored_id(article: Article) -> str:
    """The id the store gives this article: the same for every ingest of the same article."""
    return _id_of(_key_and_hash(article)[0])


def _key_and_hash(article: Article) -> tuple[str, str]:
    content_hash = hashlib.sha256(_normalised(article.body_text or article.text).encode()).hexdigest()
    url = _source_url(article)
    return (_canonical_url(url) if url else f"sha256:{content_hash}"), content_hash


def _source_url(article: Article) -> str | None:
    return article.url or article.original_url


def _id_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _article_row(
    article: Article, first_seen: str, compressor: zstandard.ZstdCompressor | None = None
) -> dict[str, Any]:
    """The article's row, as first seen at `first_seen` (a UTC stamp): its `published` is the
    date it gives only when believed (model.believed_published); the date given, believed or not,
    is kept in the document as `claimed_published`."""
    document = article_to_dict(article)
    key, content_hash = _key_and_hash(article)
    published = believed_published(article.published, _moment_of_stamp(first_seen))
    document["id"] = _id_of(key)
    document["published"] = published
    document["claimed_published"] = article.published
    document["added_at"] = first_seen
    return {
        "id": document["id"],
        "key": key,
        "content_hash": content_hash,
        "url": _source_url(article),
        "headline": article.headline,
        "standfirst": article.standfirst,
        "publisher": article.publisher,
        "agency": article.agency,
        "section": article.section,
        "language": article.language,
        "published": published,
        "sort_time": _sort_time(published) or first_seen,
        "added_at": first_seen,
        "bite": orjson.dumps(document["bite"]).decode(),
        "document": _dump_document(document, compressor),
        "_search": _search_text(article.headline, article.paragraphs),
        "_entities": _named_rows(document["entities"], ("label", "mentions", "salience")),
        "_places": _named_rows(document["places"], ("country", "lat", "lon", "mentions")),
        "_article": article,
    }


def _search_text(headline: str | None, paragraphs: Iterable[str]) -> tuple[str, str]:
    """What full-text search indexes of an article: its headline and its paragraphs."""
    return headline or "", "\n\n".join(paragraphs).replace("\x00", "")


def _stored_search_text(headline: str | None, document: str | bytes) -> tuple[str, str]:
    """The words a stored article was indexed with, read back from its row and document.

    Must give exactly what `_search_text` gave when the article was stored (and migration 0003
    indexed), or SQLite's contentless index keeps stale words: a test holds them together.
    """
    sections = load_document(document).get("sections", [])
    return _search_text(headline, (paragraph for section in sections for paragraph in section["paragraphs"]))


def _search_parameters(seq: int, search: tuple[str, str]) -> dict[str, Any]:
    return {"seq": seq, "headline": search[0], "body": search[1]}


# PostgreSQL's search vector, from the two words parameters a row carries: the headline weighted
# above the body, both analysed by the English configuration (stemming, stop words).
_ENGLISH = literal_column("'english'::regconfig")
_TSVECTOR = func.setweight(
    func.to_tsvector(_ENGLISH, bindparam("search_headline")), literal_column("'A'")
).op("||")(func.to_tsvector(_ENGLISH, bindparam("search_body")))


def _named_rows(found: list[dict[str, Any]], keep: tuple[str, ...]) -> list[dict[str, Any]]:
    """One row per casefolded name (the first, most salient, wins), for the entity and place indexes."""
    rows: dict[str, dict[str, Any]] = {}
    for item in found:
        key = item["name"].casefold()
        rows.setdefault(key, {"name_key": key, "name": item["name"], **{k: item[k] for k in keep}})
    return list(rows.values())


_KEPT_ON_UPDATE = frozenset({"id", "key", "added_at"})


def _columns(row: dict[str, Any], kept: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The row's article columns (not its entity and place rows), less those an update keeps."""
    return {key: value for key, value in row.items() if not key.startswith("_") and key not in kept}


def _plan(
    rows: list[dict[str, Any]], stored: dict[str, tuple[int, str]]
) -> tuple[list[AddOutcome], dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Each row's outcome, the rows to insert and the stored rows to update, by key (last copy wins)."""
    outcomes: list[AddOutcome] = []
    new_rows: dict[str, dict[str, Any]] = {}
    changed: dict[str, dict[str, Any]] = {}
    latest_hash = {key: content_hash for key, (_, content_hash) in stored.items()}
    for row in rows:
        key = row["key"]
        if latest_hash.get(key) == row["content_hash"]:
            outcomes.append(AddOutcome.UNCHANGED)
        elif key in stored:
            changed[key] = row
            outcomes.append(AddOutcome.UPDATED)
        else:
            outcomes.append(AddOutcome.UPDATED if key in new_rows else AddOutcome.ADDED)
            new_rows[key] = row
        latest_hash[key] = row["content_hash"]
    return outcomes, new_rows, changed


# Keys, times and cursors


def _canonical_url(url: str) -> str:
    """The URL as one page has it whatever the link: scheme and host lowercased, tracking removed."""
    try:
        return courlan.normalize_url(url.strip(), strict=True)
    except (ValueError, AttributeError):
        return url.strip()


def _normalised(body: str) -> str:
    """The body as its hash sees it: NFC, whitespace runs collapsed, so re-encoded copies hash alike."""
    return " ".join(unicodedata.normalize("NFC", body).split())


def _older_than(sort_time: str, seq: int) -> ColumnElement[bool]:
    """Rows after (sort_time, seq) in newest-first order."""
    return or_(
        articles.c.sort_time < sort_time, and_(articles.c.sort_time == sort_time, articles.c.seq < seq)
    )


def _sort_time(published: str | None) -> str | None:
    moment = parse_moment(published)
    return utc_stamp(moment) if moment else None


def _moment_of_stamp(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def utc_stamp(moment: datetime | None = None) -> str:
    """A moment (default: now) as the store writes times: UTC `YYYY-MM-DDTHH:MM:SSZ`, which sorts."""
    return (moment or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _bound(value: datetime | date, day_end: time) -> str:
    """A range bound as a sort time; a bare date covers the whole day."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, day_end, tzinfo=UTC)
    return utc_stamp(value if value.tzinfo else value.replace(tzinfo=UTC))


def _without_nul(query: ArticleQuery) -> ArticleQuery:
    """The query's words without NUL characters, which no stored text has and PostgreSQL refuses."""
    words = {
        name: value.replace("\x00", "")
        for name in ("q", "entity", "place", "agency", "publisher", "story")
        if isinstance(value := getattr(query, name), str) and "\x00" in value
    }
    return replace(query, **words) if words else query


def _words_only(query: ArticleQuery) -> bool:
    """Whether the query is a full-text search and nothing else (its page size aside, and a reader
    who sees everything)."""
    sees_all = query.reader is not None and query.reader.local and not (query.unread or query.starred)
    bare = replace(query, q=None, limit=ArticleQuery.limit, reader=None if sees_all else query.reader)
    return query.q is not None and bare == ArticleQuery()


# For a word with more than FEW_MATCHES: its matches counted up to :many, the time of the
# RECENT_WINDOW-th newest article and the seq RECENT_WINDOW before the next one (both null in an
# empty store), each read from its index, in one round trip. The seq is the last one less the
# window, not the RECENT_WINDOW-th last article's own: that read 4,000 rows of the table, 1.7 ms,
# and any seq gives the same answer (Store._matches).
_COMMON_WORD = text(
    "SELECT (SELECT count(*) FROM (SELECT rowid FROM articles_search WHERE articles_search MATCH :fts "
    "LIMIT :many)), "
    "(SELECT sort_time FROM articles ORDER BY sort_time DESC, seq DESC LIMIT 1 OFFSET :offset), "
    "(SELECT max(seq) - :offset FROM articles)"
)
# How many items a full-text search's matches make (as ITEM_KEY makes them), counted up to :most.
_COUNT_SEARCH_ITEMS = text(
    "SELECT count(*) FROM (SELECT DISTINCT coalesce(article_merge.copy_of, articles_search.rowid) "
    "FROM articles_search LEFT JOIN article_merge ON article_merge.article_seq = articles_search.rowid "
    "WHERE articles_search MATCH :fts LIMIT :most)"
)


def _fts_terms(q: str) -> str:
    """The words of a search as an FTS5 query, empty when it has none.

    Words as FTS5's unicode61 tokenizer cuts them (letters and digits; `_` separates), each
    quoted so that user input is never read as query syntax: one token per quoted string,
    which is all an index without positions (detail=none) can match.
    """
    return " ".join('"' + term + '"' for term in re.findall(r"[^\W_]+", q))


def _casefold(name: str) -> str:
    return name.replace("\x00", "").casefold()


def _dump_document(document: dict[str, Any], compressor: zstandard.ZstdCompressor | None) -> str | bytes:
    """The article JSON as stored: zstd-compressed on SQLite, plain where the database compresses.

    A document holds its body three times (sections, sentences, text), so it shrinks about
    fivefold, and with it the bytes every commit and WAL checkpoint writes. PostgreSQL compresses
    large values itself (TOAST, lz4 where the server has it), so it gets the text.
    """
    encoded = orjson.dumps(document)
    return compressor.compress(encoded) if compressor else encoded.decode()


def load_document(stored: str | bytes) -> dict[str, Any]:
    """A stored document: zstd (since 0003), zlib (before) or plain text (before compression)."""
    if isinstance(stored, bytes):
        if stored.startswith(_ZSTD_MAGIC):
            stored = zstandard.ZstdDecompressor().decompress(stored)
        else:
            stored = zlib.decompress(stored)
    document: dict[str, Any] = orjson.loads(stored)
    # Stored before 0006, when every date was taken as given: migration 0006 rewrote those it
    # does not believe, so the date a document holds is the one its source gave.
    document.setdefault("claimed_published", document.get("published"))
    return document


_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def _summary(row: Any) -> dict[str, Any]:
    summary = {column.name: row[column.name] for column in SUMMARY_COLUMNS if column.name != "sort_time"}
    summary["bite"] = orjson.loads(row["bite"])
    return summary


def _reason(error: SQLAlchemyError) -> str:
    original = getattr(error, "orig", None)
    return str(original or error).strip().splitlines()[0]
