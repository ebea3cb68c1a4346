"""What each reader sees and has done: which articles a reader sees, and their read and starred
items.

A reader sees the articles of the feeds they follow and every article that came from no feed
(added by hand: files, the API, the samples); the local reader sees everything. State belongs
to an item, a dispatch with all its copies (keyed by its first article's seq, as article_merge's
`copy_of` names it), so reading any copy reads them all, and a copy that arrives later belongs to
an item already read.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from functools import lru_cache
from typing import Any, Protocol

from cachetools import LRUCache
from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    case,
    exists,
    func,
    literal,
    not_,
    or_,
    select,
    true,
)

from newsbite.store.engine import dialect_insert
from newsbite.store.readers import Reader, touch_reader
from newsbite.store.tables import (
    article_merge,
    articles,
    feed_articles,
    item_states,
    merge_state,
    readers,
    subscriptions,
)
from newsbite.store.tables import stories as story_table

# An article's item: its original's seq for a copy, else its own (store.py's ITEM_KEY).
ITEM_KEY = func.coalesce(article_merge.c.copy_of, articles.c.seq)


@lru_cache(maxsize=1_024)
def visible_to(reader: Reader, article_seq: ColumnElement[Any] = articles.c.seq) -> ColumnElement[bool]:
    """Whether the article `article_seq` names is one `reader` sees: from a feed they follow, or
    from no feed. Kept per reader and column: building it cost a story page 0.3 ms."""
    if reader.local:
        return true()
    followed = select(subscriptions.c.feed_seq).where(subscriptions.c.reader_seq == reader.seq)
    return seen_through(followed, article_seq)


def seen_through(followed: Any, article_seq: ColumnElement[Any]) -> ColumnElement[bool]:
    """Whether a reader following the feeds `followed` (a list of feed seqs, or a query of them)
    sees the article `article_seq` names: it came from one of those feeds, or from none."""
    # One probe of the article's feeds, each checked against the reader's (a list the database
    # makes once a statement): probing twice, once for any feed and once joined to the reader's
    # subscriptions, made a front page's unread counts cost twice as much.
    carried_by_followed = (
        select(func.max(case((feed_articles.c.feed_seq.in_(followed), 1), else_=0)))
        .where(feed_articles.c.article_seq == article_seq)
        .scalar_subquery()
    )
    return func.coalesce(carried_by_followed, 1) == 1


def read_by(reader: Reader, item: ColumnElement[Any]) -> ColumnElement[bool]:
    """Whether the reader has read the item `item` names."""
    return exists().where(
        item_states.c.reader_seq == reader.seq,
        item_states.c.item_seq == item,
        item_states.c.read_at.is_not(None),
    )


def starred_by(reader: Reader, item: ColumnElement[Any]) -> ColumnElement[bool]:
    return exists().where(
        item_states.c.reader_seq == reader.seq,
        item_states.c.item_seq == item,
        item_states.c.starred_at.is_not(None),
    )


def reader_conditions(reader: Reader, *, unread: bool, starred: bool) -> list[ColumnElement[bool]]:
    """A listing's conditions for one reader: what they see, and of that their unread or starred
    items alone when asked. The listing joins article_merge (for ITEM_KEY)."""
    conditions = [] if reader.local else [visible_to(reader)]
    if unread:
        conditions.append(not_(read_by(reader, ITEM_KEY)))
    if starred:
        conditions.append(starred_by(reader, ITEM_KEY))
    return conditions


@lru_cache(maxsize=1_024)
def state_columns(reader: Reader) -> tuple[ColumnElement[Any], ...]:
    """A listing's `read` and `starred` columns for one reader (the listing joins article_merge).
    Kept per reader: building the two subqueries cost each listing 0.2 ms."""
    return read_by(reader, ITEM_KEY).label("read"), starred_by(reader, ITEM_KEY).label("starred")


class KeptCounts:
    """Counts kept by what they were counted from (a key that moves when that changes: a reader's
    state version, a story's version), the least recently used dropped past `size`. One per
    store; safe to share between a server's threads."""

    def __init__(self, size: int = 100_000) -> None:
        self._counts: LRUCache[tuple[Any, ...], Any] = LRUCache(maxsize=size)
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> Any:
        with self._lock:
            return self._counts.get(key)

    def put(self, key: tuple[Any, ...], count: Any) -> None:
        with self._lock:
            self._counts[key] = count


# Longest a count kept by `content_mark` is taken, for a change no mark moves with.
KEPT_SECONDS = 60


def content_mark(reader: Reader | None) -> Select[Any]:
    """A row that moves whenever what `reader` sees or has done may have changed: their state
    version (their items and feeds; none for no reader), the newest article, how many articles
    the merge has taken (copies folded, stories moved) and the newest second-feed link. What is
    counted from the store is kept by it (`KeptCounts`)."""
    version = (
        select(readers.c.state_version).where(readers.c.seq == reader.seq).scalar_subquery()
        if reader is not None
        else literal(0)
    )
    return select(
        version,
        select(func.max(articles.c.seq)).scalar_subquery(),
        select(merge_state.c.documents).limit(1).scalar_subquery(),
        select(func.max(feed_articles.c.entry)).scalar_subquery(),
    )


class _Connections(Protocol):
    kept_counts: KeptCounts

    def _writing(self) -> AbstractContextManager[Connection]: ...
    def _reading(self) -> AbstractContextManager[Connection]: ...
    def _dialect_insert(self) -> Any: ...


class ItemStates:
    """One reader's read and starred items; get it as `store.states(reader)`. Each change names
    articles by id (any copy of an item stands for the item) and returns how many items it
    touched that the reader sees."""

    def __init__(self, store: _Connections, reader: Reader) -> None:
        self._store = store
        self.reader = reader

    def read(self, article_ids: Sequence[str], now: str) -> int:
        return self._set(article_ids, now, read_at=now)

    def unread(self, article_ids: Sequence[str], now: str) -> int:
        return self._set(article_ids, now, read_at=None)

    def star(self, article_ids: Sequence[str], now: str) -> int:
        return self._set(article_ids, now, starred_at=now)

    def unstar(self, article_ids: Sequence[str], now: str) -> int:
        return self._set(article_ids, now, starred_at=None)

    def read_story(self, story_id: str, now: str) -> int:
        """Read every item of a story the reader sees."""
        in_story = self._items().where(
            article_merge.c.story_seq
            == select(story_table.c.seq).where(story_table.c.id == story_id).scalar_subquery()
        )
        return self._upsert(in_story, now, read_at=now)

    def read_all(self, now: str, *, first_seen_by: str) -> int:
        """Read every unread item the reader sees that NewsBite had seen by `first_seen_by` (a UTC
        stamp: when the page the reader marked was made), so that what arrived since stays unread."""
        arrived = self._items().where(
            articles.c.added_at <= first_seen_by, not_(read_by(self.reader, ITEM_KEY))
        )
        return self._upsert(arrived, now, read_at=now)

    def change(
        self, article_seqs: Sequence[int], now: str, *, read: bool | None = None, starred: bool | None = None
    ) -> int:
        """Set the items of these articles (by seq, any copy) read or unread, starred or not, as
        given (None leaves a state as it is); how many items the reader sees were touched."""
        if not article_seqs:
            return 0
        return self.change_items(
            self._items().where(articles.c.seq.in_(sorted(set(article_seqs)))),
            now,
            read=read,
            starred=starred,
        )

    def change_items(
        self, items: Select[Any], now: str, *, read: bool | None = None, starred: bool | None = None
    ) -> int:
        """`change` for the items a query picks (its column `item_seq`; store/entries.py's
        `EntryList.items`), which must be items the reader sees."""
        state: dict[str, str | None] = {}
        if read is not None:
            state["read_at"] = now if read else None
        if starred is not None:
            state["starred_at"] = now if starred else None
        if not state:
            return 0
        chosen = items.subquery()
        mine = select(literal(self.reader.seq).label("reader_seq"), chosen.c.item_seq)
        return self._upsert(mine, now, **state)

    def unread_in_stories(self, story_ids: Sequence[str]) -> dict[str, int]:
        """How many items of each story (by id) the reader sees and has not read; stories with
        none are left out.

        Kept (the store's `kept_counts`) by reader, their state version and the story's version,
        which move with every change of what is counted: a reader's front page asks for the same
        twenty counts on every visit, and counting them took a third of its time."""
        if not story_ids:
            return {}
        wanted = list(dict.fromkeys(story_ids))
        versions = (
            select(
                story_table.c.id,
                story_table.c.version,
                select(readers.c.state_version).where(readers.c.seq == self.reader.seq).scalar_subquery(),
            )
        ).where(story_table.c.id.in_(wanted))
        kept = self._store.kept_counts
        with self._store._reading() as connection:
            keys = {
                story: ("unread in story", self.reader.seq, state, story, version)
                for story, version, state in connection.execute(versions)
            }
            counts = {story: kept.get(key) for story, key in keys.items()}
            missing = [story for story, count in counts.items() if count is None]
            if missing:
                found = dict(connection.execute(self._unread_in(missing)).all())
                for story in missing:
                    counts[story] = int(found.get(story, 0))
                    kept.put(keys[story], counts[story])
        return {story: count for story, count in counts.items() if count}

    def _unread_in(self, story_ids: list[str]) -> Select[Any]:
        """Each of these stories' unread items the reader sees, counted (stories with none left out)."""
        # Read from indexes alone: the merge's (migration 0009's article_merge_story_items), the
        # feeds' by article and the states' by reader and item. Joining the articles read each
        # one's row (9 ms for a front page's 20 stories of 100,000 articles, 0.8 ms without); a
        # user's visibility is one join of the articles' feeds, kept where the feed is theirs or
        # the article came from none (checking each article's feeds in a subquery: 5 ms).
        item = func.coalesce(article_merge.c.copy_of, article_merge.c.article_seq)
        placed = story_table.join(article_merge, article_merge.c.story_seq == story_table.c.seq)
        conditions = [story_table.c.id.in_(story_ids), not_(read_by(self.reader, item))]
        if not self.reader.local:
            placed = placed.outerjoin(
                feed_articles, feed_articles.c.article_seq == article_merge.c.article_seq
            )
            followed = select(subscriptions.c.feed_seq).where(subscriptions.c.reader_seq == self.reader.seq)
            conditions.append(or_(feed_articles.c.feed_seq.is_(None), feed_articles.c.feed_seq.in_(followed)))
        return (
            select(story_table.c.id, func.count(item.distinct()))
            .select_from(placed)
            .where(*conditions)
            .group_by(story_table.c.id)
        )

    # Plumbing

    def _set(self, article_ids: Sequence[str], now: str, **state: str | None) -> int:
        if not article_ids:
            return 0
        return self._upsert(self._items().where(articles.c.id.in_(list(article_ids))), now, **state)

    def _items(self) -> Select[Any]:
        """The reader's seq and the items of the articles they see, each item once (the rows the
        caller's conditions pick)."""
        return (
            select(literal(self.reader.seq).label("reader_seq"), ITEM_KEY.label("item_seq"))
            .select_from(articles.outerjoin(article_merge, article_merge.c.article_seq == articles.c.seq))
            .where(visible_to(self.reader))
            .distinct()
        )

    def _upsert(self, items: Select[Any], now: str, **state: str | None) -> int:
        """Set `state` (read_at, starred_at) on the items `items` selects, making their rows."""
        chosen = items.subquery()
        values = select(
            chosen.c.reader_seq,
            chosen.c.item_seq,
            *(literal(value, type_=item_states.c[name].type).label(name) for name, value in state.items()),
            literal(now).label("changed_at"),
        ).where(true())  # SQLite reads an upsert's SELECT without a WHERE as ambiguous
        insert = self._store._dialect_insert()(item_states).from_select(
            ["reader_seq", "item_seq", *state, "changed_at"], values
        )
        upsert = insert.on_conflict_do_update(
            index_elements=["reader_seq", "item_seq"],
            set_={
                **{name: insert.excluded[name] for name in state},
                "changed_at": insert.excluded.changed_at,
            },
        )
        with self._store._writing() as connection:
            # Counted from RETURNING: psycopg gives no rowcount for an INSERT ... SELECT upsert.
            touched = len(connection.execute(upsert.returning(item_states.c.item_seq)).all())
            if touched:
                touch_reader(connection, self.reader.seq)
            return touched


def fold_states(connection: Connection, copies: dict[int, int]) -> None:
    """Move readers' state of articles that became copies (`copies`: copy's seq to its item's)
    onto their item, in the merge's transaction: read or starred there when either was."""
    if not copies:
        return
    moved = (
        select(item_states).where(item_states.c.item_seq.in_(list(copies))).order_by(item_states.c.item_seq)
    )
    rows = connection.execute(moved).mappings().all()
    if not rows:
        return
    insert = dialect_insert(connection.dialect.name)(item_states)
    upsert = insert.on_conflict_do_update(
        index_elements=["reader_seq", "item_seq"],
        set_={
            "read_at": func.coalesce(item_states.c.read_at, insert.excluded.read_at),
            "starred_at": func.coalesce(item_states.c.starred_at, insert.excluded.starred_at),
            "changed_at": insert.excluded.changed_at,
        },
    )
    connection.execute(upsert, [{**row, "item_seq": copies[row["item_seq"]]} for row in rows])
    touch_reader(connection, sorted({row["reader_seq"] for row in rows}))
    connection.execute(item_states.delete().where(item_states.c.item_seq.in_(list(copies))))
