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

Names tell one event from another better than common words do, as an editor reads two reports:
a word the body writes as a name (capitalised inside a sentence, or an acronym) weighs
NAME_WEIGHT times its TF-IDF weight. It is read from the text's form, not from the parse, so
`newsbite cluster` (which does not parse) and the store group alike, and counting stays a
function of the article alone.
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

from newsbite.merge.duplicates import MAX_CHARACTERS, MAX_WORDS

# Headline words count this many times: the headline names the event, the body wanders.
HEADLINE_WEIGHT = 2
# Words of the lead (after the headline) that the sentence embedding reads.
LEAD_WORDS = 150
# Similarity (a cosine, or the mean of two) at which an article joins a story, and the weight of
# a name. bench/stories.py chooses them by its two-fold check over events: of every pair of name
# weight and threshold, the one whose threshold and both neighbours score best on the worse half
# (each half alone chose weight 2, and 0.150 or 0.175). The embeddings' threshold is chosen the
# same way given that weight.
THRESHOLD_LEXICAL = 0.175
THRESHOLD_WITH_EMBEDDINGS = 0.325
EMBEDDING_WEIGHT = 0.5
NAME_WEIGHT = 2.0
# In term counts, a word the article writes as a name is keyed with this mark before it; it
# counts as the same term as the plain word, weighted by NAME_WEIGHT.
NAME_MARK = "@"
_TOKEN = re.compile(r"\b\w\w+\b")
# (a sentence ends at its stop, or past the quote or bracket that closes after it)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+")
_LIST_MARKER = re.compile(r"^\s*(?:[-–•*]|\d+[.)])\s+")
_WORD_EDGES = "\"'“”‘’()[],.;:!?"

Embedder = Callable[[Sequence[str]], np.ndarray]  # texts -> L2-normalised rows


def tokens(text: str) -> list[str]:
    """Lower-cased words of two or more characters, English stop words out."""
    return [token for token in _TOKEN.findall(text.lower()) if token not in STOP_WORDS]


def term_counts(headline: str | None, paragraphs: Sequence[str]) -> Counter[str]:
    """What an article's TF-IDF vector counts: its words (of its first MAX_WORDS, as copies are
    compared), the headline's counted twice; a word the body writes as a name is keyed
    NAME_MARK + word."""
    counts = Counter(
        tokens(headline or "") * HEADLINE_WEIGHT + tokens(" ".join(paragraphs)[:MAX_CHARACTERS])[:MAX_WORDS]
    )
    names = named_words(paragraphs)
    return Counter({(NAME_MARK + term if term in names else term): count for term, count in counts.items()})


def named_words(paragraphs: Sequence[str]) -> set[str]:
    """Words (as `tokens` gives them) that the paragraphs write as names: capitalised (acronyms
    included) and not a sentence's or a list item's first word; of a hyphenated word, its
    capitalised parts ("EU" of "EU-funded"). A headline is not asked: it capitalises every word.
    Only the first MAX_CHARACTERS are read, as for the counts."""
    names: set[str] = set()
    left = MAX_CHARACTERS
    for paragraph in paragraphs:
        if left <= 0:
            break
        paragraph, left = _LIST_MARKER.sub("", paragraph[:left]), left - len(paragraph) - 1
        for sentence in _SENTENCE_BREAK.split(paragraph):
            if sentence.isupper():  # a line in capitals marks nothing out
                continue
            for word in sentence.split()[1:]:
                for part in word.strip(_WORD_EDGES).split("-"):
                    if part[:1].isupper():
                        names.update(tokens(part))
    return names


def _names_folded(counts: Counter[str]) -> Counter[str]:
    """Counts where a word appears once: as a name when any count marks it so (`term_counts`
    keys it one way, but `add_counts` takes any counter)."""
    marked = {key.removeprefix(NAME_MARK) for key in counts if key.startswith(NAME_MARK)}
    if not marked or not any(word in counts for word in marked):
        return counts
    folded: Counter[str] = Counter()
    for key, count in counts.items():
        word = key.removeprefix(NAME_MARK)
        folded[NAME_MARK + word if word in marked else word] += count
    return folded


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
# Two stories merge when an article brings their centroids this close: the join threshold times
# MERGE_FACTOR, stricter than a join since a merge moves whole stories. On DEV (bench/stories.py
# sweeps it) merging at 1.0x the join threshold chains unrelated events together, while from
# 1.2x up it never lowers F1 and lexically it mends one event that had split in two.
MERGE_FACTOR = 1.25


@dataclass
class Story:
    """A story as the clusterer keeps it: its centroid (summed member vectors, heaviest terms),
    summed embedding, size and last update. It is named after the article that started it."""

    id: str
    index: int
    term_ids: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int32))  # sorted
    weights: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.float32))
    norm: float = 0.0
    embedding: np.ndarray | None = None
    size: int = 0
    updated: datetime | None = None
    merged_into: str | None = None  # the story that took this one in

    def centroid_similarity(self, other: Story) -> float:
        """Cosine of the two centroids, averaged with that of their embeddings where both have one."""
        _, mine, theirs = np.intersect1d(
            self.term_ids, other.term_ids, assume_unique=True, return_indices=True
        )
        lexical = float(self.weights[mine] @ other.weights[theirs]) / ((self.norm * other.norm) or 1.0)
        if self.embedding is None or other.embedding is None:
            return lexical
        lengths = float(np.linalg.norm(self.embedding) * np.linalg.norm(other.embedding)) or 1.0
        semantic = float(self.embedding @ other.embedding) / lengths
        return (1 - EMBEDDING_WEIGHT) * lexical + EMBEDDING_WEIGHT * semantic

    def take_in(self, other: Story) -> None:
        """Merge `other` into this story: its centroid, embedding and size; it is left empty."""
        self.absorb(other.term_ids, other.weights)
        if other.embedding is not None:
            self.embedding = (
                other.embedding.copy() if self.embedding is None else self.embedding + other.embedding
            )
        self.size += other.size
        if other.updated is not None and (self.updated is None or other.updated > self.updated):
            self.updated = other.updated
        other.merged_into = self.id
        other.term_ids, other.weights = np.empty(0, dtype=np.int32), np.empty(0, dtype=np.float32)
        other.norm, other.embedding, other.size = 0.0, None, 0

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
        merge_factor: float | None = MERGE_FACTOR,
        name_weight: float = NAME_WEIGHT,
    ) -> None:
        self.embedder = embedder
        self.name_weight = name_weight
        self.threshold = (
            threshold
            if threshold is not None
            else (THRESHOLD_WITH_EMBEDDINGS if embedder else THRESHOLD_LEXICAL)
        )
        self.merge_threshold = self.threshold * merge_factor if merge_factor else None
        self.window = window
        self._merges: list[tuple[str, str]] = []  # (merged story, the story it went into)
        self._roots = array("i")  # by story index: the index of the story it is now part of
        self._merged = 0
        self.stories: list[Story] = []
        self._term_ids: dict[str, int] = {}
        self._terms: list[str] = []  # by id
        self._index_of: dict[str, int] = {}  # story id -> index
        self._document_frequency: Counter[int] = Counter()
        self._documents = 0
        self._postings: dict[int, array[int]] = {}
        # What changed since `take_changes`, for a caller that keeps the clusterer in a store.
        self._changed_stories: set[int] = set()
        self._changed_terms: set[int] = set()

    def add(
        self,
        key: str,
        headline: str | None,
        paragraphs: Sequence[str],
        published: datetime | None = None,
        embedding: np.ndarray | None = None,
    ) -> str:
        """The id of the story the article joins (a new one when none is similar enough)."""
        if embedding is None and self.embedder is not None:
            embedding = self.embedder([lead_text(headline, paragraphs)])[0]
        return self.add_counts(key, term_counts(headline, paragraphs), published, embedding)[0].id

    def add_counts(
        self,
        key: str,
        counts: Counter[str],
        published: datetime | None = None,
        embedding: np.ndarray | None = None,
    ) -> tuple[Story, np.ndarray]:
        """The story an article joins and its lead terms (what finds its story), from its term
        counts (`term_counts`), which depend on the article alone and so may be counted in
        parallel; what follows depends on the articles before it."""
        term_ids, weights = self._vector(counts)
        lead = term_ids[np.argsort(-weights)[:LOOKUP_TERMS]]
        close = self._close_stories(lead, term_ids, weights, embedding, published)
        story = close[0] if close else None
        if story is None:
            story = Story(id=key, index=len(self.stories))
            self.stories.append(story)
            self._index_of[key] = story.index
            self._roots.append(story.index)
        story.absorb(term_ids, weights)
        self._post(lead, story.index)
        if embedding is not None:
            story.embedding = embedding.copy() if story.embedding is None else story.embedding + embedding
        story.size += 1
        if published is not None and (story.updated is None or published > story.updated):
            story.updated = published
        self._changed_stories.add(story.index)
        if self.merge_threshold is not None:
            story = self._merge_close_stories(story, close[1:])
        return story, lead

    def _merge_close_stories(self, story: Story, others: list[Story]) -> Story:
        """Merge into one the stories this article's story has come close to; the oldest stays.
        Only stories the article could have joined are considered: it is what shows them one."""
        assert self.merge_threshold is not None
        for other in others:
            if other.merged_into or story.centroid_similarity(other) < self.merge_threshold:
                continue
            older, younger = sorted((story, other), key=lambda candidate: candidate.index)
            older.take_in(younger)
            self._record_merge(younger, older)
            self._merges.append((younger.id, older.id))
            self._changed_stories.update((older.index, younger.index))
            story = older
        return story

    def resolve(self, story_id: str) -> str:
        """The story a story id stands for now: itself, or the story it was merged into."""
        story = self.stories[self._index_of[story_id]]
        while story.merged_into is not None:
            story = self.stories[self._index_of[story.merged_into]]
        return story.id

    def _post(self, lead: np.ndarray, index: int) -> None:
        for term in lead:
            posting = self._postings.setdefault(int(term), array("i"))
            if not posting or posting[-1] != index:
                posting.append(index)

    # Keeping the clusterer in a store: what changed, and putting it back together.

    def take_changes(self) -> tuple[list[Story], dict[str, tuple[int, int]], list[tuple[str, str]]]:
        """The stories, terms (`term: (id, documents)`) and merges since the last call."""
        stories = [self.stories[index] for index in sorted(self._changed_stories)]
        terms = {self._terms[ids]: (ids, self._document_frequency[ids]) for ids in self._changed_terms}
        merges = self._merges
        self._changed_stories, self._changed_terms, self._merges = set(), set(), []
        return stories, terms, merges

    @property
    def vocabulary_size(self) -> int:
        """Terms seen so far (their ids run from 0 to this)."""
        return len(self._terms)

    @property
    def documents(self) -> int:
        """Articles the IDF has counted."""
        return self._documents

    def restore_vocabulary(self, terms: dict[str, tuple[int, int]], documents: int) -> None:
        """Put back the term ids and document frequencies that `take_changes` handed out."""
        for term, (term_id, frequency) in sorted(terms.items(), key=lambda item: item[1][0]):
            if term_id != len(self._terms):
                raise ValueError(
                    f"term ids are not contiguous: {term!r} has {term_id}, {len(self._terms)} expected"
                )
            self._term_ids[term] = term_id
            self._terms.append(term)
            self._document_frequency[term_id] = frequency
        self._documents = documents

    def restore_story(self, story: Story) -> None:
        """Put back a story (in the order the stories were made)."""
        story.index = len(self.stories)
        self.stories.append(story)
        self._index_of[story.id] = story.index
        self._roots.append(story.index)
        if story.merged_into is not None:  # stories are restored oldest first: it is there
            self._record_merge(story, self.stories[self._index_of[self.resolve(story.merged_into)]])

    def restore_lead(self, lead: np.ndarray, story_id: str) -> None:
        """Put back an article's lead terms in its story's postings (in the order articles came)."""
        self._post(lead, self._index_of[story_id])

    def _vector(self, counts: Counter[str]) -> tuple[np.ndarray, np.ndarray]:
        """The article's TF-IDF vector: sorted term ids and their L2-normalised weights (a
        name's multiplied by the name weight)."""
        counts = _names_folded(counts)
        ids = {key: self._term_id(key.removeprefix(NAME_MARK)) for key in counts}
        self._documents += 1
        self._document_frequency.update(ids.values())
        self._changed_terms.update(ids.values())
        pairs = sorted(
            (
                ids[key],
                (1 + math.log(count))
                * (math.log((1 + self._documents) / (1 + self._document_frequency[ids[key]])) + 1)
                * (self.name_weight if key.startswith(NAME_MARK) else 1.0),
            )
            for key, count in counts.items()
        )
        term_ids = np.array([term for term, _ in pairs], dtype=np.int32)
        weights = np.array([weight for _, weight in pairs], dtype=np.float32)
        return term_ids, weights / (float(np.linalg.norm(weights)) or 1.0)

    def _term_id(self, term: str) -> int:
        term_id = self._term_ids.get(term)
        if term_id is None:
            term_id = self._term_ids[term] = len(self._terms)
            self._terms.append(term)
        return term_id

    def _close_stories(
        self,
        lead: np.ndarray,
        term_ids: np.ndarray,
        weights: np.ndarray,
        embedding: np.ndarray | None,
        published: datetime | None,
    ) -> list[Story]:
        """The stories the article is similar enough to join, most similar first (cold ones left out)."""
        close = []
        for index in self._candidates(lead):
            story = self.stories[index]
            if self._cold(story, published):
                continue
            similarity = self.similarity(story, term_ids, weights, embedding, published)
            if similarity >= self.threshold:
                close.append((similarity, -story.index, story))
        return [story for *_, story in sorted(close, key=lambda found: found[:2], reverse=True)]

    def similarity(
        self,
        story: Story,
        term_ids: np.ndarray,
        weights: np.ndarray,
        embedding: np.ndarray | None,
        published: datetime | None,
    ) -> float:
        """How close an article is to a story: the lexical cosine, averaged with the semantic one
        where both have an embedding. (bench/stories.py tries other signals here.)"""
        similarity = story.lexical_similarity(term_ids, weights)
        if embedding is not None and story.embedding is not None:
            semantic = story.semantic_similarity(embedding)
            similarity = (1 - EMBEDDING_WEIGHT) * similarity + EMBEDDING_WEIGHT * semantic
        return similarity

    def _candidates(self, lead: np.ndarray) -> list[int]:
        """The stories sharing most of the article's lead terms (at most CANDIDATES of them)."""
        postings = [self._postings.get(int(term)) for term in lead]
        # Copies, not views: a view kept alive (by a profiler holding this frame, as Dask's
        # workers run one) would stop the posting from growing ("cannot resize an array").
        usable = [np.array(p, dtype=np.int32) for p in postings if p and len(p) <= MAX_POSTING]
        if not usable:
            return []
        stories, shared = np.unique(np.concatenate(usable), return_counts=True)
        if self._merged:
            stories, shared = self._surviving(stories, shared)
        if len(stories) > CANDIDATES:
            stories = stories[np.argpartition(-shared, CANDIDATES)[:CANDIDATES]]
        return [int(index) for index in stories]

    def _surviving(self, stories: np.ndarray, shared: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Postings of merged stories counted for the stories they went into."""
        roots, inverse = np.unique(np.frombuffer(self._roots, dtype=np.int32)[stories], return_inverse=True)
        return roots, np.bincount(inverse, weights=shared)

    def _record_merge(self, younger: Story, older: Story) -> None:
        roots = np.array(self._roots, dtype=np.int32)  # a copy, for the reason in _candidates
        roots[roots == younger.index] = older.index
        self._roots = array("i", roots.tobytes())
        self._merged += 1

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
