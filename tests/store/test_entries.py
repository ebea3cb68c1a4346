"""A reader's entries as the sync APIs give them (store/entries.py), the same on SQLite and
PostgreSQL: an article in each feed of theirs that carried it is one entry each, what came from no
feed is the built-in source's, and every entry of one item shares its state."""

from __future__ import annotations

import pytest

from newsbite.model import Article
from newsbite.store import Reader, Store
from newsbite.store.entries import BY_HAND, EntryQuery, entry_id, entry_parts
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


def test_entry_ids_pack_the_article_and_the_feed_and_refuse_what_they_cannot_hold() -> None:
    assert entry_parts(entry_id(123_456, 17)) == (123_456, 17)
    assert entry_id(5, BY_HAND) == 5 << 20
    with pytest.raises(ValueError, match="beyond"):
        entry_id(1, 1 << 20)


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
    assert store.states(ana).change([e // (1 << 20) for e in bens], NOW, read=True) == 1  # the shared one
    assert [f.title for f in store.entries(ana).feeds()][-1] == "Added by hand"


def test_paging_by_continuation_and_by_offset_gives_each_entry_once(
    store: Store, split: list[Article], ana: Reader
) -> None:
    store.subscriptions(ana).follow(FEED_B, NOW)
    entries = store.entries(ana)
    whole = [e.id for e in entries.page(EntryQuery(limit=1_000))]
    assert whole == sorted(whole, reverse=True)
    by_continuation, after = [], None
    while True:
        page = entries.page(EntryQuery(limit=3, before_entry=after))
        if not page:
            break
        by_continuation += [e.id for e in page]
        after = page[-1].id
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
