"""The ranker's features: one row per sentence, named, and the signals they claim to carry."""

from __future__ import annotations

import numpy as np

from newsbite.bite.features import FEATURE_NAMES, sentence_features

SENTENCES = [
    "Flood waters forced 2,000 residents of Riverton to leave their homes on Tuesday.",
    "The Riverton mayor, Ada Okafor, said the flood waters were still rising.",
    "Lunch was served.",
    '"We have never seen anything like it," she said.',
]


def column(features: np.ndarray, name: str) -> np.ndarray:
    return features[:, FEATURE_NAMES.index(name)]


def test_one_row_per_sentence_and_one_column_per_name() -> None:
    features = sentence_features(SENTENCES)
    assert features.shape == (4, len(FEATURE_NAMES))
    assert np.isfinite(features).all()
    assert sentence_features([]).shape == (0, len(FEATURE_NAMES))


def test_position_length_numbers_and_quotes() -> None:
    features = sentence_features(SENTENCES)
    assert column(features, "pos0").tolist() == [1, 0, 0, 0]
    assert column(features, "is_short").tolist() == [0, 0, 1, 0]
    assert column(features, "has_number").tolist() == [1, 0, 0, 0]
    assert column(features, "opens_with_quote").tolist() == [0, 0, 0, 1]
    assert column(features, "reports_speech").tolist() == [0, 1, 0, 1]


def test_centrality_favours_the_sentences_that_share_the_story() -> None:
    centrality = column(sentence_features(SENTENCES), "centrality")
    assert centrality[1] > centrality[2]
    assert centrality[0] > centrality[2]


def test_headline_similarity_uses_the_headline_when_there_is_one() -> None:
    without = column(sentence_features(SENTENCES), "headline_similarity")
    assert without[0] == 1.0  # the first sentence stands in for a missing headline
    given = column(sentence_features(SENTENCES, "Lunch served at council"), "headline_similarity")
    assert given[2] > given[0]
