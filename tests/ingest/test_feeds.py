"""Feeds in every format (RSS 1.0 and 2.0, Atom, JSON Feed), broken ones, and hostile ones."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

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


_PEAK_MEMORY = """
import resource, sys
from newsbite.config import Settings
from newsbite.ingest import read_inputs
outcomes = list(read_inputs([sys.argv[1]], Settings()))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, type(outcomes[0]).__name__)
"""


def _peak_kb_reading(path: Path) -> tuple[int, str]:
    """Peak memory of a fresh process reading `path`, and what the first outcome was."""
    done = subprocess.run([sys.executable, "-c", _PEAK_MEMORY, str(path)], capture_output=True, text=True)
    peak, kind = done.stdout.split()
    return int(peak), kind


def test_a_billion_laughs_feed_is_refused_fast_with_flat_memory() -> None:
    began = time.perf_counter()
    [outcome] = list(read_inputs([str(FEEDS / "billion_laughs.xml")], Settings()))
    assert time.perf_counter() - began < 1.0
    assert isinstance(outcome, FeedError)
    assert "declares entities" in outcome.problem
    laughs, kind = _peak_kb_reading(FEEDS / "billion_laughs.xml")
    plain, _ = _peak_kb_reading(FEEDS / "rss20_full.xml")
    assert kind == "FeedError"
    assert laughs - plain < 10 * 1024  # KB: no more memory than reading an ordinary feed


@pytest.mark.parametrize(
    "disguise",
    [
        lambda xml: b"\n  " + xml,  # whitespace before the declaration
        lambda xml: xml.replace(b"<!DOCTYPE", b"<!-- \xff --><!DOCTYPE", 1),  # a byte that is not UTF-8
        lambda xml: xml.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="x-fake"?>'),
        lambda xml: (
            xml.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="bogus"?>')
            .decode()
            .encode("utf-16-le")
        ),  # UTF-16 without a BOM, and an encoding nobody knows
    ],
)
def test_entity_declarations_are_refused_however_the_feed_is_disguised(disguise: Any) -> None:
    data = disguise((FEEDS / "billion_laughs.xml").read_bytes())
    with pytest.raises(FeedError, match="declares entities"):
        read_feed(data, "disguised.xml")


def test_an_xhtml_page_with_a_prolog_is_a_page_not_a_feed(tmp_path: Path) -> None:
    page = tmp_path / "page.xhtml"
    page.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!-- saved -->\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Sea wall vote</title></head>'
        "<body><article><h1>Sea wall vote</h1><p>Northpoint council voted on Wednesday night to rebuild "
        "the sea wall along the Esplanade, approving a plan that will cost 12 million dollars.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    [document] = read_inputs([str(page)], Settings())
    assert isinstance(document, Document) and document.kind.value == "html"


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
