"""What the sync APIs show of an entry's article: the bite as the feeds give it (its sentences,
key points and where it was first published), its byline and language. Made from the stored
document, and kept by the article and the document's bytes: an app's page of 50 entries read and
parsed 50 documents (2 ms of 7), and apps ask for the same newest entries on every sync."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from cachetools import LRUCache

from newsbite.serve.feeds import item_html
from newsbite.store.entries import Entry
from newsbite.store.store import load_document

# Articles whose content one server process keeps: the newest entries of its readers' feeds.
CONTENTS_KEPT = 20_000


@dataclass(frozen=True)
class EntryContent:
    html: str
    byline: str | None
    language: str | None
    words: int  # in the HTML's text


NO_CONTENT = EntryContent("", None, None, 0)
_KEPT: LRUCache[tuple[int, int], EntryContent] = LRUCache(maxsize=CONTENTS_KEPT)
_LOCK = threading.Lock()


def entry_content(entry: Entry) -> EntryContent:
    """The entry's content; NO_CONTENT when it came without its document (`with_documents`)."""
    if entry.document is None:
        return NO_CONTENT
    # By the bytes too: an article stored again with a new text has a new document.
    key = (entry.article_seq, hash(entry.document))
    with _LOCK:
        found = _KEPT.get(key)
    if found is not None:
        return found
    document = load_document(entry.document)
    html = item_html(document)
    made = EntryContent(
        html,
        document.get("byline") or None,
        document.get("language") or None,
        len(re.sub(r"<[^>]*>", " ", html).split()),
    )
    with _LOCK:
        _KEPT[key] = made
    return made
