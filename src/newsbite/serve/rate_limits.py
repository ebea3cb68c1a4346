"""How often a client may write, and may fail to prove who it is: counted with `limits`, and
over a limit a 429 in the one error shape, with Retry-After saying how long to wait.

Writes (POST, PUT, PATCH, DELETE under /api) count against `write_rate_limit` per client: its
token when it bears the right one, else its address. Failed token checks count against
`login_rate_limit` per address; both are applied in serve/auth.py, and a login route, when there
is one, holds its attempts to the same `logins` through `app.state.newsbite.rate_limits`. Counts
are kept in each server process's memory, so with `--workers N` a client may get up to N times a
limit.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from fastapi import Request
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from newsbite.config import ENV_PREFIX, Settings
from newsbite.errors import ConfigError
from newsbite.serve.errors import ApiError


@dataclass(frozen=True)
class RateLimit:
    """One setting's limits ("60/minute;1000/day"), counted apart from every other setting's."""

    name: str
    items: tuple[RateLimitItem, ...]
    # What is counted, as a refusal says it: "writes".
    counted: str


def parse_rate_limit(settings: Settings, name: str, counted: str) -> RateLimit:
    """The limit the setting `name` holds, as `limits` reads it; ConfigError naming the variable."""
    value = getattr(settings, name)
    try:
        items = tuple(parse_many(value))
    except ValueError:
        items = ()
    if not items:
        raise ConfigError(
            f"{ENV_PREFIX}{name.upper()}", f"{value!r} is not a rate limit such as 60/minute or 1000 per day"
        )
    return RateLimit(name, items, counted)


class RateLimits:
    """The limiter and the limits the settings name: `writes` and `logins`."""

    def __init__(self, settings: Settings) -> None:
        self.writes = parse_rate_limit(settings, "write_rate_limit", "writes")
        self.logins = parse_rate_limit(settings, "login_rate_limit", "failed attempts to authenticate")
        # A moving window: a burst at the end of one minute and the start of the next still
        # counts as one minute's worth.
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    def hit(self, limit: RateLimit, client: str) -> None:
        """Counts one attempt by `client`; ApiError 429 when it is one over any of `limit`'s items."""
        for item in limit.items:
            if not self.limiter.hit(item, limit.name, client):
                raise self._too_many(limit, item, client)

    def check(self, limit: RateLimit, client: str) -> None:
        """ApiError 429 when `client` has no attempt left under `limit`; counts nothing."""
        for item in limit.items:
            if not self.limiter.test(item, limit.name, client):
                raise self._too_many(limit, item, client)

    def _too_many(self, limit: RateLimit, item: RateLimitItem, client: str) -> ApiError:
        reset = self.limiter.get_window_stats(item, limit.name, client).reset_time
        wait = max(1, math.ceil(reset - time.time()))
        return ApiError(
            429,
            "rate_limited",
            f"too many {limit.counted} from this client (at most {item}): try again in {wait} s",
            {"Retry-After": str(wait)},
        )


def client_address(request: Request) -> str:
    """The client's address as the server sees it (behind a proxy on loopback, uvicorn takes it
    from X-Forwarded-For); `address:unknown` when the transport gives none."""
    return f"address:{request.client.host if request.client else 'unknown'}"


def token_client(token: str) -> str:
    """A client known by its bearer token, without keeping the token itself as a key."""
    return "token:" + hashlib.sha256(token.encode()).hexdigest()[:32]
