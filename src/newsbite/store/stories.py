"""Stories in the store: the merge stage's state, and the stories as listings and pages read them.

The merge (store/merging.py) holds its state in memory and writes what each pass changed
here, in one transaction with the placements of the articles it merged, so that a restart, or
another process, resumes from exactly what was committed.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

import orjson
from sqlalchemy import (
    ColumnElement,
    Connection,
    DateTime,
    and_,
    bindparam,
    case,
    cast,
    delete,
    func,
    literal,
    or_,
    select,
    text,
    tuple_,
    update,
)

from newsbite.merge import lineage
from newsbite.merge.lineage import Member
from newsbite.schema import NO_BITE
from newsbite.store.cursors import decode_cursor, decode_rank_cursor, encode_cursor, encode_rank_cursor
from newsbite.store.readers import Reader
from newsbite.store.states import seen_through, visible_to
from newsbite.store.tables import (
    article_merge,
    articles,
    merge_pending,
    merge_state,
    merge_terms,
    stories,
)

# Merged stories point to the story they went into, which may itself have been merged: links
# are followed this far (a chain is as long as the merges an event's coverage went through).
MAX_MERGE_HOPS = 100
# The PostgreSQL advisory lock held by a merge pass: two processes merge one after the other.
_MERGE_LOCK = 7_304_212
UNPLACED_RANK = -1e300


@dataclass(frozen=True)
class MergeState:
    """The one-row state: a version bumped by every pass, articles counted, the method."""

    version: int
    documents: int
    method: str | None


@dataclass(frozen=True)
class StoryPage:
    items: list[dict[str, Any]]
    next_cursor: str | None


LISTING_COLUMNS = (
    stories.c.id,
    stories.c.title,
    stories.c.articles,
    stories.c["items"],
    stories.c.sources,
    stories.c.outlets,
    stories.c.first_time,
    stories.c.last_time,
    stories.c.time_basis,
)


class _Connections(Protocol):
    def _writing(self) -> AbstractContextManager[Connection]: ...
    def _reading(self) -> AbstractContextManager[Connection]: ...

    @property
    def _postgresql(self) -> bool: ...


class MergeSession:
    """One merge pass's transaction: read the state and the pending articles, write the results."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def state(self) -> MergeState:
        row = self.connection.execute(
            select(merge_state.c.version, merge_state.c.documents, merge_state.c.method)
        ).one()
        return MergeState(*row)

    def terms(self) -> dict[str, tuple[int, int]]:
        rows = self.connection.execute(select(merge_terms.c.term, merge_terms.c.id, merge_terms.c.documents))
        return {term: (term_id, documents) for term, term_id, documents in rows}

    def stories(self) -> Iterator[Any]:
        """Every story's clustering state, in the order they were made."""
        columns = (stories.c.seq, stories.c.id, stories.c.term_ids, stories.c.weights)
        extra = (stories.c.embedding, stories.c.published_until, stories.c.articles, stories.c.merged_into)
        yield from self.connection.execute(select(*columns, *extra).order_by(stories.c.seq))

    def placements(self) -> Iterator[Any]:
        """Every merged article in the order it was merged: ids, story, copy group, fingerprint."""
        story_id = select(stories.c.id).where(stories.c.seq == article_merge.c.story_seq).scalar_subquery()
        statement = (
            select(
                article_merge.c.article_seq,
                articles.c.id,
                story_id.label("story_id"),
                article_merge.c.copy_of,
                article_merge.c.signature,
                article_merge.c.shingles,
                article_merge.c.lead_terms,
            )
            .join(articles, articles.c.seq == article_merge.c.article_seq)
            .order_by(article_merge.c.article_seq)
        )
        yield from self.connection.execute(statement)

    def pending(self, limit: int) -> list[Any]:
        """Up to `limit` stored articles not merged yet, in the order they were stored."""
        statement = (
            select(articles.c.seq, articles.c.id, articles.c.document)
            .join(merge_pending, merge_pending.c.article_seq == articles.c.seq)
            .order_by(articles.c.seq)
            .limit(limit)
        )
        return list(self.connection.execute(statement))

    def add_stories(self, rows: list[dict[str, Any]]) -> dict[str, int]:
        """Insert new stories (their listing columns filled in later); their seqs by id."""
        if not rows:
            return {}
        returned = self.connection.execute(stories.insert().returning(stories.c.id, stories.c.seq), rows)
        return {story_id: seq for story_id, seq in returned}

    def update_stories(self, rows: list[dict[str, Any]]) -> None:
        """Rewrite stories' columns: each row has `story_seq` and the columns to set."""
        if rows:
            statement = update(stories).where(stories.c.seq == bindparam("story_seq"))
            for columns in {tuple(sorted(set(row) - {"story_seq"})) for row in rows}:
                same = [row for row in rows if tuple(sorted(set(row) - {"story_seq"})) == columns]
                self.connection.execute(statement.values({c: bindparam(c) for c in columns}), same)

    def place(self, rows: list[dict[str, Any]]) -> None:
        """Record where articles went, and take them off the pending list."""
        if rows:
            self.connection.execute(article_merge.insert(), rows)
            self.connection.execute(
                delete(merge_pending).where(merge_pending.c.article_seq.in_([r["article_seq"] for r in rows]))
            )

    def place_undated_copies(self, items: Sequence[int]) -> None:
        """Place each undated copy of these items (each named by its first article's seq) at its
        dispatch's time: the earliest believed date among the item's copies, if it has one, and
        not after the copy was first seen. A copy runs a dispatch, so the dispatch's date says more
        about when it was news than the moment NewsBite read that copy: lists show the item with
        its dated copies rather than at the top as if new."""
        if not items:
            return
        item = func.coalesce(article_merge.c.copy_of, article_merge.c.article_seq)
        rows = self.connection.execute(
            select(item, articles.c.seq, articles.c.published, articles.c.sort_time, articles.c.added_at)
            .join(articles, articles.c.seq == article_merge.c.article_seq)
            .where(
                or_(article_merge.c.article_seq.in_(list(items)), article_merge.c.copy_of.in_(list(items)))
            )
        ).all()
        dispatched: dict[int, str] = {}
        for item_seq, _, published, sort_time, _ in rows:
            if published and (item_seq not in dispatched or sort_time < dispatched[item_seq]):
                dispatched[item_seq] = sort_time
        placed = [
            {"undated_seq": seq, "sort_time": min(dispatched[item_seq], added_at)}
            for item_seq, seq, published, sort_time, added_at in rows
            if not published and item_seq in dispatched and sort_time != min(dispatched[item_seq], added_at)
        ]
        if placed:
            self.connection.execute(
                update(articles)
                .where(articles.c.seq == bindparam("undated_seq"))
                .values(sort_time=bindparam("sort_time")),
                placed,
            )

    def merge_stories(self, merged_seq: int, into_seq: int, into_id: str) -> None:
        """Move a story's articles into another story, leaving a pointer to it behind."""
        self.connection.execute(
            update(article_merge).where(article_merge.c.story_seq == merged_seq).values(story_seq=into_seq)
        )
        emptied = {"articles": 0, "items": 0, "sources": 0, "outlets": 0, "lead_article_seq": None}
        self.connection.execute(
            update(stories).where(stories.c.seq == merged_seq).values(merged_into=into_id, **emptied)
        )

    def skip(self, seqs: Sequence[int]) -> None:
        """Take articles that cannot be merged (no body) off the pending list."""
        if seqs:
            self.connection.execute(delete(merge_pending).where(merge_pending.c.article_seq.in_(list(seqs))))

    def save_terms(self, terms: dict[str, tuple[int, int]], known: int) -> None:
        """Write document frequencies: ids below `known` are stored already, the rest are new."""
        new = [{"id": i, "term": t, "documents": n} for t, (i, n) in terms.items() if i >= known]
        old = [{"term_id": i, "documents": n} for _, (i, n) in terms.items() if i < known]
        if new:
            self.connection.execute(merge_terms.insert(), new)
        if old:
            self.connection.execute(
                update(merge_terms)
                .where(merge_terms.c.id == bindparam("term_id"))
                .values(documents=bindparam("documents")),
                old,
            )

    def rank(self, story_seqs: Sequence[int]) -> None:
        """Re-rank these stories (after their listing columns changed) with the store's half-life;
        nothing while the ranks wait for their first ranked listing to fill them."""
        half_life = self.connection.execute(select(merge_state.c.rank_half_life)).scalar_one()
        if half_life is not None and story_seqs:
            self.connection.execute(
                update(stories)
                .where(stories.c.seq.in_(list(story_seqs)))
                .values(rank=rank_expression(self.connection.dialect.name == "postgresql", half_life))
            )

    def touch(self, story_seqs: Sequence[int]) -> None:
        """Bump these stories' versions: what their pages show has changed."""
        if story_seqs:
            self.connection.execute(
                update(stories)
                .where(stories.c.seq.in_(list(story_seqs)))
                .values(version=stories.c.version + 1)
            )

    def rerank(self, half_life_hours: float) -> None:
        """Rank every story with this half-life, which the store then keeps ranking with; when the
        ranks were made with it already, rank only the stories left without one.

        Stories merged into others are ranked too (listings pass over them): were their ranks
        null, looking for a live story without one would read every merged story's row."""
        postgresql = self.connection.dialect.name == "postgresql"
        ranked_with = self.connection.execute(select(merge_state.c.rank_half_life)).scalar_one()
        statement = update(stories).values(rank=rank_expression(postgresql, half_life_hours))
        if ranked_with == half_life_hours:
            statement = statement.where(stories.c.rank.is_(None))
        self.connection.execute(statement)
        if ranked_with != half_life_hours:
            self.connection.execute(update(merge_state).values(rank_half_life=half_life_hours))

    def save_state(self, state: MergeState) -> None:
        self.connection.execute(
            update(merge_state).values(version=state.version, documents=state.documents, method=state.method)
        )

    def members(self, story_seqs: Sequence[int]) -> dict[int, list[Member]]:
        """The articles of each story, oldest first."""
        found: dict[int, list[Member]] = {seq: [] for seq in story_seqs}
        for story_seq, member in _members(self.connection, story_seqs):
            found[story_seq].append(member)
        return found

    def stories_of(self, article_seqs: Sequence[int]) -> dict[int, int]:
        rows = self.connection.execute(
            select(article_merge.c.article_seq, article_merge.c.story_seq).where(
                article_merge.c.article_seq.in_(list(article_seqs))
            )
        )
        return dict(rows.all())


class StoryList:
    """The store's stories; get it as `store.stories`."""

    def __init__(self, store: _Connections) -> None:
        self._store = store

    @contextmanager
    def merging(self) -> Iterator[MergeSession]:
        """A merge pass's transaction; passes from several processes run one after another."""
        with self._store._writing() as connection:
            if self._store._postgresql:
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MERGE_LOCK})
            yield MergeSession(connection)

    def pending(self) -> int:
        """How many stored articles wait to be merged."""
        with self._store._reading() as connection:
            return int(connection.execute(select(func.count()).select_from(merge_pending)).scalar_one())

    def count(self) -> int:
        """How many stories there are (merged ones not counted)."""
        statement = select(func.count()).select_from(stories).where(stories.c.merged_into.is_(None))
        with self._store._reading() as connection:
            return int(connection.execute(statement).scalar_one())

    def page(
        self, limit: int = 20, cursor: str | None = None, min_articles: int = 1, reader: Reader | None = None
    ) -> StoryPage:
        """Stories with their listing columns and their lead article's bite, latest news first;
        with a `reader`, the stories they see an article of (`_for_reader`)."""
        statement = (
            select(*LISTING_COLUMNS, stories.c.seq, stories.c.lead_article_seq, articles.c.bite)
            .outerjoin(articles, articles.c.seq == stories.c.lead_article_seq)
            .where(stories.c.merged_into.is_(None), *_seen_by(reader))
            .order_by(stories.c.last_time.desc(), stories.c.seq.desc())
        )
        if min_articles > 1:
            statement = statement.where(stories.c.articles >= min_articles)
        if cursor:
            last_time, seq = decode_cursor(cursor)
            older = and_(stories.c.last_time == last_time, stories.c.seq < seq)
            statement = statement.where(or_(stories.c.last_time < last_time, older))
        with self._store._reading() as connection:
            rows = connection.execute(statement.limit(limit + 1)).mappings().all()
            items = _for_reader(connection, reader, rows[:limit])
        last = rows[limit - 1] if len(rows) > limit else None
        return StoryPage(items, encode_cursor(last["last_time"], last["seq"]) if last else None)

    def ranked(
        self, half_life_hours: float, limit: int = 20, cursor: str | None = None, reader: Reader | None = None
    ) -> StoryPage:
        """Stories by importance, most important first (docs/serve.md): the log of the independent
        sources plus outlets covering each, less its age in half-lives; with a `reader`, the
        stories they see an article of (`_for_reader`).

        Age is measured from the newest report in the store, so an archive still ranks by
        coverage; as that reference is the same for every story, ordering by
        `log2(coverage) + hours(latest report) / half-life` gives the same order and does not
        move while the store grows between two pages. That rank is kept in the stories' rows and
        index (the merge re-ranks the stories it changes); ranks made with another half-life, or
        missing, are made first (`rank`).
        """
        statement = (
            select(
                *LISTING_COLUMNS, stories.c.seq, stories.c.lead_article_seq, articles.c.bite, stories.c.rank
            )
            .outerjoin(articles, articles.c.seq == stories.c.lead_article_seq)
            .where(stories.c.merged_into.is_(None), stories.c.rank.is_not(None), *_seen_by(reader))
            .order_by(stories.c.rank.desc(), stories.c.seq.desc())
        )
        if cursor:
            after, seq = decode_rank_cursor(cursor)
            statement = statement.where(tuple_(stories.c.rank, stories.c.seq) < tuple_(after, seq))
        with self._store._reading() as connection:
            if ready := self._ranked(connection, half_life_hours):
                rows = connection.execute(statement.limit(limit + 1)).mappings().all()
                items = _for_reader(connection, reader, rows[:limit])
        if not ready:
            self.rank(half_life_hours)
            with self._store._reading() as connection:
                rows = connection.execute(statement.limit(limit + 1)).mappings().all()
                items = _for_reader(connection, reader, rows[:limit])
        last = rows[limit - 1] if len(rows) > limit else None
        return StoryPage(items, encode_rank_cursor(last["rank"], last["seq"]) if last else None)

    def rank(self, half_life_hours: float) -> None:
        """Make the stories' ranks those of this half-life (`newsbite serve` does at start-up):
        every story when they were made with another (or none: migration 0007), else any live
        story left without one. Takes the merge's lock for as long."""
        with self.merging() as session:
            session.rerank(half_life_hours)

    def _ranked(self, connection: Connection, half_life_hours: float) -> bool:
        """Whether every story has its rank, made with this half-life."""
        if connection.execute(select(merge_state.c.rank_half_life)).scalar_one() != half_life_hours:
            return False
        unranked = select(stories.c.seq).where(stories.c.rank.is_(None))
        return connection.execute(unranked.limit(1)).first() is None

    def get(self, story_id: str) -> tuple[dict[str, Any], list[Member]] | None:
        """A story's listing columns and its articles (oldest first), or None. A story merged into
        another gives that one (its `id` says which)."""
        with self._store._reading() as connection:
            row = _resolved(connection, story_id)
            if row is None:
                return None
            members = [member for _, member in _members(connection, [row["seq"]])]
        listing = {column.name: row[column.name] for column in LISTING_COLUMNS}
        listing["lead_article_seq"] = row["lead_article_seq"]
        return listing, members

    def version(self, story_id: str) -> tuple[str, int] | None:
        """The id and version of the story `story_id` names (following merges), or None."""
        with self._store._reading() as connection:
            row = _resolved(connection, story_id)
        return None if row is None else (row["id"], row["version"])

    def listing(self, story_id: str) -> dict[str, Any] | None:
        """A story's listing columns without its articles (a story merged into another gives that
        one), or None."""
        with self._store._reading() as connection:
            row = _resolved(connection, story_id)
        return None if row is None else {column.name: row[column.name] for column in LISTING_COLUMNS}

    def seen_through(self, feed_seqs: frozenset[int], story_id: str) -> tuple[frozenset[int], int]:
        """The seqs of the story's articles that a reader following the feeds `feed_seqs` sees
        (from one of those feeds, or from none), and how many articles the story has;
        `story_id` names a live story."""
        statement = (
            select(article_merge.c.article_seq, seen_through(list(feed_seqs), article_merge.c.article_seq))
            .join(stories, stories.c.seq == article_merge.c.story_seq)
            .where(stories.c.id == story_id)
        )
        with self._store._reading() as connection:
            rows = connection.execute(statement).all()
        return frozenset(seq for seq, seen in rows if seen), len(rows)

    def of_article(self, article_id: str) -> str | None:
        """The id of the story an article is in (None before it is merged)."""
        with self._store._reading() as connection:
            return connection.execute(
                select(stories.c.id)
                .join(article_merge, article_merge.c.story_seq == stories.c.seq)
                .join(articles, articles.c.seq == article_merge.c.article_seq)
                .where(articles.c.id == article_id)
            ).scalar_one_or_none()


def _resolved(connection: Connection, story_id: str) -> Any:
    """The row of the story `story_id` names, following merges, or None."""
    if "\x00" in story_id:
        return None
    columns = (
        *LISTING_COLUMNS,
        stories.c.seq,
        stories.c.lead_article_seq,
        stories.c.merged_into,
        stories.c.version,
    )
    for _ in range(MAX_MERGE_HOPS):
        row = connection.execute(select(*columns).where(stories.c.id == story_id)).mappings().first()
        if row is None or row["merged_into"] is None:
            return row
        story_id = row["merged_into"]
    return None


def rank_expression(postgresql: bool, half_life_hours: float) -> ColumnElement[float]:
    """A story's rank in SQL: log2(1 + sources + outlets) + hours(latest report) / half-life, the
    hours counted from an epoch in the database's own arithmetic (so the same on every call)."""
    if postgresql:
        hours = func.extract("epoch", cast(stories.c.last_time, DateTime(timezone=True))) / 3600
    else:
        hours = func.julianday(stories.c.last_time) * 24
    ranked = func.ln(1 + stories.c.sources + stories.c.outlets) / math.log(2) + hours / half_life_hours
    # A story merged away in the pass that made it never had a report placed: it has no time.
    return case((stories.c.last_time == "", UNPLACED_RANK), else_=ranked)


def _listing(row: Any) -> dict[str, Any]:
    listing = {column.name: row[column.name] for column in LISTING_COLUMNS}
    listing["bite"] = orjson.loads(row["bite"]) if row["bite"] else dict(NO_BITE)
    return listing


def listing_columns(members: list[Member]) -> dict[str, Any]:
    """A story's listing columns from its articles (oldest first)."""
    found = lineage.listing(members)
    return {
        "title": found.title,
        "lead_article_seq": found.lead.seq,
        "articles": found.articles,
        "items": found.items,
        "sources": found.sources,
        "outlets": found.outlets,
        "first_time": found.first_time,
        "last_time": found.last_time,
        "time_basis": found.time_basis,
    }


@lru_cache(maxsize=1_024)
def _seen_by(reader: Reader | None) -> tuple[ColumnElement[bool], ...]:
    """A story listing's condition for a reader: a story they see an article of."""
    if reader is None or reader.local:
        return ()
    in_story = article_merge.c.story_seq == stories.c.seq
    # A scalar subquery with LIMIT, not EXISTS: PostgreSQL made EXISTS a semi-join that read the
    # visibility of every merged article first (216 ms for a front page; this, a few articles
    # per story listed).
    first_seen = select(literal(1)).where(in_story, visible_to(reader, article_merge.c.article_seq)).limit(1)
    return (first_seen.scalar_subquery().is_not(None),)


def _for_reader(connection: Connection, reader: Reader | None, rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Listings of these rows as `reader` sees them: a story whose lead article comes from a feed
    they do not follow is shown by the first article of it they see (its headline and bite), so
    that no one reads another reader's feed through a story. Coverage counts stay the story's."""
    listings = [_listing(row) for row in rows]
    if reader is None or reader.local or not rows:
        return listings
    leads = [row["lead_article_seq"] for row in rows if row["lead_article_seq"] is not None]
    shown = set(
        connection.execute(
            select(articles.c.seq).where(articles.c.seq.in_(leads), visible_to(reader))
        ).scalars()
    )
    hidden = [row["seq"] for row in rows if row["lead_article_seq"] not in shown]
    if not hidden:
        return listings
    first_seen = (
        select(
            article_merge.c.story_seq,
            articles.c.headline,
            articles.c.bite,
            func.row_number()
            .over(partition_by=article_merge.c.story_seq, order_by=(articles.c.sort_time, articles.c.seq))
            .label("place"),
        )
        .join(articles, articles.c.seq == article_merge.c.article_seq)
        .where(article_merge.c.story_seq.in_(hidden), visible_to(reader))
        .subquery()
    )
    firsts = connection.execute(
        select(first_seen.c.story_seq, first_seen.c.headline, first_seen.c.bite).where(
            first_seen.c.place == 1
        )
    )
    position = {row["seq"]: index for index, row in enumerate(rows)}
    for story_seq, headline, bite in firsts:
        listing = listings[position[story_seq]]
        listing["title"] = headline
        listing["bite"] = orjson.loads(bite) if bite else dict(NO_BITE)
    return listings


def _members(connection: Connection, story_seqs: Sequence[int]) -> Iterator[tuple[int, Member]]:
    statement = (
        select(
            article_merge.c.story_seq,
            articles.c.seq,
            articles.c.id,
            articles.c.headline,
            articles.c.publisher,
            articles.c.agency,
            articles.c.url,
            articles.c.published,
            articles.c.sort_time,
            article_merge.c.copy_of,
            article_merge.c.shingles,
            article_merge.c.lineage,
        )
        .join(articles, articles.c.seq == article_merge.c.article_seq)
        .where(article_merge.c.story_seq.in_(list(story_seqs)))
        .order_by(articles.c.sort_time, articles.c.seq)
    )
    for story_seq, *fields in connection.execute(statement):
        yield story_seq, Member(*fields)
