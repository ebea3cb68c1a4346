"""Attribution safety: a bite sentence never loses what makes it true or readable.

A sentence lifted out of an article can lean on its neighbour: "He added ...", "But Kyiv ...",
"The move ...", or a quotation whose speaker was named one sentence earlier. Such a sentence is
only chosen together with the sentences it leans on. And a claim that the article reports as
contested keeps its counter-claim: when the bite carries "Russia said it seized Toretsk", it also
carries "Kyiv denied it" (when the denial is someone's: an "I wouldn't say ..." whose speaker the
quote pass left unresolved is no one's answer to the claim).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsbite.model import Analysis

# Openings that point back: a pronoun subject or possessive, a demonstrative, a connective, or
# "The move/decision/..." naming an event told in the sentence before.
_LEANING_OPENING = re.compile(
    r"""(?:
        (?:He|She|It|They|His|Her|Its|Their|Them|This|These|That|Those|Such)\b
        |(?:But|And|However|Yet|Still|Also|Meanwhile|Instead|Nevertheless|Nonetheless|Moreover|Furthermore
            |Besides|Likewise|Similarly|Otherwise|Thus|Therefore|So)\b
        |The\s+(?:move|decision|step|announcement|statement|remarks?|comments?|attack|strike|incident|deal
            |agreement|report|claim|plan|proposal|change|latest|same|former|latter|pair|couple|two|three)\b
        |(?:Both|Neither|Either)\s+(?:men|women|sides|parties|countries|leaders)\b
    )""",
    re.VERBOSE,
)
# A quotation credited to a pronoun: "'...,' he added." names its speaker a sentence earlier.
_PRONOUN_SPEAKER = re.compile(
    r"""[,.?!…]["'”’]\s+(?:he|she|they|it)\s+(?:said|says|added|adds|told|continued|explained|insisted|wrote)\b""",
)
OPENING_QUOTE = tuple("\"'“‘«„")
REPORTING = re.compile(
    r"\b(?:said|says|told|tells|added|adds|according to|wrote|insisted|explained|asked|claimed|stated)\b"
)
# How many sentences back a chain of leaning sentences is followed before the candidate is given up.
MAX_CONTEXT = 2


def leans_on_previous(sentence: str) -> bool:
    """Whether the sentence needs the one before it to be understood or correctly attributed."""
    if _PRONOUN_SPEAKER.search(sentence):
        return True
    if sentence.startswith(OPENING_QUOTE):
        # A quotation is the speaker's own words, pronouns and all; it leans only when its
        # speaker is not in it (introduced before: "He said: ...").
        return not REPORTING.search(sentence)
    return bool(_LEANING_OPENING.match(sentence))


def with_context(sentences: Sequence[str], index: int) -> list[int] | None:
    """`index` preceded by the sentences it leans on, or None when its context runs too far back."""
    group = [index]
    while group[0] > 0 and leans_on_previous(sentences[group[0]]):
        if len(group) > MAX_CONTEXT:
            return None
        group.insert(0, group[0] - 1)
    return group


def counter_claim_sentences(
    sentence_spans: Sequence[tuple[int, int] | None], analysis: Analysis | None
) -> dict[int, int]:
    """For each sentence holding a claim that the article reports denied, the sentence of the denial.

    `sentence_spans` are each sentence's character span in `analysis.text` (None when unknown).
    """
    if analysis is None:
        return {}
    counters: dict[int, int] = {}
    for answer in analysis.claims:
        # (a confirmation or a refusal to comment contests nothing)
        denied = answer.contradicts
        if answer.stance != "denial" or denied is None or denied >= len(analysis.claims):
            continue
        if not _named(answer.party):
            continue  # a denial nobody is named for ("I wouldn't say ...") reads as no one's
        claimed_in = sentence_at(sentence_spans, analysis.claims[denied].start)
        denied_in = sentence_at(sentence_spans, answer.start)
        if claimed_in is not None and denied_in is not None and claimed_in != denied_in:
            counters.setdefault(claimed_in, denied_in)
    return counters


# Who a party is not, when it is all it says: a speaker the quote pass left unresolved.
_UNNAMED_PARTIES = frozenset({"i", "me", "we", "us", "you"})


def _named(party: str | None) -> bool:
    return party is not None and party.strip().lower() not in _UNNAMED_PARTIES


def sentence_at(sentence_spans: Sequence[tuple[int, int] | None], offset: int) -> int | None:
    """The index of the sentence whose span holds `offset`, if any."""
    for index, span in enumerate(sentence_spans):
        if span is not None and span[0] <= offset < span[1]:
            return index
    return None


def locate_sentences(sentences: Sequence[str], text: str) -> list[tuple[int, int] | None]:
    """Each sentence's span in `text`, found in reading order (None for one the text lacks)."""
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for sentence in sentences:
        start = text.find(sentence, cursor)
        if start < 0:
            spans.append(None)
            continue
        spans.append((start, start + len(sentence)))
        cursor = start + len(sentence)
    return spans
