"""What the ranker knows of each sentence: signals that carry weight in news, from the text alone.

Every feature is computed from the sentences and the headline, without the understand stage, so
that the fast path needs no parse: capitalised words stand in for named entities, digits for
numbers. Centrality is TF-IDF cosine among the article's own sentences. Features are scaled to
about 0..1 or standardised within the article, so that weights learned on one outlet's articles
(long or short, many sentences or few) carry over to another's.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from spacy.lang.en.stop_words import STOP_WORDS

from newsbite.bite.attribution import OPENING_QUOTE

WORD = re.compile(r"\w+(?:['’]\w+)*")
_NUMBER = re.compile(r"\d")
_QUOTE_MARK = re.compile(r"[\"“”«»„]|(?:^|\s)['‘]|['’](?:\s|$)")
_REPORTING = re.compile(r"\b(?:said|says|told|tells|according to|added|announced)\b", re.IGNORECASE)
# A pronoun or connective opening: a cheap cue for the ranker. Whether a chosen sentence really
# needs its neighbour is decided by the fuller rule in attribution.py.
_PRONOUN_OR_CONNECTIVE_OPENING = re.compile(
    r"(?:He|She|It|They|This|These|That|Those|His|Her|Its|Their|But|And|However|Yet|Also|Meanwhile)\b"
)
_FINAL_PUNCTUATION = re.compile(r"[.!?…][\"'”’)\]]*$")

POSITION_BUCKETS = ("pos0", "pos1", "pos2", "pos3", "pos4", "pos5", "pos6_9", "pos10_up")
FEATURE_NAMES: tuple[str, ...] = (
    *POSITION_BUCKETS,
    "relative_position",
    "log_position",
    "length",
    "is_short",
    "is_long",
    "length_z",
    "length_rank",
    "centrality",
    "centrality_share",
    "centrality_z",
    "centrality_rank",
    "term_frequency",
    "headline_similarity",
    "max_similarity_before",
    "capitalised_share",
    "has_number",
    "has_quote",
    "opens_with_quote",
    "opens_with_pronoun_or_connective",
    "lacks_final_punctuation",
    "is_question",
    "reports_speech",
    "position_times_length",
    "log_sentence_count",
)


def sentence_features(sentences: Sequence[str], headline: str | None = None) -> np.ndarray:
    """One row of FEATURE_NAMES per sentence (shape n x len(FEATURE_NAMES)).

    `headline` (with the standfirst) is what a sentence is compared with; without one, the first
    sentence stands in for it, as the lead of a news story restates its headline.
    """
    count = len(sentences)
    if count == 0:
        return np.zeros((0, len(FEATURE_NAMES)))
    words = [WORD.findall(sentence) for sentence in sentences]
    lengths = np.array([len(sentence_words) for sentence_words in words], dtype=float)
    headline_words = WORD.findall(headline or "")
    # The headline joins the vocabulary as one more row, so that it is weighted like a sentence.
    rows, term_shares = _tfidf([*words, headline_words] if headline_words else words)
    vectors, term_share = rows[:count], term_shares[:count]
    # Dense, as the callers bound the sentences an article is ranked on (bite_max_sentences).
    similarity = (vectors @ vectors.T).toarray()
    np.fill_diagonal(similarity, 0.0)
    centrality = similarity.sum(axis=1) / max(1, count - 1)
    if headline_words:
        headline_similarity = (vectors @ rows[count].T).toarray().ravel()
    else:
        headline_similarity = similarity[0].copy()
        headline_similarity[0] = 1.0

    position = np.arange(count, dtype=float)
    columns = {
        **_position_buckets(count),
        "relative_position": position / max(1, count - 1),
        "log_position": np.log1p(position),
        "length": np.minimum(lengths, 60) / 60,
        "is_short": (lengths < 8).astype(float),
        "is_long": (lengths > 40).astype(float),
        "length_z": _standardised(lengths),
        "length_rank": _rank(lengths),
        "centrality": centrality,
        "centrality_share": centrality / centrality.max() if centrality.max() > 0 else centrality,
        "centrality_z": _standardised(centrality),
        "centrality_rank": _rank(centrality),
        "term_frequency": term_share,
        "headline_similarity": headline_similarity,
        "max_similarity_before": np.array([similarity[i, :i].max() if i else 0.0 for i in range(count)]),
        "capitalised_share": np.array([_capitalised(sentence_words) for sentence_words in words]),
        "has_number": _matches(_NUMBER, sentences),
        "has_quote": _matches(_QUOTE_MARK, sentences),
        "opens_with_quote": np.array([float(sentence.startswith(OPENING_QUOTE)) for sentence in sentences]),
        "opens_with_pronoun_or_connective": np.array(
            [float(bool(_PRONOUN_OR_CONNECTIVE_OPENING.match(sentence))) for sentence in sentences]
        ),
        "lacks_final_punctuation": 1.0 - _matches(_FINAL_PUNCTUATION, sentences),
        "is_question": np.array([float(sentence.rstrip("\"'”’) ").endswith("?")) for sentence in sentences]),
        "reports_speech": _matches(_REPORTING, sentences),
        "position_times_length": np.log1p(position) * np.minimum(lengths, 60) / 60,
        "log_sentence_count": np.full(count, math.log(count)),
    }
    return np.column_stack([columns[name] for name in FEATURE_NAMES])


def _tfidf(words: list[list[str]]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Unit TF-IDF rows over the article's content words, and each sentence's mean term frequency.

    The counts are sparse: a sentence holds a dozen of an article's thousands of words, and a dense
    sentence x vocabulary matrix grew with the square of a long page's length.
    """
    content = [[word.lower() for word in sentence_words] for sentence_words in words]
    content = [
        [word for word in sentence if word not in STOP_WORDS and not word.isdigit()] for sentence in content
    ]
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    for row, sentence in enumerate(content):
        for word in sentence:
            rows.append(row)
            columns.append(vocabulary.setdefault(word, len(vocabulary)))
    shape = (len(content), max(1, len(vocabulary)))
    # Repeated (row, column) pairs are summed: the word's count in the sentence.
    counts = sparse.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=shape)
    frequency = np.asarray(counts.sum(axis=0)).ravel()
    sizes = np.array([max(1, len(sentence)) for sentence in content], dtype=float)
    term_share = (counts @ frequency) / sizes / max(1.0, frequency.max())
    documents = np.bincount(counts.indices, minlength=shape[1])
    weighted = counts.multiply(np.log((len(content) + 1) / (documents + 1)) + 1).tocsr()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    unit = sparse.diags(1 / np.where(norms == 0, 1, norms)) @ weighted
    return unit.tocsr(), term_share


def _position_buckets(count: int) -> dict[str, np.ndarray]:
    position = np.arange(count)
    buckets = {f"pos{index}": (position == index).astype(float) for index in range(6)}
    buckets["pos6_9"] = ((position >= 6) & (position < 10)).astype(float)
    buckets["pos10_up"] = (position >= 10).astype(float)
    return buckets


def _standardised(values: np.ndarray) -> np.ndarray:
    spread = values.std()
    return (values - values.mean()) / spread if spread > 0 else np.zeros_like(values)


def _rank(values: np.ndarray) -> np.ndarray:
    """0 for the largest value, 1 for the smallest."""
    return np.argsort(np.argsort(-values, kind="stable"), kind="stable") / max(1, len(values) - 1)


def _capitalised(words: list[str]) -> float:
    # The first word is capitalised by grammar, not because it names something.
    named = sum(1 for word in words[1:] if word[:1].isupper())
    return min(1.0, named / max(1, len(words)))


def _matches(pattern: re.Pattern[str], sentences: Sequence[str]) -> np.ndarray:
    return np.array([float(bool(pattern.search(sentence))) for sentence in sentences])
