"""Dates served: an undated article's date is null in the API and never shown as a publication time;
the reader's times are relative, with the exact time in the configured zone on hover."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsbite.cli import app as cli
from newsbite.config import Settings
from newsbite.errors import ConfigError
from newsbite.serve import create_app
from newsbite.store import Store, StoredMerge, open_store, stored_id
from tests.factories import make_article
from tests.serve.conftest import SERVER_URL


def test_an_undated_article_has_a_null_date_and_its_first_seen_time_in_the_api(
    client: TestClient, store: Store
) -> None:
    undated = make_article(100, published=None)
    store.add([undated])
    article_id = stored_id(undated)
    document = client.get(f"/api/v1/articles/{article_id}").json()
    assert document["published"] is None
    assert document["added_at"].endswith("Z")
    [listed] = [item for item in client.get("/api/v1/articles").json()["items"] if item["id"] == article_id]
    assert listed["published"] is None
    assert listed["added_at"] == document["added_at"]


def test_an_undated_article_page_says_first_seen_never_published(client: TestClient, store: Store) -> None:
    undated = make_article(100, published=None)
    store.add([undated])
    page = client.get(f"/articles/{stored_id(undated)}").text
    [meta] = re.findall(r'<p class="meta">.*?</p>', page, re.S)
    added_at = store.get(stored_id(undated))["added_at"]
    assert f'first seen <time datetime="{added_at}"' in meta
    assert "ago</time>" in meta


def test_reader_times_are_relative_with_the_exact_time_on_hover_in_the_configured_zone(
    store: Store,
) -> None:
    published = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=3)
    store.add([make_article(100, published=published.isoformat())])
    app = create_app(Settings(timezone="Asia/Kathmandu"), store)
    page = TestClient(app, base_url=SERVER_URL).get(f"/articles/{stored_id(make_article(100))}").text
    local = published.astimezone(ZoneInfo("Asia/Kathmandu"))
    exact = f"{local.day} {local:%B %Y, %H:%M} +0545"
    assert f'<time datetime="{published.isoformat()}" title="{exact}">3 hours ago</time>' in page
    assert "first seen" not in page


def test_a_story_of_undated_reports_shows_its_time_as_first_seen(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'undated.db'}")
    store.add([make_article(1, published=None)])
    StoredMerge(store, Settings()).run()
    client = TestClient(create_app(Settings(), store), base_url=SERVER_URL)
    [story] = client.get("/api/v1/stories").json()["items"]
    assert story["time_basis"] == "first_seen"
    assert f'latest first seen <time datetime="{story["last_time"]}"' in client.get("/stories").text
    assert "first seen <time" in client.get(f"/stories/{story['id']}").text
    store.close()


def test_an_unknown_time_zone_stops_the_app_and_serve_naming_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError, match="'Mars/Olympus'"):
        create_app(Settings(timezone="Mars/Olympus"))
    monkeypatch.setenv("NEWSBITE_DATABASE", f"sqlite:///{tmp_path / 'serve.db'}")
    monkeypatch.setenv("NEWSBITE_TIMEZONE", "Mars/Olympus")
    result = CliRunner().invoke(cli, ["serve", "--port", "1"])
    assert result.exit_code == 2, result.output
    assert "NEWSBITE_TIMEZONE" in result.stderr and "Mars/Olympus" in result.stderr
    assert "Traceback" not in result.stderr


def test_feeds_give_an_undated_article_no_publication_date(client: TestClient, store: Store) -> None:
    undated = make_article(100, published=None)
    store.add([undated])
    link = f"{SERVER_URL}/articles/{stored_id(undated)}"
    added_at = store.get(stored_id(undated))["added_at"]
    rss = feedparser.parse(client.get("/feeds/rss.xml").content)
    [rss_item] = [entry for entry in rss.entries if entry.link == link]
    assert "published" not in rss_item
    assert all("published" in entry for entry in rss.entries if entry.link != link)
    atom = feedparser.parse(client.get("/feeds/atom.xml").content)
    [atom_item] = [entry for entry in atom.entries if entry.link == link]
    assert "published" not in atom_item
    assert atom_item.updated_parsed[:6] == time.strptime(added_at, "%Y-%m-%dT%H:%M:%SZ")[:6]
    items = client.get("/feeds/feed.json").json()["items"]
    [json_item] = [item for item in items if item["url"] == link]
    assert "date_published" not in json_item
    assert json_item["date_modified"] == datetime.fromisoformat(added_at).isoformat()
    assert all("date_published" in item for item in items if item["url"] != link)
