"""The shipped ranker weights: learned, complete, and refused when out of step with the code."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from newsbite.bite.features import FEATURE_NAMES
from newsbite.bite.ranker import RankerWeightsError, load_ranker


def test_shipped_fast_ranker_has_a_weight_for_every_feature() -> None:
    ranker = load_ranker("fast", FEATURE_NAMES)
    assert ranker.features == FEATURE_NAMES
    assert np.count_nonzero(ranker.coefficients) == len(FEATURE_NAMES)


def test_weights_for_other_features_are_refused(tmp_path: Path) -> None:
    stale = tmp_path / "ranker.json"
    stale.write_text(json.dumps({"models": {"fast": {"intercept": 0, "weights": {"old_feature": 1.0}}}}))
    with pytest.raises(RankerWeightsError, match="make train-bite"):
        load_ranker("fast", FEATURE_NAMES, stale)


def test_an_unreadable_weights_file_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(RankerWeightsError, match=r"broken\.json"):
        load_ranker("fast", FEATURE_NAMES, broken)
