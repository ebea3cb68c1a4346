"""Readers' state over the merged samples, the same on SQLite and PostgreSQL: each reader sees the
feeds they follow and what was added by hand, and reading any copy of a dispatch reads them all,
for that reader alone, including copies that arrive later."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsbite.config import Settings
from newsbite.merge.lineage import Member
from newsbite.model import Article
from newsbite.store import ArticleQuery, Reader, Store, StoredMerge, open_store
from newsbite.store.feeds import link_articles
from tests.serve.test_folding import AFP_NEPAL

NOW = "2026-12-05T10:00:00Z"
FEED_A, FEED_B = "https://a.example/feed.xml", "https://b.example/feed.xml"


def afp(articles: list[Article]) -> list[Article]:
    copies = [article for article in articles if article.headline in AFP_NEPAL]
    assert len(copies) == 4
    return copies


def others(articles: list[Article]) -> list[Article]:
    return [article for article in articles if article.headline not in AFP_NEPAL]


def merge(store: Store, url: str) -> None:
    StoredMerge(store, Settings(database=url)).run()


@pytest.fixture
def store(database_url: str) -> Store:
    return open_store(database_url)


@pytest.fixture
def ana(store: Store) -> Reader:
    reader = store.readers.add("Ana", "hash", NOW)
    store.subscriptions(reader).follow(FEED_A, NOW)
    return reader


@pytest.fixture
def ben(store: Store, ana: Reader) -> Reader:
    reader = store.readers.add("Ben", "hash", NOW)
    store.subscriptions(reader).follow(FEED_B, NOW)
    return reader


def listed(store: Store, reader: Reader, **options: object) -> list[dict]:
    return store.articles(ArticleQuery(limit=100, reader=reader, **options)).items  # type: ignore[arg-type]


def nepal(items: list[dict]) -> list[dict]:
    return [item for item in items if item["headline"] in AFP_NEPAL]


def store_split(store: Store, url: str, samples: list[Article]) -> list[Article]:
    """The AFP copies: the first two through feed A, the last two through feed B; the rest by hand."""
    copies = afp(samples)
    store.add(others(samples))
    store.add(copies[:2], feed_url=FEED_A)
    store.add(copies[2:], feed_url=FEED_B)
    merge(store, url)
    return copies


def test_each_reader_sees_their_feeds_and_what_was_added_by_hand(
    store: Store, database_url: str, processed_samples: list[Article], ana: Reader, ben: Reader
) -> None:
    copies = store_split(store, database_url, processed_samples)
    hand = len(others(processed_samples))
    by_ana = listed(store, ana, copies=True)
    assert {item["headline"] for item in nepal(by_ana)} == {copy.headline for copy in copies[:2]}
    assert {item["headline"] for item in nepal(listed(store, ben, copies=True))} == {
        copy.headline for copy in copies[2:]
    }
    assert len(by_ana) == hand + 2
    assert len(nepal(listed(store, ana))) == len(nepal(listed(store, ben))) == 1  # one item each
    assert store.count(ArticleQuery(reader=ana, copies=True)) == hand + 2
    # The outlets an item lists are those of the copies the reader sees.
    ran = {
        name: {c.publisher or c.agency for c in part}
        for name, part in (("Ana", copies[:2]), ("Ben", copies[2:]))
    }
    assert ran["Ana"] != ran["Ben"]
    for name, reader in (("Ana", ana), ("Ben", ben)):
        assert set(nepal(listed(store, reader))[0]["outlets"]) == ran[name]


def test_reading_one_copy_reads_the_item_for_that_reader_alone(
    store: Store, database_url: str, processed_samples: list[Article], ana: Reader, ben: Reader
) -> None:
    copies = store_split(store, database_url, processed_samples)
    ids = {item["headline"]: item["id"] for item in listed(store, ana, copies=True)}
    assert store.states(ana).read([ids[copies[1].headline]], NOW) == 1
    assert all(item["read"] for item in nepal(listed(store, ana, copies=True)))
    assert nepal(listed(store, ana, unread=True)) == []
    assert not any(item["read"] for item in nepal(listed(store, ben, copies=True)))
    assert len(nepal(listed(store, ben, unread=True))) == 1
    unread_before = store.count(ArticleQuery(reader=ben, unread=True))
    # Ben cannot mark what he does not see: Ana's feed's copy changes nothing of his.
    assert store.states(ben).read([ids[copies[1].headline]], NOW) == 0
    assert store.count(ArticleQuery(reader=ben, unread=True)) == unread_before
    assert store.states(ana).unread([ids[copies[0].headline]], NOW) == 1
    assert not any(item["read"] for item in nepal(listed(store, ana, copies=True)))


def test_a_copy_that_arrives_after_its_item_was_read_arrives_read(
    store: Store, database_url: str, processed_samples: list[Article], ana: Reader
) -> None:
    copies = afp(processed_samples)
    store.add(copies[:2], feed_url=FEED_A)
    merge(store, database_url)
    [item] = nepal(listed(store, ana))
    store.states(ana).read([item["id"]], NOW)
    store.add(copies[2:], feed_url=FEED_A)
    merge(store, database_url)
    arrived = nepal(listed(store, ana, copies=True))
    assert len(arrived) == 4 and all(copy["read"] for copy in arrived)


def test_what_was_read_before_the_merge_found_it_a_copy_moves_to_its_item(
    store: Store, database_url: str, processed_samples: list[Article], ana: Reader
) -> None:
    copies = afp(processed_samples)
    store.add(copies, feed_url=FEED_A)  # stored, not merged yet: each copy its own item
    later = [item for item in listed(store, ana, copies=True) if item["headline"] == copies[3].headline]
    store.states(ana).read([later[0]["id"]], NOW)
    store.states(ana).star([later[0]["id"]], NOW)
    merge(store, database_url)
    [item] = nepal(listed(store, ana))
    assert item["read"] and item["starred"]
    assert store.count(ArticleQuery(reader=ana, starred=True)) == 1


def test_reading_all_leaves_what_arrived_after_the_page_unread(
    store: Store, database_url: str, processed_samples: list[Article], ana: Reader
) -> None:
    samples = others(processed_samples)
    store.add(samples[:5], first_seen=datetime(2026, 12, 5, 9, 0, tzinfo=UTC))
    store.add(samples[5:8], first_seen=datetime(2026, 12, 5, 11, 0, tzinfo=UTC))
    merge(store, database_url)
    assert store.states(ana).read_all(NOW, first_seen_by="2026-12-05T10:00:00Z") == 5
    # Unread: the later articles whose item began after 10:00 (a later copy of an earlier item
    # belongs to a read item).
    with store.engine.connect() as connection:
        began_later = connection.exec_driver_sql(
            "SELECT copy.headline FROM articles copy JOIN article_merge ON article_seq = copy.seq "
            "JOIN articles item ON item.seq = coalesce(copy_of, copy.seq) "
            "WHERE item.added_at > '2026-12-05T10:00:00Z'"
        ).scalars()
        expected = sorted(began_later)
    assert 0 < len(expected) <= 3
    assert sorted(item["headline"] for item in listed(store, ana, unread=True, copies=True)) == expected


def test_starring_is_kept_apart_from_reading_and_listed(
    store: Store, database_url: str, processed_samples: list[Article], ana: Reader
) -> None:
    store_split(store, database_url, processed_samples)
    first = listed(store, ana)[0]
    states = store.states(ana)
    assert states.star([first["id"]], NOW) == 1
    starred = listed(store, ana, starred=True)
    assert (
        [item["id"] for item in starred] == [first["id"]] and starred[0]["starred"] and not starred[0]["read"]
    )
    states.unstar([first["id"]], NOW)
    assert listed(store, ana, starred=True) == []


def test_a_storys_unread_count_falls_as_its_items_are_read(
    store: Store, database_url: str, processed_samples: list[Article], ana: Reader
) -> None:
    store_split(store, database_url, processed_samples)
    story_ids = [story["id"] for story in store.stories.ranked(24.0, limit=50).items]
    states = store.states(ana)
    before = states.unread_in_stories(story_ids)
    top = max(before, key=lambda story: before[story])
    assert before[top] > 1
    assert states.read_story(top, NOW) == before[top]
    after = states.unread_in_stories(story_ids)
    assert after == {story: count for story, count in before.items() if story != top}


def test_kept_unread_counts_move_with_the_readers_feeds(
    store: Store, database_url: str, processed_samples: list[Article], ana: Reader, ben: Reader
) -> None:
    # Counts are kept by the reader's state version (states.py's KeptCounts): following and
    # unfollowing must move it, as reading does, or a count would outlive what it counted.
    store_split(store, database_url, processed_samples)
    copy = nepal(listed(store, ana, copies=True))[0]["id"]
    story = store.stories.of_article(copy)
    assert story is not None
    cy = store.readers.add("Cy", "hash", NOW)
    states = store.states(cy)
    by_hand = states.unread_in_stories([story])[story]  # Cy follows neither feed
    store.subscriptions(cy).follow(FEED_A, NOW)
    assert states.unread_in_stories([story]) == {story: by_hand + 1}  # and the dispatch, one item
    store.states(cy).read_story(story, NOW)
    assert states.unread_in_stories([story]) == {}
    store.states(cy).unread([copy], NOW)
    assert states.unread_in_stories([story]) == {story: 1}
    store.subscriptions(cy).unfollow(FEED_A)
    assert states.unread_in_stories([story]) == {}


def hide_in_feed_b(store: Store, seqs: list[int]) -> None:
    """Record these articles as carried by feed B alone (taken from what was added by hand)."""
    with store._writing() as connection:
        link_articles(connection, store._dialect_insert(), FEED_B, seqs)


def test_stories_show_a_reader_the_reports_they_see_and_nothing_else(
    store: Store, database_url: str, processed_samples: list[Article], ana: Reader, ben: Reader
) -> None:
    copies = store_split(store, database_url, processed_samples)
    every = store.articles(ArticleQuery(limit=100, copies=True)).items
    stored = {item["headline"]: item["id"] for item in every}
    nepal_story = store.stories.of_article(stored[copies[0].headline])
    assert nepal_story is not None
    whole = store.story_document(nepal_story)
    anas = store.story_document(nepal_story, ana)
    assert whole is not None and anas is not None

    def ids(document: dict) -> set[str]:
        return {copy["id"] for outlet in document["outlet_list"] for copy in outlet["articles"]}

    through_b = {stored[copy.headline] for copy in copies[2:]}
    assert through_b <= ids(whole)
    assert ids(anas) == ids(whole) - through_b
    assert anas["articles"] == whole["articles"] - 2

    # A story of hand-added reports whose lead then turns out to come from feed B alone: Ana is
    # shown it by the first report of it she sees, never by the lead's headline or bite.
    def lead_and_members(story_id: str) -> tuple[Member, list[Member]]:
        listing, members = store.stories.get(story_id)  # type: ignore[misc]
        return next(member for member in members if member.seq == listing["lead_article_seq"]), members

    other = next(
        story
        for story in store.stories.ranked(24.0, limit=50).items
        if story["id"] != nepal_story
        and len({member.headline for member in lead_and_members(story["id"])[1]}) > 1
    )
    lead, members = lead_and_members(other["id"])
    hide_in_feed_b(store, [member.seq for member in members if member.headline == lead.headline])
    first_seen = next(member for member in members if member.headline != lead.headline)
    as_listed = {story["id"]: story for story in store.stories.ranked(24.0, limit=50, reader=ana).items}
    assert as_listed[other["id"]]["title"] == first_seen.headline
    assert store.story_listing(other["id"], ana)["title"] == first_seen.headline  # type: ignore[index]
    assert store.story_listing(other["id"], ben)["title"] == lead.headline  # type: ignore[index]

    # Once every report of it comes from feed B, Ana has no such story; Ben and the API's
    # listing as the local reader still do.
    hide_in_feed_b(store, [member.seq for member in members])
    assert store.story_document(other["id"], ana) is None
    assert store.story_listing(other["id"], ana) is None
    for listing_of in (
        lambda reader: store.stories.ranked(24.0, limit=50, reader=reader),
        lambda reader: store.stories.page(50, reader=reader),
    ):
        assert other["id"] not in {story["id"] for story in listing_of(ana).items}
        assert other["id"] in {story["id"] for story in listing_of(ben).items}
        assert other["id"] in {story["id"] for story in listing_of(None).items}
