"""The pipeline's shortcuts over a parsed doc give what reading every token would."""

from __future__ import annotations

import pytest

from newsbite.config import Settings
from newsbite.understand.nlp import load_pipeline, text_of, tokens_with_dep, tokens_with_lemma

TEXT = (
    "LAGOS, March 3 (Reuters) - The agency's director, Nadia Berrada, denied the reports. "
    "Freight operator Hawkesbury Rail said it had not been told.\n\n"
    "Officials declined to comment; a spokesman said talks were going on."
)


@pytest.fixture(scope="module")
def doc():
    return load_pipeline(Settings().spacy_model)(TEXT)


def test_text_of_is_the_docs_text_and_kept(doc) -> None:
    assert text_of(doc) == doc.text == TEXT
    assert text_of(doc) is text_of(doc)


@pytest.mark.parametrize("labels", [("appos", "compound"), ("nsubj",), ("no-such-label",)])
def test_tokens_with_dep_are_every_token_with_that_label(doc, labels) -> None:
    expected = [token.i for token in doc if token.dep_ in labels]
    assert [token.i for token in tokens_with_dep(doc, labels)] == expected
    assert expected or labels == ("no-such-label",)


def test_tokens_with_lemma_read_lemmas_and_forms_alike_on_every_call(doc) -> None:
    lemmas, forms = {"deny", "say"}, {"declined"}
    expected = [token.i for token in doc if token.lemma_.lower() in lemmas or token.lower_ in forms]
    for _ in range(2):  # (the second call reads the columns kept from the first)
        assert [token.i for token in tokens_with_lemma(doc, lemmas, forms)] == expected
    assert len(expected) == 4
