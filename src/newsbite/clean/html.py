"""HTML pages to articles: body blocks and metadata through trafilatura and htmldate."""

from __future__ import annotations

from datetime import datetime

from newsbite.clean.assemble import PageHints, assemble_article
from newsbite.clean.blocks import same_text
from newsbite.clean.extract import DATE_FORMAT, ExtractedPage, extract_page
from newsbite.clean.markup import bounded_markup
from newsbite.clean.normalize import forget_lines, normalize_line
from newsbite.clean.wire import byline_agency
from newsbite.model import Article, Document


def article_from_html(document: Document, title: str | None = None) -> Article:
    """The article on an HTML page; `title` overrides the page's own when the caller knows better.

    Raises ExtractionError when the page holds no article text.
    """
    try:
        page = extract_page(bounded_markup(document.content, document.origin), document.url)
    finally:
        forget_lines()
    hints = PageHints(
        title=title or headline_of(page),
        names=tuple(name for name in (*page.titles, page.h1) if name),
        description=_clean(page.description),
        byline=_clean(page.author),
        published=iso_date(page.date),
        url=document.url or page.url,
        language=page.language,
    )
    article = assemble_article(document.origin, page.blocks, hints)
    # trafilatura keeps the author's name from a printed credit but drops the agency after it.
    article.agency = article.agency or byline_agency(page.printed_byline)
    return article


# A site's logo or name in an <h1> is a word or three; a headline is longer.
_MIN_H1_HEADLINE_WORDS = 4


def headline_of(page: ExtractedPage) -> str | None:
    """The printed <h1> when it is a headline, else the metadata title (often an SEO variant)."""
    h1 = page.h1
    if h1 and (len(h1.split()) >= _MIN_H1_HEADLINE_WORDS or any(same_text(h1, t) for t in page.titles)):
        return h1
    return _clean(page.title)


def iso_date(found: str | None) -> str | None:
    """htmldate's date as ISO 8601: with time and offset where the page gives them."""
    if not found:
        return None
    try:
        moment = datetime.strptime(found, DATE_FORMAT) if found[-5] in "+-" else datetime.fromisoformat(found)
    except ValueError:
        return found
    if moment.tzinfo is None and moment.time() == datetime.min.time():
        # htmldate reports midnight when a page gives only the day: keep just the day.
        return moment.date().isoformat()
    return moment.isoformat()


def _clean(value: str | None) -> str | None:
    return normalize_line(value) or None if value else None
