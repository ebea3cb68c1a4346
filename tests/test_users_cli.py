"""`newsbite users` as an administrator runs it: passwords from stdin, tokens shown once."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsbite.accounts import password_matches, secret_digest
from newsbite.cli import app
from newsbite.store import open_store

runner = CliRunner()
NOW = "2026-12-05T10:00:00Z"


@pytest.fixture
def store_url(monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("NEWSBITE_DATABASE", database_url)
    return database_url


def test_users_are_added_listed_and_the_first_owns_the_server(store_url: str) -> None:
    none = runner.invoke(app, ["users", "list"])
    assert none.exit_code == 0 and "no users" in none.stderr
    first = runner.invoke(app, ["users", "add", "Ana", "--password-stdin"], input="correct horse\n")
    assert first.exit_code == 0 and "added Ana, the owner of this server" in first.stderr
    second = runner.invoke(app, ["users", "add", "Ben", "--password-stdin"], input="battery staple\n")
    assert second.exit_code == 0 and "added Ben, a reader" in second.stderr
    listed = json.loads(runner.invoke(app, ["users", "list", "--format", "json"]).stdout)
    assert [(user["name"], user["owner"]) for user in listed] == [("Ana", True), ("Ben", False)]
    ana = open_store(store_url).readers.get("ana")
    assert ana is not None and password_matches(ana.password_hash, "correct horse")
    assert not password_matches(ana.password_hash, "correct horse ")


@pytest.mark.parametrize(
    ("arguments", "given", "said"),
    [
        (["users", "add", "Cy", "--password-stdin"], "short\n", "at least 8 characters"),
        (["users", "add", "ana", "--password-stdin"], "long enough\n", "already a user of that name"),
        (["users", "add", "local", "--password-stdin"], "long enough\n", "the local reader's"),
        (["users", "passwd", "Cy", "--password-stdin"], "long enough\n", "Cy: no such user"),
        (["users", "remove", "Cy"], "", "Cy: no such user"),
        (["users", "remove", "Ana"], "", "the owner is removed last"),
        (["users", "token", "Cy"], "", "Cy: no such user"),
        (["users", "api-password", "Cy", "--password-stdin"], "long enough\n", "Cy: no such user"),
        (["users", "api-password", "Ana", "--password-stdin"], "short\n", "at least 8 characters"),
    ],
)
def test_what_cannot_be_done_ends_with_one_line(
    store_url: str, arguments: list[str], given: str, said: str
) -> None:
    for name in ("Ana", "Ben"):
        runner.invoke(app, ["users", "add", name, "--password-stdin"], input="long enough\n")
    result = runner.invoke(app, arguments, input=given)
    assert result.exit_code != 0
    assert said in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert [user.name for user in open_store(store_url).readers.users()] == ["Ana", "Ben"]


def test_a_token_is_printed_once_kept_as_its_digest_listed_and_revoked(store_url: str) -> None:
    runner.invoke(app, ["users", "add", "Ana", "--password-stdin"], input="long enough\n")
    made = runner.invoke(app, ["users", "token", "Ana", "--label", "phone"])
    assert made.exit_code == 0
    secret = made.stdout.strip()
    readers = open_store(store_url).readers
    ana = readers.reader_of(secret_digest(secret), "api", NOW)
    assert ana is not None and ana.name == "Ana"
    listed = json.loads(runner.invoke(app, ["users", "tokens", "Ana", "--format", "json"]).stdout)
    assert [(token["label"], token["revoked_at"]) for token in listed] == [("phone", None)]
    assert secret not in json.dumps(listed)
    assert runner.invoke(app, ["users", "revoke", "Ana", str(listed[0]["seq"])]).exit_code == 0
    assert readers.reader_of(secret_digest(secret), "api", NOW) is None
    again = runner.invoke(app, ["users", "revoke", "Ana", str(listed[0]["seq"])])
    assert again.exit_code == 1 and "no live token" in again.stderr


def test_a_new_password_replaces_the_old_and_removing_users_brings_back_the_local_reader(
    store_url: str,
) -> None:
    runner.invoke(app, ["users", "add", "Ana", "--password-stdin"], input="first password\n")
    changed = runner.invoke(app, ["users", "passwd", "ana", "--password-stdin"], input="second password\n")
    assert changed.exit_code == 0
    readers = open_store(store_url).readers
    ana = readers.get("Ana")
    assert ana is not None and password_matches(ana.password_hash, "second password")
    assert not password_matches(ana.password_hash, "first password")
    assert runner.invoke(app, ["users", "remove", "Ana"]).exit_code == 0
    assert readers.users() == [] and readers.local() is not None


def test_a_feed_token_opens_the_users_private_feeds_and_nothing_else(store_url: str) -> None:
    runner.invoke(app, ["users", "add", "Ana", "--password-stdin"], input="long enough\n")
    made = runner.invoke(app, ["users", "token", "Ana", "--kind", "feed"])
    assert made.exit_code == 0
    readers = open_store(store_url).readers
    secret = made.stdout.strip()
    assert readers.reader_of(secret_digest(secret), "feed", NOW) is not None
    assert readers.reader_of(secret_digest(secret), "api", NOW) is None  # not an API token
    listed = json.loads(runner.invoke(app, ["users", "tokens", "Ana", "--format", "json"]).stdout)
    assert [token["kind"] for token in listed] == ["feed"]


def test_the_api_password_is_kept_apart_from_the_web_one(store_url: str) -> None:
    runner.invoke(app, ["users", "add", "Ana", "--password-stdin"], input="web password\n")
    assert open_store(store_url).readers.get("Ana").api_password_hash is None  # type: ignore[union-attr]
    set_it = runner.invoke(app, ["users", "api-password", "ana", "--password-stdin"], input="app password\n")
    assert set_it.exit_code == 0 and "API password set for Ana" in set_it.stderr
    ana = open_store(store_url).readers.get("Ana")
    assert ana is not None and password_matches(ana.api_password_hash, "app password")
    assert password_matches(ana.password_hash, "web password")
    assert not password_matches(ana.api_password_hash, "web password")
