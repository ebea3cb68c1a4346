"""A first pass over a run of one source's text dumps: the lines the source prints on its pages.

A site's name, menus, newsletter box and footer come back on every page it serves; a scraped dump
keeps them as lines like the story's own. Read side by side, one source's dumps show them: lines on
at least half of the pages (clean/page_lines.py: `SourceProfile`). Each text document of a run
of documents from one source (one host, or one folder for files without a URL) is given the
lines of the run, as data the clean stage reads; other documents pass through as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import PurePath
from urllib.parse import urlsplit

from newsbite.clean.page_lines import SourceProfile
from newsbite.errors import NewsBiteError
from newsbite.model import Document, DocumentKind

# A run is read whole before its first document goes on; past this many, a new run starts, so
# memory stays bounded on a folder of a million dumps (a profile needs a few dozen pages).
MAX_RUN = 200


def with_source_profiles(items: Iterable[Document | NewsBiteError]) -> Iterator[Document | NewsBiteError]:
    """The items in their order, each text document with its source's lines (`source_lines`)."""
    run: list[Document] = []
    for item in items:
        if run and (not _is_dump(item) or _source(item) != _source(run[0]) or len(run) >= MAX_RUN):
            yield from _profiled(run)
            run = []
        if _is_dump(item):
            run.append(item)
        else:
            yield item
    yield from _profiled(run)


def _is_dump(item: Document | NewsBiteError) -> bool:
    return isinstance(item, Document) and item.kind is DocumentKind.TEXT


def _source(document: Document) -> str:
    if document.url:
        return urlsplit(document.url).hostname or document.url
    return str(PurePath(document.origin).parent)


def _profiled(run: list[Document]) -> list[Document]:
    profile = SourceProfile.from_texts(document.content for document in run)
    return [profile.given_to(document) for document in run] if profile else run
