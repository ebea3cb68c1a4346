"""`newsbite users`: the server's readers (add, list, passwd, remove) and their API tokens."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsbite.cli.common import (
    EXIT_DOCUMENT_FAILED,
    EXIT_USAGE,
    errors,
    load_settings,
    open_configured_store,
    store_call,
)

if TYPE_CHECKING:
    from newsbite.store import Reader, Store

app = typer.Typer(
    help="The server's users: add, list, passwd, remove, api-password (their apps'), and tokens. "
    "With no users, "
    "one local reader (no sign-in) holds the read state; the first user added owns the server.",
    no_args_is_help=True,
)

PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help="Read the password from the first line of stdin instead of a prompt."
    ),
]


class ListFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class TokenKind(StrEnum):
    API = "api"
    FEED = "feed"


@app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The user's name, as they sign in with it.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Add a user. The first one owns the server (manages every feed) and keeps what was read before."""
    from newsbite.accounts import hash_password
    from newsbite.store import ReaderError, utc_stamp

    store = open_configured_store(load_settings())
    if store_call(store.readers.get, name) is not None:
        _fail(f"{escape(name)}: there is already a user of that name")
    password = _new_password(password_stdin)
    try:
        reader = store_call(store.readers.add, name, hash_password(password), utc_stamp())
    except ReaderError as error:
        _fail(escape(str(error)))
    role = "the owner of this server" if reader.owner else "a reader"
    errors.print(f"added {escape(reader.name)}, {role}", soft_wrap=True)


@app.command("list")
def users_list(
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="A table, or JSON for scripts.")
    ] = ListFormat.TEXT,
) -> None:
    """List the users, the owner first."""
    users = store_call(open_configured_store(load_settings()).readers.users)
    if output_format is ListFormat.JSON:
        typer.echo(json.dumps([user.as_dict() for user in users], indent=2, ensure_ascii=False))
        return
    if not users:
        errors.print(
            "no users: the server has one local reader, and takes no sign-in (`newsbite users add NAME`)"
        )
        return
    table = Table("name", "role", "added")
    for user in users:
        table.add_row(escape(user.name), "owner" if user.owner else "reader", user.created_at)
    Console(highlight=False).print(table)


@app.command("passwd")
def users_passwd(
    name: Annotated[str, typer.Argument(help="The user's name.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Set a user's password, signing out their sessions (API tokens stay; revoke them apart)."""
    from newsbite.accounts import hash_password
    from newsbite.store import utc_stamp

    store = open_configured_store(load_settings())
    user = _user(store, name)
    store_call(
        store.readers.set_password, user.name, hash_password(_new_password(password_stdin)), utc_stamp()
    )
    errors.print(f"password changed for {escape(user.name)}; their sessions are signed out", soft_wrap=True)


@app.command("api-password")
def users_api_password(
    name: Annotated[str, typer.Argument(help="The user's name.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Set the password a user's apps sign in with (Google Reader and Miniflux APIs, docs/apps.md),
    apart from the web one; apps signed in with the old one must sign in again."""
    from newsbite.accounts import hash_password

    store = open_configured_store(load_settings())
    user = _user(store, name)
    store_call(store.readers.set_api_password, user.name, hash_password(_new_password(password_stdin)))
    errors.print(f"API password set for {escape(user.name)}", soft_wrap=True)


@app.command("remove")
def users_remove(name: Annotated[str, typer.Argument(help="The user's name.")]) -> None:
    """Remove a user, with their read state, subscriptions and tokens (the feeds stay). The owner
    goes last; then the server has its local reader again, with the owner's state."""
    from newsbite.store import ReaderError

    store = open_configured_store(load_settings())
    user = _user(store, name)
    try:
        store_call(store.readers.remove, user.name)
    except ReaderError as error:
        _fail(escape(str(error)))
    errors.print(f"removed {escape(user.name)}", soft_wrap=True)


@app.command("token")
def users_token(
    name: Annotated[str, typer.Argument(help="The user's name.")],
    label: Annotated[
        str | None, typer.Option("--label", help="What the token is for, to tell it apart.")
    ] = None,
    kind: Annotated[
        TokenKind,
        typer.Option(
            "--kind", help="api: for the API and scripts; feed: the secret of the user's private feeds."
        ),
    ] = TokenKind.API,
) -> None:
    """Print a new token for a user (shown once: only its SHA-256 is kept). A feed token's private
    feeds are /feeds/private/TOKEN/unread.xml and starred.xml (.atom and .json too)."""
    from newsbite.accounts import new_secret, secret_digest
    from newsbite.store import utc_stamp

    store = open_configured_store(load_settings())
    user = _user(store, name)
    secret = new_secret()
    token = store_call(
        store.readers.add_token, user, kind.value, secret_digest(secret), utc_stamp(), label=label
    )
    typer.echo(secret)
    errors.print(
        f"token {token.seq} for {escape(user.name)}: keep it now, it is not shown again", soft_wrap=True
    )


@app.command("tokens")
def users_tokens(
    name: Annotated[str, typer.Argument(help="The user's name.")],
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="A table, or JSON for scripts.")
    ] = ListFormat.TEXT,
) -> None:
    """List a user's API and feed tokens, revoked ones too (never the secrets, which are not kept)."""
    store = open_configured_store(load_settings())
    user = _user(store, name)
    tokens = [token for kind in TokenKind for token in store_call(store.readers.tokens, user, kind.value)]
    if output_format is ListFormat.JSON:
        typer.echo(json.dumps([token.as_dict() for token in tokens], indent=2, ensure_ascii=False))
        return
    table = Table("id", "kind", "label", "created", "revoked")
    for token in tokens:
        label = escape(token.label or "")
        table.add_row(str(token.seq), token.kind, label, token.created_at, token.revoked_at or "")
    Console(highlight=False).print(table)


@app.command("revoke")
def users_revoke(
    name: Annotated[str, typer.Argument(help="The user's name.")],
    token_id: Annotated[int, typer.Argument(help="The token's id, as `users tokens` lists it.")],
) -> None:
    """Revoke one of a user's API tokens: it is refused from now on."""
    from newsbite.store import utc_stamp

    store = open_configured_store(load_settings())
    user = _user(store, name)
    if not store_call(store.readers.revoke_token, user, token_id, utc_stamp()):
        _fail(f"{escape(user.name)} has no live token {token_id}", EXIT_DOCUMENT_FAILED)
    errors.print(f"revoked token {token_id} of {escape(user.name)}", soft_wrap=True)


def _user(store: Store, name: str) -> Reader:
    user = store_call(store.readers.get, name)
    if user is None:
        _fail(f"{escape(name)}: no such user (`newsbite users list` lists them)")
    return user


def _new_password(from_stdin: bool) -> str:
    """The new password from stdin's first line or a prompt (twice); one that cannot be used ends
    the command with why."""
    from newsbite.accounts import password_problem

    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password)
    if problem:
        _fail(problem)
    return password


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    errors.print(f"[red]error:[/red] {message}", soft_wrap=True)
    raise typer.Exit(code)
