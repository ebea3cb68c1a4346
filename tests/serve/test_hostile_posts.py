"""The API's POST meets the attacker's documents (issue 18): each is a 422 with its reason, never a
500, whether posted as a body or as a URL the server fetches; the server goes on storing."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsbite.config import Settings
from newsbite.serve import create_app
from newsbite.store import Store
from tests.ingest.test_hostile_documents import (
    feed_with_reference,
    nested_jsonl,
    warc_cut_inside_the_second_records_headers,
)
from tests.serve.conftest import SERVER_URL, TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def hostile_site(tmp_path: Path) -> Iterator[str]:
    """A server on 127.0.0.1 serving the nested record, the bad character references and the cut WARC."""
    nested_jsonl(tmp_path)
    (tmp_path / "surrogate").mkdir()
    feed_with_reference(tmp_path, "&#1114112;")
    feed_with_reference(tmp_path / "surrogate", "&#xD800;")
    warc_cut_inside_the_second_records_headers(tmp_path)
    (tmp_path / "empty.json").write_text("[]")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(_QuietHandler, directory=str(tmp_path))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def fetching_client(store: Store) -> TestClient:
    settings = Settings(api_token=TOKEN, allow_hosts="127.0.0.1", fetch_host_interval_seconds=0)
    return TestClient(create_app(settings, store), raise_server_exceptions=False, base_url=SERVER_URL)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("feed.xml", "not a readable feed (ValueError: chr() arg not in range(0x110000))"),
        ("surrogate/feed.xml", "not a readable feed (UnicodeEncodeError"),
    ],
)
def test_a_url_of_a_feed_that_breaks_feedparser_is_a_422_with_the_reason(
    fetching_client: TestClient, hostile_site: str, path: str, reason: str
) -> None:
    answer = fetching_client.post("/api/v1/articles", json={"url": f"{hostile_site}/{path}"}, headers=AUTH)
    assert answer.status_code == 422, answer.text
    assert reason in answer.json()["error"]["message"]


def test_a_url_of_json_nested_past_the_parsers_limit_is_a_422(
    fetching_client: TestClient, hostile_site: str
) -> None:
    answer = fetching_client.post(
        "/api/v1/articles", json={"url": f"{hostile_site}/nested.jsonl"}, headers=AUTH
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["message"] == "the JSON is nested too deeply to read"


def test_a_page_with_too_many_elements_is_a_422_and_the_next_post_is_stored(
    fetching_client: TestClient,
) -> None:
    sentence = "<p>The council voted on Tuesday to rebuild the harbour pier.</p>"
    bomb = "<html><body>" + sentence + "<b>x</b>" * 100_001 + "</body></html>"
    answer = fetching_client.post("/api/v1/articles", json={"html": bomb}, headers=AUTH)
    assert answer.status_code == 422, answer.text
    assert "HTML elements" in answer.json()["error"]["message"]
    good = fetching_client.post(
        "/api/v1/articles",
        json={"text": "Pier to be rebuilt\n\nThe council voted on Tuesday to rebuild the harbour pier."},
        headers=AUTH,
    )
    assert good.status_code == 201, good.text


def test_a_post_whose_stage_runs_past_the_time_limit_is_a_422_naming_it(
    store: Store, shouting_plugin: Path
) -> None:
    # The API runs the pipeline in a request thread, where no signal reaches: the limit still holds.
    settings = Settings(api_token=TOKEN, stages="clean,stall", document_timeout_seconds=1)
    client = TestClient(create_app(settings, store), raise_server_exceptions=False, base_url=SERVER_URL)
    stalled = client.post(
        "/api/v1/articles", json={"text": "STALL here\n\nThe council met on Tuesday."}, headers=AUTH
    )
    assert stalled.status_code == 422, stalled.text
    assert (
        stalled.json()["error"]["message"]
        == "stage 'stall' took longer than 1 s (document_timeout_seconds); the document was given up"
    )
    quiet = client.post(
        "/api/v1/articles", json={"text": "Quiet here\n\nThe council met on Tuesday."}, headers=AUTH
    )
    assert quiet.status_code == 201, quiet.text


def test_a_url_that_holds_no_document_is_a_422(fetching_client: TestClient, hostile_site: str) -> None:
    answer = fetching_client.post(
        "/api/v1/articles", json={"url": f"{hostile_site}/empty.json"}, headers=AUTH
    )
    assert answer.status_code == 422, answer.text
    assert "holds no document" in answer.json()["error"]["message"]


def test_a_date_no_stamp_can_hold_is_a_422_not_a_500(fetching_client: TestClient) -> None:
    body = {
        "text": "Pier\n\nThe council voted to rebuild the pier.",
        "published": "0001-01-01T00:30:00+01:00",
    }
    answer = fetching_client.post("/api/v1/articles", json=body, headers=AUTH)
    assert answer.status_code == 422, answer.text


def test_a_posted_page_with_a_crowded_tag_is_stored(fetching_client: TestClient) -> None:
    # The body check once ran an HTML sanitiser that took the square of a tag's attributes (320,000
    # of them: 23 s); it reads the page's text with the markup scan now.
    attributes = " ".join(f'a{number}="x"' for number in range(320_000))
    page = f"<html><body><div {attributes}><p>The council voted to rebuild the pier.</p></div></body></html>"
    answer = fetching_client.post("/api/v1/articles", json={"html": page}, headers=AUTH)
    assert answer.status_code == 201, answer.text
