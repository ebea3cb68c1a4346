"""The article <-> dict schema beside the model: the stable JSON shape of an article (docs/json-schema.md).

The store, the renderers and batch tables all read and write articles through it.
"""

from __future__ import annotations

from typing import Any

from newsbite.model import (
    Analysis,
    Article,
    Bite,
    Claim,
    Entity,
    KeyPoint,
    NumberMention,
    Place,
    Quote,
    Section,
)

# What a story shows when its lead article has no bite: the shape every bite has, empty.
NO_BITE: dict[str, Any] = {"method": None, "sentences": [], "sentence_ids": [], "key_points": []}


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
        "sentences": list(article.sentences),
        "bite": {
            "method": bite.method if bite else None,
            "sentences": list(bite.sentences) if bite else [],
            "sentence_ids": list(bite.sentence_ids) if bite else [],
            "key_points": [_plain(point) for point in bite.key_points] if bite else [],
        },
        **analysis_to_dict(article.analysis, article.text),
    }


def analysis_to_dict(analysis: Analysis | None, text: str) -> dict[str, Any]:
    """The understand stage's keys: the text its offsets point into, and what it found there."""
    if analysis is None:
        return {key: [] for key in ANALYSIS_KEYS} | {"text": text, "analysis_skipped": "not analysed"}
    return {
        "text": analysis.text,
        "analysis_skipped": analysis.skipped,
        "entities": [_plain(entity) for entity in analysis.entities],
        "places": [_plain(place) for place in analysis.places],
        "quotes": [_plain(quote) for quote in analysis.quotes],
        "claims": [_plain(claim) for claim in analysis.claims],
        "numbers": [_plain(number) for number in analysis.numbers],
    }


def _plain(item: object) -> dict[str, Any]:
    """A flat dataclass as a dict with its lists copied: asdict's result at a fraction of its cost."""
    return {key: list(value) if isinstance(value, list) else value for key, value in vars(item).items()}


ANALYSIS_KEYS = ("entities", "places", "quotes", "claims", "numbers")


def article_from_dict(data: dict[str, Any]) -> Article:
    """The article back from its JSON object (as the store keeps it): the inverse of article_to_dict."""
    bite = data.get("bite") or {}
    has_analysis = data.get("analysis_skipped") != "not analysed"
    return Article(
        id=data["id"],
        origin=data.get("url") or data["id"],
        headline=data.get("headline"),
        standfirst=data.get("standfirst"),
        sections=[Section(s.get("heading"), list(s.get("paragraphs", []))) for s in data.get("sections", [])],
        **{key: data.get(key) for key in _PLAIN_KEYS},
        source_text=data.get("text"),
        sentences=list(data.get("sentences", [])),
        bite=Bite(
            sentences=list(bite.get("sentences", [])),
            key_points=[
                KeyPoint(kp["text"], list(kp.get("sentences", []))) for kp in bite.get("key_points", [])
            ],
            sentence_ids=list(bite.get("sentence_ids", [])),
            method=bite.get("method") or "extractive",
        )
        if bite.get("method")
        else None,
        analysis=Analysis(
            text=data.get("text") or "",
            entities=[Entity(**entity) for entity in data.get("entities", [])],
            places=[Place(**place) for place in data.get("places", [])],
            quotes=[Quote(**quote) for quote in data.get("quotes", [])],
            claims=[Claim(**claim) for claim in data.get("claims", [])],
            numbers=[NumberMention(**number) for number in data.get("numbers", [])],
            skipped=data.get("analysis_skipped"),
        )
        if has_analysis
        else None,
    )


_PLAIN_KEYS = (
    "byline",
    "agency",
    "section",
    "publisher",
    "published",
    "url",
    "original_url",
    "original_title",
    "language",
)
