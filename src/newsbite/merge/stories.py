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
from array import array
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


# A story's centroid keeps its heaviest terms only, so memory stays bounded however large the
# story grows; an article's heaviest terms are what finds its candidate stories. Both were
# raised until bench/stories.py scored as a comparison with every story does (at 300 centroid
# terms or 25 lookup terms, lexical F1 fell by one to two points).
CENTROID_TERMS = 1000
LOOKUP_TERMS = 60
# A term heading this many stories' centroids says little about which story an article is in,
# and would make every lookup scan them all.
MAX_POSTING = 1_000
# Of the stories sharing lead terms with an article, the ones sharing most are compared in full.
CANDIDATES = 64


@dataclass
class Story:
    """A story as the clusterer keeps it: its centroid (summed member vectors, heaviest terms),
    summed embedding, members and last update."""

    id: str
    index: int
    term_ids: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int32))  # sorted
    weights: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.float32))
    norm: float = 0.0
    embedding: np.ndarray | None = None
    members: list[str] = field(default_factory=list)
    updated: datetime | None = None

    def lexical_similarity(self, term_ids: np.ndarray, weights: np.ndarray) -> float:
        _, mine, theirs = np.intersect1d(self.term_ids, term_ids, assume_unique=True, return_indices=True)
        return float(self.weights[mine] @ weights[theirs]) / (self.norm or 1.0)

    def semantic_similarity(self, embedding: np.ndarray) -> float:
        if self.embedding is None:
            return 0.0
        return float(embedding @ self.embedding) / (float(np.linalg.norm(self.embedding)) or 1.0)

    def absorb(self, term_ids: np.ndarray, weights: np.ndarray) -> None:
        """Add an article's vector to the centroid, keeping the CENTROID_TERMS heaviest terms."""
        merged = np.union1d(self.term_ids, term_ids)
        summed = np.zeros(len(merged), dtype=np.float32)
        summed[np.searchsorted(merged, self.term_ids)] += self.weights
        summed[np.searchsorted(merged, term_ids)] += weights
        if len(merged) > CENTROID_TERMS:
            keep = np.sort(np.argpartition(-summed, CENTROID_TERMS)[:CENTROID_TERMS])
            merged, summed = merged[keep], summed[keep]
        self.term_ids, self.weights = merged, summed
        self.norm = float(np.linalg.norm(summed))


class StoryClusterer:
    """Online story clustering: `add` each article in time order, get its story's id.

    Candidate stories come from an inverted index of centroid lead terms, so a lookup costs the
    stories an article shares distinctive words with, not every story so far.
    """

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
        self._term_ids: dict[str, int] = {}
        self._document_frequency: Counter[int] = Counter()
        self._documents = 0
        self._postings: dict[int, array[int]] = {}

    def add(
        self,
        key: str,
        headline: str | None,
        paragraphs: Sequence[str],
        published: datetime | None = None,
        embedding: np.ndarray | None = None,
    ) -> str:
        """The id of the story the article joins (a new one when none is similar enough)."""
        term_ids, weights = self._vector(headline, paragraphs)
        if embedding is None and self.embedder is not None:
            embedding = self.embedder([lead_text(headline, paragraphs)])[0]
        lead = term_ids[np.argsort(-weights)[:LOOKUP_TERMS]]
        story, similarity = self._most_similar(lead, term_ids, weights, embedding, published)
        if story is None or similarity < self.threshold:
            story = Story(id=f"story-{len(self.stories) + 1}", index=len(self.stories))
            self.stories.append(story)
        story.absorb(term_ids, weights)
        for term in lead:
            posting = self._postings.setdefault(int(term), array("i"))
            if not posting or posting[-1] != story.index:
                posting.append(story.index)
        if embedding is not None:
            story.embedding = embedding.copy() if story.embedding is None else story.embedding + embedding
        story.members.append(key)
        if published is not None and (story.updated is None or published > story.updated):
            story.updated = published
        return story.id

    def _vector(self, headline: str | None, paragraphs: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The article's TF-IDF vector: sorted term ids and their L2-normalised weights."""
        counts = Counter(tokens(headline or "") * HEADLINE_WEIGHT + tokens(" ".join(paragraphs)))
        ids = {term: self._term_ids.setdefault(term, len(self._term_ids)) for term in counts}
        self._documents += 1
        self._document_frequency.update(ids.values())
        pairs = sorted(
            (
                ids[term],
                (1 + math.log(count))
                * (math.log((1 + self._documents) / (1 + self._document_frequency[ids[term]])) + 1),
            )
            for term, count in counts.items()
        )
        term_ids = np.array([term for term, _ in pairs], dtype=np.int32)
        weights = np.array([weight for _, weight in pairs], dtype=np.float32)
        return term_ids, weights / (float(np.linalg.norm(weights)) or 1.0)

    def _most_similar(
        self,
        lead: np.ndarray,
        term_ids: np.ndarray,
        weights: np.ndarray,
        embedding: np.ndarray | None,
        published: datetime | None,
    ) -> tuple[Story | None, float]:
        best, best_similarity = None, -1.0
        for index in self._candidates(lead):
            story = self.stories[index]
            if self._cold(story, published):
                continue
            similarity = story.lexical_similarity(term_ids, weights)
            if embedding is not None and story.embedding is not None:
                semantic = story.semantic_similarity(embedding)
                similarity = (1 - EMBEDDING_WEIGHT) * similarity + EMBEDDING_WEIGHT * semantic
            if similarity > best_similarity:
                best, best_similarity = story, similarity
        return best, best_similarity

    def _candidates(self, lead: np.ndarray) -> list[int]:
        """The stories sharing most of the article's lead terms (at most CANDIDATES of them)."""
        postings = [self._postings.get(int(term)) for term in lead]
        usable = [np.frombuffer(p, dtype=np.int32) for p in postings if p and len(p) <= MAX_POSTING]
        if not usable:
            return []
        stories, shared = np.unique(np.concatenate(usable), return_counts=True)
        if len(stories) > CANDIDATES:
            stories = stories[np.argpartition(-shared, CANDIDATES)[:CANDIDATES]]
        return [int(index) for index in stories]

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
