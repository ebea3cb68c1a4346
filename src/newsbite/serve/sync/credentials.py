"""Who an app is, on the sync APIs (docs/apps.md).

An app signs in with a user's name and API password (`newsbite users api-password`), apart from
the web password as FreshRSS keeps them: Google Reader's ClientLogin takes them once and answers
an `Auth` that the app sends after, and Miniflux's apps send them in HTTP Basic on every request,
or send one of the user's API tokens as `X-Auth-Token`.

argon2 costs tens of milliseconds on purpose, so a password that checked out is kept for a few
minutes, by a SHA-256 of the reader, their stored hash and the password (never the password):
a new API password changes the stored hash, and with it every key. A Google Reader `Auth` is an
HMAC of the reader and their API password's hash under the server's key, so it needs no table,
and a new API password signs every app out. Wrong credentials count against the address's
`login_rate_limit`, as a wrong web password does.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from fastapi import Request

from newsbite.accounts import new_secret, password_matches
from newsbite.serve.rate_limits import client_address
from newsbite.serve.state import ServerState
from newsbite.store import Reader

# How long a verified API password is taken without argon2: an app syncing every few minutes
# pays for one check each time, not one a request.
VERIFIED_SECONDS = 300
# Kept at most, oldest dropped first: the readers' apps of one server.
VERIFIED_KEPT = 4_096
_AUTH_LENGTH = 40  # hex digits of the HMAC in a Google Reader Auth


class AppCredentials:
    """One server's check of the sync APIs' credentials; one per app (`app_credentials`)."""

    def __init__(self, state: ServerState) -> None:
        self._state = state
        self._key = state.store.readers.server_key("sync", new_secret()).encode()
        self._verified: dict[str, float] = {}

    def by_password(self, request: Request, name: str, password: str) -> Reader | None:
        """The user `name` when `password` is their API password, else None (counted as a failed
        attempt of the request's address; past the limit, 429)."""
        limits, address = self._state.rate_limits, client_address(request)
        limits.check(limits.logins, address)
        reader = self._state.store.readers.get(name) if name and password else None
        if reader is None or not self._password_matches(reader, password):
            limits.hit(limits.logins, address)
            return None
        return reader

    def by_token(self, request: Request, secret: str) -> Reader | None:
        """The user whose live API token `secret` is, else None (counted as a failed attempt)."""
        from newsbite.serve.sessions import reader_by_token

        return reader_by_token(request, self._state, secret, "api")

    def google_auth(self, reader: Reader) -> str:
        """The `Auth` ClientLogin answers for `reader`: theirs until their API password changes."""
        return f"{reader.seq}/{self._mac('auth', reader)[:_AUTH_LENGTH]}"

    def by_google_auth(self, request: Request, auth: str) -> Reader | None:
        """The user an `Auth` was made for, while their API password is the same; else None
        (counted as a failed attempt)."""
        seq, _, mac = auth.strip().partition("/")
        reader = self._state.store.readers.by_seq(int(seq)) if seq.isdigit() and len(seq) < 19 else None
        if (
            reader is not None
            and reader.api_password_hash
            and secrets.compare_digest(mac.encode(), self._mac("auth", reader)[:_AUTH_LENGTH].encode())
        ):
            return reader
        limits, address = self._state.rate_limits, client_address(request)
        limits.check(limits.logins, address)
        limits.hit(limits.logins, address)
        return None

    def action_token(self, reader: Reader) -> str:
        """Google Reader's `T` token, which every change carries: an HMAC as long as FreshRSS's
        (57 characters), so that a page of another site cannot make one."""
        return self._mac("action", reader)[:57]

    def action_token_matches(self, reader: Reader, given: str | None) -> bool:
        return bool(given) and secrets.compare_digest(
            (given or "").encode(), self.action_token(reader).encode()
        )

    def _mac(self, purpose: str, reader: Reader) -> str:
        message = f"{purpose}:{reader.seq}:{reader.api_password_hash}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def _password_matches(self, reader: Reader, password: str) -> bool:
        if not reader.api_password_hash:
            return False
        key = hashlib.sha256(f"{reader.seq}\0{reader.api_password_hash}\0{password}".encode()).hexdigest()
        now = time.monotonic()
        if self._verified.get(key, 0.0) > now:
            return True
        if not password_matches(reader.api_password_hash, password):
            return False
        if len(self._verified) >= VERIFIED_KEPT:
            for stale in [k for k, until in self._verified.items() if until <= now] or list(self._verified)[
                :1
            ]:
                del self._verified[stale]
        self._verified[key] = now + VERIFIED_SECONDS
        return True


def app_credentials(request: Request) -> AppCredentials:
    """The app's credential check, made on first use (reading or making its key in the store)."""
    found: AppCredentials | None = getattr(request.app.state, "app_credentials", None)
    if found is None:
        found = request.app.state.app_credentials = AppCredentials(request.app.state.newsbite)
    return found
