"""Wire datelines: the town a story opens with, in capitals, before a dash.

"GENEVA —", "KISUMU, Kenya —", "HANOI, Aug 25 -", "HAMILTON, New Zealand, Feb 22 (Reuters) -".
The parser reads a dateline as the start of the first sentence and hangs it on the sentence's
subject: "COLOMBO, Nov 11 - Sri Lanka's fisheries minister said ..." made "COLOMBO" the one who
said it, and "SINGAPORE, July 1 - Shipping company Straits Meridian" one long party. So the
pipeline marks the story's first word as a sentence start before the parser runs (the parser
keeps boundaries it is given), and places.py reads the town from the dateline's parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?"
# Each part is bounded, and none can match what the next begins with, so a failed match costs a
# pass over at most a line's start.
_DATELINE = re.compile(
    r"(?P<town>[A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3})"  # "PORT MORESBY", "ST. JOHN'S"
    r"(?:, (?P<area>[A-Z][a-z]+(?:[ -][A-Z][a-z.]+){0,3}))?"  # "New Zealand", "Jamaica", "Calif."
    r"(?:,? (?P<date>" + _MONTH + r" \d{1,2}))?"  # "Aug 25", "Sept. 3"
    r"(?: \((?P<agency>[A-Za-z][A-Za-z. ]{0,24})\))?"  # "(Reuters)", "(AP)"
    r" (?P<dash>—|–|--|-) "
    r"(?=[\"“‘']?[A-Z0-9])"  # (the story's first word: "OPEC - which pumps ..." is an aside)
)


@dataclass(frozen=True)
class Dateline:
    """A dateline's parts: the town's characters, the country or state named after it, whether
    it is dated, and where the story begins."""

    town_end: int
    area: str | None
    dated: bool
    story_start: int


def dateline(text: str) -> Dateline | None:
    """The dateline opening `text`, or None."""
    match = _DATELINE.match(text)
    if match is None:
        return None
    if match.group("dash") in ("-", "--") and not (match.group("area") or match.group("date")):
        return None  # a name and a hyphen alone open an aside as often ("HSBC - Britain's biggest bank -")
    return Dateline(match.end("town"), match.group("area"), match.group("date") is not None, match.end())


DATELINE_COMPONENT = "newsbite_dateline"
# More words than the longest dateline the pattern admits, with the story's first word after it.
_DATELINE_TOKENS = 40


@Language.component(DATELINE_COMPONENT)
def mark_the_story_start(doc: Doc) -> Doc:
    """Makes the first word after a dateline a sentence start, and the next no start, for the
    parser to keep."""
    found = dateline(doc[:_DATELINE_TOKENS].text)  # (the whole text would make a Token of every word)
    if found is not None:
        span = doc.char_span(found.story_start, found.story_start + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            doc[span.start].is_sent_start = True
            if span.start + 1 < len(doc):
                doc[span.start + 1].is_sent_start = False  # (no sentence of one word follows it)
    return doc
