"""The readers in the store: users and the local reader, and their tokens and sessions.

A server with no users has one reader, the local reader, who holds the read state and sees every
article. The first user added takes over the local reader's row (and so its state) and owns the
server; removing the last user gives the row back to the local reader. Secrets never reach the
store: passwords come as argon2 hashes and tokens as SHA-256 digests (newsbite/accounts.py).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Connection, Select, func, insert, literal, select, text, update

from newsbite.store.errors import ReaderError
from newsbite.store.tables import feeds, reader_tokens, readers, server_keys, subscriptions

LOCAL_NAME = "local"
# PostgreSQL advisory lock key of adding and removing users (any number no other lock uses).
_READERS_LOCK = 7_461_002
# What each kind of token is for: the API (and the sync APIs), a reader's private feeds, and a
# signed-in browser.
TOKEN_KINDS = frozenset({"api", "feed", "session"})


@dataclass(frozen=True)
class Reader:
    """A user of the server, or the local reader (`local`) while it has none."""

    seq: int
    name: str
    owner: bool
    local: bool
    created_at: str
    password_hash: str | None = field(default=None, repr=False)
    api_password_hash: str | None = field(default=None, repr=False)  # the sync APIs' (docs/apps.md)

    def as_dict(self) -> dict[str, Any]:
        """What `users list --format json` shows: everything but the hash."""
        return {"name": self.name, "owner": self.owner, "local": self.local, "created_at": self.created_at}


@dataclass(frozen=True)
class Token:
    """A token or session as listed: never its secret, which is not kept."""

    seq: int
    kind: str
    label: str | None
    created_at: str
    expires_at: str | None
    last_used_at: str | None
    revoked_at: str | None

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


class _Connections(Protocol):
    def _writing(self) -> AbstractContextManager[Connection]: ...
    def _reading(self) -> AbstractContextManager[Connection]: ...
    def _dialect_insert(self) -> Any: ...


_READER_COLUMNS = [
    readers.c[name]
    for name in ("seq", "name", "owner", "local", "created_at", "password_hash", "api_password_hash")
]
# Asked on every request (serve/sessions.py): built once, so that only its cached compiled form runs.
_LOCAL_READER = select(*_READER_COLUMNS).where(readers.c.local.is_(True))
_TOKEN_COLUMNS = [
    reader_tokens.c[name]
    for name in ("seq", "kind", "label", "created_at", "expires_at", "last_used_at", "revoked_at")
]


class ReaderList:
    """The store's readers; get it as `store.readers`."""

    def __init__(self, store: _Connections) -> None:
        self._store = store

    # Readers

    def users(self) -> list[Reader]:
        """Every user, first added first (the owner), without the local reader."""
        statement = select(*_READER_COLUMNS).where(readers.c.local.is_(False)).order_by(readers.c.seq)
        with self._store._reading() as connection:
            return [_reader(row) for row in connection.execute(statement)]

    def has_users(self) -> bool:
        with self._store._reading() as connection:
            return _has_users(connection)

    def local(self) -> Reader | None:
        """The local reader, who is there while the server has no users."""
        with self._store._reading() as connection:
            row = connection.execute(_LOCAL_READER).first()
        return _reader(row) if row else None

    def get(self, name: str) -> Reader | None:
        """The user called `name` (any case), or None; never the local reader."""
        statement = _user_named(name)
        with self._store._reading() as connection:
            row = connection.execute(statement).first()
        return _reader(row) if row else None

    def by_seq(self, seq: int) -> Reader | None:
        """The user whose row is `seq`, or None; never the local reader."""
        statement = select(*_READER_COLUMNS).where(readers.c.seq == seq, readers.c.local.is_(False))
        with self._store._reading() as connection:
            row = connection.execute(statement).first()
        return _reader(row) if row else None

    def owner(self) -> Reader | None:
        """The user who owns the server (the first added), or None while it has no users."""
        with self._store._reading() as connection:
            row = connection.execute(select(*_READER_COLUMNS).where(readers.c.owner.is_(True))).first()
        return _reader(row) if row else None

    def add(self, name: str, password_hash: str, now: str) -> Reader:
        """A new user. The first one owns the server and takes over the local reader, keeping what
        it read and following every feed it saw. Raises ReaderError for a name that is taken,
        empty or the local reader's."""
        name = _checked_name(name)
        with self._store._writing() as connection:
            _lock_readers(connection)
            if connection.execute(select(readers.c.seq).where(readers.c.name_key == _name_key(name))).first():
                raise ReaderError(name, "there is already a user of that name")
            local = connection.execute(select(readers.c.seq).where(readers.c.local.is_(True))).scalar()
            values = {"name": name, "name_key": _name_key(name), "password_hash": password_hash}
            if local is not None and not _has_users(connection):
                took = connection.execute(
                    update(readers)
                    .where(readers.c.seq == local, readers.c.local.is_(True))
                    .values(**values, owner=True, local=False, created_at=now)
                )
                if took.rowcount != 1:  # another add took it first (the lock makes this unlikely)
                    raise ReaderError(name, "another user was being added at the same time: try again")
                _follow_every_feed(connection, local, now)
                touch_reader(connection, local)
                seq = local
            else:
                row = {**values, "owner": False, "local": False, "created_at": now}
                seq = connection.execute(insert(readers).values(**row).returning(readers.c.seq)).scalar_one()
            found = connection.execute(select(*_READER_COLUMNS).where(readers.c.seq == seq)).one()
        return _reader(found)

    def set_password(self, name: str, password_hash: str, now: str) -> None:
        """Set a user's password and end their sessions; raises ReaderError for an unknown user."""
        with self._store._writing() as connection:
            _set_user(connection, name, password_hash=password_hash)
            # A new password signs the user out everywhere: a session someone took ends with it.
            connection.execute(
                update(reader_tokens)
                .where(
                    reader_tokens.c.reader_seq
                    == select(readers.c.seq).where(readers.c.name_key == _name_key(name)).scalar_subquery(),
                    reader_tokens.c.kind == "session",
                    reader_tokens.c.revoked_at.is_(None),
                )
                .values(revoked_at=now)
            )

    def set_api_password(self, name: str, api_password_hash: str) -> None:
        """Set the password a user's apps sign in to the sync APIs with; the apps signed in with
        the old one are signed out (their Google Reader `Auth` is made from the hash). Raises
        ReaderError for an unknown user."""
        with self._store._writing() as connection:
            _set_user(connection, name, api_password_hash=api_password_hash)

    def remove(self, name: str) -> None:
        """Remove a user with their state, tokens and subscriptions. The owner goes last: then the
        row is the local reader's again, state and all. Raises ReaderError for an unknown user, and
        for the owner while others remain."""
        with self._store._writing() as connection:
            _lock_readers(connection)
            row = connection.execute(_user_named(name)).first()
            if row is None:
                raise ReaderError(name, "no such user")
            reader = _reader(row)
            others = connection.execute(
                select(func.count()).select_from(readers).where(readers.c.seq != reader.seq)
            ).scalar_one()
            if reader.owner and others:
                raise ReaderError(name, "the owner is removed last: remove the other users first")
            if reader.owner:
                connection.execute(reader_tokens.delete().where(reader_tokens.c.reader_seq == reader.seq))
                connection.execute(
                    update(readers)
                    .where(readers.c.seq == reader.seq)
                    .values(
                        name=LOCAL_NAME,
                        name_key=LOCAL_NAME,
                        password_hash=None,
                        api_password_hash=None,
                        owner=False,
                        local=True,
                    )
                )
            else:
                connection.execute(readers.delete().where(readers.c.seq == reader.seq))

    # Tokens and sessions

    def add_token(
        self,
        reader: Reader,
        kind: str,
        digest: str,
        now: str,
        *,
        label: str | None = None,
        expires_at: str | None = None,
    ) -> Token:
        """Keep a new token's digest for `reader` (the secret itself is the caller's to show)."""
        if kind not in TOKEN_KINDS:
            raise ValueError(f"not a token kind: {kind!r}")
        row = {
            "reader_seq": reader.seq,
            "kind": kind,
            "digest": digest,
            "label": label,
            "created_at": now,
            "expires_at": expires_at,
        }
        with self._store._writing() as connection:
            found = connection.execute(insert(reader_tokens).values(**row).returning(*_TOKEN_COLUMNS)).one()
        return Token(*found)

    def tokens(self, reader: Reader, kind: str) -> list[Token]:
        """A reader's tokens of one kind, revoked ones too, oldest first."""
        statement = (
            select(*_TOKEN_COLUMNS)
            .where(reader_tokens.c.reader_seq == reader.seq, reader_tokens.c.kind == kind)
            .order_by(reader_tokens.c.seq)
        )
        with self._store._reading() as connection:
            return [Token(*row) for row in connection.execute(statement)]

    def revoke_token(self, reader: Reader, token_seq: int, now: str) -> bool:
        """False when the reader has no such token, or it was revoked already."""
        with self._store._writing() as connection:
            changed = connection.execute(
                update(reader_tokens)
                .where(
                    reader_tokens.c.seq == token_seq,
                    reader_tokens.c.reader_seq == reader.seq,
                    reader_tokens.c.revoked_at.is_(None),
                )
                .values(revoked_at=now)
            )
            return changed.rowcount > 0

    def revoke_digest(self, digest: str, now: str) -> None:
        """Revoke a token by its digest (a signed-out session): nothing when there is none."""
        with self._store._writing() as connection:
            connection.execute(
                update(reader_tokens)
                .where(reader_tokens.c.digest == digest, reader_tokens.c.revoked_at.is_(None))
                .values(revoked_at=now)
            )

    def server_key(self, name: str, candidate: str) -> str:
        """The server's key called `name`: `candidate` the first time any worker asks, then that
        one for every worker and every start."""
        with self._store._writing() as connection:
            insert = self._store._dialect_insert()(server_keys).on_conflict_do_nothing()
            connection.execute(insert.values(name=name, value=candidate))
            return connection.execute(
                select(server_keys.c.value).where(server_keys.c.name == name)
            ).scalar_one()

    def reader_of(self, digest: str, kind: str, now: str) -> Reader | None:
        """The reader whose live token of `kind` has this digest: not revoked, not expired. One
        indexed read, no hashing beyond the caller's SHA-256: this runs on every request."""
        statement = (
            select(*_READER_COLUMNS)
            .join(reader_tokens, reader_tokens.c.reader_seq == readers.c.seq)
            .where(
                reader_tokens.c.digest == digest,
                reader_tokens.c.kind == kind,
                reader_tokens.c.revoked_at.is_(None),
                (reader_tokens.c.expires_at.is_(None)) | (reader_tokens.c.expires_at > now),
            )
        )
        with self._store._reading() as connection:
            row = connection.execute(statement).first()
        return _reader(row) if row else None


def _lock_readers(connection: Connection) -> None:
    """Hold the readers' lock for the transaction (PostgreSQL; SQLite's writes take BEGIN
    IMMEDIATE), so that two adds cannot both take over the local reader, and an add cannot slip
    in while the last user's removal gives the row back."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _READERS_LOCK})


def _set_user(connection: Connection, name: str, **values: Any) -> None:
    """Set columns of the user called `name`; ReaderError when there is none."""
    changed = connection.execute(
        update(readers)
        .where(readers.c.name_key == _name_key(name), readers.c.local.is_(False))
        .values(**values)
    )
    if not changed.rowcount:
        raise ReaderError(name, "no such user")


def _user_named(name: str) -> Select[Any]:
    return select(*_READER_COLUMNS).where(readers.c.name_key == _name_key(name), readers.c.local.is_(False))


def _reader(row: Any) -> Reader:
    seq, name, owner, local, created_at, password_hash, api_password_hash = row
    return Reader(int(seq), name, bool(owner), bool(local), created_at, password_hash, api_password_hash)


def touch_reader(connection: Connection, reader_seqs: Any) -> None:
    """Move the state version of the readers `reader_seqs` names (a seq, a list or a query of
    them), in the transaction that changed their state or subscriptions."""
    chosen = (
        readers.c.seq.in_(reader_seqs) if not isinstance(reader_seqs, int) else readers.c.seq == reader_seqs
    )
    connection.execute(update(readers).where(chosen).values(state_version=readers.c.state_version + 1))


def _has_users(connection: Connection) -> bool:
    return (
        connection.execute(select(readers.c.seq).where(readers.c.local.is_(False)).limit(1)).first()
        is not None
    )


def _follow_every_feed(connection: Connection, reader_seq: int, now: str) -> None:
    """Subscribe the reader to each feed they do not follow yet: what the local reader saw."""
    followed = select(subscriptions.c.feed_seq).where(subscriptions.c.reader_seq == reader_seq)
    unfollowed = select(literal(reader_seq), feeds.c.seq, literal(now)).where(feeds.c.seq.not_in(followed))
    connection.execute(insert(subscriptions).from_select(["reader_seq", "feed_seq", "added_at"], unfollowed))


def _name_key(name: str) -> str:
    return name.strip().casefold()


def _checked_name(name: str) -> str:
    """A user's name as given, trimmed; raises ReaderError for one that cannot be a name."""
    trimmed = name.strip()
    if not trimmed:
        raise ReaderError(repr(name), "a user needs a name")
    if len(trimmed) > 64 or any(not character.isprintable() for character in trimmed):
        raise ReaderError(trimmed[:64], "a user's name is up to 64 printable characters")
    if _name_key(trimmed) == LOCAL_NAME:
        raise ReaderError(trimmed, "that name is the local reader's")
    return trimmed
