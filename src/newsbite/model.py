"""NewsBite's one data model: what a document is when read, and what an article is once cleaned.

Plain dataclasses with no I/O; every stage reads and writes these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
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


@dataclass
class Section:
    """A run of body paragraphs, under a crosshead (`heading`) or none for the lead section."""

    heading: str | None
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Bite:
    """What a busy reader gets: a few sentences and the key points."""

    sentences: list[str] = field(default_factory=list)
    key_points: list[str] = field(default_factory=list)


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
    bite: Bite | None = None

    @property
    def paragraphs(self) -> list[str]:
        """Every body paragraph in reading order, across sections."""
        return [paragraph for section in self.sections for paragraph in section.paragraphs]

    @property
    def body_text(self) -> str:
        """The body as plain text, paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)
