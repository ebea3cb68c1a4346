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
# The words a role's noun phrase ends before: its prepositions (a closed class) and relatives.
# "Landowners near a gold mine" are landowners, not a mine.
_ROLE_ENDS = frozenset(
    """
    of for at in from with on by near outside inside around across along beside behind under
    within among between who which that
    """.split()
)
_DETERMINERS = frozenset("a an the his her their its our this that these those".split())


@dataclass(frozen=True)
class Party:
    """A statement's party as it can be compared: an entity's name or a role's head."""

    entity: tuple[str, ...] | None  # the entity's name, as words
    head: str | None  # the role phrase's head, stemmed
    words: frozenset[str] = frozenset()  # every word of the party as written, stemmed
    roles: frozenset[str] = frozenset()  # the heads of the roles the article gave it, stemmed
    # what the party is of, stemmed: the common words before a role's head ("foreign" in
    # "Ukraine's foreign ministry", "stall" of "The stall's owner"), or those of the roles the
    # article gave its entity ("software" of "The software vendor, Peachtree Civic Systems")
    modifiers: frozenset[str] = frozenset()

    def same(self, other: Party) -> bool:
        if self.entity and other.entity:
            shorter, longer = sorted((set(self.entity), set(other.entity)), key=len)
            return shorter <= longer
        # One role by its head ("the ministry" and "Ukraine's foreign ministry", "police in Kenya"
        # and "Kenyan police"), unless each says a kind of it the other does not ("An aid agency"
        # and "The United Nations refugee agency", "Peru's mining ministry" and "Chile's foreign
        # ministry").
        return (
            self.entity is None
            and other.entity is None
            and self.head is not None
            and self.head == other.head
            and (not self.modifiers or not other.modifiers or bool(self.modifiers & other.modifiers))
        )

    def speaks_for(self, other: Party) -> bool:
        """Whether one of the two names the other's body or its head: "The secretariat" and "An
        official at Argentina's agriculture secretariat", "the union" and "a union official"."""
        if self.same(other):
            return True
        if self.head is not None and self.head == other.head:
            return False  # two kinds of one head ("An aid agency", "The UN refugee agency")
        return self._named_in(other) or other._named_in(self)

    def spoken_of(self, words: frozenset[str]) -> bool:
        """Whether a text of these content words (stemmed) speaks of this party: by its role's
        head, by a role the article gave it, or by its entity's every word (a word of a name
        alone is no more than a word: "Victoria Mensah" and "Victoria's Gippsland")."""
        return self._named_by(words) or bool(self.roles & words)

    def of_what_is_spoken(self, words: frozenset[str]) -> bool:
        """Whether a text of these content words speaks of what the party is of: "The stall's
        owner could not be reached" after "the outbreak had been traced to a food stall"."""
        return bool(self.modifiers & words)

    def _named_in(self, other: Party) -> bool:
        """Whether the other's words name this party ("the union" in "a union official", "Delta
        Crest Energy" in "a spokesman for Delta Crest Energy")."""
        return self._named_by(other.words)

    def _named_by(self, words: frozenset[str]) -> bool:
        # its head, or its entity's every word: an entity's last word alone is no more than a word
        # ("Hawkesbury Rail" and "the rail union")
        if self.head is not None:
            return self.head in words
        return bool(self.entity) and all(stem(word) in words for word in self.entity)


class PartyReader:
    """Parties among one article's entities (given as (name, aliases)), each name read once: an
    article's answers are each compared with every statement before them, and reading the parties
    again each time made a long article of many statements cost the cube of their number."""

    def __init__(
        self,
        entities: Iterable[tuple[str, Sequence[str]]] = (),
        roles: Iterable[tuple[str, str, bool]] = (),
    ) -> None:
        # every form of every entity, as the words party names are compared in -> the entity
        self._entity_of: dict[str, tuple[str, ...]] = {}
        for entity_name, aliases in entities:
            for form in (entity_name, *aliases):
                self._entity_of.setdefault(
                    " ".join(_WORD.findall(form.lower())), tuple(_WORD.findall(entity_name.lower()))
                )
        # The roles the article gave its entities (role phrase, entity name). A role's head
        # names its entity ("The company, Atacama Cobre, said ...": "the company" is Atacama
        # Cobre) unless given to two; the phrase's words are the entity's own ("The agency's
        # director, Nadia Berrada": she speaks for the agency).
        heads: dict[str, set[tuple[str, ...]]] = {}
        self._role_words: dict[tuple[str, ...], frozenset[str]] = {}
        self._role_heads: dict[tuple[str, ...], frozenset[str]] = {}
        for phrase, entity_name, stands_for in roles:
            entity = tuple(_WORD.findall(entity_name.lower()))
            words = [word.removesuffix("'s") for word in _WORD.findall(phrase.lower())]
            words = [word for word in words if word not in _DETERMINERS]
            if words:
                if stands_for:
                    heads.setdefault(stem(words[-1]), set()).add(entity)
                self._role_heads[entity] = self._role_heads.get(entity, frozenset()) | {stem(words[-1])}
                # (the body the role is of, not the title: "The agency's director" speaks for
                # the agency, and is not every director)
                self._role_words[entity] = self._role_words.get(entity, frozenset()) | {
                    stem(word) for word in words[:-1]
                }
        self._role_of = {head: next(iter(entities)) for head, entities in heads.items() if len(entities) == 1}
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
            return self._entity_party(entity, written)
        parts = name.split()
        if parts and parts[-1][:1].isupper() and not any(word in _ROLE_ENDS for word in words):
            return Party(tuple(words), None, written)  # a name not listed as an entity ("Tswelo Platinum")
        role = []
        for word in words:
            if word in _ROLE_ENDS:
                break
            role.append(word)
        head = stem(role[-1]) if role else None
        if head in self._role_of:
            return self._entity_party(self._role_of[head], written)
        # (its common words only: "Israel's military" and "the Israeli military", "US officials"
        # and "American officials" are one party however its country is written)
        common = {word.removesuffix("'s") for word in _WORD.findall(name) if word.islower()}
        return Party(
            None, head, written, modifiers=frozenset(stem(word) for word in role[:-1] if word in common)
        )

    def _entity_party(self, entity: tuple[str, ...], written: frozenset[str]) -> Party:
        roles = self._role_heads.get(entity, frozenset())
        # (an entity's own modifiers count only for what it is of: two entities are compared by
        # their names)
        kinds = self._role_words.get(entity, frozenset())
        return Party(entity, None, written | kinds, roles, modifiers=kinds)


@lru_cache(maxsize=4096)
def content_words(text: str) -> frozenset[str]:
    """A text's content words, stemmed: what two wordings of one statement share."""
    return frozenset(
        stem(word) for word in _WORD.findall(text.lower()) if word not in _EMPTY and len(word) > 2
    )


# A stem this long that begins another is one word made of the other ("seiz" of "seizure"
# and "seized", "delay" of "delayed"); shorter ones begin too many words ("car", "cartel").
_ROOT_MIN_CHARS = 4


# A word held only as one made of it counts less than the word itself: "the plan" is likelier
# the plan than the plant.
_ROOT_WEIGHT = 0.5


def words_held(words: frozenset[str], other: frozenset[str]) -> float:
    """How many of the stemmed `words` the other text holds, a noun made of a verb counted with
    it at half weight: "could not be reached for comment on the seizure" speaks of what "seized"
    said."""
    return sum(
        1.0 if word in other else _ROOT_WEIGHT if any(_one_root(word, said) for said in other) else 0.0
        for word in words
    )


def _one_root(word: str, other: str) -> bool:
    shorter, longer = sorted((word, other), key=len)
    return len(shorter) >= _ROOT_MIN_CHARS and longer.startswith(shorter)


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
