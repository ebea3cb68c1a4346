"""Claims: attributed statements whose truth a party asserts, denies, confirms or will not address.

A claim is what a source says is so ("Russia said its forces had seized the town"); a denial
is a statement under a denying cue ("Kyiv denied Russia had full control"), linked to the
earlier claim it contradicts; "did not comment on whether ..." is a no-comment. Questions and
speech acts about things rather than propositions ("criticised the plan") are not claims.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsbite.model import Claim
from newsbite.understand.cues import CLAIM_VERBS, CONFIRMATION_VERBS, DENIAL_VERBS, NO_COMMENT_VERBS
from newsbite.understand.quotes import FoundQuote
from newsbite.understand.responses import stance_without_clause

_PROPOSITIONAL_FORMS = frozenset({"clause", "according", "noun", "quote", "infinitive"})
_STOP_WORDS = frozenset(
    """
    be have do the a an of to in on for and or that it its their his her
    """.split()
)


def find_claims(found: list[FoundQuote], responses: list[Claim] | None = None) -> list[Claim]:
    """Claims, denials, confirmations and refusals to comment, in text order, each answer linked
    to the claim it answers: from the quotes and reported statements, and the `responses` that
    point back at what was said (responses.py)."""
    claims: list[Claim] = []
    parts_seen: set[int] = set()
    for item in found:
        stance = _stance(item)
        if stance is None or item.quote.text.rstrip(" \"'\u201d\u2019").endswith("?"):
            continue
        if item.quote.attribution in parts_seen and stance == "claim":
            continue  # one claim per attribution: the other parts of a split quote belong to it
        parts_seen.add(item.quote.attribution)
        claims.append(
            Claim(
                party=item.quote.speaker,
                stance=stance,
                text=item.quote.text,
                start=item.quote.start,
                end=item.quote.end,
            )
        )
    claims = sorted([*claims, *(responses or [])], key=lambda claim: claim.start)
    for index, claim in enumerate(claims):
        if claim.stance != "claim":
            claim.contradicts = _contradicted(claim, claims[:index])
    return claims


def _stance(item: FoundQuote) -> str | None:
    cue = item.cue
    if cue is None:
        return "claim" if item.form in ("quote", "according") and item.quote.speaker else None
    if cue.lower_ == "according":
        return "claim"
    if item.form not in _PROPOSITIONAL_FORMS and not (
        item.form == "object" and _lemma(cue) in NO_COMMENT_VERBS
    ):
        # "rejected the allegation", "declined to comment": what it takes a stance on is no
        # proposition of its own, but a statement made before, or none at all ("confirmed the
        # arrests" stays a confirmation: what is confirmed is a fact someone stated).
        return stance_without_clause(cue)
    lemma = _lemma(cue)
    negated = _negated(cue)
    if lemma in NO_COMMENT_VERBS and negated:
        return "no_comment"
    if lemma in DENIAL_VERBS:
        return "claim" if negated else "denial"
    if lemma in CONFIRMATION_VERBS:
        return "denial" if negated and lemma != "confirm" else ("no_comment" if negated else "confirmation")
    if lemma in CLAIM_VERBS and item.form != "object":
        return "denial" if negated else "claim"
    return stance_without_clause(cue)  # "declined to say whether ...": a refusal, whatever follows


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _negated(cue: Token) -> bool:
    return any(child.dep_ == "neg" for child in cue.children)


def _contradicted(denial: Claim, earlier: list[Claim]) -> int | None:
    """The earlier claim an answer (a denial, confirmation or no-comment) answers: the one sharing
    most words, else the latest by another party."""
    candidates = [
        (index, claim)
        for index, claim in enumerate(earlier)
        if claim.stance == "claim" and claim.party != denial.party
    ]
    if not candidates:
        return None
    denial_words = _content_words(denial.text)
    best_index, best_overlap = None, 0.0
    for index, claim in candidates:
        words = _content_words(claim.text) | _content_words(claim.party or "")
        overlap = len(denial_words & words) / (len(denial_words) or 1)
        if overlap > best_overlap:
            best_index, best_overlap = index, overlap
    return best_index if best_index is not None else candidates[-1][0]


def _content_words(text: str) -> set[str]:
    words = {word.strip(".,;:!?\"'\u201c\u201d\u2018\u2019()").lower() for word in text.split()}
    return {word for word in words if len(word) > 2 and word not in _STOP_WORDS}
