"""Feeds in every format (RSS 1.0 and 2.0, Atom, JSON Feed), broken ones, and hostile ones."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest

from newsbite.clean import clean_document
from newsbite.config import Settings
from newsbite.errors import FeedError, NewsBiteError
from newsbite.ingest import read_inputs
from newsbite.ingest.feeds import discover_feeds, read_feed
from newsbite.model import Article, Document

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


def _articles(name: str) -> list[Article]:
    outcomes = list(read_inputs([str(FEEDS / name)], Settings()))
    assert outcomes and all(isinstance(outcome, Document) for outcome in outcomes), outcomes
    return [clean_document(outcome) for outcome in outcomes]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "headline", "published", "words"),
    [
        (
            "rss20_full.xml",
            "Desalination plant to double output before summer, utility says",
            "2026-05-11T21:15:00+00:00",
            "second treatment line",
        ),
        (
            "rss10.rdf",
            "Rail freight line reopens three months after landslide",
            "2026-05-13T07:00:00+00:00",
            "forty lorries",
        ),
        (
            "atom.xml",
            "Observatory records brightest fireball over the plains in a decade",
            "2026-05-14T05:30:00+00:00",
            "brighter than the full moon",
        ),
        (
            "feed.json",
            "Budget vote delayed as coalition partners split over fuel levy",
            "2026-05-15T11:20:00+01:00",
            "junior coalition partner",
        ),
    ],
)
def test_each_feed_format_gives_its_entries_as_articles(
    name: str, headline: str, published: str, words: str
) -> None:
    first = _articles(name)[0]
    assert first.headline == headline
    assert first.published == published
    assert words in first.body_text
    assert first.url and first.url.startswith("https://")


def test_the_feed_says_how_often_to_read_it() -> None:
    assert read_feed((FEEDS / "rss20_full.xml").read_bytes(), "x").ttl_seconds == 20 * 60
    assert read_feed((FEEDS / "rss10.rdf").read_bytes(), "x").ttl_seconds == 30 * 60  # hourly, twice


def test_a_feed_in_the_wrong_encoding_still_gives_its_articles_with_a_warning() -> None:
    feed = read_feed((FEEDS / "broken_encoding.xml").read_bytes(), "broken_encoding.xml")
    assert feed.warning and "encoding" in feed.warning
    assert _articles("broken_encoding.xml")[0].headline.startswith("Café owners’ desalination plant")


def test_a_feed_that_is_not_well_formed_is_recovered_with_a_warning() -> None:
    feed = read_feed((FEEDS / "not_well_formed.xml").read_bytes(), "not_well_formed.xml")
    assert feed.warning and "not well-formed" in feed.warning and "line 4" in feed.warning
    assert len(_articles("not_well_formed.xml")) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the input is empty"),
        ((FEEDS / "not_a_feed.xml").read_bytes(), "not a feed (root element <note>)"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>', "no entries"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "title": "t"}', "has no 'items' list"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</tit', "neither content nor"),
    ],
)
def test_what_is_not_a_usable_feed_gets_one_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(content)
    [outcome] = list(read_inputs([str(path)], Settings()))
    assert isinstance(outcome, NewsBiteError)
    assert outcome.origin in (str(path), f"{path}[0]")  # the file, or its one entry
    assert message in outcome.problem


def test_a_billion_laughs_feed_is_refused_fast_with_flat_memory() -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.perf_counter()
    [outcome] = list(read_inputs([str(FEEDS / "billion_laughs.xml")], Settings()))
    assert time.perf_counter() - began < 1.0
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024 < 20  # MB
    assert isinstance(outcome, FeedError)
    assert "declares entities" in outcome.problem


def test_an_entry_without_content_or_link_is_an_error_for_that_entry_only(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(
        '{"version": "https://jsonfeed.org/version/1", "items": ['
        '{"id": "1", "title": "Nothing here"},'
        '{"id": "2", "title": "Story", "content_text": "A short note about the harbour."}]}',
        encoding="utf-8",
    )
    empty, story = read_inputs([str(path)], Settings())
    assert isinstance(empty, FeedError) and empty.origin == f"{path}[0]"
    assert isinstance(story, Document) and clean_document(story).headline == "Story"


def test_feeds_are_discovered_from_a_page() -> None:
    page = """<html><head>
    <link rel="alternate" type="application/rss+xml" title="All" href="/feeds/all.xml">
    <link rel="Alternate" type="application/atom+xml" href="https://news.example/atom">
    <link rel="alternate" type="application/feed+json" href="feed.json">
    <link rel="alternate" hreflang="fr" href="/fr/">
    <link rel="stylesheet" type="text/css" href="/site.css">
    </head><body></body></html>"""
    assert discover_feeds(page, "https://news.example/world/") == [
        "https://news.example/feeds/all.xml",
        "https://news.example/atom",
        "https://news.example/world/feed.json",
    ]
