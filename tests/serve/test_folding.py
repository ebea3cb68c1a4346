"""Copies folded everywhere, stories first (issue 19): over the bundled samples stored and merged as
`newsbite run` does, each wire dispatch shows once in every listing, with the outlets that ran it,
and the front page is the samples' events ranked by coverage."""

from __future__ import annotations

import math
from datetime import datetime

import feedparser
import pytest
from fastapi.testclient import TestClient

from newsbite.config import Settings
from newsbite.serve import create_app
from newsbite.store import ArticleQuery, Store
from tests.serve.conftest import SERVER_URL

# The samples' AFP dispatch on the Nepal flood, as four outlets headlined it.
AFP_NEPAL = (
    "Nepal glacial lake flood leaves nine dead, dozens missing",
    "Glacial lake bursts in Nepal Himalayas, dozens missing",
    "Nepal: glacial lake bursts, at least nine dead and 46 missing",
    "Himalayan flood: nine dead, 46 missing after glacial lake bursts in Nepal",
)


@pytest.fixture
def reader(merged_samples: Store) -> TestClient:
    return TestClient(create_app(Settings(), merged_samples), base_url=SERVER_URL)


def afp_copies(items: list[dict]) -> int:
    return sum(item["headline"] in AFP_NEPAL for item in items)


def headlines_in(page: str) -> int:
    unmarked = page.replace("<mark>", "").replace("</mark>", "")  # a search marks the words it matched
    return sum(unmarked.count(headline) for headline in AFP_NEPAL)


def test_the_store_lists_each_dispatch_once_with_every_outlet_that_ran_it(merged_samples: Store) -> None:
    folded = merged_samples.articles(ArticleQuery(limit=100)).items
    every = merged_samples.articles(ArticleQuery(limit=100, copies=True)).items
    assert len(every) == merged_samples.count(ArticleQuery(copies=True)) > len(folded)
    assert len(folded) == merged_samples.count()
    assert afp_copies(every) == 4 and afp_copies(folded) == 1
    [nepal] = [item for item in folded if item["headline"] in AFP_NEPAL]
    assert len(nepal["outlets"]) == 4
    assert len({item["id"] for item in folded}) == len(folded)


def test_folded_pages_neither_repeat_nor_skip_an_item(merged_samples: Store) -> None:
    seen: list[str] = []
    cursor = None
    while True:
        page = merged_samples.articles(ArticleQuery(limit=3, cursor=cursor))
        seen += [item["id"] for item in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    whole = [item["id"] for item in merged_samples.articles(ArticleQuery(limit=100)).items]
    assert seen == whole


def test_the_api_folds_copies_and_gives_every_copy_when_asked(reader: TestClient) -> None:
    folded = reader.get("/api/v1/articles", params={"limit": 100}).json()["items"]
    every = reader.get("/api/v1/articles", params={"limit": 100, "copies": "all"}).json()["items"]
    assert afp_copies(folded) == 1 and afp_copies(every) == 4
    assert reader.get("/api/v1/articles", params={"copies": "some"}).status_code == 422


def test_search_place_and_entity_pages_and_the_feed_show_the_dispatch_once(reader: TestClient) -> None:
    for path in ("/search?q=glacial", "/places/Nepal", "/latest"):
        page = reader.get(path).text
        assert headlines_in(page) == 1, path
        assert "Run by 4 outlets" in page, path
    feed = feedparser.parse(reader.get("/feeds/rss.xml").content)
    assert sum(entry.title in AFP_NEPAL for entry in feed.entries) == 1


def test_the_front_page_is_the_samples_five_events_each_once_with_its_coverage(reader: TestClient) -> None:
    page = reader.get("/").text
    assert page.count('<li class="bite">') == 5
    assert page.count("/stories/") == 5
    assert "sources · " in page and "outlets" in page
    assert 'href="/latest"' in page


def test_a_source_page_lists_what_one_outlet_ran_and_listings_link_to_it(reader: TestClient) -> None:
    latest = reader.get("/latest").text
    assert 'href="/sources/theaustralian.com.au"' in latest
    page = reader.get("/sources/theaustralian.com.au")
    assert page.status_code == 200
    assert "What theaustralian.com.au ran" in page.text
    assert headlines_in(page.text) == 1  # its own copy of the AFP dispatch
    assert reader.get("/sources/nobody.example").status_code == 404


@pytest.mark.parametrize("half_life", [1.0, 24.0, 10_000.0])
def test_stories_are_ranked_by_coverage_less_age_in_half_lives(
    merged_samples: Store, half_life: float
) -> None:
    ranked = merged_samples.stories.ranked(half_life, limit=50).items

    def importance(story: dict) -> float:
        latest = datetime.fromisoformat(story["last_time"].replace("Z", "+00:00")).timestamp() / 3600
        return math.log2(1 + story["sources"] + story["outlets"]) + latest / half_life

    scores = [importance(story) for story in ranked]
    assert scores == sorted(scores, reverse=True)
    assert len(ranked) == 5


def test_every_outlet_named_under_a_dispatch_has_a_source_page(reader: TestClient) -> None:
    latest = reader.get("/latest").text
    links = {part.split('"')[0] for part in latest.split('href="/sources/')[1:]}
    assert links
    for link in links:
        assert reader.get(f"/sources/{link}").status_code == 200, link
