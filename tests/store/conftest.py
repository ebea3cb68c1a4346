"""The store's backends under test: a SQLite file in a temp dir, and the real PostgreSQL server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from newsbite.model import Analysis, Article, Bite, Entity, Place, Section

# The server the developers' guide promises on every machine and in CI (trust auth, database test).
POSTGRESQL_URL = os.environ.get("NEWSBITE_TEST_POSTGRESQL", "postgresql://127.0.0.1:5432/test")
# Each test run works in a schema of its own, so it never touches other users of the database
# (a benchmark, another checkout's tests) and they never touch it.
SCHEMA = f"newsbite_test_{os.getpid()}"


def _admin(statement: str) -> None:
    engine = create_engine(POSTGRESQL_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def empty_postgresql_schema() -> str:
    """The URL of an empty schema of our own in the test database (fails loudly without a server)."""
    _admin(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    _admin(f"CREATE SCHEMA {SCHEMA}")
    separator = "&" if "?" in POSTGRESQL_URL else "?"
    return f"{POSTGRESQL_URL}{separator}options=-csearch_path%3D{SCHEMA}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
    else:
        yield empty_postgresql_schema()
        _admin(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")


def make_article(
    number: int,
    *,
    body: str | None = None,
    published: str | None = None,
    url: str | None = "default",
    entity: str = "Anna Lindqvist",
    place: str = "Uppsala",
    agency: str | None = "AFP",
    publisher: str = "harbourherald.example",
) -> Article:
    """A processed article made directly (no pipeline), distinct for each number."""
    body = body or (
        f"Story {number} about the harbour: the council voted {number} to {number + 1} on Tuesday "
        f"to rebuild the pier, {entity} said in {place}."
    )
    return Article(
        id=f"a{number}",
        origin=f"test:{number}",
        headline=f"Harbour story number {number}",
        sections=[Section(None, [body])],
        agency=agency,
        publisher=publisher,
        published=published or f"2026-05-{1 + number % 28:02d}T{number % 24:02d}:00:00+00:00",
        url=f"https://{publisher}/news/{number}?utm_source=feed" if url == "default" else url,
        language="en",
        sentences=[body],
        bite=Bite(sentences=[body], sentence_ids=[0]),
        analysis=Analysis(
            text=body,
            entities=[Entity(entity, "PERSON", 1, 1.0)],
            places=[Place(place, "SE", 59.86, 17.64, 2666199, 133117, 1)],
        ),
    )
