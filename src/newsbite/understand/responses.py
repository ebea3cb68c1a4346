"""Responses: a party answering what was said without restating it, read from the parse.

Quotes and reported statements carry content ("denied that its forces had fired"); a response
points back at content instead, and still takes a stance towards it:
- a denying or confirming verb whose object is a statement ("rejected the allegation",
  "confirmed the report", "dismissed the reports as baseless"), or "called" a statement false;
- a refusal to speak ("declined to comment", "refused to say whether ...", "declined to confirm
  the figures"): the refusing verb's infinitive is a verb of saying;
- an accusation ("accused the senator of taking bribes", "blamed the factory for the fire"): a
  claim, though its content is a noun and a gerund rather than a clause;
- speech that did not happen ("did not respond to requests for comment", "has not commented",
  "would not comment") and a party who "could not be reached".
Each becomes a claim of its stance with the words of its clause, for claims.py to link to what
it answers. A verb the quote pass already took as a cue is left to it (claims.py asks
`stance_without_clause` of the cues it finds no other stance in).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from newsbite.model import Claim
from newsbite.understand.cues import (
    ACCUSING_VERBS,
    CONFIRMATION_VERBS,
    DENIAL_VERBS,
    NO_COMMENT_VERBS,
    REFUSING_VERBS,
    REPORTING_NOUNS,
    REPORTING_VERBS,
)
from newsbite.understand.entities import EntityGroup
from newsbite.understand.nlp import text_of, tokens_with_lemma
from newsbite.understand.quotes import FoundQuote, document_maker, speaker_mention, speaker_of_verb
from newsbite.understand.speakers import SpeakerResolver, without_fragment

# What a party can refuse to do and so not answer: the verbs of saying, and a few of telling more.
_SAYING = REPORTING_VERBS | NO_COMMENT_VERBS | frozenset({"discuss", "elaborate", "specify", "identify"})
# Not speaking at all: "did not respond", "has not commented", "did not reply".
_SILENT = NO_COMMENT_VERBS - {"confirm"} | frozenset({"reply"})
# Verbs whose object is what they deny or grant whatever it is ("rejected the plan" is no denial
# of a statement; "denied any wrongdoing" and "acknowledged the error" are).
_STANCE_ON_ANYTHING = frozenset({"deny", "acknowledge", "concede"})
# Verbs that doubt what they take: a denial of a statement ("questioned that estimate",
# "challenged the figures"), of nothing else ("police questioned the driver").
_DOUBTING = frozenset({"question", "challenge"})
# Words that call a statement untrue: "called the claims false", "dismissed it as baseless".
UNTRUE_WORDS = frozenset(
    """
    false baseless untrue unfounded groundless wrong inaccurate misleading fabricated
    nonsense ridiculous absurd lies lie fake incorrect exaggerated overstated inflated
    alarmist fiction fabrication smear hoax
    """.split()
)


def find_responses(doc: Doc, groups: list[EntityGroup], found: Iterable[FoundQuote]) -> list[Claim]:
    """The responses in a parsed article, in text order, each with its party when one is named."""
    # (a "neither confirm nor deny" is read here whatever the quote pass made of it: the quote
    # pass reads its verbs as cues of content, and a refusal has none)
    found = list(found)
    taken = {item.cue.i for item in found if item.cue is not None and neither_nor(item.cue) is None}
    # (a participle inside a reported statement is what the statement says, its speaker's: "said
    # it had found no evidence, rejecting a complaint by the party")
    said = [(item.quote.start, item.quote.end) for item in found]
    # Made at the first response: most articles have none, and making one maps every mention.
    resolver: SpeakerResolver | None = None
    responses = []
    for token in tokens_with_lemma(doc, _RESPONDING):
        if token.i in taken or token.pos_ not in ("VERB", "AUX"):
            continue
        if (
            token.tag_ == "VBG"
            and token.dep_ == "advcl"
            and any(start <= token.idx < end for start, end in said)
        ):
            continue
        stance = stance_without_clause(token)
        if stance is None:
            continue
        speaker = _party(token)
        start, end = _clause(token, speaker)
        if speaker is not None and resolver is None:
            resolver = SpeakerResolver(doc, groups)
        responses.append(
            Claim(
                party=resolver.resolve(speaker) if speaker is not None and resolver is not None else None,
                stance=stance,
                text=text_of(doc)[start:end],
                start=start,
                end=end,
            )
        )
    return responses


def find_statements_answered(doc: Doc, groups: list[EntityGroup]) -> list[Claim]:
    """The claims an answer reports as it answers them, each by its maker: "disputed a report by
    an opposition channel that vaccine stocks had run out" is the channel's claim that they had."""
    resolver: SpeakerResolver | None = None
    made_claims = []
    for verb in tokens_with_lemma(doc, CONFIRMATION_VERBS | DENIAL_VERBS | _DOUBTING):
        if verb.pos_ not in ("VERB", "AUX") or _negated(verb) or (made := _statement_made(verb)) is None:
            continue
        maker, that, (start, end) = made
        resolver = resolver or SpeakerResolver(doc, groups)
        mention = speaker_mention(maker)
        # (the parse may hang what was said on its maker: "a channel that stocks had run out")
        mention = doc[mention.start : min(mention.end, that)]
        party = resolver.resolve(mention)
        answering = speaker_of_verb(verb, [])
        if (maker.pos_ == "PRON" and maker.lower_ in party.lower().split()) or (
            answering is not None and resolver.resolve(answering) == party
        ):
            # "Her says ...": a pronoun that stands for no one named; and "The judge rejected his
            # argument" is never the judge's own
            continue
        made_claims.append(
            Claim(
                party=party,
                stance="claim",
                text=text_of(doc)[start:end],
                start=start,
                end=end,
            )
        )
    return made_claims


def _statement_made(verb: Token) -> tuple[Token, int, tuple[int, int]] | None:
    """Who made the statement an answer names, the "that" opening what it said, and the character
    bounds of what it said, where the answer gives both: "disputed a report by an opposition
    channel that vaccine stocks had run out", "rejecting her argument that a steroid had entered
    her system". What it said is a claim of its maker's that the answer answers."""
    noun = _statement_object(verb)
    if noun is None or noun.lemma_.lower() not in STATEMENT_NOUNS or noun.i < verb.i:
        return None
    maker = document_maker(noun)
    if maker is None:
        return None
    for that in noun.subtree:
        if that.i <= maker.i or that.lower_ != "that":
            continue
        clause = that.head
        # (a clause of its own, with its own subject: not "the report that the channel aired")
        if clause.pos_ not in ("VERB", "AUX") or not any(
            child.dep_ in ("nsubj", "nsubjpass") and child.i > that.i for child in clause.children
        ):
            return None
        words = [token for token in clause.subtree if token.i > that.i]
        while words and words[-1].is_punct:
            words.pop()
        if not words:
            return None
        return maker, that.i, (words[0].idx, words[-1].idx + len(words[-1].text))
    return None


def stance_without_clause(verb: Token) -> str | None:
    """The stance a verb takes when what it is about is no clause of its own: a response
    (denial, confirmation, no_comment) or an accusation (a claim: "accused the senator of taking
    bribes"); else None. For claims.py too, where the quote pass took the verb as a cue of
    something else."""
    lemma = verb.lemma_.lower()
    if lemma not in _RESPONDING:
        return None  # (asked of every verb of every article: most are none of these)
    if lemma in CONFIRMATION_VERBS | DENIAL_VERBS and (paired := neither_nor(verb)) is not None:
        return "no_comment" if paired == "neither" else None
    if _withholds(verb):
        return None
    negated = _negated(verb)
    if lemma in ACCUSING_VERBS and not negated and _accused_of(verb):
        return "claim"
    statement = _statement_object(verb)
    if statement is None and (lemma == "call" or (lemma in DENIAL_VERBS and _called_untrue(verb))):
        # "called the estimate exaggerated", "dismissed as fiction a report that ...", where the
        # parse makes the statement a part of the complement rather than the verb's object
        statement = next(
            (
                word
                for word in verb.subtree
                if word.i > verb.i
                and (
                    word.lemma_.lower() in STATEMENT_NOUNS
                    or (lemma != "call" and word.lower_ in POINTING_PRONOUNS)
                )
            ),
            None,
        )
    if statement is None and lemma in _STANCE_ON_ANYTHING:
        # "denied any knowledge of the drugs", "acknowledged the error", "conceded the delay"
        statement = next((child for child in verb.children if child.dep_ == "dobj"), None)
    if statement is None and lemma in DENIAL_VERBS | CONFIRMATION_VERBS:
        # what a party put forward, named by its owner: "contested the directorate's death toll",
        # "rejected the department's explanation"
        statement = next(
            (
                child
                for child in verb.children
                if child.dep_ == "dobj" and any(grand.dep_ == "poss" for grand in child.children)
            ),
            None,
        )
    # (a doubt to come is an intention: "would challenge the result in court")
    doubts = lemma in _DOUBTING and verb.tag_ != "VB"
    if statement is not None and not negated:
        if lemma in DENIAL_VERBS or doubts or (lemma == "call" and _called_untrue(verb)):
            return "denial"
        if lemma in CONFIRMATION_VERBS:
            return "confirmation"
    if lemma in REFUSING_VERBS and any(
        child.dep_ == "xcomp" and child.lemma_.lower() in _SAYING for child in verb.children
    ):
        return "no_comment"
    if (
        (negated or _not_yet(verb))
        and lemma in _SILENT
        and not any(child.dep_ in ("ccomp", "dobj") for child in verb.children)
    ):
        return "no_comment"
    if negated and lemma == "reach" and any(child.dep_ == "auxpass" for child in verb.children):
        return "no_comment"
    if (negated or _not_yet(verb)) and lemma == "return" and _calls_unreturned(verb):
        return "no_comment"  # "did not return calls", "has yet to return messages seeking comment"
    return None


# Every verb `stance_without_clause` can give a stance.
_RESPONDING = (
    CONFIRMATION_VERBS
    | DENIAL_VERBS
    | _DOUBTING
    | ACCUSING_VERBS
    | REFUSING_VERBS
    | _SILENT
    | {"call", "reach", "return"}
)
# What a party asked for comment does not return: "did not return calls".
_MESSAGES = frozenset({"call", "message", "email", "e-mail", "text", "request", "inquiry", "enquiry"})


def neither_nor(verb: Token) -> str | None:
    """ "neither" for the first verb of "could neither confirm nor deny" (a refusal to answer),
    "nor" for the second (which the first answers for), else None."""
    if any(child.dep_ == "preconj" and child.lower_ == "neither" for child in verb.children):
        return "neither"
    if verb.dep_ == "conj" and any(child.lower_ == "neither" for child in verb.head.children):
        return "nor"
    return None


def _withholds(verb: Token) -> bool:
    """Whether "deny" takes two objects, someone and something, as in "denying her daughters
    their mother" or "denied him access": that withholds, it answers no claim. (The parse gives
    the first object as a dative or as a second direct object.)"""
    objects = [child.dep_ for child in verb.children if child.dep_ in ("dative", "dobj")]
    return verb.lemma_.lower() == "deny" and ("dative" in objects or objects.count("dobj") > 1)


def _calls_unreturned(verb: Token) -> bool:
    """Whether "did not return" is about the reporter's calls: calls, messages or requests, said by
    the story itself, not those of others ("calls from stranded passengers", "the calls of
    customers") nor for a while ("for three days", "for weeks"), which is a complaint someone
    makes."""
    calls = next(
        (child for child in verb.children if child.dep_ == "dobj" and child.lemma_.lower() in _MESSAGES), None
    )
    if calls is None or any(ancestor.lemma_.lower() in REPORTING_VERBS for ancestor in verb.ancestors):
        return False
    asks_comment = any(word.lemma_.lower() == "comment" for word in calls.subtree)
    whose = any(child.dep_ == "prep" and child.lower_ in ("from", "of") for child in calls.children)
    a_while = any(
        child.dep_ == "prep"
        and child.lower_ == "for"
        and any(grand.ent_type_ == "DATE" for grand in child.subtree)
        for child in verb.children
    )
    return asks_comment or not (whose or a_while)


def _accused_of(verb: Token) -> bool:
    """Whether the verb says whom it accuses and of what: an object, and "of" or "for" what."""
    accused = [child for child in verb.children if child.dep_ in ("dobj", "nsubjpass")]
    # The parser hangs "of taking bribes" on the verb, on the one accused, or on who accuses in
    # a passive ("was accused by councillors of hiding the audit").
    holders = [verb, *accused, *_accusers(verb)]
    # ("blamed the outages on sabotage": what is blamed, and on what)
    grounds = ("of", "for", "on") if verb.lemma_.lower() == "blame" else ("of", "for")
    return bool(accused) and any(
        child.dep_ == "prep" and child.lower_ in grounds for holder in holders for child in holder.children
    )


def _accusers(verb: Token) -> list[Token]:
    """Who accuses in a passive: the object of its "by" ("was accused by councillors")."""
    return [
        grand
        for child in verb.children
        if child.dep_ == "agent"
        for grand in child.children
        if grand.dep_ == "pobj"
    ]


def _statement_object(verb: Token) -> Token | None:
    """What the verb takes a stance on when that is no clause: an object that names a statement
    ("the allegation", "reports") or points back at one ("disputed that", "denied it"), the same
    as a passive's subject ("The allegation was denied by ..."), or a gerund ("denied paying
    anyone", "admitted using the car"); else None."""
    clause = any(child.dep_ in ("ccomp", "xcomp") and child.tag_ != "VBG" for child in verb.children)
    passive = any(child.dep_ == "auxpass" for child in verb.children)
    if (
        verb.dep_ == "relcl"
        and verb.head.lemma_.lower() in STATEMENT_NOUNS
        and not any(child.dep_ == "dobj" for child in verb.children)
    ):
        return verb.head  # "..., a charge Ibarra rejected", "an account the city disputed"
    if _named_by_its_participle(verb):
        return verb.head  # "..., a finding rejected by the ship's manager"
    for child in verb.children:
        names = child.lemma_.lower() in STATEMENT_NOUNS or (child.lower_ in POINTING_PRONOUNS and not clause)
        if names and (child.dep_ == "dobj" or (passive and child.dep_ == "nsubjpass")):
            return child
        if child.dep_ in ("xcomp", "dobj") and child.tag_ == "VBG":
            return child
    return None


def _named_by_its_participle(verb: Token) -> bool:
    """ "a finding rejected by the ship's manager": a passive participle with its agent, after the
    statement noun it answers."""
    noun = verb.head
    doc = verb.doc
    return (
        verb.dep_ == "acl"
        and verb.tag_ == "VBN"
        and noun.lemma_.lower() in STATEMENT_NOUNS
        and any(child.dep_ == "agent" for child in verb.children)
        # (set after a comma beside what was said, not "Charges dismissed by a judge were refiled"
        # or "a complaint dismissed by the regulator")
        and noun.left_edge.i > 0
        and doc[noun.left_edge.i - 1].text == ","
        and any(ancestor.lemma_.lower() in REPORTING_VERBS for ancestor in noun.ancestors)
    )


def _called_untrue(verb: Token) -> bool:
    # (an adjective after its noun, "called the reports untrue", is the verb's complement however
    # the parse hangs it; so is what it was dismissed "as")
    return any(_complement(child, verb) and child.lemma_.lower() in UNTRUE_WORDS for child in verb.subtree)


def _complement(word: Token, verb: Token) -> bool:
    return (
        word.dep_ in ("oprd", "acomp", "xcomp", "ccomp")
        or (word.dep_ == "amod" and word.i > word.head.i)
        or (word.dep_ == "pobj" and word.head.lower_ == "as" and word.head.head.i == verb.i)
    )


def _not_yet(verb: Token) -> bool:
    """Whether the verb is what someone "has yet to" or "is yet to" do ("has yet to comment")."""
    head = verb.head
    return (
        verb.dep_ == "xcomp"
        and head.lemma_ in ("have", "be")
        and any(child.lower_ == "yet" for child in head.children)
    )


def _negated(verb: Token) -> bool:
    if any(child.dep_ == "neg" for child in verb.children):
        return True
    # "could neither confirm nor deny": the negation hangs on the first verb of the pair; "had not
    # declared the link, but denied receiving any payment" sets the second against the first.
    if verb.dep_ != "conj" or any(token.lower_ in ("but", "yet") for token in verb.doc[verb.head.i : verb.i]):
        return False
    return any(child.dep_ == "neg" for child in verb.head.children)


def _party(verb: Token) -> Span | None:
    """Who responds: the verb's speaker as quotes are given theirs, else a passive's subject
    ("The minister could not be reached")."""
    if verb.lemma_.lower() in ACCUSING_VERBS and any(child.dep_ == "nsubjpass" for child in verb.children):
        # a passive accusation is made by its agent, not by the one accused ("The agency was
        # accused by a charity of ..."), and without one by no one named
        accuser = next(iter(_accusers(verb)), None)
        if accuser is None:
            return None
        # (without what it accuses of: "councillors of hiding the audit")
        end = next(
            (
                t.i
                for t in accuser.children
                if t.i > accuser.i and t.dep_ == "prep" and t.lower_ in ("of", "for")
            ),
            accuser.right_edge.i + 1,
        )
        return verb.doc[accuser.left_edge.i : end]
    found = speaker_of_verb(verb, [])
    if found is not None:
        # (the resolver names "the farm's owner, Peter Hargreaves" by the name its aside gives)
        return without_fragment(found)
    passive = next((child for child in verb.children if child.dep_ == "nsubjpass"), None)
    if passive is None:
        return None
    # ("The ship's owner, a company registered in Cyprus, could not be reached": without the aside)
    return without_fragment(speaker_mention(passive))


def _clause(verb: Token, speaker: Span | None) -> tuple[int, int]:
    """Character bounds of the response's words: the verb's clause, without its speaker."""
    if _named_by_its_participle(verb):
        # "a finding rejected by the manager": the statement named is what the answer is about
        return verb.head.left_edge.idx, verb.head.idx + len(verb.head.text)
    # (without what the verb's conjoined or relative clauses go on to say: "denied paying anyone
    # and said ...", "by the owner, who said ...")
    aside = {
        token.i
        for child in verb.subtree
        if child.i != verb.i
        and (child.dep_ == "relcl" or (child.dep_ in ("conj", "cc") and child.head.i == verb.i))
        for token in child.subtree
    }
    tokens = [
        token
        for token in verb.subtree
        if token.i not in aside and (speaker is None or not (speaker.start <= token.i < speaker.end))
    ]
    tokens = [token for token in tokens if token.i >= verb.i or token.dep_ in ("neg", "aux", "auxpass")] or [
        verb
    ]
    first, last = min(tokens, key=lambda token: token.i), max(tokens, key=lambda token: token.i)
    if verb.dep_ == "relcl" and verb.head.i < first.i:
        first = verb.head.left_edge  # "a charge Ibarra rejected": the statement named, then its answer
    while last.i > first.i and last.is_punct:
        last = verb.doc[last.i - 1]
    return first.idx, last.idx + len(last.text)


# Pronouns that point back at what was said: "disputed that", "denied it", "the claim, which
# he denied", "They are false".
POINTING_PRONOUNS = frozenset({"that", "this", "it", "these", "those", "they", "which"})
# Nouns that name a statement someone can deny or confirm: the reporting nouns, and the words
# news uses for what was said or put about.
# The statement nouns that name an answer ("rejected the ministry's response"): what they name
# may be a denial or a confirmation, not only a claim.
ANSWER_NOUNS = frozenset(
    """
    response explanation rebuttal reply answer defence defense justification denial
    """.split()
)
STATEMENT_NOUNS = (
    REPORTING_NOUNS
    | ANSWER_NOUNS
    | frozenset(
        """
        accusation charge rumour rumor account version story finding figure figures suggestion
        speculation assessment characterisation characterization result data estimate forecast
        projection criticism concern complaint idea notion theory conclusion description portrayal
        interpretation narrative premise count tally toll total number numbers remark comment
        testimony observation contention
        """.split()
    )
)
