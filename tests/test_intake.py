"""The one intake: every entrance stores and merges an article the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsbite.cli import app
from newsbite.cli.ingest import samples_path
from newsbite.config import Settings
from newsbite.errors import EmptyInput
from newsbite.ingest import read_inputs
from newsbite.intake import Intake
from newsbite.serve import create_app
from newsbite.store import ArticleQuery, Store, open_store
from tests.serve.conftest import SERVER_URL

TOKEN = "intake-token-5678"
# The bundled AFP dump: a section label, the headline and standfirst printed twice, crossheads.
DUMP = samples_path() / "text" / "afp_nepal_glacial_flood_newsbite.txt"


def stored_view(store: Store) -> list[tuple[str, list[tuple[str | None, list[str]]], list[str]]]:
    """Each stored article's headline, sections and bite sentences."""
    page = store.articles(ArticleQuery(None, None, None, None, None, None, None, 10), full=True)
    return [
        (
            document["headline"],
            [(section["heading"], section["paragraphs"]) for section in document["sections"]],
            document["bite"]["sentences"],
        )
        for document in page.items
    ]


@pytest.fixture
def posted_store(database_url: str) -> Store:
    store = open_store(database_url)
    client = TestClient(
        create_app(Settings(api_token=TOKEN), store), raise_server_exceptions=False, base_url=SERVER_URL
    )
    answer = client.post(
        "/api/v1/articles",
        json={"text": DUMP.read_text(encoding="utf-8")},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert answer.status_code == 201, answer.text
    return store


def test_a_dump_posted_to_the_api_is_stored_as_the_command_line_stores_it(
    posted_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSBITE_DATABASE", f"sqlite:///{tmp_path / 'cli.db'}")
    done = CliRunner().invoke(app, ["ingest", str(DUMP)])
    assert done.exit_code == 0, done.stderr
    ingested = open_store(f"sqlite:///{tmp_path / 'cli.db'}")

    [(headline, sections, bite)] = stored_view(posted_store)
    assert headline == "Glacial lake bursts in Nepal Himalayas, dozens missing"
    assert "NewsBite" not in sections[0][1] and headline not in sections[0][1]
    assert "Nothing left" in [heading for heading, _ in sections]
    assert stored_view(ingested) == [(headline, sections, bite)]


def test_an_intake_reports_each_outcome_and_taking_in_again_changes_nothing(tmp_path: Path) -> None:
    settings = Settings()
    store = open_store(f"sqlite:///{tmp_path / 'intake.db'}")
    intake = Intake(store, settings)
    heard = []
    inputs = [str(DUMP), str(tmp_path / "missing.txt")]
    first = intake.take_in(read_inputs(inputs, settings), lambda outcome, report: heard.append(outcome))
    assert (first.added, first.updated, first.unchanged) == (1, 0, 0)
    assert [failure.origin for failure in first.failures] == [str(tmp_path / "missing.txt")]
    assert len(heard) == 2
    assert first.summary().startswith("1 added, 0 updated, 0 unchanged, 1 failed in ")
    again = intake.take_in(read_inputs([str(DUMP)], settings))
    assert (again.added, again.unchanged, again.failures) == (0, 1, [])
    assert store.stories.page(10, None, 1).items[0]["articles"] == 1  # merged as it was stored


def test_a_failing_document_is_reported_and_the_rest_are_stored(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'intake.db'}")
    documents = [EmptyInput("empty.txt", "the input is empty"), *read_inputs([str(DUMP)], Settings())]
    report = Intake(store, Settings()).take_in(documents)
    assert report.added == 1 and [str(failure) for failure in report.failures] == [
        "empty.txt: the input is empty"
    ]
