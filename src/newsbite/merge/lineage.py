"""What a story's articles add up to: items (one per dispatch), canonical copies, wire lineage.

Syndicated copies of one dispatch form an item. Its canonical copy is the agency's own, else
the fullest copy (the earliest of those nearly as full), since trimmed copies drop paragraphs.
An article's lineage is the wire source it comes from: the agency its sign-off, dateline or
byline credits, else the site its "Originally published as" footer names, else its own outlet.
A story's independent sources are its items' distinct lineages: thirty mastheads running one
AFP dispatch are one source. An item's and a story's times are their reports' publication times
where any is dated, else when NewsBite first saw them (`known_times`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

# A copy at least this share of the fullest copy's length counts as full (a footer more or a
# label line less does not make a copy the better one).
NEARLY_FULL = 0.9
# What a time of an item or a story is: its reports' believed publication times, or, when none of
# them has one, the times NewsBite first saw them.
PUBLISHED, FIRST_SEEN = "published", "first_seen"


@dataclass(frozen=True)
class Member:
    """One stored article of a story, with what the merge found of it (the store reads these)."""

    seq: int
    id: str
    headline: str | None
    publisher: str | None
    agency: str | None
    url: str | None
    published: str | None  # as the store believes it: null when undated or not believed
    # Its best-known time: `published` in UTC, else its dispatch's (an undated copy of a dated
    # item), else when it was first seen.
    sort_time: str
    copy_of: int | None
    shingles: int
    lineage: str | None


@dataclass(frozen=True)
class Item:
    """One dispatch or report and its copies: the canonical copy first, then the rest by time."""

    copies: list[Member]
    lineage: str

    @property
    def canonical(self) -> Member:
        return self.copies[0]

    @property
    def first_time(self) -> str:
        return min(known_times(self.copies)[0])

    @property
    def time_basis(self) -> str:
        return known_times(self.copies)[1]


@dataclass(frozen=True)
class StoryListing:
    """A story's listing columns, derived from its articles."""

    title: str | None
    lead: Member
    articles: int
    items: int
    sources: int
    outlets: int
    first_time: str
    last_time: str
    time_basis: str  # PUBLISHED or FIRST_SEEN: what first_time and last_time are


def known_times(members: Sequence[Member]) -> tuple[list[str], str]:
    """The times that place these reports (UTC stamps) and what they are: the believed
    publication times of those that have one, else, when none has, the times they were first
    seen (PUBLISHED or FIRST_SEEN). A first-seen time only bounds a report's publication from
    above (an archive read today is first seen today), so beside a dated report it says nothing:
    a story of dated reports and one undated copy read later is as old as its dated reports."""
    dated = [member.sort_time for member in members if member.published]
    return (dated, PUBLISHED) if dated else ([member.sort_time for member in members], FIRST_SEEN)


def lineage(document: Mapping[str, Any]) -> str | None:
    """The wire source a stored article comes from: the agency it credits, else the site that
    first published it ("Originally published as"), else its own site, else its publisher.

    Sites are named by host, as outlets are, so that one outlet named two ways (a feed's
    "Coastline Courier", a page's coastlinecourier.com.au) counts once.
    """
    return (
        document.get("agency")
        or host(document.get("original_url"))
        or host(document.get("url"))
        or document.get("publisher")
    )


def outlet(member: Member) -> str:
    """Where a copy ran: the site it was read from, else its publisher."""
    return host(member.url) or member.publisher or "unknown outlet"


def host(url: str | None) -> str | None:
    if not url:
        return None
    return _host(url)


_PLAIN_HOST = re.compile(r"[A-Za-z0-9._-]+")


@lru_cache(maxsize=65_536)  # a story page asks for each of its copies' hosts several times
def _host(url: str) -> str | None:
    # A plain http(s) address (a host of letters, digits, dots and hyphens: no user, port, IPv6
    # brackets, escapes, spaces or controls, which urlsplit treats apart) read by hand: urlsplit
    # took a third of building a story page of 200 reports the first time.
    scheme, _, rest = url.partition("://")
    netloc = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if scheme in ("http", "https", "HTTP", "HTTPS") and _PLAIN_HOST.fullmatch(netloc):
        name = netloc.lower()
    else:
        name = urlsplit(url).hostname or ""
    return name.removeprefix("www.") or None


def items(members: Sequence[Member]) -> list[Item]:
    """The story's items, earliest first."""
    groups: dict[int, list[Member]] = {}
    for member in members:
        groups.setdefault(member.copy_of or member.seq, []).append(member)
    found = [_item(copies) for copies in groups.values()]
    return sorted(found, key=lambda item: (item.first_time, item.canonical.seq))


def _item(copies: list[Member]) -> Item:
    if len(copies) == 1:  # most items: what the rest works out for one copy, at a tenth of the cost
        (only,) = copies
        return Item([only], only.agency or only.lineage or outlet(only))
    agencies = Counter(copy.agency.casefold() for copy in copies if copy.agency)
    credited = agencies.most_common(1)[0][0] if agencies else None
    canonical = _canonical(copies, credited)
    rest = sorted((copy for copy in copies if copy is not canonical), key=lambda c: (c.sort_time, c.seq))
    source = next((copy.agency for copy in copies if copy.agency), None) or canonical.lineage
    return Item([canonical, *rest], source or outlet(canonical))


def _canonical(copies: list[Member], agency: str | None) -> Member:
    """The agency's own copy, else the earliest of the nearly fullest."""
    if agency:
        own = [copy for copy in copies if (copy.publisher or "").casefold() == agency]
        if own:
            return min(own, key=lambda copy: (copy.sort_time, copy.seq))
    fullest = max(copy.shingles for copy in copies)
    full = [copy for copy in copies if copy.shingles >= NEARLY_FULL * fullest]
    return min(full, key=lambda copy: (copy.sort_time, copy.seq))


def listing(members: Sequence[Member]) -> StoryListing:
    """A story's title, lead article and counts: the lead is the canonical copy of its most
    republished item (the earliest among equals), whose headline names the story."""
    found = items(members)
    # The earliest of the most copied: max keeps the first of equals.
    lead_item = max(found, key=lambda item: len(item.copies))
    times, basis = known_times(members)
    return StoryListing(
        title=lead_item.canonical.headline,
        lead=lead_item.canonical,
        articles=len(members),
        items=len(found),
        sources=len({item.lineage.casefold() for item in found}),
        outlets=len({outlet(member) for member in members}),
        first_time=min(times),
        last_time=max(times),
        time_basis=basis,
    )
