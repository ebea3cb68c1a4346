"""Settings: defaults < newsbite.toml < NEWSBITE_* variables < a command's flags, and one clear error."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from newsbite.config import Settings, default_config_file
from newsbite.errors import ConfigError

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def config_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A user config directory of the test's own ($XDG_CONFIG_HOME), with no newsbite.toml yet."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config"


def _write_user_file(config_home: Path, text: str) -> Path:
    path = config_home / "newsbite" / "newsbite.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_settings_file_is_newsbite_toml_in_the_user_config_directory(config_home: Path) -> None:
    assert default_config_file() == config_home / "newsbite" / "newsbite.toml"
    _write_user_file(config_home, "bite_words = 45\n")
    assert Settings.load(environ={}).bite_words == 45


def test_without_a_settings_file_or_variables_load_gives_the_defaults(config_home: Path) -> None:
    assert not default_config_file().exists()
    assert Settings.load(environ={}) == Settings()


def test_settings_alone_are_the_defaults_and_read_nothing(
    config_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_user_file(config_home, "bite_words = 45\n")
    monkeypatch.setenv("NEWSBITE_BITE_SENTENCES", "5")
    settings = Settings()
    assert (settings.bite_words, settings.bite_sentences) == (60, 3)


def test_each_layer_overrides_the_one_before(config_home: Path) -> None:
    _write_user_file(config_home, "bite_words = 45\nbite_sentences = 2\nfetch_retries = 5\n")
    environ = {"NEWSBITE_BITE_WORDS": "30", "NEWSBITE_BITE_SENTENCES": "4", "PATH": "/usr/bin"}
    settings = Settings.load(environ=environ).with_overrides(bite_words=80)
    assert settings.bite_words == 80  # the flag over the variable, the file and the default
    assert settings.bite_sentences == 4  # the variable over the file
    assert settings.fetch_retries == 5  # the file over the default
    assert settings.fetch_per_host == 2  # the default


def test_the_process_environment_is_read_when_none_is_given(
    config_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSBITE_STORY_WINDOW_DAYS", "7.5")
    assert Settings.load().story_window_days == 7.5


def test_a_named_config_file_is_read_instead_of_the_user_file(config_home: Path, tmp_path: Path) -> None:
    _write_user_file(config_home, "bite_words = 45\n")
    team = tmp_path / "team.toml"
    team.write_text('bite_sentences = 2\ndatabase = "sqlite:////srv/news/news.db"\n', encoding="utf-8")
    settings = Settings.load(team, environ={})
    assert (settings.bite_words, settings.bite_sentences) == (60, 2)
    assert settings.database == "sqlite:////srv/news/news.db"


def test_a_missing_named_config_file_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(ConfigError) as caught:
        Settings.load(missing, environ={})
    assert str(caught.value) == f"{missing}: no such settings file"


def test_file_values_take_the_types_toml_gives_and_text_as_the_environment_does(tmp_path: Path) -> None:
    path = tmp_path / "newsbite.toml"
    path.write_text(
        'fetch_timeout_seconds = 5\nbite_embeddings = true\nstory_embeddings = "yes"\n'
        'max_document_bytes = "1_000_000"\nuser_agent = "Desk/2"\n',
        encoding="utf-8",
    )
    settings = Settings.load(path, environ={})
    assert settings.fetch_timeout_seconds == 5.0
    assert isinstance(settings.fetch_timeout_seconds, float)
    assert (settings.bite_embeddings, settings.story_embeddings) == (True, True)
    assert settings.max_document_bytes == 1_000_000
    assert settings.user_agent == "Desk/2"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("bite_word = 45\n", "'bite_word' is not a NewsBite setting (did you mean 'bite_words'?)"),
        ("BITE_WORDS = 45\n", "'BITE_WORDS' is not a NewsBite setting (did you mean 'bite_words'?)"),
        (
            "NEWSBITE_FETCH_RETRIES = 5\n",
            "'NEWSBITE_FETCH_RETRIES' is not a NewsBite setting (did you mean 'fetch_retries'?)",
        ),
        ("[newsbite]\nbite_words = 45\n", "'newsbite' is not a NewsBite setting"),
        ('bite_words = "many"\n', "bite_words = 'many' is not a number"),
        ("bite_words = true\n", "bite_words = true is not a number"),
        ("bite_embeddings = 1\n", "bite_embeddings = 1 is not true or false"),
        ("database = 3\n", "database = 3 is not a string"),
        ("bite_words = \n", "not valid TOML: Invalid value (at line 1, column 14)"),
        ('database = "sqlite:///x.db\n', "not valid TOML: Illegal character '\\n' (at line 1, column 27)"),
    ],
)
def test_a_bad_settings_file_is_one_error_naming_the_file(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "newsbite.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Settings.load(path, environ={})
    assert str(caught.value) == f"{path}: {problem}"


def test_a_settings_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "newsbite.toml"
    path.write_bytes('user_agent = "Zeitung für alle"\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match=re.escape(f"{path}: not UTF-8 text")):
        Settings.load(path, environ={})


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        ("NEWSBITE_BITE_WORDS", "sixty", "is not a number"),
        ("NEWSBITE_FETCH_TIMEOUT_SECONDS", "20s", "is not a number"),
        ("NEWSBITE_BITE_EMBEDDINGS", "maybe", "is not true or false"),
    ],
)
def test_a_malformed_variable_is_one_error_naming_it(
    config_home: Path, variable: str, value: str, problem: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.load(environ={variable: value})
    assert str(caught.value) == f"{variable}: {value!r} {problem}"
    assert caught.value.origin == variable


def test_a_bad_variable_is_reported_even_when_the_file_sets_it_well(config_home: Path) -> None:
    _write_user_file(config_home, "bite_words = 45\n")
    with pytest.raises(ConfigError, match=r"^NEWSBITE_BITE_WORDS: 'x' is not a number$"):
        Settings.load(environ={"NEWSBITE_BITE_WORDS": "x"})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        ("Yes", True),
        (" on ", True),
        ("0", False),
        ("FALSE", False),
        ("no", False),
        ("off", False),
        ("", False),
    ],
)
def test_boolean_variables_take_the_usual_words(config_home: Path, value: str, expected: bool) -> None:
    assert Settings.load(environ={"NEWSBITE_BITE_EMBEDDINGS": value}).bite_embeddings is expected


def test_numbers_in_variables_may_group_digits(config_home: Path) -> None:
    assert Settings.load(environ={"NEWSBITE_MAX_DOCUMENT_BYTES": "5_000_000"}).max_document_bytes == 5_000_000


def test_a_flag_not_given_keeps_the_setting() -> None:
    settings = Settings(bite_words=45)
    assert settings.with_overrides(bite_words=None, bite_embeddings=None) == settings
    assert settings.with_overrides(story_embeddings=True).story_embeddings is True


def test_an_override_that_is_not_a_setting_is_refused() -> None:
    with pytest.raises(ValueError, match="bite_wordz"):
        Settings().with_overrides(bite_wordz=45)


def test_settings_are_frozen_and_survive_pickling_whole(config_home: Path) -> None:
    settings = Settings.load(
        environ={"NEWSBITE_BITE_WORDS": "45", "NEWSBITE_LLM_URL": "http://127.0.0.1:8080/v1"}
    )
    with pytest.raises(ValueError, match="frozen"):
        settings.bite_words = 30  # type: ignore[misc]
    copy = pickle.loads(pickle.dumps(settings))
    assert copy == settings
    assert hash(copy) == hash(settings)
    assert (copy.bite_words, copy.llm_url) == (45, "http://127.0.0.1:8080/v1")


def test_the_default_store_is_a_file_in_the_user_data_directory_made_on_first_use(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert Settings().database_url() == f"sqlite:///{tmp_path / 'data' / 'newsbite' / 'newsbite.db'}"
    assert (tmp_path / "data" / "newsbite").is_dir()


def test_a_named_store_is_used_as_given_and_nothing_is_made_for_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'missing' / 'news.db'}"
    assert Settings(database=url).database_url() == url
    assert not (tmp_path / "missing").exists()


def test_the_documented_example_file_loads(tmp_path: Path) -> None:
    text = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```toml\n(.*?)```", text, flags=re.DOTALL)
    path = tmp_path / "newsbite.toml"
    path.write_text(example, encoding="utf-8")
    settings = Settings.load(path, environ={})
    assert settings.bite_words == 45
    assert settings.database == "postgresql://newsbite@127.0.0.1:5432/news"


@pytest.mark.parametrize(
    "name", ["NEWSBITE_NLP_BATCH_CHARS", "NEWSBITE_BITE_MAX_SENTENCES", "NEWSBITE_MAX_ARTICLE_CHARS"]
)
def test_a_bound_of_zero_is_refused_naming_it(name: str) -> None:
    with pytest.raises(ConfigError) as raised:
        Settings.load(environ={name: "0"})
    assert str(raised.value) == f"{name}: {name.removeprefix('NEWSBITE_').lower()} must be greater than 0"
