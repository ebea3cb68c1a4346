"""Numbers with what they count: "three people killed" is 3 people, "about 30,000" a population."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from newsbite.model import NumberMention

_NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "PERCENT", "MONEY"})
_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a": 1,
    "an": 1,
    "dozen": 12,
    "half": 0.5,
}
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "dozens": 12,
    "hundreds": 100,
    "thousands": 1_000,
    "millions": 1_000_000,
    "bn": 1_000_000_000,
    "m": 1_000_000,
    "k": 1_000,
}
_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")
# Words inside a number entity that are not part of the number ("about", "less than").
_HEDGES = frozenset(
    """
    about around nearly almost some roughly approximately over under more less than at least
    up to fewer some
    """.split()
)


def find_numbers(doc: Doc) -> list[NumberMention]:
    """Every number entity with its value (where it can be read) and the thing it counts."""
    found = []
    for span in doc.ents:
        if span.label_ not in _NUMBER_LABELS:
            continue
        found.append(
            NumberMention(
                text=span.text,
                value=number_value(span.text),
                counts=_counted(span),
                start=span.start_char,
                end=span.end_char,
            )
        )
    return found


def number_value(text: str) -> float | None:
    """The value of a written number: "30,000" -> 30000, "three" -> 3, "1.5 million" -> 1500000."""
    words = [
        word for word in re.split(r"[\s-]+", text.lower().replace("%", " ")) if word and word not in _HEDGES
    ]
    total, current, seen = 0.0, 0.0, False
    for word in words:
        word = word.lstrip("$€£¥").rstrip(".,")
        if _FIGURE.fullmatch(word):
            current += float(word.replace(",", ""))
            seen = True
        elif word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word in _SCALES and seen:
            scale = _SCALES[word]
            current = (current or 1) * scale
            if scale >= 1_000:
                total, current = total + current, 0.0
        elif word in ("and", "point"):
            continue
        elif seen:
            break
    return total + current if seen else None


def _counted(span: Span) -> str | None:
    if span.label_ == "PERCENT":
        return "percent"
    root = span.root
    counted = [grand for child in root.children if child.lower_ == "of" for grand in child.children]
    if counted and counted[0].pos_ in ("NOUN", "PROPN"):  # "hundreds of Russians"
        return _noun_phrase(counted[0])
    if root.dep_ in ("nummod", "quantmod") and root.head.pos_ in ("NOUN", "PROPN") and root.head not in span:
        return _noun_phrase(root.head)
    last = span[-1]
    if last.pos_ == "NOUN" and span.label_ in ("QUANTITY", "MONEY"):
        return last.text
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN":
        return _noun_phrase(root.head.head)
    if span.label_ == "MONEY":
        return "money"
    return None


def _noun_phrase(noun: Token) -> str:
    words = [child for child in noun.lefts if child.dep_ in ("compound", "amod") and child.pos_ != "NUM"]
    return " ".join(token.text for token in [*words, noun])
