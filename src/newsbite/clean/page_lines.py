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
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, replace

from newsbite.clean.blocks import LIST_ITEM as _LIST_ITEM
from newsbite.clean.blocks import PAGE_SIGNS, Block, comparable, ends_as_sentence, is_result_line
from newsbite.clean.syndication import names_the_original
from newsbite.model import Document

# --- by form -----------------------------------------------------------------------------------

# Items split by a bar, bullet, slash or angle bracket with space around: "Home / News / Courts".
# (a bar or bullet anywhere; a middle dot, slash or angle bracket only between spaces, since
# "Donald·Trump" and "and/or" join words)
_SEPARATOR = re.compile(r"[|•]| [·/>»›] ")
_MAX_ITEM_WORDS = 4

_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun"
)
# Words that only frame a date or a duration ("Published on ...", "Last updated ...", "4 min read").
_DATE_FRAME = (
    "published updated posted first originally last modified on at am pm a.m. p.m. ago today yesterday "
    "min mins minute minutes hour hours hr hrs day days week weeks read reading time listen "
    "estimated edited created date by the and of views article story checked refiled revised "
    # ("Publication date 14 March 2025 | 08:12 ICT")
    "publication "
    # (o'clock as Scandinavian and German pages print it: "26.08.2024 kl. 13:05", "13:05 Uhr")
    "kl uhr"
).split()
_DATE_WORDS = frozenset([*_MONTHS, *_WEEKDAYS.split(), *_DATE_FRAME])
# A time zone abbreviation ("GMT", "IST", "EST", "AEDT") is two to five capitals.
_TIME_ZONE = re.compile(r"^[A-Z]{2,5}$")
# ("27th May", and a time the French or Portuguese way: "14h20")
_TOKEN = re.compile(r"\d{1,2}h\d{2}\b|[A-Za-z]+(?:\.[a-z]\.)?|\d+(?:st|nd|rd|th)?\b|\d+")
_NUMERIC = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
# A sign a page sets before its line ("💬 58 comments", "⏱ 4 min read", "► Rock tour prices ..."):
# the line is read without it.
_LEADING_SIGN = re.compile(rf"^(?:(?:{PAGE_SIGNS.pattern}|[\u2600-\u27bf])\ufe0f?)+\s*")

# (the lookbehind makes a match start where an address can: linear on a long run of "a.a.a.")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+\b")
# A sentence that gives an address is a contact line when it opens as one.
_CONTACT_OPENING = re.compile(r"^(?:contact|email|e-mail|reach|write to|follow)\b", re.I)
_HANDLE = re.compile(r"(?:^|\s)@\w{2,}")
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4}))|\ball rights reserved\b", re.I)
# A credit names who made a picture: "Photo: X/Y", "Photograph: X", "(Photo by X/Y)", "Getty Images".
_CREDIT = re.compile(
    r"^\(?[^()]{0,40}?\b(?:photo|photograph|picture|image|images|credit|video|illustration|graphic)s?"
    r"(?:\s*[:/]|\s+by\b|\s+courtesy\b)|^courtesy\b"
    # ("Pic: Fraser Muir/Terrace Images"; a gallery's "In Pics: ..." and a bare "Pic: Name" are not)
    r"|^pic:\s[^/]+/\s?\w"
    r"|[/(](?:getty images|afp|ap|reuters|supplied|file)\)?$|^getty images$",
    re.I,
)
_PICTURE_COURTESY = re.compile(r"^\(?(?:photo|photograph|picture|image|video)s?\s+courtesy\s+of\b", re.I)
_COURTESY = re.compile(r"^\(?(?:(?:photo|photograph|picture|image|video)s?\s+)?courtesy\b", re.I)
_CREDIT_MAX_WORDS = 14
_TRAILING_CREDIT = re.compile(r"\s(?:credit|photo|photograph|picture|image)s?:\s[^.:]+$", re.I)
# "Supplied photo", "File picture", "Reuters photo": who supplied the picture, and the word.
_SOURCE_AND_PICTURE = re.compile(
    r"^(?:supplied|file|handout|staff|contributed|submitted|library|stock|reuters|ap|afp|aap|epa|getty)"
    r"\s(?:photo|picture|image|photograph)s?$",
    re.I,
)  # (a closed list: "The bigger picture" and "Body image" are crossheads)
_CREDIT_LOWER_WORDS = 2
# A picture's credit after a dash closing its caption: "— Filepic", "— AFP pic", "— File photo".
_DASH_CREDIT = re.compile(
    r"[.!?]\s[—–]\s*(?:[A-Z][\w.]*\s)?"
    r"(?i:file\s?pic(?:ture)?s?|file photo|supplied|handout|pic|photo|picture)\.?$"
)
# A caption is the line a credit follows; it describes a picture in a sentence or less.
_CAPTION_MAX_WORDS = 40
# A note that the story ran elsewhere first: "This article originally appeared on ...".
_SYNDICATION_NOTE = re.compile(
    r"^this (?:story|article) (?:was )?(?:(?:first|originally) (?:appeared|published|ran)|distributed by)\b",
    re.I,
)
# What a social network's embedded post prints around it: "View this post on Instagram", "A post
# shared by Name (@handle)".
_EMBED = re.compile(
    r"^(?:view this (?:post|photo|video|reel) on \w+"
    r"|an? (?:post|photo|video|reel) shared by [^.()]{1,80} \(@[\w.]+\))$",
    re.I,
)
# A related story's category under its headline: 'In "Court"'.
_CATEGORY = re.compile(r'^In ["“][^"”]{1,40}["”]$')
# Where the readers' comments begin: all below is theirs ('2 thoughts on "Headline"').
_COMMENTS_BEGIN = re.compile(
    r'^\d+ (?:thoughts?|comments?|responses?|replies) (?:on|to) ["“](.{1,300})["”]$', re.I
)
# A media player: its glyph and label ("▶ Watch", "► Listen"), a clip's length under its title.
_PLAYER = re.compile(r"^[▶►]\s*\w*(?: \w+)?$")
_CLIP_LENGTH = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")
# "Topics: ...", "Tags: a | b", "Filed under: ...", "More on: ...".
_LABELLED_LIST = re.compile(r"^(?:topics|tags|filed under|more on|related topics|categories)\s*[:|]", re.I)
# "42 comments", "Comments (12)", "View 8 comments", "Join the conversation (17)", "Views: 4,521",
# "1.2K shares": the page counts its readers' doings.
_COUNTED = r"(?:comments?|views?|shares?|likes?|reads?|reactions?)"
_TALLY = r"\d[\d,.]*\s?[km]?"
_COUNT = re.compile(
    rf"^(?:view\s+)?\(?{_TALLY}\)?\s+{_COUNTED}$"
    rf"|^(?:{_COUNTED}|hits|join the conversation)\s*(?:\({_TALLY}\)|:\s*{_TALLY})$"
    r"|^(?:image|photo|picture|slide|item)\s+\d+\s+of\s+\d+$"  # a gallery's "Image 1 of 6"
    # (a row of reactions, each a symbol and its count: "👍 214  💬 37  ↗ 19 shares")
    rf"|^(?:[^\w\s]+\s*{_TALLY}\s*){{2,}}(?:{_COUNTED})?$",
    re.I,
)
# "Tucson 108°", "Suva 27°C | Lautoka 31°C": the weather where the site is.
_WIDGET_BLOCKS = 6
_WIDGET_MAX_CHARS = 300
_TEMPERATURE = re.compile(r"^[^\W\d_][^\d°|·,]{0,30}?\s-?\d{1,3}\s*°\s*[CF]?$")
_WIDGET_SEPARATOR = re.compile(r"\s*[|·,]\s*")


# "Carlos Ybarra contributed to this report.", "Editor's note: This story has been updated ...",
# "Correction: An earlier version of this story misstated ...": the story speaking of itself.
_ABOUT_THIS_STORY = re.compile(
    # (the label may say when, or how many: "Clarification appended 12 December 2024:",
    # "Corrections: one.")
    r"^(?:editor'?’?s note|corrections?|clarifications?|update)\b[^:.]{0,40}[:.].*"
    r"(?:\ban? (?:earlier|previous) version"
    r" (?:of this (?:story|article|report)|(?:said|stated|reported|gave)\b)"
    r"|\bthis (?:story|article) (?:has been|was) (?:updated|corrected|amended|changed))",
    re.I,
)
# (named people contributed, not "the survivors who contributed to this report")
_CONTRIBUTED = re.compile(
    r"^[^.]*\b[A-Z][\w'’.-]* contributed(?: reporting)? to this (?:report|story|article)\.?$"
)


def is_page_line(text: str) -> bool:
    """True for a line whose form says it is about the page: see the module docstring."""
    bare = _LEADING_SIGN.sub("", text)
    # (without its sign, by the forms of counts, dates, credits and labelled lists only: "🎉 Join
    # us at the green from 11am" is a story's invitation)
    return _a_page_line(text) or (
        bare != text
        and bool(_COUNT.match(bare) or _LABELLED_LIST.match(bare) or is_date_line(bare) or is_credit(bare))
    )


def _a_page_line(text: str) -> bool:
    words = text.split()
    if not words:
        return False
    if _COPYRIGHT.search(text) or _COUNT.match(text) or _LABELLED_LIST.match(text):
        return True
    if _SYNDICATION_NOTE.match(text) or (_CONTACT_OPENING.match(text) and _EMAIL.search(text)):
        return True
    if _EMBED.match(text) or _PLAYER.match(text) or _CATEGORY.match(text) or _note_on_the_story(text):
        return True
    if _ABOUT_THIS_STORY.match(text):
        return True  # (a story never corrects itself so; who contributed is the sign-off's, at the end)
    if _caption_with_credit(text) or _is_teaser(text) or _is_placeholder(text) or _asks_the_reader(text):
        return True
    if _asks_for_the_site(text) or _DISTRIBUTED.match(text) or _SPONSORED_SECTION.match(text):
        return True
    if ends_as_sentence(text):
        return False  # a sentence: "The video by a bystander went viral." is the story's
    if is_credit(text) or _EMAIL.search(text) or _SPONSOR.match(text):
        return True
    return is_date_line(text) or _is_item_row(text) or bool(_HANDLE.search(text))


# The page asking the reader to act: a sentence that opens with the verb, to them, about what the
# site offers ("Subscribe now for unlimited access.", "... newsletter ... Sign up free.",
# "Download the Mesquite 9 app for alerts."). A story reports who urged what ("Register to vote
# was the message, Lee said"), a quoted appeal is the speaker's, and "Tap water", "Download
# speeds" or "Click-and-collect orders" open sentences of the news.
_ASKING = re.compile(
    r"(?:^|(?<!\d)[.!?:]\s+)(?:Sign (?:up|in)|Log in|Subscribe|Register|Download|Tap|Click|Join)(?![\w-])"
)
_OFFERED = re.compile(
    r"\b(?:app|newsletters?|subscri\w*|premium|unlimited|account|log in|sign in|sign up|notifications|"
    r"podcasts?|e-?paper|membership|discussion|conversation|here)\b",
    re.I,
)
_ATTRIBUTED = re.compile(
    r"\b(?:said|says|wrote|writes|told|according|declined|responded|confirmed)\b|\bdid not respond\b"
)
_ASKING_MAX_WORDS = 35
_QUOTE_MARKS = re.compile(r"[\"“”]")


def _asks_the_reader(text: str) -> bool:
    return _unattributed(text) and bool(_ASKING.search(text)) and bool(_OFFERED.search(text))


def _unattributed(text: str) -> bool:
    return (
        len(text.split()) <= _ASKING_MAX_WORDS
        and not _QUOTE_MARKS.search(text)
        and not _ATTRIBUTED.search(text)
    )


# Who sent a press release out: "Distributed by AfricaWire.", "Issued by Kestrel Energy Ltd."
_DISTRIBUTED = re.compile(r"^(?:distributed|issued) by (?-i:[A-Z])[\w&.,' -]{0,40}$", re.I)
# Who paid for the page or a part of it, on a line of its own: "Sponsored by Harbourview
# Properties", "In partnership with the Tarrow Trust". (A sentence, "Supported by the EU, the
# project began in 2020.", is the story's: only unfinished lines are read so.)
_SPONSOR = re.compile(
    r"^(?:sponsored|presented|supported|powered|brought to you|produced in partnership|in partnership)"
    r" (?:by|with)\s+(?:the\s+)?(?-i:[A-Z])\S*(?:\s+\S+){0,6}$",
    re.I,
)
# Or who pays for a section, in a sentence of its own: "Transportation coverage is sponsored by
# Tallgrass Reefer Co."
_SPONSORED_SECTION = re.compile(
    r"^(?!(?:its|the|their|his|her|our)\b)(?-i:[A-Z])\w*(?: \w+){0,2} (?:coverage|section|content|sport|news)"
    # ("Tasman Mail Sport is proudly supported by Mapua Motors")
    r" is (?:proudly )?(?:sponsored|supported|presented|brought to you) by"
    r"\s+(?-i:[A-Z])\S*(?:\s+\S+){0,4}$",
    re.I,
)


# The site speaking of itself, or to its reader of what it offers: "This summary was reviewed by
# our editors.", "We may earn a commission from links on this page.", "The day's top stories, in
# your inbox every morning.", "Turn on notifications so you never miss a story." A story may say
# as much in its own words ("Two of our journalists were detained", "Follow the coastal path
# here", "Hackers logged in to the payroll system"), so these are the page's only where the page's
# lines are: in a box beside another of its lines, above the story's first sentence or last on
# the page (`drop_page_lines`).
# Where a site asks to be followed: "Follow the Kano Ledger on WhatsApp".
_PLATFORMS = r"(?:Google News|Facebook|Twitter|X|Instagram|WhatsApp|Telegram|TikTok|YouTube|LinkedIn|Threads)"
_THE_SITE_S = re.compile(
    r"\b(?:this (?:page|article|story|newsletter|summary|content)|your inbox|readers like you|"
    r"our (?:editors|journalism|newsroom|journalists|newsletters?|app|website|site|readers|subscribers|"
    r"members|coverage|standards|terms|privacy policy|cookie policy|community guidelines)"
    r"|to continue reading|the author's own|our (?:\w+ ){0,2}(?:email|newsletter)"
    # (how it is paid for, in the notes it prints under a story: "Her reporting is funded by the
    # Local Journalism Initiative"; and what its player says of itself: "This audio is generated
    # by an AI tool")
    r"|(?-i:[A-Z][\w'’-]+(?:'s|’s)) reporting is (?:funded|supported|made possible) by"
    r"|this audio (?:is|was) (?:generated|produced)"
    r"|^(?-i:[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*) is (?:public interest )?journalism funded by"
    rf"|follow the (?-i:[A-Z])[\w ]{{2,30}} on {_PLATFORMS})\b",
    re.I,
)
# What no story's sentence says in its own words, wherever it stands: the site asking its reader
# to reach it, or to pay, and its cookie and log-in notices ("Follow us on Facebook", "Let us know",
# "Share your experience with us", "Please consider making a contribution", "We use cookies ...",
# "You must be logged in to comment."). ("Residents were asked to consider making a contribution",
# "urged them to join us at the riverside" and "Hackers logged in to the payroll" are the news.)
_THE_SITE_ASKS = re.compile(
    r"(?:(?:^|(?<!\d)[.!?:,]\s+)(?:(?:Follow|Contact|Tell|Email|Message|Send|Join) us|Let us know|Write to us"
    r"|Share your \w+(?: \w+)?(?: \w+)? with us|Please consider (?:making a )?(?:contribution|donation|"
    r"donating|subscribing|supporting|becoming a (?:patron|member|subscriber|supporter))"
    r"|Turn on (?:push )?notifications)"
    # (a line that opens so: "Never miss a story. Choose from our newsletters ...", "Already a
    # member? Log in"; and what it earns from its own links)
    r"|^(?:Never miss a (?:story|thing|headline)\b|Already a (?:member|subscriber)\?|By subscribing, you"
    rf"|Follow (?:the )?(?-i:[A-Z])[\w ]{{2,30}} on {_PLATFORMS}\b)"
    r"|\bmay earn (?:a )?(?:commission|money|revenue) from (?:links|purchases) (?:on|from|made through) "
    r"(?:this|our)\b"
    # (a promotion closing on its call, "WEBINAR: ... March 20, 2 p.m. ET. Register free."; and the
    # paywall's word on the page: "This article is for Packhouse Journal members.")
    r"|^(?-i:[A-Z]{3,}(?: [A-Z]+)?): .*(?<=[.!?] )Register (?:free|now|today|here)(?=[.!]?$)"
    r"|^This (?:article|story) is (?:only )?(?:for|available to) (?:[\w'’]+ ){0,4}(?:members|subscribers)\b"
    # (what it is, in a line of its own: "The Zocalo Review is reader-supported."; and its ask,
    # "Support The Grand Harbour Times for just €5 a month.")
    r"|^(?:The )?(?-i:[A-Z])[\w'’ ]{2,40} is (?:reader|listener|member)-(?:supported|funded)(?=\.?$)"
    r"|(?:^|(?<!\d)[.!?]\s+)Support (?:us|(?-i:The [A-Z])[\w'’ ]{2,40}) for (?:just|only|as little as) [$€£]"
    r"|\b(?:we use cookies|our use of cookies|declined cookies|logged in to (?:comment|reply)))\b",
    re.I,
)
# (and asking in more ways, of more that it offers)
_ASKING_MORE = re.compile(
    r"(?:^|(?<!\d)[.!?:]\s+)(?:Get|Turn on|Follow|Unlock|Explore|Enable|Swipe|Upgrade|Go)(?![\w-])"
)
_OFFERED_MORE = re.compile(
    r"\b(?:alerts|ad-free|channel|section|photos|latest (?:news|updates)|stories like this|email)\b", re.I
)


def _asks_for_the_site(text: str) -> bool:
    return _unattributed(text) and bool(_THE_SITE_ASKS.search(text))


def speaks_for_the_site(text: str) -> bool:
    """Whether a line speaks for the site, to its reader or of itself (see _THE_SITE_S): the
    page's where the page's lines stand."""
    if not _unattributed(text):
        return False
    asks = _ASKING_MORE.search(text) or _ASKING.search(text)
    offers = _OFFERED_MORE.search(text) or _OFFERED.search(text)
    return bool(_THE_SITE_S.search(text) or _THE_SITE_ASKS.search(text) or (asks and offers))


# What a page shows while a part of it loads: "Loading...", "Please wait…".
_PLACEHOLDER_MAX_WORDS = 2


_LOADING = re.compile(r"^[\w ]{0,30}\bis loading\W*$", re.I)  # "Video player is loading."


def _is_placeholder(text: str) -> bool:
    return (text.endswith(("...", "…")) and len(text.split()) <= _PLACEHOLDER_MAX_WORDS) or bool(
        _LOADING.match(text)
    )


# A link to another page beside whose it is: "Five things to check before you let your flat |
# Larnaca Holiday Homes" (a sponsor's teaser, or a page's title and its site). A story's lines
# never set a name off so; a byline's "Name | City" is a name, not a headline.
_TEASER_MIN_WORDS = 5
_OWNER_MAX_WORDS = 4


def _is_teaser(text: str) -> bool:
    teaser, bar, owner = text.rpartition(" | ")
    owner_words = owner.split()
    return (
        bool(bar)
        and "|" not in teaser
        and len(teaser.split()) >= _TEASER_MIN_WORDS
        and teaser[:1].isupper()
        and 0 < len(owner_words) <= _OWNER_MAX_WORDS
        and all(word[:1].isupper() or word in ("&", "and", "of", "the") for word in owner_words)
        and not any(character.isdigit() for character in owner)
    )


def _is_weather(text: str) -> bool:
    # each item a place and its temperature (items matched one by one: a line of a hundred
    # thousand "Suva 27° |" costs its length, never a search over ways to split it)
    items = _WIDGET_SEPARATOR.split(text.strip())
    return len(text) <= _WIDGET_MAX_CHARS and all(_TEMPERATURE.match(item) for item in items if item)


# A story's sentence never sets a bracket after its full stop; a caption sets its credit so.
# (its words split at single spaces: one way to read them, so a long run costs its length)
_BRACKETED_CREDIT = re.compile(r"[.!?]\s+\((?:[^()\s]+ ){0,5}[^()\s]+\)$")
# A caption without a full stop says in brackets that it is one: "The High Court (file photo)".
_BRACKETED_PICTURE = re.compile(r"\s\((?:[^()\s]+ ){0,4}(?:photo|photograph|picture|image)\)$", re.I)


def _caption_with_credit(text: str) -> bool:
    # "Renee Carvalho outside her home on Tuesday. Picture: Jerad Williams-Hoy", "... since 2016
    # Credit: Tobias Grennan", "... on Monday. — Ledger photo / Imran Butt": a caption that ends
    # in its credit
    if len(text.split()) > _CAPTION_MAX_WORDS:
        return False
    _, stop, credit = text.rpartition(". ")
    if (stop and is_credit(credit)) or _BRACKETED_CREDIT.search(text) or _BRACKETED_PICTURE.search(text):
        return True  # (or in brackets after the sentence: "... on Feb. 18. (Kitaguni Herald photo)")
    found = _TRAILING_CREDIT.search(text)
    return found is not None and found.start() > 0 and is_credit(found.group().strip())


def is_date_line(text: str, placed: bool = False) -> bool:
    """A line of date, time and duration words only: "Published 21 November 2025", "4 min read";
    when `placed`, perhaps after the place it was filed from: "Mumbai, Jan 17, 2025", "Jakarta ●
    Fri, March 8, 2024" (read so in the page's head only: in a story, "Tokyo, 2021" is a list's and
    "Kyiv, February 24, 2022" a timeline's)."""
    return _only_date_words(without_the_place(text) if placed else text)


def without_the_place(text: str) -> str:
    """A date line without the place before it ("Mumbai, Jan 17, 2025" is "Jan 17, 2025"), where a
    year follows; else the line as it is."""
    placed = _FILED_AT.match(text)
    rest = text[placed.end() :] if placed else text
    return rest if placed and _YEAR.search(rest) and _only_date_words(rest) else text


# (a place, not the date's own frame: "Updated: 05 Mar 2025" is an update)
_FILED_AT = re.compile(
    r"(?!(?i:updated|published|posted|last|first|originally|modified|edited|date)\b)"
    r"[A-Z][\w.'’-]*(?:,? [A-Z][\w.'’-]*){0,3}\s*(?:,|:|●|•)\s+"
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_UPDATED_AS_OF = re.compile(r"\b(updated)\s+as\s+of\b", re.I)


# A read time's "to": "3 mins to read" (never a span's: "Monday to Friday, 9am to 7pm" is a
# story's opening hours).
_TO_READ = re.compile(r"\bto (?=read\b)", re.I)


def _only_date_words(text: str) -> bool:
    text = _UPDATED_AS_OF.sub(r"\1", text)  # ("Updated as of Mar 10 2025", not "As of June 2025")
    text = _TO_READ.sub("", text)
    tokens = _TOKEN.findall(text)
    if not tokens or _LETTER.search(_TOKEN.sub(" ", text)):
        return False  # (words in other scripts: "2024年3月5日，北京市政府宣布" is a sentence)
    dated = False
    for token in tokens:
        lower = token.lower()
        if _NUMERIC.search(token) or lower in _MONTHS or lower in _WEEKDAYS.split():
            dated = True
        elif lower not in _DATE_WORDS and not _TIME_ZONE.match(token):
            return False
    return dated


def _is_item_row(text: str) -> bool:
    items = [item for item in _SEPARATOR.split(f" {text} ") if item.strip()]
    return len(items) >= 2 and all(len(item.split()) <= _MAX_ITEM_WORDS for item in items)


def is_credit(text: str) -> bool:
    """A picture credit: "Photo: Liam Tuohy/Kestrel Bay Courier", "(Photo by X/Agency)",
    "Rowan Takeda / Cascadia Public Radio"; never a sentence."""
    if len(text.split()) > _CREDIT_MAX_WORDS:
        return False
    if _COURTESY.match(text) and (_PICTURE_COURTESY.match(text) or not is_prose(text)):
        return True  # (its period may be a name's: "Photo courtesy of Bagwis Shipping Corp.")
    if is_prose(text):
        return False  # ("Courtesy calls to every flooded household will begin on Monday.")
    if _is_name_and_outlet(text) or _SOURCE_AND_PICTURE.match(text):
        return True
    if _DASH_CREDIT.search(text) and len(text.split()) <= _CAPTION_MAX_WORDS:
        return True  # a caption with its credit after a dash: "Shophouses in George Town. — Filepic"
    if not _CREDIT.search(text):
        return False
    # what follows "Photo:" names someone ("Liam Tuohy/Courier", "Supplied"); a headline
    # ("Video: Moment the bridge collapsed") goes on in lower-case words
    named = text.partition(":")[2] if ":" in text else ""
    return sum(word[:1].islower() for word in named.split()) < _CREDIT_LOWER_WORDS


def _is_name_and_outlet(text: str) -> bool:
    # "Rowan Takeda / Cascadia Public Radio": a name of two or three words, a slash, an outlet
    person, slash, outlet = text.partition("/")
    words = person.split()
    return (
        bool(slash)
        and 2 <= len(words) <= 3
        and 1 <= len(outlet.split()) <= _MAX_ITEM_WORDS
        and all(word[:1].isupper() for word in [*words, *outlet.split()])
    )


# --- by repetition -----------------------------------------------------------------------------

# A line is the source's when it is printed on at least this share of the source's documents
# (and on two at least); documents that share most of their lines are copies of one story and
# count once, so a story carried twice never becomes its own source's furniture.
_PROFILE_SHARE = 0.5
_PROFILE_MIN_PAGES = 3
_COPY_OVERLAP = 0.5
# A sentence this long may be a story's even when printed on several of a source's pages (a
# follow-up's background line): it is the source's only when on three quarters of them (a
# newsletter pitch is on every one).
_LONG_SENTENCE_WORDS = 8
_SENTENCE_SHARE = 0.75


def _is_long_sentence(line: str) -> bool:
    return is_prose(line) and len(line.split()) >= _LONG_SENTENCE_WORDS


# A line the source prints on many pages with a word or a number changed in it is the source's
# too: an advertisement's slot ("Bet on {golf majors} at ... Must be 21+ ..."), a notice's time
# ("Terminal subscribers saw this story at {11:20}. Get faster news: ..."). Seven words in a row,
# numbers folded, are its template: on the dumps written for the project no story line shares
# more than six with a line on another page of its site (a podcast's promotion shares seven:
# "🎙️ NEW EPISODE: The Clyde Tunnel Podcast #212 — ..."). The same shares of pages are needed
# as for a whole line. (Six words find the same lines on the dumps and the review's probes.)
# A source that covers one beat prints its news in formulas too, with a slot for the name or the
# court ("He was remanded in custody to appear at {Maidstone} Crown Court", "In lieu of flowers,
# donations may be made to {the Hospice}", "Anyone with information is asked to call police"): a
# review's probes of court, death-notice, recall and police-appeal sites lost 51 story lines to
# the runs alone. So only a line that marks itself as the page's has a template: it speaks to
# the reader or for the site ("you", "our", "us"), asks them a question, gives a web or mail
# address, or bears a sign or pictogram (`PAGE_SIGNS`), none of which a formula of the news does;
# and a sentence speaks for the site or asks the reader to act as well (a second review's probes
# lost 15 story sentences with a mark alone: "... did not respond to our request for comment",
# a recall's advice to "you", a police appeal's web address).
_TEMPLATE_WORDS = 7
_WORD = re.compile(r"\w+")
_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")
_READER_OR_SITE = re.compile(r"\b(?:you|your|yours|our|ours|us)\b", re.I)
_WEB_ADDRESS = re.compile(r"\b(?:https?://|www\.)|\b[\w-]+\.(?:com|org|net|example|co|io|news|info)\b", re.I)


def _marks_the_page(line: str) -> bool:
    unquoted = _QUOTED.sub(" ", line)
    return bool(
        _READER_OR_SITE.search(unquoted)
        or "?" in unquoted
        or _WEB_ADDRESS.search(line)
        or _EMAIL.search(line)
        or PAGE_SIGNS.search(line)
    )


def _template_runs(line: str) -> set[str]:
    # (a sentence, besides, speaks for the site or asks the reader to act: a story's sentences
    # cite web addresses and ask questions, "Tarrow Council did not respond to our request")
    if not _marks_the_page(line) or (is_prose(line) and not (speaks_for_the_site(line) or _asks(line))):
        return set()
    words = ["#" if word.isdigit() else word for word in _WORD.findall(line.casefold())]
    return {" ".join(words[i : i + _TEMPLATE_WORDS]) for i in range(len(words) - _TEMPLATE_WORDS + 1)}


def _templates(pages: list[list[str]], needed: float, needed_sentence: float) -> frozenset[str]:
    """The runs of words (`_template_runs`) on enough of the pages."""
    pages_with: Counter[str] = Counter()
    in_sentences: set[str] = set()
    for lines in pages:
        found: set[str] = set()
        for line in lines:
            runs = _template_runs(line)
            found |= runs
            if runs and _is_long_sentence(line):
                in_sentences |= runs
        pages_with.update(found)
    return frozenset(
        run
        for run, count in pages_with.items()
        if count >= (needed_sentence if run in in_sentences else needed)
    )


# A line's label: the few words before its colon or question mark ("READ: ...", "Don't miss:
# ...", "Also on The Meridian: ...", "Enjoyed this article? Subscribe ..."). A label the
# source prints on many pages marks its links and boxes, whatever headline follows; a quote
# ('She said: "..."') or a result ("Quarterscores: 18-20, 33-39") is never labelled so (what
# follows a label is a word), and a label is three words at most.
_LABEL = re.compile(r"^([^\W\d_][^:|?]{1,30}?)\s*[:|?]\s+[^\W\d_]")
_LABEL_MAX_WORDS = 3
# A label of a few words more marks a link when a headline follows it ("Also on The Meridian: The
# seaside towns that say ..."); before a name it is a box's field ("Player of the match: Sione").
_LINK_LABEL_MAX_WORDS = 4
_LINKED_MIN_WORDS = 5
# A question to the reader may run a few words more: "Want to write for us? ...".
_QUESTION_LABEL_MAX_WORDS = 6
_SITE_SPEAKING = re.compile(r"\b(?:us|our|we)\b", re.I)


def _label(line: str) -> str | None:
    found = _LABEL.match(line)
    if found is None:
        return None
    words = len(found[1].split())
    linked = len(line[found.end(1) :].split()) > _LINKED_MIN_WORDS
    # (a question's label is kept apart: it opens a sentence to the reader, which a colon's
    # label never does: "Warning: the bridge will close on Monday." is the story's)
    asks = line[found.end(1) :].lstrip().startswith("?")
    # (a longer question is the source's when the source asks it of the reader about itself:
    # "Want to write for us?"; "How will this affect my journey?" opens each story's answer)
    if asks and words <= _QUESTION_LABEL_MAX_WORDS and _SITE_SPEAKING.search(found[1]):
        return comparable(found[1]) + "?"
    if words > _LINK_LABEL_MAX_WORDS or (words > _LABEL_MAX_WORDS and not linked):
        return None
    return comparable(found[1]) + ("?" if asks else "")


@dataclass(frozen=True)
class SourceProfile:
    """The lines one source prints on many of its pages, folded for comparison, and the labels
    that open lines on many of them."""

    lines: frozenset[str] = frozenset()
    labels: frozenset[str] = frozenset()
    # sentences to the reader, numbers folded: "You have 3 free articles left this month."
    addresses: frozenset[str] = frozenset()
    # runs of seven words, numbers folded, of lines printed on many pages with a slot changed
    templates: frozenset[str] = frozenset()

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> SourceProfile:
        """The profile of one source's documents (their text, a line per block)."""
        documents: list[set[str]] = []
        sentences: list[set[str]] = []
        labelled: list[set[str]] = []
        addressed: list[set[str]] = []
        pages: list[list[str]] = []
        for text in texts:
            lines = [line.strip() for line in text.splitlines()]
            kept = {_profile_key(line) for line in lines if line}
            said = {_profile_key(line) for line in lines if _is_long_sentence(line)}
            # (copies share their story's sentences; a site's pages share their furniture)
            if kept and not any(_overlap(said, seen) > _COPY_OVERLAP for seen in sentences if said and seen):
                documents.append(kept)
                sentences.append(said)
                labelled.append({label for line in lines if (label := _label(line))})
                addressed.append({key for line in lines if (key := _address_key(line))})
                pages.append(lines)
        counts = Counter(line for lines in documents for line in lines)
        label_counts = Counter(label for labels in labelled for label in labels)
        address_counts = Counter(key for keys in addressed for key in keys)
        needed = max(_PROFILE_MIN_PAGES, _PROFILE_SHARE * len(documents))
        needed_sentence = max(_PROFILE_MIN_PAGES, _SENTENCE_SHARE * len(documents))
        long_sentences = set().union(*sentences) if sentences else set()
        return cls(
            frozenset(
                line
                for line, count in counts.items()
                if line and count >= (needed_sentence if line in long_sentences else needed)
            ),
            frozenset(label for label, count in label_counts.items() if count >= needed),
            frozenset(key for key, count in address_counts.items() if count >= needed_sentence),
            _templates(pages, needed, needed_sentence),
        )

    @classmethod
    def of_document(cls, document: Document) -> SourceProfile:
        """The profile a document carries (see `Document.source_lines`)."""
        return cls(
            document.source_lines,
            document.source_labels,
            document.source_addresses,
            document.source_templates,
        )

    def given_to(self, document: Document) -> Document:
        """The document carrying this profile."""
        return replace(
            document,
            source_lines=self.lines,
            source_labels=self.labels,
            source_addresses=self.addresses,
            source_templates=self.templates,
        )

    def __bool__(self) -> bool:
        return bool(self.lines or self.labels or self.addresses or self.templates)

    def prints_with_a_slot(self, text: str) -> bool:
        """Whether the line is one the source prints on many pages with a word or number changed.
        (Read in the body only: a series' headlines share their words too.)"""
        return bool(self.templates) and not self.templates.isdisjoint(_template_runs(text))

    def holds(self, text: str) -> bool:
        if _profile_key(text) in self.lines or (
            self.labels
            and (label := _label(text)) in self.labels
            and (label.endswith("?") or not is_prose(text))
        ):
            return True
        return bool(self.addresses) and _address_key(text) in self.addresses


# A sentence to the reader ("You have 2 free articles left this month.") or for the site,
# asking something of them ("This story is free because 1,214 members pay for it. Join them."),
# on three quarters of a source's pages, whatever its numbers, is the source's: its numbers count
# the reader's visits or the site's members. Only such a sentence is matched so: a story's
# sentences that differ only in their numbers (a daily market report's "The index closed 12
# points up.") speak of the news, not to the reader.
_TO_THE_READER = re.compile(r"\b(?:you|your)\b", re.I)
_DIGITS = re.compile(r"\d+")


# (asking the reader to take up what a page offers on all its pages: "Listen on all platforms.")
_ASKING_TO_PLAY = re.compile(r"(?:^|(?<!\d)[.!?:]\s+)(?:Listen|Watch|Play|Bet|Stream)(?![\w-])")


def _asks(line: str) -> bool:
    """Whether a line asks the reader to act ("Join them.", "Subscribe", "Bet on golf majors at
    ..."): a tally of the newsroom's own ("Our journalists have logged 401 complaints") is the
    story's."""
    return bool(
        _ASKING.search(line)
        or _ASKING_MORE.search(line)
        or _THE_SITE_ASKS.search(line)
        or _ASKING_TO_PLAY.search(line)
    )


def _address_key(line: str) -> str | None:
    if not _is_long_sentence(line) or not _DIGITS.search(line):
        return None
    if not (_TO_THE_READER.search(line) or (speaks_for_the_site(line) and _asks(line))):
        return None
    return _DIGITS.sub("#", _profile_key(line))


def _profile_key(line: str) -> str:
    # Numbers are not folded: a series' headlines ("Day 3 of the trial") and two stories'
    # sentences that differ only in them are the stories', and the lines whose numbers change
    # from page to page (dates, counts, a footer's year) are known by their form.
    return comparable(line)


def _overlap(left: set[str], right: set[str]) -> float:
    return len(left & right) / min(len(left), len(right))


def drop_page_lines(
    blocks: list[Block],
    profile: SourceProfile | None = None,
    headline: str | None = None,
    deck: str | None = None,
) -> list[Block]:
    """The blocks without the page's lines: the source's own, page forms, the caption above a
    credit, and the weather among the first blocks. The story begins below its `headline` when
    it is known (a banner's sentence may stand above it); its `deck`, when known, is no caption
    (with the byline taken from under it, it may stand over "Photographs by ...")."""
    kept: list[Block] = []
    under_label = False  # whether the blocks since the last page label are its list of links
    ranked = False  # whether that label says its list is more to read, so numbered ("Most read")
    marked = False  # whether it says nothing else, so its links may be bulleted ("Trending now")
    story_begun = False  # whether a sentence of the story has been kept
    below_headline = headline is None or not any(block.text == headline for block in blocks)
    poll_ends = 0  # the block after the last answer of a poll
    for i, block in enumerate(blocks):
        if under_label and _links_from(blocks, i, ranked, marked):
            continue  # "RELATED NEWS" / "Weather centre warns of more rain over Al Hajar"
        if under_label and _labels_one_link(blocks[i - 1].text) and _one_link(blocks, i, kept):
            under_label = False
            continue  # "RELATED STORY" / "Brick kiln owners protest against deadline ..."
        under_label = False
        links_label = _labels_links(block.text)
        only_links = links_label and _only_links(block.text, profile)
        if (
            story_begun
            and _is_list_label(block.text.removesuffix(":"))
            and (_set_as_a_label(block.text) or links_label)
            and (
                (
                    _links_from(blocks, i + 1, links_label, only_links)
                    and _speaks_of_other_things(blocks, i + 1, kept, only_links)
                )
                or (_labels_one_link(block.text) and i + 1 < len(blocks) and _one_link(blocks, i + 1, kept))
            )
        ):
            under_label, ranked, marked = True, links_label, only_links  # a label the forms did not know
            continue
        if i < poll_ends:
            continue
        if _is_poll(blocks, i):
            poll_ends = _poll_end(blocks, i)
            if kept and kept[-1] is blocks[i - 1]:
                kept.pop()  # its label: "POLL", "Quick poll"
            continue  # "Has anyone in your household had dengue?" / "Yes" / "No" / "Vote"
        credit = is_credit(block.text)
        # (the caption stands right above its credit, or above the picture's own button: "Buy
        # this photo", "Expand image", which goes too)
        button = credit and i > 1 and _of_the_picture(blocks[i - 1])
        if button and kept and kept[-1] is blocks[i - 1]:
            kept.pop()
        caption = blocks[i - 2] if button else blocks[i - 1]
        if (
            credit
            and kept
            and caption is kept[-1]
            and kept[-1].text not in (headline, deck)
            and not _DASH_CREDIT.search(block.text)  # (a caption with its own credit: "... — Filepic")
            and _is_caption(kept[-1])
            and not _in_a_list_or_crosshead(blocks, i)
        ):
            kept.pop()
        # (the weather line is a page's widget at its head; in the story it is the forecast)
        widget = i < _WIDGET_BLOCKS and _is_weather(block.text)
        # (a clip's title between its player's label and its length: "▶ Watch" / "Two swimmers
        # rescued as surf closes beaches" / "1:12"; a time under a line is a timeline's or a result's)
        clip = (
            0 < i < len(blocks) - 1
            and _PLAYER.match(blocks[i - 1].text) is not None
            and _CLIP_LENGTH.match(blocks[i + 1].text) is not None
        )
        page_line = (
            credit
            or widget
            or clip
            or (profile and profile.holds(block.text))
            or is_page_line(block.text)
            or (profile and block.text not in (headline, deck) and profile.prints_with_a_slot(block.text))
        )
        # (a line speaking for the site is the page's where the page's lines are)
        page_line = page_line or (
            speaks_for_the_site(block.text)
            and (not story_begun or i == len(blocks) - 1 or _beside_a_page_line(blocks, i, profile))
        )
        # (the syndication footer's lines are read later, as the article's source)
        if page_line and not names_the_original(block.text):
            # (in the story: above it, a section's label sits over the headline)
            under_label = story_begun and not credit and _is_list_label(block.text.removesuffix(":"))
            ranked = under_label and links_label
            marked = ranked and only_links
            continue
        kept.append(block)
        below_headline = below_headline or block.text == headline
        story_begun = story_begun or (below_headline and is_prose(block.text))
    return kept


# A page's label over a list of links is a few words ("RELATED NEWS", "Related Articles",
# "Editor's Choice"); the links under it are headlines: a clause of some length that does not
# end as a sentence does. A crosshead is shorter, and the story's next paragraph a sentence.
_LIST_LABEL_MAX_WORDS = 4
_LINKED_HEADLINE_MIN_WORDS = 6


def _is_list_label(text: str) -> bool:
    # (one phrase: a row of links, "Sign in | Subscribe", heads no list)
    return (
        len(text.split()) <= _LIST_LABEL_MAX_WORDS
        and bool(_LETTER.search(text))  # (a rule, "___", labels nothing)
        and not is_prose(text)
        and not text.endswith(":")
        and not _SEPARATOR.search(text)
        and not any(char.isdigit() for char in text)  # (a date or time labels nothing)
    )


# A poll: a question over its answers, each a word or two ("Yes", "No", "Not sure"). A story's
# question is answered in a sentence.
_POLL_ANSWERS = 2
_POLL_ANSWER_MAX_WORDS = 3
_POLL_LABEL_MAX_WORDS = 2


def _is_poll(blocks: list[Block], i: int) -> bool:
    """A question under a label of its own ("POLL"), over answers of a word or two that are no
    list's items. (A story's question is its crosshead, or is answered in a sentence.)"""
    answers = blocks[i + 1 : i + 1 + _POLL_ANSWERS]
    label = blocks[i - 1].text if i > 0 else ""
    return (
        blocks[i].text.endswith("?")
        and 0 < len(label.split()) <= _POLL_LABEL_MAX_WORDS
        and not is_prose(label)
        and not _LIST_ITEM.match(label)
        and len(answers) == _POLL_ANSWERS
        and all(_poll_answer(answer.text) for answer in answers)
    )


def _poll_answer(text: str) -> bool:
    return len(text.split()) <= _POLL_ANSWER_MAX_WORDS and not is_prose(text) and not _LIST_ITEM.match(text)


def _poll_end(blocks: list[Block], i: int) -> int:
    end = i + 1
    while end < len(blocks) and _poll_answer(blocks[end].text):
        end += 1
    return end


# Headlines of other stories share few words with this one; the key points a crosshead heads
# ("What changes" / "Fuel duty frozen for another twelve months") repeat the story's more.
_OTHER_THINGS_MAX_SHARED = 1 / 2


# Or it says, in words of any case, that what it heads is more to read ("You might also like",
# "Most read", "More on this story"); "What changes" over the story's key points is its crosshead.
_LINKS_LABEL_WORDS = re.compile(
    r"\b(?:read|more|related|like|miss|trending|recommended|stories|articles|also on|latest from|watch next"
    r"|up next|next up|editor's picks|partner content|sponsored content|paid content)\b",
    re.I,
)
# (and, set as a label in capitals, what is popular or picked: "Most Popular", "Top Picks", "Next
# Up", "Editor's Picks"; "The most popular changes" and "Our top picks" head a story's list)
_TITLE_LINKS_LABEL_WORDS = re.compile(r"\b(?:popular|picks|latest|next|top|editor's|news)\b", re.I)


def _labels_links(text: str) -> bool:
    """Whether a label says it heads more to read."""
    return bool(
        _LINKS_LABEL_WORDS.search(text) or (_set_as_a_label(text) and _TITLE_LINKS_LABEL_WORDS.search(text))
    )


def _set_as_a_label(text: str) -> bool:
    """A widget's label is set in capitals or with every word capitalised ("Related Articles",
    "MORE NEWS"); a crosshead most often as a sentence ("What changes")."""
    words = [word for word in text.split() if word[:1].isalpha()]
    return bool(words) and all(word[:1].isupper() for word in words)


def _beside_a_page_line(blocks: list[Block], i: int, profile: SourceProfile | None) -> bool:
    """Whether the block before or after blocks[i] is the page's: in a box, as a newsletter's
    pitch stands between its label and its button."""
    return any(
        is_page_line(text) or speaks_for_the_site(text) or bool(profile and profile.holds(text))
        for text in (blocks[j].text for j in (i - 1, i + 1) if 0 <= j < len(blocks))
    )


def _speaks_of_other_things(blocks: list[Block], i: int, story: list[Block], marked: bool = False) -> bool:
    listed = set()
    for block in blocks[i:]:
        if not _is_linked_headline(block, ranked=True, marked=marked):
            break
        listed |= _content_words(block.text)
    told = set().union(*(_content_words(block.text) for block in story))
    return bool(listed) and len(listed & told) <= _OTHER_THINGS_MAX_SHARED * len(listed)


def _content_words(text: str) -> set[str]:
    return {word for word in comparable(text).split() if len(word) > 3}


# The labels a page sets over one promoted or related story's headline. ("Read more" is as often
# a button over the story's next crosshead, and "More than a market" a crosshead itself.)
_ONE_LINK_LABEL = re.compile(
    r"(?:related(?: (?:story|article|content|coverage|link))?|partner content|sponsored(?: content)?"
    r"|paid content|recommended(?: for you)?|see also|also read|editor's pick)[:.]?",
    re.I,
)


def _labels_one_link(text: str) -> bool:
    return _ONE_LINK_LABEL.fullmatch(text.strip()) is not None


def _one_link(blocks: list[Block], i: int, story: list[Block]) -> bool:
    """Whether blocks[i] is the one headline a label of more to read heads ("RELATED STORY",
    "Partner content"): a line of a headline's form about other things than the story's so far.
    (Under a label that says nothing of reading, "ADVERTISEMENT", one such line may be the
    story's crosshead.)"""
    return _is_linked_headline(blocks[i]) and _speaks_of_other_things(blocks, i, story)


def _links_from(blocks: list[Block], i: int, ranked: bool = False, marked: bool = False) -> bool:
    """Whether blocks[i] is a headline of a list of links: a list has two at least (one line
    under a label may be the story's crosshead: "ADVERTISEMENT", then "Why councillors say the
    pool cannot be saved"), so it is one with the line before or the line after it."""
    if i >= len(blocks) or not _is_linked_headline(blocks[i], ranked, marked):
        return False
    before = i > 0 and _is_linked_headline(blocks[i - 1], ranked, marked)
    after = i + 1 < len(blocks) and _is_linked_headline(blocks[i + 1], ranked, marked)
    return before or after


_RANK = re.compile(r"^\d{1,2}[.)]\s+(?=[A-Z])")  # a "Most read" list's numbers: "1. Owner breaks silence"
# A "Trending now" list's bullets or pointers: "• Kep crab market to reopen after two-year rebuild",
# "► Rock tour prices frozen for second summer running".
_MARK = re.compile(rf"^(?:[-–•*]\s+|(?:{PAGE_SIGNS.pattern})\ufe0f?\s*)(?=[A-Z])")
# A label that says nothing but that links follow: its every word is one of these ("READ MORE",
# "Trending now", "More on this story", "Related posts"); "Also on the agenda", "Latest results",
# "More help available" and "Next up" head a story's bulleted list as often.
_ONLY_LINKS_WORDS = frozenset(
    """
    read more related trending now also like might may you recommended stories story articles article
    posts latest news popular most top picks on this from us editor's editors see further reading
    coverage watch don't miss in the our other headlines today
    """.split()
)


def _only_links(label: str, profile: SourceProfile | None) -> bool:
    """Whether a label says only that links follow, or is the source's own (on many pages)."""
    words = [word.strip(".,:!?'\"‘’“”()").lower() for word in label.split()]
    return all(word in _ONLY_LINKS_WORDS for word in words if word) or bool(profile and profile.holds(label))


def _is_linked_headline(block: Block, ranked: bool = False, marked: bool = False) -> bool:
    # (numbered under a label of more to read: "Most read" / "1. Owner breaks silence"; under
    # "Key steps" the numbers are the story's list's; bulleted or pointed under a label that says
    # nothing else)
    text = _RANK.sub("", block.text) if ranked else block.text
    text = _MARK.sub("", text) if marked else text
    return (
        not block.is_heading
        and len(text.split()) >= _LINKED_HEADLINE_MIN_WORDS
        and not is_prose(text)
        and not text.endswith(":")
        and not _LIST_ITEM.match(text)
        and not is_result_line(text)  # ("Wisbech Town 1 Ely City 2" is the match's)
        and not names_the_original(text)  # (the syndication footer is read as the source)
        and text[:1].isupper()
    )


def is_prose(text: str) -> bool:
    """A sentence of the story's: it ends as sentences do (a menu's "U.S." or "U.K." is a name,
    and "Published October 4, 2022 at 9:41 p.m." a date line)."""
    return ends_as_sentence(text) and _INITIALS.fullmatch(text.strip()) is None and not _ends_a_time(text)


def _ends_a_time(text: str) -> bool:
    return text.endswith(("a.m.", "p.m.")) and is_date_line(text)


_INITIALS = re.compile(r"(?:[A-Za-z]\.){2,}")


def drop_comments(blocks: list[Block], headline: str | None) -> list[Block]:
    """The blocks above the readers' comments, where a page prints them below the story: from
    the line that counts the comments on the story by its headline ('2 thoughts on "Headline"').
    (A survey's "12 responses to 'Why do you take the bus?'" is the story's.)"""
    begun = False
    for i, block in enumerate(blocks):
        found = _COMMENTS_BEGIN.match(block.text)
        if (
            begun
            and found is not None
            and headline is not None
            and comparable(found[1]) == comparable(headline)
        ):
            return blocks[:i]
        begun = begun or is_prose(block.text)
    return blocks


# Lines a site sets off after the story: a list of links, topics, a sign-off. A crosshead is
# followed by the story, so after the story's last sentence nothing short and unfinished is.
def drop_tail(blocks: list[Block]) -> list[Block]:
    """The blocks without the unfinished lines after the story's last sentence (or the last item
    of a list a sentence of the story leads into)."""
    last = None
    led_in: str | None = None  # the marker of a list a sentence led into ("" until its first item)
    for i, block in enumerate(blocks):
        marker = _marker(block.text)
        # (one list's items share a marker: a site's numbered "Most read" after a story's
        # dashed list is not the story's)
        in_list = marker is not None and led_in in ("", marker)
        if _ends_story(block.text) or leads_in(block.text) or in_list:
            last = i
        led_in = "" if leads_in(block.text) else (marker if in_list else None)
    return blocks if last is None else blocks[: last + 1]


def _marker(text: str) -> str | None:
    """A list item's kind of marker ("-", "•", "1."), None for a line that is no item."""
    found = _LIST_ITEM.match(text)
    return None if found is None else ("#" if found.group()[0].isdigit() else found.group()[0])


# A note set after the story about the story itself: who paid for it ("This story was produced
# with the help of a grant from ...") or who wrote it (a sentence opening with the byline's name:
# "Maya Ortiz covers climate for Cascadia Public Radio.").
# The note says how the story was made or mended, never what a report in the news found or who
# asked for it ("This report was commissioned by the ministry" is the story's).
_SELF_NOTE = re.compile(
    r"^this (story|article|report|piece|series|project|coverage|content)\b(?:,[^,]*,)?"
    r" (?:was|is|has been|were|will be) (?:\w+ly )?(?:produced|supported|funded|paid for|made possible"
    r"|written|reported|edited|updated|amended|corrected|translated|part of)\b",
    re.I,
)
_NOTE_MAX_WORDS = 60
_SELF_WORDS = {"story", "article", "piece", "coverage", "content"}
_JOURNALISM = re.compile(r"\b(?:journalism|reporting|newsroom|media|fellowship)\b", re.I)
# what follows the author's name in a note about them: "covers ...", "is a staff writer ...",
# "and Adaeze Fortier report on ..."
# (a surname's note is short and of the writer's work: "Reeves reported from Jackson, Mississippi.",
# "Reeves covers Mississippi for United Wire."; "Walker reported from the scene of the 1998 flood as
# a young council officer" and "Walker contributed the first £500" are the story's)
_SURNAME_NOTE = re.compile(
    r"(?:report(?:ed|s) from (?-i:[A-Z])[^.]{0,40}|covers [^.]{1,40}|can be reached (?:at|on) [^.]{1,40})\.?$"
)
_SURNAME_NOTE_MAX_WORDS = 10
_AUTHOR_NOTE = re.compile(
    r"(?:and [A-Z][\w'-]+(?: [A-Z][\w'-]+)+ )?(?:is|are|covers?|reports?|reported from|writes?|reviews?|"
    r"contributed|can be reached|has covered|joined)\b"
)


# What a wire's note of a story's new version says it does to it.
_EDITS = "(?:adds|updates|corrects|changes|fixes|removes|recasts|rewrites|restores|deletes|inserts|refiles)"
# The page's note that it has changed or will change its story, wherever it stands: "This story
# will be updated as more information becomes available.", "This article was amended on 4 March
# to correct ...". (What a story says of a piece or a story is its own: "This piece was written
# for a string quartet in 1931.")
_CHANGE_NOTE = re.compile(
    r"^(?:this (?:story|article) (?:will be|has been|was|is being) (?:updated|amended|corrected)\b"
    r"(?!.*\b(?:said|says)\b)"
    # (a wire's note of what its new version does, under a label or in brackets: "REFILE: Adds
    # analyst comment in paragraphs 8 and 9", "(Updates with closing prices)")
    rf"|(?:refile[sd]?|update[sd]?(?: \d+)?|corrected|correction)\s*[:\-–—]\s*{_EDITS}\b.*"
    rf"|\({_EDITS}\b[^()]*\)\.?$)",
    re.I,
)


def _note_on_the_story(text: str) -> bool:
    return bool(_CHANGE_NOTE.match(text)) and len(text.split()) <= _NOTE_MAX_WORDS


def drop_story_notes(blocks: list[Block], byline: str | None) -> list[Block]:
    """The blocks without the notes about the story at their end (see _SELF_NOTE)."""
    names = [name.strip() for name in re.split(r",| and ", byline or "") if len(name.split()) >= 2]
    # (a wire's note names its writer by surname, "Reeves reported from Jackson, Mississippi.", but
    # "Reeves is expected in court" may be anyone of that name)
    surnames = [name.split()[-1] for name in names if len(name.split()[-1]) > 2]
    end = len(blocks)
    while end > 1:
        text = blocks[end - 1].text
        by_author = (
            _opens_a_note(text, names, _AUTHOR_NOTE)
            or (len(text.split()) <= _SURNAME_NOTE_MAX_WORDS and _opens_a_note(text, surnames, _SURNAME_NOTE))
            or text.lower() in {name.lower() for name in names}  # (the writer's name alone, by their note)
        )
        # (what a story's speaker says of a story is the story's: "..., the author said.")
        note = _SELF_NOTE.match(text) if not _ATTRIBUTED.search(text) else None
        # ("This project was funded by a federal grant" is the news)
        self_note = note is not None and (note[1].lower() in _SELF_WORDS or bool(_JOURNALISM.search(text)))
        about_itself = self_note or bool(_ABOUT_THIS_STORY.match(text) or _CONTRIBUTED.search(text))
        if len(text.split()) > _NOTE_MAX_WORDS or not (about_itself or by_author):
            break
        end -= 1
    return blocks[:end]


def notes_the_writer(text: str, name: str) -> bool:
    """Whether a line is a note on the named writer: "Declan Rourke is a writer based in Belfast."
    ("Ana Ruiz is the first woman to lead the council" is the story's, of someone in it.)"""
    return _opens_a_note(text, [name], _AUTHOR_NOTE) and bool(_WRITER_WORDS.search(text))


_WRITER_WORDS = re.compile(
    r"\b(?:writer|author|columnist|journalist|broadcaster|reporter|editor|correspondent|contributor|"
    r"commentator|critic|novelist|poet|blogger|contributing)s?\b",
    re.I,
)


def _opens_a_note(text: str, names: list[str], note: re.Pattern[str]) -> bool:
    # (a byline in capitals names its writer in a note in small letters: "By JAMAL REEVES")
    return any(
        text[: len(name) + 1].lower() == f"{name.lower()} " and note.match(text[len(name) + 1 :])
        for name in names
    )


def _ends_story(text: str) -> bool:
    # a sentence, or an item of a list the story sets out ("- Free buses on weekdays")
    return is_prose(text) or bool(_STORY_LIST_ITEM.match(text))


def leads_in(text: str) -> bool:
    # a sentence of the story that opens a list, numbered or not ("Residents should:"); what a
    # site prints above its own lists ("Most read:") its profile knows, and is gone by now
    return text.endswith(":") and len(text.split()) >= 3 and not _LIST_ITEM.match(text)


# A crosshead is a short phrase set between two of the story's paragraphs.
_CROSSHEAD_MAX_WORDS = 10
# (a numbered list after the story is the site's "Most read"; a dashed one is the story's)
_STORY_LIST_ITEM = re.compile(r"^[-–•*]\s")


def mark_plain_crossheads(blocks: list[Block]) -> list[Block]:
    """The blocks with each short unfinished line between two sentences (or after a story's
    list) made a heading."""
    marked = list(blocks)
    for i in range(1, len(blocks) - 1):
        text = blocks[i].text
        if (
            not blocks[i].is_heading
            and len(text.split()) <= _CROSSHEAD_MAX_WORDS
            and (
                not is_prose(text)
                or (_asks_as_a_heading(text) and _STORY_LIST_ITEM.match(blocks[i - 1].text))
            )
            and not text.endswith(":")  # ("The scores:" opens what follows; a heading does not)
            and ": " not in text  # (a speaker's line: "MINISTER: I don't accept that")
            and not is_result_line(text)  # ("Clare 1-24 Limerick 2-20", "Lakers 102, Celtics 99")
            and not _LIST_ITEM.match(text)
            and (
                is_prose(blocks[i - 1].text) or _STORY_LIST_ITEM.match(blocks[i - 1].text)
            )  # (or ends a list)
            and (is_prose(blocks[i + 1].text) or blocks[i + 1].text.endswith(":"))  # (or opens a list)
        ):
            marked[i] = Block(text, is_heading=True)
    return marked


_JOINING_WORDS = frozenset({"but", "and", "so", "or", "yet", "then"})


def _asks_as_a_heading(text: str) -> bool:
    """A question that may be set as a crosshead after a list: "Why does the river keep flooding?"
    (a speaker's question is quoted; between two paragraphs a question is the story's own)."""
    return (
        text.endswith("?")
        and text.count("?") == 1
        and not _QUOTE_MARKS.search(text)
        and "." not in text
        and text.split()[0].lower() not in _JOINING_WORDS  # ("But who will pay for it?" carries on)
    )


# A picture's own button: a verb to act on it ("Buy this photo", "View gallery", "Expand image").
_PICTURE_BUTTON = re.compile(
    r"^(?:buy|view|expand|enlarge|open|see|order|download)\b.{0,20}\b(?:photos?|images?|pictures?|gallery)$",
    re.I,
)


def _of_the_picture(block: Block) -> bool:
    return bool(_PICTURE_BUTTON.match(block.text.strip()))


def _is_caption(block: Block) -> bool:
    # (a deck set without a full stop above a credit stays: captions are sentences; and a caption
    # is one sentence, where a story's paragraph above a bare credit may hold several)
    return (
        not block.is_heading
        and len(block.text.split()) <= _CAPTION_MAX_WORDS
        and is_prose(block.text)
        and _SENTENCE_BREAK.search(block.text) is None
        # (nor a quote or what someone said: "'A great day,' said the council leader")
        and not _QUOTE_MARKS.search(block.text)
        and not _ATTRIBUTED.search(block.text)
    )


_SENTENCE_BREAK = re.compile(r"[a-z0-9][.!?][\"”’]? +[A-Z“\"]")


def _in_a_list_or_crosshead(blocks: list[Block], i: int) -> bool:
    # "Mary Clarke / Labour" beside "Tom Reid / Conservative" is the story's list, and
    # "Council Reaction/What Next" a crosshead; a picture's credit has a spaced slash and stands alone
    text = blocks[i].text
    if not _is_name_and_outlet(text) or _CREDIT.search(text) or _COURTESY.match(text):
        return False
    after = blocks[i + 1].text if i + 1 < len(blocks) else ""
    return " / " not in text or bool(_SEPARATOR.search(after)) or is_credit(after)


# A pull quote: a few words of a quote the story has already given, set again in quote marks
# between its paragraphs. (A crosshead may quote a speaker too, but not words already read.)
_PULL_QUOTE_MIN_WORDS = 5
_PULL_QUOTE_MAX_WORDS = 25
_PULL_QUOTE_REACH = 12
_QUOTE_OPENING = ('"', "“", "'", "‘")


def drop_pull_quotes(blocks: list[Block]) -> list[Block]:
    """The blocks without the quotes set again from a paragraph above them (among the last few:
    a page sets its pull quote near the words it repeats)."""
    kept: list[Block] = []
    read: deque[str] = deque(maxlen=_PULL_QUOTE_REACH)  # the last paragraphs, folded
    for block in blocks:
        text = block.text.strip()
        words = comparable(text)
        if (
            text.startswith(_QUOTE_OPENING)
            and _PULL_QUOTE_MIN_WORDS <= len(words.split()) <= _PULL_QUOTE_MAX_WORDS
            and not is_prose(text.rstrip("\"”'’"))
            and any(f" {words} " in f" {paragraph} " for paragraph in read)
        ):
            continue
        kept.append(block)
        read.append(words)
    return kept
