"""Understand: entities, places, quotes with their speakers, claims and numbers in each article.

`analyse` runs spaCy over a batch of articles with `nlp.pipe` (the pipeline loaded once per
process), then NewsBite's own passes over each parsed article: place labels corrected and
resolved against the GeoNames gazetteer, entity mentions grouped, quotes attributed, claims
and numbers read. Articles not in English are skipped with the reason recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc

from newsbite.config import Settings
from newsbite.model import Analysis, Article
from newsbite.understand.claims import find_claims
from newsbite.understand.entities import (
    EntityGroup,
    entities_of,
    group_mentions,
    mentions_in,
    tracked,
    with_kinds_given,
    with_surnames,
)
from newsbite.understand.gazetteer import gazetteer
from newsbite.understand.nlp import load_pipeline, parse_texts
from newsbite.understand.numbers import find_numbers
from newsbite.understand.places import corrected_mentions, resolve_places
from newsbite.understand.quotes import find_quotes
from newsbite.understand.responses import find_responses, find_statements_answered

__all__ = ["analyse", "analyse_doc"]

SUPPORTED_LANGUAGES = frozenset({"en"})


def analyse(articles: Sequence[Article], settings: Settings) -> list[Article]:
    """The articles with their analysis; English ones parsed together in one `nlp.pipe` stream."""
    analyses: dict[int, Analysis] = {}
    english: list[int] = []
    for index, article in enumerate(articles):
        reason = _skip_reason(article)
        if reason is None:
            english.append(index)
        else:
            analyses[index] = Analysis(text=article.text, skipped=reason)
    if english:
        nlp = load_pipeline(settings.spacy_model)
        texts = [articles[index].text[: settings.max_analysis_chars] for index in english]
        docs = parse_texts(nlp, texts, settings.nlp_batch_size, settings.nlp_batch_chars)
        for index, doc in zip(english, docs, strict=True):
            analyses[index] = analyse_doc(doc, settings, full_text=articles[index].text)
    return [replace(article, analysis=analyses[index]) for index, article in enumerate(articles)]


def analyse_doc(doc: Doc, settings: Settings, full_text: str | None = None) -> Analysis:
    """NewsBite's passes over one parsed article."""
    places_index = gazetteer(settings.cache_path)
    mentions = tracked(
        with_kinds_given(corrected_mentions(doc, with_surnames(doc, mentions_in(doc)), places_index))
    )
    groups = group_mentions(mentions)
    places = resolve_places(groups, places_index)
    groups = _merge_same_place(groups)
    found = find_quotes(doc, groups)
    quotes = [item.quote for item in found]
    speakers = [quote.speaker for quote in quotes if quote.speaker]
    return Analysis(
        text=full_text if full_text is not None else doc.text,
        entities=entities_of(groups, doc, speakers),
        places=places,
        quotes=quotes,
        claims=find_claims(
            found,
            find_responses(doc, groups, found),
            doc,
            [(group.name, group.forms()) for group in groups],
            find_statements_answered(doc, groups),
        ),
        numbers=find_numbers(doc),
    )


def _skip_reason(article: Article) -> str | None:
    if not article.text.strip():
        return "the article has no text"
    if article.language is None:
        return "too little text to tell its language"
    if article.language not in SUPPORTED_LANGUAGES:
        return f"language {article.language!r}: entities, quotes and claims are read in English only"
    return None


def _merge_same_place(groups: list[EntityGroup]) -> list[EntityGroup]:
    """One entity per place: names the gazetteer resolved to one entry ("Dzerzhinsk", "Toretsk")."""
    merged: list[EntityGroup] = []
    by_place: dict[int, EntityGroup] = {}
    for group in groups:
        if group.place_id is None:
            merged.append(group)
            continue
        first = by_place.get(group.place_id)
        if first is None:
            by_place[group.place_id] = group
            merged.append(group)
        else:
            first.mentions.extend(group.mentions)
            first.mentions.sort(key=lambda mention: mention.span.start)
    return merged
