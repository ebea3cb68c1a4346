"""Quotes and reported speech with their speakers, from quotation marks and the dependency parse.

Three passes over one parsed article:
1. reported statements: a reporting verb's clausal complement ("Russia said its forces had
   seized ..."), a clause under "according to X", and a clause followed by "he said";
2. quoted passages (`marks`): a passage that is a statement's whole content is a direct quote;
   one inside a statement makes the statement mixed; any other full passage is attributed to
   the nearest reporting verb of its paragraph, or continues the previous quote's speaker;
3. scare quotes: a quoted fragment in no statement is kept as a mixed quote, credited to a
   reporting verb in its sentence, else to the subject of its clause.
Statements also include speech acts about things ("criticised the plan"), intentions ("vowed
to fight") and naming ("called the plan a disaster"), which attribution corpora count too.
Speakers are resolved to the article's most specific name by `speakers.SpeakerResolver`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

from newsbite.model import Quote
from newsbite.understand.cues import (
    ACCUSING_VERBS,
    CLAIM_VERBS,
    CONFIRMATION_VERBS,
    INFINITIVE_VERBS,
    NAMING_VERBS,
    OBJECT_VERBS,
    PARTICLE_CUES,
    REFUSING_VERBS,
    REPORTING_NOUNS,
    REPORTING_VERBS,
)
from newsbite.understand.entities import EntityGroup
from newsbite.understand.marks import Passage, paragraph_bounds, quoted_passages
from newsbite.understand.nlp import text_of, tokens_with_lemma
from newsbite.understand.speakers import SpeakerResolver

_SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
# Relations through which a verb without its own subject shares its head's ("..., saying",
# "went on to say", "and added").
_SUBJECT_SHARING_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp", "acl", "prep"})
_INVERTED_SUBJECT_DEPS = frozenset({"dobj", "attr", "npadvmod", "dative", "nsubjpass", "appos", "oprd"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# Parts of a subject's phrase left out of the speaker mention: clauses and asides about it.
_MENTION_CUT_DEPS = frozenset({"relcl", "acl", "appos", "punct", "advcl", "parataxis"})
_PARAGRAPH_BREAK = re.compile(r"\n(?:[ \t]*\n)*")
_EDGE_PUNCTUATION = ",;:-\u2013\u2014 "


@dataclass
class Statement:
    """One attribution: a cue, who it names and the content it attributes (token indices)."""

    cue: Token | None
    speaker: Span | None
    start: int  # first content token
    end: int  # one past the last content token
    form: str = "clause"  # clause, according, object, infinitive, naming, noun or quote


@dataclass(frozen=True)
class FoundQuote:
    """A quote with the cue that attributes it and the form of its content, for claims."""

    quote: Quote
    cue: Token | None
    form: str


def find_quotes(doc: Doc, groups: list[EntityGroup]) -> list[FoundQuote]:
    """Every quote and reported statement in a parsed article, in text order."""
    text = text_of(doc)
    passages = quoted_passages(text)
    builder = _QuoteBuilder(doc, SpeakerResolver(doc, groups, passages), passages)
    statements = _reported_statements(doc, passages)
    consumed: set[Passage] = set()
    for statement in statements:
        if _inside_one_passage(doc, statement, passages):
            continue  # speech reported within a quote, or a misparse of the quote's own clause
        inside = _passages_within(passages, doc, statement)
        if not inside:
            builder.add_span(statement, _char_span(doc, statement.start, statement.end), "indirect")
            continue
        consumed.update(inside)
        if _only_quoted(text, inside, doc, statement):
            for passage in inside:
                builder.add_span(statement, (passage.start, passage.end), "direct")
        else:
            builder.add_span(statement, _char_span(doc, statement.start, statement.end), "mixed")
    for passage in passages:
        if passage in consumed:
            continue
        if _is_fragment(text, passage):
            builder.add_scare_quote(passage)
        else:
            builder.add_attributed_passage(passage)
    return builder.quotes()


class _QuoteBuilder:
    """Collects quotes, giving the parts of one attribution one id."""

    def __init__(self, doc: Doc, resolver: SpeakerResolver, passages: list[Passage]) -> None:
        self.doc = doc
        self.resolver = resolver
        self.passages = passages
        self._found: list[FoundQuote] = []
        self._attribution_of_cue: dict[int, int] = {}
        self._last_attribution = 0  # the highest attribution id given so far

    def quotes(self) -> list[FoundQuote]:
        return sorted(self._found, key=lambda found: (found.quote.start, found.quote.end))

    @property
    def _quotes(self) -> list[Quote]:
        return [found.quote for found in self._found]

    def last_quote_before(self, position: int) -> Quote | None:
        earlier = [quote for quote in self._quotes if quote.start < position]
        return max(earlier, key=lambda quote: quote.start) if earlier else None

    def add_span(self, statement: Statement, span: tuple[int, int], kind: str) -> None:
        start, end = _trim(text_of(self.doc), *span)
        if end <= start:
            return
        self._add(start, end, kind, statement.speaker, statement.cue, statement.form)

    def add_scare_quote(self, passage: Passage) -> None:
        cue, speaker = _attribution_in_sentence(self.doc, passage, self.passages)
        if speaker is None:
            tokens = self.doc.char_span(passage.inner_start, passage.inner_end, alignment_mode="expand")
            speaker = (
                _clause_owner(tokens.root, self.passages) if tokens is not None and len(tokens) else None
            )
        self._add(passage.start, passage.end, "mixed", speaker, cue, "scare")

    def add_attributed_passage(self, passage: Passage) -> None:
        cue, speaker = _attribution_near(self.doc, passage, self.passages)
        if cue is None:
            earlier = self.last_quote_before(passage.start)
            # A quote standing alone in its paragraph goes on from the last speaker: the same
            # quote after a direct one, a new one after reported speech ("X praised Y.\n\n'...'").
            alone = _is_whole_paragraph(text_of(self.doc), passage)
            continues = earlier is not None and (earlier.kind == "direct" or alone)
            if continues and _same_or_next_paragraph(text_of(self.doc), earlier.end, passage.start):
                cue = next((f.cue for f in self._found if f.quote is earlier), None)
                attribution = earlier.attribution if earlier.kind == "direct" else self._attribution_id(None)
                continued = Quote(
                    text=text_of(self.doc)[passage.start : passage.end],
                    kind="direct",
                    start=passage.start,
                    end=passage.end,
                    speaker=earlier.speaker,
                    speaker_mention=earlier.speaker_mention,
                    speaker_start=earlier.speaker_start,
                    speaker_end=earlier.speaker_end,
                    attribution=attribution,
                    cue=earlier.cue,
                )
                self._found.append(FoundQuote(continued, cue, "quote"))
                return
        self._add(passage.start, passage.end, "direct", speaker, cue, "quote")

    def _add(
        self, start: int, end: int, kind: str, speaker: Span | None, cue: Token | None, form: str
    ) -> None:
        attribution = self._attribution_id(cue)
        name = self.resolver.resolve(speaker) if speaker is not None else None
        quote = Quote(
            text=text_of(self.doc)[start:end],
            kind=kind,
            start=start,
            end=end,
            speaker=name,
            speaker_mention=speaker.text if speaker is not None else None,
            speaker_start=speaker.start_char if speaker is not None else None,
            speaker_end=speaker.end_char if speaker is not None else None,
            attribution=attribution,
            cue=cue.text if cue is not None else None,
        )
        self._found.append(FoundQuote(quote, cue, form))

    def _attribution_id(self, cue: Token | None) -> int:
        if cue is not None and cue.i in self._attribution_of_cue:
            return self._attribution_of_cue[cue.i]
        self._last_attribution += 1
        new_id = self._last_attribution
        if cue is not None:
            self._attribution_of_cue[cue.i] = new_id
        return new_id


# --- reported statements from the parse ------------------------------------------------------


def _reported_statements(doc: Doc, passages: list[Passage]) -> list[Statement]:
    statements: list[Statement] = []
    quoted = _tokens_within(doc, passages)
    for token in tokens_with_lemma(doc, _CUE_WORDS, {"according"}):
        if token.i not in quoted:
            found = _statements_of(token, passages)
            statements.extend(_within_paragraph(doc, statement) for statement in found)
    return _without_nested([statement for statement in statements if statement.end > statement.start])


# The words `_statements_of` finds a statement at: no other token is one's cue.
_CUE_WORDS = (
    REPORTING_VERBS | OBJECT_VERBS | INFINITIVE_VERBS | CLAIM_VERBS | NAMING_VERBS | REPORTING_NOUNS
) | frozenset(PARTICLE_CUES)


def _within_paragraph(doc: Doc, statement: Statement) -> Statement:
    """A statement clipped to the paragraph of its cue: a misparse can reach across paragraphs."""
    if statement.cue is None:
        return statement
    paragraph_start, paragraph_end = paragraph_bounds(text_of(doc), statement.cue.idx)
    start, end = statement.start, statement.end
    while start < end and doc[start].idx < paragraph_start:
        start += 1
    while end > start and doc[end - 1].idx >= paragraph_end:
        end -= 1
    return Statement(statement.cue, statement.speaker, start, end, statement.form)


def _tokens_within(doc: Doc, passages: list[Passage]) -> set[int]:
    """The tokens that begin inside a quoted passage (found by bisection: asking `_within` of
    every token of a long article cost it tokens times passages)."""
    starts = doc.to_array([IDX]).tolist()
    inside: set[int] = set()
    for passage in passages:
        inside.update(
            range(bisect.bisect_left(starts, passage.start), bisect.bisect_left(starts, passage.end))
        )
    return inside


def _within(position: int, passages: list[Passage]) -> bool:
    return any(passage.start <= position < passage.end for passage in passages)


def _inside_one_passage(doc: Doc, statement: Statement, passages: list[Passage]) -> bool:
    start, end = _char_span(doc, statement.start, statement.end)
    return any(
        passage.start <= start
        and end <= passage.end
        and (start > passage.inner_start + 1 or end < passage.inner_end - 2)
        for passage in passages
    )


def _statements_of(token: Token, passages: list[Passage]) -> Iterable[Statement]:
    lemma = token.lemma_.lower()
    if token.pos_ in ("VERB", "AUX") and lemma in REPORTING_VERBS:
        speaker = speaker_of_verb(token, passages)
        for child in token.children:
            if child.dep_ == "ccomp" and not _is_question_word(child):
                start, end = _subtree_bounds(child)
                # ("... that blasting had taken place but disputed that ...": the statement ends
                # where the speaker's next verb of saying begins)
                end = min(
                    [end]
                    + [
                        grand.left_edge.i
                        for grand in child.children
                        if _conjoined_inside_a_statement(grand) or _set_against_inside_a_statement(grand)
                    ]
                )
                if speaker is not None and start < speaker.start < end:
                    end = speaker.start  # a speaker the parse hung inside what it says
                while end > start + 1 and token.doc[end - 1].dep_ in ("cc", "punct"):
                    end -= 1
                yield Statement(token, speaker, start, end)
        trailing = (
            token.dep_ == "parataxis"
            or (token.dep_ == "ccomp" and token.i > token.head.i)
            or _closing_cue_read_as_conjunct(token, speaker)
        )
        # (a cue inside what another cue reports, "X said nurses had told them ...", is no
        # trailing "..., he said": the words before it are the outer statement's)
        reported = token.head.lemma_.lower() in REPORTING_VERBS and token.dep_ == "ccomp"
        if trailing and not reported and speaker is not None and token.head.i < token.i:
            # "The economy is strong, he said": the clause before the cue is its content.
            start = token.head.left_edge.i
            end = min(token.left_edge.i, speaker.start)
            if end > start:
                yield Statement(token, speaker, start, end)
        if (
            _says_so_too(token)
            and speaker is not None
            and not any(child.dep_ in ("ccomp", "dobj") for child in token.children)
        ):
            # "... would start in Guildford, as a local newspaper had reported": what it said is
            # the clause it stands beside
            start, end = token.head.left_edge.i, token.left_edge.i
            while end > start + 1 and token.doc[end - 1].dep_ in ("cc", "punct"):
                end -= 1
            if end > start:
                yield Statement(token, speaker, start, end)
    if token.pos_ == "VERB" and not any(child.dep_ == "ccomp" for child in token.children):
        yield from _object_statements(token, lemma, passages)
    if token.pos_ == "VERB" and lemma in NAMING_VERBS:
        objects = [child for child in token.children if child.dep_ == "dobj"]
        complements = [child for child in token.children if child.dep_ in ("oprd", "xcomp", "attr")]
        if objects and complements and (speaker := speaker_of_verb(token, passages)) is not None:
            yield Statement(
                token, speaker, objects[0].left_edge.i, complements[-1].right_edge.i + 1, "naming"
            )
    if (subject := _subject_of_a_trailing_cue_without_its_clause(token, lemma)) is not None:
        # "Residents ... faced water cuts ... after a pipeline burst, city officials said": the
        # parse found no clause for the cue (it read "faced" as a modifier), yet a comma, the
        # speaker and the cue close the sentence
        yield Statement(token, speaker_mention(subject), token.sent.start, subject.left_edge.i - 1)
    if _trailing_cue_misread_as_modifier(token, lemma):
        # "X has been hiring drivers on tourist visas, the regional broadcaster reported": the
        # parse made the broadcaster the sentence's object and "reported" its modifier
        comma = token.head.left_edge.i - 1
        yield Statement(token, speaker_mention(token.head), token.sent.start, comma)
    if token.lower_ == "according" and token.dep_ == "prep":
        yield from _according_to(token)
    if token.pos_ == "NOUN" and lemma in REPORTING_NOUNS:
        for child in token.children:
            if child.dep_ in ("acl", "ccomp") and any(grand.lower_ == "that" for grand in child.children):
                owner = next((c for c in token.children if c.dep_ == "poss"), None)
                speaker = speaker_mention(owner) if owner is not None else None
                start, end = _subtree_bounds(child)
                yield Statement(token, speaker, start, end, "noun")


def _closing_cue_read_as_conjunct(verb: Token, speaker: Span | None) -> bool:
    """ "Ferries will be built, the minister said in Victoria": a cue the parse joined to the
    clause before it as a second verb, though no "and" joins them, a comma comes right before
    its speaker, and it says nothing of its own."""
    if verb.dep_ != "conj" or verb.head.i >= verb.i or speaker is None or speaker.start == 0:
        return False
    doc = verb.doc
    joined = any(doc[i].dep_ == "cc" for i in range(verb.head.i + 1, speaker.start))
    says = any(child.dep_ in ("ccomp", "xcomp", "dobj") for child in verb.children)
    return not joined and not says and doc[speaker.start - 1].text == "," and speaker.end <= verb.i


def _object_statements(verb: Token, lemma: str, passages: list[Passage]) -> Iterable[Statement]:
    """What a speech act is about, its intended act, or the object of its particle."""
    contents: list[tuple[Token, str]] = []
    if lemma in OBJECT_VERBS:
        contents += [(c, "object") for c in verb.children if c.dep_ == "dobj" and c.pos_ != "PRON"]
    if lemma in INFINITIVE_VERBS | CLAIM_VERBS and not _participle_of_a_state(verb):
        contents += [(c, "infinitive") for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
    particles = PARTICLE_CUES.get(lemma, "").split()
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in particles:
            contents += [(g, "object") for g in child.children if g.dep_ in ("pobj", "pcomp")]
    if not contents:
        return
    speaker = speaker_of_verb(verb, passages)
    if speaker is None or speaker.root.lower_ in _RELATIVE_PRONOUNS:
        return
    for content, form in contents:
        start, end = _subtree_bounds(content)
        if lemma in ACCUSING_VERBS and content.dep_ == "dobj":
            # what the one accused did, when the parse hangs it on the verb after a time or a
            # place: "accused its operator on Monday of polluting a river"
            end = max([end] + [c.right_edge.i + 1 for c in verb.children if _says_what_wrong(c, content)])
        yield Statement(verb, speaker, start, end, form)


def _says_what_wrong(child: Token, accused: Token) -> bool:
    return child.dep_ == "prep" and child.lower_ in ("of", "for") and child.i > accused.i


def _participle_of_a_state(verb: Token) -> bool:
    """A past participle that describes rather than reports ("systems too poorly maintained to
    protect ..."): no "have" makes it a speaker's act."""
    return verb.tag_ == "VBN" and not any(
        child.dep_ == "aux" and child.lemma_ == "have" for child in verb.children
    )


def _according_to(according: Token) -> Iterable[Statement]:
    to = next((child for child in according.children if child.lower_ == "to"), None)
    source = next((child for child in to.children if child.dep_ == "pobj"), None) if to else None
    if source is None:
        return
    sentence = according.sent
    phrase_start, phrase_end = according.i, source.right_edge.i + 1
    head = according.head
    start, end = (head.left_edge.i, head.right_edge.i + 1) if head.i != according.i else (0, 0)
    start, end = max(start, sentence.start), min(end, sentence.end)
    # The content is the clause the phrase modifies, without the phrase itself.
    if phrase_start - start >= end - phrase_end:
        end = phrase_start
    else:
        start = phrase_end
    if end - start >= 3:
        yield Statement(according, speaker_mention(_issuer(source)), start, end, "according")


def _issuer(source: Token) -> Token:
    """Who speaks through a document: "a notice issued by the EPA" is the EPA's word, "its
    filing with the exchange" the filer's, "a statement from the ministry" the ministry's; else
    the source itself."""
    for child in source.children:
        if child.dep_ == "acl" and child.tag_ == "VBN":
            agent = next((grand for grand in child.children if grand.dep_ == "agent"), None)
            by = next((grand for grand in agent.children if grand.dep_ == "pobj"), None) if agent else None
            if by is not None:
                return by
    if source.lemma_.lower() not in _DOCUMENTS:
        return source
    return document_maker(source) or source


def document_maker(document: Token) -> Token | None:
    """Who a document or statement is by: "a poll by Ipsos", "a statement from the ministry", "its
    filing", "the ministry's report"; None where it names no one. (Not "of": "a survey of 1,000
    farmers" is the surveyor's; not a time or a place: "Tuesday's report", "a report from Kyiv",
    "a letter from prison".)"""
    for preposition in ("by", "from"):
        for child in document.children:
            if child.dep_ == "prep" and child.lower_ == preposition:
                maker = next((grand for grand in child.children if grand.dep_ == "pobj"), None)
                if (
                    maker is not None
                    and _may_make(maker)
                    and (preposition == "by" or not _a_place_to_be(maker))
                ):
                    return maker
    owner = next((child for child in document.children if child.dep_ == "poss"), None)
    return owner if owner is not None and _may_make(owner) else None


def _may_make(token: Token) -> bool:
    return token.ent_type_ not in ("DATE", "TIME") and token.lemma_.lower() not in _TIMES


def _a_place_to_be(token: Token) -> bool:
    """ "the scene", "the front line", "prison", "Kyiv": where a report comes from, not who."""
    return token.ent_type_ in ("GPE", "LOC", "FAC") or (
        token.pos_ == "NOUN" and token.lemma_.lower() in _SITES
    )


_TIMES = frozenset("today yesterday tomorrow week month year weekend night morning evening".split())
_SITES = frozenset("scene front line ground field prison jail site spot area border frontline".split())


# What a party puts its word in: "according to its filing", "according to a statement from ...".
_DOCUMENTS = frozenset(
    """
    statement report filing figure data document survey study letter release paper record minute
    memo analysis estimate census poll audit notice submission ruling judgment judgement review
    transcript post tweet email message website account result indictment complaint lawsuit
    """.split()
)


def _says_so_too(cue: Token) -> bool:
    """Whether a verb of saying is an aside crediting another with what a clause says, before
    (or as) it is said here: "..., as a local newspaper had reported", "a day after state media
    reported the deaths". Such an aside is its speaker's statement, not part of the other's."""
    marks = {child.lower_ for child in cue.children if child.dep_ == "mark"}
    lemma = cue.lemma_.lower()
    # (only beside what is confirmed: elsewhere "as" is "while" or "because" ("wept as she
    # testified"), one reports for duty, and "not 2,000 as the company first said" corrects it;
    # beside a verb of saying, "said ..., as harvests added to supply" gives a reason; "add" is
    # as often to a sum as to what was said)
    return (
        cue.dep_ == "advcl"
        and cue.head.lemma_.lower() not in REPORTING_VERBS
        and (
            ("as" in marks and lemma in CLAIM_VERBS - {"add"})
            or (marks & {"after", "before"} and lemma == "report")
        )
        and any(ancestor.lemma_.lower() in CONFIRMATION_VERBS for ancestor in cue.ancestors)
    )


def _without_nested(statements: list[Statement]) -> list[Statement]:
    """Drop a statement lying inside another statement's content with the same cue scope (an
    aside crediting another with it is kept: `_says_so_too`)."""
    kept: list[Statement] = []
    # Taken in order of start, so a kept statement that ends before this one starts can hold no
    # later one either: only those still open are compared (all of them made this quadratic).
    still_open: list[Statement] = []
    for statement in sorted(statements, key=lambda s: (s.start, -(s.end - s.start))):
        still_open = [other for other in still_open if other.end > statement.start]
        if any(
            other.start <= statement.start
            and statement.end <= other.end
            and other.cue is not None
            and statement.cue is not None
            and other.start <= statement.cue.i < other.end
            and not _says_so_too(statement.cue)
            and not (what_set_it_off(statement.cue) and not _a_pronoun(statement.speaker))
            for other in still_open
        ):
            continue  # a statement inside another's content is kept as its own quote below
        kept.append(statement)
        still_open.append(statement)
    return kept


def _a_pronoun(speaker: Span | None) -> bool:
    return speaker is not None and len(speaker) == 1 and speaker[0].pos_ == "PRON"


def what_set_it_off(cue: Token | None) -> bool:
    """Whether a statement is what led to what its sentence reports, and so its own speaker's
    even inside another's statement: "had banned a coach after three athletes said he had
    pressured them". (Kept apart only for a speaker named: "since he said he no longer wanted to
    play" is the statement's around it.)"""
    if cue is None:
        return False
    return cue.dep_ == "advcl" and any(
        child.dep_ == "mark" and child.lower_ in ("after", "because", "since", "when")
        for child in cue.children
    )


def _is_question_word(token: Token) -> bool:
    return token.tag_ in ("WP", "WRB") and token.i == token.left_edge.i and token.dep_ != "ccomp"


def _subtree_bounds(token: Token) -> tuple[int, int]:
    return token.left_edge.i, token.right_edge.i + 1


# --- speakers ---------------------------------------------------------------------------------


def speaker_of_verb(verb: Token, passages: list[Passage]) -> Span | None:
    """Who a verb's clause says is speaking: its subject, or that of the clause it hangs from."""
    current = carried_from(verb)
    for _ in range(4):
        subjects = [child for child in current.children if child.dep_ in _SUBJECT_DEPS]
        # A misparse can give a cue two subjects, one inside the quote; the speaker is outside.
        outside = [child for child in subjects if not _within(child.idx, passages)]
        subject = min(outside or subjects, key=lambda child: abs(child.i - current.i), default=None)
        if subject is None:
            subject = _inverted_subject(current)
        if subject is None:
            agent = next((child for child in current.children if child.dep_ == "agent"), None)
            subject = (
                next((child for child in agent.children if child.dep_ == "pobj"), None) if agent else None
            )
        if subject is None and current is verb:
            subject = _subject_left_behind(verb) or _subject_hung_as_appositive(verb)
        if subject is not None:
            if subject.lower_ in _RELATIVE_PRONOUNS and current.dep_ == "relcl":
                return speaker_mention(current.head)
            return speaker_mention(subject)
        if _misread_as_modifier(current):
            return speaker_mention(current.sent.root)
        if _conjoined_inside_a_statement(current):
            current = current.head.head  # "acknowledged that X had happened but disputed that ..."
            continue
        if current.dep_ not in _SUBJECT_SHARING_DEPS or current.head is current:
            return None
        current = current.head
    return None


# How many words may stand between a quote and its cue as the speaker ("a deputy mayor, Selim
# Adana, said").
_SUBJECT_WORDS_BEFORE_CUE = 8


def _subject_left_behind(verb: Token) -> Token | None:
    """The noun between a quote and its cue that the parse hung on the quote rather than on the
    cue ("'There was never any order,' a deputy mayor, Selim Adana, said": "mayor" read as what
    the order was), or None."""
    doc = verb.doc
    window = doc[max(0, verb.i - _SUBJECT_WORDS_BEFORE_CUE - 1) : verb.i]
    closing = [token.i for token in window if token.tag_ == "''"]
    if not closing:
        return None
    between = doc[closing[-1] + 1 : verb.i]
    if len(between) == 0 or any(token.pos_ in ("VERB", "AUX") for token in between):
        return None
    return next(
        (
            token
            for token in between
            if token.pos_ in ("NOUN", "PROPN") and not between.start <= token.head.i < between.end
        ),
        None,
    )


def _subject_hung_as_appositive(verb: Token) -> Token | None:
    """The speaker right before a cue that the parse hung as an appositive of the noun before
    it ("... to Cape Breton Island, the province's transport minister said": the minister read
    as another name of the island; "a local group, Green Kitwe, said"), or None."""
    doc = verb.doc
    before = verb.i - 1
    if before > 0 and doc[before].text == ",":
        before -= 1
    if before <= 0 or doc[before].pos_ not in ("NOUN", "PROPN"):
        return None
    noun = doc[before]
    # (not a town's region: "a software company based in Dublin, Ohio, alleged")
    if noun.dep_ != "appos" or noun.head.i >= noun.i or noun.ent_type_ in ("GPE", "LOC", "FAC"):
        return None
    start = noun.left_edge.i
    return noun if start > 0 and doc[start - 1].text == "," else None


# The participles that carry a statement on: ", saying ...", ", adding ...", ", telling reporters ...".
CARRYING_ON_VERBS = frozenset({"say", "add", "tell"})


def carried_from(verb: Token) -> Token:
    """The verb a ", saying ..." carries on: the parse hangs it on the nearest verb, which may lie
    inside what the speaker's own verb reports ("rebutted an accusation that its boats had seized
    nets, saying ..." carries "rebutted" on, not "seized"); else the verb itself."""
    if verb.tag_ != "VBG" or verb.dep_ != "advcl" or verb.lemma_.lower() not in CARRYING_ON_VERBS:
        return verb
    current = verb.head
    for _ in range(4):
        if current.dep_ not in ("ccomp", "acl", "relcl", "conj") or current.head is current:
            return verb.head
        outer = current.head
        if current.dep_ == "acl" and outer.pos_ == "NOUN" and outer.dep_ in ("dobj", "pobj"):
            outer = outer.head if outer.dep_ == "dobj" else outer.head.head
        if outer.lemma_.lower() in REPORTING_VERBS or outer.lemma_.lower() in REFUSING_VERBS:
            return outer
        current = outer
    return verb.head


def _conjoined_inside_a_statement(verb: Token) -> bool:
    """Whether the parse hung a verb of saying on the last verb of another's statement, where it
    is that verb's conjunct: "acknowledged that blasting had taken place but disputed that ..."
    (the disputing is the company's, not the blasting's)."""
    head = verb.head
    return (
        verb.dep_ == "conj"
        and (verb.lemma_.lower() in REPORTING_VERBS or verb.lemma_.lower() in REFUSING_VERBS)
        and head.dep_ == "ccomp"
        and head.head.lemma_.lower() in REPORTING_VERBS
        and not any(child.dep_ in _SUBJECT_DEPS for child in verb.children)
    )


def _set_against_inside_a_statement(verb: Token) -> bool:
    """Whether the parse hung another speaker's statement, set against this one, on the last verb
    of this one: "said some staff would be offered transfers, while union officials said they
    would seek talks" (the union's words are the union's)."""
    return (
        verb.dep_ == "advcl"
        and verb.lemma_.lower() in REPORTING_VERBS
        and any(child.dep_ == "mark" and child.lower_ in ("while", "whereas") for child in verb.children)
        and any(child.dep_ in _SUBJECT_DEPS for child in verb.children)
    )


def _misread_as_modifier(verb: Token) -> bool:
    """Whether the parse read a sentence's main verb as a noun's modifier: "A union official at the
    terminal alleged on Tuesday that ..." parsed as a verbless sentence about an official
    "alleged", whose speaker is then the sentence's head noun."""
    root = verb.sent.root
    return (
        verb.dep_ == "acl"
        and verb.tag_ in ("VBD", "VBN")
        and root.pos_ in ("NOUN", "PROPN")
        and any(child.dep_ == "ccomp" for child in verb.children)
    )


def _subject_of_a_trailing_cue_without_its_clause(verb: Token, lemma: str) -> Token | None:
    """The subject of a cue that closes its sentence, "..., city officials said", where the parse
    made the cue the root and gave it nothing it says (what comes before the comma is its
    content); else None."""
    if verb.dep_ != "ROOT" or lemma not in CLAIM_VERBS or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    if any(child.dep_ in ("ccomp", "dobj", "xcomp", "parataxis") for child in verb.children):
        return None
    subjects = [child for child in verb.children if child.dep_ in ("nsubj", "nsubjpass")]
    if len(subjects) != 1 or subjects[0].right_edge.i + 1 != verb.i:
        return None
    comma = subjects[0].left_edge.i - 1
    closes = all(token.is_punct for token in verb.doc[verb.i + 1 : verb.sent.end])
    # (the content before the comma is a clause of its own: more than a few words)
    return subjects[0] if closes and comma > verb.sent.start + 3 and verb.doc[comma].text == "," else None


def _trailing_cue_misread_as_modifier(verb: Token, lemma: str) -> bool:
    """Whether a sentence-final "..., the broadcaster reported" was parsed as a noun ("the
    broadcaster", an object inside the sentence) with a past-tense modifier ("reported")."""
    if verb.dep_ != "acl" or verb.tag_ not in ("VBD", "VBN") or lemma not in CLAIM_VERBS:
        return False
    if any(child.dep_ in ("ccomp", "dobj", "xcomp") for child in verb.children):
        return False
    # the noun and its verb close the sentence, after a comma ("the cases reported last week"
    # inside a sentence is a real modifier)
    comma = verb.head.left_edge.i - 1
    closes = all(token.is_punct for token in verb.doc[verb.right_edge.i + 1 : verb.sent.end])
    return closes and comma > verb.sent.start and verb.doc[comma].text == ","


def _inverted_subject(verb: Token) -> Token | None:
    """The speaker after the verb ('"...," said Jane Doe'), which a parser often misreads as an object."""
    if verb.lemma_.lower() not in REPORTING_VERBS or verb.i == 0 or not verb.nbor(-1).is_punct:
        return None
    if verb.tag_ == "VBG":
        return None  # (a participle has none: ", rejecting her argument that ..." says what it rejected)
    for child in verb.rights:
        if (
            child.dep_ in _INVERTED_SUBJECT_DEPS
            and child.pos_ in ("PROPN", "NOUN")
            and child.left_edge.i <= verb.i + 2
        ):
            return child
    return None


def speaker_mention(head: Token) -> Span:
    """The words naming a speaker: the subject's phrase without relative clauses and asides."""
    doc = head.doc
    start, end = head.i, head.i + 1
    for child in head.lefts:
        if child.dep_ not in _MENTION_CUT_DEPS:
            start = min(start, child.left_edge.i)
    for token in doc[head.i + 1 : head.right_edge.i + 1]:
        # Stop at the first clause or aside anywhere in the phrase ("brigade, which has ...").
        if token.dep_ in _MENTION_CUT_DEPS or (token.dep_ in ("cc", "conj") and token.head is not head):
            break
        if token.dep_ == "case" and token.head.i == head.i:
            break  # the possessor of a document ("according to the ministry's report"), without "'s"
        if _when_it_was_said(token):
            break  # "Mexico's president on Wednesday dismissed ...": the day hung on the speaker
        end = token.i + 1
    while end - start > 1 and doc[end - 1].is_punct:
        end -= 1
    while end - start > 1 and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    return doc[start:end]


def _when_it_was_said(token: Token) -> bool:
    """Whether a phrase is a time ("on Wednesday", "late on Monday"), which belongs to the verb
    whatever noun the parse hangs it on."""
    return token.dep_ == "prep" and any(
        child.dep_ == "pobj" and child.ent_type_ in ("DATE", "TIME") for child in token.children
    )


def _clause_owner(token: Token, passages: list[Passage]) -> Span | None:
    """Whose words a scare quote marks: the subject of its clause, or the noun's possessor."""
    current = token
    for _ in range(6):
        possessor = next((child for child in current.children if child.dep_ == "poss"), None)
        if possessor is not None and possessor.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            return speaker_mention(possessor)
        if current.pos_ in ("VERB", "AUX"):
            speaker = speaker_of_verb(current, passages)
            if speaker is not None and speaker.root.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
                return speaker
            if speaker is not None:
                return None
        if current.head is current:
            return None
        current = current.head
    return None


def _attribution_near(
    doc: Doc, passage: Passage, passages: list[Passage]
) -> tuple[Token | None, Span | None]:
    """The cue attributing a full quoted passage, looked for as news places it.

    In order: a reporting verb right after the passage in its sentence ('"...," he said'); the
    nearest one before it, back to the previous passage ('..." she said. "...'); one later in
    the paragraph; a name introducing it with a colon ("Jane Doe: '...'"); a name signing it
    after a dash ('"..." - Jane Doe'); the last sentence of a paragraph ending in a colon.
    """
    text = text_of(doc)
    paragraph_start, paragraph_end = paragraph_bounds(text, passage.start, passage.end)
    before_start = max([other.end for other in passages if other.end <= passage.start] + [paragraph_start])
    after_end = min([other.start for other in passages if other.start >= passage.end] + [paragraph_end])
    first_after = doc.char_span(passage.end, after_end, alignment_mode="expand")
    same_sentence_end = first_after[0].sent.end if first_after is not None and len(first_after) else -1
    after = _cues_in(doc, passage.end, after_end, passages)
    in_sentence = [cue for cue in after if cue[0].i < same_sentence_end]
    if in_sentence:
        return in_sentence[0]
    adjacent = _verb_right_after(doc, passage, after_end, passages)
    if adjacent is not None:
        return adjacent
    before = _cues_in(doc, before_start, passage.start, passages)
    if before:
        # Between two quotes, the tag right after the first belongs to both ('"...," he said,
        # referring to X that Y showed. "..."'); otherwise the cue nearest the quote leads it.
        return before[0] if before_start > paragraph_start else before[-1]
    if after:
        return after[0]
    introduced = _introduced_with_colon(doc, before_start, passage.start, passages)
    if introduced is not None:
        return introduced
    named = _name_with_colon(doc, before_start, passage.start) or _signature(doc, passage.end, after_end)
    if named is not None:
        return None, named
    if passage.start == paragraph_start or not text[paragraph_start : passage.start].strip():
        previous_end = paragraph_start - 1
        while previous_end > 0 and text[previous_end - 1].isspace():
            previous_end -= 1
        if previous_end > 0 and text[previous_end - 1] == ":":
            previous_start = text.rfind("\n", 0, previous_end) + 1
            introducing = _cues_in(doc, previous_start, previous_end, passages)
            if introducing:
                return introducing[-1]
            named = _name_with_colon(doc, previous_start, previous_end)
            if named is not None:
                return None, named
    return None, None


def _attribution_in_sentence(
    doc: Doc, passage: Passage, passages: list[Passage]
) -> tuple[Token | None, Span | None]:
    """A reporting verb in the quoted fragment's own sentence ('... "who understand," Clinton said')."""
    tokens = doc.char_span(passage.start, passage.end, alignment_mode="expand")
    if tokens is None or not len(tokens):
        return None, None
    sentence = tokens[0].sent
    cues = _cues_in(doc, sentence.start_char, sentence.end_char, passages)
    if not cues:
        return None, None
    return min(cues, key=lambda cue: abs(cue[0].idx - passage.start))


def _cues_in(doc: Doc, start: int, end: int, passages: list[Passage]) -> list[tuple[Token, Span]]:
    """Reporting verbs with a speaker between two offsets, outside quoted passages, in order."""
    region = doc.char_span(start, end, alignment_mode="expand") if end > start else None
    found = []
    for token in region or []:
        if token.idx < start or token.idx >= end or _within(token.idx, passages):
            continue
        if token.lemma_.lower() in REPORTING_VERBS and token.pos_ in ("VERB", "AUX"):
            speaker = speaker_of_verb(token, passages)
            if speaker is not None and not _within(speaker.start_char, passages):
                found.append((token, speaker))
    return found


def _verb_right_after(
    doc: Doc, passage: Passage, after_end: int, passages: list[Passage]
) -> tuple[Token, Span] | None:
    """Any verb with a subject just after a quote attributes it: '"Out!" the crowd yelled'."""
    region = doc.char_span(passage.end, after_end, alignment_mode="expand")
    for token in list(region or [])[:5]:
        if token.idx < passage.end:
            continue
        if token.pos_ == "VERB":
            speaker = speaker_of_verb(token, passages)
            if speaker is not None and not _within(speaker.start_char, passages):
                return token, speaker
            return None
        if token.is_sent_start:
            return None
    return None


def _introduced_with_colon(
    doc: Doc, start: int, end: int, passages: list[Passage]
) -> tuple[Token, Span] | None:
    """The subject of the clause a colon ends: 'She then addressed the crowd: "..."'."""
    lead = text_of(doc)[start:end].rstrip()
    if not lead.endswith(":"):
        return None
    colon = doc.char_span(start + len(lead) - 1, start + len(lead), alignment_mode="expand")
    if colon is None or not len(colon):
        return None
    verb = colon[0].head
    if verb.pos_ not in ("VERB", "AUX") or verb.idx < start:
        return None
    speaker = speaker_of_verb(verb, passages)
    return (verb, speaker) if speaker is not None else None


def _name_with_colon(doc: Doc, start: int, end: int) -> Span | None:
    """A name (person or organisation) that introduces a quote with a colon: 'Jane Doe, CNN: ...'."""
    lead = text_of(doc)[start:end].rstrip()
    if not lead.endswith(":"):
        return None
    region = doc.char_span(start, start + len(lead), alignment_mode="expand")
    names = [ent for ent in (region.ents if region is not None else []) if ent.label_ in ("PERSON", "ORG")]
    return names[0] if names else None


def _signature(doc: Doc, start: int, end: int) -> Span | None:
    """The name signing a quote after a dash: '"..." \u2015 Jane Doe'."""
    tail = text_of(doc)[start:end]
    stripped = tail.lstrip(" ,.\u00a0")
    if not stripped or stripped[0] not in "-\u2013\u2014\u2015":
        return None
    region = doc.char_span(start, end, alignment_mode="expand")
    names = [ent for ent in (region.ents if region is not None else []) if ent.label_ == "PERSON"]
    return names[0] if names else None


# --- passages and spans -----------------------------------------------------------------------


def _passages_within(passages: list[Passage], doc: Doc, statement: Statement) -> list[Passage]:
    start, end = _char_span(doc, statement.start, statement.end)
    return [passage for passage in passages if start <= passage.inner_start and passage.inner_end <= end + 1]


def _only_quoted(text: str, inside: list[Passage], doc: Doc, statement: Statement) -> bool:
    """True when a statement's content is its quoted passages and nothing else but the attribution."""
    start, end = _char_span(doc, statement.start, statement.end)
    attribution = [statement.cue] if statement.cue is not None else []
    attribution += list(statement.speaker) if statement.speaker is not None else []
    spared = {(token.idx, token.idx + len(token)) for token in attribution}
    words = 0
    for token in doc.char_span(start, end, alignment_mode="expand") or []:
        if token.is_punct or _within(token.idx, inside) or (token.idx, token.idx + len(token)) in spared:
            continue
        words += 1
    return words == 0


def _is_fragment(text: str, passage: Passage) -> bool:
    """A quoted fragment inside a sentence ('a "priority"'), not a quoted sentence."""
    before = text[max(0, passage.start - 40) : passage.start].rstrip()
    inner = text[passage.inner_start : passage.inner_end].strip()
    if not inner:
        return True
    if not before or before[-1] in ":.!?\u2014\u2013([" or before.endswith(("--", ",")):
        return False
    starts_lower = inner[0].islower()
    words = inner.split()
    return starts_lower or len(words) <= 4 or before[-1].isalnum()


def _is_whole_paragraph(text: str, passage: Passage) -> bool:
    paragraph_start, paragraph_end = paragraph_bounds(text, passage.start, passage.end)
    return not text[paragraph_start : passage.start].strip() and not text[passage.end : paragraph_end].strip()


def _same_or_next_paragraph(text: str, earlier_end: int, start: int) -> bool:
    return len(_PARAGRAPH_BREAK.findall(text, earlier_end, start)) <= 1


def _char_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character offsets of tokens start..end (never empty: empty statements are dropped first)."""
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last.text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_PUNCTUATION:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCTUATION:
        end -= 1
    return start, end
