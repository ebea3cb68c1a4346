"""`newsbite ingest`, `list` and `search` against a store, as a user runs them."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from newsbite.cli import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAGE = FIXTURES / "html" / "wrapped_article.html"
RECORDS = FIXTURES / "records" / "mixed.jsonl"
runner = CliRunner()


@pytest.fixture
def store_env(monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("NEWSBITE_DATABASE", database_url)
    return database_url


def test_ingest_reports_added_then_unchanged_and_names_failures(store_env: str, tmp_path: Path) -> None:
    first = runner.invoke(app, ["ingest", str(PAGE), str(RECORDS), str(tmp_path / "missing.txt")])
    assert first.exit_code == 1
    assert "missing.txt: no such file or directory" in first.stderr
    assert "mixed.jsonl:3: a record must be a JSON object" in first.stderr
    assert "3 added, 0 updated, 0 unchanged, 4 failed" in first.stderr
    second = runner.invoke(app, ["ingest", str(PAGE), str(RECORDS)])
    assert "0 added, 0 updated, 3 unchanged, 3 failed" in second.stderr


def test_list_and_search_print_the_bite_schema(store_env: str) -> None:
    runner.invoke(app, ["ingest", str(PAGE), str(RECORDS)])
    listed = runner.invoke(app, ["list", "--format", "jsonl"])
    assert listed.exit_code == 0, listed.stderr
    documents = [json.loads(line) for line in listed.stdout.splitlines()]
    bitten = runner.invoke(app, ["bite", str(PAGE), "--format", "json"])
    assert set(documents[0]) == set(json.loads(bitten.stdout)[0])
    found = runner.invoke(app, ["search", "ferry engine fire", "--format", "json"])
    [hit] = json.loads(found.stdout)
    assert hit["headline"] == "Harbour ferry service suspended after engine fire"
    assert hit["bite"]["sentences"]
    text = runner.invoke(app, ["search", "ferry"])
    assert "Harbour ferry service suspended" in text.stdout
    nothing = runner.invoke(app, ["search", "xylophone"])
    assert nothing.exit_code == 0 and "no articles match" in nothing.stderr


def test_a_bad_date_and_a_bad_database_are_one_line_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    bad_date = runner.invoke(app, ["list", "--since", "2026-13-01"])
    assert bad_date.exit_code == 2 and "'2026-13-01' is not a date" in bad_date.stderr
    monkeypatch.setenv("NEWSBITE_DATABASE", "postgresql://newsbite:s3cret@127.0.0.1:1/db?connect_timeout=2")
    unreachable = runner.invoke(app, ["list"])
    assert unreachable.exit_code == 3
    assert "cannot open the store" in unreachable.stderr and "s3cret" not in unreachable.stderr
    assert "Traceback" not in unreachable.output


def test_run_ingests_the_bundled_samples_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSBITE_DATABASE", f"sqlite:///{tmp_path / 'run.db'}")
    first = runner.invoke(app, ["run", "--no-serve"])
    assert first.exit_code == 0, first.stderr
    assert "27 added, 0 updated, 0 unchanged, 0 failed" in first.stderr
    second = runner.invoke(app, ["run", "--no-serve"])
    assert "0 added, 0 updated, 27 unchanged, 0 failed" in second.stderr

    listed = runner.invoke(app, ["stories", "--format", "json", "--limit", "100"])
    assert listed.exit_code == 0, listed.stderr
    stories = json.loads(listed.stdout)
    assert sum(story["articles"] for story in stories) == 27  # every sample merged, once
    assert 5 <= len(stories) < 27
    table = runner.invoke(app, ["stories"])
    assert stories[0]["id"] in table.stdout and "independent" not in table.stderr
    biggest = max(stories, key=lambda story: story["articles"])
    shown = runner.invoke(app, ["story", biggest["id"]])
    assert shown.exit_code == 0 and "timeline" in shown.stdout and "independent sources" in shown.stdout
    whole = json.loads(runner.invoke(app, ["story", biggest["id"], "--format", "json"]).stdout)
    assert len(whole["timeline"]) == biggest["items"]
    missing = runner.invoke(app, ["story", "nope"])
    assert missing.exit_code == 2 and "no story 'nope'" in missing.stderr


def test_serve_refuses_a_busy_port_with_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSBITE_DATABASE", f"sqlite:///{tmp_path / 'serve.db'}")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(app, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


@pytest.mark.slow
def test_serve_with_two_workers_answers_and_stops_on_sigterm(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = os.environ | {"NEWSBITE_DATABASE": f"sqlite:///{tmp_path / 'workers.db'}"}
    command = [sys.executable, "-m", "newsbite", "serve", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(command, env=environment, stderr=subprocess.PIPE, text=True)
    try:
        answers = []
        deadline = time.monotonic() + 30
        while len(answers) < 4 and time.monotonic() < deadline:
            try:
                answers.append(httpx.get(f"http://127.0.0.1:{port}/api/v1/articles", timeout=2).status_code)
            except httpx.TransportError:
                time.sleep(0.2)
        assert answers == [200, 200, 200, 200]
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=20) is not None
    assert "Traceback" not in server.stderr.read()
