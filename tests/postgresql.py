"""The real PostgreSQL server the tests use: each run works in a schema of its own."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

# The server the developers' guide promises on every machine and in CI (trust auth, database test).
POSTGRESQL_URL = os.environ.get("NEWSBITE_TEST_POSTGRESQL", "postgresql://127.0.0.1:5432/test")
# Each test run works in a schema of its own, so it never touches other users of the database
# (a benchmark, another checkout's tests) and they never touch it.
SCHEMA = f"newsbite_test_{os.getpid()}"


def admin(statement: str) -> None:
    engine = create_engine(POSTGRESQL_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def empty_postgresql_schema() -> str:
    """The URL of an empty schema of our own in the test database; skips the test, saying so, when no
    server answers (the developers' guide promises one on every machine and in CI)."""
    try:
        admin(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    except OperationalError as error:
        pytest.skip(f"no PostgreSQL answers at {POSTGRESQL_URL} ({type(error.orig).__name__})")
    admin(f"CREATE SCHEMA {SCHEMA}")
    separator = "&" if "?" in POSTGRESQL_URL else "?"
    return f"{POSTGRESQL_URL}{separator}options=-csearch_path%3D{SCHEMA}"
