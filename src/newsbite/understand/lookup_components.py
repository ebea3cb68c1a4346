"""The model's attribute ruler and rule lemmatizer, run as table lookups: the same annotations for
a fraction of the time.

Over 200 news articles (137k words) with the default model, spaCy's attribute ruler took 3.3 s of
a 22.3 s parse and its lemmatizer 2.4 s (bench/speed.py's articles, each component disabled in
turn). The ruler is a Matcher of 179 patterns tried at every token, and the lemmatizer a Python
call per token. Yet what they set is a function of little:

- all but a few of the ruler's patterns look at one token, and only at its tag, its lowercase
  form, its dependency and whether it is a space; so a token's attributes are worked out once per
  distinct four of those, by the ruler's own rules in its own order, and set for the whole Doc
  with `Doc.from_array`. The few patterns of two tokens ("gon na") still run in a Matcher.
- a token's lemma is a function of its form, POS and morphology (the lemmatizer's own cache is
  keyed by them); so the lemmatizer itself is asked once per distinct three, its lists of known
  words answering "is this a word?" from a set rather than by a scan.

Each replaces its component only when the component is of the kind read here (a rule lemmatizer;
a ruler whose one-token rules and longer rules' first tokens test only those four attributes,
its longer rules without operators); `tests/understand/
test_lookup_components.py` checks that every token's annotations equal the stock components'.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# The token attributes a one-token pattern may test, in the order of a Doc's signature array.
_TESTED = ("TAG", "LOWER", "DEP", "IS_SPACE")
# Attributes a ruler sets that are written with `from_array`; any other is set token by token.
_ARRAY_ATTRS = (POS, MORPH, LEMMA)


def install(nlp: Language) -> Language:
    """The pipeline with its attribute ruler and rule lemmatizer swapped for lookup ones, where it
    has them and they are of the kind this module reads."""
    for name, component in list(nlp.pipeline):
        replacement: Callable[[Doc], Doc] | None = None
        if isinstance(component, AttributeRuler) and _rules_readable(component):
            replacement = LookupAttributeRuler(component)
        elif isinstance(component, Lemmatizer) and component.mode == "rule" and not component.overwrite:
            replacement = LookupLemmatizer(component)
        if replacement is not None:
            # (a pipeline's components are a list of (name, callable); spaCy's own replace_pipe
            # builds from a registered factory, which cannot be handed the component it replaces)
            nlp._components[nlp.component_names.index(name)] = (name, replacement)
    return nlp


def _rules_readable(ruler: AttributeRuler) -> bool:
    """Whether every one-token rule, and the first token of every longer one (tested here to
    find where the longer ones may start), reads only what `_matches` reads, and no longer rule
    has an operator (its length would vary)."""
    for index in range(len(ruler.attrs)):
        _, patterns = ruler.matcher.get(str(index))
        for pattern in patterns:
            if not _readable(pattern[0]) or (len(pattern) > 1 and any("OP" in token for token in pattern)):
                return False
    return True


def _readable(token_pattern: dict) -> bool:
    return all(
        key in _TESTED and (not isinstance(value, dict) or set(value) <= {"IN", "NOT_IN", "REGEX"})
        for key, value in token_pattern.items()
    )


class LookupAttributeRuler:
    def __init__(self, ruler: AttributeRuler) -> None:
        self.vocab = ruler.vocab
        self._attrs = ruler.attrs
        self._indices = ruler.indices
        self._longer = Matcher(ruler.vocab)
        self._longer_firsts: list[dict] = []  # the first token of each rule over several tokens
        self._longest = 1
        # the one-token rules, as (index, pattern): those naming the lowercase forms they accept
        # filed under each form, those that test the form otherwise (by a regular expression) apart,
        # the rest together; so a token is tried only on rules that can match it
        self._by_form: dict[str, list[tuple[int, dict]]] = {}
        self._form_tested: list[tuple[int, dict]] = []
        self._formless: list[tuple[int, dict]] = []
        for index in range(len(ruler.attrs)):
            _, patterns = ruler.matcher.get(str(index))
            longer = [pattern for pattern in patterns if len(pattern) > 1]
            if longer:
                self._longer.add(str(index), longer)
                self._longer_firsts += [pattern[0] for pattern in longer]
                self._longest = max(self._longest, *(len(pattern) for pattern in longer))
            for pattern in (pattern[0] for pattern in patterns if len(pattern) == 1):
                form = pattern.get("LOWER")
                if form is None:
                    self._formless.append((index, pattern))
                elif isinstance(form, dict) and "IN" not in form:
                    self._form_tested.append((index, pattern))
                else:
                    for one in form["IN"] if isinstance(form, dict) else [form]:
                        self._by_form.setdefault(one, []).append((index, pattern))
        # (tag, dependency, is-space) -> the formless rules such a token matches; a signature (tag,
        # lowercase, dependency, is-space, as hashes) -> what its rules set, in the ruler's order
        self._formless_rules: dict[tuple, tuple[int, ...]] = {}
        self._row_of: dict[tuple[int, ...], _Row] = {}

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        signatures = doc.to_array([TAG, LOWER, DEP, IS_SPACE])
        distinct, first, of_token = numpy.unique(signatures, axis=0, return_index=True, return_inverse=True)
        of_token = of_token.reshape(-1)
        rows = [
            self._row(doc, tuple(map(int, row)), int(at)) for row, at in zip(distinct, first, strict=True)
        ]
        table = numpy.array([row.values for row in rows], dtype=numpy.uint64)
        sets = numpy.array([row.sets for row in rows], dtype=bool)
        values = doc.to_array(list(_ARRAY_ATTRS))
        chosen = sets[of_token]
        values[chosen] = table[of_token][chosen]
        has_rest = numpy.array([bool(row.rest) for row in rows])
        rest = {int(i): rows[of_token[i]].rest for i in numpy.flatnonzero(has_rest[of_token])}
        starts = numpy.array([row.starts_longer for row in rows], dtype=bool)
        # the rules over several tokens, tried only where a first token matches, gathered by the
        # token each sets (two may set one token) and applied with its own rules, in the ruler's order
        longer: dict[int, set[int]] = {}
        for begin in numpy.flatnonzero(starts[of_token]):
            for span in self._longer(
                doc[int(begin) : int(begin) + self._longest], allow_missing=True, as_spans=True
            ):
                index = int(span.label_)
                longer.setdefault(span[self._indices[index]].i, set()).add(index)
        for token_i, indices in longer.items():
            row = _Row.of(self._applied(tuple(sorted({*self._rules(_seen(doc[token_i])), *indices}))))
            for column, (value, is_set) in enumerate(zip(row.values, row.sets, strict=True)):
                if is_set:
                    values[token_i, column] = value
            if row.rest:
                rest[token_i] = row.rest
        doc.from_array(list(_ARRAY_ATTRS), values)
        for token_i, attrs in rest.items():
            set_token_attrs(doc[token_i], attrs)
        return doc

    def _row(self, doc: Doc, signature: tuple[int, ...], at: int) -> _Row:
        row = self._row_of.get(signature)
        if row is None:
            seen = _seen(doc[at])
            starts_longer = any(_matches(pattern, seen) for pattern in self._longer_firsts)
            row = self._row_of[signature] = _Row.of(self._applied(self._rules(seen)), starts_longer)
        return row

    def _rules(self, seen: dict) -> tuple[int, ...]:
        """The indices of the one-token rules a token matches (its `_seen` attributes), in order."""
        key = (seen["TAG"], seen["DEP"], seen["IS_SPACE"])
        formless = self._formless_rules.get(key)
        if formless is None:
            formless = self._formless_rules[key] = tuple(
                index for index, pattern in self._formless if _matches(pattern, seen)
            )
        by_form = [
            index
            for index, pattern in (*self._by_form.get(seen["LOWER"], ()), *self._form_tested)
            if _matches(pattern, seen)
        ]
        return tuple(sorted({*formless, *by_form}))

    def _applied(self, rules: tuple[int, ...]) -> dict[int, int]:
        """What the rules set, applied in order, later ones winning (as the ruler applies them)."""
        setting: dict[int, int] = {}
        for index in rules:
            setting.update(self._attrs[index])
        return setting


@dataclass(frozen=True)
class _Row:
    """What the ruler sets on tokens of one signature."""

    values: tuple[int, ...]  # for each of _ARRAY_ATTRS, its value (0 where not set)
    sets: tuple[bool, ...]  # whether it is set
    rest: dict[int, int]  # the other attributes set (rare: a space's tag and dependency)
    starts_longer: bool  # whether such a token may begin a rule over several tokens

    @classmethod
    def of(cls, setting: dict[int, int], starts_longer: bool = False) -> _Row:
        return cls(
            values=tuple(setting.get(attr, 0) for attr in _ARRAY_ATTRS),
            sets=tuple(attr in setting for attr in _ARRAY_ATTRS),
            rest={attr: value for attr, value in setting.items() if attr not in _ARRAY_ATTRS},
            starts_longer=starts_longer,
        )


def _seen(token) -> dict:
    return {"TAG": token.tag_, "LOWER": token.lower_, "DEP": token.dep_, "IS_SPACE": token.is_space}


def _matches(pattern: dict, seen: dict) -> bool:
    for key, wanted in pattern.items():
        value = seen[key]
        if isinstance(wanted, dict):
            if "IN" in wanted and value not in wanted["IN"]:
                return False
            if "NOT_IN" in wanted and value in wanted["NOT_IN"]:
                return False
            if "REGEX" in wanted and not re.search(wanted["REGEX"], value):
                return False
        elif value != wanted:
            return False
    return True


class _WordList(list):
    """A list of words that answers `in` from a set (and still saves as a list)."""

    def __init__(self, words: list[str]) -> None:
        super().__init__(words)
        self._set = frozenset(words)

    def __contains__(self, word: object) -> bool:
        return word in self._set


class LookupLemmatizer:
    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self._lemmatizer = lemmatizer
        self.vocab = lemmatizer.vocab
        self._lemma_of: dict[tuple[int, ...], int] = {}  # (form, POS, morphology) -> lemma
        # The lemmatizer asks whether a form is a known word of its POS in lists of up to 57,000
        # words, a scan each time (86 µs a new word): as sets, the same answers at once.
        index = lemmatizer.lookups.get_table("lemma_index", None) if lemmatizer.lookups else None
        for pos, words in list(index.items()) if index is not None else []:
            if isinstance(words, list) and not isinstance(words, _WordList):
                index[pos] = _WordList(words)

    def _lemma(self, doc: Doc, key: tuple[int, ...], at: int) -> int:
        lemma = self._lemma_of.get(key)
        if lemma is None:
            lemma = self._lemma_of[key] = self.vocab.strings.add(self._lemmatizer.lemmatize(doc[at])[0])
        return lemma

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        keys = doc.to_array([ORTH, POS, MORPH, LEMMA])
        unset = numpy.flatnonzero(keys[:, 3] == 0)
        if len(unset) == 0:
            return doc
        distinct, first, of_token = numpy.unique(
            keys[unset, :3], axis=0, return_index=True, return_inverse=True
        )
        lemmas = numpy.array(
            [
                self._lemma(doc, tuple(map(int, key)), int(unset[at]))
                for key, at in zip(distinct, first, strict=True)
            ],
            dtype=keys.dtype,
        )
        keys[unset, 3] = lemmas[of_token.reshape(-1)]
        doc.from_array([LEMMA], keys[:, 3:4])
        return doc
