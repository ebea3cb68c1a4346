"""Documents from URLs, fetched with httpx within the size limit and the private-network rule."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx

from newsbite.config import Settings
from newsbite.errors import FetchError, InputTooLarge, NewsBiteError
from newsbite.ingest.files import documents_from_bytes
from newsbite.model import Document

_MAX_REDIRECTS = 5


def is_url(value: str) -> bool:
    """True for an http(s) URL."""
    return urlsplit(value).scheme in {"http", "https"} and bool(urlsplit(value).netloc)


def documents_from_url(
    url: str, settings: Settings, transport: httpx.BaseTransport | None = None
) -> Iterator[Document | NewsBiteError]:
    """The documents at `url`; a FetchError or InputTooLarge instead when it cannot be had."""
    try:
        data, final_url = fetch(url, settings, transport)
    except NewsBiteError as error:
        yield error
        return
    yield from documents_from_bytes(data, url, max_bytes=settings.max_document_bytes, url=final_url)


def fetch(url: str, settings: Settings, transport: httpx.BaseTransport | None = None) -> tuple[bytes, str]:
    """The body of `url` and the URL it was finally served from, following redirects safely."""
    with httpx.Client(
        transport=transport,
        timeout=settings.fetch_timeout_seconds,
        headers={"User-Agent": settings.user_agent},
        follow_redirects=False,
    ) as client:
        current = url
        for _ in range(_MAX_REDIRECTS + 1):
            _refuse_private_host(current, url, settings)
            answer = _get(client, current, url, settings.max_document_bytes)
            if isinstance(answer, tuple):
                return answer
            current = answer
    raise FetchError(url, f"more than {_MAX_REDIRECTS} redirects")


def _get(client: httpx.Client, current: str, origin: str, max_bytes: int) -> tuple[bytes, str] | str:
    """The body and URL, or the next URL when redirected."""
    try:
        with client.stream("GET", current) as response:
            if response.is_redirect:
                return str(response.url.join(response.headers.get("location", "")))
            if response.status_code >= 400:
                raise FetchError(
                    origin, f"the server answered HTTP {response.status_code} {response.reason_phrase}"
                )
            declared = int(response.headers.get("content-length") or 0)
            if declared > max_bytes:
                raise InputTooLarge(
                    origin, f"the page is over the {max_bytes:,}-byte limit ({declared:,} bytes)"
                )
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > max_bytes:
                    raise InputTooLarge(origin, f"the page is over the {max_bytes:,}-byte limit")
            return bytes(body), str(response.url)
    except httpx.TimeoutException:
        raise FetchError(origin, "timed out") from None
    except httpx.HTTPError as error:
        raise FetchError(origin, f"cannot be fetched ({_describe(error)})") from None


def _refuse_private_host(url: str, origin: str, settings: Settings) -> None:
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        raise FetchError(origin, f"cannot be fetched (the host {host!r} does not resolve)") from None
    if settings.allow_private_addresses:
        return
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise FetchError(
                origin,
                f"refused: {host} is a private or local address"
                f"{'' if host == str(ip) else f' ({ip})'}; "
                "set NEWSBITE_ALLOW_PRIVATE_ADDRESSES=true to allow it",
            )


def _describe(error: httpx.HTTPError) -> str:
    text = str(error).strip()
    return text or type(error).__name__
