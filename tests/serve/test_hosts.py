"""Absolute links come from `base_url`, never from a forged Host header; without `base_url` only
trusted hosts are answered."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsbite.cli import app as cli
from newsbite.config import Settings
from newsbite.errors import ConfigError
from newsbite.serve import create_app
from newsbite.serve.app import check_server_settings
from newsbite.serve.hosts import host_is_trusted
from newsbite.store import ArticleQuery, Store, open_store
from tests.factories import make_article

FORGED = "evil.example"
BASE_URL = "https://news.example.org/"
FEEDS = ("/feeds/rss.xml", "/feeds/atom.xml", "/feeds/feed.json")
ABSOLUTE_URL = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    opened.add([make_article(n) for n in range(3)])
    yield opened
    opened.close()


def served(store: Store, host: str, bind_host: str | None = None, **settings: str) -> TestClient:
    """A client whose requests name `host` in their Host header."""
    app = create_app(Settings(**settings), store, bind_host=bind_host)
    return TestClient(app, base_url=f"http://{host}", raise_server_exceptions=False)


# Hosts a feed names that are not this server's: the articles' originals, and the namespaces,
# specifications and generator the formats declare.
OTHER_HOSTS = {
    "harbourherald.example",
    "purl.org",
    "www.rssboard.org",
    "www.w3.org",
    "lkiesow.github.io",
    "jsonfeed.org",
}


def own_links(body: bytes) -> set[str]:
    """Every absolute URL in a feed that does not name one of OTHER_HOSTS."""
    return {url for url in ABSOLUTE_URL.findall(body.decode()) if urlsplit(url).hostname not in OTHER_HOSTS}


def article_ids(store: Store) -> list[str]:
    return [item["id"] for item in store.articles(ArticleQuery()).items]


@pytest.mark.parametrize("path", FEEDS)
def test_with_a_base_url_a_forged_host_is_in_no_feed_link(store: Store, path: str) -> None:
    response = served(store, FORGED, base_url=BASE_URL).get(path, params={"q": "harbour"})
    assert response.status_code == 200, response.text
    assert FORGED not in response.text
    links = own_links(response.content)
    assert all(link.startswith(BASE_URL) for link in links), links
    assert {f"{BASE_URL}articles/{article_id}" for article_id in article_ids(store)} <= links
    assert f"{BASE_URL}feeds/{path.rsplit('/', 1)[1]}?q=harbour" in links  # the feed's own address


def test_with_a_base_url_feed_readers_see_its_links(store: Store) -> None:
    client = served(store, FORGED, base_url="http://news.example.org:8080")
    feed = feedparser.parse(client.get("/feeds/atom.xml").content)
    assert feed.feed.link == "http://news.example.org:8080/latest"  # the page the feed follows
    expected = {f"http://news.example.org:8080/articles/{article_id}" for article_id in article_ids(store)}
    assert {entry.link for entry in feed.entries} == expected
    items = json.loads(client.get("/feeds/feed.json").content)
    assert items["home_page_url"] == "http://news.example.org:8080/latest"


def test_with_a_base_url_a_redirect_names_it(store: Store) -> None:
    response = served(store, FORGED, base_url=BASE_URL).get("/feeds/rss.xml/", follow_redirects=False)
    assert response.status_code in (307, 308)
    assert response.headers["location"] == f"{BASE_URL}feeds/rss.xml"


@pytest.mark.parametrize("path", ["/api/v1/articles", *FEEDS, "/"])
def test_without_a_base_url_a_forged_host_is_refused(store: Store, path: str) -> None:
    response = served(store, FORGED).get(path)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "untrusted_host"
    assert "NEWSBITE_BASE_URL" in response.json()["error"]["message"]
    assert response.headers["content-security-policy"]  # refusals carry the security headers too


def test_a_browser_refused_for_its_host_gets_the_error_as_a_page(store: Store) -> None:
    response = served(store, FORGED).get("/", headers={"Accept": "text/html"})
    assert response.status_code == 400 and "untrusted_host" in response.text
    assert FORGED in response.text and "<script>" not in response.text


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "LOCALHOST", "[::1]:8000", "127.0.0.1"])
def test_loopback_hosts_are_served_as_make_run_serves_them(store: Store, host: str) -> None:
    response = served(store, host).get("/feeds/rss.xml")
    assert response.status_code == 200
    [link] = {entry.link.rsplit("/articles/", 1)[0] for entry in feedparser.parse(response.content).entries}
    assert link == f"http://{host.lower()}"


def test_the_address_the_server_listens_on_is_trusted(store: Store) -> None:
    # Past the host check, such a server with no users answers no_users (serve/sessions.py).
    trusted = served(store, "192.0.2.10:8000", bind_host="192.0.2.10").get("/api/v1/places")
    assert trusted.status_code == 503 and trusted.json()["error"]["code"] == "no_users"
    assert served(store, "192.0.2.11:8000", bind_host="192.0.2.10").get("/api/v1/places").status_code == 400


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("news.example.org", 200),
        ("www.news.example.org:8443", 200),
        ("news.example.org.evil.example", 400),
        ("evilnews.example.org", 400),
        ("127.0.0.1:8000", 400),  # named hosts replace the defaults
    ],
)
def test_trusted_hosts_name_hosts_and_their_subdomains(store: Store, host: str, status: int) -> None:
    client = served(store, host, trusted_hosts="news.example.org, *.news.example.org")
    assert client.get("/api/v1/places").status_code == status


# Host headers that name no host, or more than a host and a port.
NOT_A_HOST = ["", "[::1", "127.0.0.1:x", ":80", "127.0.0.1/x", "user@127.0.0.1", "127.0.0.1?x", "127.0.0.1#x"]


@pytest.mark.parametrize("host", NOT_A_HOST)
def test_a_host_header_that_names_no_host_is_not_trusted(host: str) -> None:
    assert not host_is_trusted(host, frozenset({"127.0.0.1", "::1", "localhost"}))


def test_trusted_hosts_apply_beside_a_base_url(store: Store) -> None:
    settings = {"base_url": BASE_URL, "trusted_hosts": "news.example.org"}
    assert served(store, FORGED, **settings).get("/feeds/rss.xml").status_code == 400
    assert served(store, "news.example.org", **settings).get("/feeds/rss.xml").status_code == 200


@pytest.mark.parametrize(
    "base_url",
    [
        "ftp://news.example.org/",
        "news.example.org",
        "https://news.example.org/newsbite/",
        "https://news.example.org/?edition=uk",
        "https://user:secret@news.example.org/",
        "https://news.example.org:http/",
        "https://bücher.example/",
    ],
)
def test_a_base_url_that_is_not_an_origin_is_a_config_error(base_url: str) -> None:
    with pytest.raises(ConfigError, match="NEWSBITE_BASE_URL"):
        check_server_settings(Settings(base_url=base_url))
    with pytest.raises(ConfigError):
        create_app(Settings(base_url=base_url))


def test_serve_names_a_bad_base_url_in_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSBITE_DATABASE", f"sqlite:///{tmp_path / 'serve.db'}")
    monkeypatch.setenv("NEWSBITE_BASE_URL", "https://news.example.org/newsbite/")
    result = CliRunner().invoke(cli, ["serve", "--port", "1"])
    assert result.exit_code == 2, result.output
    assert "NEWSBITE_BASE_URL" in result.stderr and "Traceback" not in result.stderr


def test_a_path_with_doubled_slashes_is_the_same_path(client: TestClient) -> None:
    # Apps join a server's address typed with a trailing slash to their paths: "//v1/feeds".
    latest = client.get("/latest")
    assert "Latest news" in latest.text
    assert client.get(f"{client.base_url}//latest").text == latest.text
    assert client.get("/api/v1//articles").json() == client.get("/api/v1/articles").json()
