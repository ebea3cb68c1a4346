"""The lookup attribute ruler and lemmatizer give every token what the model's own components give."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from newsbite.config import Settings
from newsbite.understand.datelines import DATELINE_COMPONENT
from newsbite.understand.lookup_components import LookupAttributeRuler, LookupLemmatizer, install
from newsbite.understand.nlp import load_pipeline

ROOT = Path(__file__).resolve().parents[2]
# The forms the model's rules of two tokens and of regular expressions are for, among spaces,
# newlines and an existential "there".
ODD_FORMS = (
    "Y'all gonna see, ain't it? Let's go, c'mon on.  We got ta leave.\n\nNothin' left, "
    "there is nuthin' here and there were none.\tShe gets it; he got it.  "
)


def _texts() -> list[str]:
    samples = ROOT / "src" / "newsbite" / "samples"
    texts = [path.read_text("utf-8") for path in sorted((samples / "text").iterdir())]
    records = [json.loads(line) for line in (samples / "records.jsonl").read_text("utf-8").splitlines()]
    texts += [record.get("text") or record.get("body") or "" for record in records]
    cases = ROOT / "tests" / "fixtures" / "claims" / "cases.jsonl"
    texts += [json.loads(line)["text"] for line in cases.read_text("utf-8").splitlines()]
    return [ODD_FORMS, "", " ", *texts]


def _annotations(doc) -> list[tuple]:
    return [
        (token.text, token.tag_, token.pos_, token.dep_, token.head.i, str(token.morph), token.lemma_)
        for token in doc
    ]


@pytest.mark.slow
def test_every_token_is_annotated_as_the_stock_components_annotate_it():
    name = Settings().spacy_model
    stock = spacy.load(name)
    stock.add_pipe(DATELINE_COMPONENT, before="parser")  # (NewsBite's own, not a lookup's)
    lookup = load_pipeline(name)
    kinds = {type(component) for _, component in lookup.pipeline}
    assert {LookupAttributeRuler, LookupLemmatizer} <= kinds  # else this compares stock with stock
    texts = _texts()
    tokens = 0
    for text, ours, theirs in zip(texts, lookup.pipe(texts), stock.pipe(texts), strict=True):
        assert _annotations(ours) == _annotations(theirs), text[:80]
        tokens += len(ours)
    assert tokens > 20_000


def test_a_component_of_another_kind_is_left_as_it_is():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "x", "OP": "+"}]], {"POS": "X"})  # an operator: not read by lookups
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    install(nlp)
    assert not any(
        isinstance(component, (LookupAttributeRuler, LookupLemmatizer)) for _, component in nlp.pipeline
    )


def _tagged(nlp, words: list[str], tags: list[str]):
    return spacy.tokens.Doc(nlp.vocab, words=words, tags=tags)


def test_two_rules_over_several_tokens_setting_one_token_both_apply():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "b"}]], {"LEMMA": "L0", "POS": "X"})
    ruler.add([[{"LOWER": "a"}, {"LOWER": "b"}]], {"LEMMA": "L1"}, index=1)
    ruler.add([[{"TAG": "X"}, {"LOWER": "b"}]], {"POS": "NOUN"}, index=1)
    stock = ruler(_tagged(nlp, ["a", "b"], ["X", "Y"]))
    ours = LookupAttributeRuler(ruler)(_tagged(nlp, ["a", "b"], ["X", "Y"]))
    read = [(token.lemma_, token.pos_) for token in ours]
    assert read == [(token.lemma_, token.pos_) for token in stock] == [("", ""), ("L1", "NOUN")]


@pytest.mark.parametrize(
    "pattern",
    [
        [{"ORTH": "gon"}, {"ORTH": "na"}],  # a first token testing what the lookups do not read
        [{"LOWER": "x", "OP": "?"}, {"LOWER": "y"}],  # an operator: the rule's length varies
    ],
)
def test_a_ruler_with_rules_the_lookups_cannot_read_is_left_as_it_is(pattern):
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add([pattern], {"LEMMA": "go"})
    install(nlp)
    assert not isinstance(nlp.pipeline[0][1], LookupAttributeRuler)


def test_the_pipeline_still_saves_after_the_lemmatizer_is_installed():
    assert load_pipeline(Settings().spacy_model).to_bytes()
