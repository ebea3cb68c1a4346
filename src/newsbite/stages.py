"""The built-in stages, registered through the same `register_stage` an outside stage uses."""

from __future__ import annotations

from dataclasses import replace

from newsbite.bite import lead_bite
from newsbite.config import Settings
from newsbite.model import Article
from newsbite.pipeline import register_stage


@register_stage("bite", needs={"sections", "language"}, sets={"bite"})
def bite_stage(article: Article, settings: Settings) -> Article:
    """The article with its lead bite."""
    return replace(article, bite=lead_bite(article, settings.bite_sentences))
