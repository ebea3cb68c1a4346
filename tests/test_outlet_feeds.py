"""The bundled samples as news outlets on 127.0.0.1 (tests/site.py): each outlet's RSS feed reads
and leads to pages NewsBite extracts, and AFP's Nepal flood dispatch, run by two outlets, becomes
one item when both feeds are followed and polled."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.request import urlopen

import feedparser
import pytest

from newsbite.config import Settings
from newsbite.ingest import Fetcher
from newsbite.ingest.feeds import find_feed
from newsbite.model import Document, DocumentKind
from newsbite.pipeline import Pipeline
from newsbite.store import ArticleQuery, Store, StoredMerge, open_store
from newsbite.watch import PollReport, Watcher
from tests.site import AFP_NEPAL_FLOOD, Site, outlet_catalogue
from tests.test_watch import run_cli

SETTINGS = Settings(
    allow_hosts="127.0.0.1", fetch_host_interval_seconds=0, fetch_retries=0, fetch_backoff_seconds=0.01
)
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# NewsBite fetches an entry's page when the entry has fewer words than this (FULL_TEXT_WORDS).
TEASER_WORDS_BELOW = 150
# Paragraphs this long are the body; shorter ones may be crossheads or sign-offs that a page's
# extraction rightly leaves out ("- 'Nothing left' -", "(Reporting by ...; Editing by ...)").
BODY_PARAGRAPH_WORDS = 20


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    """One site for the file: no test here changes its routes or counts its hits."""
    with Site() as running:
        yield running


def test_every_outlet_feed_is_rss_named_for_its_outlet_with_a_teaser_per_article(site: Site) -> None:
    for slug, outlet in site.outlets().items():
        assert SLUG.match(slug), slug
        with urlopen(outlet.feed_url) as response:
            assert response.headers["Content-Type"].startswith("application/rss+xml")
            feed = feedparser.parse(response.read())
        assert not feed.bozo and feed.version == "rss20", slug
        assert feed.feed.title == outlet.name
        assert [entry.link for entry in feed.entries] == list(outlet.article_urls)
        assert [entry.id for entry in feed.entries] == list(outlet.article_urls)
        for entry in feed.entries:
            assert entry.title and 0 < len(entry.summary.split()) < TEASER_WORDS_BELOW, entry.link
        dated = [entry.published_parsed for entry in feed.entries if "published_parsed" in entry]
        assert dated == sorted(dated, reverse=True), slug  # newest first


def test_every_page_the_outlets_link_answers_200_and_others_404(site: Site) -> None:
    pages = [site.url("/outlets/")]
    for outlet in site.outlets().values():
        pages += [outlet.home_url, outlet.feed_url, *outlet.article_urls]
    for url in pages:
        with urlopen(url) as response:
            assert response.status == 200 and response.read(), url
    for path in ("/outlets/no-such-outlet/", "/outlets/granite-city-post/no-such-article.html"):
        with pytest.raises(Exception, match="404"):
            urlopen(site.url(path))


def test_every_sample_is_published_by_exactly_one_outlet() -> None:
    published = [article.sample for outlet in outlet_catalogue().values() for article in outlet.articles]
    assert len(published) == len(set(published)) == 27  # 8 text dumps, 9 pages, 10 records
    assert set(published) >= AFP_NEPAL_FLOOD


def test_an_outlets_front_page_advertises_its_feed(site: Site) -> None:
    outlets = site.outlets()
    with Fetcher(SETTINGS) as fetcher:
        for outlet in outlets.values():
            feed_url, feed, others = find_feed(outlet.home_url, fetcher)
            assert (feed_url, feed.title, others) == (outlet.feed_url, outlet.name, [])


def test_the_afp_nepal_dispatch_runs_in_two_outlets_or_more_the_dated_first(site: Site) -> None:
    outlets = site.outlets()
    carriers = site.afp_nepal_flood_carriers()
    assert len(carriers) >= 2
    for slug, url in carriers.items():
        assert url in outlets[slug].article_urls
    first_two = [outlet_catalogue()[slug] for slug in list(carriers)[:2]]
    assert all(
        article.published
        for outlet in first_two
        for article in outlet.articles
        if article.sample in AFP_NEPAL_FLOOD
    )
    with pytest.raises(ValueError, match="not samples"):
        site.carriers(["text/no_such_sample.txt"])


def test_each_page_gives_back_its_samples_headline_date_and_body_paragraphs(site: Site) -> None:
    clean = Pipeline(SETTINGS, ["clean"])
    for outlet in outlet_catalogue().values():
        for served in outlet.articles:
            url = site.url(served.path)
            with urlopen(url) as response:
                page = response.read().decode()
            article = clean.process(Document(url, DocumentKind.HTML, content=page, url=url))
            sample = served.article
            assert article.headline == sample.headline, served.sample
            if served.published:
                assert article.published and _moment(article.published) == served.published, served.sample
            extracted = [p for section in article.sections for p in section.paragraphs]
            given = [p for section in sample.sections for p in section.paragraphs]
            assert set(extracted) <= set(given), served.sample  # nothing added: no masthead or footer
            body = [p for p in given if len(p.split()) >= BODY_PARAGRAPH_WORDS]
            assert [p for p in extracted if p in body] == body, served.sample  # the body kept in order


def _moment(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _placed(store: Store) -> dict[str, tuple[int, set[str]]]:
    """Each stored article's URL: (its item, as article_merge's copy_of names it, and the URLs of
    the feeds that carry it). An article not merged yet is left out."""
    placed: dict[str, tuple[int, set[str]]] = {}
    with store.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT articles.url, coalesce(article_merge.copy_of, articles.seq), feeds.url FROM articles "
            "JOIN article_merge ON article_merge.article_seq = articles.seq "
            "LEFT JOIN feed_articles ON feed_articles.article_seq = articles.seq "
            "LEFT JOIN feeds ON feeds.seq = feed_articles.feed_seq"
        ).all()
    for url, item, feed in rows:
        placed.setdefault(url, (item, set()))[1].update([feed] if feed else [])
    return placed


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(SETTINGS)


@contextmanager
def _following(site: Site, tmp_path: Path, slugs: list[str]) -> Iterator[Store]:
    """A fresh store following these outlets as a reader would (`newsbite feeds add` with their
    front pages, which advertise their feeds)."""
    database = tmp_path / "store.db"
    code, output = run_cli(database, "feeds", "add", *(site.outlets()[slug].home_url for slug in slugs))
    assert code == 0, output
    store = open_store(f"sqlite:///{database}")
    try:
        yield store
    finally:
        store.close()


def _poll_once(store: Store, pipeline: Pipeline) -> list[PollReport]:
    """Every followed feed polled once, as `newsbite watch --once` does."""
    with Fetcher(SETTINGS) as fetcher:
        return Watcher(store, SETTINGS, fetcher, pipeline=pipeline).poll_every_feed()


@pytest.mark.slow
def test_the_afp_dispatch_from_two_followed_outlets_is_one_item_each_copy_in_its_feed(
    site: Site, tmp_path: Path, pipeline: Pipeline
) -> None:
    outlets, carriers = site.outlets(), site.afp_nepal_flood_carriers()
    chosen = list(carriers)[:2]
    with _following(site, tmp_path, chosen) as store:
        assert [feed.url for feed in store.feeds.all()] == [outlets[slug].feed_url for slug in chosen]
        reports = _poll_once(store, pipeline)
        assert [(report.outcome, report.added, report.failures) for report in reports] == [
            ("read", len(outlets[slug].article_urls), []) for slug in chosen
        ]
        assert StoredMerge(store, SETTINGS).run() == 0  # the intake merged as it stored
        placed = _placed(store)
        folded = store.articles(ArticleQuery(limit=100)).items
    assert set(placed) == {url for slug in chosen for url in outlets[slug].article_urls}
    for slug in chosen:
        for url in outlets[slug].article_urls:
            assert placed[url][1] == {outlets[slug].feed_url}, url
    first, second = (placed[carriers[slug]][0] for slug in chosen)
    assert first == second  # two copies, one item
    assert len({item for item, _ in placed.values()}) == len(placed) - 1  # and no other fold
    assert len(folded) == len(placed) - 1


@pytest.mark.slow
def test_every_outlets_copy_of_the_afp_dispatch_is_one_item(
    site: Site, tmp_path: Path, pipeline: Pipeline
) -> None:
    carriers = site.afp_nepal_flood_carriers()
    with _following(site, tmp_path, list(carriers)) as store:
        assert all(report.outcome == "read" and not report.failures for report in _poll_once(store, pipeline))
        placed = _placed(store)
    [item] = {placed[url][0] for url in carriers.values()}
    assert {url for url, (placed_in, _) in placed.items() if placed_in == item} == set(carriers.values())
