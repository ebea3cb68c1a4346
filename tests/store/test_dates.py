"""Dates the store can stand behind: an undated article is placed by when it was first seen, a
date more than a day after that is not believed, and stories take their times from dated reports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import ColumnClause, column, insert, select, table

from newsbite.config import Settings
from newsbite.model import Article
from newsbite.store import ArticleQuery, Store, StoredMerge, open_store, stored_id
from newsbite.store.engine import create_store_engine, upgrade
from newsbite.store.tables import articles, stories
from tests.factories import make_article

# The morning the tests' articles are read: 11:00 UTC.
MORNING = datetime(2026, 5, 12, 11, 0, tzinfo=UTC)
# After the samples' last event (October 2026).
SAMPLES_READ = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = open_store(database_url)
    yield opened
    opened.close()


def listed(store: Store) -> list[dict]:
    return store.articles(ArticleQuery(limit=50)).items


def test_an_undated_article_keeps_published_null_and_records_when_it_was_first_seen(store: Store) -> None:
    store.add([make_article(1, published=None)], first_seen=MORNING)
    [summary] = listed(store)
    assert summary["published"] is None
    assert summary["added_at"] == "2026-05-12T11:00:00Z"
    document = store.get(summary["id"])
    assert document["published"] is None and document["claimed_published"] is None
    assert document["added_at"] == "2026-05-12T11:00:00Z"


def test_a_date_more_than_a_day_after_first_seen_is_not_believed(store: Store) -> None:
    too_late = (MORNING + timedelta(days=1, minutes=1)).isoformat()
    just_in_time = (MORNING + timedelta(hours=23)).isoformat()  # an embargo, a time zone off
    store.add(
        [make_article(1, published=too_late), make_article(2, published=just_in_time)], first_seen=MORNING
    )
    disbelieved = store.get(stored_id(make_article(1)))
    assert disbelieved["published"] is None
    assert disbelieved["claimed_published"] == too_late  # kept, as the source gave it
    assert store.get(stored_id(make_article(2)))["published"] == just_in_time
    # Treated as undated: placed by when it was first seen, below the article it claimed to follow.
    assert [item["published"] for item in listed(store)] == [just_in_time, None]
    assert store.count(ArticleQuery(since=MORNING.date() + timedelta(days=1))) == 1


def test_a_date_that_is_no_date_is_not_believed(store: Store) -> None:
    store.add([make_article(1, published="Tuesday morning")], first_seen=MORNING)
    document = store.get(stored_id(make_article(1)))
    assert document["published"] is None and document["claimed_published"] == "Tuesday morning"


def test_lists_order_by_published_time_else_first_seen_whenever_each_was_stored(store: Store) -> None:
    # Read at 08:00 with no date of its own: it was published at 08:00 at the latest.
    store.add([make_article(1, published=None)], first_seen=MORNING - timedelta(hours=3))
    # Claims a date next week, so it is placed by when it was read, at 09:00.
    store.add(
        [make_article(2, published="2026-05-19T09:00:00+00:00")], first_seen=MORNING - timedelta(hours=2)
    )
    # Both read at 11:00: one published an hour ago, one at 07:00.
    store.add(
        [
            make_article(3, published="2026-05-12T12:00:00+02:00"),
            make_article(4, published="2026-05-12T07:00:00Z"),
        ],
        first_seen=MORNING,
    )
    # The undated article read this morning does not outrank one published an hour ago, and an
    # article read later does not outrank one it was published before.
    order = [item["headline"] for item in listed(store)]
    assert order == [f"Harbour story number {n}" for n in (3, 2, 1, 4)]


def test_an_update_keeps_when_the_article_was_first_seen(store: Store) -> None:
    two_days_ago = MORNING - timedelta(days=2)
    store.add([make_article(1, published=None), make_article(3, published=None)], first_seen=two_days_ago)
    store.add([make_article(2, published="2026-05-11T09:00:00Z")], first_seen=MORNING)
    # Corrections read this morning: one still undated, one now dated a day and a half after the
    # article was first seen (though before this morning).
    corrected = make_article(1, published=None, body="Corrected: the council voted to repair the pier.")
    dated_late = make_article(3, published="2026-05-11T23:00:00Z", body="Updated: the pier reopens in June.")
    store.add([corrected, dated_late], first_seen=MORNING)
    [first, *updated] = listed(store)
    assert first["headline"] == "Harbour story number 2"  # neither update moved ahead of it
    assert [item["added_at"] for item in updated] == ["2026-05-10T11:00:00Z"] * 2
    assert [item["published"] for item in updated] == [None, None]
    assert {store.get(item["id"])["added_at"] for item in updated} == {"2026-05-10T11:00:00Z"}


def test_a_story_is_as_old_as_its_dated_reports_not_as_its_undated_copies(
    samples: list[Article], store: Store
) -> None:
    # The samples' text dumps have no date; every story has dated reports too.
    store.add(samples, first_seen=SAMPLES_READ)
    StoredMerge(store, Settings()).run()
    page = store.stories.page(limit=10).items
    assert len(page) == 5
    undated = 0
    for story in page:
        document = store.story_document(story["id"])
        copies = [copy for outlet in document["outlet_list"] for copy in outlet["articles"]]
        dated = [copy["time"] for copy in copies if copy["published"]]
        undated += len(copies) - len(dated)
        assert story["time_basis"] == "published"
        assert (story["first_time"], story["last_time"]) == (min(dated), max(dated))
        for entry in document["timeline"]:
            reports = [entry["canonical"], *entry["copies"]]
            dated_item = any(report["published"] for report in reports)
            assert entry["time_basis"] == ("published" if dated_item else "first_seen")
    assert undated == 8


def test_an_undated_copy_of_a_dated_dispatch_is_placed_at_the_dispatchs_date(
    samples: list[Article], store: Store
) -> None:
    store.add(samples, first_seen=SAMPLES_READ)
    StoredMerge(store, Settings()).run()
    placed = 0
    for story in store.stories.page(limit=10).items:
        for entry in store.story_document(story["id"])["timeline"]:
            if entry["time_basis"] == "published":
                undated = [r for r in (entry["canonical"], *entry["copies"]) if not r["published"]]
                assert [report["time"] for report in undated] == [entry["time"]] * len(undated)
                placed += len(undated)
    assert placed == 6  # the wire copies; the two outlets' own undated reports have no dated copy
    # So a listing, one entry per dispatch, opens with those two alone, labelled by when first seen.
    listing = store.articles(ArticleQuery(limit=50)).items
    assert [item["published"] for item in listing[:2]] == [None, None]
    assert all(item["published"] for item in listing[2:])


def test_a_story_of_undated_reports_says_its_times_are_first_seen(store: Store) -> None:
    store.add([make_article(1, published=None)], first_seen=MORNING)
    StoredMerge(store, Settings()).run()
    [story] = store.stories.page().items
    assert story["time_basis"] == "first_seen"
    assert story["first_time"] == story["last_time"] == "2026-05-12T11:00:00Z"
    [entry] = store.story_document(story["id"])["timeline"]
    assert (entry["time"], entry["time_basis"]) == ("2026-05-12T11:00:00Z", "first_seen")


def test_migration_0006_places_old_rows_by_believed_dates_and_first_seen(database_url: str) -> None:
    engine = create_store_engine(database_url)
    upgrade(engine, "0005")
    seen = "2026-05-10T12:00:00Z"
    rows = [
        # Undated, then updated by the old code, which moved it (and its document) to the update.
        _old_row(
            1, None, sort_time="2026-05-12T09:00:00Z", added_at=seen, document_added_at="2026-05-12T09:00:00Z"
        ),
        # A date three weeks after it was read.
        _old_row(2, "2026-06-01T08:00:00+00:00", sort_time="2026-06-01T08:00:00Z", added_at=seen),
        _old_row(3, "2026-05-09T08:00:00+02:00", sort_time="2026-05-09T06:00:00Z", added_at=seen),
        _old_row(4, None, sort_time=seen, added_at=seen),
        _old_row(5, None, sort_time=seen, added_at=seen),  # an undated copy of the third
    ]
    story_rows = [
        _old_story(
            1, "2026-05-09T06:00:00Z", "2026-06-01T08:00:00Z", "2026-06-01T08:00:00+00:00", articles=4
        ),
        _old_story(2, seen, seen, None, articles=1),
    ]
    placements = [_placement(1, 1), _placement(2, 1), _placement(3, 1), _placement(4, 2), _placement(5, 1, 3)]
    with engine.begin() as connection:
        connection.execute(insert(table("articles", *_columns(rows))), rows)
        connection.execute(insert(table("stories", *_columns(story_rows))), story_rows)
        connection.execute(insert(table("article_merge", *_columns(placements))), placements)
    engine.dispose()

    store = open_store(database_url)
    by_id = {item["id"]: item for item in store.articles(ArticleQuery(limit=50, copies=True)).items}
    assert by_id["0000000000000002"]["published"] is None
    assert store.get("0000000000000002")["claimed_published"] == "2026-06-01T08:00:00+00:00"
    assert store.get("0000000000000001")["added_at"] == seen
    assert store.get("0000000000000003")["published"] == "2026-05-09T08:00:00+02:00"
    with store.engine.connect() as connection:
        sort_times = dict(connection.execute(select(articles.c.id, articles.c.sort_time)).all())
        story_columns = connection.execute(
            select(stories.c.id, stories.c.first_time, stories.c.last_time, stories.c.time_basis).order_by(
                stories.c.seq
            )
        ).all()
        [clock] = connection.execute(select(stories.c.published_until).where(stories.c.seq == 1)).scalars()
    assert sort_times["0000000000000001"] == sort_times["0000000000000002"] == seen
    assert sort_times["0000000000000003"] == sort_times["0000000000000005"] == "2026-05-09T06:00:00Z"
    assert [tuple(row) for row in story_columns] == [
        ("000000000000000a", "2026-05-09T06:00:00Z", "2026-05-09T06:00:00Z", "published"),
        ("000000000000000b", seen, seen, "first_seen"),
    ]
    assert clock == "2026-05-09T06:00:00+00:00"
    store.close()


def _old_row(
    number: int, published: str | None, *, sort_time: str, added_at: str, document_added_at: str | None = None
) -> dict:
    article_id = f"{number:016x}"
    document = {"id": article_id, "headline": f"Story {number}", "published": published}
    document["added_at"] = document_added_at or added_at
    return {
        "seq": number,
        "id": article_id,
        "key": f"https://harbourherald.example/news/{number}",
        "content_hash": f"{number:064x}",
        "headline": f"Story {number}",
        "published": published,
        "sort_time": sort_time,
        "added_at": added_at,
        "bite": json.dumps({"method": None, "sentences": [], "sentence_ids": [], "key_points": []}),
        "document": json.dumps(document),
    }


def _old_story(number: int, first: str, last: str, clock: str | None, *, articles: int) -> dict:
    return {
        "seq": number,
        "id": f"{number + 9:016x}",
        "articles": articles,
        "items": articles,
        "sources": 1,
        "outlets": 1,
        "first_time": first,
        "last_time": last,
        "published_until": clock,
        "term_ids": b"",
        "weights": b"",
    }


def _placement(article_seq: int, story_seq: int, copy_of: int | None = None) -> dict:
    return {
        "article_seq": article_seq,
        "story_seq": story_seq,
        "copy_of": copy_of,
        "signature": b"",
        "shingles": 1,
    }


def _columns(rows: list[dict]) -> list[ColumnClause]:
    return [column(name) for name in rows[0]]
