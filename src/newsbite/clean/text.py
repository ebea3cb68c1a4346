"""Scraped plain-text dumps (like a page copied out of a browser) to articles."""

from __future__ import annotations

import re

from newsbite.clean.assemble import PageHints, assemble_article
from newsbite.clean.blocks import Block, is_a_row_of_items, is_result_line, starts_a_list, text_blocks
from newsbite.clean.byline import (
    KINDS_OF_PIECE,
    bare_byline_at,
    byline_names,
    closing_byline,
    credits_no_one,
    fields_of_a_meta_line,
    head_end,
    names_with_place_or_date,
    read_head,
    starts_the_byline,
)
from newsbite.clean.furniture import is_furniture
from newsbite.clean.normalize import normalize_text
from newsbite.clean.page_lines import (
    SourceProfile,
    drop_comments,
    drop_page_lines,
    drop_pull_quotes,
    drop_story_notes,
    drop_tail,
    is_date_line,
    is_page_line,
    is_prose,
    leads_in,
    mark_plain_crossheads,
    notes_the_writer,
    speaks_for_the_site,
)
from newsbite.model import Article, Document


def article_from_text(document: Document, profile: SourceProfile | None = None) -> Article:
    """The article in a text dump; ExtractionError when it holds no body text.

    `profile` holds the lines the document's source prints on its other pages (see page_lines).
    """
    blocks = text_blocks(normalize_text(document.content))
    headline, deck = _set_off_masthead(blocks, profile)
    byline, published, blocks = read_head(blocks, headline, deck)
    byline = byline or closing_byline(blocks)
    blocks = drop_page_lines(blocks, profile, headline, deck)
    hints = PageHints(title=headline, url=document.url, byline=byline, published=published, description=deck)
    return assemble_article(document.origin, blocks, hints, tidy=lambda kept: _tidy(kept, byline, headline))


def _tidy(blocks: list[Block], byline: str | None, headline: str | None) -> list[Block]:
    blocks = drop_tail(
        drop_story_notes(drop_tail(_without_flags_above(drop_comments(blocks, headline))), byline)
    )
    return mark_plain_crossheads(drop_pull_quotes(blocks))


# A flag or kicker in capitals above the story's first sentence ("PREMIUM", "RUGBY LEAGUE",
# "EXCLUSIVE"): the page's, since a crosshead comes after a paragraph.
_FLAG_MAX_WORDS = 3
_CAPTION_MIN_WORDS = 8


def _without_flags_above(blocks: list[Block]) -> list[Block]:
    # (the story begins with its first sentence, or with one that leads into its list: "Police
    # said the man faces three charges:")
    first = next(
        (
            i
            for i, block in enumerate(blocks)
            if (is_prose(block.text) and not starts_a_list(block.text)) or leads_in(block.text)
        ),
        0,
    )
    # A list before the story's first sentence is the page's summary of the story ("Key points",
    # "AI summary"), and the short line over it is its label.
    summary = {i for i in range(first) if starts_a_list(blocks[i].text)}
    label = min(summary) - 1 if summary else -1
    if label >= 0 and not is_prose(blocks[label].text) and len(blocks[label].text.split()) <= _FLAG_MAX_WORDS:
        summary.add(label)
    # A line of a picture's caption's length, unfinished, above the first sentence describes the
    # picture at the top of the story ("Farmers and their tractors outside the mill on Tuesday"):
    # a dateline, a flag or a heading is a few words.
    summary |= {
        i
        for i in range(first)
        if not is_prose(blocks[i].text)
        and not blocks[i].text.endswith(":")
        and len(blocks[i].text.split()) >= _CAPTION_MIN_WORDS
    }
    # A few words above the first sentence, unfinished, are the page's ("Subscriber only", "Save
    # article", "EXCLUSIVE"), as is a line that describes in a sentence's words ("The river at the
    # low crossing", "Add to reading list"); but a line in capitals right above it is a dateline
    # or the story's heading, and a result or a name in capitals the story's ("Clare 1-24 Limerick
    # 2-20", "Port Harcourt, Nigeria").
    return [
        block
        for i, block in enumerate(blocks)
        if i not in summary
        and not (
            i < first
            and (len(block.text.split()) <= _FLAG_MAX_WORDS or _describes(block.text))
            and not _the_story_s_opening(block.text)
            and not is_prose(block.text)
            and not leads_in(block.text)
            and not (i == first - 1 and block.text.isupper() and not _a_flag(block.text))
        )
    ]


# What a page flags a story as, or who may read it: never a dateline, whatever its capitals.
_FLAGS = frozenset({"premium", "subscriber", "subscribers", "members", "paid", "sponsored", "updated"})


def _a_flag(text: str) -> bool:
    words = text.lower().split()
    return bool(words) and all(word in _FLAGS | KINDS_OF_PIECE or word == "only" for word in words)


def _the_story_s_opening(text: str) -> bool:
    """Whether a few words above the first sentence are the story's: a dateline set apart ("SUVA,
    Fiji", "Tarrow, 4 March", "Nairobi, Kenya —"), a result ("Tarrow 2-1 Kestrel") or a letter's
    greeting ("Dear Editor,")."""
    dateline = ("," in text or text.rstrip().endswith((" —", " –", " -"))) and not any(
        word[:1].islower() for word in text.split()
    )
    return dateline or text.endswith(",") or is_result_line(text)


def _describes(text: str) -> bool:
    return any(word[:1].islower() for word in text.split()[1:])


# A banner's label: a few words before a colon, not a dateline's capitals ("Road report: ...").
_BANNER = re.compile(r"^(?:[A-Z][a-z]+(?: [A-Za-z]+){1,3}|[A-Z0-9][A-Z0-9-]*(?: [A-Z0-9-]+){1,3}): ")


def _set_off_masthead(blocks: list[Block], profile: SourceProfile | None) -> tuple[str | None, str | None]:
    """The headline and standfirst, where the page sets them off: an unfinished line and the
    page's first sentence, right above the byline, date or share lines. (None, None) elsewhere."""
    head = blocks[: head_end(blocks)]
    for i, block in enumerate(head):
        if (
            len(head) > 1
            and _BANNER.match(block.text)
            and not any(is_prose(above.text) for above in head[:i])
            and (i == 0 or _a_headline_below(head, i, profile))
        ):
            # (a labelled sentence over the masthead, or in it, is a banner: "Earthquake
            # information: ...", "CYCLONE SEASON 2024-25: No current warnings ...")
            continue
        # (nor is the writer's note in an author box: "Declan Rourke" / "Declan Rourke is a writer")
        notes = i > 0 and notes_the_writer(block.text, head[i - 1].text)
        # (a question under a line too short to head is the headline, not its deck: "In-Depth
        # Analysis" / "Can Ethiopia's new banking law lure foreign lenders?")
        asks = _one_question(block.text) and (i == 0 or _a_kicker(head[i - 1].text))
        if (
            is_prose(block.text)
            and not _is_head_line(block.text, profile)
            and not _title_cased(block.text)
            and not notes
            and not asks
        ):
            headline = blocks[i - 1].text if i else ""
            if (
                headline
                and (not is_prose(headline) or _title_cased(headline))
                and not _is_head_line(headline, profile)
                and _head_lines_follow(blocks[i + 1 :], profile)
            ):
                return headline, block.text
            head = head[:i]  # (past the first sentence the body has begun)
            break
    return _above_the_byline(head, profile)


def _a_headline_below(head: list[Block], i: int, profile: SourceProfile | None) -> bool:
    """Whether a line that could head stands below head[i] before the next sentence: a labelled
    sentence over it is a banner, where one under the headline is its deck ("Rachel Reeves: The
    budget will fix ...") or the story's dateline ("KUALA LUMPUR: ...")."""
    for block in head[i + 1 :]:
        if _is_head_line(block.text, profile):
            continue  # (a sponsor's line, a menu)
        if is_prose(block.text):
            return False
        if _could_head(block.text, profile):
            return True
    return False


# A headline is a line of some words, unfinished.
_HEADLINE_MIN_WORDS = 4


def _above_the_byline(head: list[Block], profile: SourceProfile | None) -> tuple[str | None, str | None]:
    """Where no sentence stands above the byline: the headline (and an unfinished standfirst
    under it) right above the first byline or date line that has them ("Hamad Al Rawahi |
    Muscat" under "Hundreds rescued as ..." and its deck). (None, None) when none does."""
    for i, block in enumerate(head):
        if i == 0 or not (_says_who_or_when(block.text) or bare_byline_at(head, i)):
            continue
        start = starts_the_byline(head, i)
        # (over a few lines too short to head that a page prints above its byline: "Save
        # article", "Subscriber only", "Analysis")
        short_lines = 0
        while (
            start > 0
            and short_lines < _LINES_OVER_THE_BYLINE
            and _over_the_byline(head[start - 1].text, profile)
        ):
            start, short_lines = start - 1, short_lines + 1
        above = [b.text for b in head[max(0, start - 2) : start]]
        if not above:
            continue
        if not _could_head(above[-1], profile):
            continue
        if len(above) == 2 and _could_head(above[0], profile):
            # two lines that could head are a headline and its deck, whichever is longer (a
            # kicker over a headline is too short to head: "Society")
            return above[0], above[1]
        return above[-1], None
    return None, None


def _says_who_or_when(text: str) -> bool:
    # (a relative time, "2 hours ago", says when as well)
    return any(
        (
            byline_names(text),
            is_date_line(text, placed=True),
            names_with_place_or_date(text),
            fields_of_a_meta_line(text),
        )
    )


# A headline may end with a full stop ("Let Teenagers Sleep. Start School at 9."), but its long
# words are capitalised, which a story's sentence's never all are.
_TITLE_MIN_WORDS = 4
_LONG_WORD = 4


def _title_cased(text: str) -> bool:
    words = [word for word in text.split() if len(word.strip(".,:;!?'\"‘’“”")) >= _LONG_WORD]
    return len(text.split()) >= _TITLE_MIN_WORDS and bool(words) and all(word[:1].isupper() for word in words)


def _a_kicker(text: str) -> bool:
    """A label over a headline naming the kind of piece ("In-Depth Analysis", "LONG READ"), or a
    line of the page; "Rovers Sack Holt" and "Crypto winter returns" are short headlines."""
    words = text.split()
    return len(words) < _HEADLINE_MIN_WORDS and (
        any(word.lower() in KINDS_OF_PIECE for word in words) or _is_head_line(text, None)
    )


# A headline may ask ("Can Ethiopia's new banking law lure foreign lenders?"): one question, of a
# headline's length.
_QUESTION_MAX_WORDS = 16


def _one_question(text: str) -> bool:
    return (
        text.endswith("?")
        and len(text.split()) <= _QUESTION_MAX_WORDS
        and not any(mark in text[:-1] for mark in ".?!")
    )


def _over_the_byline(text: str, profile: SourceProfile | None) -> bool:
    too_short_to_head = len(text.split()) < _HEADLINE_MIN_WORDS and not is_prose(text)
    return too_short_to_head or _is_head_line(text, profile)


def _could_head(text: str, profile: SourceProfile | None) -> bool:
    return (
        len(text.split()) >= _HEADLINE_MIN_WORDS
        and (not is_prose(text) or _title_cased(text) or _one_question(text))
        and not text.isupper()
        and not _is_head_line(text, profile)
        and not is_a_row_of_items(text)
    )


# Between a standfirst and the byline or date a page may print a few short labels or the
# author's bare name and role ("PREMIUM", "Lindiwe Khoza", "Markets editor").
_SHORT_HEAD_LINES = 3
# Above a byline a page may print a row of buttons, a line each ("Bookmark", "Share", "Comments").
_LINES_OVER_THE_BYLINE = 8
_SHORT_HEAD_LINE_WORDS = 4


def _head_lines_follow(blocks: list[Block], profile: SourceProfile | None) -> bool:
    for index, block in enumerate(blocks[: _SHORT_HEAD_LINES + 1]):
        if _is_head_line(block.text, profile) or bare_byline_at(blocks, index):
            return True
        if is_prose(block.text) or len(block.text.split()) > _SHORT_HEAD_LINE_WORDS:
            return False
    return False


_FURNITURE_LABEL_WORDS = 4


def _is_head_line(text: str, profile: SourceProfile | None) -> bool:
    return (
        bool(byline_names(text) or fields_of_a_meta_line(text) or credits_no_one(text))
        or is_page_line(text)
        # (a furniture label of a few words: "Source: Savannah Pay"; "Watch: Storm batters the
        # coast as thousands lose power" is a video story's headline)
        or (is_furniture(text) and len(text.split()) <= _FURNITURE_LABEL_WORDS)
        or speaks_for_the_site(text)
        or bool(profile and profile.holds(text))
    )
