"""The `newsbite` command, run as a user runs it: output formats, failures, exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from newsbite.cli import app, main

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGE = FIXTURES / "html" / "wrapped_article.html"
RECORDS = FIXTURES / "records" / "mixed.jsonl"
runner = CliRunner()

TEXT_DUMP = "World\n\nA headline about a port\n\nA headline about a port\n\nThe port reopened. Ships moved.\n"


def test_json_is_an_array_in_the_order_given(tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_text(TEXT_DUMP, encoding="utf-8")
    result = runner.invoke(app, ["bite", str(dump), str(PAGE), "--format", "json"])
    assert result.exit_code == 0, result.output
    articles = json.loads(result.stdout)
    assert [a["headline"] for a in articles] == [
        "A headline about a port",
        "Harbour ferry service suspended after engine fire",
    ]
    assert articles[0]["section"] == "World"
    assert articles[0]["bite"]["sentences"] == ["The port reopened.", "Ships moved."]


def test_json_with_every_document_failing_is_still_an_array(tmp_path: Path) -> None:
    result = runner.invoke(app, ["bite", str(tmp_path / "missing.txt"), "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []


def test_jsonl_gives_one_line_per_record_with_its_id() -> None:
    result = runner.invoke(app, ["bite", str(RECORDS), "--format", "jsonl"])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["rec-1", "7"]
    assert result.exit_code == 1
    assert result.stderr.count("error:") == 3
    assert f"{RECORDS}:2" in result.stderr


def test_markdown_has_headline_brief_and_crossheads() -> None:
    result = runner.invoke(app, ["bite", str(PAGE), "--format", "markdown"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# Harbour ferry service suspended after engine fire\n")
    assert "## In brief" in result.stdout
    assert "## Investigators on board" in result.stdout


def test_text_shows_headline_and_bite() -> None:
    result = runner.invoke(app, ["bite", str(PAGE)])
    assert result.exit_code == 0
    assert "Harbour ferry service suspended after engine fire" in result.stdout
    assert "142 passengers" in result.stdout


def test_stdin_is_read_with_a_dash() -> None:
    result = runner.invoke(app, ["bite", "-", "--format", "jsonl"], input=TEXT_DUMP)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["headline"] == "A headline about a port"


def _command_paths(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command under `command` (itself first), with the words that call it."""
    yield path, command
    for name, subcommand in getattr(command, "commands", {}).items():
        yield from _command_paths(subcommand, (*path, name))


COMMANDS = dict(_command_paths(typer.main.get_command(app)))


def test_the_commands_are_pinned() -> None:
    # A command renamed or dropped changes what users' scripts call: it must show up here.
    assert sorted(" ".join(path) for path in COMMANDS) == [
        "",
        "batch",
        "bite",
        "cluster",
        "feeds",
        "feeds add",
        "feeds export",
        "feeds import",
        "feeds list",
        "feeds remove",
        "ingest",
        "list",
        "run",
        "samples",
        "search",
        "serve",
        "stories",
        "story",
        "users",
        "users add",
        "users api-password",
        "users list",
        "users passwd",
        "users remove",
        "users revoke",
        "users token",
        "users tokens",
        "watch",
    ]


@pytest.mark.parametrize("path", list(COMMANDS), ids=lambda path: " ".join(path) or "newsbite")
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"], prog_name="newsbite", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert " ".join(("Usage: newsbite", *path)) in result.stdout
    summary = COMMANDS[path].help.splitlines()[0]
    assert summary and summary in result.stdout


# Each takes a second or more to import: a command loads them when it needs them, never for help.
HEAVY_PACKAGES = {"spacy", "dask", "distributed", "pyarrow", "sklearn", "torch", "sqlalchemy"}


@pytest.mark.parametrize("option", ["--version", "--help"])
def test_version_and_help_import_no_heavy_package(option: str) -> None:
    process = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "newsbite", option],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert process.returncode == 0, process.stderr
    assert "newsbite" in process.stdout
    imported = {line.rsplit("|", 1)[1].strip() for line in process.stderr.splitlines() if "|" in line}
    assert "newsbite.cli" in imported
    assert {name.split(".")[0] for name in imported} & HEAVY_PACKAGES == set()


def test_the_console_script_runs_the_cli() -> None:
    [script] = entry_points(group="console_scripts", name="newsbite")
    assert script.load() is main


def _newsbite_script() -> Path:
    """The `newsbite` console script installed beside this Python (`pip install -e .`)."""
    script = Path(sys.executable).parent / "newsbite"
    assert script.exists(), f"{script} is missing: install the package with pip install -e ."
    return script


def test_show_completion_prints_the_bash_script_without_a_terminal() -> None:
    process = subprocess.run(
        [_newsbite_script(), "--show-completion", "bash"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert process.returncode == 0, process.stderr
    assert "_newsbite_completion()" in process.stdout
    assert process.stdout.rstrip().endswith("complete -o default -F _newsbite_completion newsbite")


def test_the_bash_completion_script_completes_a_subcommand() -> None:
    bin_folder = str(_newsbite_script().parent)
    completing = (
        'eval "$(newsbite --show-completion bash)"; COMP_WORDS=(newsbite feeds im); COMP_CWORD=2; '
        '_newsbite_completion newsbite; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    process = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", completing],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PATH": f"{bin_folder}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    assert process.returncode == 0, process.stderr
    assert process.stdout.split() == ["import"]


def test_show_completion_names_the_shells_it_knows() -> None:
    result = runner.invoke(app, ["--show-completion", "tcsh"])
    assert result.exit_code == 2
    assert "'bash', 'zsh', 'fish', 'powershell', 'pwsh'" in result.output


def test_failure_is_one_line_without_traceback_in_a_real_process(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8)
    inputs = [
        str(tmp_path / "missing.txt"),
        str(empty),
        str(binary),
        str(huge),
        "http://newsbite-test.invalid/",
    ]
    process = subprocess.run(
        [sys.executable, "-m", "newsbite", "bite", *inputs],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert process.returncode == 1
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 5
    assert all(line.startswith("error: ") for line in lines)
    assert "Traceback" not in process.stderr


def _bite_words(*options: str) -> int:
    result = runner.invoke(app, ["bite", str(PAGE), "--format", "json", *options])
    assert result.exit_code == 0, result.output
    [article] = json.loads(result.stdout)
    return sum(len(sentence.split()) for sentence in article["bite"]["sentences"])


def test_words_sets_the_bite_budget() -> None:
    short, default = _bite_words("--words", "15"), _bite_words()
    assert 0 < short < default


def test_embeddings_without_the_extra_installed_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsbite.bite import embeddings

    def missing() -> None:
        raise embeddings.EmbeddingsUnavailable("the embedding path needs sentence-transformers")

    monkeypatch.setattr(embeddings, "load_model", missing)
    result = runner.invoke(app, ["bite", str(PAGE), "--embeddings"])
    assert result.exit_code == 2
    assert "sentence-transformers" in result.output


def test_llm_url_without_a_model_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBITE_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.delenv("NEWSBITE_LLM_MODEL", raising=False)
    result = runner.invoke(app, ["bite", str(PAGE)])
    assert result.exit_code == 2
    assert "NEWSBITE_LLM_MODEL" in result.output
