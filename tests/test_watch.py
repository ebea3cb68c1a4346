"""`newsbite watch`: polling feeds from a site on 127.0.0.1 into a store, politely and crash-safely."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsbite.cli import app
from newsbite.config import Settings
from newsbite.ingest import Fetcher
from newsbite.pipeline import Pipeline
from newsbite.store import FLAG_AFTER_FAILURES, ArticleQuery, Store, open_store
from newsbite.watch import Watcher, poll_interval
from tests.site import Site, SiteHandler

SETTINGS = Settings(
    allow_hosts="127.0.0.1", fetch_host_interval_seconds=0, fetch_retries=0, fetch_backoff_seconds=0.01
)
NOW = "2026-11-30T00:00:00Z"


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(SETTINGS)


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as running:
        yield running


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    yield opened
    opened.close()


@contextmanager
def _watching(store: Store, pipeline: Pipeline) -> Iterator[Watcher]:
    with Fetcher(SETTINGS) as fetcher:
        yield Watcher(store, SETTINGS, fetcher, pipeline=pipeline)


def test_a_second_poll_gets_304_and_processes_nothing(site: Site, store: Store, pipeline: Pipeline) -> None:
    for name in ("rss20_full.xml", "teasers.xml"):
        store.feeds.add(site.url(f"/feeds/{name}"), NOW)
    with _watching(store, pipeline) as watcher:
        first = watcher.poll_every_feed()
        assert [report.outcome for report in first] == ["read", "read"]
        assert [report.added for report in first] == [2, 2]  # the teasers' third page is robots-disallowed
        assert first[1].failures[0].reason == "robots"  # type: ignore[attr-defined]
        pages_fetched = site.hits["/pages/council_vote.html"]
        second = watcher.poll_every_feed()
    assert [report.outcome for report in second] == ["not modified", "not modified"]
    assert site.hits["/pages/council_vote.html"] == pages_fetched == 1
    assert store.count() == 4
    source = store.feeds.get(site.url("/feeds/teasers.xml"))
    assert source is not None and source.status == "ok" and source.articles == 2 and source.etag
    assert source.format == "RSS 2.0" and source.title == "Coastline Courier"
    assert source.poll_seconds == 600  # the site's Cache-Control: max-age


def test_a_restart_without_the_etag_fetches_the_feed_but_no_page_again(
    site: Site, store: Store, pipeline: Pipeline
) -> None:
    url = site.url("/feeds/teasers.xml")
    store.feeds.add(url, NOW)
    with _watching(store, pipeline) as watcher:
        watcher.poll_every_feed()
    store.feeds.record(url, etag=None, last_modified=None)  # as if killed before the poll was recorded
    with _watching(store, pipeline) as watcher:
        [report] = watcher.poll_every_feed()
    assert report.outcome == "read" and report.added == 0 and report.known == 2
    assert site.hits["/pages/council_vote.html"] == 1
    assert store.count() == 2


def test_a_failing_feed_backs_off_is_flagged_and_stays_listed(
    site: Site, store: Store, pipeline: Pipeline
) -> None:
    url = site.url("/always-500")
    store.feeds.add(url, NOW)
    delays = []
    with _watching(store, pipeline) as watcher:
        for _ in range(FLAG_AFTER_FAILURES):
            [report] = watcher.poll_every_feed()
            source = store.feeds.get(url)
            assert source is not None and source.last_polled_at
            delays.append(_seconds_between(source.last_polled_at, report.next_poll_at))
    interval = SETTINGS.watch_interval_seconds
    assert delays == [
        min(interval * 2**n, SETTINGS.watch_max_backoff_seconds) for n in range(FLAG_AFTER_FAILURES)
    ]
    assert source.status == "flagged" and source.failures == FLAG_AFTER_FAILURES
    assert source.last_error_reason == "http_500" and "HTTP 500" in (source.last_error or "")
    assert [feed.url for feed in store.feeds.all()] == [url]


def _seconds_between(earlier: str, later: str) -> int:
    def parse(stamp: str) -> datetime:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00"))

    return int((parse(later) - parse(earlier)).total_seconds())


def test_an_entry_that_failed_for_now_is_tried_again_next_poll(
    site: Site, store: Store, pipeline: Pipeline
) -> None:
    def down_once(handler: SiteHandler) -> None:
        if site.hits["/pages/council_vote.html"] == 1:
            handler.send_status(503)
        else:
            handler.send_body(handler.fixture("/pages/council_vote.html"), "text/html")

    site.routes["/pages/council_vote.html"] = down_once
    url = site.url("/feeds/teasers.xml")
    store.feeds.add(url, NOW)
    with _watching(store, pipeline) as watcher:
        [first] = watcher.poll_every_feed()
        assert first.added == 1 and store.feeds.get(url).etag is None  # type: ignore[union-attr]
        [second] = watcher.poll_every_feed()
    assert second.outcome == "read" and second.added == 1 and second.known == 1
    assert store.count() == 2


def test_entries_linking_to_private_addresses_or_files_are_failures_that_are_not_retried(
    site: Site, store: Store, pipeline: Pipeline
) -> None:
    url = site.url("/feeds/hostile_links.xml")
    store.feeds.add(url, NOW)
    with _watching(store, pipeline) as watcher:
        [report] = watcher.poll_every_feed()
    assert report.outcome == "read" and report.added == 1
    assert [failure.reason for failure in report.failures] == ["blocked", "blocked", "scheme"]  # type: ignore[attr-defined]
    assert store.feeds.get(url).etag  # type: ignore[union-attr]  (nothing to try again next poll)


@pytest.mark.parametrize(
    ("route", "reason"),
    [("/no-such-feed.xml", "http_404"), ("/feeds/not_a_feed.xml", "parse"), ("/loop/a", "redirects")],
)
def test_each_failure_is_recorded_with_its_reason(
    site: Site, store: Store, pipeline: Pipeline, route: str, reason: str
) -> None:
    store.feeds.add(site.url(route), NOW)
    with _watching(store, pipeline) as watcher:
        [report] = watcher.poll_every_feed()
    assert report.outcome == "failed"
    source = store.feeds.all()[0]
    assert source.last_error_reason == reason and source.status == "failing"


def test_a_dead_host_is_a_refused_failure_and_the_next_feed_is_still_read(
    site: Site, store: Store, pipeline: Pipeline
) -> None:
    store.feeds.add("http://127.0.0.1:9/feed.xml", NOW)
    store.feeds.add(site.url("/feeds/atom.xml"), NOW)
    with _watching(store, pipeline) as watcher:
        dead, alive = watcher.poll_every_feed()
    assert dead.outcome == "failed" and store.feeds.all()[0].last_error_reason == "refused"
    assert alive.outcome == "read" and alive.added == 1


def test_the_poll_interval_follows_the_feed_within_bounds() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 11, 30, tzinfo=UTC)
    settings = Settings()
    assert poll_interval(None, {}, settings, now) == settings.watch_interval_seconds
    assert poll_interval(20 * 60, {}, settings, now) == 1200
    assert poll_interval(60, {"cache-control": "public, max-age=30"}, settings, now) == 300  # lower bound
    assert poll_interval(None, {"expires": "Tue, 01 Dec 2026 00:00:00 GMT"}, settings, now) == 21600  # upper


def run_cli(database: Path, *args: str) -> tuple[int, str]:
    """`newsbite ARGS` on the store file `database`, fetching from loopback: exit code, output."""
    result = CliRunner().invoke(
        app,
        list(args),
        env={"NEWSBITE_DATABASE": f"sqlite:///{database}", "NEWSBITE_ALLOW_HOSTS": "127.0.0.1"},
    )
    return result.exit_code, result.output


def test_feeds_commands_add_discover_list_remove_import_and_export(site: Site, tmp_path: Path) -> None:
    database = tmp_path / "store.db"
    code, output = run_cli(
        database, "feeds", "add", site.url("/feeds/atom.xml"), site.url("/html/wrapped_article.html")
    )
    assert code == 1  # the page advertises no feed
    assert "added: " in output and "Meridian Daily: Science" in output
    assert "not added:" in output and "advertises no feed" in output
    site.routes["/with-feed.html"] = lambda handler: handler.send_body(
        f'<html><head><link rel="alternate" type="application/rss+xml" href="{site.base}/feeds/rss10.rdf">'
        "</head><body><p>Front page</p></body></html>".encode(),
        "text/html",
    )
    code, output = run_cli(database, "feeds", "add", site.url("/with-feed.html"))
    assert code == 0 and site.url("/feeds/rss10.rdf") in output and "Northern Ledger" in output
    code, output = run_cli(database, "feeds", "list", "--format", "json")
    assert code == 0 and '"status": "new"' in output and "rss10.rdf" in output
    code, exported = run_cli(database, "feeds", "export")
    assert code == 0 and exported.count("<outline ") == 2
    opml = tmp_path / "list.opml"
    opml.write_text(exported, encoding="utf-8")
    code, output = run_cli(database, "feeds", "remove", site.url("/feeds/atom.xml"))
    assert code == 0
    code, output = run_cli(database, "feeds", "import", str(opml))
    assert code == 0 and "1 added, 1 already followed" in output
    code, output = run_cli(database, "feeds", "import", "--starter")
    assert code == 0 and "10 added" in output
    code, output = run_cli(database, "feeds", "remove", "https://nowhere.example/feed")
    assert code == 1 and "not among the feeds followed" in output
    store = open_store(f"sqlite:///{database}")
    store.feeds.record(site.url("/feeds/rss10.rdf"), failures=1, last_error="HTTP 500 [/oops] [bold]")
    code, output = run_cli(database, "feeds", "list")
    assert code == 0 and "[/oops]" in output  # the server's words shown as they are


def _watch_process(database: Path, *args: str) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "NEWSBITE_DATABASE": f"sqlite:///{database}",
        "NEWSBITE_ALLOW_HOSTS": "127.0.0.1",
        "NEWSBITE_FETCH_HOST_INTERVAL_SECONDS": "0",
        "NEWSBITE_FETCH_PER_HOST": "4",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "newsbite", "watch", *args],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _stored_urls(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        return [row[0] for row in connection.execute("SELECT url FROM articles")]


@pytest.mark.slow
def test_a_killed_watch_restarts_with_every_article_stored_exactly_once(site: Site, tmp_path: Path) -> None:
    database = tmp_path / "store.db"
    feed = site.url("/generated/feed.xml?count=40&delay=0.15")
    assert run_cli(database, "feeds", "add", feed)[0] == 0
    watch = _watch_process(database)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(_stored_urls(database)) < 5:  # mid-way through the feed
        assert watch.poll() is None, watch.communicate()
        time.sleep(0.2)
    watch.kill()  # SIGKILL: no clean-up of any kind
    watch.wait()
    stored_at_kill = len(_stored_urls(database))
    assert 5 <= stored_at_kill < 40
    again = _watch_process(database, "--once")
    _, errors = again.communicate(timeout=180)
    assert again.returncode == 0, errors.decode()
    urls = _stored_urls(database)
    assert len(urls) == len(set(urls)) == 40
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM article_entities").fetchone()[0] > 0
    assert site.url("/generated/story-17.html?delay=0.15") in urls
    store = open_store(f"sqlite:///{database}")
    assert store.count(ArticleQuery(q="story number 17")) >= 1
    [source] = store.feeds.all()
    assert source.status == "ok" and source.articles == 40 - stored_at_kill


@pytest.mark.slow
def test_watch_stops_cleanly_on_sigterm(site: Site, tmp_path: Path) -> None:
    database = tmp_path / "store.db"
    assert run_cli(database, "feeds", "add", site.url("/generated/feed.xml?count=30&delay=0.2"))[0] == 0
    watch = _watch_process(database)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not _stored_urls(database):
        time.sleep(0.2)
    watch.send_signal(signal.SIGTERM)
    _, errors = watch.communicate(timeout=60)
    assert watch.returncode == 0, errors.decode()
    assert b"stopped" in errors
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_an_article_two_feeds_carry_is_stored_once_and_belongs_to_both(
    site: Site, store: Store, pipeline: Pipeline
) -> None:
    # The same feed under a second address: its entries are already stored when it is polled.
    first, mirror = site.url("/feeds/rss20_full.xml"), site.url("/feeds/rss20_full.xml?mirror=1")
    for url in (first, mirror):
        store.feeds.add(url, NOW)
    with _watching(store, pipeline) as watcher:
        reports = watcher.poll_every_feed()
    assert [(report.added, report.known) for report in reports] == [(2, 0), (0, 2)]
    with store.engine.connect() as connection:
        carried = connection.exec_driver_sql(
            "SELECT feeds.url, count(*) FROM feed_articles JOIN feeds ON feeds.seq = feed_seq "
            "GROUP BY feeds.url"
        ).all()
    assert sorted(carried) == sorted([(first, 2), (mirror, 2)])
    assert store.count() == 2
