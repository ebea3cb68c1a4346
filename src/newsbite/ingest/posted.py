"""A document posted to the API: read as the same text in a file would be, or as a record.

A posted `text` or `html` alone is the document itself, so a scraped dump posted is cleaned
exactly as `newsbite ingest dump.txt` cleans it (its doubled headline, section label and footer
recognised). With a `title` or `published` beside it, the poster is stating fields, so it is a
JSON record whose fields are taken as given, as a line of a JSONL corpus is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsbite.ingest.detect import detect_kind
from newsbite.ingest.records import record_document
from newsbite.model import Document, DocumentKind

# The fields that make a posted document a record rather than a bare document.
RECORD_FIELDS = ("title", "published")


def posted_document(posted: Mapping[str, Any], origin: str) -> Document:
    """The document in a posted body with `text` or `html` (and perhaps `url`, `title`,
    `published`); MalformedRecord when it has neither text nor HTML with content."""
    if any(posted.get(name) for name in RECORD_FIELDS):
        return record_document(dict(posted), origin)
    url = posted.get("url") if isinstance(posted.get("url"), str) else None
    html = posted.get("html")
    if isinstance(html, str) and html.strip() and not posted.get("text"):
        return Document(origin=origin, kind=DocumentKind.HTML, content=html, url=url)
    text = posted.get("text")
    if not (isinstance(text, str) and text.strip()):
        return record_document(dict(posted), origin)  # raises MalformedRecord, naming what is missing
    return Document(origin=origin, kind=detect_kind(text), content=text, url=url)
