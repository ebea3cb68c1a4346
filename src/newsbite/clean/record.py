"""JSON records to articles: the fields are taken as given, not repaired like a scraped dump.

`published` may also come as `time`, and `publisher` as `source` (news-please's and the
clustering corpora's names for them).
"""

from __future__ import annotations

import re
from typing import Any

from newsbite.clean.html import article_from_html
from newsbite.clean.metadata import article_id, detect_language, publisher_domain
from newsbite.clean.normalize import normalize_line
from newsbite.clean.wire import agency_in_paragraphs
from newsbite.errors import ExtractionError
from newsbite.model import Article, Document, DocumentKind, Section

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")


def article_from_record(document: Document) -> Article:
    """The article in a record: `title` is the headline, `text` (or else `html`) the body."""
    record = document.record or {}
    title = _field(record, "title")
    text = _field(record, "text")
    if text:
        article = _article_from_record_text(document, title, text)
    else:
        page = Document(document.origin, DocumentKind.HTML, content=record.get("html", ""), url=document.url)
        article = article_from_html(page, title=title)
    article.headline = title or article.headline  # a record without a title keeps its page's headline
    if text:
        article.source_text = text.replace("\r\n", "\n").replace("\r", "\n")
    article.published = _field(record, "published") or _field(record, "time") or article.published
    article.publisher = _field(record, "publisher") or _field(record, "source") or article.publisher
    if document.record_id is not None:
        article.id = document.record_id
    return article


def _article_from_record_text(document: Document, title: str | None, text: str) -> Article:
    paragraphs = [normalize_line(part) for part in _PARAGRAPH_BREAK.split(text)]
    paragraphs = [paragraph for paragraph in paragraphs if paragraph]
    if not paragraphs:
        raise ExtractionError(document.origin, "the record's text is empty")
    body = "\n".join(paragraphs)
    return Article(
        id=article_id(document.url, title, body),
        origin=document.origin,
        sections=[Section(heading=None, paragraphs=paragraphs)],
        agency=agency_in_paragraphs(paragraphs),
        url=document.url,
        publisher=publisher_domain(document.url),
        language=detect_language(body),
    )


def _field(record: dict[str, Any] | Any, name: str) -> str | None:
    value = record.get(name)
    return value.strip() or None if isinstance(value, str) else None
