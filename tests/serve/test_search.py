"""The search page says how many results it found and marks the words it matched, as text only."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from newsbite.config import Settings
from newsbite.model import Article
from newsbite.serve import create_app, reader
from newsbite.store import ArticleQuery, Store, StoredMerge, open_store
from tests.factories import make_article
from tests.serve.conftest import SERVER_URL

FOUND = re.compile(r'<p class="found" role="status">(.*?)</p>')


def test_search_says_how_many_results_it_found_in_all_its_pages(client: TestClient, store: Store) -> None:
    page = client.get("/search", params={"q": "harbour"}).text
    assert FOUND.findall(page) == ["25 results for “harbour”"]
    assert page.count('<li class="bite">') == 20  # the count is of every page, not this one
    assert store.count(ArticleQuery(q="story 4")) == 2  # story 4, and story 3's vote of 3 to 4
    assert FOUND.findall(client.get("/search", params={"q": "story 4"}).text) == ["2 results for “story 4”"]
    filtered = client.get("/search", params={"entity": "Per Holm", "place": "Uppsala"}).text
    assert FOUND.findall(filtered) == ["13 results"]
    assert FOUND.findall(client.get("/search", params={"q": "volcano"}).text) == ["0 results for “volcano”"]
    assert FOUND.findall(client.get("/search").text) == []  # nothing searched, nothing counted


def test_search_counts_dispatches_once_as_it_lists_them(samples: list[Article], database_url: str) -> None:
    store = open_store(database_url)
    store.add(samples)
    StoredMerge(store, Settings()).run()
    client = TestClient(create_app(Settings(), store), base_url=SERVER_URL)
    page = client.get("/search", params={"q": "glacial lake"}).text
    articles = store.count(ArticleQuery(q="glacial lake", copies=True))
    store.close()
    listed = page.count('<li class="bite">')
    assert 1 < listed < articles  # copies folded
    assert FOUND.findall(page) == [f"{listed} results for “glacial lake”"]


def test_search_counts_no_further_than_it_must(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MOST_COUNTED", 10)
    page = client.get("/search", params={"q": "harbour"}).text
    assert FOUND.findall(page) == ["More than 10 results for “harbour”"]


def test_search_marks_the_words_it_matched_in_headline_and_bite(client: TestClient) -> None:
    # "harbours" finds "harbour" on both backends (Porter on SQLite, Snowball English on PostgreSQL).
    page = client.get("/search", params={"q": "harbours rebuild"}).text
    assert '<h2><a href="/articles/' in page
    assert "><mark>Harbour</mark> story number 7</a></h2>" in page
    assert "about the <mark>harbour</mark>: the council" in page
    assert "on Tuesday to <mark>rebuild</mark> the pier" in page
    assert "<mark>council</mark>" not in page  # a word not searched for
    front = client.get("/").text
    assert "<mark>" not in front  # only a search marks


def test_a_matched_headline_with_markup_in_it_is_shown_escaped(client: TestClient, store: Store) -> None:
    hostile = replace(
        make_article(300, body="Glacier lake floods the valley below Kathmandu, officials said on Monday."),
        headline="Glacier <script>alert(1)</script> lake <img src=x onerror=alert(2)> floods",
    )
    store.add([hostile])
    page = client.get("/search", params={"q": "glacier floods"}).text
    assert FOUND.findall(page) == ["1 result for “glacier floods”"]
    assert (
        "<mark>Glacier</mark> &lt;script&gt;alert(1)&lt;/script&gt; lake "
        "&lt;img src=x onerror=alert(2)&gt; <mark>floods</mark></a></h2>"
    ) in page
    assert "<script>" not in page and "<img" not in page
