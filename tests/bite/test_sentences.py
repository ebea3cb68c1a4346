"""The sentence splitter on the things news prose throws at it."""

from __future__ import annotations

from newsbite.bite import split_sentences


def test_ellipsis_inside_a_quote_does_not_split() -> None:
    text = (
        '"As a result of active offensive operations... the city of Dzerzhinsk was liberated," '
        "the ministry said. Kyiv denied it."
    )
    assert split_sentences(text) == [
        '"As a result of active offensive operations... the city of Dzerzhinsk was liberated,"'
        " the ministry said.",
        "Kyiv denied it.",
    ]


def test_abbreviations_and_initials_do_not_split() -> None:
    text = "Mr. J. R. Okafor of the U.S. Navy arrived on Jan. 5 at 7 p.m. local time. He left the next day."
    assert split_sentences(text) == [
        "Mr. J. R. Okafor of the U.S. Navy arrived on Jan. 5 at 7 p.m. local time.",
        "He left the next day.",
    ]


def test_quoted_question_then_attribution_stays_one_sentence() -> None:
    text = '"Do we need negotiations at this rate?" the correspondent asked. Nobody answered.'
    assert split_sentences(text) == [
        '"Do we need negotiations at this rate?" the correspondent asked.',
        "Nobody answered.",
    ]


def test_blank_text_has_no_sentences() -> None:
    assert split_sentences("   ") == []


def test_unsupported_language_falls_back_to_english_rules() -> None:
    assert split_sentences("Habari njema. Mvua imenyesha.", language="sw") == [
        "Habari njema.",
        "Mvua imenyesha.",
    ]
