"""The built-in stages, registered through the same `register_stage` an outside stage uses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from newsbite.bite import lead_bite
from newsbite.config import Settings
from newsbite.model import Article
from newsbite.pipeline import register_stage
from newsbite.understand import analyse


@register_stage("understand", needs={"sections", "language", "source_text"}, sets={"analysis"}, batched=True)
def understand_stage(articles: Sequence[Article], settings: Settings) -> list[Article]:
    """The articles with entities, places, quotes, claims and numbers (English; others skipped)."""
    return analyse(articles, settings)


@register_stage("bite", needs={"sections", "language"}, sets={"bite"})
def bite_stage(article: Article, settings: Settings) -> Article:
    """The article with its lead bite."""
    return replace(article, bite=lead_bite(article, settings.bite_sentences))
