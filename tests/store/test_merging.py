"""The merge stage over the store: copies folded and stories kept across restarts and writers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from newsbite.config import Settings
from newsbite.merge.lineage import items
from newsbite.merge.stream import Merger
from newsbite.model import Article
from newsbite.store import Store, StoredMerge, open_store, stored_id
from newsbite.store.tables import article_merge, articles, stories
from tests.wire_samples import WIRE_STORIES, sample_name


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = open_store(database_url)
    yield opened
    opened.close()


def placements(store: Store) -> dict[str, tuple[str | None, str]]:
    """Each stored article's id: (the id of the article it copies, its story's id)."""
    copied = articles.alias("copied")
    statement = (
        select(articles.c.id, copied.c.id, stories.c.id)
        .join(article_merge, article_merge.c.article_seq == articles.c.seq)
        .join(stories, stories.c.seq == article_merge.c.story_seq)
        .outerjoin(copied, copied.c.seq == article_merge.c.copy_of)
    )
    with store.engine.connect() as connection:
        return {article: (original, story) for article, original, story in connection.execute(statement)}


def in_memory(samples: list[Article]) -> dict[str, tuple[str | None, str]]:
    merger = Merger()
    found = {}
    for article in samples:
        placement = merger.add(stored_id(article), article)
        found[placement.id] = (placement.duplicate_of, placement.story)
    return found


def test_stored_merge_equals_the_in_memory_merge_across_a_restart(
    samples: list[Article],
    database_url: str,
) -> None:
    half = len(samples) // 2
    first = open_store(database_url)
    first.add(samples[:half])
    assert first.stories.pending() == half
    assert StoredMerge(first, Settings()).run() == half
    first.close()

    again = open_store(database_url)  # a new process: everything read back from the store
    again.add(samples[half:])
    assert StoredMerge(again, Settings()).run() == len(samples) - half
    assert again.stories.pending() == 0
    assert placements(again) == in_memory(samples)
    again.close()


def test_two_writers_taking_turns_see_what_the_other_merged(samples: list[Article], store: Store) -> None:
    writers = [StoredMerge(store, Settings()), StoredMerge(store, Settings())]
    for number, article in enumerate(samples):
        store.add([article])
        writers[number % 2].run()
    assert placements(store) == in_memory(samples)


def test_wire_copies_make_one_item_and_count_as_one_source(samples: list[Article], store: Store) -> None:
    store.add(samples)
    StoredMerge(store, Settings()).run()
    found = placements(store)
    by_name = {sample_name(article): stored_id(article) for article in samples}
    for names in WIRE_STORIES.values():
        ids = [by_name[name] for name in names]
        originals = {found[i][0] or i for i in ids}
        assert len(originals) == 1, names  # one item
        assert len({found[i][1] for i in ids}) == 1  # one story

    flood = by_name["afp_nepal_glacial_flood_newsbite.txt"]
    listing, members = store.stories.get(found[flood][1]) or ({}, [])
    grouped = items(members)
    afp_items = [item for item in grouped if item.lineage == "AFP"]
    assert afp_items and all(len(item.copies) >= 2 for item in afp_items)
    assert listing["articles"] == len(members) > listing["items"] == len(grouped)
    assert listing["sources"] == len({item.lineage.casefold() for item in grouped}) < listing["items"]
    assert listing["outlets"] >= len(WIRE_STORIES["AFP flood"])


def test_a_story_reads_with_its_timeline_outlets_and_traceable_claims(
    samples: list[Article], store: Store
) -> None:
    store.add(samples)
    StoredMerge(store, Settings()).run()
    page = store.stories.page(limit=50)
    assert 5 <= len(page.items) < len(samples)
    # One outlet named two ways (a record's "Coastline Courier", a page's host) is one source.
    assert all(listed["sources"] <= listed["outlets"] for listed in page.items)
    biggest = max(page.items, key=lambda story: story["articles"])
    story = store.story_document(biggest["id"])
    assert story is not None and story["title"]
    assert story["bite"]["sentences"] == (store.get(story["lead_article"]) or {})["bite"]["sentences"]
    copies = [copy["id"] for entry in story["timeline"] for copy in [entry["canonical"], *entry["copies"]]]
    assert sorted(copies) == sorted(a["id"] for outlet in story["outlet_list"] for a in outlet["articles"])
    assert len(copies) == story["articles"]
    times = [entry["time"] for entry in story["timeline"]]
    assert times == sorted(times)
    assert store.story_document("no-such-story") is None


def test_stories_page_newest_first_without_repeats(samples: list[Article], store: Store) -> None:
    store.add(samples)
    StoredMerge(store, Settings()).run()
    seen, cursor = [], None
    while True:
        page = store.stories.page(limit=2, cursor=cursor)
        seen += page.items
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len({story["id"] for story in seen}) == len(seen) == store.stories.count()
    assert [story["last_time"] for story in seen] == sorted((s["last_time"] for s in seen), reverse=True)


def _made(number: int, words: str, publisher: str) -> Article:
    from newsbite.model import Section

    body = [f"{words} {words}.", f"{words}, officials said on Monday."]
    return Article(
        id=f"m{number}",
        origin=f"test:{number}",
        headline=words.split(",")[0],
        sections=[Section(None, body)],
        publisher=publisher,
        published=f"2026-05-0{number}T09:00:00+00:00",
        url=f"https://{publisher}/{number}",
    )


FIRE = "warehouse fire Riverton district crews battled flames overnight smoke"
EVACUATION = "evacuation order Kellerman valley residents shelters buses school gymnasium"


def test_stories_an_article_shows_to_be_one_are_merged_and_the_old_id_still_leads_there(
    store: Store,
) -> None:
    fire, evacuation = _made(1, FIRE, "one.example"), _made(2, EVACUATION, "two.example")
    store.add([fire, evacuation])
    StoredMerge(store, Settings()).run()
    old_ids = {store.stories.of_article(stored_id(article)) for article in (fire, evacuation)}
    assert len(old_ids) == 2 == store.stories.count()

    # Both at once, in words of its own (not a copy of either): they are one event.
    mixed = zip(FIRE.split(), reversed(EVACUATION.split()), strict=True)
    store.add([_made(3, " ".join(word for pair in mixed for word in pair), "three.example")])
    StoredMerge(store, Settings()).run()  # a new process: the state is read back first
    [story] = store.stories.page().items
    assert store.stories.count() == 1
    assert story["articles"] == 3 and story["outlets"] == 3 and story["id"] in old_ids
    assert len({story_id for _, story_id in placements(store).values()}) == 1
    for old_id in old_ids:  # the story merged away still leads to the one it went into
        assert (store.stories.get(str(old_id)) or ({}, []))[0]["id"] == story["id"]

    again = StoredMerge(store, Settings())
    store.add([_made(4, EVACUATION.replace("school", "church"), "four.example")])
    again.run()  # restored with the merge: the later report joins the merged story
    assert store.stories.count() == 1 and store.stories.page().items[0]["articles"] == 4


def test_a_pass_that_fails_midway_leaves_nothing_half_merged(
    samples: list[Article], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsbite.store.stories import MergeSession

    merge = StoredMerge(store, Settings())
    store.add(samples[:10])
    merge.run()
    store.add(samples[10:])

    def broken(self: MergeSession, rows: list[dict[str, object]]) -> None:
        raise RuntimeError("the disk is full")

    with monkeypatch.context() as patched:
        patched.setattr(MergeSession, "place", broken)
        with pytest.raises(RuntimeError):
            merge.run()
    assert store.stories.pending() == len(samples) - 10  # rolled back: still to merge
    merge.run()  # the same object again: it must not trust what it held in memory
    assert placements(store) == in_memory(samples)
