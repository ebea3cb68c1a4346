"""The fetcher against a site on 127.0.0.1: conditional GET, retries, redirects, size, safety, robots."""

from __future__ import annotations

import gzip
import time
import tracemalloc
from collections.abc import Iterator
from email.utils import formatdate
from pathlib import Path

import pytest

from newsbite.clean import clean_document
from newsbite.config import Settings
from newsbite.errors import FeedError, FetchError, InputTooLarge
from newsbite.ingest import read_inputs
from newsbite.ingest.fetch import Fetcher, HostPolicy, retry_after_seconds
from newsbite.model import Document
from tests.site import Site, SiteHandler

LOCAL = Settings(allow_hosts="127.0.0.1", fetch_host_interval_seconds=0, fetch_backoff_seconds=0.01)


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as running:
        yield running


def test_a_second_request_with_the_etag_gets_304_and_no_body(site: Site) -> None:
    def etagged(handler: SiteHandler) -> None:
        if handler.headers.get("If-None-Match") == '"v1"':
            handler.send_status(304, ETag='"v1"')
        else:
            handler.send_body(handler.fixture("/feeds/rss20_full.xml"), "application/rss+xml", ETag='"v1"')

    site.routes["/etag/feed.xml"] = etagged
    with Fetcher(LOCAL) as fetcher:
        first = fetcher.get(site.url("/etag/feed.xml"))
        second = fetcher.get(site.url("/etag/feed.xml"), etag=first.etag)
    assert first.status == 200 and first.etag == '"v1"' and b"Westbay" in first.body
    assert second.not_modified and second.body == b""


def test_last_modified_is_sent_back_as_if_modified_since(site: Site) -> None:
    stamp = formatdate(usegmt=True)

    def dated(handler: SiteHandler) -> None:
        if handler.headers.get("If-Modified-Since") == stamp:
            handler.send_status(304)
        else:
            handler.send_body(b"<rss/>", "application/rss+xml", Last_Modified=stamp)

    site.routes["/dated.xml"] = dated
    with Fetcher(LOCAL) as fetcher:
        first = fetcher.get(site.url("/dated.xml"))
        assert fetcher.get(site.url("/dated.xml"), last_modified=first.last_modified).not_modified


def test_a_429_with_retry_after_is_waited_for(site: Site) -> None:
    def busy_once(handler: SiteHandler) -> None:
        if site.hits["/busy.html"] == 1:
            handler.send_status(429, Retry_After="1")
        else:
            handler.send_body(handler.fixture("/pages/council_vote.html"), "text/html")

    site.routes["/busy.html"] = busy_once
    began = time.monotonic()
    with Fetcher(LOCAL) as fetcher:
        fetched = fetcher.get(site.url("/busy.html"))
    assert b"sea wall" in fetched.body
    assert site.hits["/busy.html"] == 2
    assert time.monotonic() - began >= 1.0


def test_a_retry_after_beyond_the_cap_is_reported_not_waited_for(site: Site) -> None:
    site.routes["/slow-down"] = lambda handler: handler.send_status(429, Retry_After="3600")
    began = time.monotonic()
    with Fetcher(LOCAL) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(site.url("/slow-down"))
    assert caught.value.reason == "http_429" and "429" in caught.value.problem
    assert time.monotonic() - began < 5


def test_a_500_is_retried_then_reported(site: Site) -> None:
    with Fetcher(LOCAL) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(site.url("/always-500"))
    assert caught.value.reason == "http_500"
    assert "HTTP 500" in caught.value.problem
    assert site.hits["/always-500"] == LOCAL.fetch_retries + 1


def test_a_500_then_a_200_succeeds(site: Site) -> None:
    def flaky(handler: SiteHandler) -> None:
        if site.hits["/flaky"] == 1:
            handler.send_status(503)
        else:
            handler.send_body(b"<p>fine</p>", "text/html")

    site.routes["/flaky"] = flaky
    with Fetcher(LOCAL) as fetcher:
        assert fetcher.get(site.url("/flaky")).body == b"<p>fine</p>"


def test_a_redirect_loop_is_cut_off(site: Site) -> None:
    with Fetcher(LOCAL) as fetcher, pytest.raises(FetchError, match="more than 5 redirects"):
        fetcher.get(site.url("/loop/a"))
    assert site.hits["/loop/a"] + site.hits["/loop/b"] == 6


def test_a_50_mb_response_is_cut_off_while_it_streams(site: Site) -> None:
    tracemalloc.start()
    try:
        with Fetcher(LOCAL) as fetcher, pytest.raises(InputTooLarge) as caught:
            fetcher.get(site.url("/huge.html"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "20,000,000-byte limit" in caught.value.problem
    assert peak < 60 * 1024 * 1024  # the limit's 20 MB and a copy, not the 50 MB offered
    time.sleep(0.2)
    assert site.sent["/huge.html"] < 30 * 1024 * 1024


def test_a_compression_bomb_is_inflated_no_further_than_the_limit(site: Site) -> None:
    bomb = gzip.compress(b"\0" * 200_000_000, compresslevel=9)  # 200 MB in about 200 KB
    site.routes["/bomb.html"] = lambda handler: handler.send_body(bomb, "text/html", Content_Encoding="gzip")
    site.routes["/stacked.html"] = lambda handler: handler.send_body(
        gzip.compress(gzip.compress(b"<p>x</p>")), "text/html", Content_Encoding="gzip, gzip"
    )
    tracemalloc.start()
    try:
        with Fetcher(LOCAL.with_overrides(max_document_bytes=1_000_000)) as fetcher:
            with pytest.raises(InputTooLarge):
                fetcher.get(site.url("/bomb.html"))
            _, peak = tracemalloc.get_traced_memory()
            with pytest.raises(FetchError, match="unsupported Content-Encoding"):
                fetcher.get(site.url("/stacked.html"))
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024


def test_compressed_answers_are_decoded(site: Site) -> None:
    with Fetcher(LOCAL) as fetcher:
        for path in ("/gzip/page.html", "/brotli/page.html"):
            assert b"Northpoint council voted" in fetcher.get(site.url(path)).body


def test_a_redirect_to_a_private_address_is_refused_before_connecting(site: Site) -> None:
    site.routes["/moved"] = lambda handler: handler.redirect("http://10.20.30.40/internal/admin")
    port = site.base.rsplit(":", 1)[1]
    site.routes["/moved-local"] = lambda handler: handler.redirect(
        f"http://127.0.0.2:{port}/pages/council_vote.html"
    )
    with Fetcher(LOCAL) as fetcher:
        for path, address in (("/moved", "10.20.30.40"), ("/moved-local", "127.0.0.2")):
            with pytest.raises(FetchError) as caught:
                fetcher.get(site.url(path))
            assert caught.value.reason == "blocked" and address in caught.value.problem
    assert site.hits["/pages/council_vote.html"] == 0


def test_a_redirect_to_another_scheme_is_refused(site: Site) -> None:
    site.routes["/to-file"] = lambda handler: handler.redirect("file:///etc/passwd")
    with Fetcher(LOCAL) as fetcher, pytest.raises(FetchError, match="not an http"):
        fetcher.get(site.url("/to-file"))


def test_a_private_address_is_refused_unless_allowed(site: Site) -> None:
    port = site.base.rsplit(":", 1)[1]
    with Fetcher(Settings()) as fetcher:
        for url in (site.url("/pages/council_vote.html"), f"http://localhost:{port}/pages/council_vote.html"):
            with pytest.raises(FetchError) as caught:
                fetcher.get(url)
            assert caught.value.reason == "blocked" and "NEWSBITE_ALLOW_HOSTS" in caught.value.problem
    assert site.hits["/pages/council_vote.html"] == 0
    for allowed in ("127.0.0.1", "127.0.0.0/8", "localhost"):
        with Fetcher(Settings(allow_hosts=allowed)) as fetcher:
            assert b"sea wall" in fetcher.get(f"http://localhost:{port}/pages/council_vote.html").body


def test_ipv6_forms_of_private_ipv4_addresses_and_multicast_are_refused() -> None:
    policy = HostPolicy("")
    for address in (
        "64:ff9b::a00:1",  # NAT64 for 10.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 for the metadata address
        "2002:7f00:1::1",  # 6to4 around 127.0.0.1
        "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo, client 10.0.0.1
        "::7f00:1",  # IPv4-compatible 127.0.0.1
        "224.0.0.1",
        "ff02::1",
    ):
        assert not policy.allows("somewhere.example", address), address
    assert policy.allows("news.example", "64:ff9b::5db8:d822")  # NAT64 for a public address
    assert HostPolicy("169.254.169.254").allows("metadata", "169.254.169.254")  # named itself


def test_bad_urls_and_headers_from_a_server_are_failures_not_crashes(site: Site) -> None:
    site.routes["/odd-retry"] = lambda handler: handler.send_status(503, Retry_After="\u00b2")
    with Fetcher(LOCAL) as fetcher:
        for url in ("http://[oops/", "http://exa mple.com/", site.url("/odd-retry")):
            with pytest.raises(FetchError):
                fetcher.get(url)


def test_robots_txt_that_cannot_be_read_now_refuses_for_now(site: Site) -> None:
    site.routes["/robots.txt"] = lambda handler: handler.send_status(429)
    with Fetcher(LOCAL) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(site.url("/pages/council_vote.html"), obey_robots=True)
    assert caught.value.reason == "robots_unavailable"
    assert site.hits["/pages/council_vote.html"] == 0


def test_the_host_policy_refuses_local_networks_and_metadata_even_inside_an_allowed_range() -> None:
    policy = HostPolicy("")
    local = ("127.0.0.1", "10.0.0.5", "192.168.1.1", "169.254.169.254", "::1", "fe80::1", "::ffff:10.0.0.1")
    for address in local:
        assert not policy.allows("somewhere.example", address), address
    assert policy.allows("news.example", "93.184.216.34")
    assert not HostPolicy("169.254.0.0/16").allows("metadata", "169.254.169.254")
    assert HostPolicy("10.0.0.0/8, news.internal").allows("news.internal", "192.168.9.9")


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after_seconds("120") == 120
    assert 55 < (retry_after_seconds(formatdate(time.time() + 60, usegmt=True)) or 0) <= 61
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_teasers_are_fetched_in_full_and_robots_txt_is_respected(site: Site) -> None:
    outcomes = list(read_inputs([site.url("/feeds/teasers.xml")], LOCAL))
    council, ferry, private = outcomes
    assert isinstance(council, Document) and isinstance(ferry, Document)
    article = clean_document(council)
    assert article.headline == "Council votes to rebuild storm-damaged sea wall"
    assert "nine votes to two" in article.body_text  # from the page, not the one-line teaser
    assert article.published == "2026-05-13T08:05:00+00:00"  # the entry's date
    assert clean_document(ferry).byline == "Priya Nandakumar"
    assert isinstance(private, FetchError) and private.reason == "robots"
    assert "robots.txt" in private.problem
    assert site.hits["/private/briefing.html"] == 0
    assert site.hits["/robots.txt"] == 1  # read once per site, not per page


def test_entries_with_full_content_are_not_fetched_again(site: Site) -> None:
    outcomes = list(read_inputs([site.url("/feeds/rss20_full.xml")], LOCAL))
    assert [type(outcome) for outcome in outcomes] == [Document, Document]
    assert sum(site.hits.values()) == 1  # the feed itself, nothing else


def test_feed_entries_linking_to_private_addresses_or_files_are_refused_each_with_its_reason(
    site: Site,
) -> None:
    feed = site.url("/feeds/hostile_links.xml")
    council, inside, metadata, passwords = read_inputs([feed], LOCAL)
    assert isinstance(council, Document)
    assert isinstance(inside, FetchError) and inside.reason == "blocked"
    assert str(inside) == (
        f"{feed}[1] http://10.0.0.1/x: refused: http://10.0.0.1/x points at a private network address; "
        "add 10.0.0.1 to NEWSBITE_ALLOW_HOSTS to allow it"
    )
    assert isinstance(metadata, FetchError) and metadata.reason == "blocked"
    assert "/latest/meta-data/ points at the cloud metadata address;" in metadata.problem
    assert isinstance(passwords, FeedError) and passwords.reason == "scheme"
    assert passwords.origin == f"{feed}[3]"
    assert passwords.problem.startswith("refused: the entry's link file://")
    assert passwords.problem.endswith("/etc/passwd is a file: URL, not http(s)")


def test_a_file_link_is_refused_even_on_an_entry_carrying_the_whole_article(tmp_path: Path) -> None:
    body = "<p>" + "The council met again on Tuesday to discuss the harbour wall. " * 20 + "</p>"
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>'
        f"<item><title>Full story</title><link>file:///etc/passwd</link><description><![CDATA[{body}]]>"
        "</description></item></channel></rss>"
    )
    [refused] = read_inputs([str(feed)], Settings())
    assert isinstance(refused, FeedError) and refused.problem.endswith("is a file: URL, not http(s)")


def test_a_page_on_a_host_named_for_a_private_address_is_refused_naming_it(site: Site) -> None:
    port = site.base.rsplit(":", 1)[1]
    with Fetcher(Settings()) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(f"http://localhost:{port}/pages/council_vote.html", obey_robots=True)
    assert caught.value.reason == "blocked"
    assert " points at a loopback address (" in caught.value.problem
    assert "add localhost to NEWSBITE_ALLOW_HOSTS" in caught.value.problem
    assert sum(site.hits.values()) == 0


def test_a_robots_txt_redirected_to_a_private_address_leaves_the_site_unreadable_for_now(
    site: Site,
) -> None:
    site.routes["/robots.txt"] = lambda handler: handler.redirect("http://10.0.0.1/robots.txt")
    with Fetcher(LOCAL) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(site.url("/pages/council_vote.html"), obey_robots=True)
    assert caught.value.reason == "robots_unavailable"  # the site's own address is allowed
    assert site.hits["/pages/council_vote.html"] == 0
