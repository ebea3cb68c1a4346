"""Settings as a user meets them through `newsbite`: a bad file, variable or store folder is one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsbite.cli import app

runner = CliRunner()


@pytest.fixture
def homes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Config and data directories of the test's own, no store named."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("NEWSBITE_DATABASE", raising=False)
    return tmp_path


def test_a_store_in_a_missing_folder_is_named_not_created(homes: Path) -> None:
    missing = homes / "missing" / "dir"
    result = runner.invoke(app, ["list"], env={"NEWSBITE_DATABASE": f"sqlite:///{missing}/x.db"})
    assert result.exit_code == 3
    assert result.stderr == f"error: sqlite:///{missing}/x.db: the folder {missing} does not exist\n"
    assert result.stdout == ""
    assert not (homes / "missing").exists()


def test_the_default_store_folder_is_made_on_first_use(homes: Path) -> None:
    result = runner.invoke(app, ["list"])
    default = homes / "data" / "newsbite" / "newsbite.db"
    assert result.exit_code == 0, result.output
    assert default.is_file()
    assert _unwrapped(result.stderr) == f"no articles match in sqlite:///{default}"


def test_the_store_named_in_the_settings_file_is_opened(homes: Path) -> None:
    database = homes / "from-file.db"
    settings_file = homes / "config" / "newsbite" / "newsbite.toml"
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(f'database = "sqlite:///{database}"\n', encoding="utf-8")
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0, result.output
    assert _unwrapped(result.stderr) == f"no articles match in sqlite:///{database}"
    assert not (homes / "data" / "newsbite").exists()


def test_a_bad_settings_file_stops_the_command_with_one_line(homes: Path) -> None:
    settings_file = homes / "config" / "newsbite" / "newsbite.toml"
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text("bite_word = 45\n", encoding="utf-8")
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {settings_file}: 'bite_word' is not a NewsBite setting (did you mean 'bite_words'?)\n"
    )


def test_a_malformed_variable_stops_the_command_with_one_line(homes: Path, tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("A headline\n\nA body paragraph that says something.\n", encoding="utf-8")
    result = runner.invoke(app, ["bite", str(story)], env={"NEWSBITE_MAX_DOCUMENT_BYTES": "12MB"})
    assert result.exit_code == 2
    assert result.stderr == "error: NEWSBITE_MAX_DOCUMENT_BYTES: '12MB' is not a number\n"
    assert result.stdout == ""


def test_a_flag_overrides_the_variable_and_the_file(homes: Path, tmp_path: Path) -> None:
    settings_file = homes / "config" / "newsbite" / "newsbite.toml"
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text("bite_words = 5\n", encoding="utf-8")
    story = tmp_path / "story.txt"
    story.write_text(
        "A headline\n\nThe port reopened on Monday after a week. Ships moved again at dawn. "
        "The harbour master said the channel was clear.\n",
        encoding="utf-8",
    )
    from_file = runner.invoke(app, ["bite", str(story), "--format", "json"])
    from_flag = runner.invoke(
        app, ["bite", str(story), "--format", "json", "--words", "60"], env={"NEWSBITE_BITE_WORDS": "5"}
    )
    assert from_file.exit_code == from_flag.exit_code == 0, from_file.output + from_flag.output
    [file_article] = json.loads(from_file.stdout)
    [flag_article] = json.loads(from_flag.stdout)
    assert file_article["bite"]["sentences"] == ["The port reopened on Monday after a week."]
    assert flag_article["bite"]["sentences"] == [
        "The port reopened on Monday after a week.",
        "The harbour master said the channel was clear.",
    ]


def _unwrapped(stderr: str) -> str:
    """A message as printed, without the breaks the console adds at its width."""
    return stderr.replace("\n", "")


def test_the_config_option_reads_another_file_instead_of_the_users(homes: Path) -> None:
    users_file = homes / "config" / "newsbite" / "newsbite.toml"
    users_file.parent.mkdir(parents=True)
    users_file.write_text(f'database = "sqlite:///{homes / "users.db"}"\n', encoding="utf-8")
    other = homes / "other.toml"
    other.write_text(f'database = "sqlite:///{homes / "other.db"}"\n', encoding="utf-8")
    result = runner.invoke(app, ["--config", str(other), "list"])
    assert result.exit_code == 0, result.output
    assert _unwrapped(result.stderr) == f"no articles match in sqlite:///{homes / 'other.db'}"
    assert not (homes / "users.db").exists()


def test_a_missing_config_file_is_named_in_one_line(homes: Path) -> None:
    result = runner.invoke(app, ["--config", str(homes / "nowhere.toml"), "list"])
    assert result.exit_code == 2
    assert result.stderr == f"error: {homes / 'nowhere.toml'}: no such settings file\n"
