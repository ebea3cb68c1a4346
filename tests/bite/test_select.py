"""Choosing the bite: score order, the word budget, repeats skipped, context kept."""

from __future__ import annotations

import numpy as np

from newsbite.bite.select import choose_sentences

SENTENCES = [
    "Flood waters forced two thousand residents of Riverton to leave their homes on Tuesday.",
    "The regional weather service expects more heavy rain across the valley this week.",
    "He said the dam upstream was holding but engineers were checking it every hour.",
    "Flood waters forced two thousand residents of Riverton to leave, officials said.",
    "Schools across the district will stay closed until the water has gone down.",
    "Buy now.",
]


def test_best_scored_sentences_come_back_in_article_order() -> None:
    scores = np.array([1.0, 3.0, -5.0, -5.0, 2.0, -5.0])
    assert choose_sentences(SENTENCES, scores, word_budget=60, max_sentences=2) == [1, 4]


def test_sentences_are_taken_while_the_bite_is_under_its_budget() -> None:
    scores = np.array([3.0, 2.0, -5.0, -5.0, 1.0, -5.0])
    assert choose_sentences(SENTENCES, scores, word_budget=10, max_sentences=3) == [0]
    assert choose_sentences(SENTENCES, scores, word_budget=20, max_sentences=3) == [0, 1]


def test_a_sentence_repeating_a_chosen_one_is_skipped() -> None:
    scores = np.array([3.0, -5.0, -5.0, 2.0, 1.0, -5.0])
    assert choose_sentences(SENTENCES, scores, word_budget=60, max_sentences=2) == [0, 4]


def test_a_leaning_sentence_comes_with_the_one_it_leans_on() -> None:
    scores = np.array([-1.0, 2.0, 4.0, -5.0, -5.0, -5.0])
    assert choose_sentences(SENTENCES, scores, word_budget=25, max_sentences=3) == [1, 2]


def test_fragments_are_not_bite_sentences() -> None:
    scores = np.array([0.0, 0.0, -5.0, -5.0, 0.0, 9.0])
    assert 5 not in choose_sentences(SENTENCES, scores, word_budget=60, max_sentences=3)
