"""The store's behaviour, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import multiprocessing
import zlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import column, insert, select, table, text

from newsbite.config import Settings
from newsbite.schema import article_to_dict
from newsbite.store import AddOutcome, ArticleQuery, DatabaseURLError, InvalidCursor, StoreError, open_store
from newsbite.store.engine import create_store_engine, upgrade
from newsbite.store.tables import articles
from tests.factories import make_article


def test_ingesting_the_same_articles_twice_changes_nothing(database_url: str) -> None:
    store = open_store(database_url)
    batch = [make_article(n) for n in range(5)]
    assert store.add(batch) == [AddOutcome.ADDED] * 5
    first = [store.get(item["id"]) for item in store.articles(ArticleQuery(limit=10)).items]
    assert store.add(batch) == [AddOutcome.UNCHANGED] * 5
    assert store.count() == 5
    assert [store.get(item["id"]) for item in store.articles(ArticleQuery(limit=10)).items] == first


def test_the_same_url_with_tracking_parameters_is_the_same_article(database_url: str) -> None:
    store = open_store(database_url)
    store.add([make_article(1, url="https://harbourherald.example/news/1")])
    again = make_article(1, url="HTTPS://HarbourHerald.example/news/1?utm_medium=rss")
    assert store.add([again]) == [AddOutcome.UNCHANGED]
    assert store.count() == 1


def test_an_article_without_url_is_known_by_its_body(database_url: str) -> None:
    store = open_store(database_url)
    store.add([make_article(1, url=None)])
    reformatted = make_article(1, url=None, body=None)
    reformatted.sections[0].paragraphs[0] = "  " + reformatted.sections[0].paragraphs[0].replace(" ", "\n ")
    assert store.add([reformatted]) == [AddOutcome.UNCHANGED]
    assert store.add([make_article(2, url=None)]) == [AddOutcome.ADDED]


def test_a_changed_article_at_the_same_url_is_updated_in_place(database_url: str) -> None:
    store = open_store(database_url)
    [outcome] = store.add([make_article(1, entity="Anna Lindqvist")])
    assert outcome is AddOutcome.ADDED
    corrected = make_article(
        1, body="Corrected: the council voted to repair the pier, Per Holm said.", entity="Per Holm"
    )
    assert store.add([corrected]) == [AddOutcome.UPDATED]
    assert store.count() == 1
    [item] = store.articles(ArticleQuery()).items
    assert store.get(item["id"])["sections"][0]["paragraphs"][0].startswith("Corrected")
    assert store.count(ArticleQuery(q="repair")) == 1
    assert store.count(ArticleQuery(q="Tuesday")) == 0  # the first version's words are forgotten
    assert store.count(ArticleQuery(entity="Per Holm")) == 1
    assert store.count(ArticleQuery(entity="Anna Lindqvist")) == 0


def test_cursor_paging_visits_every_article_once_newest_first(database_url: str) -> None:
    store = open_store(database_url)
    store.add([make_article(n) for n in range(23)])
    seen, cursor = [], None
    while True:
        page = store.articles(ArticleQuery(limit=5, cursor=cursor))
        seen.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(seen) == 23
    assert len({item["id"] for item in seen}) == 23
    times = [item["published"] for item in seen]
    assert times == sorted(times, reverse=True)
    assert all(item["bite"]["sentences"] for item in seen)


def test_a_forged_cursor_is_refused(database_url: str) -> None:
    store = open_store(database_url)
    with pytest.raises(InvalidCursor):
        store.articles(ArticleQuery(cursor="not-a-cursor"))


def test_full_text_search_finds_words_in_headline_and_body(database_url: str) -> None:
    store = open_store(database_url)
    store.add(
        [make_article(1), make_article(2, body="Wildfire smoke closed the airport at Kiruna for a day.")]
    )
    [hit] = store.articles(ArticleQuery(q="wildfire airport")).items
    assert "Kiruna" in json.dumps(store.get(hit["id"]))
    assert store.count(ArticleQuery(q="pier")) == 1
    assert store.count(ArticleQuery(q="story number")) == 2
    assert store.count(ArticleQuery(q="volcano")) == 0
    for hostile in ['"unbalanced', "NEAR(a b", "a OR", "*", "-", "' OR 1=1 --", "\x00"]:
        store.articles(ArticleQuery(q=hostile))  # answers, whatever it finds


def test_filters_by_entity_place_agency_publisher_and_dates(database_url: str) -> None:
    store = open_store(database_url)
    store.add(
        [
            make_article(1, entity="Anna Lindqvist", place="Uppsala", published="2026-05-01T10:00:00+00:00"),
            make_article(
                2, entity="Per Holm", place="Malmo", agency="Reuters", published="2026-05-03T10:00:00+02:00"
            ),
            make_article(3, publisher="coastlinecourier.example", agency=None, published="2026-05-05"),
        ]
    )
    assert store.count(ArticleQuery(entity="anna lindqvist")) == 2
    assert store.count(ArticleQuery(place="Malmo")) == 1
    assert store.count(ArticleQuery(agency="reuters")) == 1
    assert store.count(ArticleQuery(publisher="coastlinecourier.example")) == 1
    assert store.count(ArticleQuery(since=date(2026, 5, 3))) == 2
    assert store.count(ArticleQuery(until=date(2026, 5, 3))) == 2
    assert store.count(ArticleQuery(since=date(2026, 5, 2), until=date(2026, 5, 4), agency="Reuters")) == 1


def test_entities_and_places_are_counted_by_article(database_url: str) -> None:
    store = open_store(database_url)
    store.add([make_article(n, entity="Anna Lindqvist" if n < 3 else "Per Holm") for n in range(5)])
    entities = store.entities()
    assert entities[0] == {"name": "Anna Lindqvist", "label": "PERSON", "articles": 3}
    assert entities[1]["name"] == "Per Holm"
    assert [e["name"] for e in store.entities(prefix="per")] == ["Per Holm"]
    [place] = store.places()
    assert place["name"] == "Uppsala" and place["articles"] == 5 and place["lat"] == pytest.approx(59.86)


def test_migration_from_the_first_schema_keeps_rows_and_indexes_them(database_url: str) -> None:
    engine = create_store_engine(database_url)
    upgrade(engine, "0001")
    old = make_article(
        7, body="Before the upgrade the ferry to Gotland ran twice a day, Anna Lindqvist said."
    )

    document = article_to_dict(old)
    document["id"] = "0123456789abcdef"
    articles_0001 = table(
        "articles",
        *(column(name) for name in ("id", "key", "content_hash", "url", "headline", "publisher")),
        *(column(name) for name in ("published", "sort_time", "added_at", "bite", "document")),
    )
    with engine.begin() as connection:
        connection.execute(
            insert(articles_0001).values(
                id="0123456789abcdef",
                key="https://harbourherald.example/news/7",
                content_hash="0" * 64,
                url="https://harbourherald.example/news/7",
                headline=old.headline,
                publisher=old.publisher,
                published=old.published,
                sort_time="2026-05-08T07:00:00Z",
                added_at="2026-05-08T07:00:00Z",
                bite=json.dumps(document["bite"]),
                document=json.dumps(document),
            )
        )
    engine.dispose()

    store = open_store(database_url)
    assert store.count() == 1
    assert store.get("0123456789abcdef")["headline"] == old.headline
    assert store.count(ArticleQuery(q="ferry Gotland")) == 1
    assert store.count(ArticleQuery(entity="Anna Lindqvist")) == 1
    assert store.count(ArticleQuery(place="uppsala")) == 1
    assert store.add([make_article(8)]) == [AddOutcome.ADDED]
    # The migrated article's words are indexed as the store itself indexes them: an update
    # replaces them cleanly.
    revised = make_article(7, body="After the upgrade the ferry to Visby runs hourly, Per Holm said.")
    assert store.add([revised]) == [AddOutcome.UPDATED]
    assert store.count(ArticleQuery(q="Gotland")) == 0
    assert store.count(ArticleQuery(q="ferry Visby")) == 1


def _write_range(database_url: str, numbers: list[int]) -> list[str]:
    store = open_store(database_url)
    outcomes = []
    for start in range(0, len(numbers), 5):
        outcomes += [o.value for o in store.add([make_article(n) for n in numbers[start : start + 5]])]
    store.close()
    return outcomes


def test_two_concurrent_writers_store_every_article_exactly_once(database_url: str) -> None:
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        first, second = pool.starmap(
            _write_range, [(database_url, list(range(0, 60))), (database_url, list(range(30, 90)))]
        )
    store = open_store(database_url)
    assert store.count() == 90
    assert first.count("added") + second.count("added") == 90
    assert first.count("unchanged") + second.count("unchanged") == 30
    ids = [item["id"] for item in store.articles(ArticleQuery(limit=200)).items]
    assert len(ids) == len(set(ids)) == 90


def test_a_bad_database_url_is_named_in_the_error() -> None:
    with pytest.raises(DatabaseURLError, match="mysql://"):
        open_store("mysql://somewhere/db")
    with pytest.raises(DatabaseURLError, match="not a database URL"):
        open_store("not a url")


def test_an_unreachable_server_is_a_store_error_without_the_password() -> None:
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://newsbite:s3cret@127.0.0.1:1/newsbite?connect_timeout=2")
    assert "s3cret" not in str(caught.value)
    assert "127.0.0.1:1" in str(caught.value)


def test_sqlite_keeps_documents_compressed_and_reads_older_zlib_and_plain_ones(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    store.add([make_article(1)])
    with store.engine.connect() as connection:
        stored, article_id = connection.execute(text("SELECT document, id FROM articles")).one()
        assert isinstance(stored, bytes) and stored[:4] == b"\x28\xb5\x2f\xfd"  # a zstd frame
        plain = json.dumps(store.get(article_id))
        for older in (zlib.compress(plain.encode()), plain):  # as 0002 and 0001 wrote them
            connection.execute(text("UPDATE articles SET document = :older"), {"older": older})
            connection.commit()
            assert store.get(article_id)["headline"] == "Harbour story number 1"


def test_the_words_an_update_forgets_are_the_words_that_were_indexed() -> None:
    # SQLite's contentless index forgets an article only when told exactly the words it indexed:
    # those re-read from the stored document must equal those indexed when it was stored.
    import zstandard

    from newsbite.clean import clean_document
    from newsbite.cli.ingest import sample_inputs
    from newsbite.ingest import read_inputs
    from newsbite.model import Document
    from newsbite.store.store import _dump_document, _search_text, _stored_search_text

    documents = [
        d for d in read_inputs([str(p) for p in sample_inputs()], Settings()) if isinstance(d, Document)
    ]
    articles = [clean_document(document) for document in documents]
    articles.append(make_article(1, body="A line with a NUL\x00 in it.\n\nAnd a second paragraph."))
    articles[-1].headline = None
    for article in articles:
        stored = _dump_document(article_to_dict(article), zstandard.ZstdCompressor())
        indexed = _search_text(article.headline, article.paragraphs)
        assert _stored_search_text(article.headline, stored) == indexed, article.origin


def test_a_search_counts_what_its_listing_lists_up_to_the_most_asked(database_url: str) -> None:
    store = open_store(database_url)
    store.add([make_article(n, place="Malmo" if n % 2 else "Uppsala") for n in range(12)])
    for query in (ArticleQuery(q="story 4"), ArticleQuery(q="harbour", place="Malmo"), ArticleQuery(q="!!")):
        listed = store.articles(replace(query, limit=200)).items
        assert store.count_up_to(query, 100) == len(listed) == store.count(query), query
    assert store.count_up_to(ArticleQuery(q="harbour"), 100) == 12
    assert store.count_up_to(ArticleQuery(q="harbour"), 5) == 5  # words alone: counted in the index
    assert store.count_up_to(ArticleQuery(q="harbour", place="Uppsala"), 5) == 5
    # Counts are kept by what moves when they change (states.py's content_mark): one more match
    # stored is counted at once.
    store.add([make_article(12, place="Malmo")])
    assert store.count_up_to(ArticleQuery(q="harbour"), 100) == 13
    assert store.count_up_to(ArticleQuery(q="harbour", place="Malmo"), 100) == 7
    store.close()


def test_a_common_words_search_lists_exactly_what_it_matches_newest_first(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite reads a common word's matches among the newest articles apart from the rest (store.py's
    # RECENT_WINDOW); shrunk here so that a small store has a window, pages reach past it, and an
    # old article updated to a new date (a low seq at a new time) must still be found in it.
    monkeypatch.setattr("newsbite.store.store.FEW_MATCHES", 3)
    monkeypatch.setattr("newsbite.store.store.RECENT_WINDOW", 7)
    monkeypatch.setattr("newsbite.store.store.MANY_MATCHES", 5)
    store = open_store(database_url)
    made = [
        make_article(n, body=f"Story {n} on the pier{', dredging' if n % 3 else ''}, the council said.")
        for n in range(30)
    ]
    store.add(made)
    # The search's window is read before the query runs: an update in between must not hide a row.
    newest_first_query = (
        store._filtered(select(articles.c.headline).select_from(articles), ArticleQuery(q="dredging"))
        .order_by(articles.c.sort_time.desc(), articles.c.seq.desc())
        .limit(3)
    )
    corrected = make_article(1, body="Story 1 on the pier, dredging, the council said on Monday.")
    assert store.add([replace(corrected, published="2026-06-30T12:00:00+00:00")]) == [AddOutcome.UPDATED]
    with store.engine.connect() as connection:
        assert connection.execute(newest_first_query).scalars().first() == "Harbour story number 1"

    def number(item: dict) -> int:
        return int(item["headline"].rsplit(" ", 1)[1])

    newest_first = [number(item) for item in store.articles(ArticleQuery(limit=100, copies=True)).items]
    assert newest_first[0] == 1 and len(newest_first) == 30
    for word, wanted in (("pier", newest_first), ("dredging", [n for n in newest_first if n % 3])):
        listed, cursor = [], None
        while True:
            page = store.articles(ArticleQuery(q=word, limit=4, cursor=cursor, copies=True))
            listed += [number(item) for item in page.items]
            if not (cursor := page.next_cursor):
                break
        assert listed == wanted, word
    store.close()


def test_postgresql_sessions_run_without_jit_and_keep_the_urls_own_options() -> None:
    from tests.postgresql import SCHEMA, admin, empty_postgresql_schema

    store = open_store(empty_postgresql_schema())
    try:
        with store.engine.connect() as connection:
            assert connection.execute(text("SHOW jit")).scalar_one() == "off"
            assert SCHEMA in connection.execute(text("SHOW search_path")).scalar_one()
    finally:
        store.close()
        admin(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
