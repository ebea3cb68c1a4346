"""Page furniture that scrapers and extractors leave inside an article body.

Advertising labels, "Read more:" and "Related:" link lines, share and newsletter prompts: short
blocks that are about the page, not the story. Only short blocks are candidates, so a paragraph
that merely mentions these words is never dropped.
"""

from __future__ import annotations

import re

from newsbite.clean.blocks import Block

# Prompts and labels are a few words; link lines carry one headline after the prompt.
_MAX_WORDS = 25
_FURNITURE = re.compile(
    r"^(?:"
    r"advertisement|advertising|sponsored(?: content)?|ad feature"
    # (a label of its own over what it marks: "Sponsored · Fuel your match day with ...", "POLL:
    # Who was your man of the match?", "Disclaimer: ... does not constitute investment advice.")
    r"|(?:sponsored|advertisement|promoted|(?:quick )?poll|disclaimer)\s*[·|:]\s*.*"
    r"|story continues below(?: this)?(?: advertisement| ad)?|continue reading(?: below)?"
    r"|scroll (?:down )?to continue(?: with content)?"
    r"|(?:share|share this(?: article| story)?|tweet|email|print|save|comments?)"
    r"|(?:read more|related|see also|more on this(?: story)?|recommended|also read|read next|most read"
    r"|watch|listen|must read)\s*[:|>»\-–—]\s*.*"
    r"|(?:read more|related (?:stories|articles|coverage)|more from .{1,40})"
    r"|(?:previous|next) (?:article|post|story)|leave a (?:reply|comment)|link copied"
    # (a player's and a picture's labels: "Image caption,", "Video duration 01:54", "01:42 - Source: X")
    r"|(?:image|video) (?:caption|source)(?:\s*[,:]\s*[^.]{0,60})?"
    # (and the site's notes and forms: "Comments are moderated.", "Report it to us.")
    r"|comments (?:are|will be) moderated|report it to us|please enter your (?:comment|name)!?"
    r"|(?:\w+ )?letters (?:are|may be|will be) edited for length(?: and clarity)?"
    r"|(?:(?:video|audio) )?duration\s*\d{1,2}:\d{2}(?::\d{2})?|\d{1,2}:\d{2}\s*[-–—]\s*source\s*:.{1,60}"
    r"|your browser does not support\b.{0,80}"
    r"|(?:sign up|subscribe)\b.*\b(?:newsletter|briefing|alerts|updates|inbox)\b.*"
    r"|comments (?:are|have been) (?:closed|open|disabled|turned off)\b(?!.*\b(?:said|says)\b).*"
    r"|(?:photo|picture|image|video|credit|source|audio|galler(?:y|ie))s?\s*:\s*.{1,80}"
    r")[.!:]?$",
    re.I,
)


def is_furniture(text: str) -> bool:
    """True for a short block that belongs to the page, not the story (set between dashes too:
    "- Advertisement -")."""
    dashed = _BETWEEN_DASHES.fullmatch(text)
    text = dashed[1] if dashed else text
    return len(text.split()) <= _MAX_WORDS and bool(
        _FURNITURE.match(text)
        or _LINK_UNDER_A_LABEL.match(text)
        or ((_POINTED.match(text) or _PICTOGRAM_LED.match(text)) and not _a_finished_sentence(text))
        or _EMBEDDED_POST.search(text)
    )


def _a_finished_sentence(text: str) -> bool:
    return text.rstrip("\"”’'").endswith((".", "!", "?"))


# Lines a page marks as its own, unfinished, whatever they say:
# - a link or a player led by a pointer ("► Cruise calls to hit record 290 this year", "▶ WATCH: ...");
_POINTED = re.compile(r"[►▶▸➤➔→»]\s*\S")
# - a widget or a promotion led by a pictogram, unfinished ("🎱 BUGLE BINGO: ... Play now",
#   "🎙 The Bridge Watch podcast: Episode 112. Listen now", "👁 1,204 Views");
_PICTOGRAM_LED = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]")
# - the line that credits a post embedded from a social network: an account's handle and when it
#   was posted ("Gibraltar Taxi Owners' Guild (@GTOGuild) · 7:12 PM · Mar 4, 2025").
_EMBEDDED_POST = re.compile(r"\(@\w{2,}\)\s*[·|•]\s*\d")
# The post's own text above that line ends in its hashtags, after its last sentence.
_HASHTAGS_AT_THE_END = re.compile(r"[.!?]\s+(?:#\w+\s*)+$")


# A link set after its label on one line, the linked headline beginning as headlines do ("Don't
# miss: Singapore's startup funding fell 22%"); "Don't miss - the hearing resumes on March 24" and
# "Also see: the map below" go on with the story's sentence.
_LINK_UNDER_A_LABEL = re.compile(r"(?i:don['’]t miss|also see)\s*[:\-–—]\s*[\"“‘']?[A-Z0-9]")

_BETWEEN_DASHES = re.compile(r"[-–—]+\s*(.+?)\s*[-–—]+")


def drop_furniture(blocks: list[Block]) -> list[Block]:
    """The blocks without page furniture."""
    return [
        block
        for index, block in enumerate(blocks)
        if not is_furniture(block.text)
        and not (
            _HASHTAGS_AT_THE_END.search(block.text)
            and index + 1 < len(blocks)
            and _EMBEDDED_POST.search(blocks[index + 1].text)
        )
    ]
