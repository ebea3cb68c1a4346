"""Clean: a raw document becomes an Article with its real structure and no page or wire residue.

`clean_document` picks the cleaner for the document's kind; each raises a NewsBiteError
(ExtractionError, MalformedRecord) when the document holds no article.
"""

from __future__ import annotations

from newsbite.clean.html import article_from_html
from newsbite.clean.page_lines import SourceProfile
from newsbite.clean.record import article_from_record
from newsbite.clean.text import article_from_text
from newsbite.errors import ExtractionError
from newsbite.model import Article, Document, DocumentKind

__all__ = ["clean_document"]

_CLEANERS = {
    DocumentKind.TEXT: article_from_text,
    DocumentKind.HTML: article_from_html,
    DocumentKind.RECORD: article_from_record,
}


def clean_document(
    document: Document, max_article_chars: int | None = None, profile: SourceProfile | None = None
) -> Article:
    """The clean article in `document`; ExtractionError when its text is over `max_article_chars`.

    `profile` holds the lines the document's source prints on its other pages (by default, those
    the document carries); a text dump's lines found there are the site's, not the story's.
    """
    if document.kind is DocumentKind.TEXT:
        article = article_from_text(document, profile or SourceProfile.of_document(document))
    else:
        article = _CLEANERS[document.kind](document)
    if max_article_chars is not None and len(article.text) > max_article_chars:
        raise ExtractionError(
            document.origin,
            f"the article's text is {len(article.text):,} characters, over the {max_article_chars:,} an"
            " article may have (max_article_chars): not a news story",
        )
    return article
