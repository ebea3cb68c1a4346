"""Who wrote it and when, as a page prints it in lines of their own near the top.

Bylines come as "By Jane Doe and Sam Lee", "Words: Jane Doe", "Story by Jane Doe, Staff Writer",
"Jane Doe, Political Reporter" or "Jane Doe | @janedoe": the names are what is kept. Dates come as
"Published Friday 3 June 2016" or "Published: Apr 24, 2024, 8:15 am IST | Updated: ...": the first
publication is kept, never an update, a relative time ("2 hours ago") or a day still to come.
"""

from __future__ import annotations

import re
from datetime import date

import dateparser

from newsbite.clean.blocks import Block, starts_a_list
from newsbite.clean.page_lines import (
    is_credit,
    is_date_line,
    is_page_line,
    is_prose,
    notes_the_writer,
    speaks_for_the_site,
    without_the_place,
)

# Bylines follow the masthead directly; a "By ..." line further down is prose.
_SEARCH_BLOCKS = 3
_MAX_WORDS = 12
_BYLINE = re.compile(r"^(?:by|words by|written by|reporting by)\s+(?P<names>[A-Z\u00C0-\u024F].*?)\.?$", re.I)
# The head of a page (masthead, byline, dates, share rows) fits in its first blocks, not counting
# a menu's items set one a line ("News", "Comment", "Join the team").
HEAD_BLOCKS = 14
_MENU_ITEM_WORDS = 3


def head_end(blocks: list[Block]) -> int:
    """Where the head of a page ends: after its first HEAD_BLOCKS blocks of more than a menu
    item's words."""
    counted = 0
    story_begun = False  # (a short line inside the story counts: a list of roads is no menu)
    for index, block in enumerate(blocks):
        # (a cookie notice's or a banner's sentence about the page begins no story)
        story_begun = story_begun or (
            is_prose(block.text) and not is_page_line(block.text) and not speaks_for_the_site(block.text)
        )
        if story_begun or len(block.text.split()) > _MENU_ITEM_WORDS:
            counted += 1
            if counted > HEAD_BLOCKS:
                return index
    return len(blocks)


_NAME = r"[A-Z\u00C0-\u024F][\w'’.-]*"
# The lower-case words inside a person's name: "Ana de la Cruz", "Khalid bin Saeed".
_PARTICLE = r"(?:de|da|del|della|di|do|dos|das|du|van|von|der|den|ter|ten|la|le|bin|binti|ibn|al|el|y)"
_PERSON = rf"{_NAME}(?:\s+(?:{_PARTICLE}\s+)*{_NAME}){{1,3}}"
_NAMES = rf"{_PERSON}(?:\s+(?:and|&)\s+{_PERSON})*"
# Several authors: "Jane Doe, Sam Lee and Ali Khan", each perhaps where they filed from ("Jane
# Doe in Nairobi and Sam Lee in Kampala"); the places are not the byline's.
_FILED_FROM = rf"\s+in\s+{_NAME}(?:\s+{_NAME})?"
# Where a credited author reported from: "By X at the National Stadium" (a bare "X at Southwark
# Crown Court" is a caption's).
_AT_PLACE = re.compile(rf"\s+at\s+(?:the\s+)?{_NAME}(?:\s+{_NAME}){{0,2}}$")
_AUTHOR = rf"{_PERSON}(?:{_FILED_FROM})?"
_ONE_AUTHOR = re.compile(_AUTHOR)
_AUTHORS = re.compile(rf"{_AUTHOR}(?:,\s+{_AUTHOR})*(?:,?\s+(?:and|&)\s+{_AUTHOR})?")
# What a kicker over a headline names: the kind of piece ("In-Depth Analysis", "LONG READ"); a
# credit may name it before "by" ("Exclusive by Liam Gonzalez", "Interview by Ana Ruiz").
KINDS_OF_PIECE = frozenset(
    """
    analysis opinion explainer exclusive interview review feature read comment insight investigation
    podcast video live breaking report column editorial profile in-depth
    """.split()
)
# (a clip's or a picture's credit is not the writer's: "Video by Tom Bell", "Podcast by ..."; and
# "Investigation by Tarrow Council" is a headline's news)
_NOT_WRITTEN = frozenset({"read", "video", "podcast", "live", "breaking", "investigation", "profile"})
_PIECE_BY = "|".join(sorted(map(re.escape, KINDS_OF_PIECE - _NOT_WRITTEN), key=len, reverse=True))
_CREDIT_PREFIX = re.compile(
    r"^(?:(?:(?:words|text|story) and (?:pictures|photos|photographs)(?: by|:)|by|words(?: by)?|"
    r"story(?: by)?|"
    r"(?:written|reported|posted|compiled|contributed|submitted|filed) by|reporting(?: by)?|report(?: by)?|"
    r"text(?: by)?|author|reporter|"
    rf"(?:{_PIECE_BY}|commentary|an? (?:analysis|column|commentary)) by)\s*:?\s+"
    # (a label of the credit's own in the plural or a word of another use takes its colon:
    # "Reporters Without Borders condemns ...", "Writers Guild ratifies ...")
    r"|(?:authors|reporters?|writers?|contributors?|byline)\s*:\s*)",
    re.I,
)
# What follows the names: a role ("Political Reporter", "Staff Writer") or a handle.
_ROLE_WORDS = re.compile(
    r"\b(?:reporter|editor|correspondent|writer|journalist|columnist|staff|producer|contributor|"
    r"critic|analyst|photographer|desk|chief|presenter|commentator)s?\b",
    re.I,
)
_DESK = re.compile(r"\b(?:desk|staff|team|newsroom|bureau|editorial board|press release)\b", re.I)
# An outlet or agency credited beside the names is no author: "Jane Doe, Associated Press".
_NO_PERSON_WORDS = re.compile(r"\b(?:press|news|times|agency|service|bureau|media|group|post)\b", re.I)
# ("By Tom Press" is a man, but the agencies' press is the commoner credit)
_AGENCY_WORDS = re.compile(r"\b(?:news|press|agency|service|wire)\b", re.I)
_AFTER_NAMES = re.compile(r" ?[,|–—·•;/-] ?(?P<rest>.*)$")
# A role after each of several names: ", Political Correspondent" before ", and" or the end.
_ROLE_BETWEEN_NAMES = re.compile(
    r",\s+(?:[A-Z][\w'-]*\s+){0,3}(?:reporter|editor|correspondent|writer|journalist|columnist|producer"
    r"|contributor|critic|analyst|photographer|presenter|commentator)s?,?(?=\s+(?:and|&)\s|$)",
    re.I,
)
_MAX_ROLE_WORDS = 4


def take_byline_line(blocks: list[Block]) -> tuple[str | None, list[Block]]:
    """The names of a "By ..." line among the first body blocks, and the blocks without it."""
    for index, block in enumerate(blocks[:_SEARCH_BLOCKS]):
        match = _BYLINE.match(block.text)
        # (and names a byline's way: "By Friday, the backlog had grown" is the story's)
        short = len(block.text.split()) <= _MAX_WORDS
        if match and short and not block.is_heading and byline_names(block.text):
            return match["names"].strip(), blocks[:index] + blocks[index + 1 :]
    return None, blocks


# The pronouns an author gives beside their name ("Ffion Rees (she/her)") and the role a "By"
# puts before it ("By Court Reporter Aoife McKeown") are no part of the names.
_PRONOUNS = re.compile(r"\s*\((?:she|he|they|ze|xe)/\w+\)", re.I)
_ROLE_BEFORE = re.compile(
    r"^(?:[A-Z][\w'-]*\s+){0,2}(?:reporter|editor|correspondent|writer|journalist|columnist|producer"
    r"|photographer|analyst|critic)\s+(?=[A-Z])",
    re.I,
)


def byline_names(text: str) -> str | None:
    """The names a byline line credits, or None when the line is not a byline."""
    text = _PRONOUNS.sub("", text)
    credits = _CREDIT_SENTENCE.findall(text)
    if len(credits) > 1 and "".join(credits) == text.strip() and any(map(_NEWSROOM_CREDIT.match, credits)):
        # a newsroom's line of credits, a sentence each ("Reporting: Aalin Kewley. Editing: Juan
        # Corlett."): the writer's is the byline (a song's or a book's credits are not the
        # story's: "Music: Tom Bell. Words: Ana Ruiz.", "Author: Ruth Mays. Publisher: ...")
        return next(
            filter(None, (byline_names(credit.strip().removesuffix(".")) for credit in credits)), None
        )
    # (who the writer is, after a comma, may run long: "By Jordan Blakely, a senior reviewer covering
    # phones, wearables and the occasional smart ring.")
    credit, comma, who = text.partition(", ")
    if comma and _CREDIT_PREFIX.match(credit) and _WHO_THEY_ARE.match(who):
        return byline_names(credit)
    if len(text.split()) > _MAX_WORDS or (text.rstrip().endswith((".", "!", "?")) and "," not in text):
        return None
    prefixed = _CREDIT_PREFIX.match(text) or _ROLE_OVER_NAMES.match(text)
    rest = text[prefixed.end() :] if prefixed else text
    if prefixed and (role := _ROLE_BEFORE.match(rest)) and _authors(rest[role.end() :]):
        rest = rest[role.end() :]
    if prefixed:
        rest = _WITH_HELP.sub("", _AT_PLACE.sub("", rest))
        # (each name with its role: "By Harriet Pell, Political Correspondent, and Sam Okafor,
        # Home Affairs Editor")
        rest = _ROLE_BETWEEN_NAMES.sub("", rest)
    # (a credit in the plural lists its authors: "Authors: Jane Doe, Sam Lee"; "By Jane Doe, Makai
    # Current" credits one and her outlet)
    plural = bool(prefixed) and prefixed.group().rstrip(": ").lower().endswith("s")
    names = _authors(rest, plural=plural) or (
        re.match(r"[A-Z]+(?:\s+[A-Z]+){1,3}\b", rest)
        if prefixed and not _NO_PERSON_WORDS.search(rest)
        else None
    )
    if names is None:
        return None
    # ("Report: Tarrow Rovers Sack Manager" is a headline: a report's credit names a person or two)
    if (
        prefixed
        and prefixed.group().lower().startswith("report")
        and any(len(one.split()) > 3 for one in _each_name(names.group()))
    ):
        return None
    after = rest[names.end() :]
    if prefixed and (_AGENCY_AFTER.fullmatch(after) or _ADDRESS_AFTER.fullmatch(after)):
        return _without_places(names.group())  # "By Jane Doe (AFP)", "By Jane Doe jane@courier.example"
    role = _AFTER_NAMES.match(after)
    if prefixed and role and published_date(role["rest"]):
        return _without_places(names.group())  # "Written by Jane Doe · 4 March 2025"
    if prefixed and role and _facts_of_the_writer(role["rest"]):
        # "By Dana Whitfield | dwhitfield@courier.example | Marlow County Courier", "By Jordan
        # Blakely, a senior reviewer covering phones and wearables."
        return _without_places(names.group())
    if role and (len(role["rest"].split()) > _MAX_ROLE_WORDS or is_prose(text)):
        return None  # "Downing Street, which briefed staff, declined to comment." is a sentence
    if prefixed and (not after.strip() or role or published_date(after)):
        return _without_places(names.group())  # "Posted by Jane Doe on 4 March 2025"
    if role and (
        _ROLE_WORDS.search(role["rest"])
        or role["rest"].startswith("@")
        or _NO_PERSON_WORDS.search(role["rest"])
    ):
        return _without_places(names.group())  # ("Jane Doe, Nairobi Times": an outlet)
    return None


# The newsroom's roles beside the writer's in a line of credits.
_NEWSROOM_CREDIT = re.compile(
    r"\s*(?:editing|edited by|editor|photos|photography|pictures|video|graphics|design|production"
    r"|research|additional reporting|fact-checking|data)\s*:",
    re.I,
)
# A credit of its own: a label of a word or two, a colon, names, a full stop.
_CREDIT_SENTENCE = re.compile(r"\s*[A-Z][a-z]+(?: [a-z]+)?: [^.:]+(?:\.|$)")
_AGENCY_AFTER = re.compile(r"\s*\([^()\d]{1,30}\)\s*")
_WHO_THEY_ARE = re.compile(
    r"^(?:a|an|the|our)\s+(?:\w+\s+){0,2}(?:reporter|editor|correspondent|writer|journalist|"
    r"columnist|reviewer|critic|analyst|producer|contributor|presenter)s?\b",
    re.I,
)


def _facts_of_the_writer(text: str) -> bool:
    """Whether what follows a credited name is only about the writer: their address, handle,
    outlet or role, between bars, or who they are after a comma ("a senior reviewer covering ...")."""
    if _WHO_THEY_ARE.match(text):
        return True
    parts = [part for part in re.split(r"\s*[|·•]\s*", text.strip()) if part]
    # (an outlet or a place by its name: "Marlow County Courier")
    named = [part for part in parts if len(part.split()) <= _OUTLET_MAX_WORDS and part.istitle()]
    return bool(parts) and all(
        part in named or re.fullmatch(_ADDRESS, part) or _is_role(part) or published_date(part)
        for part in parts
    )


# A role's word over names of two or three words each, to the line's end: "Writer Jane Holloway",
# "Reporters Jane Holloway and Tom Reyes" ("Reporters Without Borders Condemns Arrest" heads).
_NAME_OF_TWO_OR_THREE = r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){1,2}"
_ROLE_OVER_NAMES = re.compile(
    rf"^(?:writers?|reporters?)\s+(?=(?:{_NAME_OF_TWO_OR_THREE})(?:(?:,| and| &) {_NAME_OF_TWO_OR_THREE})*$)",
    re.I,
)
# A writer's handle or e-mail address: "@janedoe", "jane.doe@courier.example".
_ADDRESS = r"(?:@\w+|[\w.+-]+@[\w-]+\.[\w.-]+)"
_ADDRESS_AFTER = re.compile(rf"\s+{_ADDRESS}\s*")
# A correspondent's line may say who filed from where: "From Sipho Dlamini in Durban".
_FROM_WHERE_FILED = re.compile(r"^From\s+(?=(?:[A-Z][\w'’-]*\s+){1,4}in\s+[A-Z])")
_HANDLE_AFTER = re.compile(r"\s+\(?@\w+\)?\s*$")  # ("Yonas Getachew @YonasG", "Tatenda Moyo (@TMoyo)")
# Who helped a credited author: "By Jane Doe with agencies", "By Jane Doe, with additional reporting
# by Sam Lee".
_WITH_HELP = re.compile(
    r",?\s+(?:with\s+(?:agencies|wires|(?:additional|extra)\s+reporting\b.*|[A-Z]{2,5})|and\s+(?:agencies|wires)"
    # (or whom they wrote for: "By Rebecca Thorne for Dailypulse", "By Jane Doe for the Ledger")
    r"|(?i:for)\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})$"
)


def _authors(text: str, plural: bool = False) -> re.Match[str] | None:
    """The run of authors' names opening `text`. A list with commas ends with "and" ("Jane Doe,
    Sam Lee and Ali Khan"), with the outlet all of them share ("A, B / Saimaa News") or, under a
    credit in the `plural` ("Authors: A, B"), with the line; else what follows the first comma is
    the role or outlet ("Jane Doe, Chicago Tribune")."""
    found = _AUTHORS.match(text)
    if found is None or text.startswith("Our "):
        return None
    # A desk's credit names no one ("Written by Sports Desk", "Our Correspondent"), nor does a
    # role's or an agency's ("Sports Editor", "Orchid Tribune Correspondent", "Pacific News
    # Service"); a role's title before a name is the person's ("Chief Ana Obi").
    first = re.match(_PERSON, text).group()
    if _DESK.search(first) or _ROLE_WORDS.fullmatch(first.split()[-1]) or _AGENCY_WORDS.search(first):
        return None
    names = found.group()
    # (the list runs to the line's end, or to the outlet or role all of them share: "Aino
    # Kettunen, Mikko Rautio / Saimaa News")
    shared_by = _AFTER_NAMES.match(text[found.end() :])
    listed = (
        shared_by is not None
        and len(shared_by["rest"].split()) <= _MAX_ROLE_WORDS
        and bool(_ROLE_WORDS.search(shared_by["rest"]) or _NO_PERSON_WORDS.search(shared_by["rest"]))
    ) or (plural and not text[found.end() :].strip())
    if "," in names and not listed and not re.search(r"\s(?:and|&)\s", names.rsplit(",", 1)[1]):
        return _ONE_AUTHOR.match(text)
    each = _each_name(names)
    if any(_ROLE_WORDS.search(name) or _NO_PERSON_WORDS.search(name) for name in each[1:]):
        return _ONE_AUTHOR.match(text)
    return found


def _each_name(names: str) -> list[str]:
    """The names of a list of them: "Jane Doe, Sam Lee and Ali Khan"."""
    return re.split(r",\s+|,?\s+(?:and|&)\s+", names)


def _without_places(names: str) -> str:
    return re.sub(_FILED_FROM, "", names).strip()


# Words that say a date line is not the first publication.
_LATER = re.compile(r"^\s*(?:updated|last (?:updated|modified)|modified|edited)\b", re.I)
_RELATIVE = re.compile(r"\b(?:ago|today|yesterday)\b", re.I)
_FRAME = re.compile(
    r"\b(?:(?:first|originally)\s+)?(?:published|posted|created|date|on|at|kl\b\.?|uhr)\b:?", re.I
)
# (a dash between spaces parts a day from a read time too: "20 Feb 2025 — 8 min read", though not
# from its own time, which parses with it: "12 March 2025 — 9:14am")
_PART = re.compile(
    r"[|•·]|,\s*(?=(?:updated|last updated|modified|edited)\b)"
    r"|\s[—–-]\s(?=\d+\s*(?:min|minute)s?\b)|(?<=\bread)\s[—–-]\s|\s(?=\d[\d,.]*\s*views?\b)",
    re.I,
)
# A day written in numbers, day or year first ("21.5.2025", "04/03/2025", "2025.03.04", and with
# dots a year of two digits: "02.03.25"): read day first, as most of the world writes it, unless
# the year leads. ("3/11/25" and "03.04.25 at 7:15 p.m." are as often American: left to the parser.)
_NUMERIC_DAY = re.compile(
    r"\b(?:\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{1,2}\.\d{1,2}\.\d{2}(?!\d)(?!.*\b[ap]\.?m\b)"
    r"|(?P<year>\d{4})[./-]\d{1,2}[./-]\d{1,2})\b",
    re.I,
)
# A time written the French or Portuguese way: "14h20".
_H_TIME = re.compile(r"\b(\d{1,2})h(\d{2})\b")
_MAX_DATE_LINE_CHARS = 200


# The United States writes the month first; its time zones say a line is American.
_US_TIME_ZONE = re.compile(r"\b(?:E|C|M|P|AK|H)[SD]?T\b")


def _numeric_order(numeric: re.Match[str], text: str) -> str:
    if numeric["year"]:
        return "YMD"
    return "MDY" if _US_TIME_ZONE.search(text) else "DMY"


def published_date(text: str, today: date | None = None) -> str | None:
    """The first-publication day a date line prints (ISO 8601), or None."""
    if len(text) > _MAX_DATE_LINE_CHARS or not is_date_line(text, placed=True):
        return None
    text = without_the_place(text)
    for part in _PART.split(text):
        if not part.strip() or _LATER.match(part) or _RELATIVE.search(part):
            continue
        numeric = _NUMERIC_DAY.search(part)
        order = {} if numeric is None else {"DATE_ORDER": _numeric_order(numeric, text)}
        moment = dateparser.parse(
            _H_TIME.sub(r"\1:\2", _FRAME.sub(" ", part)),
            languages=["en"],
            # a day, a month and a year, all printed: "5" or "March 2024" is no publication day
            settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"], **order},
        )
        if moment is None and (written := _A_DAY.search(part)) is not None:
            # (a day among other words the parser will not skip: "Thursday 25 January 2024 22:30,
            # UK", "June 14, 2023 6:18 PM 2 min read", "PUBLISHED : 8 Mar 2019 at 15:42")
            moment = dateparser.parse(
                written.group(), languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"}
            )
        if moment is not None and moment.date() <= (today or date.today()):
            return moment.date().isoformat()
    return None


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_A_DAY = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})\b",
    re.I,
)


def read_head(
    blocks: list[Block], headline: str | None = None, deck: str | None = None
) -> tuple[str | None, str | None, list[Block]]:
    """The byline and first-publication date printed among the first blocks, and the blocks
    without the lines that gave them. A bare name is a byline only below the `headline` (above
    it, two capitalised words are likelier a section's name: "Local News") and above the story's
    first sentence under the `deck` (below it, "Ana Ruiz (Labour)" is a candidate in a list)."""
    byline = published = None
    kept: list[Block] = []
    skip = set()
    below = next((i for i, block in enumerate(blocks) if block.text == headline), None) if headline else None
    # (a credit, "By Jane Doe", names the author over a bare name elsewhere in the head, which may
    # be a topic's or a caption's: "Donald Trump · 4 min read", "Anthony Albanese, pictured in ...")
    end = head_end(blocks)
    credited = any(
        _CREDIT_PREFIX.match(block.text) and byline_names(block.text)
        for block in blocks[:end]
        if not block.is_heading
    )
    page_names = _page_names(blocks[: below if below is not None else end])
    story_begun = False
    for index, block in enumerate(blocks):
        if index in skip:
            continue
        story_begun = story_begun or _begins_the_story(block.text, below is None or index > below, deck)
        if index < end and not block.is_heading:
            if not story_begun and credits_no_one(block.text):
                # "By Pacific News Service", "The Examiner Editorial Board": no one's byline (but
                # perhaps the day: "Posted by: admin on July 18, 2024")
                published = published or _date_beside_names(block.text)
                continue
            if byline is None and (names := byline_names(block.text)):
                byline, published = names, published or _date_beside_names(block.text)
                skip.update(_role_lines_after(blocks, index))  # "By Jane Doe", "Health Correspondent"
                continue
            bare = byline is None and not credited and below is not None and index > below and not story_begun
            # (where no headline was found above it, a bare name is a byline only with both its
            # role and the date under it)
            unplaced = byline is None and not credited and below is None
            if (bare and (role := _bare_name_above(blocks, index)) is not None) or (
                unplaced and (role := _bare_name_above(blocks, index, dated=True)) is not None
            ):
                byline = _names_of_a_name_line(block.text)
                if kept and byline and _pictures(kept[-1].text, byline):
                    kept.pop()  # the author's picture: "Profile photo of Hafiz bin Rahman"
                skip.update(range(index + 1, role))
                continue
            if bare and (fields := fields_of_a_meta_line(block.text)) is not None:
                byline, published = fields[0], published or fields[1]
                continue
            # (a picture's credit names its photographer so, "Lars Berg/Nordby Courier": a byline
            # only with the date under it)
            credit_only = (
                "/" in block.text
                and is_credit(block.text)
                and not any(
                    0 <= beside < len(blocks) and is_date_line(blocks[beside].text, placed=True)
                    for beside in (index - 1, index + 1, index + 2)
                )
            )
            if bare and not credit_only and (names := names_with_place_or_date(block.text, page_names)):
                byline, published = names, published or _date_beside_names(block.text)
                continue
            published = published or published_date(block.text)
            # The page's date line after its place ("Mumbai, Jan 17, 2025") is no page form alone:
            # it goes here. (A place in capitals opens a wire's story: "KANO, Nigeria, March 11,
            # 2025 -".)
            capitals = "," in block.text and block.text.split(",")[0].isupper()
            placed = not is_date_line(block.text) and is_date_line(block.text, placed=True)
            if not story_begun and placed and not capitals:
                continue
        kept.append(block)
    return byline, published, kept


_MASTHEAD_WORDS = 6


def _page_names(blocks: list[Block]) -> frozenset[str]:
    """The names the page gives itself among these blocks (its masthead's short lines, as
    `name_key` gives them), which a byline may name as its outlet."""
    return frozenset(
        name_key(block.text)
        for block in blocks
        if len(block.text.split()) <= _MASTHEAD_WORDS and not is_prose(block.text)
    )


# Where no byline heads the page, who wrote it may close it: "(Japanese original by Haruka
# Nishimura, Kushiro Bureau)", "Reporting by Jane Doe in Nairobi; Editing by Tom Lee". Who added
# to it ("Additional reporting by ...") or edited it did not write it, and "Written by Sarah
# Kane, directed by ..." under a review credits the play.
_CLOSING_CREDIT = re.compile(
    # (a bare "By" only in brackets, as wires close with it: "(By Hsu Mei-ling and Chang Wei-jie)")
    r"^(?:\(?(?:(?:\w+ )?original(?: story)?|reporting) by (?P<names>.+?)\)?|\(by (?P<bracketed>[^()]+)\))$",
    re.I,
)
_CLOSING_BLOCKS = 8
# The label over an author's box under the story: "About the author", "Author", "The writer".
_AUTHOR_BOX_LABEL = re.compile(r"^(?:about the (?:author|writer)|(?:the )?(?:author|writer)s?)\s*:?$", re.I)
_MASTHEAD_BLOCKS = 3
_HELPERS_CREDIT = re.compile(
    r"\s*(?:additional reporting|reporting|writing|editing|edited|translated|translation) by\b", re.I
)
_CLOSING_MAX_WORDS = 30  # ("Reporting by X and Y in Z; Writing by W; Editing by V and U")


def closing_byline(blocks: list[Block]) -> str | None:
    """The names a credit among the last blocks gives as the story's writers, or None; else the
    author's box under the story (a bare name over the writer's note: "Ines Carvalho" / "Ines
    Carvalho is a reporter based in Faro"); else the writers' names signed in capitals under the
    story's last sentence ("HOAI THU - DUC MINH")."""
    closing = blocks[-_CLOSING_BLOCKS:]
    for block in closing:
        found = _CLOSING_CREDIT.match(block.text.strip())
        if found is None or len(block.text.split()) > _CLOSING_MAX_WORDS:
            continue
        if found["bracketed"]:
            # (names alone, or with who edited them: "(By Sally Rooney; Faber; 448 pages)" closes
            # a review of her book)
            first, *others = found["bracketed"].split(";")
            names = _authors(first.strip())
            if (
                names is not None
                and names.group() == first.strip()
                and all(_HELPERS_CREDIT.match(other) for other in others)
            ):
                return names.group()
            continue
        names = _authors(re.split(r";|\)", found["names"])[0])
        if names is not None:
            return _without_places(names.group())
    outlets = _page_names(blocks[:_MASTHEAD_BLOCKS])
    for index in range(max(1, len(blocks) - _CLOSING_BLOCKS), len(blocks) - 1):
        name = _names_of_a_name_line(blocks[index].text)
        note = blocks[index + 1].text
        # (the note may call the writer by the first name: "Ioana is a senior reporter ...")
        if not name or " and " in name:
            continue
        if not any(notes_the_writer(note, called) for called in (name, name.split()[0])):
            continue
        # A box of the writer's, not a paragraph of the story on a writer (an obituary, a
        # festival's line-up): under its label or the writer's picture, or naming the outlet.
        above = blocks[index - 1].text
        boxed = _AUTHOR_BOX_LABEL.match(above) or _pictures(above, name)
        if boxed or any(
            re.search(rf"\b{re.escape(outlet)}\b", name_key(note)) for outlet in outlets if outlet
        ):
            return name
    return _signed_off(blocks)


_SECTION_WORDS = frozenset(
    """
    news sport sports world business opinion politics local reports report court courts markets
    lifestyle entertainment national international home latest live weather travel health
    """.split()
)
# Names in capitals, two to four words each, several joined by a dash: "HOAI THU - DUC MINH".
_CAPITAL = "A-Z\u00c0-\u024f"
_CAPITAL_NAME = rf"[{_CAPITAL}][{_CAPITAL}'’.-]+(?: [{_CAPITAL}][{_CAPITAL}'’.-]+){{1,3}}"
_SIGN_OFF = re.compile(rf"^{_CAPITAL_NAME}(?: [-–] {_CAPITAL_NAME})*$")
# The words of a page's own labels in capitals ("MOST READ", "MORE NEWS"): no writer's name.
_PAGE_LABEL_WORDS = _SECTION_WORDS | frozenset(
    "more most read related top stories popular trending see also watch video follow share".split()
)


_HEADLINE_WORDS = 6  # (a linked headline's least: what a label in capitals would head)


def _signed_off(blocks: list[Block]) -> str | None:
    # A sign-off follows a sentence of the story and comes before the page's own lines, never
    # before a list of headlines (which a label in capitals heads) nor before more of the story.
    # (in the page's second half: a heading in capitals opens its first)
    for index in range(max(1, len(blocks) // 2), len(blocks)):
        text = blocks[index].text.strip()
        if not _SIGN_OFF.match(text) or not is_prose(blocks[index - 1].text):
            continue
        if any(word.lower() in _PAGE_LABEL_WORDS for word in re.split(r"[\s-]+", text)):
            continue
        after = blocks[index + 1].text if index + 1 < len(blocks) else ""
        short = len(after.split()) < _HEADLINE_WORDS
        if not after or (not is_prose(after) and not starts_a_list(after) and (is_page_line(after) or short)):
            return text
    return None


def _begins_the_story(text: str, below_headline: bool, deck: str | None) -> bool:
    """Whether a line under the headline is the story's first sentence: a sentence, not the deck
    nor a line of the page's (a note on its author is the byline's)."""
    return (
        below_headline
        and text != deck
        and is_prose(text)
        and not is_page_line(text)
        and not speaks_for_the_site(text)
    )


def _role_lines_after(blocks: list[Block], index: int) -> range:
    after = index + 1
    while after < len(blocks) and after <= index + _MAX_BYLINE_LINES and _is_role(blocks[after].text):
        after += 1
    return range(index + 1, after)


def _date_beside_names(text: str) -> str | None:
    """The publication day a byline line prints after its names: "Posted by Jane Doe on 4 March
    2025", "Written by Jane Doe · 4 March 2025, 10:05"."""
    parts = re.split(r"\s[|•·/;–—-]\s|,\s|\son\s", text)
    for part in parts:
        if day := published_date(part.strip()):
            return day
    # (a day whose own commas split it: "By Jane Doe, March 4, 2025")
    for start in range(1, len(parts)):
        if day := published_date(", ".join(parts[start:]).strip()):
            return day
    return None


def starts_the_byline(blocks: list[Block], index: int) -> int:
    """Where the byline printed over the date line at `index` begins: above it may stand the
    author's picture, bare name and role or handle ("Greta Lindqvist", "@glindqvist")."""
    start = index
    while start > 0 and start > index - _MAX_BYLINE_LINES and _is_role(blocks[start - 1].text):
        start -= 1
    if start > 0 and _bare_name_above(blocks, start - 1) is not None:
        start -= 1
    names = _names_of_a_name_line(blocks[start].text) or byline_names(blocks[start].text)
    # (the picture is of the first of them: "Photo of Ayanda Mthembu" over "By Ayanda Mthembu and ...")
    name = _each_name(names)[0] if names else None
    if start > 0 and name and _pictures(blocks[start - 1].text, name):
        start -= 1
    return start


def bare_byline_at(blocks: list[Block], index: int) -> bool:
    """Whether blocks[index] is a byline printed as a bare name, with its role, the writer's note
    or the date under it."""
    return _bare_name_above(blocks, index) is not None


_MAX_BYLINE_LINES = 2
# A desk's name is a title of a few words ("Bugle Showbiz", "Metro Desk"); a headline or a deck
# above the byline is longer.
_DESK_MAX_WORDS = 3
_HEADING_MIN_WORDS = 4


def _under_a_headline(blocks: list[Block], index: int) -> bool:
    above = blocks[index - 1].text if index > 0 else ""
    return len(above.split()) >= _HEADING_MIN_WORDS and not is_page_line(above)


def _a_desk(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= _DESK_MAX_WORDS
        and all(word[:1].isupper() for word in words)
        and not any(character.isdigit() for character in text)
        and not text.rstrip().endswith((".", "!", "?", ":"))
    )


def _bare_name_above(blocks: list[Block], index: int, dated: bool = False) -> int | None:
    """Where a byline printed as a bare name ("Tayla Brennan") ends: it is one when its next lines
    are its role and handle ("Markets editor", "@tbrennan") or the date, or, when `dated`, both.
    The index after the name and its role; None when the line is no such name."""
    name = _names_of_a_name_line(blocks[index].text)
    if name is None or _the_story_s_subject(name, blocks[index + 1 :]):
        return None
    after = index + 1 + len(_role_lines_after(blocks, index))
    # (an opinion's author box gives the writer's note for a role: "Declan Rourke" / "Declan
    # Rourke is a writer and broadcaster based in Belfast")
    if after == index + 1 and after < len(blocks) and notes_the_writer(blocks[after].text, name):
        after += 1
    if (
        after == index + 1
        and after + 1 < len(blocks)
        and _a_desk(blocks[after].text)
        and is_date_line(blocks[after + 1].text, placed=True)
        and _under_a_headline(blocks, index)
    ):
        # (the desk the writers file for, between their names and the date: "Sharon Pérez &
        # Daniel Olivero" / "Bugle Showbiz" / "Saturday 22/02/2025"; a name with nothing to head
        # above it is the headline, its kind and date under it: "Tom Bell" / "Obituary")
        after += 1
    roled = after > index + 1
    # (a relative time, "2 hours ago", dates the page too)
    is_dated = after < len(blocks) and is_date_line(blocks[after].text, placed=True)
    if (roled and is_dated) or (not dated and after < len(blocks) and (roled or is_dated)):
        return after
    return None


_FIRST_OF_NAMES = re.compile(r",\s+|\s+(?:and|&)\s+")


def _the_story_s_subject(name: str, below: list[Block]) -> bool:
    """Whether the story's first sentence names the person (a writer never opens on themself:
    "Mary Thomas, in Kerala" / the date / "Mary Thomas turned 100 on Sunday ...")."""
    first = next(
        (block.text for block in below if is_prose(block.text) and not notes_the_writer(block.text, name)), ""
    )
    surname = _FIRST_OF_NAMES.split(name)[0].split()[-1]  # (the first writer's)
    return bool(re.search(rf"\b{re.escape(surname)}\b", first))


# A bare name may carry where its author filed from, or a note, after a comma: "Tanvir Ahmed
# Chowdhury, Sirajganj", "Nusrat Jahan, with inputs from agencies".
_NAME_NOTE_MAX_WORDS = 4


def _names_of_a_name_line(text: str) -> str | None:
    """The names of a line that is names alone, or names and a short note after a comma."""
    text = _FROM_WHERE_FILED.sub("", _HANDLE_AFTER.sub("", _PRONOUNS.sub("", text)).strip())
    names = _authors(text)
    if names is None or any(character.isdigit() for character in text) or is_prose(text):
        return None
    note = text[names.end() :]
    # (after a comma, or who helped: "Lea Brandt with Meridian, AGP")
    helped = note.startswith(" with ") and _a_name_s_note(note[1:])
    if note and not helped and not (note.startswith(", ") and _a_name_s_note(note[2:])):
        return None
    return _without_places(names.group())


def _a_name_s_note(note: str) -> bool:
    """Where its author filed from ("Sirajganj", "Port Harcourt", "in Niamey") or who helped
    ("with inputs from agencies"), not a caption's words ("pictured in Lismore")."""
    words = note.split()
    if words[:1] == ["in"]:
        words = words[1:]  # ("Aminatou Hama, in Niamey")
    if not words or len(words) > _NAME_NOTE_MAX_WORDS:
        return False
    return words[0] == "with" or all(word[:1].isupper() for word in words)


# An author's picture is printed with their name: "Profile photo of Hafiz bin Rahman".
_PICTURE_MAX_WORDS = 8


def _pictures(text: str, name: str) -> bool:
    return name in text and text != name and len(text.split()) <= _PICTURE_MAX_WORDS and not is_prose(text)


_BRACKETED_OUTLET_WORDS = 4
_PICTURE_SOURCE = re.compile(r"(?:supplied|file|handout|courtesy|pictured|photo|image|picture)\b", re.I)
_NAMES_AND_REST = re.compile(
    rf"(?P<names>{_NAMES})(?: [|–—-] (?P<rest>.+)| \((?P<bracketed>[^()]+)\)| ?/ ?(?P<slashed>.+))"
)


def names_with_place_or_date(text: str, page_names: frozenset[str] = frozenset()) -> str | None:
    """The names of a byline printed with where or when after a bar or a dash, or where in
    brackets: "Hamad Al Rawahi | Muscat", "Asad Mahmood | Published November 12, 2024", "Jane Doe
    (Nairobi)"; or with the outlet the page names itself by (`page_names`, its masthead's lines,
    as `name_key` gives them): "Brian Okoro | Cold Chain Weekly", "Nanna Holm/The Copenhagen
    Courier"."""
    parted = _NAMES_AND_REST.fullmatch(text.strip())
    if parted is None:
        return None
    outlet = parted["rest"] or parted["slashed"] or parted["bracketed"]
    if name_key(outlet) in page_names and not any(
        word.lower() in _SECTION_WORDS for word in parted["names"].split()
    ):
        return parted["names"].strip()
    if parted["slashed"]:
        return None
    names, rest = parted["names"], parted["rest"] or parted["bracketed"]
    if parted["bracketed"] and _PICTURE_SOURCE.match(rest):
        return None  # a caption's credit: "Mayor Ana Ruiz (Supplied)"
    if "|" in rest or (names.isupper() and rest.isupper()):
        return None  # (names in capitals joined by a dash are writers signing: "HOAI THU - DUC MINH")
    if any(word.lower() in _SECTION_WORDS for word in names.split()):
        return None  # a section's bar: "World News | Pacific", "Court Reports | Maritime"
    words = rest.split()
    # (a place of a word or two, or in brackets the outlet: "Rizki Ananda (The Jakarta Ledger)")
    most = _BRACKETED_OUTLET_WORDS if parted["bracketed"] else 2
    place = 1 <= len(words) <= most and all(word[:1].isupper() for word in words)
    return names.strip() if place or published_date(rest) else None


def name_key(text: str) -> str:
    """A line as the page's own name is compared: "The Copenhagen Courier" as "copenhagen
    courier"."""
    words = text.lower().split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


# A page's line of facts about the story, each between bars or dots: "March 5, 2025 · Leon
# Persaud & Shalini Ramdass · 7 Comments", "By Jane Doe | 4 min read | 12 May 2025".
_META_SEPARATOR = re.compile(r"\s+[·|•]\s+")


def fields_of_a_meta_line(text: str) -> tuple[str, str | None] | None:
    """The names and publication day of a line whose every part is a date, a duration, a count or
    the authors' names (one part of names), else None."""
    parts = _META_SEPARATOR.split(text.strip())
    if len(parts) < 2:
        return None
    names: list[str] = []
    day = None
    for part in parts:
        if is_date_line(part) or is_page_line(part):
            day = day or published_date(part)
        elif _an_outlet(part):
            continue  # "Marc Tremblay · CPB News · Posted: Dec 16, 2024"
        elif found := (byline_names(part) if _CREDIT_PREFIX.match(part) else _names_of_a_name_line(part)):
            names.append(found)
        else:
            return None
    return (names[0], day) if len(names) == 1 else None


_OUTLET_MAX_WORDS = 4


def _an_outlet(part: str) -> bool:
    words = part.split()
    return (
        0 < len(words) <= _OUTLET_MAX_WORDS
        and all(word[:1].isupper() for word in words)
        and bool(_NO_PERSON_WORDS.search(part))
    )


_DESK_CREDIT_MAX_WORDS = 6
# A user name in small letters, perhaps with the day it posted: "admin", "webdesk on July 18, 2024".
_USER_NAME = re.compile(r"^[a-z][\w.-]*(?:\s+on\s+.+)?$")
_CREDIT_LABEL_ALONE = re.compile(
    r"^(?:(?:the )?authors? of (?:the|this) (?:article|story)|authors?|written by|words|byline|reporters?)"
    r"\s*:$",
    re.I,
)


def credits_no_one(text: str) -> bool:
    """Whether a line credits a desk, an agency or a role, not a person: "By Pacific News
    Service", "Bayside Examiner Editorial Board", "Daily Voice Reporter"."""
    if _CREDIT_LABEL_ALONE.match(text):
        return True  # a credit's label over the name on the next line: "Author of the article:"
    prefixed = _CREDIT_PREFIX.match(text)
    # (posted, or with a colon: "By now on Monday" is a sentence's start)
    if (
        prefixed
        and _USER_NAME.match(text[prefixed.end() :])
        and re.search(r"posted|^by\s*:", prefixed.group(), re.I)
    ):
        return True  # a publishing system's user: "Posted by: admin on July 18, 2024"
    words = text.split()
    if len(words) > _DESK_CREDIT_MAX_WORDS or is_prose(text) or any(c.isdigit() for c in text):
        return False
    desk, comma, outlet = text.partition(", ")
    if comma and _DESK.search(desk) and len(desk.split()) <= _DESK_MAX_WORDS and outlet[:1].isupper():
        return True  # a desk and its outlet: "Editorial staff, Sahel Dispatch"
    rest = text[prefixed.end() :] if prefixed else text
    capitalised = all(word[:1].isupper() for word in rest.split())
    if not rest or not capitalised or _authors(rest) is not None:
        # (a title's words all capitalised, "By Christmas Eve" opens a sentence; and "Dana
        # Whitford, Agriculture Reporter" credits her)
        return False
    # (its last words the desk's, agency's or role's: "Tarrow Fire Chief Resigns" is a headline)
    last = rest.split()[-1]
    ends_so = bool(_DESK.search(" ".join(rest.split()[-2:])) or _AGENCY_WORDS.fullmatch(last))
    return ends_so or (not prefixed and bool(_ROLE_WORDS.fullmatch(last)))


def _is_role(text: str) -> bool:
    if re.fullmatch(_ADDRESS, text.strip()):
        return True  # the author's handle or address under the name
    # (a role may name the outlet after a comma, or the page's facts after a dot: "Health
    # Correspondent, The Daily Voice", "Sports Editor · 4 min read")
    role, dot, facts = text.partition(" · ")
    if dot and not all(is_page_line(fact) or is_date_line(fact) for fact in facts.split(" · ")):
        return False
    role = role.split(", ")[0] if role.count(", ") == 1 else role
    # (or the desk the author works at: "Harare Bureau")
    working = _ROLE_WORDS.search(role) or _DESK.search(role)
    return len(role.split()) <= _MAX_ROLE_WORDS and bool(working) and not is_prose(text)
