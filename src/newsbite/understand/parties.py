"""Who said it and what it says, in forms two statements can be compared by.

- **One party, many names.** A party is the named entity its name is a form of (the article's
  entity list: "Putin" is "Vladimir Putin"), else the head of its noun phrase ("Ukraine's foreign
  ministry" and "the ministry" are a ministry; "A lawyer for the detainees" and "His lawyer" a
  lawyer). Two entity names are one party when one's words hold the other's ("Delta Crest" and
  "Delta Crest Energy").
- **What a statement says** is its content words, stemmed (Snowball, via PyStemmer), without the
  function words and the verbs of attribution: "seized the town" and "had seized the towns" say
  the same.

An article's claims (claims.py) and a story's (merge/story_claims.py) both link answers by these.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# Words that carry no content of a statement (function words and the verbs of attribution).
_EMPTY = frozenset(
    """
    a an the and or but of for to in on at by with from as that this these those it its is was were
    be been being are has have had not no will would could should may might can did does do
    said says say told tells claim claims claimed report reports reported allegation allegations
    statement statements denied denies deny rejected rejects dismissed disputed confirmed
    acknowledged admitted declined comment whether there their they he she his her we our who
    which what also after before about than then any all more most some such over into out
    """.split()
)
_ROLE_ENDS = frozenset("of for at in from with on who which that".split())
_DETERMINERS = frozenset("a an the his her their its our this that these those".split())


@dataclass(frozen=True)
class Party:
    """A statement's party as it can be compared: an entity's name or a role's head."""

    entity: tuple[str, ...] | None  # the entity's name, as words
    head: str | None  # the role phrase's head, stemmed
    words: frozenset[str] = frozenset()  # every word of the party as written, stemmed

    def same(self, other: Party) -> bool:
        if self.entity and other.entity:
            shorter, longer = sorted((set(self.entity), set(other.entity)), key=len)
            return shorter <= longer
        return (
            self.entity is None and other.entity is None and self.head is not None and self.head == other.head
        )

    def speaks_for(self, other: Party) -> bool:
        """Whether one of the two names the other's body or its head: "The secretariat" and "An
        official at Argentina's agriculture secretariat", "the union" and "a union official"."""
        if self.same(other):
            return True
        own = self.head or (self.entity[-1] if self.entity else None)
        theirs = other.head or (other.entity[-1] if other.entity else None)
        return (own is not None and own in other.words) or (theirs is not None and theirs in self.words)


class PartyReader:
    """Parties among one article's entities (given as (name, aliases)), each name read once: an
    article's answers are each compared with every statement before them, and reading the parties
    again each time made a long article of many statements cost the cube of their number."""

    def __init__(self, entities: Iterable[tuple[str, Sequence[str]]] = ()) -> None:
        # every form of every entity, as the words party names are compared in -> the entity
        self._entity_of: dict[str, tuple[str, ...]] = {}
        for entity_name, aliases in entities:
            for form in (entity_name, *aliases):
                self._entity_of.setdefault(
                    " ".join(_WORD.findall(form.lower())), tuple(_WORD.findall(entity_name.lower()))
                )
        self._read: dict[str | None, Party] = {}

    def __call__(self, name: str | None) -> Party:
        if name not in self._read:
            self._read[name] = self._party(name)
        return self._read[name]

    def _party(self, name: str | None) -> Party:
        if not name:
            return Party(None, None)
        words = [word.removesuffix("'s") for word in _WORD.findall(name.lower())]
        while words and words[0] in _DETERMINERS:
            words = words[1:]
        written = frozenset(stem(word) for word in words)
        entity = self._entity_of.get(" ".join(words))
        if entity is not None:
            return Party(entity, None, written)
        parts = name.split()
        if parts and parts[-1][:1].isupper() and not any(word in _ROLE_ENDS for word in words):
            return Party(tuple(words), None, written)  # a name not listed as an entity ("Tswelo Platinum")
        role = []
        for word in words:
            if word in _ROLE_ENDS:
                break
            role.append(word)
        return Party(None, stem(role[-1]) if role else None, written)


@lru_cache(maxsize=4096)
def content_words(text: str) -> frozenset[str]:
    """A text's content words, stemmed: what two wordings of one statement share."""
    return frozenset(
        stem(word) for word in _WORD.findall(text.lower()) if word not in _EMPTY and len(word) > 2
    )


def shared(one: frozenset[str], other: frozenset[str]) -> float:
    """The share of the smaller set's words the other holds."""
    if not one or not other:
        return 0.0
    return len(one & other) / min(len(one), len(other))


_THREAD = threading.local()


def _stemmer() -> Stemmer.Stemmer:
    """This thread's stemmer: a Snowball stemmer keeps state between words, and the understand
    stage runs in request, watch and Dask threads alike."""
    stemmer = getattr(_THREAD, "stemmer", None)
    if stemmer is None:
        stemmer = _THREAD.stemmer = Stemmer.Stemmer("english")
    return stemmer


def stem(word: str) -> str:
    return _stemmer().stemWord(word)
