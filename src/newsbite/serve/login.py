"""Signing in and out: `GET /login`, `POST /login`, `POST /logout`.

The password is checked here and nowhere else (argon2, off the event loop); a wrong one waits
FAILED_SIGN_IN_SECONDS before the answer and counts against the address's `login_rate_limit`, past
which the form answers 429. The form carries a CSRF token bound to its own cookie, so that
another site cannot sign a browser in as someone else.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newsbite.accounts import hash_password, new_secret, password_matches
from newsbite.serve.errors import ApiError
from newsbite.serve.hosts import local_path
from newsbite.serve.rate_limits import client_address
from newsbite.serve.sessions import (
    SESSION_COOKIE,
    SESSION_DAYS,
    SIGN_IN_COOKIE,
    Sessions,
    session_binding,
    sessions,
)
from newsbite.serve.state import ServerState, server_state

router = APIRouter(include_in_schema=False)
State = Annotated[ServerState, Depends(server_state)]
Field = Annotated[str, Form(max_length=1_024)]
# A wrong name or password is answered this much later: guessing goes slowly even below the limit.
FAILED_SIGN_IN_SECONDS = 1.0
# Compared against when no user has the name given, so that a wrong name takes as long as a wrong
# password and says nothing of which names exist.
_NOBODY = hash_password(new_secret())
# Password checks at once, per app: argon2 takes 64 MiB and a core's tens of milliseconds each.
PASSWORD_CHECKS = 2


@router.get("/login", response_class=HTMLResponse)
async def sign_in_page(request: Request, next: str = "/") -> Response:
    return _form(request, local_path(next))


@router.post("/login")
async def sign_in(
    request: Request, state: State, name: Field, password: Field, csrf: Field, next: Field = "/"
) -> Response:
    keeper = sessions(request)
    limits, address = state.rate_limits, client_address(request)
    # Every attempt counts before the password is checked, so that many sent at once cannot all
    # pass the limit; and argon2 (64 MiB each) runs a few at a time.
    limits.hit(limits.logins, address)
    cookie = request.cookies.get(SIGN_IN_COOKIE)
    if not keeper.csrf_matches(f"sign-in:{cookie}" if cookie else None, csrf):
        raise ApiError(403, "csrf_failed", "the form has expired: load the sign-in page again")
    user = state.store.readers.get(name)
    async with _password_checks(request):
        matches = await run_in_threadpool(password_matches, user.password_hash if user else _NOBODY, password)
    if user is None or not matches:
        await asyncio.sleep(FAILED_SIGN_IN_SECONDS)
        return _form(
            request, local_path(next), problem="That name and password do not match.", name=name, status=401
        )
    response = RedirectResponse(local_path(next), status_code=303)
    _set_cookie(request, response, SESSION_COOKIE, keeper.open(user), max_age=SESSION_DAYS * 86_400)
    response.delete_cookie(SIGN_IN_COOKIE, path="/login")
    return response


@router.post("/logout")
async def sign_out(request: Request, csrf: Field) -> Response:
    keeper = sessions(request)
    cookie = request.cookies.get(SESSION_COOKIE)
    if not keeper.csrf_matches(session_binding(request), csrf):
        raise ApiError(403, "csrf_failed", "the form has expired: load the page again")
    keeper.close(cookie)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _password_checks(request: Request) -> asyncio.Semaphore:
    """The app's bound on password checks at once, made in its own event loop on first use."""
    checks: asyncio.Semaphore | None = getattr(request.app.state, "password_checks", None)
    if checks is None:
        checks = request.app.state.password_checks = asyncio.Semaphore(PASSWORD_CHECKS)
    return checks


def _form(
    request: Request, next: str, *, problem: str | None = None, name: str | None = None, status: int = 200
) -> Response:
    keeper: Sessions = sessions(request)
    binding = request.cookies.get(SIGN_IN_COOKIE) or new_secret()
    context: dict[str, Any] = {
        "title": "Sign in",
        "feeds": [],
        "csrf": keeper.csrf_token(f"sign-in:{binding}"),
        "next": next,
        "problem": problem,
        "name": name,
    }
    response = request.app.state.reader_templates.TemplateResponse(
        request, "login.html", context, status_code=status
    )
    _set_cookie(request, response, SIGN_IN_COOKIE, binding, max_age=3_600, path="/login")
    return response


def _set_cookie(
    request: Request, response: Response, name: str, value: str, *, max_age: int, path: str = "/"
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=path,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
