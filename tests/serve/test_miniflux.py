"""The Miniflux-compatible API (serve/sync/miniflux.py) as its apps use it, on SQLite and PostgreSQL:
each endpoint over HTTP, each answer checked field by field against miniflux/v2's own shapes (the
source of each named where it is checked), credentials refused, one reader's feeds and entries
out of another's reach, paging that gives each entry once, and folding: an app that reads one
copy of a dispatch finds every copy read, in every feed."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from newsbite.accounts import hash_password, secret_digest
from newsbite.config import Settings
from newsbite.model import Article
from newsbite.serve import create_app
from newsbite.serve.sync.miniflux import ALL_CATEGORY_ID, BY_HAND_FEED_ID
from newsbite.store import Reader, Store, open_store
from tests.factories import make_article
from tests.serve.conftest import SERVER_URL
from tests.site import Site
from tests.store.test_states import FEED_A, FEED_B, NOW, afp, merge

SETTINGS = Settings(
    allow_hosts="127.0.0.1", fetch_host_interval_seconds=0, fetch_retries=0, fetch_backoff_seconds=0.01
)
ANA_PASSWORD, BEN_PASSWORD = "ana's app password", "ben's app password"
# argon2 is slow on purpose: each password hashed once for the module.
ANA_HASH, BEN_HASH = hash_password(ANA_PASSWORD), hash_password(BEN_PASSWORD)
ANA_TOKEN = "ana-api-token-0123456789"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
UNAUTHORIZED = {"error_message": "access unauthorized"}


def basic(name: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()}


ANA, BEN = basic("Ana", ANA_PASSWORD), basic("Ben", BEN_PASSWORD)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = open_store(database_url)
    yield opened
    opened.close()


@pytest.fixture
def readers(store: Store) -> tuple[Reader, Reader]:
    """Ana follows feed A (in "Tech"), Ben feed B; each signs apps in with an API password, and
    Ana with a token too."""
    ana, ben = store.readers.add("Ana", "web", NOW), store.readers.add("Ben", "web", NOW)
    store.readers.set_api_password("Ana", ANA_HASH)
    store.readers.set_api_password("Ben", BEN_HASH)
    store.readers.add_token(ana, "api", secret_digest(ANA_TOKEN), NOW)
    store.subscriptions(ana).follow(FEED_A, NOW, category="Tech")
    store.subscriptions(ben).follow(FEED_B, NOW)
    return store.readers.get("Ana"), store.readers.get("Ben")  # type: ignore[return-value]


@pytest.fixture
def small(store: Store, readers: tuple[Reader, Reader]) -> Store:
    """Four articles through feed A, three through feed B, one by hand."""
    store.add([make_article(n) for n in range(4)], feed_url=FEED_A)
    store.add([make_article(n) for n in range(4, 7)], feed_url=FEED_B)
    store.add([make_article(7)])
    return store


def app_client(store: Store, settings: Settings = SETTINGS) -> TestClient:
    return TestClient(create_app(settings, store), base_url=SERVER_URL)


def feed_number(client: TestClient, url: str, auth: dict[str, str] = ANA) -> int:
    return next(
        feed["id"] for feed in client.get("/v1/feeds", headers=auth).json() if feed["feed_url"] == url
    )


def entries(client: TestClient, path: str = "/v1/entries", auth: dict[str, str] = ANA, **params: Any) -> Any:
    answer = client.get(path, headers=auth, params={"limit": 1_000, **params})
    assert answer.status_code == 200, answer.text
    return answer.json()


def check_category(category: dict[str, Any], user_id: int) -> None:
    # miniflux/v2 internal/model/category.go Category
    assert set(category) >= {"id", "title", "user_id", "hide_globally"}
    assert isinstance(category["id"], int) and 0 < category["id"] < 2**31
    assert isinstance(category["title"], str) and category["user_id"] == user_id
    assert category["hide_globally"] is False


def check_feed(feed: dict[str, Any], user_id: int) -> None:
    # miniflux/v2 internal/model/feed.go Feed (newsboat 2.21 src/minifluxapi.cpp reads id, title,
    # feed_url and category.id, unchecked: each must have its type)
    assert isinstance(feed["id"], int) and 0 < feed["id"] < 2**31 and feed["user_id"] == user_id
    for name in ("feed_url", "site_url", "title", "description", "etag_header", "last_modified_header"):
        assert isinstance(feed[name], str), name
    assert RFC3339.match(feed["checked_at"]) and isinstance(feed["parsing_error_message"], str)
    assert isinstance(feed["parsing_error_count"], int) and feed["disabled"] is False
    check_category(feed["category"], user_id)
    # miniflux/v2 internal/model/icon.go FeedIcon
    assert feed["icon"] == {"feed_id": feed["id"], "icon_id": 0, "external_icon_id": ""}


def check_entry(entry: dict[str, Any], user_id: int) -> None:
    # miniflux/v2 internal/model/entry.go Entry; newsboat 2.21 MinifluxApi::fetch_feed reads
    # id (int), title, url, author, content (strings when not null), published_at (a string, never
    # null) and status
    assert isinstance(entry["id"], int) and entry["user_id"] == user_id
    assert isinstance(entry["feed_id"], int) and entry["feed_id"] == entry["feed"]["id"]
    assert entry["status"] in ("read", "unread") and isinstance(entry["starred"], bool)
    for name in ("hash", "title", "url", "comments_url", "language", "content", "author", "share_code"):
        assert isinstance(entry[name], str), name
    for name in ("published_at", "created_at", "changed_at"):
        assert RFC3339.match(entry[name]), (name, entry[name])
    assert isinstance(entry["reading_time"], int) and entry["enclosures"] == [] and entry["tags"] == []
    check_feed(entry["feed"], user_id)


def test_missing_wrong_and_malformed_credentials_are_refused_with_a_basic_challenge(
    small: Store,
) -> None:
    client = app_client(small)
    refused = [
        client.get("/v1/me"),
        client.get("/v1/feeds", headers=basic("Ana", "not her password")),
        client.get("/v1/feeds", headers=basic("Ana", "")),
        client.get("/v1/feeds", headers=basic("Nobody", ANA_PASSWORD)),
        client.get("/v1/feeds", headers=basic("Ana", "web")),  # the web password is not the API's
        client.get("/v1/entries", headers={"X-Auth-Token": "not-a-token"}),
        client.get("/v1/entries", headers={"Authorization": "Basic %%%not base64"}),
        client.put("/v1/entries", headers={"X-Auth-Token": "not-a-token"}, content=b"{}"),
    ]
    for answer in refused:
        # miniflux/v2 internal/api/middleware.go validateBasicAuth, internal/http/response/json.go
        assert answer.status_code == 401 and answer.json() == UNAUTHORIZED
        assert answer.headers["www-authenticate"] == 'Basic realm="Restricted"'
        assert answer.headers["content-type"].startswith("application/json")


def test_an_api_password_and_a_token_each_sign_the_user_in(
    small: Store, readers: tuple[Reader, Reader]
) -> None:
    client = app_client(small)
    by_password = client.get("/v1/me", headers=ANA).json()
    by_token = client.get("/v1/me", headers={"X-Auth-Token": ANA_TOKEN}).json()
    # miniflux/v2 internal/model/user.go User (no password)
    assert by_password == by_token
    assert by_password["id"] == readers[0].seq and by_password["username"] == "Ana"
    assert by_password["is_admin"] is True and "password" not in by_password
    assert client.get("/v1/me", headers=BEN).json()["is_admin"] is False


def test_categories_have_ids_that_a_restart_keeps_and_names_casefolded_into_one(
    small: Store, readers: tuple[Reader, Reader]
) -> None:
    ana = readers[0]
    small.subscriptions(ana).follow(FEED_B, NOW, category="tech")
    client = app_client(small)
    categories = client.get("/v1/categories", headers=ANA).json()
    for category in categories:
        check_category(category, ana.seq)
    assert [c["title"] for c in categories] == ["All", "Tech"] and categories[0]["id"] == ALL_CATEGORY_ID
    assert app_client(small).get("/v1/categories", headers=ANA).json() == categories  # a restart
    counted = client.get("/v1/categories", headers=ANA, params={"counts": "true"}).json()
    # feed A and B in Tech (four and three unread entries), the built-in source in All (one)
    assert [(c["feed_count"], c["total_unread"]) for c in counted] == [(1, 1), (2, 7)]
    tech = categories[1]["id"]
    by_category = entries(client, f"/v1/categories/{tech}/entries")
    assert by_category["total"] == 7 and {e["feed"]["category"]["id"] for e in by_category["entries"]} == {
        tech
    }
    assert entries(client, category_id=ALL_CATEGORY_ID)["total"] == 1


def test_feeds_have_a_category_always_and_the_built_in_source_its_own_id(
    small: Store, readers: tuple[Reader, Reader]
) -> None:
    client = app_client(small)
    feeds = client.get("/v1/feeds", headers=ANA).json()
    for feed in feeds:
        check_feed(feed, readers[0].seq)
    assert [(f["feed_url"], f["category"]["title"]) for f in feeds] == [(FEED_A, "Tech"), ("", "All")]
    assert feeds[1]["id"] == BY_HAND_FEED_ID and feeds[1]["title"] == "Added by hand"
    assert client.get(f"/v1/feeds/{feeds[0]['id']}", headers=ANA).json() == feeds[0]
    # newsboat joins an address typed with a trailing slash and its paths: "//v1/feeds"
    assert client.get(f"{client.base_url}//v1/feeds", headers=ANA).json() == feeds


def test_entries_are_given_as_newsboat_asks_for_them(small: Store, readers: tuple[Reader, Reader]) -> None:
    client = app_client(small)
    feed_a = feed_number(client, FEED_A)
    # newsboat 2.21 MinifluxApi::fetch_feed: no limit, no status
    answer = client.get(f"/v1/feeds/{feed_a}/entries?order=published_at&direction=desc", headers=ANA)
    listed = answer.json()
    # miniflux/v2 internal/api/messages.go entriesResponse
    assert set(listed) == {"total", "entries"} and listed["total"] == 4 == len(listed["entries"])
    for entry in listed["entries"]:
        check_entry(entry, readers[0].seq)
    published = [e["published_at"] for e in listed["entries"]]
    assert published == sorted(published, reverse=True)
    assert {e["title"] for e in listed["entries"]} == {f"Harbour story number {n}" for n in range(4)}
    assert all(e["status"] == "unread" and e["feed_id"] == feed_a for e in listed["entries"])
    one = listed["entries"][0]
    assert client.get(f"/v1/entries/{one['id']}", headers=ANA).json() == one
    assert "the council voted" in one["content"]
    by_hand = entries(client, feed_id=BY_HAND_FEED_ID)["entries"]
    assert [e["title"] for e in by_hand] == ["Harbour story number 7"]
    assert by_hand[0]["feed"]["id"] == BY_HAND_FEED_ID
    assert entries(client, f"/v1/feeds/{BY_HAND_FEED_ID}/entries")["entries"] == by_hand


def test_the_listing_parameters_filter_and_refuse_as_miniflux_does(small: Store) -> None:
    client = app_client(small)
    whole = entries(client, order="id", direction="asc")
    ids = [e["id"] for e in whole["entries"]]
    assert whole["total"] == 5 and ids == sorted(ids)
    client.put("/v1/entries", headers=ANA, json={"entry_ids": ids[:2], "status": "read", "starred": True})
    assert entries(client, status="read")["total"] == 2 and entries(client, status="unread")["total"] == 3
    assert entries(client, status=["read", "unread"])["total"] == 5
    assert [e["id"] for e in entries(client, starred="true")["entries"]] == ids[:2]
    assert entries(client, starred="false")["total"] == 3 and entries(client, starred="maybe")["total"] == 5
    page = entries(client, order="id", limit=2, offset=1)
    assert page["total"] == 5 and [e["id"] for e in page["entries"]] == ids[1:3]
    assert [e["id"] for e in entries(client, order="id", after_entry_id=ids[2])["entries"]] == ids[3:]
    assert [e["id"] for e in entries(client, order="id", before_entry_id=ids[2])["entries"]] == ids[:2]
    assert entries(client, after=4_102_444_800)["total"] == 0  # 2100-01-01
    assert entries(client, before=4_102_444_800)["total"] == 5
    assert entries(client, order="changed_at")["total"] == 5  # taken, as published_at
    refusals = {
        "limit=1001": "limit value should be <= 1000",
        "status=gone": 'invalid entry status, valid status values are: "read" and "unread"',
        "direction=up": 'invalid direction, valid direction values are: "asc" or "desc"',
        "feed_id=999": "invalid feed ID",
        "category_id=999": "invalid category ID",
    }
    for query, message in refusals.items():
        answer = client.get(f"/v1/entries?{query}", headers=ANA)
        assert (answer.status_code, answer.json()) == (400, {"error_message": message}), query
    assert client.get("/v1/entries?order=headline", headers=ANA).status_code == 400


def test_path_ids_that_are_not_positive_integers_are_refused(small: Store) -> None:
    client = app_client(small)
    for method, path, message in [
        ("GET", "/v1/feeds/zero", "invalid feed ID"),
        ("GET", "/v1/feeds/0", "invalid feed ID"),
        ("DELETE", "/v1/feeds/-3", "invalid feed ID"),
        ("GET", "/v1/feeds/99999999999999999999/entries", "invalid feed ID"),
        ("GET", "/v1/entries/1.5", "invalid entry ID"),
        ("PUT", "/v1/entries/x/bookmark", "invalid entry ID"),
        ("GET", "/v1/categories/none/entries", "invalid category ID"),
    ]:
        answer = client.request(method, path, headers=ANA)
        assert (answer.status_code, answer.json()) == (400, {"error_message": message}), path
    unknown = client.get("/v1/entries/123456789", headers=ANA)
    assert (unknown.status_code, unknown.json()) == (404, {"error_message": "resource not found"})


def test_another_readers_feeds_and_entries_are_out_of_reach(
    small: Store, readers: tuple[Reader, Reader]
) -> None:
    client = app_client(small)
    bens_feed = feed_number(client, FEED_B, BEN)
    bens = [e["id"] for e in entries(client, f"/v1/feeds/{bens_feed}/entries", BEN)["entries"]]
    assert len(bens) == 3 and bens_feed not in {f["id"] for f in client.get("/v1/feeds", headers=ANA).json()}
    assert not set(bens) & {e["id"] for e in entries(client)["entries"]}
    for method, path in [
        ("GET", f"/v1/feeds/{bens_feed}"),
        ("DELETE", f"/v1/feeds/{bens_feed}"),
        ("PUT", f"/v1/feeds/{bens_feed}/mark-all-as-read"),
        ("GET", f"/v1/entries/{bens[0]}"),
        ("PUT", f"/v1/entries/{bens[0]}/bookmark"),
    ]:
        assert client.request(method, path, headers=ANA).status_code == 404, path
    # as Miniflux: a feed that is not the user's, asked for its entries, is an invalid feed ID
    assert client.get(f"/v1/feeds/{bens_feed}/entries", headers=ANA).status_code == 400
    changed = client.put(
        "/v1/entries", headers=ANA, json={"entry_ids": bens, "status": "read", "starred": True}
    )
    assert changed.status_code == 204
    after = entries(client, f"/v1/feeds/{bens_feed}/entries", BEN)["entries"]
    assert all(e["status"] == "unread" and not e["starred"] for e in after) and len(after) == 3
    assert small.subscriptions(readers[1]).get(bens_feed) is not None


def test_a_change_sent_as_newsboat_sends_it_json_labelled_as_a_form_is_applied(small: Store) -> None:
    client = app_client(small)
    first = entries(client)["entries"][0]["id"]

    def put(body: bytes) -> httpx.Response:
        # newsboat 2.21 MinifluxApi::update_articles: nlohmann dump(), sent by curl as a form
        form = {"Content-Type": "application/x-www-form-urlencoded", **ANA}
        return client.put("/v1/entries", headers=form, content=body)

    answer = put(b'{"entry_ids":[%d],"status":"read"}' % first)
    assert answer.status_code == 204 and answer.content == b""  # newsboat takes an empty body as success
    assert client.get(f"/v1/entries/{first}", headers=ANA).json()["status"] == "read"
    assert put(b'{"entry_ids":[%d],"status":"unread"}' % first).status_code == 204
    assert client.get(f"/v1/entries/{first}", headers=ANA).json()["status"] == "unread"
    # an empty feed marked read sends no ids: nothing to do (Miniflux would answer 400)
    assert put(b'{"entry_ids":[],"status":"read"}').status_code == 204
    assert entries(client, status="read")["total"] == 0
    for body, message in [
        (b"entry_ids=1&status=read", "the request body is not valid JSON"),
        (b"[1]", "the request body must be a JSON object"),
        (b'{"entry_ids":[1]}', "either the status or the starred field must be specified"),
        (
            b'{"entry_ids":[1],"status":"removed"}',
            'invalid entry status, valid status values are: "read" and "unread"',
        ),
        (b'{"entry_ids":["1"],"status":"read"}', "entry_ids must be a list of entry IDs"),
    ]:
        refused = put(body)
        assert (refused.status_code, refused.json()) == (400, {"error_message": message}), body


def test_bookmark_and_star_toggle_an_entrys_star(small: Store) -> None:
    client = app_client(small)
    first = entries(client)["entries"][0]["id"]
    starred = []
    for path in ("bookmark", "bookmark", "star"):
        answer = client.put(f"/v1/entries/{first}/{path}", headers=ANA)
        assert answer.status_code == 204 and answer.content == b""
        starred.append(client.get(f"/v1/entries/{first}", headers=ANA).json()["starred"])
    assert starred == [True, False, True]


def test_marking_a_feed_read_and_the_counters(small: Store) -> None:
    client = app_client(small)
    feed_a = feed_number(client, FEED_A)
    counters = client.get("/v1/feeds/counters", headers=ANA).json()
    # miniflux/v2 internal/model/feed.go FeedCounters: Go writes a map's int keys as strings
    assert counters == {"reads": {}, "unreads": {str(feed_a): 4, str(BY_HAND_FEED_ID): 1}}
    answer = client.put(f"/v1/feeds/{feed_a}/mark-all-as-read", headers=ANA)
    assert answer.status_code == 204 and answer.content == b""
    counters = client.get("/v1/feeds/counters", headers=ANA).json()
    assert counters == {"reads": {str(feed_a): 4}, "unreads": {str(BY_HAND_FEED_ID): 1}}
    assert client.get("/v1/feeds/counters", headers=BEN).json()["reads"] == {}


def test_paging_through_a_thousand_entries_gives_each_once(
    store: Store, readers: tuple[Reader, Reader]
) -> None:
    store.add([make_article(n) for n in range(1_000)], feed_url=FEED_A)
    client = app_client(store)
    feed_a = feed_number(client, FEED_A)
    by_offset: list[int] = []
    for offset in range(0, 1_100, 100):
        page = entries(client, f"/v1/feeds/{feed_a}/entries", limit=100, offset=offset)
        assert page["total"] == 1_000
        by_offset += [e["id"] for e in page["entries"]]
    by_continuation: list[int] = []
    while page := entries(client, order="id", limit=150, after_entry_id=(by_continuation or [0])[-1])[
        "entries"
    ]:
        by_continuation += [e["id"] for e in page]
    assert len(by_offset) == len(set(by_offset)) == 1_000
    assert by_continuation == sorted(by_offset) and len(by_continuation) == 1_000


def test_reading_one_copy_of_a_dispatch_reads_every_copy_in_every_feed(
    store: Store, database_url: str, processed_samples: list[Article], readers: tuple[Reader, Reader]
) -> None:
    store.subscriptions(readers[0]).follow(FEED_B, NOW)
    copies = afp(processed_samples)
    store.add(copies[:3], feed_url=FEED_A)
    store.add(copies[2:], feed_url=FEED_B)  # the third through both feeds
    merge(store, database_url)
    client = app_client(store)
    headlines = {copy.headline for copy in copies}
    nepal = [e for e in entries(client)["entries"] if e["title"] in headlines]
    assert len(nepal) == 5 and {e["status"] for e in nepal} == {"unread"}
    counters = client.get("/v1/feeds/counters", headers=ANA).json()
    assert sum(counters["unreads"].values()) == 5
    assert client.put("/v1/entries", headers=ANA, json={"entry_ids": [nepal[-1]["id"]], "status": "read"})
    after = [e for e in entries(client)["entries"] if e["title"] in headlines]
    assert len(after) == 5 and {e["status"] for e in after} == {"read"}
    assert {e["feed"]["feed_url"] for e in after} == {FEED_A, FEED_B}
    assert client.get("/v1/feeds/counters", headers=ANA).json() == {
        "reads": {str(feed_number(client, FEED_A)): 3, str(feed_number(client, FEED_B)): 2},
        "unreads": {},
    }
    # Ben reads his own: Ana's reading is hers alone
    assert {e["status"] for e in entries(client, auth=BEN)["entries"] if e["title"] in headlines} == {
        "unread"
    }


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as running:
        yield running


def test_a_feed_is_followed_by_its_url_into_a_category_and_removed(
    small: Store, site: Site, readers: tuple[Reader, Reader]
) -> None:
    client = app_client(small)
    url = site.url("/feeds/rss20_full.xml")
    small.feeds.add(url, NOW)  # a feed the server has: followed without a first poll
    tech = client.get("/v1/categories", headers=ANA).json()[1]["id"]
    created = client.post("/v1/feeds", headers=ANA, json={"feed_url": url, "category_id": tech})
    # miniflux/v2 internal/api/feed_handlers.go createFeedHandler: 201 feedCreationResponse
    assert created.status_code == 201 and set(created.json()) == {"feed_id"}, created.text
    number = created.json()["feed_id"]
    followed = client.get(f"/v1/feeds/{number}", headers=ANA).json()
    assert (followed["feed_url"], followed["category"]["title"]) == (url, "Tech") and site.hits[
        "/feeds/rss20_full.xml"
    ]
    for body, message in [
        ({"feed_url": url}, "This feed already exists."),
        ({"feed_url": "ftp://example.com/feed"}, "Invalid feed URL."),
        ({"category_id": tech}, "The URL and the category are mandatory."),
        (
            {"feed_url": site.url("/feeds/other.xml"), "category_id": 12345},
            "This category does not exist or does not belong to this user.",
        ),
    ]:
        refused = client.post("/v1/feeds", headers=ANA, json=body)
        assert (refused.status_code, refused.json()) == (400, {"error_message": message})
    missing = client.post("/v1/feeds", headers=ANA, json={"feed_url": site.url("/feeds/gone.xml")})
    assert missing.status_code == 400 and "gone.xml" in missing.json()["error_message"]
    assert client.delete(f"/v1/feeds/{number}", headers=ANA).status_code == 204
    assert client.get(f"/v1/feeds/{number}", headers=ANA).status_code == 404
    built_in = client.delete(f"/v1/feeds/{BY_HAND_FEED_ID}", headers=ANA)
    assert built_in.status_code == 400 and "built in" in built_in.json()["error_message"]
