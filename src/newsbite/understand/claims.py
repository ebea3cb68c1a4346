"""Claims: attributed statements whose truth a party asserts, denies, confirms or will not address.

A claim is what a source says is so ("Russia said its forces had seized the town"); a denial
is a statement under a denying cue ("Kyiv denied Russia had full control"), linked to the claim
it contradicts; "did not comment on whether ..." is a no-comment. Questions and speech acts
about things rather than propositions ("criticised the plan") are not claims. An answer is
linked to the statement it names ("his account", "the warning", "claims by the families"), else
to the one sharing most of its words, else to the dispute's latest claim; one reported before
any claim answers the first claim after it (`_contradicted`, `_reported_after`).

What a statement's own words do decides its stance as much as its cue, read from the parse of
its main clause: one that calls something said untrue ("That is not true", "the claims were
false") or finds nothing to support it ("there was no evidence ...") is a denial; a speaker's
own "I can confirm ..." or "We reject ..." takes that verb's stance; and a statement that is no
more than a response ("said they could neither confirm nor deny the report") is that response.
A "saying ..." that carries a stance on is part of it, not a claim of its own.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsbite.model import Claim, Quote
from newsbite.understand.cues import CLAIM_VERBS, CONFIRMATION_VERBS, DENIAL_VERBS, NO_COMMENT_VERBS
from newsbite.understand.entities import name_of
from newsbite.understand.nlp import tokens_with_dep
from newsbite.understand.parties import PartyReader, content_words, stem, words_held
from newsbite.understand.quotes import CARRYING_ON_VERBS, FoundQuote, carried_from, what_set_it_off
from newsbite.understand.responses import (
    ANSWER_NOUNS,
    POINTING_PRONOUNS,
    STATEMENT_NOUNS,
    UNTRUE_WORDS,
    neither_nor,
    stance_without_clause,
)
from newsbite.understand.speakers import without_article, without_fragment

# An answer naming what it answers with one of these ("rebutted the warning") names a statement
# just reported.
_DEFINITE = frozenset({"the", "that", "this", "these", "those"})
# What supports a statement: saying there is none of it denies the statement.
_SUPPORT_NOUNS = frozenset({"evidence", "proof", "basis", "truth", "foundation"})
_FIRST_PERSON = frozenset({"i", "we"})
# A response's own party when it is one of these is no name: the statement around it names it.
_PRONOUNS = POINTING_PRONOUNS | _FIRST_PERSON | frozenset({"he", "she"})
# Verbs that hold to something against what was said: with a negated clause they deny it.
_COUNTERING = frozenset({"insist", "maintain", "counter", "retort", "contend"})
# Verbs of examining: a party examining a statement has not answered it.
_EXAMINING = frozenset({"check", "investigate", "examine", "review", "study", "assess"})
# Verbs that put a fact forward however it is worded, as a clause or as a thing ("reported its
# first profit in three years", "reported lighter damage"): what other verbs do to a thing
# ("announced a plan", "mentioned the match") asserts nothing to answer.
_REPORTING_A_THING = frozenset({"report"})
_RESPONSE_WORDS = frozenset({"confirm", "deny", "comment", "say", "disclose", "discuss"})
# A response begins its statement when at most this many words (its subject) come before it.
_SUBJECT_WORDS = 3

_PROPOSITIONAL_FORMS = frozenset({"clause", "according", "noun", "quote", "infinitive"})


def find_claims(
    found: list[FoundQuote],
    responses: list[Claim] | None = None,
    doc: Doc | None = None,
    names: Sequence[tuple[str, Sequence[str]]] = (),
    answered: Sequence[Claim] = (),
) -> list[Claim]:
    """Claims, denials, confirmations and refusals to comment, in text order, each answer linked
    to the claim it answers: from the quotes and reported statements (read in `doc`), the
    `responses` that point back at what was said, and the claims `answered` where the answer
    reports them (responses.py)."""
    claims: list[Claim] = []
    parts_seen: set[int] = set()
    # (a statement's own words may make it a denial: "said the accusation had no basis, adding
    # ..." carries a denial on, as "denied ..., adding ..." does)
    stances = [_stance(item) for item in found]
    if doc is not None:
        stances = [
            # (what set off what its sentence reports is a plain claim: "fired the chief executive
            # after she said the accounts were false" is no denial)
            (_stance_of_words(doc, item) or stance)
            if stance == "claim" and not what_set_it_off(item.cue)
            else stance
            for item, stance in zip(found, stances, strict=True)
        ]
    stance_cues = {
        item.cue.i
        for item, stance in zip(found, stances, strict=True)
        if item.cue is not None and stance not in (None, "claim")
    }
    carried_on: list[Quote] = []
    answering_cues: set[int] = set()
    for item, stance in zip(found, stances, strict=True):
        if stance is None or item.quote.text.rstrip(" \"'\u201d\u2019").endswith("?"):
            continue
        if stance == "claim" and _carries_on(item.cue, stance_cues):
            carried_on.append(item.quote)
            continue
        if item.quote.attribution in parts_seen and stance == "claim":
            continue  # one claim per attribution: the other parts of a split quote belong to it
        if stance != "claim" and item.cue is not None and item.cue.i in answering_cues:
            continue  # one answer per verb: "dismissed the report as a 'fabrication ...'" is one denial
        parts_seen.add(item.quote.attribution)
        if stance != "claim" and item.cue is not None:
            answering_cues.add(item.cue.i)
        claims.append(
            Claim(
                party=_party_of(item.quote, doc),
                stance=stance,
                text=item.quote.text,
                start=item.quote.start,
                end=item.quote.end,
            )
        )
    # an accusation inside a reported statement is what the statement says, not a claim of its
    # own ("prosecutors said they had charged the mayor with taking bribes")
    responses = [
        response
        for response in responses or []
        if response.stance != "claim"
        or not any(said.start <= response.start and response.end <= said.end + 1 for said in claims)
    ]
    parties = PartyReader(names, roles_given(doc, names) if doc is not None else None)
    # the claims an answer reports as it answers them ("disputed a report by X that ..."), where
    # their makers made no claim before: else the answer names one already reported
    reported_in_answers = [
        made
        for made in answered
        if not any(
            said.start < made.start
            and said.stance == "claim"
            and parties(said.party).speaks_for(parties(made.party))
            for said in claims
        )
    ]
    claims += reported_in_answers
    claims = _without_responses(sorted([*claims, *responses], key=lambda claim: claim.start))
    words = _words_with_reasons(claims, carried_on, doc)
    verbs = [_verbs_saying(claim, doc) for claim in claims]
    for index, claim in enumerate(claims):
        thing = _what_never_was(doc, claim) if claim.stance == "claim" and doc is not None else None
        denied = _claim_of(thing, claim, claims[:index], parties) if thing is not None else None
        if denied is not None:
            # "'There was never any order,' the deputy mayor said", "'Not one peso changed hands'":
            # a denial of the earlier claim by another party that speaks of that thing
            claim.stance, claim.contradicts = "denial", denied
        elif claim.stance != "claim":
            named = _statement_named(doc, claim)
            claim.contradicts = _contradicted(claim, claims[:index], parties, named, words, verbs)
            if claim.contradicts is None and claim.stance != "no_comment":
                claim.contradicts = _reported_after(claim, claims, index, parties, named)
    # (the answer that reports a claim answers that one, whatever else was said before)
    for made_index, made in enumerate(claims):
        if any(made is reported for reported in reported_in_answers):
            for claim in claims:
                if claim.stance != "claim" and claim.start <= made.start and made.end <= claim.end + 1:
                    claim.contradicts = made_index
    return claims


def roles_given(doc: Doc, names: Sequence[tuple[str, Sequence[str]]]) -> list[tuple[str, str, bool]]:
    """The roles an article gives its named entities, as (role phrase, entity name, whether the
    role's head may stand for the entity): in apposition ("The agency's director, Nadia Berrada,
    said", "Atacama Cobre, the copper miner,") or as a title before the name ("Freight operator
    Hawkesbury Rail"). A person's title says whom they speak for, but "a spokesman" later is
    anyone's spokesman: a role stands for its entity where the article re-names it with "the"
    ("The company, Atacama Cobre"), or as the title of a body the model knows for one."""
    entity_of = {form: name for name, forms in names for form in (name, *forms)}
    ent_of_token = {token.i: ent for ent in doc.ents for token in ent}
    given: list[tuple[str, str, bool]] = []

    def give(role: Token, named: Token, phrase: str, stands_for: bool) -> None:
        ent = ent_of_token.get(named.i)
        entity = entity_of.get(name_of(ent)) if ent is not None else None
        if role.pos_ == "NOUN" and entity is not None:
            given.append((phrase, entity, stands_for))

    def definite(role: Token) -> bool:
        return any(child.dep_ == "det" and child.lower_ == "the" for child in role.children)

    for token in tokens_with_dep(doc, ("appos", "compound")):
        if token.dep_ == "appos" and token.pos_ == "PROPN":
            # "The company, Atacama Cobre": the role is the head's phrase up to the name
            head = token.head
            words = [word for word in head.subtree if word.i <= head.i]
            give(head, token, " ".join(word.text for word in words), definite(head))
        elif token.dep_ == "appos" and token.head.pos_ == "PROPN":
            words = [word for word in token.subtree if word.i <= token.i]
            # "Atacama Cobre, the miner"
            give(token, token.head, " ".join(word.text for word in words), definite(token))
        elif (
            token.dep_ == "compound"
            and token.pos_ == "NOUN"
            and token.head.i in ent_of_token
            and token.i < ent_of_token[token.head.i].start
        ):
            # "Freight operator Hawkesbury Rail"; not "spokesman Tom Reid"
            give(token, token.head, token.text, ent_of_token[token.head.i].label_ != "PERSON")
    return given


def _words_with_reasons(
    claims: list[Claim], carried_on: list[Quote], doc: Doc | None
) -> list[frozenset[str]]:
    """Each statement's content words, with those of the "saying ..." that carries it on in its
    sentence ("denied that the cargo had been concealed, saying the chemical was listed in a
    corrected manifest"): what a later answer ("would not say whether such a manifest had been
    filed") may share with it is often only in its reason."""
    words = [content_words(claim.text) for claim in claims]
    if doc is None:
        return words
    starts = [claim.start for claim in claims]
    for reason in carried_on:
        index = bisect_right(starts, reason.start) - 1
        if index < 0 or (index + 1 < len(claims) and claims[index + 1].start < reason.end):
            continue
        claim_span = doc.char_span(claims[index].start, claims[index].end, alignment_mode="expand")
        reason_span = doc.char_span(reason.start, reason.end, alignment_mode="expand")
        if claim_span and reason_span and claim_span[0].sent.start == reason_span[0].sent.start:
            words[index] = words[index] | content_words(reason.text)
    return words


def _verbs_saying(claim: Claim, doc: Doc | None) -> frozenset[str]:
    """The verbs, stemmed, around a statement in its sentence: how it was said ("warned",
    "alleged"), which an answer may name it by ("the warning", "the allegation")."""
    span = doc.char_span(claim.start, claim.end, alignment_mode="expand") if doc is not None else None
    if not span:
        return frozenset()
    # (the verbs it hangs from, not any verb of its sentence: "The council, which warned
    # residents in 2019, said repairs would start in May" was no warning)
    return frozenset(
        stem(token.lower_)
        for token in span.root.ancestors
        if token.pos_ == "VERB" and not span.start <= token.i < span.end
    )


def _stance(item: FoundQuote) -> str | None:
    cue = item.cue
    if cue is None:
        return "claim" if item.form in ("quote", "according") and item.quote.speaker else None
    if cue.lower_ == "according":
        return "claim"
    if item.form not in _PROPOSITIONAL_FORMS and not (
        item.form == "object" and (_lemma(cue) in NO_COMMENT_VERBS or _reports_a_thing(cue))
    ):
        # "rejected the allegation", "declined to comment": what it takes a stance on is no
        # proposition of its own, but a statement made before, or none at all ("confirmed the
        # arrests" stays a confirmation: what is confirmed is a fact someone stated).
        return stance_without_clause(cue)
    lemma = _lemma(cue)
    negated = _negated(cue)
    if lemma in CONFIRMATION_VERBS | DENIAL_VERBS and neither_nor(cue) is not None:
        return None  # "could neither confirm nor deny": responses.py reads the refusal
    if lemma in NO_COMMENT_VERBS and negated:
        return "no_comment"
    if negated and _asks_whether(cue):
        return "no_comment"  # "would not say whether ...", "did not say how many ..."
    if lemma in DENIAL_VERBS:
        return "claim" if negated else "denial"
    if lemma in CONFIRMATION_VERBS:
        return "denial" if negated and lemma != "confirm" else ("no_comment" if negated else "confirmation")
    if lemma in CLAIM_VERBS and (item.form != "object" or _reports_a_thing(cue)):
        if negated or (lemma in _COUNTERING and _negated_clause(cue)):
            return "denial"  # "did not claim ...", "insisted it had not ..."
        return "claim"
    return stance_without_clause(cue)  # "declined to say whether ...": a refusal, whatever follows


def _reports_a_thing(cue: Token) -> bool:
    """Whether a verb puts forward what its object names, done and not denied ("reported its
    first profit"; not "did not announce a date" or "would report its findings")."""
    return _lemma(cue) in _REPORTING_A_THING and not _negated(cue) and cue.tag_ != "VB"


def _negated_clause(cue: Token) -> bool:
    """Whether the cue's clause says something is not so ("insisted it had not broken any rules",
    "maintained that no one was hurt")."""
    for child in cue.children:
        if child.dep_ != "ccomp":
            continue
        if any(grand.dep_ == "neg" for grand in child.children):
            return True
        if any(
            grand.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and _says_none(grand)
            for grand in child.children
        ):
            return True
    return False


def _says_none(noun: Token) -> bool:
    return noun.lower_ in ("nobody", "nothing", "none", "no-one") or any(
        child.dep_ == "det" and child.lower_ == "no" for child in noun.children
    )


def _asks_whether(cue: Token) -> bool:
    """Whether the cue's clause is an open question ("whether ...", "if ...", "how many ...")."""
    for child in cue.children:
        if child.dep_ == "ccomp" and any(
            grand.lower_ in ("whether", "if") or grand.tag_ in ("WDT", "WP", "WRB")
            for grand in (*child.children, child.left_edge)  # (however the parse hangs "whether")
        ):
            return True
    return False


def _carries_on(cue: Token | None, stance_cues: set[int]) -> bool:
    """Whether a statement is a "saying ..." that carries on a denial, confirmation or refusal."""
    if cue is None or cue.tag_ != "VBG" or _lemma(cue) not in CARRYING_ON_VERBS:
        return False
    head = carried_from(cue)
    return head.i != cue.i and (head.i in stance_cues or stance_without_clause(head) is not None)


def _stance_of_words(doc: Doc, item: FoundQuote) -> str | None:
    """A denial or confirmation made by the statement's own main clause, else None."""
    span = doc.char_span(item.quote.start, item.quote.end, alignment_mode="expand")
    if span is None:
        return None
    for root in _roots(span):
        subject = next((child for child in root.children if child.dep_ in ("nsubj", "nsubjpass")), None)
        negated = any(child.dep_ == "neg" for child in root.children)
        if root.lemma_ == "be":
            if _calls_untrue(root, negated) and (subject is None or _names_a_statement(subject)):
                return "denial"
            if any(child.dep_ == "expl" for child in root.children) and _no_support(root, negated):
                return "denial"
        elif _no_support(root, negated, ("dobj",)):
            return "denial"  # "it had seen no evidence that ...", "did not find any proof"
        if not negated and _examines_a_statement(root):
            return "no_comment"  # "it was checking the union's figures": no answer yet
        if negated and subject is not None and subject.lower_ in ("it", "we") and _a_standing_refusal(root):
            return "no_comment"  # "said it did not discuss commercial matters": its rule, no answer
        if subject is not None and subject.lower_ in _FIRST_PERSON and not negated:
            if _lemma(root) in DENIAL_VERBS:
                return "denial"
            if _lemma(root) in CONFIRMATION_VERBS:
                return "confirmation"
    return None


def _a_standing_refusal(verb: Token) -> bool:
    """Whether a negated "discuss" or "speculate" is a body's rule of not answering ("does not
    discuss client matters", "did not discuss commercial matters with the media", "did not
    speculate on currency moves"), not a denial of what it did ("did not discuss pricing with
    competitors", "did not discuss the budget")."""
    lemma = _lemma(verb)
    if lemma == "speculate":
        return True
    if lemma != "discuss":
        return False
    matters = next((child for child in verb.children if child.dep_ == "dobj"), None)
    if matters is None or any(child.dep_ in ("det", "poss") for child in matters.children):
        return False
    partners = [
        grand.lemma_.lower()
        for child in (*verb.children, *matters.children)
        if child.dep_ == "prep" and child.lower_ == "with"
        for grand in child.children
        if grand.dep_ == "pobj"
    ]
    if partners:
        return all(partner in _THE_PRESS for partner in partners)
    return any(child.dep_ == "aux" and child.tag_ in ("VBZ", "VBP") for child in verb.children)  # "does not"


# Who asks a body to discuss what it will not.
_THE_PRESS = frozenset({"media", "medium", "press", "reporter", "journalist"})


def _examines_a_statement(verb: Token) -> bool:
    """Whether a clause says its subject is examining what was said ("was checking the
    figures", "would look into the allegations", "is reviewing the report"), and so not yet
    answering it."""
    lemma = _lemma(verb)
    # (while it is under way or to come: "had reviewed the figures and found them accurate" has
    # answered)
    auxiliaries = {_lemma(child) for child in verb.children if child.dep_ in ("aux", "auxpass")}
    if verb.tag_ != "VBG" and not auxiliaries & {"will", "would", "shall"}:
        return False
    if lemma in _EXAMINING:
        taken = [child for child in verb.children if child.dep_ == "dobj"]
    elif lemma == "look":
        taken = [
            grand
            for child in verb.children
            if child.dep_ == "prep" and child.lower_ == "into"
            for grand in child.children
            if grand.dep_ == "pobj"
        ]
    else:
        return False
    # what was said, pointed back at ("the union's figures", "the reports", "reports that ..."),
    # not a kind of document ("reviewing risk assessments for construction camps")
    return any(_lemma(thing) in STATEMENT_NOUNS and _points_back(thing) for thing in taken)


def _points_back(noun: Token) -> bool:
    return any(
        (child.dep_ == "det" and child.lower_ in _DEFINITE)
        or child.dep_ == "poss"
        or (child.dep_ in ("acl", "ccomp") and any(grand.lower_ == "that" for grand in child.children))
        for child in noun.children
    )


def _what_never_was(doc: Doc, claim: Claim) -> Token | None:
    """The thing a statement's main clause says never was ("order" of "there was never any
    order", "lockout" of "there is no lockout", "peso" of "not one peso changed hands"), else
    None. ("No contract had been signed" and "nobody told us" are statements of their own as
    often as answers.)"""
    span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    # (its first sentence only: a long quote's later "there is no service on the tram" answers
    # nothing)
    for root in (root for root in _roots(span) if root.sent.start == span[0].sent.start):
        children = list(root.children)
        if root.lemma_ == "be" and any(child.dep_ == "expl" for child in children):
            negated = any(child.dep_ == "neg" for child in children)
            thing = next((child for child in children if child.dep_ == "attr"), None)
            if thing is not None and (negated or _says_none(thing)):
                return thing
        subject = next((child for child in children if child.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and _not_one(subject):
            return subject
    return None


def _not_one(noun: Token) -> bool:
    """ "not one peso", "not a single worker" """
    return any(
        child.dep_ in ("nummod", "det", "amod") and any(grand.dep_ == "neg" for grand in child.children)
        for child in noun.children
    )


def _claim_of(thing: Token, statement: Claim, earlier: list[Claim], parties: PartyReader) -> int | None:
    """The latest earlier claim by another party that speaks of the thing: every noun of its
    name ("hostage" and "taking" of "no hostage-taking", not "take the boys" alone)."""
    party = parties(statement.party)
    name = thing.doc[thing.left_edge.i : thing.i + 1]
    nouns = {stem(word.lemma_.lower()) for word in name if word.pos_ in ("NOUN", "PROPN")}
    for index in range(len(earlier) - 1, -1, -1):
        said = earlier[index]
        if said.stance != "claim" or said.party == statement.party or parties(said.party).speaks_for(party):
            continue
        if nouns and nouns <= content_words(said.text):
            return index
    return None


def _roots(span: Span) -> list[Token]:
    """The span's main verbs: its tokens whose head lies outside it, and their conjuncts."""
    roots = [token for token in span if token.head == token or not span.start <= token.head.i < span.end]
    return roots + [child for root in roots for child in root.children if child.dep_ == "conj"]


def _calls_untrue(copula: Token, negated: bool) -> bool:
    for child in copula.children:
        if child.dep_ in ("acomp", "attr"):
            word = child.lemma_.lower()
            if word in UNTRUE_WORDS or (word in ("true", "correct", "accurate") and negated):
                return True
    return False


def _names_a_statement(subject: Token) -> bool:
    return subject.lower_ in POINTING_PRONOUNS or subject.lemma_.lower() in STATEMENT_NOUNS


def _no_support(verb: Token, negated: bool, roles: tuple[str, ...] = ("attr",)) -> bool:
    """ "there was no evidence ...", "there is no truth in ...", "there was not any proof"; with
    `roles` ("dobj",), "had seen no evidence", "did not find any proof" """
    for child in verb.children:
        if child.dep_ in roles and child.lemma_.lower() in _SUPPORT_NOUNS:
            return negated or any(grand.lower_ == "no" for grand in child.children)
    return False


def _without_responses(claims: list[Claim]) -> list[Claim]:
    """The statements that are more than a response they hold ("said they could neither
    confirm nor deny the report" is the no-comment); such a response takes the statement's
    party where it names none of its own but a pronoun."""
    answers = [claim for claim in claims if claim.stance != "claim"]
    kept = []
    for claim in claims:
        inner = next(
            (
                answer
                for answer in answers
                if answer is not claim
                and claim.start <= answer.start
                and answer.end <= claim.end + 1
                and _only_leads_in(claim.text[: answer.start - claim.start])
                # (an answer by a party of its own is no part of the statement: "said ten
                # people died, a toll local doctors disputed")
                and (answer.party is None or answer.party.lower() in _PRONOUNS or answer.party == claim.party)
            ),
            None,
        )
        if inner is None or claim.stance != "claim":
            kept.append(claim)
        elif claim.party and (inner.party is None or inner.party.lower() in _PRONOUNS):
            inner.party = claim.party
    return kept


def _only_leads_in(words: str) -> bool:
    """Whether the words before a response in a statement are only its subject ("they"), or the
    response's own verbs ("it could neither confirm nor deny that ...")."""
    found = words.lower().split()
    return len(found) <= _SUBJECT_WORDS or any(word in _RESPONSE_WORDS for word in found)


def _party_of(quote: Quote, doc: Doc | None) -> str | None:
    """A quote's speaker as a claim's party: cut where a misparse runs it into a clause ("glacial
    lake flood that", "the admission vindicated residents"). The quote keeps its speaker as
    given; `without_fragment` cuts parties the same way for responses."""
    if doc is None or quote.speaker is None or quote.speaker_start is None or quote.speaker_end is None:
        return quote.speaker
    span = doc.char_span(quote.speaker_start, quote.speaker_end)
    if span is None:
        return quote.speaker
    cut = without_fragment(span)
    if (cut.start, cut.end) == (span.start, span.end):
        return quote.speaker
    return without_article(cut.text)


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _negated(cue: Token) -> bool:
    return any(child.dep_ == "neg" for child in cue.children)


def _reported_after(
    answer: Claim,
    claims: list[Claim],
    index: int,
    parties: PartyReader,
    named: _Named | None = None,
) -> int | None:
    """A denial or confirmation before anything it could answer answers the first claim by
    another party after it: news may lead with the answer ("The ministry rebutted an accusation
    that ... The accusation was made by traders, who said ..."). A no-comment before any claim
    is on a question of its own. One that names whose statement it answers answers theirs."""
    party = parties(answer.party)
    for later in range(index + 1, len(claims)):
        said = claims[later]
        saying = parties(said.party)
        if said.stance != "claim" or said.party == answer.party or saying.speaks_for(party):
            continue
        if named is None or not named.owner or stem(named.owner) in saying.words:
            return later
    return None


@dataclass(frozen=True)
class _Named:
    """The statement an answer names: by its owner ("declined to comment on his account",
    "contested the charity's figure": `owner` the possessor's word, "" for a pronoun), or as one
    just reported ("rebutted the warning", "contested that forecast": `owner` None)."""

    owner: str | None
    # False where the answer itself says whose the statement was ("denied claims by workers'
    # families that ..."): when no statement of theirs was reported, it answers none.
    reported_here: bool = True
    # Whether it may name an answer ("the ministry's response", "that"), a denial perhaps.
    names_an_answer: bool = False
    # The statement's noun, stemmed, where it is named by it ("the warning": "warn")
    noun: str | None = None


def _statement_named(doc: Doc | None, answer: Claim) -> _Named | None:
    """The statement an answer names (`_Named`), or None when it names none."""
    if doc is None:
        return None
    span = doc.char_span(answer.start, answer.end, alignment_mode="expand")
    for token in span or ():
        if token.lemma_.lower() not in STATEMENT_NOUNS:
            continue
        owner = next((child for child in token.children if child.dep_ == "poss"), None)
        if owner is not None:
            return _Named(
                "" if owner.pos_ == "PRON" else owner.lower_,
                names_an_answer=token.lemma_.lower() in ANSWER_NOUNS,
            )
        by = next((child for child in token.children if child.dep_ == "prep" and child.lower_ == "by"), None)
        maker = next((child for child in by.children if child.dep_ == "pobj"), None) if by else None
        if maker is not None:
            return _Named(maker.lower_, reported_here=False)  # "claims by workers' families that ..."
        if any(child.dep_ == "det" and child.lower_ in _DEFINITE for child in token.children):
            return _Named(None, noun=stem(token.lower_))
    first = next((token for token in span or () if not token.is_punct), None)
    if first is not None and first.lower_ in ("that", "this") and first.dep_ in ("nsubj", "dobj"):
        # the answer is "that" itself ("disputed that", "'That is simply false,' said ..."): what
        # was said just before, whoever said it
        return _Named(None, names_an_answer=True)
    return None


def _most_shared(
    statements: list[tuple[int, Claim]], answer_words: frozenset[str], words: Sequence[frozenset[str]]
) -> int | None:
    """The statement sharing most of an answer's words, the first of two alike; None if none."""
    best_index, best_count = None, 0
    for index, _ in statements:
        count = words_held(answer_words, words[index])
        if count > best_count:
            best_index, best_count = index, count
    return best_index


def _contradicted(
    answer: Claim,
    earlier: list[Claim],
    parties: PartyReader,
    named: _Named | None,
    words: Sequence[frozenset[str]],
    verbs: Sequence[frozenset[str]],
) -> int | None:
    """The earlier statement an answer (a denial, confirmation or no-comment) answers: the one it
    names (`_Named`), else the one by another party sharing most content words with it, else the
    dispute's latest claim. A denial answers claims; a confirmation or a no-comment may answer an
    earlier answer ("could not be reached for comment on the queues" the association said
    stretched for miles). A party never answers itself, nor the body it speaks for ("The
    secretariat later conceded ..." after "An official at the secretariat said ...")."""
    party = parties(answer.party)
    others = [
        (index, said)
        for index, said in enumerate(earlier)
        if said.party != answer.party and not parties(said.party).speaks_for(party)
    ]
    claims = [(index, said) for index, said in others if said.stance == "claim"]
    considered = claims if answer.stance == "denial" else others
    if named is not None and named.names_an_answer:
        # "rejected the ministry's response", "'That is simply false'": an answer may be answered
        considered = [(index, said) for index, said in others if said.stance != "no_comment"]
        if named.owner is None and considered:
            return considered[-1][0]  # "that": what was just said
    if not considered:
        return None
    if named is not None and named.owner is None and claims:
        # "the warning", "that forecast": the claim its noun calls by its verb ("warned that ..."
        # then "rebutted the warning"), else the claim it shares words with ("disputed the
        # figure, saying about 120 lorries had been held"), else the one just reported
        called = [index for index, _ in claims if named.noun is not None and named.noun in verbs[index]]
        if called:
            return called[-1]
        sharing = _most_shared(claims, words[len(earlier)], words)
        return sharing if sharing is not None else claims[-1][0]
    if named is not None and named.owner is not None:
        owner = named.owner
        # the statement it names by its owner: the latest by a party of that name, or the latest
        # of another party's for "his account"
        owned = [index for index, said in considered if not owner or stem(owner) in parties(said.party).words]
        if owned:
            return owned[-1]
        if not named.reported_here:
            return None
    answer_words = words[len(earlier)]
    # the statement that speaks of the answering party ("The contractor could not be reached"
    # after "... built by a contractor with ties to the mayor") is the one put to it
    # Between statements it shares as much with, a party asked for comment is asked about the one
    # that speaks of what it is of, when only one does: "The resort's owners could not be
    # reached" after "Workers at a beach resort said ...", "The stall's owner ..." after "...
    # traced to a food stall". (Where two do, "gold" of "a gold price record" and of "a gold mine
    # had poisoned their river", the words say nothing; nor of an answer of its own: "The police
    # union defended the officer" is not about every statement with police in it.)
    said_words = [words[index] | content_words(said.party or "") for index, said in considered]
    of_its_kind = [answer.stance == "no_comment" and party.of_what_is_spoken(held) for held in said_words]
    if sum(of_its_kind) != 1:
        of_its_kind = [False] * len(considered)
    best_index, best = None, (0.0, False)
    for (index, _), held, kind in zip(considered, said_words, of_its_kind, strict=True):
        overlap = words_held(answer_words, held) / (len(answer_words) or 1)
        overlap += 1.0 if party.spoken_of(words[index]) else 0.0
        if (overlap, kind) > best:
            best_index, best = index, (overlap, kind)
    if best_index is not None:
        return best_index
    # What is answered without a word of it is the dispute's claim, not what a party that has
    # already answered said in support of its answer ("The utility denied ... It said the cuts
    # were needed ..." then "The provincial government has not commented").
    answering = {parties(said.party) for said in earlier if said.stance != "claim"}
    disputed = [
        (index, said)
        for index, said in claims
        if not any(parties(said.party).speaks_for(other) for other in answering)
    ]
    return (disputed or claims or considered)[-1][0]
