"""Readers in the store, the same on SQLite and PostgreSQL: the local reader, the first user
taking it over, tokens checked by digest, and the schema the migrations build."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from newsbite.store import ReaderError, open_store
from newsbite.store.tables import metadata

NOW = "2026-12-05T10:00:00Z"


def test_a_new_store_has_the_local_reader_and_no_users(database_url: str) -> None:
    readers = open_store(database_url).readers
    local = readers.local()
    assert local is not None and local.local and not local.owner and local.password_hash is None
    assert readers.users() == [] and not readers.has_users()
    assert readers.get("local") is None  # not a user anyone signs in as


def test_the_first_user_takes_over_the_local_reader_and_follows_every_feed(database_url: str) -> None:
    store = open_store(database_url)
    store.feeds.add("https://a.example/feed", NOW)
    local = store.readers.local()
    assert local is not None
    owner = store.readers.add("Ana", "hash-a", NOW)
    assert (owner.seq, owner.name, owner.owner, owner.local) == (local.seq, "Ana", True, False)
    assert store.readers.local() is None and store.readers.has_users()
    with store.engine.connect() as connection:
        followed = connection.exec_driver_sql("SELECT reader_seq FROM subscriptions").scalars().all()
    assert followed == [owner.seq]
    second = store.readers.add("Ben", "hash-b", NOW)
    assert not second.owner and second.seq != owner.seq
    assert [user.name for user in store.readers.users()] == ["Ana", "Ben"]


@pytest.mark.parametrize("name", ["ana", " ANA ", "", "   ", "local", "Lo\ncal", "x" * 65])
def test_names_that_cannot_be_added_are_refused_with_the_reason(database_url: str, name: str) -> None:
    readers = open_store(database_url).readers
    readers.add("Ana", "hash", NOW)
    with pytest.raises(ReaderError):
        readers.add(name, "hash", NOW)
    assert [user.name for user in readers.users()] == ["Ana"]


def test_the_owner_goes_last_and_gives_the_row_back_to_the_local_reader(database_url: str) -> None:
    readers = open_store(database_url).readers
    owner = readers.add("Ana", "hash-a", NOW)
    readers.add("Ben", "hash-b", NOW)
    with pytest.raises(ReaderError, match="removed last"):
        readers.remove("ana")
    with pytest.raises(ReaderError, match="no such user"):
        readers.remove("Cy")
    readers.remove("BEN")
    readers.remove("Ana")
    local = readers.local()
    assert local is not None and local.seq == owner.seq and local.password_hash is None
    assert readers.users() == []


def test_a_token_finds_its_reader_until_revoked_or_expired(database_url: str) -> None:
    readers = open_store(database_url).readers
    ana = readers.add("Ana", "hash-a", NOW)
    api = readers.add_token(ana, "api", "a" * 64, NOW, label="phone")
    readers.add_token(ana, "session", "b" * 64, NOW, expires_at="2026-12-06T10:00:00Z")
    assert readers.reader_of("a" * 64, "api", NOW) == ana
    assert readers.reader_of("a" * 64, "session", NOW) is None  # a token of another kind
    assert readers.reader_of("c" * 64, "api", NOW) is None
    assert readers.reader_of("b" * 64, "session", "2026-12-06T09:59:59Z") == ana
    assert readers.reader_of("b" * 64, "session", "2026-12-06T10:00:00Z") is None
    assert [token.label for token in readers.tokens(ana, "api")] == ["phone"]
    assert readers.revoke_token(ana, api.seq, NOW)
    assert not readers.revoke_token(ana, api.seq, NOW)  # once
    assert readers.reader_of("a" * 64, "api", NOW) is None
    assert readers.tokens(ana, "api")[0].revoked_at == NOW


def test_a_reader_cannot_revoke_anothers_token(database_url: str) -> None:
    readers = open_store(database_url).readers
    ana, ben = readers.add("Ana", "h", NOW), readers.add("Ben", "h", NOW)
    token = readers.add_token(ana, "api", "a" * 64, NOW)
    assert not readers.revoke_token(ben, token.seq, NOW)
    assert readers.reader_of("a" * 64, "api", NOW) == ana


def test_the_tables_module_matches_what_the_migrations_build(database_url: str) -> None:
    store = open_store(database_url)
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    # Indexes are the migrations' alone, and full-text search each backend's own (tables.py):
    # SQLite's articles_search tables, PostgreSQL's `search` column.
    kept = [
        difference
        for difference in differences
        if isinstance(difference, tuple) and difference[0] != "remove_index" and not _full_text(difference)
    ]
    assert kept == []


def _full_text(difference: tuple) -> bool:
    kind, *rest = difference
    if kind == "remove_table":
        return rest[0].name.startswith("articles_search")
    return kind == "remove_column" and rest[1] == "articles" and rest[2].name == "search"
