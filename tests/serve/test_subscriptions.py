"""Subscriptions in the browser: follow a feed or a site that advertises one (fetched at once),
rename and move it, unfollow it, OPML out and in, and each feed's page with its health; each
reader's own, each change with its page's CSRF token."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from newsbite.accounts import hash_password
from newsbite.config import Settings
from newsbite.serve import create_app
from newsbite.store import ArticleQuery, Store, open_store, utc_stamp
from tests.factories import make_article
from tests.serve.conftest import SERVER_URL
from tests.serve.test_reading import HTML, csrf_of
from tests.site import Site, SiteHandler

SETTINGS = Settings(
    allow_hosts="127.0.0.1", fetch_host_interval_seconds=0, fetch_retries=0, fetch_backoff_seconds=0.01
)
FEED = "/feeds/rss20_full.xml"


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as running:
        running.routes["/home"] = lambda handler: _home_page(handler, running)
        yield running


def _home_page(handler: SiteHandler, site: Site) -> None:
    page = (
        f'<html><head><title>Courier</title><link rel="alternate" type="application/rss+xml" '
        f'href="{FEED}"></head><body><p>News.</p></body></html>'
    )
    handler.send_body(page.encode(), "text/html; charset=utf-8")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    yield opened
    opened.close()


def reader_client(store: Store) -> TestClient:
    return TestClient(create_app(SETTINGS, store), base_url=SERVER_URL, follow_redirects=False)


def feed_number(response_location: str) -> int:
    found = re.fullmatch(r"/subscriptions/(\d+)", response_location)
    assert found is not None, response_location
    return int(found.group(1))


def follow(client: TestClient, url: str, category: str = "") -> httpx.Response:
    form = client.get("/subscriptions", headers=HTML).text
    return client.post("/subscriptions", data={"url": url, "category": category, "csrf": csrf_of(form)})


def test_following_a_sites_address_finds_its_feed_and_fetches_it_at_once(site: Site, store: Store) -> None:
    client = reader_client(store)
    answer = follow(client, site.url("/home"), "Local")
    assert answer.status_code == 303
    number = feed_number(answer.headers["location"])
    page = client.get(f"/subscriptions/{number}", headers=HTML).text
    # Fetched to find it, then read through the intake after the answer (not left for `watch`).
    assert site.url(FEED) in page and site.hits[FEED] == 2
    assert 'status-ok">ok<' in page and "Last success" in page
    assert len(re.findall(r'data-article="', page)) == store.feeds.get(site.url(FEED)).articles > 0  # type: ignore[union-attr]
    listing = client.get("/subscriptions", headers=HTML).text
    assert "<h3>Local</h3>" in listing


def test_a_page_without_a_feed_is_refused_with_the_reason(site: Site, store: Store) -> None:
    client = reader_client(store)
    answer = follow(client, site.url("/pages/council_vote.html"))
    assert answer.status_code == 422
    assert "Not followed:" in answer.text and "council_vote.html" in answer.text
    assert store.feeds.all() == []


def test_renaming_moving_and_unfollowing(site: Site, store: Store) -> None:
    client = reader_client(store)
    number = feed_number(follow(client, site.url(FEED)).headers["location"])
    page = client.get(f"/subscriptions/{number}", headers=HTML).text
    changed = client.post(
        f"/subscriptions/{number}", data={"title": "The Courier", "category": "Coast", "csrf": csrf_of(page)}
    )
    assert changed.status_code == 303
    listing = client.get("/subscriptions", headers=HTML).text
    assert "<h3>Coast</h3>" in listing and ">The Courier</a>" in listing
    gone = client.post(f"/subscriptions/{number}/unfollow", data={"csrf": csrf_of(page)})
    assert gone.status_code == 303
    assert "The Courier" not in client.get("/subscriptions", headers=HTML).text
    assert client.get(f"/subscriptions/{number}", headers=HTML).status_code == 404
    assert store.feeds.get(site.url(FEED)) is not None  # the feed and its articles stay


def test_changes_without_the_pages_token_are_refused(site: Site, store: Store) -> None:
    client = reader_client(store)
    refused = client.post("/subscriptions", data={"url": site.url(FEED), "csrf": "forged"})
    assert refused.status_code == 403 and store.feeds.all() == []


def test_opml_goes_out_with_categories_and_comes_back_in(site: Site, store: Store) -> None:
    client = reader_client(store)
    follow(client, site.url(FEED), "Coast")
    exported = client.get("/subscriptions.opml")
    assert exported.status_code == 200 and "attachment" in exported.headers["content-disposition"]
    assert f'xmlUrl="{site.url(FEED)}"' in exported.text and '<outline text="Coast">' in exported.text
    opml = exported.text.replace(site.url(FEED), "https://elsewhere.example/feed.xml")
    page = client.get("/subscriptions", headers=HTML).text
    imported = client.post(
        "/subscriptions/import",
        data={"csrf": csrf_of(page)},
        files={"opml": ("mine.opml", opml.encode(), "text/x-opml")},
    )
    assert imported.status_code == 200 and "1 feeds followed from mine.opml" in imported.text
    followed = {kept.feed.url: kept.category for kept in store.subscriptions(store.readers.local()).all()}  # type: ignore[arg-type]
    assert followed["https://elsewhere.example/feed.xml"] == "Coast"
    broken = client.post(
        "/subscriptions/import",
        data={"csrf": csrf_of(page)},
        files={"opml": ("broken.opml", b"<opml><body", "text/x-opml")},
    )
    assert broken.status_code == 422 and "Not imported" in broken.text


def test_a_reader_sees_only_their_own_subscriptions(site: Site, store: Store) -> None:
    for name in ("Ana", "Ben"):
        store.readers.add(name, hash_password(f"{name}'s password"), utc_stamp())
    clients = {}
    for name in ("Ana", "Ben"):
        client = reader_client(store)
        form = client.get("/login").text
        client.post("/login", data={"name": name, "password": f"{name}'s password", "csrf": csrf_of(form)})
        clients[name] = client
    number = feed_number(follow(clients["Ana"], site.url(FEED)).headers["location"])
    assert clients["Ben"].get(f"/subscriptions/{number}", headers=HTML).status_code == 404
    assert site.url(FEED) not in clients["Ben"].get("/subscriptions", headers=HTML).text
    assert site.url(FEED) not in clients["Ben"].get("/subscriptions.opml").text
    stranger = reader_client(store)
    for path in ("/subscriptions", f"/subscriptions/{number}", "/subscriptions.opml"):
        assert stranger.get(path, headers=HTML).status_code in (303, 401)
    assert stranger.post("/subscriptions", data={"url": site.url(FEED)}).status_code in (303, 401, 403)


def signed_in_client(store: Store, name: str) -> TestClient:
    store.readers.add(name, hash_password(f"{name}'s password"), utc_stamp())
    client = reader_client(store)
    form = client.get("/login").text
    client.post("/login", data={"name": name, "password": f"{name}'s password", "csrf": csrf_of(form)})
    return client


def test_private_feeds_carry_a_readers_unread_and_starred_items_until_replaced(store: Store) -> None:
    store.add([make_article(n) for n in range(3)])
    ana = signed_in_client(store, "Ana")
    page = ana.get("/subscriptions", headers=HTML).text
    made = ana.post("/subscriptions/private-feeds", data={"csrf": csrf_of(page)}).text
    addresses = dict(re.findall(r'href="(http://[^"]+/feeds/private/[^"/]+/(\w+\.\w+))"', made))
    by_name = {name: address.removeprefix(SERVER_URL) for address, name in addresses.items()}
    assert set(by_name) == {
        f"{view}.{ext}" for view in ("unread", "starred") for ext in ("xml", "atom", "json")
    }
    feed_reader = reader_client(store)  # no session: the address alone says whose
    unread = feed_reader.get(by_name["unread.xml"])
    assert unread.status_code == 200 and unread.headers["content-type"].startswith("application/rss+xml")
    assert unread.text.count("<item>") == 3 and "unread items</title>" in unread.text
    first = re.findall(r'data-article="([^"]+)"', ana.get("/latest", headers=HTML).text)[0]
    ana.post(f"/items/{first}/star", data={"csrf": csrf_of(page)})
    ana.post(f"/items/{first}/read", data={"csrf": csrf_of(page)})
    assert feed_reader.get(by_name["unread.atom"]).text.count("<entry>") == 2
    starred = feed_reader.get(by_name["starred.json"]).json()
    assert [item["id"].rsplit("/", 1)[-1] for item in starred["items"]] == [first]
    again = ana.post("/subscriptions/private-feeds", data={"csrf": csrf_of(page)}).text
    assert by_name["unread.xml"] not in again
    assert feed_reader.get(by_name["unread.xml"]).status_code == 404  # replaced
    assert feed_reader.get("/feeds/private/not-a-secret/unread.xml").status_code == 404
    assert feed_reader.get(by_name["unread.xml"].replace("unread.xml", "read.xml")).status_code == 404


def test_what_came_from_no_feed_is_the_built_in_source_every_reader_sees(site: Site, store: Store) -> None:
    store.add([make_article(n) for n in range(2)])
    ana = signed_in_client(store, "Ana")
    follow(ana, site.url(FEED))
    from_the_feed = store.articles(ArticleQuery(limit=50, copies=True)).items
    listing = ana.get("/subscriptions", headers=HTML).text
    assert 'href="/subscriptions/by-hand">Added by hand</a>' in listing
    page = ana.get("/subscriptions/by-hand", headers=HTML).text
    shown = re.findall(r'data-article="([^"]+)"', page)
    by_hand = {item["id"] for item in from_the_feed if item["headline"].startswith("Harbour story number")}
    assert len(from_the_feed) > 2 and len(by_hand) == 2 and set(shown) == by_hand


def opml_of(*urls: str) -> bytes:
    outlines = "".join(f'<outline type="rss" text="Feed" xmlUrl="{url}"/>' for url in urls)
    return f'<?xml version="1.0"?><opml version="2.0"><head/><body>{outlines}</body></opml>'.encode()


def test_an_import_follows_web_feeds_alone_and_so_many_at_most(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = reader_client(store)
    csrf = csrf_of(client.get("/subscriptions", headers=HTML).text)
    mixed = opml_of("https://a.example/feed.xml", "file:///etc/passwd", "javascript:alert(1)")
    answer = client.post("/subscriptions/import", data={"csrf": csrf}, files={"opml": ("m.opml", mixed)})
    assert answer.status_code == 200 and "1 feeds followed from m.opml" in answer.text
    assert "2 left out: not http(s) addresses" in answer.text
    assert [feed.url for feed in store.feeds.all()] == ["https://a.example/feed.xml"]
    monkeypatch.setattr("newsbite.serve.subscriptions.OPML_FEEDS", 2)
    many = opml_of(*(f"https://b.example/{n}.xml" for n in range(3)))
    refused = client.post("/subscriptions/import", data={"csrf": csrf}, files={"opml": ("big.opml", many)})
    assert refused.status_code == 413 and "more than the 2 one import may follow" in refused.text
    assert len(store.feeds.all()) == 1
