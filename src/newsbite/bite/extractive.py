"""The extractive bite, NewsBite's default: the article's own best sentences, safely attributed.

Sentences are split, scored by the learned ranker, chosen within the word budget (see
`select.py`), and a chosen claim that the article reports denied brings the denial with it,
even past the budget: a contested claim must never read as fact.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from newsbite.bite.attribution import counter_claim_sentences, locate_sentences, with_context
from newsbite.bite.features import FEATURE_NAMES, sentence_features
from newsbite.bite.key_points import key_points
from newsbite.bite.ranker import load_ranker
from newsbite.bite.select import choose_sentences
from newsbite.config import Settings
from newsbite.model import Article, Bite


def score_sentences(
    sentences: list[str], headline: str | None, embeddings: bool, weights: Path | None = None
) -> np.ndarray:
    """The ranker's log-odds for every sentence: the fast ranker, or the embedding one when asked.

    `weights` is a ranker file to use instead of the shipped one.
    """
    features = sentence_features(sentences, headline)
    names = FEATURE_NAMES
    if embeddings:
        from newsbite.bite.embeddings import EMBEDDING_FEATURES, embedding_features

        features = np.hstack([features, embedding_features(sentences, headline)])
        names = (*FEATURE_NAMES, *EMBEDDING_FEATURES)
    ranker = load_ranker("embeddings" if embeddings else "fast", names, weights)
    return ranker.score(features) if sentences else np.zeros(0)


def extractive_bite(article: Article, settings: Settings) -> Bite:
    """The bite of an article whose `sentences` are split (the bite stage does it)."""
    weights = Path(settings.bite_ranker_file).expanduser() if settings.bite_ranker_file else None
    sentences = article.sentences[: settings.bite_max_sentences]
    scores = score_sentences(sentences, headline_of(article), settings.bite_embeddings, weights)
    chosen = choose_sentences(sentences, scores, settings.bite_words, settings.bite_sentences)
    spans = locate_sentences(sentences, article.analysis.text) if article.analysis else []
    chosen = with_counter_claims(sentences, chosen, counter_claim_sentences(spans, article.analysis))
    return Bite(
        sentences=[sentences[index] for index in chosen],
        key_points=key_points(sentences, scores, chosen, article.analysis, spans),
        sentence_ids=chosen,
        method="extractive",
    )


def with_counter_claims(sentences: list[str], chosen: list[int], counters: dict[int, int]) -> list[int]:
    """`chosen` plus the denial (with what it leans on) of every chosen claim that has one."""
    result = set(chosen)
    for claim_sentence in chosen:
        if claim_sentence in counters:
            result.update(with_context(sentences, counters[claim_sentence]) or [counters[claim_sentence]])
    return sorted(result)


def headline_of(article: Article) -> str | None:
    """The headline and standfirst together, what the reader was promised the story is about."""
    parts = [part for part in (article.headline, article.standfirst) if part]
    return " ".join(parts) or None
