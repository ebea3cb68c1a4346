"""Stories served: the API's story endpoints, the reader's story pages, and the article's link."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from newsbite.config import Settings
from newsbite.model import Article
from newsbite.serve import create_app
from newsbite.store import StoredMerge, open_store, stored_id
from tests.serve.conftest import SERVER_URL
from tests.wire_samples import sample_name


@pytest.fixture
def client(processed_samples: list[Article], tmp_path: object) -> Iterator[TestClient]:
    store = open_store(f"sqlite:///{tmp_path}/stories.db")
    samples = processed_samples
    flood = next(a for a in samples if sample_name(a) == "afp_nepal_glacial_flood_newsbite.txt")
    # A scraped copy whose link is a script: it must never become a link on a story page.
    hostile = replace(flood, url="javascript:alert(1)", publisher="evil.example", original_url=None)
    store.add([*samples, hostile])
    StoredMerge(store, Settings()).run()
    yield TestClient(create_app(Settings(), store), raise_server_exceptions=False, base_url=SERVER_URL)
    store.close()


def test_stories_list_latest_first_with_counts_and_bites(client: TestClient) -> None:
    listed = client.get("/api/v1/stories", params={"limit": 3})
    assert listed.status_code == 200
    page = listed.json()
    assert len(page["items"]) == 3 and page["next_cursor"]
    rest = client.get("/api/v1/stories", params={"cursor": page["next_cursor"]}).json()["items"]
    stories = page["items"] + rest
    assert len({story["id"] for story in stories}) == len(stories) >= 5
    assert all(story["sources"] <= story["items"] <= story["articles"] for story in stories)
    assert all(story["bite"]["sentences"] for story in stories)
    big = client.get("/api/v1/stories", params={"min_articles": 6}).json()["items"]
    assert big and all(story["articles"] >= 6 for story in big)


def test_one_story_has_its_timeline_outlets_and_claims(client: TestClient) -> None:
    [flood] = [s for s in client.get("/api/v1/stories").json()["items"] if "Nepal" in (s["title"] or "")]
    story = client.get(f"/api/v1/stories/{flood['id']}").json()
    assert "AFP" in story["source_names"] and len(story["source_names"]) == story["sources"]
    afp = [entry for entry in story["timeline"] if entry["source"] == "AFP"]
    assert afp and max(len(entry["copies"]) for entry in afp) >= 3
    assert story["claims"] and all(claim["article"] and claim["sentence"] for claim in story["claims"])
    assert client.get("/api/v1/stories/nope").json()["error"]["code"] == "not_found"


def test_reader_story_pages_and_the_articles_link_to_their_story(
    client: TestClient,
    processed_samples: list[Article],
) -> None:
    front = client.get("/stories")
    assert front.status_code == 200 and front.text.count('<li class="bite">') >= 5
    flood = next(a for a in processed_samples if sample_name(a) == "afp_nepal_glacial_flood_newsbite.txt")
    article = client.get(f"/articles/{stored_id(flood)}").text
    story_href = article.split('class="part-of-story">Part of the story <a href="')[1].split('"')[0]
    page = client.get(story_href)
    assert page.status_code == 200
    for heading in ("The bite", "Timeline", "Who claims what, over time", "Outlets"):
        assert heading in page.text
    assert "javascript:" not in page.text and "evil.example" in page.text
    assert client.get("/stories/nope", headers={"Accept": "text/html"}).status_code == 404
