"""The Google Reader API (serve/sync/greader.py) as its apps use it, on SQLite and PostgreSQL:
each endpoint over HTTP, each answer checked field by field against the shapes FreshRSS, Miniflux
and FeedHQ give (the source of each named where it is checked), credentials and tokens refused,
one reader's feeds and entries out of another's reach, paging by continuation that gives each
entry once, and folding: an app that reads one copy of a dispatch finds every copy read, in every
feed, in JSON and in the Atom newsboat reads."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient
from lxml import etree

from newsbite.accounts import hash_password
from newsbite.config import Settings
from newsbite.model import Article
from newsbite.serve import create_app
from newsbite.store import Reader, Store, open_store
from tests.factories import make_article
from tests.serve.conftest import SERVER_URL
from tests.site import Site, SiteHandler
from tests.store.test_states import FEED_A, FEED_B, NOW, afp, merge

SETTINGS = Settings(
    allow_hosts="127.0.0.1",
    fetch_host_interval_seconds=0,
    fetch_retries=0,
    fetch_backoff_seconds=0.01,
    login_rate_limit="1000/minute",
    # A feed quickadd brings in is polled after the answer: cleaning alone keeps that quick.
    stages="clean",
)
ANA_PASSWORD, BEN_PASSWORD = "ana's app password", "ben's app password"
# argon2 is slow on purpose: each password hashed once for the module.
ANA_HASH, BEN_HASH = hash_password(ANA_PASSWORD), hash_password(BEN_PASSWORD)
API = "/reader/api/0"
STATE = "user/-/state/com.google/"
READ, STARRED, READING_LIST = STATE + "read", STATE + "starred", STATE + "reading-list"
LONG_ID = re.compile(r"^tag:google\.com,2005:reader/item/[0-9a-f]{16}$")
ATOM = "{http://www.w3.org/2005/Atom}"
GOOGLE_SCHEME = "http://www.google.com/reader/"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
SITE_FEED = "/feeds/rss20_full.xml"


@dataclass
class App:
    """A served store and what each reader's app sends: its auth header and its T token."""

    client: TestClient
    store: Store
    ana: Reader
    ben: Reader
    auth: dict[str, dict[str, str]]
    token: dict[str, str]

    def get(self, path: str, who: str = "ana", **params: Any) -> httpx.Response:
        return self.client.get(path, params=params, headers=self.auth[who])

    def post(self, path: str, body: str, who: str = "ana", token: str | None = None) -> httpx.Response:
        """A form sent as newsboat sends it: the body as written (ids, streams and T unescaped)."""
        body = f"{body}&T={self.token[who] if token is None else token}"
        return self.client.post(path, content=body, headers={**self.auth[who], **FORM})

    def json(self, path: str, who: str = "ana", **params: Any) -> Any:
        answer = self.get(path, who, **params)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def feed(self, url: str, who: str = "ana") -> str:
        """The stream id of a reader's feed, from their subscription list."""
        listed = self.json(f"{API}/subscription/list", who, output="json")["subscriptions"]
        return next(feed["id"] for feed in listed if feed["url"] == url)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = open_store(database_url)
    yield opened
    opened.close()


def readers(store: Store) -> tuple[Reader, Reader]:
    """Ana and Ben, each with an API password: Ana follows feed A (in "World"), Ben feed B."""
    for name, password_hash in (("Ana", ANA_HASH), ("Ben", BEN_HASH)):
        store.readers.add(name, password_hash, NOW)
        store.readers.set_api_password(name, password_hash)
    ana, ben = store.readers.get("Ana"), store.readers.get("Ben")
    assert ana is not None and ben is not None
    store.subscriptions(ana).follow(FEED_A, NOW, category="World")
    store.subscriptions(ben).follow(FEED_B, NOW)
    return ana, ben


def signed_in(store: Store) -> App:
    client = TestClient(create_app(SETTINGS, store), base_url=SERVER_URL, raise_server_exceptions=False)
    ana, ben = store.readers.get("Ana"), store.readers.get("Ben")
    assert ana is not None and ben is not None
    auth, token = {}, {}
    for who, name, password in (("ana", "Ana", ANA_PASSWORD), ("ben", "Ben", BEN_PASSWORD)):
        login = client.post("/accounts/ClientLogin", data={"Email": name, "Passwd": password})
        found = re.search(r"^Auth=(\S+)$", login.text, re.MULTILINE)
        assert login.status_code == 200 and found, login.text
        auth[who] = {"Authorization": f"GoogleLogin auth={found.group(1)}"}
        token[who] = client.get(f"{API}/token", headers=auth[who]).text
    return App(client, store, ana, ben, auth, token)


@pytest.fixture
def app(store: Store) -> App:
    """Four articles through feed A (Ana's), three through feed B (Ben's), one added by hand."""
    readers(store)
    store.add([make_article(n) for n in range(4)], feed_url=FEED_A)
    store.add([make_article(n) for n in range(4, 7)], feed_url=FEED_B)
    store.add([make_article(7)])
    return signed_in(store)


def contents(app: App, stream: str, who: str = "ana", **params: Any) -> dict[str, Any]:
    return app.json(f"{API}/stream/contents/{stream}", who, **params)


def titles(body: dict[str, Any]) -> list[str]:
    return [item["title"] for item in body["items"]]


def unread(app: App, who: str = "ana") -> dict[str, int]:
    counts = app.json(f"{API}/unread-count", who, output="json")["unreadcounts"]
    return {row["id"]: row["count"] for row in counts}


def atom(app: App, stream: str, who: str = "ana", n: int = 20) -> etree._Element:
    # As newsboat asks: the stream id escaped whole, `n` its feedhq-min-items.
    answer = app.client.get(f"/reader/atom/{quote(stream, safe='')}?n={n}", headers=app.auth[who])
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/atom+xml")
    return etree.fromstring(answer.content)


def atom_labels(entry: etree._Element) -> set[str]:
    """The labels newsboat reads: of categories in Google Reader's scheme alone."""
    return {c.get("label") for c in entry.iter(f"{ATOM}category") if c.get("scheme") == GOOGLE_SCHEME}


# Signing in


def test_client_login_answers_auth_lines_and_refuses_a_wrong_password(store: Store) -> None:
    readers(store)
    client = TestClient(create_app(SETTINGS, store), base_url=SERVER_URL)
    # newsboat's exact body (feedhqapi.cpp retrieve_auth), through a doubled slash (a server
    # address typed with a trailing slash).
    body = (
        "service=reader&Email=Ana&Passwd=ana%27s%20app%20password&source=newsboat0.000000"
        "&accountType=HOSTED_OR_GOOGLE&continue=http://www.google.com/"
    )
    answer = client.post(f"{SERVER_URL}//accounts/ClientLogin", content=body, headers=FORM)
    # Miniflux googlereader/response.go loginResponse.String: SID, LSID and Auth lines.
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    sid, lsid, auth = answer.text.splitlines()
    assert sid.startswith("SID=") and lsid.startswith("LSID=") and auth.startswith("Auth=")
    assert answer.text.endswith("\n") and " " not in auth
    # FreshRSS p/api/greader.php accepts the same as a GET.
    by_get = client.get("/accounts/ClientLogin", params={"Email": "Ana", "Passwd": ANA_PASSWORD})
    assert by_get.status_code == 200 and auth in by_get.text
    for name, password in (("Ana", "wrong"), ("Ben", ANA_PASSWORD), ("Nobody", ANA_PASSWORD)):
        refused = client.post("/accounts/ClientLogin", data={"Email": name, "Passwd": password})
        assert (refused.status_code, refused.text) == (401, "Unauthorized")
        assert "Auth=" not in refused.text
    missing = client.post("/accounts/ClientLogin", data={"Email": "Ana"})
    assert missing.status_code == 400 and "Passwd" in missing.text


def test_reader_requests_without_a_good_googlelogin_auth_are_refused(app: App) -> None:
    good = app.auth["ana"]["Authorization"]
    forged = good[:-4] + ("0000" if not good.endswith("0000") else "1111")
    for headers in (
        {},
        {"Authorization": forged},
        {"Authorization": good.replace("GoogleLogin", "Bearer")},
        {"Authorization": "GoogleLogin auth="},
        {"Authorization": "GoogleLogin auth=99999/" + "0" * 40},
    ):
        for path in (f"{API}/token", f"{API}/subscription/list", "/reader/atom/feed%2F1"):
            refused = app.client.get(path, headers=headers)
            assert (refused.status_code, refused.text) == (401, "Unauthorized"), (headers, path)
            assert refused.headers["content-type"].startswith("text/plain")
    # The token: FreshRSS's length, no newline (newsboat sends the body back as T verbatim), and
    # the path may come with a doubled slash.
    token = app.client.get(f"{SERVER_URL}/{API}/token", headers=app.auth["ana"])
    assert token.status_code == 200 and token.text == app.token["ana"]
    assert len(token.text) == 57 and token.text.strip() == token.text
    assert token.text != app.token["ben"]


def test_a_post_without_the_readers_own_t_token_changes_nothing(app: App) -> None:
    feed = app.feed(FEED_A)
    [first, *_] = app.json(f"{API}/stream/items/ids", s=feed)["itemRefs"]
    body = f"i={first['id']}&a={READ}&ac=edit"
    for token in ("", "x", app.token["ben"]):
        refused = app.post(f"{API}/edit-tag", body, token=token)
        # Miniflux googlereader/response.go sendUnauthorizedResponse: 401, "Unauthorized", and the
        # header that tells an app to fetch a new token.
        assert (refused.status_code, refused.text) == (401, "Unauthorized")
        assert refused.headers["x-reader-google-bad-token"] == "true"
    no_token = app.client.post(f"{API}/edit-tag", content=body, headers={**app.auth["ana"], **FORM})
    assert no_token.status_code == 401
    assert unread(app)[feed] == 4
    # A token sent back with a newline still counts (FreshRSS trims T).
    assert app.post(f"{API}/edit-tag", body, token=app.token["ana"] + "\n").text == "OK"
    assert unread(app)[feed] == 3


# Listing


def test_user_info_and_tag_list_have_freshrss_and_miniflux_shapes(app: App) -> None:
    # FreshRSS p/api/greader.php userInfo; Miniflux googlereader/response.go userInfoResponse.
    info = app.json(f"{API}/user-info")
    assert info == {
        "userId": str(app.ana.seq),
        "userName": "Ana",
        "userProfileId": str(app.ana.seq),
        "userEmail": "",
    }
    # Miniflux googlereader/response.go tagsResponse (subscriptionCategoryResponse with type folder).
    tags = app.json(f"{API}/tag/list", output="json")["tags"]
    assert tags == [{"id": STARRED}, {"id": "user/-/label/World", "label": "World", "type": "folder"}]
    assert app.json(f"{API}/tag/list", "ben", output="json")["tags"] == [{"id": STARRED}]


def test_subscription_list_gives_the_readers_feeds_and_what_was_added_by_hand(app: App) -> None:
    listed = app.json(f"{API}/subscription/list", output="json")["subscriptions"]
    # FreshRSS p/api/greader.php subscriptionList; newsboat 2.21 reads id and title, as strings.
    assert [feed["url"] for feed in listed] == [FEED_A, ""]
    feed_a, by_hand = listed
    assert set(feed_a) == {"id", "title", "categories", "url", "htmlUrl", "iconUrl"}
    assert re.fullmatch(r"feed/[1-9]\d*", feed_a["id"]) and isinstance(feed_a["title"], str)
    assert feed_a["categories"] == [{"id": "user/-/label/World", "label": "World", "type": "folder"}]
    assert by_hand == {
        "id": "feed/0",
        "title": "Added by hand",
        "categories": [],
        "url": "",
        "htmlUrl": "",
        "iconUrl": "",
    }
    bens = app.json(f"{API}/subscription/list", "ben", output="json")["subscriptions"]
    assert [feed["url"] for feed in bens] == [FEED_B, ""] and bens[0]["id"] != feed_a["id"]


def test_unread_count_counts_entries_by_feed_label_and_reading_list(app: App) -> None:
    answer = app.json(f"{API}/unread-count", output="json")
    feed = app.feed(FEED_A)
    # FreshRSS p/api/greader.php unreadCount: id, count, newestItemTimestampUsec as a string of µs.
    for row in answer["unreadcounts"]:
        assert set(row) == {"id", "count", "newestItemTimestampUsec"}
        assert re.fullmatch(r"\d{16}", row["newestItemTimestampUsec"])
    assert unread(app) == {feed: 4, "feed/0": 1, "user/-/label/World": 4, READING_LIST: 5}
    assert answer["max"] == 5
    assert unread(app, "ben") == {app.feed(FEED_B, "ben"): 3, "feed/0": 1, READING_LIST: 4}


def test_stream_contents_gives_items_in_freshrss_shape_for_every_kind_of_stream(app: App) -> None:
    feed = app.feed(FEED_A)
    body = contents(app, feed)
    # FreshRSS app/Models/Entry.php toGReader; Miniflux googlereader/response.go contentItem.
    assert body["id"] == feed and isinstance(body["updated"], int) and "continuation" not in body
    assert titles(body) == [f"Harbour story number {n}" for n in (3, 2, 1, 0)]  # newest first
    item = body["items"][0]
    assert LONG_ID.match(item["id"])
    assert item["crawlTimeMsec"] + "000" == item["timestampUsec"] and item["timestampUsec"].isdigit()
    assert isinstance(item["published"], int) and item["published"] == item["updated"]
    assert item["canonical"] == [{"href": "https://harbourherald.example/news/3?utm_source=feed"}]
    assert item["alternate"] == [{"href": item["canonical"][0]["href"], "type": "text/html"}]
    assert item["categories"] == [READING_LIST, "user/-/label/World"]
    assert item["origin"] == {"streamId": feed, "title": FEED_A, "htmlUrl": ""}
    assert "Story 3 about the harbour" in item["summary"]["content"]
    assert item["summary"] == item["content"] and item["content"]["direction"] == "ltr"
    # The same stream escaped as newsboat does, by ?s= (BazQux, FreshRSS), and by its feed URL.
    assert contents(app, quote(feed, safe=""))["items"] == body["items"]
    assert app.json(f"{API}/stream/contents", s=feed)["items"] == body["items"]
    assert app.json(f"{API}/stream/contents", s=f"feed/{FEED_A}")["items"] == body["items"]
    assert titles(contents(app, "user/-/label/World")) == titles(body)
    everything = contents(app, READING_LIST)
    assert len(everything["items"]) == 5 and everything["items"][0]["origin"]["streamId"] == "feed/0"
    assert titles(contents(app, feed, r="o")) == titles(body)[::-1]
    # ot and nt bound the article's time: stories 0 to 3 are dated 1 to 4 May 2026, an hour apart.
    noon_of_2_may = int(datetime(2026, 5, 2, 12, tzinfo=UTC).timestamp())
    assert titles(contents(app, feed, ot=noon_of_2_may)) == titles(body)[:2]
    assert titles(contents(app, feed, nt=noon_of_2_may)) == titles(body)[2:]
    assert [item["published"] for item in body["items"]][-1] == noon_of_2_may - 36 * 3600
    assert contents(app, STARRED)["items"] == contents(app, READ)["items"] == []
    assert contents(app, STATE + "broadcast")["items"] == []


def test_item_ids_and_items_contents_take_long_short_and_bare_hex_ids(app: App) -> None:
    feed = app.feed(FEED_A)
    refs = app.json(f"{API}/stream/items/ids", s=feed, n=3)
    # Miniflux googlereader/response.go streamIDResponse: decimal ids; a full page continues.
    assert [set(ref) for ref in refs["itemRefs"]] == [{"id", "timestampUsec"}] * 3
    ids = [int(ref["id"]) for ref in refs["itemRefs"]]
    # The continuation is opaque to apps: where the page ended in arrival order (greader.py).
    assert ids == sorted(ids, reverse=True) and re.fullmatch(r"\d+\.\d+", refs["continuation"])
    rest = app.json(f"{API}/stream/items/ids", s=feed, n=3, c=refs["continuation"])
    assert len(rest["itemRefs"]) == 1 and "continuation" not in rest
    long_ids = [f"tag:google.com,2005:reader/item/{value:016x}" for value in ids]
    bens = app.json(f"{API}/stream/items/ids", "ben", s=app.feed(FEED_B, "ben"))["itemRefs"][0]["id"]
    # Long (padded and not, as NetNewsWire sends), bare 16 hex (Reeder), decimal (Liferea).
    asked = [long_ids[2], f"tag:google.com,2005:reader/item/{ids[0]:x}", f"{ids[1]:016x}", bens]
    answer = app.post(f"{API}/stream/items/contents", "&".join(f"i={value}" for value in asked))
    assert answer.status_code == 200, answer.text
    # FreshRSS p/api/greader.php streamContentsItems: the stream shape without continuation.
    body = answer.json()
    assert [item["id"] for item in body["items"]] == [long_ids[2], long_ids[0], long_ids[1]]
    assert "continuation" not in body and body["id"] == READING_LIST


# Changing state


def test_edit_tag_reads_unreads_stars_and_ignores_unknown_tags(app: App) -> None:
    feed = app.feed(FEED_A)
    [item, *_] = contents(app, feed)["items"]
    # newsboat's bodies (feedhqapi.cpp mark_article_read_with_token), ids and tags unescaped.
    read = f"i={item['id']}&a={READ}&r={STATE}kept-unread&ac=edit"
    assert app.post(f"{API}/edit-tag", read).text == "OK"
    assert READ in contents(app, feed)["items"][0]["categories"]
    unread_again = f"i={item['id']}&r={READ}&a={STATE}kept-unread&a={STATE}tracking-kept-unread&ac=edit"
    answer = app.post(f"{API}/edit-tag", unread_again)
    assert (answer.status_code, answer.text) == (200, "OK")
    assert READ not in contents(app, feed)["items"][0]["categories"]
    short_ids = "&".join(f"i={int(i['id'][-16:], 16)}" for i in contents(app, feed)["items"][:2])
    assert (
        app.post(f"{API}/edit-tag", f"{short_ids}&a={STARRED}&a=user/-/label/Mine&a={STATE}like").text == "OK"
    )
    assert titles(contents(app, STARRED)) == titles(contents(app, feed))[:2]
    assert app.post(f"{API}/edit-tag", f"i={item['id']}&r={STARRED}").text == "OK"
    assert len(contents(app, STARRED)["items"]) == 1
    assert unread(app)[feed] == 4  # starring is not reading
    # Excluding and including states, as apps sync: xt read leaves the unread, it starred the starred.
    assert app.post(f"{API}/edit-tag", f"i={item['id']}&a={READ}").text == "OK"
    assert len(contents(app, feed, xt=READ)["items"]) == 3
    assert len(contents(app, feed, it=STARRED)["items"]) == 1
    assert contents(app, READ, xt=READ)["items"] == []


def test_mark_all_as_read_reads_a_stream_up_to_ts(app: App) -> None:
    feed = app.feed(FEED_A)
    # Before any entry arrived, in seconds: nothing is read.
    assert app.post(f"{API}/mark-all-as-read", f"s={feed}&ts=946684800").text == "OK"
    assert unread(app)[feed] == 4
    newest = next(r for r in app.json(f"{API}/unread-count")["unreadcounts"] if r["id"] == feed)
    # In µs, as Miniflux and FreshRSS take it: up to the newest entry the app was told of.
    assert (
        app.post(f"{API}/mark-all-as-read", f"s={feed}&ts={newest['newestItemTimestampUsec']}").text == "OK"
    )
    counts = unread(app)
    assert feed not in counts and counts[READING_LIST] == 1 and "user/-/label/World" not in counts
    # newsboat sends no ts (feedhqapi.cpp mark_all_read): the whole stream.
    assert app.post(f"{API}/mark-all-as-read", "s=feed/0").text == "OK"
    assert unread(app)[READING_LIST] == 0
    assert unread(app, "ben")[READING_LIST] == 4  # Ben's state is his own


def test_another_readers_feeds_and_entries_are_out_of_reach(app: App) -> None:
    bens_feed = app.feed(FEED_B, "ben")
    bens_ids = [ref["id"] for ref in app.json(f"{API}/stream/items/ids", "ben", s=bens_feed)["itemRefs"]]
    mine = {item["origin"]["streamId"] for item in contents(app, READING_LIST, n=100)["items"]}
    assert bens_feed not in mine
    for path, params in (
        (f"{API}/stream/contents/{bens_feed}", {}),
        (f"{API}/stream/items/ids", {"s": bens_feed}),
    ):
        refused = app.get(path, **params)
        assert (
            refused.status_code == 404
            and refused.text == f"{bens_feed}: not among the reader's subscriptions"
        )
    assert app.client.get(f"/reader/atom/{bens_feed}", headers=app.auth["ana"]).status_code == 404
    assert app.get(f"{API}/stream/contents/feed/{FEED_B}").status_code == 404
    # His entry ids through Ana's edit-tag and items/contents: answered, and nothing of his touched.
    ids = "&".join(f"i={value}" for value in bens_ids)
    assert app.post(f"{API}/edit-tag", f"{ids}&a={READ}&a={STARRED}").text == "OK"
    assert app.post(f"{API}/stream/items/contents", ids).json()["items"] == []
    assert app.post(f"{API}/mark-all-as-read", f"s={bens_feed}").status_code == 404
    for action in ("unsubscribe", "edit"):
        assert app.post(f"{API}/subscription/edit", f"ac={action}&s={bens_feed}&t=Mine").status_code == 404
    assert unread(app, "ben")[bens_feed] == 3 and contents(app, STARRED, "ben")["items"] == []
    assert [feed["url"] for feed in app.json(f"{API}/subscription/list", "ben")["subscriptions"]] == [
        FEED_B,
        "",
    ]


def test_bad_input_is_answered_400_in_plain_text_naming_it(app: App) -> None:
    feed = app.feed(FEED_A)
    for path, params, named in (
        (f"{API}/stream/contents/nonsense", {}, "nonsense"),
        (f"{API}/stream/contents/user/-/state/com.google/nonsense", {}, "nonsense"),
        (f"{API}/stream/items/ids", {}, "s="),
        (f"{API}/stream/contents/{feed}", {"n": "many"}, "n="),
        (f"{API}/stream/contents/{feed}", {"n": "0"}, "n="),
        (f"{API}/stream/contents/{feed}", {"c": "page2"}, "c="),
        (f"{API}/stream/contents/{feed}", {"r": "x"}, "r="),
        (f"{API}/stream/contents/{feed}", {"ot": "yesterday"}, "ot="),
        (f"{API}/stream/contents/{feed}", {"nt": "9" * 30}, "nt="),
        (f"{API}/stream/contents/{feed}", {"xt": "feed/0"}, "xt="),
    ):
        answer = app.get(path, **params)
        assert answer.status_code == 400 and named in answer.text, (path, params, answer.text)
        assert answer.headers["content-type"].startswith("text/plain")
    for path, body, named in (
        (f"{API}/edit-tag", f"i=not-an-id&a={READ}", "not-an-id"),
        (f"{API}/edit-tag", f"i=tag:google.com,2005:reader/item/xyz&a={READ}", "item/xyz"),
        (f"{API}/edit-tag", f"i={'9' * 40}&a={READ}", "i="),
        (f"{API}/edit-tag", f"a={READ}", "i="),
        (f"{API}/stream/items/contents", "i=0", "i="),
        (f"{API}/mark-all-as-read", "s=feed/0&ts=soon", "ts="),
        (f"{API}/mark-all-as-read", "s=starred", "starred"),
        (f"{API}/subscription/edit", f"ac=rename&s={feed}", "ac="),
        (f"{API}/subscription/edit", "ac=edit&s=feed/0&t=Mine", "feed/0"),
        (f"{API}/subscription/edit", f"ac=edit&s={feed}&a=World", "a="),
        (f"{API}/subscription/quickadd", "quickadd=file:///etc/passwd", "quickadd="),
    ):
        answer = app.post(path, body)
        assert answer.status_code == 400 and named in answer.text, (path, body, answer.text)
    assert unread(app)[feed] == 4


# Subscriptions


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as running:
        running.routes["/home"] = lambda handler: _home_page(handler)
        yield running


def _home_page(handler: SiteHandler) -> None:
    link = f'<link rel="alternate" type="application/rss+xml" href="{SITE_FEED}">'
    page = f"<html><head><title>Courier</title>{link}</head><body><p>News.</p></body></html>"
    handler.send_body(page.encode(), "text/html; charset=utf-8")


def test_quickadd_and_subscription_edit_follow_rename_move_and_unfollow(app: App, site: Site) -> None:
    # Found through the safe fetcher as `feeds add` finds it: the page advertises its feed.
    answer = app.post(f"{API}/subscription/quickadd", f"quickadd={site.url('/home')}")
    # FreshRSS p/api/greader.php quickadd; Miniflux googlereader/response.go quickAddResponse.
    added = answer.json()
    assert set(added) == {"numResults", "query", "streamId", "streamName"}
    assert added["numResults"] == 1 and added["query"] == site.url(SITE_FEED)
    assert added["streamId"] == app.feed(site.url(SITE_FEED)) and isinstance(added["streamName"], str)
    # Polled after the answer, through the intake: its items are there at once.
    assert len(contents(app, added["streamId"])["items"]) > 0
    stream = added["streamId"]
    assert (
        app.post(f"{API}/subscription/edit", f"ac=edit&s={stream}&t=Courier&a=user/-/label/Local").text
        == "OK"
    )
    listed = {feed["id"]: feed for feed in app.json(f"{API}/subscription/list")["subscriptions"]}
    assert listed[stream]["title"] == "Courier"
    assert listed[stream]["categories"] == [{"id": "user/-/label/Local", "label": "Local", "type": "folder"}]
    assert app.post(f"{API}/subscription/edit", f"ac=edit&s={stream}&r=user/-/label/Local").text == "OK"
    listed = {feed["id"]: feed for feed in app.json(f"{API}/subscription/list")["subscriptions"]}
    assert listed[stream]["categories"] == [] and listed[stream]["title"] == "Courier"
    assert app.post(f"{API}/subscription/edit", f"ac=unsubscribe&s={stream}").text == "OK"
    assert stream not in {feed["id"] for feed in app.json(f"{API}/subscription/list")["subscriptions"]}
    # Subscribing by the feed's own address, with a title and a label (FreshRSS subscriptionEdit).
    body = f"ac=subscribe&s=feed/{quote(site.url(SITE_FEED), safe='')}&t=Again&a=user/-/label/News"
    assert app.post(f"{API}/subscription/edit", body).text == "OK"
    again = next(
        f for f in app.json(f"{API}/subscription/list")["subscriptions"] if f["url"] == site.url(SITE_FEED)
    )
    assert again["title"] == "Again" and again["categories"][0]["label"] == "News"
    # A page with no feed: FreshRSS's numResults 0 with the reason.
    missing = app.post(f"{API}/subscription/quickadd", f"quickadd={site.url('/nowhere.html')}").json()
    assert missing["numResults"] == 0 and site.url("/nowhere.html") in missing["error"]


# Atom, as newsboat reads it


def test_atom_gives_the_newest_n_with_each_state_as_newsboat_reads_it(app: App) -> None:
    feed = app.feed(FEED_A)
    [first, second, *_] = contents(app, feed)["items"]
    app.post(f"{API}/edit-tag", f"i={first['id']}&a={READ}&a={STARRED}")
    answer = app.client.get(f"{SERVER_URL}//reader/atom/{quote(feed, safe='')}?n=3", headers=app.auth["ana"])
    # Nothing a client could send back to get a 304 and miss state changed since.
    assert (
        answer.status_code == 200 and "etag" not in answer.headers and "last-modified" not in answer.headers
    )
    # FeedHQ feedhq/reader/renderers.py AtomRenderer: Atom the default namespace (newsboat 2.21
    # rss/parser.cpp takes the feed for Atom 1.0 only then), Google Reader's categories.
    root = etree.fromstring(answer.content)
    assert root.tag == f"{ATOM}feed" and root.nsmap[None] == ATOM.strip("{}")
    assert root.findtext(f"{ATOM}title") == FEED_A
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [i["id"] for i in contents(app, feed, n=3)["items"]]
    newest, next_one = entries[0], entries[1]
    assert atom_labels(newest) == {"reading-list", "World", "read", "starred"}
    assert atom_labels(next_one) == {"reading-list", "World", "kept-unread", "fresh"}
    assert second["id"] == next_one.findtext(f"{ATOM}id")
    for entry in entries:
        for name in ("published", "updated"):
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.findtext(f"{ATOM}{name}"))
        content = entry.find(f"{ATOM}content")
        assert content.get("type") == "html" and content.text.startswith("<p>")
        assert entry.find(f"{ATOM}link").get("href").startswith("https://harbourherald.example/news/")
    assert b"&lt;p&gt;" in answer.content  # the HTML escaped as text
    # Unread again on the server: kept-unread, which overrides what newsboat had cached as read.
    app.post(f"{API}/edit-tag", f"i={first['id']}&r={READ}")
    # `fresh` no more: the reader has changed its state.
    newest_now = atom(app, feed, n=1).find(f"{ATOM}entry")
    assert atom_labels(newest_now) == {"reading-list", "World", "kept-unread", "starred"}


# Paging and folding


def test_continuation_pages_through_a_thousand_entries_each_once(store: Store) -> None:
    readers(store)
    store.add([make_article(n, body=f"Item {n}.") for n in range(1_000, 2_000)], feed_url=FEED_A)
    app = signed_in(store)
    feed = app.feed(FEED_A)
    # Nothing came by hand, so the built-in source is not listed.
    assert [f["id"] for f in app.json(f"{API}/subscription/list")["subscriptions"]] == [feed]
    seen: list[str] = []
    continuation = None
    for _ in range(10):  # four pages of 300 end it; a continuation that went nowhere would not
        params = {"s": feed, "n": 300, **({"c": continuation} if continuation else {})}
        page = app.json(f"{API}/stream/items/ids", **params)
        seen += [ref["id"] for ref in page["itemRefs"]]
        continuation = page.get("continuation")
        if continuation is None:
            break
    assert continuation is None
    assert len(seen) == len(set(seen)) == 1_000
    assert [int(value) for value in seen] == sorted((int(value) for value in seen), reverse=True)
    # Oldest first, whole items, apps asking more than a page may hold (n capped at 1,000).
    first = contents(app, READING_LIST, r="o", n=10_000)
    assert len(first["items"]) == 1_000 and first["continuation"]
    assert contents(app, READING_LIST, r="o", c=first["continuation"])["items"] == []
    oldest = [int(item["id"][-16:], 16) for item in first["items"]]
    assert oldest == sorted(oldest) and {str(value) for value in oldest} == set(seen)


def test_reading_one_copy_reads_every_copy_in_every_feed(
    store: Store, database_url: str, processed_samples: list[Article]
) -> None:
    """The four AFP copies: three through feed A, the last two through feed B (the third in both);
    Ana follows both feeds, Ben feed B alone."""
    ana, _ = readers(store)
    store.subscriptions(ana).follow(FEED_B, NOW)
    copies = afp(processed_samples)
    store.add(copies[:3], feed_url=FEED_A)
    store.add(copies[2:], feed_url=FEED_B)
    merge(store, database_url)
    app = signed_in(store)
    feed_a, feed_b = app.feed(FEED_A), app.feed(FEED_B)
    assert unread(app) == {feed_a: 3, feed_b: 2, "user/-/label/World": 3, READING_LIST: 5}
    [one, *_] = contents(app, feed_a)["items"]
    assert app.post(f"{API}/edit-tag", f"i={one['id']}&a={READ}&r={STATE}kept-unread").text == "OK"
    for stream in (feed_a, feed_b, READING_LIST):
        items = contents(app, stream)["items"]
        assert items and all(READ in item["categories"] for item in items), stream
        entries = atom(app, stream).findall(f"{ATOM}entry")
        assert len(entries) == len(items) and all("read" in atom_labels(e) for e in entries)
        assert all("kept-unread" not in atom_labels(e) for e in entries)
    assert unread(app) == {READING_LIST: 0}
    # For Ana alone: Ben's copies of the dispatch are still unread.
    assert unread(app, "ben") == {app.feed(FEED_B, "ben"): 2, READING_LIST: 2}
