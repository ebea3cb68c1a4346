"""Speaker mentions resolved to the article's most specific name.

"Putin" becomes "Vladimir Putin" through the entity groups; "he" and "she" become the person
last named before them; "it" and "they" the organisation, place or body last acting as a
subject ("Ukraine's foreign ministry posted ... 'This was ...,' it said"); "the ministry" the
fullest earlier phrase with the same head noun.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from newsbite.understand.cues import REPORTING_VERBS
from newsbite.understand.entities import PLACE_LABELS, EntityGroup
from newsbite.understand.marks import Passage
from newsbite.understand.nlp import tokens_with_lemma

# (the possessives too: whose a document is, "according to its filing")
_PERSONAL = frozenset({"he", "she", "him", "her", "his"})
_IMPERSONAL = frozenset({"it", "its"})
_PLURAL = frozenset({"they", "them", "their"})
_NON_PERSON_LABELS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC"})
# The dependencies that hang a clause inside another.
_EMBEDDED_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "pcomp", "pobj"})
# How far back a pronoun looks for what it stands for, in tokens: about three sentences.
_PRONOUN_WINDOW = 90


# Nouns that name one person by what they do: "he" or "she" after one is that person.
_PEOPLE_BY_ROLE = frozenset(
    """
    spokesman spokeswoman spokesperson lawyer attorney official minister mayor governor director
    manager chairman chairwoman president secretary commissioner judge prosecutor doctor
    surgeon nurse teacher headteacher principal farmer owner driver captain coach referee
    officer inspector chief executive founder analyst economist researcher scientist professor
    councillor councilor senator lawmaker legislator mp ambassador diplomat engineer pilot
    """.split()
)


def _speaking_role(token: Token, pronoun: str) -> bool:
    """Whether a subject that names one person by role ("A spokesman for the board") is who a
    later "he" or "she" is: it said something itself (a driver who crashed is no speaker's
    antecedent), and its noun does not give the other sex ("she" after "a spokesman")."""
    noun = token.lemma_.lower()
    if token.dep_ != "nsubj" or token.tag_ != "NN" or noun not in _PEOPLE_BY_ROLE:
        return False
    woman = noun.endswith("woman")
    if (pronoun == "she" and noun.endswith("man") and not woman) or (pronoun == "he" and woman):
        return False
    return token.head.lemma_.lower() in REPORTING_VERBS


class SpeakerResolver:
    """Resolves a speaker mention in one parsed article to a name."""

    def __init__(self, doc: Doc, groups: list[EntityGroup], quoted: Sequence[Passage] = ()) -> None:
        self.doc = doc
        self._quoted = quoted
        self._group_of_token: dict[int, EntityGroup] = {}
        self._description_index: dict[str, tuple[list[int], list[str | None]]] = {}
        for group in groups:
            for mention in group.mentions:
                for token in mention.span:
                    self._group_of_token[token.i] = group

    def resolve(self, mention: Span) -> str:
        """The most specific name for the speaker `mention` names."""
        head = mention.root
        lowered = mention.text.lower()
        if len(mention) == 1 and lowered in _PERSONAL | _IMPERSONAL | _PLURAL:
            found = self._antecedent(head)
            if found is None and head.dep_ == "poss" and head.head.i != head.i:
                # "according to his Instagram post" with no one before it: the post, not "his"
                return without_article(self.doc[head.head.left_edge.i : head.head.i + 1].text)
            return found or mention.text
        group = self._group_of_token.get(head.i) or self._group_within(mention)
        if group is not None and group.label == "PERSON":
            return group.name
        if group is not None and head.i in self._group_of_token:
            # "Moscow's defence ministry" says more than the entity "defence ministry".
            text = without_article(mention.text)
            return text if group.name.lower() in text.lower() else group.name
        named = self._named_aside(head)
        if named is not None:
            return named  # "The firm, Quillon Bio, said": the firm is named right there
        if head.pos_ == "NOUN" and mention[0].lower_ == "the":
            # "the ministry" is the "Ukraine's foreign ministry" before it; "The United Nations
            # refugee agency" is no "aid agency" before it: a description says more than its
            # head only where the earlier one holds all its words
            own = without_article(mention.text)
            fuller = self._fuller_description(head)
            if fuller is not None and set(own.lower().split()) <= set(fuller.lower().split()):
                return fuller
            return own
        return without_article(mention.text)

    def _a_place(self, token: Token) -> bool:
        group = self._group_of_token.get(token.i)
        return group is not None and group.label in PLACE_LABELS

    def _named_aside(self, head: Token) -> str | None:
        """The name an apposition gives a described speaker ("The firm, Quillon Bio"), also where
        the parse hangs it on the description's last noun ("A spokesman for the Department of
        Hydrology, Rajan Shrestha, said")."""
        if head.pos_ != "NOUN":
            return None
        asides = [
            token
            for token in head.subtree
            if token.dep_ == "appos"
            and token.pos_ == "PROPN"
            # (not a place's region: "an official in Geelong, Victoria")
            and (
                token.head == head or (token.head.dep_ == "pobj" and token.head.ent_type_ not in PLACE_LABELS)
            )
            # (nor a place the article's own reading found: "Residents of Westport, County Mayo")
            and not self._a_place(token)
        ]
        if not asides:
            return None
        named = asides[0] if asides[0].head == head else asides[-1]
        group = self._group_of_token.get(named.i)
        return group.name if group is not None else self._subject_phrase(named)

    def _group_within(self, mention: Span) -> EntityGroup | None:
        groups = [self._group_of_token[token.i] for token in mention if token.i in self._group_of_token]
        people = [group for group in groups if group.label == "PERSON"]
        return people[0] if people else None

    def _antecedent(self, pronoun: Token) -> str | None:
        if pronoun.lower_ in _PERSONAL:
            return self._antecedent_among(pronoun, main_clauses_only=False)
        # "it" and "they" stand for what an earlier sentence was about, its main subject, before
        # anything named inside its clauses ("The owner admitted a tank had overheated. It insisted
        # ..." is the owner).
        return self._antecedent_among(pronoun, main_clauses_only=True) or self._antecedent_among(
            pronoun, main_clauses_only=False
        )

    def _antecedent_among(self, pronoun: Token, main_clauses_only: bool) -> str | None:
        lowered = pronoun.lower_
        window_start = max(0, pronoun.i - _PRONOUN_WINDOW)
        for token in reversed(self.doc[window_start : pronoun.i]):
            if main_clauses_only and not _in_main_clause(token):
                continue
            if any(passage.start <= token.idx < passage.end for passage in self._quoted):
                continue  # words inside a quote are the speaker's, not the narrative's
            group = self._group_of_token.get(token.i)
            if lowered in _PERSONAL:
                if group is not None and group.label == "PERSON":
                    return group.name
                if token.dep_ == "nsubj" and (named := self._named_aside(token)) is not None:
                    return named  # "A spokesman ..., Rajan Shrestha, said ... 'The system ...,' he said"
                if _speaking_role(token, lowered):
                    return self._subject_phrase(token)  # "A spokesman ... denied ... 'We ...,' he said"
                continue
            if token.dep_ not in ("nsubj", "nsubjpass") or token.pos_ == "PRON":
                continue
            if group is not None and group.label == "PERSON":
                if lowered in _IMPERSONAL:
                    continue
                return None
            plural = token.tag_ in ("NNS", "NNPS")
            if lowered in _IMPERSONAL and plural:
                continue
            if group is not None and group.label in _NON_PERSON_LABELS and token.dep_ != "compound":
                return self._named_aside(token) or self._subject_phrase(token)
            if token.pos_ in ("NOUN", "PROPN"):
                return self._named_aside(token) or self._subject_phrase(token)
        return None

    def _subject_phrase(self, head: Token) -> str:
        start = min((child.left_edge.i for child in head.lefts), default=head.i)
        return without_article(self.doc[start : head.i + 1].text)

    def _fuller_description(self, head: Token) -> str | None:
        """The longest earlier phrase of more than one word headed by the same noun ("the ministry"
        -> "Ukraine's foreign ministry"); of equal ones, the latest."""
        positions, best_so_far = self._descriptions(head.lemma_)
        earlier = bisect.bisect_left(positions, head.i)
        return best_so_far[earlier - 1] if earlier else None

    def _descriptions(self, lemma: str) -> tuple[list[int], list[str | None]]:
        # Built once per article and noun: where the noun occurs and the best description up to
        # there, so that each speaker looks it up rather than walking the article again, which
        # made a long article cost the square of its length.
        if lemma not in self._description_index:
            positions: list[int] = []
            best_so_far: list[str | None] = []
            best = None
            for token in tokens_with_lemma(self.doc, {lemma.lower()}):
                if token.pos_ != "NOUN" or token.lemma_ != lemma:
                    continue
                phrase = self._subject_phrase(token)
                if len(phrase.split()) > 1 and (best is None or len(phrase) >= len(best)):
                    best = phrase
                positions.append(token.i)
                best_so_far.append(best)
            self._description_index[lemma] = (positions, best_so_far)
        return self._description_index[lemma]


def _in_main_clause(token: Token) -> bool:
    """Whether a subject's verb is no clause said, reported or described by an earlier word ("a
    tank" of "The owner admitted a tank had overheated" is not; a clause the parse hangs on a
    later quote, as it may across a paragraph break, still is)."""
    verb = token.head
    for _ in range(8):
        if verb.head == verb:
            return True
        if verb.dep_ in _EMBEDDED_DEPS and verb.head.i < verb.i:
            return False
        verb = verb.head
    return False


def without_fragment(mention: Span) -> Span:
    """A party's mention cut where a misparse runs it into a clause ("the admission vindicated
    residents who had", "the flood that"): at its first verb or relative pronoun after the start.
    For parties, not quotes' speakers: the quote set's speakers keep what the parse gives."""
    for token in mention[1:]:
        if token.tag_ in ("VBN", "VBD") and token.dep_ == "amod" and token.nbor(-1).pos_ in ("NOUN", "PROPN"):
            # "the admission vindicated residents": a clause read as one noun phrase, whose
            # party is its object
            return without_fragment(mention.doc[token.i + 1 : mention.end])
        if token.pos_ in ("VERB", "AUX", "PRON") and token.tag_ in ("WDT", "WP", "VBD", "VBZ", "VBP"):
            end = token.i
            while end > mention.start + 1 and mention.doc[end - 1].is_punct:
                end -= 1
            return mention.doc[mention.start : end]
    return mention


def without_article(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text
