"""Ingest: any input (a path, a directory, a URL, `-` for stdin) as a stream of documents.

A bad input is yielded as its NewsBiteError in place of a document, so one failure never stops
the inputs after it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path

from newsbite.config import Settings
from newsbite.errors import NewsBiteError
from newsbite.ingest.fetch import Fetcher
from newsbite.ingest.files import (
    documents_from_bytes,
    documents_from_path,
    documents_from_stream,
    failing_alone,
)
from newsbite.ingest.profiles import with_source_profiles
from newsbite.ingest.web import documents_from_url, is_url
from newsbite.model import Document

STDIN = "-"

__all__ = ["STDIN", "Fetcher", "documents_from_bytes", "read_inputs"]


def read_inputs(
    inputs: Iterable[str], settings: Settings, fetcher: Fetcher | None = None
) -> Iterator[Document | NewsBiteError]:
    """Every document of every input, in the order given; failures in place of what failed.

    URLs, and the teaser entries of feeds, are fetched with `fetcher` (one is made for the run
    when none is given). Text dumps carry the lines their source repeats (ingest/profiles.py).
    """
    with ExitStack() as stack:
        fetcher = fetcher or stack.enter_context(Fetcher(settings))
        limit = settings.max_document_bytes
        for value in inputs:
            if value == STDIN:
                documents = documents_from_stream(sys.stdin.buffer, "<stdin>", limit, fetcher=fetcher)
            elif is_url(value):
                documents = documents_from_url(value, settings, fetcher)
            else:
                documents = documents_from_path(Path(value), limit, fetcher)
            yield from with_source_profiles(failing_alone(documents, "<stdin>" if value == STDIN else value))
