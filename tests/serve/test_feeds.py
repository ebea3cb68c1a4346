"""Output feeds validate, carry each bite with "Originally published as" and the original link, answer
conditional GETs and HEAD, link the page they follow and hold only what that page's filters say."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import feedparser
import pytest
from defusedxml import ElementTree
from fastapi.testclient import TestClient

from newsbite.config import Settings
from newsbite.model import Article
from newsbite.serve import create_app
from newsbite.store import ArticleQuery, Store, StoredMerge, open_store, stored_id
from tests.factories import make_article
from tests.serve.conftest import SERVER_URL

FEEDS = ["/feeds/rss.xml", "/feeds/atom.xml", "/feeds/feed.json"]


@pytest.mark.parametrize("path", FEEDS[:2])
def test_xml_feeds_parse_cleanly_with_required_elements(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == ("rss20" if "rss" in path else "atom10")
    assert feed.feed.title and feed.feed.link and (feed.feed.get("subtitle") or feed.feed.get("description"))
    assert len(feed.entries) == 25
    for entry in feed.entries:
        assert entry.title and entry.link and entry.id and entry.get("published_parsed")
        content = entry.content[0].value if "content" in entry else entry.summary
        assert "Originally published as" in content
        assert 'href="https://harbourherald.example/news/' in content
        assert entry.link.startswith(f"{SERVER_URL}/articles/")


def test_json_feed_is_version_1_1_with_items(client: TestClient) -> None:
    feed = json.loads(client.get("/feeds/feed.json").content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and feed["home_page_url"] and feed["feed_url"].endswith("/feeds/feed.json")
    assert len(feed["items"]) == 25
    for item in feed["items"]:
        assert item["id"] and item["url"] and item["summary"]
        assert "Originally published as" in item["content_html"]
        assert item["external_url"].startswith("https://harbourherald.example/news/")


@pytest.mark.parametrize("path", FEEDS)
def test_feeds_filter_by_query_and_entity(client: TestClient, path: str) -> None:
    for params, expected in (({"entity": "Anna Lindqvist"}, 12), ({"q": "story 3"}, None)):
        body = client.get(path, params=params).content
        count = (
            len(json.loads(body)["items"]) if path.endswith(".json") else len(feedparser.parse(body).entries)
        )
        assert count == expected if expected else 0 < count < 25


def test_every_reader_page_with_a_feed_advertises_it(client: TestClient) -> None:
    for page, query in (
        ("/", ""),
        ("/search?q=harbour", "?q=harbour"),
        ("/entities/Per%20Holm", "?entity=Per+Holm"),
    ):
        html = client.get(page).text
        for path, media in zip(
            FEEDS, ("application/rss+xml", "application/atom+xml", "application/feed+json"), strict=True
        ):
            assert f'<link rel="alternate" type="{media}"' in html
            assert f'href="{path}{query}"' in html, (page, path)


HOSTILE_BITE = "Harbour reopens <script>alert(1)</script> after <img src=x onerror=alert(1)> the storm."
MARKUP_TAG = re.compile(r"<\s*(script|img)\b", re.IGNORECASE)


def test_rss_description_carries_the_bite_as_text_not_markup(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    store.add([make_article(1, body=HOSTILE_BITE)])
    body = TestClient(create_app(Settings(), store), base_url=SERVER_URL).get("/feeds/rss.xml").content
    store.close()
    # Parsing the XML undoes its one layer of escaping: what is left is what a reader renders as HTML.
    [description] = [item.findtext("description") for item in ElementTree.fromstring(body).iter("item")]
    assert not MARKUP_TAG.search(description), description
    assert html.unescape(description) == HOSTILE_BITE  # the words are all there, shown as written
    [entry] = feedparser.parse(body).entries
    assert not MARKUP_TAG.search(entry.summary)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in entry.summary


# Conditional GET and HEAD


@pytest.mark.parametrize("path", FEEDS)
def test_a_feed_polled_again_with_its_etag_is_a_304_with_no_body(client: TestClient, path: str) -> None:
    first = client.get(path)
    assert first.status_code == 200 and first.headers["etag"] and first.headers["last-modified"]
    again = client.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["last-modified"] == first.headers["last-modified"]


def test_a_feed_polled_with_its_last_modified_is_a_304_and_an_older_date_a_200(client: TestClient) -> None:
    last_modified = client.get("/feeds/atom.xml").headers["last-modified"]
    assert client.get("/feeds/atom.xml", headers={"If-Modified-Since": last_modified}).status_code == 304
    older = {"If-Modified-Since": "Thu, 01 Jan 2026 00:00:00 GMT"}
    assert client.get("/feeds/atom.xml", headers=older).status_code == 200
    # If-None-Match decides when both are sent: a stale ETag gets the feed whatever the date says.
    both = {"If-Modified-Since": last_modified, "If-None-Match": '"stale"'}
    assert client.get("/feeds/atom.xml", headers=both).status_code == 200


def test_the_etag_changes_when_an_article_arrives(client: TestClient, store: Store) -> None:
    before = client.get("/feeds/rss.xml").headers["etag"]
    new = make_article(99, published="2026-06-30T12:00:00+00:00")
    store.add([new])
    after = client.get("/feeds/rss.xml", headers={"If-None-Match": before})
    assert after.status_code == 200 and after.headers["etag"] != before
    assert f"{SERVER_URL}/articles/{stored_id(new)}" == feedparser.parse(after.content).entries[0].link


@pytest.mark.parametrize("path", FEEDS)
def test_head_answers_200_with_the_headers_of_the_get_and_no_body(client: TestClient, path: str) -> None:
    got, head = client.get(path), client.head(path)
    assert head.status_code == 200 and head.content == b""
    for header in ("etag", "last-modified", "content-type"):
        assert head.headers[header] == got.headers[header]
    assert head.headers["content-length"] == str(len(got.content))


# Links and filters


def channel_links(path: str, body: bytes) -> tuple[str, str]:
    """The feed's site link (the page it follows) and its self link."""
    if path.endswith(".json"):
        feed = json.loads(body)
        return feed["home_page_url"], feed["feed_url"]
    parsed = feedparser.parse(body).feed
    [self_link] = [link.href for link in parsed.links if link.rel == "self"]
    return parsed.link, self_link


@pytest.mark.parametrize("path", FEEDS)
@pytest.mark.parametrize(
    ("filters", "page"),
    [
        ({}, "/latest"),
        ({"place": "Uppsala"}, "/places/Uppsala"),
        ({"entity": "Per Holm"}, "/entities/Per%20Holm"),
        ({"q": "harbour"}, "/search?q=harbour"),
        ({"source": "harbourherald.example"}, "/sources/harbourherald.example"),
        ({"source": "harbourherald.example", "q": "pier"}, "/search?q=pier&publisher=harbourherald.example"),
    ],
)
def test_the_channel_links_the_page_the_feed_follows_and_itself_as_self(
    client: TestClient, path: str, filters: dict[str, str], page: str
) -> None:
    response = client.get(path, params=filters)
    site, own = channel_links(path, response.content)
    assert site == SERVER_URL + page
    assert own == str(response.url)
    assert client.get(page).status_code == 200


FOLLOW_LINK = re.compile(r'<a class="feed" href="([^"]+)">')


def followed_ids(client: TestClient, page: str) -> list[set[str]]:
    """The article ids in each of the feeds a reader page's "Follow this page" links give."""
    reader_page = client.get(page)
    assert reader_page.status_code == 200, page
    links = [html.unescape(href) for href in FOLLOW_LINK.findall(reader_page.text)]
    assert [link.split("?")[0] for link in links] == FEEDS
    found = []
    for link in links:
        body = client.get(link).content
        if link.startswith("/feeds/feed.json"):
            urls = [item["url"] for item in json.loads(body)["items"]]
        else:
            urls = [entry.link for entry in feedparser.parse(body).entries]
        found.append({url.rsplit("/", 1)[1] for url in urls})
    return found


def test_a_place_pages_feeds_hold_only_that_places_items(client: TestClient, store: Store) -> None:
    elsewhere = [make_article(n, place="Kathmandu") for n in range(100, 104)]
    store.add(elsewhere)
    kathmandu = {stored_id(article) for article in elsewhere}
    assert followed_ids(client, "/places/Kathmandu") == [kathmandu] * 3
    uppsala = followed_ids(client, "/places/Uppsala")
    assert all(len(ids) == 25 and not ids & kathmandu for ids in uppsala)


def test_an_entity_pages_feeds_hold_only_that_entitys_items(client: TestClient, store: Store) -> None:
    per_holm = {item["id"] for item in store.articles(ArticleQuery(entity="Per Holm", limit=30)).items}
    assert len(per_holm) == 13
    assert followed_ids(client, "/entities/Per%20Holm") == [per_holm] * 3


def test_a_search_pages_feeds_carry_all_its_filters(client: TestClient, store: Store) -> None:
    courier = [make_article(n, publisher="coastlinecourier.example") for n in range(200, 203)]
    store.add(courier)
    page = "/search?q=harbour&publisher=coastlinecourier.example&entity=&since=2026-05-01"
    assert followed_ids(client, page) == [{stored_id(article) for article in courier}] * 3
    follow = "/feeds/rss.xml?q=harbour&amp;source=coastlinecourier.example&amp;since=2026-05-01"
    assert f'<a class="feed" href="{follow}">' in client.get(page).text


@pytest.fixture
def stories_client(samples: list[Article], database_url: str) -> Iterator[tuple[TestClient, Store]]:
    store = open_store(database_url)
    store.add(samples)
    StoredMerge(store, Settings()).run()
    yield TestClient(create_app(Settings(), store), raise_server_exceptions=False, base_url=SERVER_URL), store
    store.close()


def test_a_story_pages_feeds_hold_that_storys_items_one_per_dispatch(
    stories_client: tuple[TestClient, Store],
) -> None:
    client, store = stories_client
    listed = store.stories.page(limit=50).items
    biggest = max(listed, key=lambda story: story["articles"])
    assert biggest["items"] < biggest["articles"] < store.count(ArticleQuery(copies=True))  # it has copies
    found = store.stories.get(biggest["id"])
    assert found is not None
    item_of = {member.id: member.copy_of or member.seq for member in found[1]}
    for ids in followed_ids(client, f"/stories/{biggest['id']}"):
        assert ids <= item_of.keys()  # only the story's articles
        assert {item_of[article] for article in ids} == set(item_of.values())  # every dispatch
        assert len(ids) == biggest["items"]  # each once
    site, _ = channel_links(
        "/feeds/rss.xml", client.get("/feeds/rss.xml", params={"story": biggest["id"]}).content
    )
    assert site == f"{SERVER_URL}/stories/{biggest['id']}"


def test_a_source_pages_feeds_hold_only_what_that_outlet_ran(client: TestClient, store: Store) -> None:
    courier = [make_article(n, publisher="coastlinecourier.example") for n in range(200, 203)]
    store.add(courier)
    assert (
        followed_ids(client, "/sources/coastlinecourier.example")
        == [{stored_id(article) for article in courier}] * 3
    )


def test_an_outlet_known_only_by_its_agency_has_a_feed_of_its_own(client: TestClient, store: Store) -> None:
    wire = [replace(make_article(n, agency="Kyodo"), publisher=None) for n in range(300, 302)]
    store.add(wire)
    assert followed_ids(client, "/sources/Kyodo") == [{stored_id(article) for article in wire}] * 3


# Filters that name nothing


def test_a_parameter_that_is_not_a_filter_is_a_422_not_every_article(client: TestClient) -> None:
    response = client.get("/feeds/rss.xml", params={"plcae": "Uppsala"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
    assert "plcae" in response.json()["error"]["message"]
    assert client.get("/feeds/rss.xml", params={"place": ""}).status_code == 422


@pytest.mark.parametrize(
    ("filters", "named"),
    [
        ({"story": "nope"}, "'nope'"),
        ({"place": "Atlantis"}, "the place 'Atlantis'"),
        ({"entity": "Nobody Atall"}, "'Nobody Atall'"),
        ({"source": "nowhere.example"}, "the outlet 'nowhere.example'"),
        ({"q": "harbour", "place": "Atlantis"}, "the place 'Atlantis'"),
    ],
)
def test_a_filter_naming_nothing_stored_is_a_404(
    client: TestClient, filters: dict[str, str], named: str
) -> None:
    response = client.get("/feeds/atom.xml", params=filters)
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found" and error["message"].endswith(named)


def test_a_search_with_no_hits_is_an_empty_feed_that_answers_polls_with_304(client: TestClient) -> None:
    first = client.get("/feeds/rss.xml", params={"q": "volcano"})
    assert first.status_code == 200 and feedparser.parse(first.content).entries == []
    again = client.get(
        "/feeds/rss.xml", params={"q": "volcano"}, headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304
    # Real names with no article in common are an empty search too, not a 404.
    both = client.get("/feeds/feed.json", params={"place": "Uppsala", "q": "volcano"})
    assert both.status_code == 200 and json.loads(both.content)["items"] == []
