"""HTML pages to articles: body blocks and metadata through trafilatura and htmldate."""

from __future__ import annotations

from datetime import datetime

from htmldate import find_date

from newsbite.clean.assemble import PageHints, assemble_article
from newsbite.clean.extract import extract_page, trafilatura_blocks
from newsbite.clean.normalize import normalize_line
from newsbite.errors import ExtractionError
from newsbite.model import Article, Document

_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def article_from_html(document: Document, title: str | None = None) -> Article:
    """The article on an HTML page; `title` overrides the page's own when the caller knows better.

    Raises ExtractionError when the page holds no article text.
    """
    page = extract_page(document.content, document.url)
    if page is None:
        raise ExtractionError(document.origin, "no article text found in the HTML")
    hints = PageHints(
        title=title or _clean(page.title),
        description=_clean(page.description),
        byline=_clean(page.author),
        published=published_date(document.content, document.url),
        url=document.url or page.url,
        language=page.language,
    )
    return assemble_article(document.origin, trafilatura_blocks(page.body), hints)


def published_date(html: str, url: str | None) -> str | None:
    """The publication date as ISO 8601: with time and offset where the page gives them."""
    found = find_date(html, url=url, original_date=True, outputformat=_DATE_FORMAT)
    if not found:
        return None
    moment = datetime.strptime(found, _DATE_FORMAT) if found[-5] in "+-" else datetime.fromisoformat(found)
    if moment.tzinfo is None and moment.time() == datetime.min.time():
        # htmldate reports midnight when a page gives only the day: keep just the day.
        return moment.date().isoformat()
    return moment.isoformat()


def _clean(value: str | None) -> str | None:
    return normalize_line(value) or None if value else None
