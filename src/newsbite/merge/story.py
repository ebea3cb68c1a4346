"""A story as readers get it: what the API returns, the reader shows and `newsbite story` prints.

Built at read time from what the store hands it (`Store.story_document`): the story's articles
grouped into items (a dispatch and its copies), its bite and key points (its lead article's), its
outlets with a link to each copy, its timeline, and its claims and denials in time order, each
once with who made it, the reports and outlets that carried it, the claim it answers, and the
article and sentence it was first reported in (`story_claims`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from newsbite.merge.lineage import Item, Member, items, outlet
from newsbite.merge.story_claims import Report, story_claims
from newsbite.schema import NO_BITE

# Stored article documents by id, for the ids asked (those not found left out).
DocumentReader = Callable[[Sequence[str]], dict[str, dict[str, Any]]]

# The claims of at most this many items (the latest) are gathered: a story page stays quick
# however long the story runs (the reader's page shows as many of its latest reports).
CLAIM_ITEMS = 30


def story_document(
    listing: dict[str, Any], members: list[Member], read_documents: DocumentReader
) -> dict[str, Any]:
    """The whole story from its listing columns and its articles (oldest first); the documents of
    its lead and of its latest items' canonical copies are read through `read_documents`."""
    listing = dict(listing)
    lead_seq = listing.pop("lead_article_seq")
    grouped = items(members)
    lead = next((member for member in members if member.seq == lead_seq), members[0])
    claiming = grouped[-CLAIM_ITEMS:]
    documents = read_documents([lead.id, *(item.canonical.id for item in claiming)])
    lead_document = documents.get(lead.id, {})
    return {
        **listing,
        "lead_article": lead.id,
        "bite": lead_document.get("bite", dict(NO_BITE)),
        "source_names": sorted({item.lineage for item in grouped}, key=str.casefold),
        "outlet_list": _outlets(members),
        "timeline": [_timeline_entry(item) for item in grouped],
        "claims": _claims(documents, claiming),
    }


def _copy(member: Member) -> dict[str, Any]:
    return {
        "id": member.id,
        "headline": member.headline,
        "outlet": outlet(member),
        "url": member.url,
        "published": member.published,
        "time": member.sort_time,
    }


def _timeline_entry(item: Item) -> dict[str, Any]:
    return {
        "time": item.first_time,
        "time_basis": item.time_basis,
        "source": item.lineage,
        "canonical": _copy(item.canonical),
        "copies": [_copy(copy) for copy in item.copies[1:]],
    }


def _outlets(members: list[Member]) -> list[dict[str, Any]]:
    """Each outlet that ran the story, with its copies (most copies first)."""
    by_outlet: dict[str, list[dict[str, Any]]] = {}
    for member in members:
        by_outlet.setdefault(outlet(member), []).append(_copy(member))
    ordered = sorted(by_outlet.items(), key=lambda pair: (-len(pair[1]), pair[0].casefold()))
    return [{"name": name, "articles": copies} for name, copies in ordered]


def _claims(documents: dict[str, dict[str, Any]], grouped: list[Item]) -> list[dict[str, Any]]:
    """The story's claims over each item's canonical copy, in time order."""
    reports = [
        Report(
            article=item.canonical.id,
            outlet=outlet(item.canonical),
            source=item.lineage,
            time=item.first_time,
            time_basis=item.time_basis,
            document=documents[item.canonical.id],
        )
        for item in grouped
        if item.canonical.id in documents
    ]
    return story_claims(reports, sentence_of=_sentence)


def _sentence(document: dict[str, Any], text: str) -> str:
    """The article sentence a claim was found in (the claim itself where it spans sentences)."""
    probe = " ".join(text.split())[:60]
    for sentence in document.get("sentences", []):
        if probe and probe in " ".join(sentence.split()):
            return str(sentence)
    return text
