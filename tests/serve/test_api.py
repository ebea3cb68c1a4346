"""The JSON API: listings, one article, entities and places, writes behind the token, one error shape."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsbite.config import Settings
from newsbite.serve import create_app
from newsbite.serve.api.articles import NewArticle
from newsbite.store import Store, StoreError
from tests.serve.conftest import SERVER_URL, TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def assert_error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code and body["error"]["message"]


def test_articles_page_newest_first_with_bites_and_cursor(client: TestClient) -> None:
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"limit": 10} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/v1/articles", params=params).json()
        seen += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 25 and len({item["id"] for item in seen}) == 25
    assert [i["published"] for i in seen] == sorted((i["published"] for i in seen), reverse=True)
    assert all(item["bite"]["sentences"] for item in seen)


def test_articles_filter_by_query_entity_and_dates(client: TestClient) -> None:
    assert len(client.get("/api/v1/articles", params={"q": "story 7", "limit": 50}).json()["items"]) >= 1
    by_entity = client.get("/api/v1/articles", params={"entity": "per holm", "limit": 50}).json()["items"]
    assert len(by_entity) == 13
    dated = client.get("/api/v1/articles", params={"since": "2026-05-20", "until": "2026-05-21"}).json()
    assert {item["published"][:10] for item in dated["items"]} <= {"2026-05-20", "2026-05-21"}
    assert dated["items"]


def test_one_article_has_its_analysis_and_unknown_ids_are_404(client: TestClient) -> None:
    [first] = client.get("/api/v1/articles", params={"limit": 1}).json()["items"]
    article = client.get(f"/api/v1/articles/{first['id']}").json()
    assert article["entities"][0]["name"] in {"Anna Lindqvist", "Per Holm"}
    assert article["places"][0]["name"] == "Uppsala"
    assert_error(client.get("/api/v1/articles/0000000000000000"), 404, "not_found")


def test_entities_and_places_count_articles(client: TestClient) -> None:
    entities = client.get("/api/v1/entities").json()["items"]
    assert {e["name"]: e["articles"] for e in entities} == {"Per Holm": 13, "Anna Lindqvist": 12}
    [place] = client.get("/api/v1/places").json()["items"]
    assert place["articles"] == 25 and place["lat"] == pytest.approx(59.86)


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"limit": "abc"}, "invalid_request"),
        ({"limit": 0}, "invalid_request"),
        ({"since": "yesterday"}, "invalid_request"),
        ({"cursor": "forged"}, "invalid_cursor"),
    ],
)
def test_bad_parameters_are_json_errors(client: TestClient, params: dict[str, Any], code: str) -> None:
    response = client.get("/api/v1/articles", params=params)
    assert_error(response, 400 if code == "invalid_cursor" else 422, code)


def forged_cursor(value: object) -> str:
    """A cursor encoded the way the store encodes its own, around a value it never handed out."""
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


FORGED_CURSORS = {
    "garbage": "!!not base64!!",
    "not json": base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    "huge sequence": forged_cursor(["2026-05-20T10:00:00Z", 10**30]),
    "past bigint": forged_cursor(["2026-05-20T10:00:00Z", 2**63]),
    "true for a sequence": forged_cursor(["2026-05-20T10:00:00Z", True]),
    "negative sequence": forged_cursor(["2026-05-20T10:00:00Z", -1]),
    "float sequence": forged_cursor(["2026-05-20T10:00:00Z", 1.5]),
    "not a time": forged_cursor(["yesterday", 3]),
    "nul in the time": forged_cursor(["2026-05-20T10:00:00Z\u0000", 3]),
    "swapped": forged_cursor([3, "2026-05-20T10:00:00Z"]),
    "an object": forged_cursor({"sort_key": "2026-05-20T10:00:00Z", "seq": 3}),
    "three items": forged_cursor(["2026-05-20T10:00:00Z", 3, 4]),
    "bare true": forged_cursor(True),
}
CURSOR_PATHS = [
    "/api/v1/articles",
    "/api/v1/stories",
    "/",
    "/stories",
    "/search?q=harbour",
    "/entities/Per%20Holm",
    "/places/Uppsala",
]


@pytest.mark.parametrize("path", CURSOR_PATHS)
def test_every_forged_cursor_is_a_400_on_every_path_that_pages(client: TestClient, path: str) -> None:
    separator = "&" if "?" in path else "?"
    for name, cursor in FORGED_CURSORS.items():
        response = client.get(f"{path}{separator}cursor={cursor}")
        assert response.status_code == 400, (name, response.text)
        assert response.json()["error"]["code"] == "invalid_cursor", name


def test_a_handed_out_cursor_still_pages_after_the_checks(client: TestClient) -> None:
    first = client.get("/api/v1/articles", params={"limit": 24}).json()
    [last] = client.get("/api/v1/articles", params={"cursor": first["next_cursor"]}).json()["items"]
    assert last["id"] not in {item["id"] for item in first["items"]}


def test_unknown_paths_are_json_errors_for_api_clients(client: TestClient) -> None:
    assert_error(client.get("/api/v1/nothing-here"), 404, "not_found")
    assert_error(client.delete("/api/v1/articles"), 405, "method_not_allowed")


def test_writes_need_the_token(client: TestClient) -> None:
    document = {"text": "The ferry to Gotland resumed on Monday after a storm, the operator said."}
    assert_error(client.post("/api/v1/articles", json=document), 401, "unauthorized")
    wrong = {"Authorization": "Bearer not-the-token"}
    assert_error(client.post("/api/v1/articles", json=document, headers=wrong), 401, "unauthorized")


def test_without_a_configured_token_writes_are_refused(store: Store) -> None:
    client = TestClient(create_app(Settings(api_token=""), store), base_url=SERVER_URL)
    response = client.post("/api/v1/articles", json={"text": "x"}, headers={"Authorization": "Bearer "})
    assert_error(response, 403, "writes_disabled")


def test_a_store_that_cannot_be_written_is_a_503_not_the_documents_fault(
    client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_add(articles: object, **options: object) -> None:
        raise StoreError(store.name, "could not write: database is locked")

    monkeypatch.setattr(store, "add", failing_add)
    response = client.post("/api/v1/articles", json={"text": "Headline\n\nA body. More.\n"}, headers=AUTH)
    assert_error(response, 503, "store_unavailable")


def test_a_pipeline_that_cannot_be_built_is_a_503_naming_why(store: Store) -> None:
    client = TestClient(
        create_app(Settings(api_token=TOKEN, stages="clean,nonesuch"), store), base_url=SERVER_URL
    )
    response = client.post("/api/v1/articles", json={"text": "Headline\n\nA body. More.\n"}, headers=AUTH)
    assert_error(response, 503, "pipeline_unavailable")
    assert "unknown stage(s): nonesuch" in response.json()["error"]["message"]
    assert client.get("/api/v1/articles").status_code == 200  # reading never needed the pipeline


def test_a_posted_document_is_processed_stored_and_idempotent(client: TestClient) -> None:
    document = {
        "title": "Gotland ferry resumes after storm",
        "text": (
            "The ferry between Nynashamn and Visby resumed on Monday after a two-day storm, the operator "
            "Destination Gotland said. About 1,200 passengers had been stranded on the island."
        ),
        "url": "https://harbourherald.example/news/gotland-ferry",
        "published": "2026-05-29T08:00:00+02:00",
    }
    first = client.post("/api/v1/articles", json=document, headers=AUTH)
    assert first.status_code == 201, first.text
    stored = first.json()["article"]
    assert first.json()["outcome"] == "added"
    assert stored["headline"] == "Gotland ferry resumes after storm" and stored["bite"]["sentences"]
    again = client.post("/api/v1/articles", json=document, headers=AUTH)
    assert again.status_code == 200 and again.json()["outcome"] == "unchanged"
    assert client.get(f"/api/v1/articles/{stored['id']}").json()["headline"] == document["title"]
    stories = client.get("/api/v1/stories").json()["items"]
    merged = [story for story in stories if story["title"] == document["title"]]
    assert len(merged) == 1 and merged[0]["articles"] == 1  # merged into a story of its own


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"{not json", 422, "invalid_request"),
        (b"[]", 422, "invalid_request"),
        (b'{"title": "no body"}', 422, "invalid_request"),
        (b'{"text": "x", "extra": 1}', 422, "invalid_request"),
        (b'{"url": "http://127.0.0.1:9/private"}', 422, "unprocessable"),
        (b'{"url": "javascript:alert(1)"}', 422, "invalid_request"),
        (b'{"url": "http://10.0.0.1/page", "title": "A title alone is no document"}', 422, "unprocessable"),
    ],
)
def test_bad_posts_are_4xx_json(client: TestClient, body: bytes, status: int, code: str) -> None:
    response = client.post(
        "/api/v1/articles", content=body, headers=AUTH | {"Content-Type": "application/json"}
    )
    assert_error(response, status, code)
    assert "text' or 'html'" not in response.json()["error"]["message"]  # a url is fetched, not read


FERRY_TEXT = "The ferry between Nynashamn and Visby resumed on Monday after a two-day storm."
# Each field a POST takes, with a NUL character inside an otherwise good value.
WITH_NUL = {
    "title": "Gotland ferry\x00resumes",
    "text": FERRY_TEXT.replace(" after", "\x00after"),
    "html": f"<html><body><p>{FERRY_TEXT}\x00</p></body></html>",
    "url": "https://harbourherald.example/news/\x00ferry",
    "published": "2026-05-29\x00",
}


@pytest.mark.parametrize("field", sorted(WITH_NUL))
def test_a_nul_character_in_any_posted_field_is_a_422_naming_it(client: TestClient, field: str) -> None:
    document = {"title": "Gotland ferry resumes", "text": FERRY_TEXT, field: WITH_NUL[field]}
    response = client.post("/api/v1/articles", json=document, headers=AUTH)
    assert_error(response, 422, "invalid_request")
    assert response.json()["error"]["message"] == f"{field}: must not contain a NUL character (\\u0000)"
    assert client.get("/api/v1/articles", params={"q": "ferry"}).json()["items"] == []


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({"text": FERRY_TEXT, "published": "not-a-date"}, "published: must be an ISO 8601 date"),
        ({"text": FERRY_TEXT, "published": "2026-13-45"}, "published: must be an ISO 8601 date"),
        ({"text": FERRY_TEXT, "url": "javascript:alert(1)"}, "url: must be an http or https URL"),
        ({"text": FERRY_TEXT, "url": "data:text/html,<script>alert(1)</script>"}, "url: must be an http"),
        ({"text": FERRY_TEXT, "url": "ftp://harbourherald.example/ferry"}, "url: must be an http"),
        ({"title": "Ferry", "text": "x"}, "text: has no sentence of two or more words"),
        ({"title": "Ferry", "text": "12 34. - -"}, "text: has no sentence of two or more words"),
        ({"title": "Ferry", "html": "<p>x</p><script>alert(1)</script>"}, "html: has no sentence of two"),
    ],
)
def test_a_posted_field_that_cannot_be_what_it_claims_is_a_422_naming_it(
    client: TestClient, document: dict[str, str], problem: str
) -> None:
    response = client.post("/api/v1/articles", json=document, headers=AUTH)
    assert_error(response, 422, "invalid_request")
    assert response.json()["error"]["message"].startswith(problem)


@pytest.mark.parametrize(
    "text",
    [
        "Markets fell.",
        "Headline\n\nA body. More.",
        "台风周二在福建登陆。",  # written without spaces: each character counts as a word
        "Le ferry a repris lundi.",
    ],
)
def test_a_body_with_one_short_sentence_is_enough(text: str) -> None:
    assert NewArticle.model_validate({"text": text, "title": "Ferry", "published": "2026-05-29"}).text == text


def test_an_oversized_body_is_refused_before_processing(store: Store) -> None:
    client = TestClient(
        create_app(Settings(api_token=TOKEN, max_document_bytes=1000), store), base_url=SERVER_URL
    )
    response = client.post("/api/v1/articles", json={"text": "word " * 1000}, headers=AUTH)
    assert_error(response, 413, "too_large")


def test_openapi_schema_and_offline_docs(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/v1/articles", "/api/v1/articles/{article_id}", "/api/v1/entities", "/api/v1/places"} <= set(
        schema["paths"]
    )
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/docs/swagger-ui-bundle.js" in docs.text
    assert client.get("/static/docs/swagger-ui-bundle.js").status_code == 200


def test_feeds_are_listed_with_their_health(client: TestClient, store: Store) -> None:
    assert client.get("/api/v1/feeds").json() == {"items": []}
    store.feeds.add("https://harbourherald.example/rss", "2026-11-30T08:00:00Z", title="Harbour Herald")
    store.feeds.record("https://harbourherald.example/rss", failures=2, last_error_reason="timeout")
    [feed] = client.get("/api/v1/feeds").json()["items"]
    assert feed["title"] == "Harbour Herald" and feed["status"] == "failing"
    assert feed["last_error_reason"] == "timeout" and feed["flagged"] is False
