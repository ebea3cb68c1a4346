"""Which sentences lean on their neighbour, and how a denied claim finds its denial."""

from __future__ import annotations

import pytest

from newsbite.bite.attribution import counter_claim_sentences, leans_on_previous, locate_sentences
from newsbite.model import Analysis, Claim


@pytest.mark.parametrize(
    "sentence",
    [
        "He added that the talks would resume.",
        "But Kyiv denied the town had fallen.",
        "The move drew criticism from the opposition.",
        "'We will rebuild,' she said.",
        "'We will rebuild everything that was lost.'",
        "It said the figures were preliminary.",
    ],
)
def test_leaning_sentences(sentence: str) -> None:
    assert leans_on_previous(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Kyiv denied the town had fallen.",
        "'We will rebuild,' the mayor said.",
        "The council met on Tuesday to approve the budget.",
        "Heavy rain is expected across the valley.",
    ],
)
def test_self_contained_sentences(sentence: str) -> None:
    assert not leans_on_previous(sentence)


def test_a_denied_claim_points_to_the_sentence_of_its_denial() -> None:
    text = "Russia said its forces took the town. The fighting was heavy. Kyiv denied it had fallen."
    sentences = text.replace(". ", ".\n").splitlines()
    claims = [
        Claim("Russia", "claim", "its forces took the town", 12, 36),
        Claim("Kyiv", "denial", "it had fallen", 74, 87, contradicts=0),
    ]
    spans = locate_sentences(sentences, text)
    assert spans[2] == (62, 88)
    assert counter_claim_sentences(spans, Analysis(text, claims=claims)) == {0: 2}
    assert counter_claim_sentences(spans, None) == {}


def test_only_a_denial_contests_a_claim() -> None:
    text = "Russia said its forces took the town. The fighting was heavy. Kyiv declined to comment."
    sentences = text.replace(". ", ".\n").splitlines()
    claims = [
        Claim("Russia", "claim", "its forces took the town", 12, 36),
        Claim("Kyiv", "no_comment", "declined to comment", 67, 86, contradicts=0),
    ]
    spans = locate_sentences(sentences, text)
    assert counter_claim_sentences(spans, Analysis(text, claims=claims)) == {}
