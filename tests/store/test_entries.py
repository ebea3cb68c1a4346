"""A reader's entries as the sync APIs give them (store/entries.py), the same on SQLite and
PostgreSQL: an article in each feed of theirs that carried it is one entry each, what came from no
feed is the built-in source's, and every entry of one item shares its state."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import insert, table, text

from newsbite.model import Article
from newsbite.store import Reader, Store, open_store
from newsbite.store.engine import create_store_engine, upgrade
from newsbite.store.entries import BY_HAND, EntryQuery
from newsbite.store.feeds import EXTRA_ENTRIES, link_articles
from tests.factories import make_article
from tests.store.test_dates import _columns, _old_row
from tests.store.test_states import FEED_A, FEED_B, NOW, afp, ana, ben, merge, others, store

__all__ = ["ana", "ben", "store"]


def nepal_entries(store: Store, reader: Reader) -> list:
    return [e for e in store.entries(reader).page(EntryQuery(limit=1_000)) if e.headline in AFP_HEADLINES]


AFP_HEADLINES: set[str | None] = set()


@pytest.fixture
def split(
    store: Store, database_url: str, processed_samples: list[Article], ana: Reader, ben: Reader
) -> list[Article]:
    """The AFP copies: the first two through feed A (Ana's), the last through feed B (Ben's), the
    third through both (one article, two feeds); the rest by hand."""
    copies = afp(processed_samples)
    AFP_HEADLINES.update(copy.headline for copy in copies)
    store.add(others(processed_samples))
    store.add(copies[:3], feed_url=FEED_A)
    store.add(copies[2:], feed_url=FEED_B)
    merge(store, database_url)
    return copies


def test_an_article_in_two_followed_feeds_is_two_entries_sharing_one_state(
    store: Store, split: list[Article], ana: Reader
) -> None:
    store.subscriptions(ana).follow(FEED_B, NOW)
    entries = nepal_entries(store, ana)
    # Four articles, one of them in both feeds: five entries, all of one item.
    assert len(entries) == 5
    assert len({e.id for e in entries}) == 5 and len({e.item_seq for e in entries}) == 1
    both = [e for e in entries if e.headline == split[2].headline]
    assert len(both) == 2 and {e.feed_title for e in both} == {FEED_A, FEED_B}
    # Ids fit apps' 32-bit ints: the article's seq in its first feed, a number of its own in the
    # second; every other entry's is its article's seq.
    first, second = sorted(both, key=lambda e: e.id)
    assert first.id == first.article_seq and EXTRA_ENTRIES <= second.id < 2**31
    assert all(e.id == e.article_seq for e in entries if e not in both)
    assert [e.id for e in store.entries(ana).by_ids([second.id, first.id])] == [second.id, first.id]
    # Reading one entry reads every entry of the item, in every feed.
    assert store.states(ana).change([entries[-1].article_seq], NOW, read=True) == 1
    assert all(e.read for e in nepal_entries(store, ana))
    counts = store.entries(ana).unread_counts()
    assert sum(count for count, _ in counts.values()) == store.entries(ana).count(EntryQuery(read=False))


def test_each_reader_has_their_feeds_entries_and_the_built_in_sources(
    store: Store, split: list[Article], processed_samples: list[Article], ana: Reader, ben: Reader
) -> None:
    by_hand = len(others(processed_samples))
    assert len(nepal_entries(store, ana)) == 3 and len(nepal_entries(store, ben)) == 2
    assert store.entries(ana).count(EntryQuery(feed=BY_HAND)) == by_hand
    assert store.entries(ana).count(EntryQuery()) == by_hand + 3
    # Ben's entry ids are not Ana's: asking for them gives nothing, and marking them changes nothing.
    bens = [e.id for e in nepal_entries(store, ben) if e.feed_seq != BY_HAND]
    assert len(bens) == 2 and store.entries(ana).by_ids(bens) == []
    assert store.states(ana).change([e.article_seq for e in nepal_entries(store, ben)], NOW, read=True) == 1
    assert [f.title for f in store.entries(ana).feeds()][-1] == "Added by hand"


def test_paging_by_continuation_and_by_offset_gives_each_entry_once(
    store: Store, split: list[Article], ana: Reader
) -> None:
    store.subscriptions(ana).follow(FEED_B, NOW)
    entries = store.entries(ana)
    whole = [e.id for e in entries.page(EntryQuery(limit=1_000))]
    assert [e.position for e in entries.page(EntryQuery(limit=1_000))] == sorted(
        (e.position for e in entries.page(EntryQuery(limit=1_000))), reverse=True
    )
    # By id, as Miniflux's after_entry_id pages: the extra entry's id is the highest.
    ascending = EntryQuery(limit=1_000, by_id=True, newest_first=False)
    by_id = [e.id for e in entries.page(ascending)]
    assert by_id == sorted(whole) and by_id[-1] >= EXTRA_ENTRIES
    assert [e.id for e in entries.page(replace(ascending, after_entry=by_id[2]))] == by_id[3:]
    by_continuation, after = [], None
    while True:
        page = entries.page(EntryQuery(limit=3, before=after))
        if not page:
            break
        by_continuation += [e.id for e in page]
        after = page[-1].position
    by_offset = [
        e.id for n in range(0, len(whole) + 3, 3) for e in entries.page(EntryQuery(limit=3, offset=n))
    ]
    assert by_continuation == by_offset == whole
    oldest_first = [e.id for e in entries.page(EntryQuery(limit=1_000, newest_first=False))]
    assert oldest_first == whole[::-1]


def test_a_stream_marked_read_up_to_a_time_leaves_what_arrived_after(
    store: Store, split: list[Article], ana: Reader
) -> None:
    entries = store.entries(ana)
    unread_before = entries.count(EntryQuery(read=False))
    items = entries.items(EntryQuery(feed=BY_HAND, arrived_before="2000-01-01T00:00:00Z"))
    assert store.states(ana).change_items(items, NOW, read=True) == 0
    feed_a = next(f.seq for f in entries.feeds() if f.url == FEED_A)
    assert store.states(ana).change_items(entries.items(EntryQuery(feed=feed_a)), NOW, read=True) == 1
    assert entries.count(EntryQuery(read=False)) == unread_before - 3
    assert entries.count(EntryQuery(feed=feed_a, read=False)) == 0
    assert (
        store.states(ana).change([e.article_seq for e in nepal_entries(store, ana)], NOW, starred=True) == 1
    )
    assert entries.count(EntryQuery(starred=True)) == 3


def test_migration_0013_numbers_the_links_of_an_articles_later_feeds(database_url: str) -> None:
    engine = create_store_engine(database_url)
    upgrade(engine, "0012")
    seen = "2026-05-10T12:00:00Z"
    rows = [_old_row(number, None, sort_time=seen, added_at=seen) for number in (1, 2, 3)]
    feed_rows = [
        {"seq": seq, "url": f"https://{seq}.example/feed.xml", "added_at": seen} for seq in (1, 2, 3)
    ]
    # Article 1 in feeds 1, 2 and 3; article 2 in feed 2; article 3 in feeds 2 and 3.
    links = [
        {"feed_seq": feed, "article_seq": article}
        for feed, article in ((1, 1), (2, 1), (3, 1), (2, 2), (2, 3), (3, 3))
    ]
    with engine.begin() as connection:
        connection.execute(insert(table("articles", *_columns(rows))), rows)
        connection.execute(insert(table("feeds", *_columns(feed_rows))), feed_rows)
        connection.execute(insert(table("feed_articles", *_columns(links))), links)
    engine.dispose()
    store = open_store(database_url)
    with store._reading() as connection:
        numbered = dict(
            connection.execute(
                text("SELECT feed_seq * 10 + article_seq, entry FROM feed_articles ORDER BY 1")
            ).all()
        )
    # The first feed of each article keeps the article's seq (no number); later ones are numbered
    # in article order from EXTRA_ENTRIES; a link made now takes the next.
    assert numbered == {
        11: None,
        21: EXTRA_ENTRIES,
        31: EXTRA_ENTRIES + 1,
        22: None,
        23: None,
        33: EXTRA_ENTRIES + 2,
    }
    with store._writing() as connection:
        link_articles(connection, store._dialect_insert(), "https://1.example/feed.xml", [2, 3])
        made = connection.execute(
            text("SELECT entry FROM feed_articles WHERE feed_seq = 1 AND article_seq > 1")
        ).scalars()
        assert sorted(made) == [EXTRA_ENTRIES + 3, EXTRA_ENTRIES + 4]


def test_kept_counts_move_with_new_articles_and_the_readers_changes(
    store: Store, split: list[Article], ana: Reader
) -> None:
    # Counts are kept (EntryList.counts) by marks that move when what they count changes.
    entries = store.entries(ana)
    feed_a = next(f.seq for f in entries.feeds() if f.url == FEED_A)
    before = entries.counts()[feed_a]
    assert before.unread == 3 and before.read == 0
    store.add([make_article(901, url="https://a.example/new")], feed_url=FEED_A)
    assert entries.counts()[feed_a].unread == 4
    nepal = [e.article_seq for e in nepal_entries(store, ana)]
    store.states(ana).change(nepal[:1], NOW, read=True)
    assert (entries.counts()[feed_a].unread, entries.counts()[feed_a].read) == (1, 3)
