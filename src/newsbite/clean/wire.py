"""Wire-agency residue: the sign-offs AFP, Reuters and AP end a story with, and their datelines.

Each sign-off is removed from the body and tells which agency wrote the story.
"""

from __future__ import annotations

import re

from newsbite.clean.blocks import Block

AFP, REUTERS, AP = "AFP", "Reuters", "AP"

# AFP's desk slug: lower-case initials of the writers and editors joined by - and /
# ("bur-cad-jbr/oc/jj", "sst-gv/jm").
_AFP_SLUG = re.compile(r"^[a-z]{2,5}(?:-[a-z]{2,5})*(?:/[a-z]{2,5}(?:-[a-z]{2,5})*)+$")
# Reuters' credit line is parenthesised, or at least names an editor after a semicolon.
_REUTERS_CREDIT = re.compile(
    r"^(?:\(\s*(?:additional )?(?:reporting|writing|compiled|editing) by\b.*\)"
    r"|(?:additional )?(?:reporting|writing) by\b[^.]*;\s*editing by\b.*)\.?$",
    re.I,
)
_AP_CONTRIBUTOR = re.compile(
    r"^(?:the )?associated press (?:writers?|reporters?|journalists?|correspondents?|videojournalists?)\b.*"
    r"\bcontributed(?: to)?(?: this)?(?: report(?:ing)?| story)?\.?$",
    re.I,
)
_AP_FOLLOW = re.compile(
    r"^(?:follow|read more of) (?:ap'?s|the ap'?s|associated press) .*(?:coverage|reporting)\b.*$", re.I
)
_AP_SUPPORT = re.compile(r"^the associated press receives .*support\b.*$", re.I)
_AGENCY_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?"
    r"(?P<agency>afp|agence france-presse|reuters|the associated press|associated press|ap)\b.*$",
    re.I,
)
_SEPARATOR = re.compile(r"^[\s_\-–—*=~#.•]+$")
_DATELINE = re.compile(r"^[^()]{0,80}\((?P<agency>AFP|Reuters|AP)\)\s*[-–—:]", re.U)

_AGENCY_NAMES = {
    "afp": AFP,
    "agence france-presse": AFP,
    "reuters": REUTERS,
    "ap": AP,
    "associated press": AP,
    "the associated press": AP,
}
# Sign-offs close the story, after at most a footer; only these last blocks are searched.
_TAIL_BLOCKS = 8


def signoff_agency(text: str) -> str | None:
    """The agency whose sign-off this line is, or None for an ordinary line."""
    if _AFP_SLUG.match(text):
        return AFP
    if _REUTERS_CREDIT.match(text):
        return REUTERS
    if _AP_CONTRIBUTOR.match(text) or _AP_FOLLOW.match(text) or _AP_SUPPORT.match(text):
        return AP
    if match := _AGENCY_COPYRIGHT.match(text):
        return _AGENCY_NAMES[match["agency"].lower()]
    return None


def take_wire_signoff(blocks: list[Block]) -> tuple[str | None, list[Block]]:
    """The agency named by the sign-off lines at the end, and the blocks without them.

    Separator lines left between the body and a sign-off ("___") go with it.
    """
    agency: str | None = None
    kept = list(blocks)
    tail_start = max(len(kept) - _TAIL_BLOCKS, 0)
    for index in range(len(kept) - 1, tail_start - 1, -1):
        found = signoff_agency(kept[index].text)
        if found:
            agency = agency or found
            del kept[index]
    while kept and _SEPARATOR.match(kept[-1].text):
        kept.pop()
    return agency, kept


_BYLINE_AGENCY = re.compile(
    r"\b(?P<agency>AFP|Agence France-Presse|Reuters|The Associated Press|Associated Press|AP)\b"
)


def byline_agency(byline: str | None) -> str | None:
    """The agency a byline credits ("AFP", "Lucy Tran, Reuters"), if any."""
    match = _BYLINE_AGENCY.search(byline or "")
    return _AGENCY_NAMES[match["agency"].lower()] if match else None


def agency_in_paragraphs(paragraphs: list[str]) -> str | None:
    """The agency a body names in its dateline or its closing sign-off, leaving the text as it is."""
    if not paragraphs:
        return None
    closing = (signoff_agency(paragraph) for paragraph in reversed(paragraphs[-_TAIL_BLOCKS:]))
    return dateline_agency(paragraphs[0]) or next((agency for agency in closing if agency), None)


def dateline_agency(first_paragraph: str) -> str | None:
    """The agency named in a dateline such as "LAGOS (Reuters) -" opening the story, if any."""
    match = _DATELINE.match(first_paragraph)
    return _AGENCY_NAMES[match["agency"].lower()] if match else None
