"""Stories: articles about one event, written apart, grouped online as they arrive.

An article joins the story it is most similar to when the similarity passes the threshold, and
otherwise starts a story of its own. Similarity is measured against each story's centroid
(the sum of its members' vectors), in two ways when it can:

- lexical: TF-IDF over the headline (counted twice, since a headline names the event) and the
  body, the IDF learned online from the articles seen so far (nothing from the future);
- semantic, where the embeddings extra is installed: all-MiniLM-L6-v2 over the headline and the
  lead (first LEAD_WORDS words), which matches reports that name an event in different words.

The two cosines are averaged with equal weight. A story can be made to go cold: with a window,
only stories updated within it are candidates.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

# Headline words count this many times: the headline names the event, the body wanders.
HEADLINE_WEIGHT = 2
# Words of the lead (after the headline) that the sentence embedding reads.
LEAD_WORDS = 150
# Similarity (a cosine, or the mean of two) at which an article joins a story. bench/stories.py
# prints how B-cubed F1 moves with it; these sit in the middle of the range where F1 stays
# within 0.02 of its best, not on the best point (see the README's clustering section).
THRESHOLD_LEXICAL = 0.2
THRESHOLD_WITH_EMBEDDINGS = 0.35
EMBEDDING_WEIGHT = 0.5
_TOKEN = re.compile(r"\b\w\w+\b")

Embedder = Callable[[Sequence[str]], np.ndarray]  # texts -> L2-normalised rows


def tokens(text: str) -> list[str]:
    """Lower-cased words of two or more characters, English stop words out."""
    return [token for token in _TOKEN.findall(text.lower()) if token not in STOP_WORDS]


def lead_text(headline: str | None, paragraphs: Sequence[str]) -> str:
    words = " ".join(paragraphs).split()[:LEAD_WORDS]
    return f"{headline or ''}. {' '.join(words)}"


@dataclass
class Story:
    """A story as the clusterer keeps it: its centroids, members and last update."""

    id: str
    terms: Counter[str] = field(default_factory=Counter)  # summed TF-IDF vectors
    embedding: np.ndarray | None = None  # summed embeddings
    members: list[str] = field(default_factory=list)
    updated: datetime | None = None

    def lexical_similarity(self, vector: dict[str, float]) -> float:
        norm = math.sqrt(sum(value * value for value in self.terms.values())) or 1.0
        return sum(value * self.terms.get(term, 0.0) for term, value in vector.items()) / norm

    def semantic_similarity(self, embedding: np.ndarray) -> float:
        if self.embedding is None:
            return 0.0
        norm = float(np.linalg.norm(self.embedding)) or 1.0
        return float(embedding @ self.embedding) / norm


class StoryClusterer:
    """Online story clustering: `add` each article in time order, get its story's id."""

    def __init__(
        self,
        threshold: float | None = None,
        embedder: Embedder | None = None,
        window: timedelta | None = None,
    ) -> None:
        self.embedder = embedder
        self.threshold = (
            threshold
            if threshold is not None
            else (THRESHOLD_WITH_EMBEDDINGS if embedder else THRESHOLD_LEXICAL)
        )
        self.window = window
        self.stories: list[Story] = []
        self._document_frequency: Counter[str] = Counter()
        self._documents = 0

    def add(
        self,
        key: str,
        headline: str | None,
        paragraphs: Sequence[str],
        published: datetime | None = None,
        embedding: np.ndarray | None = None,
    ) -> str:
        """The id of the story the article joins (a new one when none is similar enough)."""
        vector = self._vector(headline, paragraphs)
        if embedding is None and self.embedder is not None:
            embedding = self.embedder([lead_text(headline, paragraphs)])[0]
        story, similarity = self._most_similar(vector, embedding, published)
        if story is None or similarity < self.threshold:
            story = Story(id=f"story-{len(self.stories) + 1}")
            self.stories.append(story)
        story.terms.update(vector)
        if embedding is not None:
            story.embedding = embedding.copy() if story.embedding is None else story.embedding + embedding
        story.members.append(key)
        if published is not None and (story.updated is None or published > story.updated):
            story.updated = published
        return story.id

    def _vector(self, headline: str | None, paragraphs: Sequence[str]) -> dict[str, float]:
        counts = Counter(tokens(headline or "") * HEADLINE_WEIGHT + tokens(" ".join(paragraphs)))
        self._documents += 1
        self._document_frequency.update(counts.keys())
        weights = {
            term: (1 + math.log(count))
            * (math.log((1 + self._documents) / (1 + self._document_frequency[term])) + 1)
            for term, count in counts.items()
        }
        norm = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
        return {term: weight / norm for term, weight in weights.items()}

    def _most_similar(
        self, vector: dict[str, float], embedding: np.ndarray | None, published: datetime | None
    ) -> tuple[Story | None, float]:
        best, best_similarity = None, -1.0
        for story in self.stories:
            if self._cold(story, published):
                continue
            similarity = story.lexical_similarity(vector)
            if embedding is not None and story.embedding is not None:
                similarity = (
                    1 - EMBEDDING_WEIGHT
                ) * similarity + EMBEDDING_WEIGHT * story.semantic_similarity(embedding)
            if similarity > best_similarity:
                best, best_similarity = story, similarity
        return best, best_similarity

    def _cold(self, story: Story, published: datetime | None) -> bool:
        if self.window is None or published is None or story.updated is None:
            return False
        return published - story.updated > self.window


def sentence_embedder() -> Embedder | None:
    """all-MiniLM-L6-v2 when the embeddings extra is installed, else None (lexical only)."""
    from newsbite.bite.embeddings import EmbeddingsUnavailable, load_model

    try:
        model = load_model()
    except EmbeddingsUnavailable:
        return None

    def embed(texts: Sequence[str]) -> np.ndarray:
        return np.asarray(model.encode(list(texts), normalize_embeddings=True, show_progress_bar=False))

    return embed
