"""Documents from URLs given by the user, fetched by the safe fetcher (ingest/fetch.py).

A URL given on the command line or posted to the API is fetched as a browser would fetch a link
its user clicked: robots.txt governs what NewsBite fetches on its own (a feed's teasers), not
what a person asks for.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsbite.config import Settings
from newsbite.errors import NewsBiteError
from newsbite.ingest.fetch import Fetcher, is_http_url
from newsbite.ingest.files import documents_from_bytes
from newsbite.model import Document

is_url = is_http_url


def documents_from_url(
    url: str, settings: Settings, fetcher: Fetcher | None = None
) -> Iterator[Document | NewsBiteError]:
    """The documents at `url`; a FetchError or InputTooLarge instead when it cannot be had."""
    if fetcher is None:
        with Fetcher(settings) as own:
            yield from documents_from_url(url, settings, own)
        return
    try:
        fetched = fetcher.get(url)
    except NewsBiteError as error:
        yield error
        return
    yield from documents_from_bytes(
        fetched.body,
        url,
        max_bytes=settings.max_document_bytes,
        url=fetched.url,
        fetcher=fetcher,
        headers=fetched.headers,
    )
