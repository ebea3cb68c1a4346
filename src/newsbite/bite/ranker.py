"""The learned sentence ranker: a logistic regression over the features, weights read from a file.

The weights are learned by `bench/train_bite.py` (`make train-bite`) on the summarisation
training split and ship beside this module as `ranker.json`; nothing here is set by hand. A
model names the features it was trained on, and loading refuses a file whose names no longer
match the code's, so a stale file cannot silently score the wrong columns.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np

WEIGHTS_FILE = "ranker.json"


class RankerWeightsError(ValueError):
    """The ranker's weights file is missing, malformed or out of step with the features."""


@dataclass(frozen=True)
class Ranker:
    """Weights of one logistic-regression ranker over named features."""

    features: tuple[str, ...]
    coefficients: np.ndarray
    intercept: float

    def score(self, features: np.ndarray) -> np.ndarray:
        """Log-odds that each row's sentence belongs in the bite."""
        return features @ self.coefficients + self.intercept


def load_ranker(variant: str, expected_features: tuple[str, ...], path: Path | None = None) -> Ranker:
    """The ranker `variant` ("fast" or "embeddings") from the weights file."""
    models = _read_weights(str(path) if path else None)
    if variant not in models:
        raise RankerWeightsError(f"{WEIGHTS_FILE} has no {variant!r} ranker; run `make train-bite`")
    model = models[variant]
    names = tuple(model["weights"])
    if names != expected_features:
        raise RankerWeightsError(
            f"{WEIGHTS_FILE}: the {variant!r} ranker was trained on other features than the code computes; "
            "run `make train-bite`"
        )
    return Ranker(names, np.array(list(model["weights"].values()), dtype=float), float(model["intercept"]))


@lru_cache(maxsize=4)
def _read_weights(path: str | None) -> dict[str, dict]:
    source = Path(path) if path else Path(str(files("newsbite.bite") / WEIGHTS_FILE))
    try:
        return json.loads(source.read_text(encoding="utf-8"))["models"]
    except (OSError, ValueError, KeyError) as error:
        raise RankerWeightsError(f"cannot read the ranker weights {source}: {error}") from None
