"""The stable JSON shape of an article (documented in docs/json-schema.md)."""

from __future__ import annotations

from typing import Any

from newsbite.model import Article


def article_to_dict(article: Article) -> dict[str, Any]:
    """The article as the documented JSON object; keys always present, null where unknown."""
    bite = article.bite
    return {
        "id": article.id,
        "headline": article.headline,
        "standfirst": article.standfirst,
        "sections": [
            {"heading": section.heading, "paragraphs": list(section.paragraphs)}
            for section in article.sections
        ],
        "byline": article.byline,
        "agency": article.agency,
        "section": article.section,
        "publisher": article.publisher,
        "published": article.published,
        "url": article.url,
        "original_url": article.original_url,
        "original_title": article.original_title,
        "language": article.language,
        "bite": {
            "sentences": list(bite.sentences) if bite else [],
            "key_points": list(bite.key_points) if bite else [],
        },
    }
