"""Fetching over HTTP with httpx, politely and safely.

Safe: only http and https; every connection is checked on the address it actually connects to,
after DNS, so neither a redirect nor a DNS answer that changes between a check and the connect
(rebinding) reaches loopback, private, link-local or cloud-metadata addresses unless the
`allow_hosts` setting names the host or its network. Bounded: timeouts per read and for the
whole response, redirects capped, and the size limit enforced while the body streams in, on
the inflated bytes, inflating no further than the limit.

Polite: a clear User-Agent, at most `fetch_per_host` requests at a time to one host spaced
`fetch_host_interval_seconds` apart, conditional GET (ETag, Last-Modified), retries with
exponential backoff and jitter on 429 and 5xx that honour Retry-After, and robots.txt for the
pages fetched on a feed's behalf (RFC 9309: a missing robots.txt allows everything, an
unreachable one nothing, for now).
"""

from __future__ import annotations

import ipaddress
import random
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import brotli
import httpcore
import httpx
from httpcore._backends.sync import SyncStream
from protego import Protego

from newsbite.config import Settings
from newsbite.errors import FetchError, InputTooLarge

MAX_REDIRECTS = 5
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
# robots.txt files are small; Google reads the first 500 KiB of one.
ROBOTS_MAX_BYTES = 500 * 1024
ROBOTS_TTL_SECONDS = 24 * 3600
# AWS, GCP and Azure answer instance metadata here; it is link-local (so refused anyway), but a
# CIDR in allow_hosts that happens to cover it must not open it.
METADATA_ADDRESSES = frozenset(
    {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
)


@dataclass(frozen=True)
class Fetched:
    """One answer: where it finally came from, its status (200, or 304 Not Modified) and body."""

    url: str
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


class HostPolicy:
    """Which hosts may be reached: public addresses, plus what `allow_hosts` names.

    `allow_hosts` is a comma-separated list of host names (`news.internal`), addresses
    (`127.0.0.1`) and networks (`10.0.0.0/8`).
    """

    def __init__(self, allow_hosts: str = "") -> None:
        self.names: set[str] = set()
        self.addresses: set[IPAddress] = set()
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for item in (part.strip().strip("[]") for part in allow_hosts.split(",")):
            if not item:
                continue
            try:
                if "/" in item:
                    self.networks.append(ipaddress.ip_network(item, strict=False))
                else:
                    self.addresses.add(ipaddress.ip_address(item))
            except ValueError:
                self.names.add(item.lower().rstrip("."))

    def allows(self, host: str, address: str) -> bool:
        ip = ipaddress.ip_address(address.split("%")[0])
        if host.lower().rstrip(".") in self.names or ip in self.addresses:
            return True
        inner = _embedded_ipv4(ip)
        if inner is not None and inner != ip:
            return self.allows(host, str(inner))
        if ip in METADATA_ADDRESSES:
            return False
        public = ip.is_global and not ip.is_multicast
        return public or any(ip in network for network in self.networks)


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# IPv6 prefixes that carry an IPv4 address in their last 32 bits, reaching it through a
# translator (NAT64, RFC 6052 and 8215) or the deprecated IPv4-compatible form.
_IPV4_CARRIERS = tuple(ipaddress.ip_network(prefix) for prefix in ("64:ff9b::/96", "64:ff9b:1::/48", "::/96"))


def _embedded_ipv4(ip: IPAddress) -> IPAddress | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, Teredo, NAT64), if any."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped or ip.sixtofour:
        return ip.ipv4_mapped or ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if any(ip in carrier for carrier in _IPV4_CARRIERS) and int(ip) > 1:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


class BlockedAddress(Exception):
    """A connection to an address the policy refuses (raised inside httpx, turned into a FetchError)."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(host, address)
        self.host, self.address = host, address


class UnresolvableHost(Exception):
    """The host name has no address."""

    def __init__(self, host: str) -> None:
        super().__init__(host)
        self.host = host


def _allowed_addresses(policy: HostPolicy, host: str, port: int) -> list[Any]:
    """The host's addresses (getaddrinfo's entries) that the policy allows; UnresolvableHost when it
    has none, BlockedAddress when it allows none of them."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UnresolvableHost(host) from None
    allowed = [info for info in found if policy.allows(host, str(info[4][0]))]
    if not allowed:
        raise BlockedAddress(host, str(found[0][4][0]))
    return allowed


def _address_kind(address: str) -> str:
    """What kind of address a refused one is, for the reason given: a private network address,
    loopback, link-local, the cloud metadata address, ..."""
    ip = ipaddress.ip_address(address.split("%")[0])
    ip = _embedded_ipv4(ip) or ip
    if ip in METADATA_ADDRESSES:
        return "the cloud metadata address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_private:
        return "a private network address"
    return "an address that is not public"


class _GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, resolving names itself so that it connects only to allowed addresses."""

    def __init__(self, policy: HostPolicy) -> None:
        self.policy = policy

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        allowed = _allowed_addresses(self.policy, host, port)
        last_error: OSError | None = None
        for family, kind, protocol, _, address in allowed:
            sock = socket.socket(family, kind, protocol)
            try:
                sock.settimeout(timeout)
                if local_address:
                    sock.bind((local_address, 0))
                sock.connect(address)
            except OSError as error:
                sock.close()
                last_error = error
                continue
            for option in socket_options or ():
                sock.setsockopt(*option)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return SyncStream(sock)
        if isinstance(last_error, TimeoutError):
            raise httpcore.ConnectTimeout(str(last_error))
        raise httpcore.ConnectError(str(last_error))


class _GuardedTransport(httpx.HTTPTransport):
    # httpx offers no way to hand its transport a network backend, so the pool it built is
    # replaced by one with the guarded backend (httpx 0.28 and httpcore 1.0, pinned through
    # httpx; tests/ingest/test_fetch.py fails loudly if a release changes this).
    def __init__(self, policy: HostPolicy) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=_GuardedBackend(policy),
            max_connections=100,
            max_keepalive_connections=20,
        )


class _HostGate:
    """At most `slots` requests at a time to one host, starting at least `interval` seconds apart."""

    def __init__(self, slots: int, interval: float) -> None:
        self._slots = threading.BoundedSemaphore(max(1, slots))
        self._lock = threading.Lock()
        self._interval = interval
        self._next_start = 0.0

    @contextmanager
    def turn(self, wait: Callable[[float], bool]) -> Iterator[None]:
        """Hold a slot once this host's spacing allows; `wait(seconds)` sleeps, True meaning stop."""
        self._slots.acquire()
        try:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start)
                self._next_start = start + self._interval
            if start > now and wait(start - now):
                raise _Stopped
            yield
        finally:
            self._slots.release()


@dataclass
class _Robots:
    rules: Protego | None  # None: everything allowed
    expires: float
    refuse_all: bool = False


class _Stopped(Exception):
    """The run is stopping (the fetcher's `stop` was set) while a request waited its turn."""


class Fetcher:
    """An HTTP client for NewsBite's fetching; one per run, shared by threads. Use as a context manager.

    Setting `stop` cuts short any wait (a host's spacing, a retry's backoff): the request in hand
    then fails at once, so that a watcher asked to stop does.
    """

    def __init__(
        self,
        settings: Settings,
        transport: httpx.BaseTransport | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.settings = settings
        self.stop = stop or threading.Event()
        self._policy = HostPolicy(settings.allow_hosts)
        self._client = httpx.Client(
            transport=transport or _GuardedTransport(self._policy),
            timeout=settings.fetch_timeout_seconds,
            # Only what _BoundedDecoder can inflate within the size limit; httpx would inflate a
            # whole chunk at once, however far it expands.
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": ", ".join(DECODERS)},
            follow_redirects=False,
            trust_env=False,
        )
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, _Robots] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(
        self,
        url: str,
        *,
        origin: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        obey_robots: bool = False,
        max_bytes: int | None = None,
        truncate: bool = False,
    ) -> Fetched:
        """GET `url`, following redirects; FetchError or InputTooLarge naming `origin` (default: url).

        With `truncate`, a body over the limit is cut there instead of refused.
        """
        origin = origin or url
        conditional = {"If-None-Match": etag} if etag else {}
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            _check_scheme(current, origin)
            if obey_robots:
                self._check_robots(current, origin)
            answer = self._get_with_retries(current, origin, conditional, max_bytes, truncate)
            if isinstance(answer, Fetched):
                return answer
            current = answer
        raise FetchError(origin, f"more than {MAX_REDIRECTS} redirects", reason="redirects")

    def _check_robots(self, url: str, origin: str) -> None:
        """FetchError unless the site's robots.txt lets NewsBite's User-Agent fetch `url`."""
        key = _robots_url(url)
        with self._lock:
            known = self._robots.get(key)
        if known is None or known.expires < time.monotonic():
            known = self._read_robots(key, url, origin)
            with self._lock:
                self._robots[key] = known
        if known.refuse_all:
            unavailable = f"not fetched: {key} cannot be read now, so nothing on the site may be"
            raise FetchError(origin, unavailable, reason="robots_unavailable")
        if known.rules is not None and not known.rules.can_fetch(url, self.settings.user_agent):
            raise FetchError(origin, f"refused by {key} for NewsBite", reason="robots")

    def _read_robots(self, robots_url: str, url: str, origin: str) -> _Robots:
        """The rules of the site `url` is on; FetchError for `origin` when the site's own address is
        refused, since the page, on the same host, would be refused for the same reason."""
        expires = time.monotonic() + ROBOTS_TTL_SECONDS
        try:
            fetched = self.get(robots_url, max_bytes=ROBOTS_MAX_BYTES, truncate=True)
        except FetchError as error:
            if error.reason == "blocked":
                refused = self._refused_address(url)
                if refused is not None:
                    raise _blocked(origin, url, refused) from None
            if error.reason.startswith("http_4") and error.reason != "http_429":
                return _Robots(None, expires)  # RFC 9309 2.3.1.3: unavailable, so unrestricted
            # Unreachable or rate-limited (2.3.1.4): assume complete disallow, ask again later.
            return _Robots(None, time.monotonic() + 600, refuse_all=True)
        text = fetched.body.decode("utf-8", errors="replace")
        return _Robots(Protego.parse(text), expires)

    def _refused_address(self, url: str) -> BlockedAddress | None:
        """Why the policy refuses the host of `url` itself, if it does (not where it redirects)."""
        parts = urlsplit(url)
        try:
            _allowed_addresses(self._policy, parts.hostname or "", 443 if parts.scheme == "https" else 80)
        except BlockedAddress as blocked:
            return blocked
        except UnresolvableHost:
            pass
        return None

    def _get_with_retries(
        self, url: str, origin: str, conditional: dict[str, str], max_bytes: int | None, truncate: bool
    ) -> Fetched | str:
        retries = max(0, self.settings.fetch_retries)
        for attempt in range(retries + 1):
            try:
                limit = max_bytes or self.settings.max_document_bytes
                return self._get_once(url, origin, conditional, limit, truncate)
            except _Retryable as retryable:
                wait = retryable.retry_after
                if wait is None:
                    base = self.settings.fetch_backoff_seconds * 2**attempt
                    wait = base + random.uniform(0, base)  # full jitter on top of the exponential step
                too_long = wait > self.settings.fetch_max_retry_wait_seconds
                if attempt == retries or too_long or self.stop.wait(wait):
                    raise retryable.error from None
            except _Stopped:
                raise FetchError(origin, "not fetched: NewsBite is stopping", reason="stopped") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _get_once(
        self, url: str, origin: str, conditional: dict[str, str], limit: int, truncate: bool
    ) -> Fetched | str:
        host = urlsplit(url).hostname or ""
        deadline = time.monotonic() + self.settings.fetch_deadline_seconds
        try:
            gate = self._gate(host).turn(self.stop.wait)
            with gate, self._client.stream("GET", url, headers=conditional) as response:
                if response.has_redirect_location:
                    return str(response.url.join(response.headers["location"]))
                headers = {key.lower(): value for key, value in response.headers.items()}
                if response.status_code == 304:
                    return Fetched(str(response.url), 304, b"", headers)
                if response.status_code >= 400:
                    _raise_for_status(response, origin)
                declared = _int(headers.get("content-length"))
                if (
                    declared is not None
                    and declared > limit
                    and "content-encoding" not in headers
                    and not truncate
                ):
                    raise InputTooLarge.over_limit(origin, limit, declared, "response")
                decoder = _BoundedDecoder(headers.get("content-encoding", ""), limit, origin)
                body = bytearray()
                for chunk in response.iter_raw():
                    body += decoder.decode(chunk, limit - len(body))
                    if len(body) > limit:
                        if truncate:
                            return Fetched(
                                str(response.url), response.status_code, bytes(body[:limit]), headers
                            )
                        raise InputTooLarge.over_limit(origin, limit, what="response")
                    if time.monotonic() > deadline:
                        raise FetchError(
                            origin,
                            f"took more than {self.settings.fetch_deadline_seconds:g} s in all",
                            reason="timeout",
                        )
                return Fetched(str(response.url), response.status_code, bytes(body), headers)
        except BlockedAddress as blocked:
            raise _blocked(origin, url, blocked) from None
        except UnresolvableHost as unresolvable:
            raise FetchError(
                origin, f"cannot be fetched (the host {unresolvable.host!r} does not resolve)", reason="dns"
            ) from None
        except httpx.TimeoutException:
            raise FetchError(
                origin, f"timed out after {self.settings.fetch_timeout_seconds:g} s", reason="timeout"
            ) from None
        except httpx.ConnectError as error:
            refused = "refused" in str(error).lower()
            raise FetchError(
                origin,
                f"cannot be fetched ({'connection refused' if refused else _describe(error)})",
                reason="refused" if refused else "unreachable",
            ) from None
        except httpx.InvalidURL as error:
            raise FetchError(origin, f"not a usable URL ({_describe(error)})", reason="url") from None
        except httpx.DecodingError as error:
            raise FetchError(
                origin, f"the response cannot be decoded ({_describe(error)})", reason="decoding"
            ) from None
        except httpx.HTTPError as error:
            raise FetchError(
                origin, f"cannot be fetched ({_describe(error)})", reason="unreachable"
            ) from None

    def _gate(self, host: str) -> _HostGate:
        """The host's gate (one per host for the fetcher's life)."""
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = _HostGate(self.settings.fetch_per_host, self.settings.fetch_host_interval_seconds)
                self._gates[host] = gate
        return gate


class _Retryable(Exception):
    """A failure worth another try (429 or 5xx), with the server's Retry-After if it gave one."""

    def __init__(self, error: FetchError, retry_after: float | None) -> None:
        super().__init__(str(error))
        self.error, self.retry_after = error, retry_after


def _blocked(origin: str, url: str, blocked: BlockedAddress) -> FetchError:
    """The refusal of `url`, whose host the policy refuses, naming the kind of address it is."""
    at = "" if blocked.host == blocked.address else f" ({blocked.address})"
    return FetchError(
        origin,
        f"refused: {url} points at {_address_kind(blocked.address)}{at}; "
        f"add {blocked.host} to NEWSBITE_ALLOW_HOSTS to allow it",
        reason="blocked",
    )


def _raise_for_status(response: httpx.Response, origin: str) -> None:
    status = response.status_code
    error = FetchError(
        origin, f"the server answered HTTP {status} {response.reason_phrase}", reason=f"http_{status}"
    )
    if status in RETRIED_STATUSES:
        raise _Retryable(error, retry_after_seconds(response.headers.get("retry-after")))
    raise error


def retry_after_seconds(value: str | None) -> float | None:
    """A Retry-After header (delay-seconds or an HTTP-date) as seconds from now; None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdecimal():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def is_http_url(value: str) -> bool:
    """True for an absolute http(s) URL with a host (what the fetcher will fetch)."""
    try:
        parts = urlsplit(value)
        return parts.scheme in {"http", "https"} and bool(parts.hostname)
    except ValueError:  # a malformed one: an unclosed [ in the host, a bad port
        return False


def _check_scheme(url: str, origin: str) -> None:
    if not is_http_url(url):
        raise FetchError(origin, f"refused: {url!r} is not an http(s) URL", reason="scheme")


def _robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


class _BoundedDecoder:
    """Content-Encoding undone chunk by chunk, never inflating past what the size limit leaves.

    One encoding of gzip, deflate or br (what the fetcher asks for), or none; stacked or other
    encodings are refused rather than trusted.
    """

    def __init__(self, encoding: str, limit: int, origin: str) -> None:
        self.name = encoding.strip().lower()
        self.origin = origin
        if self.name in ("", "identity"):
            self._inflate = None
        elif self.name in ("gzip", "x-gzip", "deflate"):
            # wbits 47: a gzip or zlib header, told apart by the stream itself (servers mislabel)
            zlib_state = zlib.decompressobj(47)
            self._inflate = lambda data, room: _zlib_step(zlib_state, data, room)
        elif self.name == "br":
            brotli_state = brotli.Decompressor()
            self._inflate = lambda data, room: _brotli_step(brotli_state, data, room)
        else:
            raise FetchError(
                origin, f"refused: an unsupported Content-Encoding {encoding!r}", reason="decoding"
            )

    def decode(self, data: bytes, room: int) -> bytes:
        """`data` undone, at most `room`+1 bytes of it (one more than fits shows it is too large)."""
        if self._inflate is None:
            return data
        try:
            return self._inflate(data, max(0, room) + 1)
        except (zlib.error, brotli.error) as error:
            raise FetchError(
                self.origin, f"the {self.name} response is corrupt ({error})", reason="decoding"
            ) from None


def _zlib_step(state: Any, data: bytes, room: int) -> bytes:
    output = state.decompress(data, room)
    return output + b"\0" if state.unconsumed_tail else output  # more was waiting: over the limit


def _brotli_step(state: Any, data: bytes, room: int) -> bytes:
    output = state.process(data, output_buffer_limit=room)
    return output + b"\0" if not state.can_accept_more_data() else output


DECODERS = ("gzip", "deflate", "br")


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _describe(error: Exception) -> str:
    text = str(error).strip()
    return text or type(error).__name__
