"""Blocks: the headings and paragraphs a document is made of, before they become sections."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    """One paragraph, or a heading when `is_heading`."""

    text: str
    is_heading: bool = False


# A line ending without closing punctuation followed by one starting in lower case is a hard
# wrap inside a paragraph, not two paragraphs.
_OPEN_END = re.compile(r"[\w,;:\-–]$")
_LOWER_START = re.compile(r"^[a-z]")
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
# Body paragraphs end as sentences do (in the scripts NewsBite reads); decks and headlines usually
# don't.
_SENTENCE_END = re.compile(r"[.!?…。！？।؟][\"'”’»)\]]*$")
# Near-copies of a headline differ by a trailing full stop, a quote style or a word of case.
SAME_TEXT_RATIO = 0.9


# A credit on a line of its own: "By Jane Doe", "by Jane Doe". In lower case under the deck it is
# no wrapped sentence's end (a wrapped sentence ending so ends with its full stop).
_CREDIT_LINE = re.compile(r"^(?i:by) [A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}$")
_MORE_NAMES = re.compile(r"^(?:and|&|with) [A-Z]")


def text_blocks(text: str) -> list[Block]:
    """Paragraph blocks of a normalised text dump: one per line, hard-wrapped lines rejoined."""
    blocks: list[str] = []
    previous_blank = True
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if not line:
            previous_blank = True
            continue
        # (a credit in lower case on a line of its own, unless the sentence runs on past it: "by
        # Mayor Ana Ruiz" / "and the full council ...")
        following = lines[index + 1] if index + 1 < len(lines) else ""
        credit = _CREDIT_LINE.match(line) and not _LOWER_START.match(following)
        if (
            blocks
            and not previous_blank
            and _OPEN_END.search(blocks[-1])
            and _LOWER_START.match(line)
            and not credit
            # ("By Harvey Quill" / "published 3 days ago"; but "By Jane Holloway" / "and Tom Reyes")
            and not (_CREDIT_LINE.match(blocks[-1]) and not _MORE_NAMES.match(line))
        ):
            blocks[-1] = f"{blocks[-1]} {line}"
        else:
            blocks.append(line)
        previous_blank = False
    return [Block(text) for text in blocks]


def ends_as_sentence(text: str) -> bool:
    """Whether the text ends as a sentence does: a full stop, question or exclamation mark."""
    return bool(_SENTENCE_END.search(text))


# A result line: a few words and two scores or more ("Clare 1-24 Limerick 2-20"). Neither a
# crosshead nor a deck, whatever its form.
_RESULT_MAX_WORDS = 8
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")  # ("1,200" and "1.2" are one number each)


def is_result_line(text: str) -> bool:
    """Whether a short line reports a result: two numbers or more in a few words."""
    return len(text.split()) <= _RESULT_MAX_WORDS and len(_NUMBER.findall(text)) >= 2


def comparable(text: str) -> str:
    """Text folded for comparison: case, accents, punctuation and spacing ignored."""
    if len(text) > _REMEMBERED_CHARS:
        return _folded(text)
    return _remembered_fold(text)


def _folded(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return _NOT_ALPHANUMERIC.sub(" ", folded).strip()


# The masthead rules compare each of a page's first blocks with each of its titles, and repeats
# with their neighbours: one text is folded many times over. Headline-sized texts are remembered.
_REMEMBERED_CHARS = 1000
_remembered_fold = functools.lru_cache(maxsize=2048)(_folded)


def same_text(a: str, b: str) -> bool:
    """True when two texts are the same line printed twice, allowing small differences.

    Compares the words both share (Dice overlap of word multisets), which is linear in length
    and ignores what near-copies differ by: a word of punctuation, case or spacing.
    """
    left, right = comparable(a).split(), comparable(b).split()
    if not left or not right:
        return False
    if left == right:
        return True
    if sorted(word for word in left if word.isdigit()) != sorted(word for word in right if word.isdigit()):
        return False  # (lines that differ in a number say different things: "Race 1 ...", "Race 2 ...")
    if 2 * min(len(left), len(right)) < SAME_TEXT_RATIO * (len(left) + len(right)):
        return False  # too different in length for the overlap to reach the ratio
    shared = sum((Counter(left) & Counter(right)).values())
    return 2 * shared / (len(left) + len(right)) >= SAME_TEXT_RATIO


def drop_repeated_blocks(blocks: list[Block]) -> list[Block]:
    """The blocks with any block that repeats the one just before it kept once."""
    kept: list[Block] = []
    for block in blocks:
        if kept and kept[-1].is_heading == block.is_heading and same_text(kept[-1].text, block.text):
            continue
        kept.append(block)
    return kept


LIST_ITEM = re.compile(r"^(?:[-–•*]|\d+[.)])\s")


def starts_a_list(text: str) -> bool:
    """Whether a line is a list's item ("- Boil water", "1. Keep doors closed")."""
    return bool(LIST_ITEM.match(text))


# A headline and its deck are a phrase. A row or a widget of the page is known by a sign before a
# number in a line of few words of prose ("Share Tweet WhatsApp 💬 8 comments", "Rs 48.50 ▲1.05%")
# or by items a middle dot sets apart, short, one with a number ("Da Nang 23°C · Air quality:
# Moderate (AQI 62)"). A headline may hold a sign ("🎄 Christmas market returns with 80 stalls",
# "Fuel prices ▲ 12% in a month as drivers feel the pinch", a review's "★★★★").
PAGE_SIGNS = re.compile("[\u2190-\u21ff\u25a0-\u25ff\U0001f000-\U0001faff]")
_SIGN_BEFORE_A_NUMBER = re.compile(rf"(?:{PAGE_SIGNS.pattern})\ufe0f?\s*\d")
_ROW_DOT = " · "
_ROW_PROSE_WORDS = 4
_ROW_ITEM_WORDS = 5


def is_a_row_of_items(text: str) -> bool:
    """Whether a line is a row or a widget of the page, by its signs and dots (see above)."""
    if _SIGN_BEFORE_A_NUMBER.search(text):
        return sum(word[:1].islower() for word in text.split()) < _ROW_PROSE_WORDS
    items = text.split(_ROW_DOT)
    return (
        len(items) > 1
        and all(len(item.split()) <= _ROW_ITEM_WORDS for item in items)
        and any(character.isdigit() for character in text)
    )
