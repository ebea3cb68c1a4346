"""The top of a scraped page: site/section label, headline and standfirst, each kept once.

Scrapers often capture the headline and standfirst twice (once from the page header, once from
the article) and the site's section label above them. These are general rules over the first few
blocks, never a list of known sites.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsbite.clean.blocks import (
    Block,
    comparable,
    ends_as_sentence,
    is_a_row_of_items,
    is_result_line,
    same_text,
    starts_a_list,
)
from newsbite.clean.furniture import is_furniture
from newsbite.clean.page_lines import is_date_line

# The masthead sits in the first handful of blocks; past that everything is body.
_SEARCH_BLOCKS = 6
_NAMED_SEARCH_BLOCKS = 60
# A headline is one short line; a section label is a word or three ("World", "NewsBite").
_HEADLINE_MAX_WORDS = 30
_HEADLINE_MAX_CHARS = 250
_LABEL_MAX_WORDS = 3
_STANDFIRST_MIN_WORDS = 4


@dataclass(frozen=True)
class Masthead:
    """What stands above the body."""

    label: str | None = None
    headline: str | None = None
    standfirst: str | None = None


@dataclass(frozen=True)
class TitleHints:
    """What else says what the headline is.

    `title` is the page's own (its metadata): the headline even when the body does not print it.
    `names` are the other names the page gives the article (<title>, og:title, its first <h1>):
    a block matching one, or a contiguous part of one ("Headline | Site"), is the headline.
    `former_title` is another outlet's headline for the same story (a syndication footer's
    "Originally published as"): it picks out the headline line when one matches, nothing more.
    """

    title: str | None = None
    names: tuple[str, ...] = ()
    former_title: str | None = None
    description: str | None = None


def take_masthead(blocks: list[Block], hints: TitleHints) -> tuple[Masthead, list[Block]]:
    """The label, headline and standfirst at the top of `blocks`, and the body blocks after them.

    Without a headline among the blocks the page's title is the headline and the body starts at
    the first block.
    """
    title, description = hints.title, hints.description
    index = _headline_index(blocks, hints)
    if index is None:
        standfirst, body = _standfirst_from_description(blocks, description)
        return Masthead(None, title, standfirst), body
    label = _label_before(blocks[:index])
    headline = title if title and same_text(title, blocks[index].text) else blocks[index].text
    rest = blocks[index + 1 :]
    if len(rest) > 1 and _is_label_like(rest[0].text) and same_text(rest[1].text, headline):
        # the page's title bar, then its section label and headline: "Headline / Crime / Headline"
        label, rest = rest[0].text, rest[1:]
    rest = _skip_copies(rest, headline)
    standfirst, rest = _standfirst_after_headline(rest, description)
    if standfirst:
        rest = _skip_copies(rest, standfirst, headline)
    return Masthead(label, headline, standfirst), rest


def _headline_index(blocks: list[Block], hints: TitleHints) -> int | None:
    head = blocks[:_SEARCH_BLOCKS]
    known = [name for name in (hints.title, *hints.names, hints.former_title) if name]
    # (a headline the page names is found under however long a menu, but above the story's
    # first sentence: below it the name is the story's own words or a link's)
    for i, block in enumerate(blocks[:_NAMED_SEARCH_BLOCKS]):
        if any(same_text(block.text, name) or _is_part_of(block.text, name) for name in known):
            return i
        if i >= _SEARCH_BLOCKS and ends_as_sentence(block.text):
            break
    if hints.title:
        return None
    for i, block in enumerate(head[:-1]):
        if _is_headline_like(block.text) and same_text(block.text, head[i + 1].text):
            # A line printed twice right after a headline printed once is the standfirst.
            before = head[i - 1].text if i else ""
            return i - 1 if before and _is_headline_like(before) and not _is_label_like(before) else i
    if len(head) > 1 and _is_label_like(head[0].text) and _is_headline_like(head[1].text):
        return 1
    if head and _is_headline_like(head[0].text):
        return 0
    return None


def _label_before(blocks: list[Block]) -> str | None:
    labels = [block.text for block in blocks if _is_label_like(block.text)]
    return labels[-1] if labels else None


def _standfirst_after_headline(
    blocks: list[Block], description: str | None
) -> tuple[str | None, list[Block]]:
    if not blocks:
        return None, blocks
    candidate = blocks[0].text
    repeated = len(blocks) > 1 and same_text(candidate, blocks[1].text)
    described = description is not None and same_text(candidate, description)
    # A deck printed once is told from the first paragraph by not ending as a sentence does.
    unpunctuated_deck = (
        len(blocks) > 1
        and len(candidate.split()) >= _STANDFIRST_MIN_WORDS
        and not ends_as_sentence(candidate)
        and not is_result_line(candidate)  # ("Clare 1-24 Limerick 2-20" is the match's)
        and not is_a_row_of_items(candidate)  # ("Share Tweet WhatsApp 💬 8 comments")
        and not is_furniture(candidate)  # ("Gallery: All the action from Redcliffe Oval")
        and not starts_a_list(candidate)  # ("• Deal covers 21,000 workers": a box of key points)
        # (nor is the page's date under the headline, or a placeholder in brackets: "First
        # published 12 February 2025 · Last checked ...", "[Image hidden: ...]")
        and not is_date_line(candidate, placed=True)
        and not (candidate.startswith("[") and candidate.endswith("]"))
    )
    if repeated or described or unpunctuated_deck:
        return candidate, blocks[1:]
    return None, blocks


def _standfirst_from_description(
    blocks: list[Block], description: str | None
) -> tuple[str | None, list[Block]]:
    if blocks and description and same_text(blocks[0].text, description):
        return blocks[0].text, _skip_copies(blocks[1:], blocks[0].text)
    return None, blocks


def _skip_copies(blocks: list[Block], *texts: str) -> list[Block]:
    """Drop leading blocks that repeat any of `texts` (a headline or deck printed again)."""
    start = 0
    while start < len(blocks) and any(same_text(blocks[start].text, text) for text in texts):
        start += 1
    return blocks[start:]


# A headline inside a longer page title ("Headline | Site") has at least a few words of its own.
_MIN_TITLE_PART_WORDS = 3


def _is_part_of(text: str, name: str) -> bool:
    words = comparable(text)
    return len(words.split()) >= _MIN_TITLE_PART_WORDS and f" {words} " in f" {comparable(name)} "


def _is_headline_like(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= _HEADLINE_MAX_WORDS
        and len(text) <= _HEADLINE_MAX_CHARS
        and not text.endswith(".")
        and not is_a_row_of_items(text)
    )


def _is_label_like(text: str) -> bool:
    return 0 < len(text.split()) <= _LABEL_MAX_WORDS and not ends_as_sentence(text)
