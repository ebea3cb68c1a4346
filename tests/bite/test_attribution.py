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


@pytest.mark.parametrize(
    ("answer", "stance", "party", "expected"),
    [
        ("Kyiv denied it had fallen.", "denial", "Kyiv", {0: 2}),
        ("Kyiv declined to comment.", "no_comment", "Kyiv", {}),
        # a denial no one is named for (a quote's "I" the speaker pass left unresolved)
        ("Kyiv denied it had fallen.", "denial", "I", {}),
        ("Kyiv denied it had fallen.", "denial", None, {}),
    ],
)
def test_a_denied_claim_points_to_the_sentence_of_its_named_denial_and_only_a_denial(
    answer: str, stance: str, party: str | None, expected: dict[int, int]
) -> None:
    text = f"Russia said its forces took the town. The fighting was heavy. {answer}"
    sentences = text.replace(". ", ".\n").splitlines()
    claims = [
        Claim("Russia", "claim", "its forces took the town", 12, 36),
        Claim(party, stance, answer[5:-1], 67, len(text) - 1, contradicts=0),
    ]
    spans = locate_sentences(sentences, text)
    assert spans[2] == (62, len(text))
    assert counter_claim_sentences(spans, Analysis(text, claims=claims)) == expected
    assert counter_claim_sentences(spans, None) == {}
