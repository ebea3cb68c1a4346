"""Who is asking: sign-in sessions in signed cookies, API tokens, and the forms' CSRF tokens.

A server with no users has one reader, the local reader, and asks no one to sign in. Once a user
exists, every page, feed and API call needs a session or a token. A session is a random secret
the store knows by its SHA-256 (store/readers.py), sent in a cookie signed with the server's key
(itsdangerous), HttpOnly and SameSite=Lax, Secure behind https; checking it is one indexed read,
never argon2, which only sign-in runs. A form that changes state carries a CSRF token, an HMAC of
the session under the same key, checked on every POST.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from newsbite.accounts import new_secret, secret_digest
from newsbite.serve.errors import ApiError
from newsbite.serve.rate_limits import client_address
from newsbite.serve.state import ServerState, server_state
from newsbite.store import Reader, Store, utc_stamp

SESSION_COOKIE = "newsbite_session"
# The sign-in form's own CSRF cookie, before there is a session to tie a token to.
SIGN_IN_COOKIE = "newsbite_sign_in"
SESSION_DAYS = 30


class Sessions:
    """Opens, finds and closes sessions for one server; one per app, its key from the store."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._key = store.readers.server_key("session", new_secret())
        self._signer = URLSafeTimedSerializer(self._key, salt="newsbite-session")

    def open(self, reader: Reader) -> str:
        """A new session for `reader`: the cookie's value."""
        secret = new_secret()
        now = datetime.now(UTC)
        expires = utc_stamp(now + timedelta(days=SESSION_DAYS))
        self._store.readers.add_token(
            reader, "session", secret_digest(secret), utc_stamp(now), expires_at=expires
        )
        return self._signer.dumps(secret)

    def digest(self, cookie: str | None) -> str | None:
        """The session's digest from a cookie this server signed in the last SESSION_DAYS, else None."""
        if not cookie:
            return None
        try:
            secret = self._signer.loads(cookie, max_age=SESSION_DAYS * 86_400)
        except BadSignature:
            return None
        return secret_digest(secret) if isinstance(secret, str) else None

    def close(self, cookie: str | None) -> None:
        if digest := self.digest(cookie):
            self._store.readers.revoke_digest(digest, utc_stamp())

    def csrf_token(self, binding: str) -> str:
        """The CSRF token of what a form is bound to: `session:<digest>`, `local`, or `sign-in:<its
        cookie>` (each its own namespace, so that no cookie value can pass for another's)."""
        return hmac.new(self._key.encode(), f"csrf:{binding}".encode(), hashlib.sha256).hexdigest()

    def csrf_matches(self, binding: str | None, given: str | None) -> bool:
        return bool(binding and given) and secrets.compare_digest(self.csrf_token(binding or ""), given or "")


def sessions(request: Request) -> Sessions:
    """The app's sessions, made on first use (reading or making the key in the store then, not at
    start-up, where a store that cannot be written would stop the server)."""
    found: Sessions | None = getattr(request.app.state, "sessions", None)
    if found is None:
        state: ServerState = request.app.state.newsbite
        found = request.app.state.sessions = Sessions(state.store)
    return found


async def viewer(request: Request, state: Annotated[ServerState, Depends(server_state)]) -> Reader:
    """The reader asking: the local reader while there are no users, else the one whose session
    cookie or bearer token (an API token, or the server's NEWSBITE_API_TOKEN for its owner) the
    request carries. Anyone else gets 401 `sign_in_required` (a browser, the sign-in page)."""
    # The local reader's row is there exactly while the server has no users (store/readers.py):
    # one read tells both.
    local = state.store.readers.local()
    if local is not None:
        if not request.app.state.local_reader_allowed:
            raise ApiError(
                503,
                "no_users",
                "this server is not on loopback and has no users: add one (`newsbite users add NAME`)",
            )
        request.state.reader = local
        return local
    found = _bearer_reader(request, state) or _session_reader(request, state)
    if found is None:
        raise ApiError(
            401, "sign_in_required", "sign in, or send an API token", {"WWW-Authenticate": "Bearer"}
        )
    request.state.reader = found
    return found


def _session_reader(request: Request, state: ServerState) -> Reader | None:
    """The reader of the request's session cookie; its digest kept for the page's CSRF tokens."""
    digest = sessions(request).digest(request.cookies.get(SESSION_COOKIE))
    if digest is None:
        return None
    request.state.session_digest = digest
    return state.store.readers.reader_of(digest, "session", utc_stamp())


def _bearer_reader(request: Request, state: ServerState) -> Reader | None:
    """The reader whose token the request bears, if any. A wrong token counts against the
    address's `login_rate_limit`, as a wrong password does: past it, 429, so that tokens cannot
    be guessed at the speed of GETs."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    configured = state.settings.api_token
    if configured and secrets.compare_digest(token.strip().encode(), configured.encode()):
        found = state.store.readers.owner()
    else:
        found = reader_by_token(request, state, token.strip(), "api")
    if found is not None:
        request.state.by_token = True
    return found


def reader_by_token(request: Request, state: ServerState, secret: str, kind: str) -> Reader | None:
    """The reader whose live token of `kind` (api, feed) is `secret`, else None. A wrong one counts
    against the address's `login_rate_limit`, as a wrong password does: past it, 429, so that
    tokens cannot be guessed at the speed of GETs."""
    limits, address = state.rate_limits, client_address(request)
    limits.check(limits.logins, address)
    found = state.store.readers.reader_of(secret_digest(secret), kind, utc_stamp())
    if found is None:
        limits.hit(limits.logins, address)
    return found


Viewer = Annotated[Reader, Depends(viewer)]


def signed_in(request: Request) -> dict[str, object]:
    """What a page shows of who is asking: `viewer` (a user; None for the local reader) and the
    `csrf` token its forms carry (None for a stranger)."""
    reader: Reader | None = getattr(request.state, "reader", None)
    binding = csrf_binding(request, reader)
    return {
        "viewer": reader if reader and not reader.local else None,
        "csrf": sessions(request).csrf_token(binding) if binding else None,
    }


def csrf_binding(request: Request, reader: Reader | None) -> str | None:
    """What a reader's CSRF tokens are bound to: their session, or for the local reader the server
    itself (another site can still not read the token from a page, so cannot forge the form)."""
    if reader is None:
        return None
    if reader.local:
        return "local"
    return session_binding(request)


def session_binding(request: Request) -> str | None:
    """What the CSRF tokens of the request's session are bound to, or None without a valid one."""
    # Read from the cookie once, by `viewer`; on POST /logout, which asks no `viewer`, here.
    digest = getattr(request.state, "session_digest", None) or sessions(request).digest(
        request.cookies.get(SESSION_COOKIE)
    )
    return f"session:{digest}" if digest else None


def check_csrf(request: Request, reader: Reader, given: str | None) -> None:
    """Raises 403 `csrf_failed` unless `given` is the token of this reader's pages. A request that
    a valid bearer token identified is a program's, not a browser's form, and needs none."""
    if getattr(request.state, "by_token", False):
        return
    if not sessions(request).csrf_matches(csrf_binding(request, reader), given):
        raise ApiError(403, "csrf_failed", "the form has expired: load the page again")
