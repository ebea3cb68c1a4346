"""Lines of a scraped page that are about the page, not the story: read from their form.

A story is told in sentences. What a site prints around and between them has forms of its own,
whatever its wording: a row of short items split by bars or slashes (share buttons, breadcrumbs,
menus), a line that is all date and time ("Updated 10:31am Mar 3, 2025", "4 min read"), a
credit ("Photo: Jane Li/Courier", with the caption above it), a copyright or contact line, a
list of topics, a count of comments. And a line the same source prints on its other pages (the
site's name, its newsletter box, its footer) is the source's, not the story's: `SourceProfile`.

Only lines without a sentence's ending are judged by form, except the few forms no story
sentence has (an e-mail address, a copyright sign, a credit), so that a story's sentence which
mentions a share price or an update is never taken for furniture.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from newsbite.clean.blocks import Block, comparable
from newsbite.clean.furniture import is_furniture

# --- by form -----------------------------------------------------------------------------------

# Items split by a bar, bullet, slash or angle bracket with space around: "Home / News / Courts".
_SEPARATOR = re.compile(r"\s+[|•·/>»]\s+|\s*[|•·]\s*")
_MAX_ITEM_WORDS = 4
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")

_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun"
)
# Words that only frame a date or a duration ("Published on ...", "Last updated ...", "4 min read").
_DATE_FRAME = (
    "published updated posted first last modified on at am pm a.m. p.m. ago today yesterday "
    "min mins minute minutes hour hours hr hrs day days week weeks read reading time listen "
    "estimated edited created date by the and of"
).split()
_DATE_WORDS = frozenset([*_MONTHS, *_WEEKDAYS.split(), *_DATE_FRAME])
# A time zone abbreviation ("GMT", "IST", "EST", "AEDT") is two to five capitals.
_TIME_ZONE = re.compile(r"^[A-Z]{2,5}$")
_TOKEN = re.compile(r"[A-Za-z]+(?:\.[a-z]\.)?|\d+")
_NUMERIC = re.compile(r"\d")

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_HANDLE = re.compile(r"(?:^|\s)@\w{2,}")
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)|\ball rights reserved\b", re.I)
# A credit names who made a picture: "Photo: X/Y", "Photograph: X", "(Photo by X/Y)", "Getty Images".
_CREDIT = re.compile(
    r"^\(?[^()]{0,40}?\b(?:photo|photograph|picture|image|images|credit|video|illustration|graphic)s?"
    r"(?:\s*[:/]|\s+by\b)"
    r"|(?:/|\b)(?:getty images|afp|ap|reuters|supplied|file)\)?$",
    re.I,
)
_CREDIT_MAX_WORDS = 14
# A caption is the line a credit follows; it describes a picture in a sentence or less.
_CAPTION_MAX_WORDS = 40
# A note that the story ran elsewhere first: "This article originally appeared on ...".
_SYNDICATION_NOTE = re.compile(
    r"^(?:this|the) (?:story|article|report|piece) (?:was )?(?:first|originally)"
    r" (?:appeared|published|ran)\b",
    re.I,
)
# "Topics: ...", "Tags: a | b", "Filed under: ...", "More on: ...".
_LABELLED_LIST = re.compile(r"^(?:topics|tags|filed under|more on|related topics|categories)\s*[:|]", re.I)
# "42 comments", "Comments (12)", "View 8 comments", "Join the conversation (17)".
_COUNT = re.compile(
    r"^(?:view\s+)?\(?\d+\)?\s+comments?$|^(?:comments|join the conversation)\s*\(\d+\)$", re.I
)


def is_page_line(text: str) -> bool:
    """True for a line whose form says it is about the page: see the module docstring."""
    words = text.split()
    if not words:
        return False
    if _EMAIL.search(text) or _COPYRIGHT.search(text) or _COUNT.match(text) or _LABELLED_LIST.match(text):
        return True
    if _SYNDICATION_NOTE.match(text):
        return True
    if len(words) <= _CREDIT_MAX_WORDS and _CREDIT.search(text):
        return True
    if _SENTENCE_END.search(text):
        return False
    return is_date_line(text) or _is_item_row(text) or bool(_HANDLE.search(text))


def is_date_line(text: str) -> bool:
    """A line of date, time and duration words only: "Published 21 November 2025", "4 min read"."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return False
    dated = False
    for token in tokens:
        lower = token.lower()
        if _NUMERIC.search(token) or lower in _MONTHS or lower in _WEEKDAYS.split():
            dated = True
        elif lower not in _DATE_WORDS and not _TIME_ZONE.match(token):
            return False
    return dated


def _is_item_row(text: str) -> bool:
    items = [item for item in _SEPARATOR.split(text) if item.strip()]
    return len(items) >= 2 and all(len(item.split()) <= _MAX_ITEM_WORDS for item in items)


def is_credit(text: str) -> bool:
    """A picture credit: "Photo: Liam Tuohy/Kestrel Bay Courier", "(Photo by X/Agency)"."""
    return len(text.split()) <= _CREDIT_MAX_WORDS and bool(_CREDIT.search(text))


# --- by repetition -----------------------------------------------------------------------------

# A line is the source's when it is printed on at least this share of the source's documents
# (and on two at least); documents that share most of their lines are copies of one story and
# count once, so a story carried twice never becomes its own source's furniture.
_PROFILE_SHARE = 0.5
_COPY_OVERLAP = 0.5


@dataclass(frozen=True)
class SourceProfile:
    """The lines one source prints on many of its pages, folded for comparison."""

    lines: frozenset[str] = frozenset()

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> SourceProfile:
        """The profile of one source's documents (their text, a line per block)."""
        documents: list[set[str]] = []
        for text in texts:
            lines = {folded for line in text.splitlines() if (folded := _profile_key(line))}
            if lines and not any(_overlap(lines, seen) > _COPY_OVERLAP for seen in documents):
                documents.append(lines)
        if len(documents) < 2:
            return cls()
        counts = Counter(line for lines in documents for line in lines)
        needed = max(2, _PROFILE_SHARE * len(documents))
        return cls(frozenset(line for line, count in counts.items() if count >= needed))

    def holds(self, text: str) -> bool:
        return _profile_key(text) in self.lines


def _profile_key(line: str) -> str:
    # Numbers are not folded: a series' headlines ("Day 3 of the trial") and two stories'
    # sentences that differ only in them are the stories', and the lines whose numbers change
    # from page to page (dates, counts, a footer's year) are known by their form.
    return comparable(line)


def _overlap(left: set[str], right: set[str]) -> float:
    return len(left & right) / min(len(left), len(right))


def drop_page_lines(blocks: list[Block], profile: SourceProfile | None = None) -> list[Block]:
    """The blocks without the page's lines: the source's own, page forms, and the caption above
    a credit."""
    kept: list[Block] = []
    for block in blocks:
        if is_credit(block.text) and kept and _is_caption(kept[-1]):
            kept.pop()
        if (profile and profile.holds(block.text)) or is_page_line(block.text) or is_furniture(block.text):
            continue
        kept.append(block)
    return kept


def is_prose(text: str) -> bool:
    """A sentence of the story's: it ends as sentences do."""
    return bool(_SENTENCE_END.search(text))


# Lines a site sets off after the story: a list of links, topics, a sign-off. A crosshead is
# followed by the story, so after the story's last sentence nothing short and unfinished is.
def drop_tail(blocks: list[Block]) -> list[Block]:
    """The blocks without the unfinished lines after the story's last sentence."""
    last = max((i for i, block in enumerate(blocks) if is_prose(block.text)), default=len(blocks) - 1)
    return blocks[: last + 1]


# A crosshead is a short phrase set between two of the story's paragraphs.
_CROSSHEAD_MAX_WORDS = 10
_LIST_ITEM = re.compile(r"^(?:[-–•*]|\d+[.)])\s")


def mark_plain_crossheads(blocks: list[Block]) -> list[Block]:
    """The blocks with each short unfinished line between two sentences made a heading."""
    marked = list(blocks)
    for i in range(1, len(blocks) - 1):
        text = blocks[i].text
        if (
            not blocks[i].is_heading
            and len(text.split()) <= _CROSSHEAD_MAX_WORDS
            and not is_prose(text)
            and not _LIST_ITEM.match(text)
            and is_prose(blocks[i - 1].text)
            and is_prose(blocks[i + 1].text)
        ):
            marked[i] = Block(text, is_heading=True)
    return marked


def _is_caption(block: Block) -> bool:
    # (a deck set without a full stop above a credit stays: captions are sentences)
    return not block.is_heading and len(block.text.split()) <= _CAPTION_MAX_WORDS and is_prose(block.text)
