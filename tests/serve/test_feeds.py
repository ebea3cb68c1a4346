"""Output feeds validate and carry each bite with "Originally published as" and the original link."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import feedparser
import pytest
from defusedxml import ElementTree
from fastapi.testclient import TestClient

from newsbite.config import Settings
from newsbite.serve import create_app
from newsbite.store import open_store
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
