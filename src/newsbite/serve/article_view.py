"""An article document as the reader shows it: safe HTML for the body, quotes marked, claims paired.

The body is plain text from the clean stage, escaped here and then passed through nh3 with a
short allow-list, so that nothing a scraped page carried (a script, an event handler, a
`javascript:` link) can reach the reader as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import nh3
from markupsafe import Markup, escape

# What the body HTML may contain after sanitising: paragraphs, crossheads and marked quotes.
ALLOWED_TAGS = {"p", "h2", "mark"}
ALLOWED_ATTRIBUTES = {"mark": {"class", "title"}}


@dataclass
class ClaimPair:
    """A claim and the denial that answers it (either may be missing), for side-by-side display."""

    claim: dict[str, Any] | None
    denial: dict[str, Any] | None


@dataclass
class ArticleView:
    body_html: Markup
    speakers: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)
    claim_pairs: list[ClaimPair] = field(default_factory=list)
    original_link: str | None = None


def article_view(document: dict[str, Any]) -> ArticleView:
    return ArticleView(
        body_html=body_html(document),
        speakers=speakers(document.get("quotes", [])),
        claim_pairs=claim_pairs(document.get("claims", [])),
        original_link=original_link(document),
    )


def original_link(document: dict[str, Any]) -> str | None:
    """Where the article was first published (a syndication footer's URL, else its own), if http(s)."""
    return safe_link(document.get("original_url")) or safe_link(document.get("url"))


def safe_link(url: str | None) -> str | None:
    """The URL if it is an http(s) link a reader can follow, else None (no javascript: or data:)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def body_html(document: dict[str, Any]) -> Markup:
    """The sections as HTML: crossheads, paragraphs, and each quote in a <mark> naming its speaker."""
    text = document.get("text") or ""
    quotes = sorted(document.get("quotes", []), key=lambda quote: quote["start"])
    pieces: list[str] = []
    cursor = 0
    for section in document.get("sections", []):
        if section.get("heading"):
            pieces.append(f"<h2>{escape(section['heading'])}</h2>")
        for paragraph in section.get("paragraphs", []):
            start = text.find(paragraph, cursor)
            if start >= 0:
                cursor = start + len(paragraph)
            pieces.append(f"<p>{_marked(paragraph, start, quotes)}</p>")
    html = nh3.clean("".join(pieces), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel=None)
    return Markup(html)


def _marked(paragraph: str, offset: int, quotes: list[dict[str, Any]]) -> str:
    """The paragraph escaped, with the quotes that lie inside it wrapped in <mark>."""
    if offset < 0:
        return str(escape(paragraph))
    out: list[str] = []
    position = 0
    for quote in quotes:
        start, end = quote["start"] - offset, quote["end"] - offset
        if start < position or end > len(paragraph) or start >= end:
            continue
        speaker = quote.get("speaker") or "unattributed"
        out.append(str(escape(paragraph[position:start])))
        out.append(
            f'<mark class="quote {escape(quote["kind"])}" title="{escape(speaker)}">'
            f"{escape(paragraph[start:end])}</mark>"
        )
        position = end
    out.append(str(escape(paragraph[position:])))
    return "".join(out)


def speakers(quotes: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Who said what: each speaker with their quotes, in order of first appearance."""
    said: dict[str, list[dict[str, Any]]] = {}
    for quote in quotes:
        if quote.get("speaker"):
            said.setdefault(quote["speaker"], []).append(quote)
    return list(said.items())


_ANSWERS = ("denial", "confirmation", "no_comment", "claim")


def contested_split(claims: list[dict[str, Any]]) -> dict[str, list[int]]:
    """Indices of the claims that are contested (answered, or answering) and of the rest, each in
    order: a page shows the first and folds the second away."""
    answered = {claim["contradicts"] for claim in claims if claim.get("contradicts") is not None}
    contested = [
        index
        for index, claim in enumerate(claims)
        if index in answered or claim.get("contradicts") is not None or claim["stance"] != "claim"
    ]
    taken = set(contested)
    return {"contested": contested, "uncontested": [i for i in range(len(claims)) if i not in taken]}


def claim_pairs(claims: list[dict[str, Any]]) -> list[ClaimPair]:
    """Contested claims: each beside the denial that answers it, and denials of nothing named.

    Uncontested claims are left out: they are the article's reported statements, already under
    "who said what", and a column of empty denials would bury the contested ones.
    """
    answered: dict[int, dict[str, Any]] = {}
    for claim in claims:  # a denial shown before a confirmation before a no-comment, then the first
        kept = answered.get(claim.get("contradicts")) if claim.get("contradicts") is not None else None
        if claim.get("contradicts") is not None and (
            kept is None or _ANSWERS.index(claim["stance"]) < _ANSWERS.index(kept["stance"])
        ):
            answered[claim["contradicts"]] = claim
    pairs = []
    for index, claim in enumerate(claims):
        if claim.get("contradicts") is not None:
            continue
        if claim["stance"] in ("denial", "no_comment"):
            pairs.append(ClaimPair(None, claim))
        elif index in answered:
            pairs.append(ClaimPair(claim, answered[index]))
    return pairs
