"""Engines for the two backends, and the schema migrations run when a store opens.

SQLite runs in WAL mode (readers never wait for the writer) and every write transaction starts
with BEGIN IMMEDIATE, so that two writers queue for the lock instead of one failing midway
through a read-then-write. PostgreSQL migrations hold an advisory lock, so that two processes
starting at once on a new database do not both create the schema.
"""

from __future__ import annotations

import math
import re
import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from newsbite.store.errors import DatabaseURLError, StoreError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
WAL_CHECKPOINT_PAGES = 10_000
# Seconds a SQLite writer waits for another's lock before giving up.
SQLITE_BUSY_SECONDS = 60
# As many pooled connections as the server runs request threads (anyio's default is 40), so that
# a busy server reuses connections instead of opening one per request; recycled hourly rather
# than pinged on every checkout, which costs a round trip per request.
POOL = {"pool_size": 40, "max_overflow": 10, "pool_recycle": 3600}
# Any fixed number: the key of the PostgreSQL advisory lock held while migrating.
_MIGRATION_LOCK = 7_304_211


def create_store_engine(url: str) -> Engine:
    """An engine for `sqlite:///path` or `postgresql://…` (psycopg 3); a bad URL raises DatabaseURLError.

    A SQLite file's folder must exist: a mistyped path is reported, not created.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseURLError(
            f"the database setting {_without_password(url)!r}",
            "not a database URL (sqlite:///path or postgresql://host/db)",
        ) from None
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        # No JIT: every query here is a short indexed read or write, and a plan costed high (by
        # tables not yet analysed, say) had PostgreSQL compile it first: 250 ms of JIT for a
        # 10 ms unread page (bench/serve.py).
        options = " ".join(filter(None, [parsed.query.get("options"), "-c jit=off"]))  # a URL's own kept
        return create_engine(
            parsed.set(drivername="postgresql+psycopg").difference_update_query(["options"]),
            connect_args={"options": options},
            **POOL,
        )
    if backend == "sqlite" and parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database).expanduser()
        if not path.parent.exists():
            raise StoreError(url, f"the folder {path.parent} does not exist")
        engine = create_engine(
            parsed.set(database=str(path)),
            connect_args={"timeout": SQLITE_BUSY_SECONDS},
            **POOL,
        )
        _configure_sqlite(engine)
        return engine
    raise DatabaseURLError(
        f"the database setting {parsed.render_as_string(hide_password=True)!r}",
        "use sqlite:///path/to/file.db or postgresql://user@host/database",
    )


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Transactions are begun below, not by the driver, so that writes can BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Checkpoint the WAL every ~40 MB rather than SQLite's 4 MB: an index page changed by many
        # commits is then copied into the database once, not once per few commits (storing 100,000
        # articles: 15% faster, bench/serve.py).
        cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
        cursor.close()
        # The stories' ranking takes a logarithm; SQLite has `ln` only when built with its math
        # functions (Python's usually is), so give it one where it is missing.
        try:
            dbapi_connection.execute("SELECT ln(1)")
        except sqlite3.OperationalError:
            dbapi_connection.create_function("ln", 1, math.log, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _without_password(url: str) -> str:
    """A URL SQLAlchemy cannot parse, with anything between `user:` and `@` hidden."""
    return re.sub(r"(//[^/:@]*:)[^/@]*@", r"\1***@", url)


def describe(engine: Engine) -> str:
    """The database as messages name it: its URL without a password."""
    return engine.url.render_as_string(hide_password=True)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the schema to `revision` (the newest by default), keeping every row."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.connect().execution_options(write=True) as connection, connection.begin():
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise StoreError(describe(engine), f"cannot open the store: {reason}") from error


def dialect_insert(dialect_name: str) -> Any:
    """The backend's own `insert` (SQLite's or PostgreSQL's), which has ON CONFLICT."""
    if dialect_name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert
