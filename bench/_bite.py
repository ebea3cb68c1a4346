"""What training and benchmarking the bite share: the articles as the pipeline cleans them, the
greedy extractive oracle that labels sentences, and the logistic-regression fit."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from nltk.stem import porter
from rouge_score import tokenize

from newsbite.bite import article_sentences
from newsbite.bite.extractive import headline_of
from newsbite.bite.features import FEATURE_NAMES, sentence_features
from newsbite.config import Settings
from newsbite.errors import NewsBiteError
from newsbite.ingest import read_inputs
from newsbite.model import Article
from newsbite.pipeline import Pipeline

ORACLE_SENTENCES = 3
# sklearn's default regularisation: not tuned, so that nothing is fitted to the dev set.
REGULARISATION_C = 1.0


@dataclass
class Example:
    """One article of an evaluation file, cleaned and split, with its reference summary."""

    id: str
    article: Article
    reference: str


def load_examples(path: Path, settings: Settings, limit: int | None = None) -> list[Example]:
    """The file's records as the pipeline cleans them (no stages), with `sentences` split."""
    references = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            references[str(record["id"])] = record["summary"]
    examples = []
    for outcome in Pipeline(settings, ("clean",)).run(read_inputs([str(path)], settings)):
        if isinstance(outcome, NewsBiteError):
            continue  # scored as an empty summary, as score.py counts a missing prediction
        article = replace(outcome, sentences=article_sentences(outcome.paragraphs, outcome.language))
        examples.append(Example(outcome.id, article, references[outcome.id]))
        if limit and len(examples) >= limit:
            break
    return examples


_stemmer = porter.PorterStemmer()


def rouge_tokens(text: str) -> list[str]:
    """Tokens as rouge-score makes them with stemming on (its tokenizer, Porter stems of long words)."""
    return [_stemmer.stem(token) if len(token) > 3 else token for token in tokenize.tokenize(text, None)]


def greedy_oracle(sentences: Sequence[str], reference: str, limit: int = ORACLE_SENTENCES) -> list[int]:
    """Sentences added one at a time while they raise ROUGE-1 F1 + ROUGE-2 F1 against the reference."""
    reference_tokens = rouge_tokens(reference)
    targets = (_ngrams(reference_tokens, 1), _ngrams(reference_tokens, 2))
    tokens = [rouge_tokens(sentence) for sentence in sentences]
    chosen: list[int] = []
    best = 0.0
    while len(chosen) < limit:
        candidate = None
        for index in range(len(sentences)):
            if index in chosen:
                continue
            summary = [token for member in sorted([*chosen, index]) for token in tokens[member]]
            gain = sum(_f1(_ngrams(summary, n + 1), target) for n, target in enumerate(targets))
            if gain > best:
                best, candidate = gain, index
        if candidate is None:
            break
        chosen.append(candidate)
    return sorted(chosen)


def _ngrams(tokens: list[str], n: int) -> Counter:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _f1(candidate: Counter, reference: Counter) -> float:
    overlap = sum((candidate & reference).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(candidate.values()), overlap / sum(reference.values())
    return 2 * precision * recall / (precision + recall)


def example_features(example: Example, embeddings: bool) -> np.ndarray:
    """The ranker's features for every sentence of the example, as the bite stage computes them."""
    features = sentence_features(example.article.sentences, headline_of(example.article))
    if embeddings:
        from newsbite.bite.embeddings import embedding_features

        features = np.hstack(
            [features, embedding_features(example.article.sentences, headline_of(example.article))]
        )
    return features


def feature_names(embeddings: bool) -> list[str]:
    if embeddings:
        from newsbite.bite.embeddings import EMBEDDING_FEATURES

        return [*FEATURE_NAMES, *EMBEDDING_FEATURES]
    return list(FEATURE_NAMES)


def fit_ranker(features: Sequence[np.ndarray], labels: Sequence[np.ndarray]) -> tuple[list[float], float]:
    """Logistic-regression coefficients and intercept for 'this sentence is in the oracle extract'."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=REGULARISATION_C, max_iter=5000)
    model.fit(np.vstack(features), np.concatenate(labels))
    return model.coef_[0].tolist(), float(model.intercept_[0])
