"""Named entities grouped into one entry per real person, organisation or place in an article.

Mentions come from spaCy's named entities (with labels corrected by `places`). A person named
in full once and by surname after ("Vladimir Putin" ... "Putin") is one entity, as is an
organisation and its initials; the entry's name is its most complete form, without titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsbite.model import Entity
from newsbite.understand.nlp import tokens_with_lemma

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Titles and honorifics that precede a name in news prose and are not part of it.
_TITLES = frozenset(
    """
    mr mrs ms miss dr prof sir dame lord lady president vice prime minister premier
    chancellor sen senator rep representative gov governor mayor gen general col colonel lt
    lieutenant maj major capt captain sgt sergeant adm admiral judge justice rev father pope
    king queen prince princess sheikh secretary ambassador commissioner chief director
    spokesman spokeswoman spokesperson former then late correspondent blogger leader
    chairman chairwoman ceo
    """.split()
)
_POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)$")


@dataclass
class Mention:
    """One occurrence of a name: its words, label and where it is."""

    span: Span
    label: str

    @property
    def text(self) -> str:
        return self.span.text


@dataclass
class EntityGroup:
    """The mentions of one real entity."""

    label: str
    mentions: list[Mention] = field(default_factory=list)
    name: str = ""
    place_id: int | None = None
    _forms: tuple[int, list[str]] | None = field(default=None, repr=False, compare=False)

    def forms(self) -> list[str]:
        # Asked for every new mention against every group: computed again only when mentions
        # were added (they are only ever added), or a long article's grouping is quadratic.
        if self._forms is None or self._forms[0] != len(self.mentions):
            self._forms = (len(self.mentions), sorted({name_of(mention.span) for mention in self.mentions}))
        return self._forms[1]


def name_of(span: Span) -> str:
    """A mention's name: without leading titles, determiners or a trailing possessive. (A
    place's name keeps its title: "Prince Edward Island", "King George Island".)"""
    tokens = list(span)
    titled = span.label_ not in ("GPE", "LOC", "FAC")
    while len(tokens) > 1 and (
        (titled and tokens[0].lower_.rstrip(".") in _TITLES) or tokens[0].lower_ in ("the", "a", "an")
    ):
        tokens = tokens[1:]
    if len(tokens) > 1 and tokens[-1].text in ("'s", "\u2019s", "'", "\u2019"):
        tokens = tokens[:-1]
    name = "".join(token.text_with_ws for token in tokens).strip()
    name = _POSSESSIVE.sub("", name) if len(name) > 3 else name
    return " ".join(name.split())


# Labels the small model gives names it does not know ("Kursk" as PRODUCT): kept as candidates
# for the place correction, dropped after it when they stay what they were.
CANDIDATE_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "EVENT"})


def mentions_in(doc: Doc) -> list[Mention]:
    """spaCy's entity mentions of the kinds NewsBite tracks, and candidates for correction."""
    return [
        Mention(span, span.label_) for span in doc.ents if span.label_ in ENTITY_LABELS | CANDIDATE_LABELS
    ]


def with_surnames(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Add the later mentions of a person by surname alone that the model left untagged."""
    surnames = {
        m.span[-1].text for m in mentions if m.label == "PERSON" and len(m.span) > 1 and m.span[-1].is_title
    }
    if not surnames:
        return mentions
    taken = {token.i for span in doc.ents for token in span}
    extra = [
        Mention(doc[token.i : token.i + 1], "PERSON")
        for token in tokens_with_lemma(doc, (), {surname.lower() for surname in surnames})
        if token.text in surnames and token.i not in taken and token.pos_ in ("PROPN", "NOUN")
    ]
    return sorted(mentions + extra, key=lambda mention: mention.span.start)


# Nouns that say what kind of body a name is: a name the article titles with one ("the delivery
# company Parcelo", "Kestrel Bulk, the bulk carrier,") is an organisation's, whatever the model
# took it for. (Not the nouns a person may be titled with too: "owner", "manager", "producer".)
_BODY_NOUNS = frozenset(
    """
    company firm group business carrier airline bank insurer lender retailer supermarket chain
    brand manufacturer brewery distillery bakery broadcaster network agency charity foundation union
    association federation club council committee commission authority board trust utility
    cooperative co-operative consortium startup platform outlet newspaper channel station studio
    label subsidiary conglomerate
    """.split()
)


def with_kinds_given(mentions: list[Mention]) -> list[Mention]:
    """The mentions with a name the model took for a person's made an organisation's wherever the
    article titles it as a body ("the delivery company Parcelo"): every mention of that name."""
    bodies = {name_of(m.span) for m in mentions if m.label == "PERSON" and _titled_as_a_body(m.span)}
    if not bodies:
        return mentions
    return [
        Mention(m.span, "ORG") if m.label == "PERSON" and name_of(m.span) in bodies else m for m in mentions
    ]


def _titled_as_a_body(span: Span) -> bool:
    root = span.root
    titles = [
        child for child in root.children if child.dep_ == "compound" and child.i < span.start
    ]  # "the delivery company Parcelo"
    # set off by a comma: "Parcelo, the courier," and "The company, Parcelo," (without one, "the
    # club Sione Tupou captained" is a club and its captain)
    doc = span.doc
    titles += [
        child
        for child in root.children
        if child.dep_ == "appos" and child.i > span.end and doc[span.end].text == ","
    ]
    if (
        root.dep_ == "appos"
        and root.head.i < span.start
        and (doc[span.start - 1].text == "," or _names_the_subject(root.head, span))
    ):
        titles.append(root.head)
    if span.start > 0:
        # the title right before, where the parse split the two into one role ("the logistics
        # company Kessick had cut": both subjects of "cut"), not a noun of another clause ("joined
        # the club Sione Tupou captained", "told the council Peter Hallam had approved")
        before = doc[span.start - 1]
        if before.head == root.head and before.dep_ == root.dep_ and before.i != root.head.i:
            titles.append(before)
    return any(title.pos_ == "NOUN" and title.lemma_.lower() in _BODY_NOUNS for title in titles)


def _names_the_subject(title: Token, span: Span) -> bool:
    """Whether a title and the name after it are one subject ("the delivery company Parcelo had
    docked"), not an object and the subject of a clause after it ("joined the club Sione Tupou
    captained", "told the council Peter Hallam had approved")."""
    after = span.doc[span.end] if span.end < len(span.doc) else None
    return title.dep_ in ("nsubj", "nsubjpass") or after is None or after.pos_ not in ("VERB", "AUX")


def tracked(mentions: list[Mention]) -> list[Mention]:
    """The mentions of kinds NewsBite lists: people, organisations, places, groups."""
    return [mention for mention in mentions if mention.label in ENTITY_LABELS]


def group_mentions(mentions: list[Mention]) -> list[EntityGroup]:
    """Mentions grouped into entities: a surname joins the full name it shortens."""
    groups: list[EntityGroup] = []
    by_key: dict[tuple[str, str], EntityGroup] = {}
    for mention in sorted(mentions, key=lambda m: -len(name_of(m.span).split())):
        name = name_of(mention.span)
        if not name:
            continue
        key = (_kind(mention.label), name.lower())
        group = by_key.get(key) or _group_shortened(mention, name, groups)
        if group is None:
            group = EntityGroup(mention.label)
            groups.append(group)
        group.mentions.append(mention)
        by_key[key] = group
    for group in groups:
        group.mentions.sort(key=lambda m: m.span.start)
        group.name = max(group.forms(), key=lambda form: (len(form.split()), len(form)))
        group.label = _majority_label(group)
    return sorted(groups, key=lambda g: g.mentions[0].span.start)


def entities_of(groups: list[EntityGroup], doc: Doc, speaker_names: list[str]) -> list[Entity]:
    """The entity list: mention counts and a salience share from position, frequency and speech."""
    scores = [_salience_score(group, doc, speaker_names) for group in groups]
    total = sum(scores) or 1.0
    entities = [
        Entity(
            name=group.name,
            label=group.label,
            mentions=len(group.mentions),
            salience=round(score / total, 4),
            aliases=[form for form in group.forms() if form != group.name],
        )
        for group, score in zip(groups, scores, strict=True)
    ]
    return sorted(entities, key=lambda entity: -entity.salience)


def _kind(label: str) -> str:
    # A demonym and a place share a key so that "Ukrainian", tagged one way here and the other
    # there, stays one entity (under its majority label).
    return "PLACE" if label in PLACE_LABELS or label == "NORP" else label


def _group_shortened(mention: Mention, name: str, groups: list[EntityGroup]) -> EntityGroup | None:
    words = name.lower().split()
    if "," in name:  # "Hamilton, Ontario" shortens nothing
        return None
    kind = _kind(mention.label)
    if kind == "PLACE":
        return None  # a place's last words are another place: Mongolia of Inner Mongolia
    for group in groups:
        if _kind(group.label) != kind and not (kind == "PERSON" and group.label == "PERSON"):
            continue
        for form in group.forms():
            form_words = form.lower().split()
            if (
                len(words) < len(form_words)
                and "," not in form
                and (
                    form_words[-len(words) :] == words  # "Putin" for "Vladimir Putin"
                    or (kind == "ORG" and _initials(form_words) == name.lower().replace(".", ""))
                )
            ):
                return group
    return None


def _initials(words: list[str]) -> str:
    return "".join(word[0] for word in words if word not in ("of", "the", "for", "and", "on", "in"))


def _majority_label(group: EntityGroup) -> str:
    counts: dict[str, int] = {}
    for mention in group.mentions:
        counts[mention.label] = counts.get(mention.label, 0) + 1
    return max(counts, key=lambda label: (counts[label], label))


def _salience_score(group: EntityGroup, doc: Doc, speaker_names: list[str]) -> float:
    # Position matters as in news writing: the lead names what the story is about.
    length = max(len(doc), 1)
    score = 0.0
    for mention in group.mentions:
        score += 1.0 + 2.0 * (1.0 - mention.span.start / length)
    if group.name in speaker_names:
        score += 1.0
    return score
