"""Where the server says it is: absolute links from the configured `base_url`, never from a
request's Host header alone, and without a `base_url` only the trusted hosts answered.

A link built from the Host header says whatever the client said: behind a proxy or a cache, one
forged request would put its host into a feed every later reader is served (cache poisoning).
With `base_url` set, each request is rewritten to it before anything reads its URL, so the feeds'
own and item links, redirects and whatever a later route builds all name it. Without one, a
request naming a host outside `trusted_hosts` gets 400 before it reaches a route.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from newsbite.config import ENV_PREFIX, Settings
from newsbite.errors import ConfigError
from newsbite.serve.errors import ApiError

# The names a server on loopback is reached by, as `make run` serves.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class PublicOrigin:
    """The scheme, host and port readers reach the server at, from `base_url`."""

    scheme: str
    hostname: str
    port: int
    # As a Host header carries it: the host, bracketed if IPv6, and the port unless the default.
    netloc: str


def public_origin(settings: Settings) -> PublicOrigin | None:
    """The origin `base_url` names, or None when it is unset; ConfigError when it is not an
    http(s) URL of a host alone (the reader links from its host's root, so no path)."""
    if not settings.base_url:
        return None
    try:
        parts = urlsplit(settings.base_url.strip())
        port = parts.port
    except ValueError as error:
        raise _bad_base_url(settings.base_url, str(error)) from None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise _bad_base_url(settings.base_url, "is not an http or https URL with a host")
    if not parts.hostname.isascii():
        raise _bad_base_url(settings.base_url, "names its host in Unicode: write it in its xn-- form")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username or parts.password:
        raise _bad_base_url(
            settings.base_url,
            "must be the server's origin alone (scheme, host, port), as the reader's "
            "links start from the host's root",
        )
    hostname = parts.hostname
    host = f"[{hostname}]" if ":" in hostname else hostname
    default = DEFAULT_PORTS[parts.scheme]
    return PublicOrigin(
        parts.scheme, hostname, port or default, host if port in (None, default) else f"{host}:{port}"
    )


def is_loopback(host: str) -> bool:
    """Whether a server bound to `host` is reached from this machine alone."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def trusted_hosts(settings: Settings, bind_host: str | None) -> frozenset[str] | None:
    """The host names a request may give (`*.example.org` covering its subdomains), or None for
    any: `trusted_hosts` when set (`*` is any), else any once `base_url` is set (no link follows
    the Host header then), else the loopback names and the address the server listens on."""
    if settings.trusted_hosts.strip():
        names = frozenset(name.strip().lower().strip("[]") for name in settings.trusted_hosts.split(","))
        return None if "*" in names else names - {""}
    if settings.base_url:
        return None
    return frozenset((*LOOPBACK_HOSTS, *([bind_host.lower().strip("[]")] if bind_host else [])))


def host_is_trusted(host_header: str, trusted: frozenset[str]) -> bool:
    """Whether the Host header names one of `trusted`, and nothing more than a host and a port
    (links are built from it whole, so `127.0.0.1/x` or `user@127.0.0.1` is not trusted)."""
    try:
        parts = urlsplit(f"//{host_header}")
        parts.port  # noqa: B018 (reading it checks it: a port that is no number raises)
    except ValueError:  # an unclosed IPv6 bracket, a port that is no number
        return False
    hostname = parts.hostname
    if not hostname or parts.netloc != host_header or "@" in host_header:
        return False
    return hostname in trusted or any(
        name.startswith("*.") and hostname.endswith(name[1:]) for name in trusted
    )


ErrorResponder = Callable[[Request, ApiError], Response]


class HostGuard:
    """Refuses a request whose Host is not trusted; rewrites every request to the public origin.

    Plain ASGI, outside the routes, so that a redirect Starlette makes (a trailing slash) is built
    from the rewritten request too. The refusal has the one error shape, through `respond`.
    """

    def __init__(
        self,
        app: ASGIApp,
        origin: PublicOrigin | None,
        trusted: frozenset[str] | None,
        respond: ErrorResponder,
    ) -> None:
        self.app = app
        self.origin = origin
        self.trusted = trusted
        self.respond = respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.trusted is not None:
            host = _host_header(scope)
            if not host_is_trusted(host, self.trusted):
                refusal = ApiError(
                    400,
                    "untrusted_host",
                    f"this server does not answer to the host {host!r}: set {ENV_PREFIX}BASE_URL "
                    f"or {ENV_PREFIX}TRUSTED_HOSTS to serve it",
                )
                await self.respond(Request(scope), refusal)(scope, receive, send)
                return
        if self.origin is not None:
            scope = _at_origin(scope, self.origin)
        await self.app(scope, receive, send)


def _host_header(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"host":
            return str(value.decode("latin-1"))
    return ""


def _at_origin(scope: Scope, origin: PublicOrigin) -> Scope:
    """The request as if it had been made to `origin`: what Starlette builds URLs from."""
    headers = [(name, value) for name, value in scope["headers"] if name != b"host"]
    headers.append((b"host", origin.netloc.encode("ascii")))
    return {**scope, "scheme": origin.scheme, "server": (origin.hostname, origin.port), "headers": headers}


def _bad_base_url(value: str, problem: str) -> ConfigError:
    return ConfigError(f"{ENV_PREFIX}BASE_URL", f"{value!r} {problem}")


def local_path(target: str) -> str:
    """`target` when it is a path on this server, else "/": where a form may send a browser back
    to (never another site, as `//host` or `/\\host` would)."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
