"""NewsBite's one data model: what a document is when read, and what an article is once cleaned.

Plain dataclasses with no I/O; every stage reads and writes these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any


class DocumentKind(StrEnum):
    """How a document's content is written, detected from the content itself."""

    TEXT = "text"
    HTML = "html"
    RECORD = "record"


@dataclass(frozen=True)
class Document:
    """One input document as read, before cleaning.

    `origin` names where it came from (a path, a URL, `corpus.jsonl:12`) so that any message
    about it can point the user at it. A RECORD carries its parsed fields in `record`.
    """

    origin: str
    kind: DocumentKind
    content: str = ""
    url: str | None = None
    record: Mapping[str, Any] | None = None
    # Its source's profile (clean/page_lines.py SourceProfile), folded: the lines the source
    # prints on many of its pages, the labels that open lines on many of them ("READ:"), and its
    # sentences to the reader with numbers folded, and the runs of words of lines it prints with a
    # slot changed. A text dump's lines found here are the site's.
    source_lines: frozenset[str] = frozenset()
    source_labels: frozenset[str] = frozenset()
    source_addresses: frozenset[str] = frozenset()
    source_templates: frozenset[str] = frozenset()

    @property
    def record_id(self) -> str | None:
        """The id a record gives itself (its `id` field, as text: `42` is "42"), which its article
        keeps; None for a record without one and for a document that is not a record."""
        value = self.record.get("id") if self.record is not None else None
        return None if value is None else str(value)


@dataclass
class Section:
    """A run of body paragraphs, under a crosshead (`heading`) or none for the lead section."""

    heading: str | None
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class KeyPoint:
    """One short point of a bite, with the article sentences (indices) it was drawn from."""

    text: str
    sentences: list[int] = field(default_factory=list)


@dataclass
class Bite:
    """What a busy reader gets: a few sentences and the key points.

    `sentence_ids` index the article's `sentences` for an extractive bite; an abstractive one
    (method "llm") is checked against the article but has no source indices.
    """

    sentences: list[str] = field(default_factory=list)
    key_points: list[KeyPoint] = field(default_factory=list)
    sentence_ids: list[int] = field(default_factory=list)
    method: str = "extractive"  # or "llm"


@dataclass
class Entity:
    """One real person, organisation or place named in an article, under one normalised name."""

    name: str
    label: str  # PERSON, ORG, GPE, LOC or NORP, as spaCy names them
    mentions: int
    salience: float  # 0..1: early, frequent and quoted entities score higher
    aliases: list[str] = field(default_factory=list)


@dataclass
class Place:
    """A place mention resolved to a GeoNames gazetteer entry (coordinates unknown for countries)."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    population: int | None
    mentions: int
    aliases: list[str] = field(default_factory=list)


@dataclass
class Quote:
    """Words attributed to a speaker: quoted (`direct`), partly quoted (`mixed`) or reported (`indirect`).

    Offsets are character offsets into `Analysis.text`. Parts of one quote split by an
    attribution ("...," it said. "...") share `attribution`.
    """

    text: str
    kind: str
    start: int
    end: int
    speaker: str | None
    speaker_mention: str | None
    speaker_start: int | None
    speaker_end: int | None
    attribution: int
    cue: str | None = None


@dataclass
class Claim:
    """A statement whose truth a party asserts, denies, confirms or will not address; an answer's
    (a denial's, confirmation's or no-comment's) `contradicts` is the index of the claim it answers."""

    party: str | None
    stance: str  # claim, denial, confirmation or no_comment
    text: str
    start: int
    end: int
    contradicts: int | None = None


@dataclass
class NumberMention:
    """A number in the text with what it counts ("three people killed": 3, "people")."""

    text: str
    value: float | None
    counts: str | None
    start: int
    end: int


@dataclass
class Analysis:
    """What the understand stage found, with offsets into `text`; `skipped` says why it found nothing."""

    text: str
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    numbers: list[NumberMention] = field(default_factory=list)
    skipped: str | None = None


@dataclass
class Article:
    """A clean news article: its real structure and metadata, with page and wire residue gone."""

    id: str
    origin: str
    headline: str | None = None
    standfirst: str | None = None
    sections: list[Section] = field(default_factory=list)
    byline: str | None = None
    agency: str | None = None
    section: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    original_url: str | None = None
    original_title: str | None = None
    language: str | None = None
    # A record's text as given (line endings normalised): the text that analysis offsets point into.
    source_text: str | None = None
    # The body's sentences in reading order, as the bite stage split them: what bite and key
    # point indices point into.
    sentences: list[str] = field(default_factory=list)
    bite: Bite | None = None
    analysis: Analysis | None = None

    @property
    def paragraphs(self) -> list[str]:
        """Every body paragraph in reading order, across sections."""
        return [paragraph for section in self.sections for paragraph in section.paragraphs]

    @property
    def body_text(self) -> str:
        """The body as plain text, paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)

    @property
    def text(self) -> str:
        """The text analysis runs on: a record's text as given, else the clean body."""
        return self.source_text if self.source_text is not None else self.body_text


def parse_moment(value: str | None) -> datetime | None:
    """An ISO 8601 date or time (as `Article.published` holds it) in UTC, a time without a zone
    taken as UTC; None when missing, unreadable, or outside the years 1000 to 9998 (which the
    store's four-digit, sortable stamps can hold; year 1 at UTC+1 is not even a datetime)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
        moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        return None
    return moment if 1000 <= moment.year <= 9998 else None


# How far after NewsBite first saw an article its own date may be and still be believed. A day,
# not zero: a time without a zone is read as UTC, up to 14 hours off the publisher's own; a bare
# date is a whole day in the publisher's zone; and an embargoed or scheduled story (tomorrow's
# print edition, a report stamped with its release time) carries a time a few hours ahead of the
# feed that brought it. A date later than that is a wrong clock or a misread one (04/12 taken for
# 12 April), not news from the future.
BELIEVABLE_LEAD = timedelta(days=1)


def believed_published(published: str | None, first_seen: datetime) -> str | None:
    """`published` as given when it reads as a date or time (`parse_moment`) no more than
    BELIEVABLE_LEAD after `first_seen`; None when missing, unreadable or later than that."""
    moment = parse_moment(published)
    if moment is None or moment - first_seen > BELIEVABLE_LEAD:
        return None
    return published
