"""The built-in stages: clean, understand and bite.

They register through the same `register_stage` and the same `newsbite.stages` entry point
(pyproject.toml) that another package's stage uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from newsbite.bite import article_sentences, extractive_bite
from newsbite.bite.llm import llm_bite
from newsbite.clean import clean_document
from newsbite.config import Settings
from newsbite.model import Article, Document
from newsbite.registry import CLEANED_FIELDS, DOCUMENT, register_stage
from newsbite.understand import analyse


@register_stage("clean", needs={DOCUMENT}, sets=CLEANED_FIELDS)
def clean_stage(document: Document, settings: Settings) -> Article:
    """The document's article: its structure and metadata, page and wire residue removed."""
    return clean_document(document, settings.max_article_chars)


@register_stage("understand", needs={"sections", "language", "source_text"}, sets={"analysis"}, batched=True)
def understand_stage(articles: Sequence[Article], settings: Settings) -> list[Article]:
    """The articles with entities, places, quotes, claims and numbers (English; others skipped)."""
    return analyse(articles, settings)


@register_stage("bite", needs={"sections", "language"}, sets={"sentences", "bite"})
def bite_stage(article: Article, settings: Settings) -> Article:
    """The article split into sentences, with its bite and key points.

    The bite is extractive, or abstractive when an LLM server is configured (then checked and,
    if unfaithful, replaced by the extractive one). It uses the understand stage's claims and
    entities when that stage ran before it.
    """
    article = replace(article, sentences=article_sentences(article.paragraphs, article.language))
    extractive = extractive_bite(article, settings)
    bite = llm_bite(article, extractive, settings) if settings.llm_url else extractive
    return replace(article, bite=bite)
