"""Places: mislabelled place names corrected, and every place resolved to a gazetteer entry.

A small model tags places it has not seen as people or products ("Kyiv denied ...", "Kursk
region"). A mention becomes a place when the gazetteer knows the name and the text or the
article agrees: a place word around it ("the town of X", "X region", "in X"), a large city, or
a place in a country the article is already about. A town followed by its region or country
("Hamilton, Ontario", "Perth, Scotland") is one place, read as a town in that region. Each
place then takes the reading that fits the article: a gazetteer entry another name in the
article already resolved to (so "Dzerzhinsk", the Russian name of Toretsk, joins Toretsk), one
in a country the article names, else the most populous (a region by its towns' people, so
Queensland, Australia outweighs a Canadian hamlet and Santiago de Chile a Dominican province).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Span, Token

from newsbite.model import Place
from newsbite.understand.cues import REPORTING_VERBS
from newsbite.understand.datelines import Dateline, dateline
from newsbite.understand.entities import PLACE_LABELS, EntityGroup, Mention, name_of
from newsbite.understand.gazetteer import (
    FEATURE_WORDS,
    REGION_KIND_WORDS,
    Gazetteer,
    GazetteerEntry,
    demonym_country,
    lookup_key,
)
from newsbite.understand.nlp import text_of

_PLACE_NOUNS_BEFORE = frozenset(
    """
    town city village region province district oblast county state capital port settlement
    suburb municipality island republic hamlet township parish borough commune neighbourhood
    neighborhood enclave atoll archipelago
    """.split()
)
_PLACE_NOUNS_AFTER = frozenset(
    """
    region province district oblast county state area city
    regions provinces districts oblasts counties states areas cities
    """.split()
)
_PLACE_PREPOSITIONS = frozenset(
    """
    in near outside from to at around towards toward into across through via throughout beyond off
    """.split()
)
_PLACE_NOUNS = _PLACE_NOUNS_BEFORE | _PLACE_NOUNS_AFTER
_NEIGHBOURING = frozenset({"neighbouring", "neighboring", "nearby", "adjacent"})
# The parts of a town a name may be of: "the Bab al-Tabbaneh district"; and the islands a name
# may be of: "the Lofoten islands".
_PARTS_OF_TOWNS = frozenset(
    """
    district districts area areas neighbourhood neighbourhoods neighborhood neighborhoods suburb
    suburbs township ward settlement settlements slum slums
    island islands
    """.split()
)
# The kinds of a country's parts a region's name stands before: "the Ñuble region".
_REGION_NOUNS = frozenset({"region", "province", "department", "state", "prefecture", "county", "oblast"})
# Parts of the world no country holds: never a town of that name, never a country's.
_WORLD_REGIONS = frozenset(
    (
        "africa",
        "asia",
        "europe",
        "oceania",
        "antarctica",
        "americas",
        "north america",
        "south america",
        "latin america",
        "central america",
        "middle east",
        "the middle east",
        "caribbean",
        "the caribbean",
        "arctic",
        "the arctic",
        "pacific",
        "the pacific",
        "atlantic",
        "the atlantic",
    )
)
# What a name ending in one of these names is a building or a site, not a place on the map.
_FACILITIES = frozenset(
    """
    centre center hospital prison jail gaol airport stadium school college university mall hotel
    cathedral church mosque temple museum library courthouse station terminal refinery factory
    barracks clinic arena
    """.split()
)
_COMPASS = frozenset(
    """
    northern southern eastern western central north south east west northeastern northwestern
    southeastern southwestern north-eastern north-western south-eastern south-western
    """.split()
)
# Demonyms (NORP: "Ukrainian") are never relabelled: they name people, not places.
_CORRECTABLE_LABELS = frozenset({"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT"})
# What the model calls a person or an organisation is a region only where the text says so:
# regions share names with firms and people ("Delta", Nigeria's state and the airline).
_NAMED_LABELS = frozenset({"PERSON", "ORG"})
_REGION_KINDS = frozenset({"admin1", "admin2"})
# How a speaker hangs from what it says: its subject, or after it ("said Pereira").
_SPEAKER_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "npadvmod", "appos"})
# A region of this many people is a place whatever the model says (Queensland, Bavaria).
_LARGE_REGION = 1_000_000
# A city this large is a place whatever the model says, unless the text says otherwise.
_LARGE_CITY = 100_000
# An untagged name after "in" is read as a place only if it is a town of this size at least,
# or one in a country the article names: small places share names with common words.
_KNOWN_PLACE = 15_000
_SAME_ENTRY_BONUS = 10.0
_COUNTRY_BONUS = 3.0
# A reading this close to a place the article already names counts as much as its country does.
_NEAR_BONUS = _COUNTRY_BONUS
_NEAR_KM = 50.0
_OWN_NAME_BONUS = 2.0
# How many times the people of its namesakes a place must have to say which country the article
# is in by its name alone (Victoria, Australia has 13 times Victoria, Hong Kong's).
_DWARFING = 20


def corrected_mentions(doc: Doc, mentions: list[Mention], places: Gazetteer) -> list[Mention]:
    """The mentions with place labels fixed, plus unlabelled names after "the town of"."""
    countries = _countries_named(mentions, places)
    opening = dateline(text_of(doc))  # (read once: its town is taken below, its area here)
    if opening is not None and opening.area is not None and (code := _country_said_by(opening.area, places)):
        # "VICTORIA, Seychelles —": the model seldom tags a dateline, but its area says where the
        # article is as a country named in the text does
        countries[code] += 1
    people_words = _surnames(mentions)
    corrected = []
    names = _split_at_commas(map(_without_trailing_function_words, mentions), places)
    for mention in _split_at_connectors(names, places, countries):
        if mention.label in PLACE_LABELS and not any(
            token.is_title or token.is_upper for token in mention.span
        ):
            continue  # a common noun the model took for a place ("ammonia")
        if (
            mention.label in PLACE_LABELS
            and len(mention.span) > 1
            and mention.span[-1].lower_ in _FACILITIES
            and not _a_town_so_named(mention.span, places)
        ):
            # "Cataraqui Detention Centre" is a building and the body that runs it, not a place
            corrected.append(Mention(mention.span, "ORG"))
            continue
        if (
            mention.label in PLACE_LABELS
            and _speaks(mention.span)
            and not _stands_for_a_state(places.lookup(name_of(mention.span)))
        ):
            # what speaks is a person or a body ("said Pereira, 67") unless it can speak for a state
            corrected.append(Mention(mention.span, "PERSON" if len(mention.span) == 1 else "ORG"))
            continue
        label, span = mention.label, mention.span
        if label in PLACE_LABELS:
            span = _widened(span, places)
        elif label in _CORRECTABLE_LABELS and _reads_as_place(span, places, countries, people_words):
            label, span = "GPE", _widened(span, places)
        elif label in _CORRECTABLE_LABELS and (whole := _a_known_place_whole(span, places)) is not None:
            label, span = "GPE", whole  # "Santo Domingo", of which the model took "Domingo" for a man
        elif label in _CORRECTABLE_LABELS and _a_county_named(span, places):
            label = "GPE"  # "Residents of Westport, County Mayo, said": the county, not a speaker
        elif label in _CORRECTABLE_LABELS and _names_water_or_land(span):
            label = "LOC"  # "the River Tay", "Lake Kivu", "the Jaffna Peninsula"
        elif (
            label in _CORRECTABLE_LABELS or (label == "NORP" and demonym_country(name_of(span)) is None)
        ) and _named_as_a_place(span):
            label = "GPE"  # "the island of Shikoku", "the township of Osizweni": a place, known or not
        elif label == "NORP" and _named_place(span, places):
            label = "GPE"
        elif label == "NORP" and _a_town_the_model_took_for_a_people(span, places, countries):
            label = "GPE"  # "a drive of an hour to Antigonish"
        corrected.append(Mention(span, label))
    corrected = _outside_longer_places(corrected + _unlabelled_places(doc, places, countries))
    datelined = _dateline(doc, places, opening)
    if datelined is not None:  # the dateline's town, whatever the model made of its capitals
        corrected = [datelined, *(m for m in corrected if m.span.start >= datelined.span.end)]
    corrected = _names_joined_by_and(sorted(corrected, key=lambda mention: mention.span.start), places)
    return _town_and_region_joined(corrected, places)


def _a_town_the_model_took_for_a_people(span: Span, places: Gazetteer, countries: Counter) -> bool:
    """A "group" (NORP) that is no people's word but the object of a place preposition, named
    so in the gazetteer, a town of some size or in a country the article names."""
    if demonym_country(name_of(span)) is not None or span.root.dep_ != "pobj" or not _place_context(span):
        return False
    return _a_place_of_note(span, places, countries, regions=False)


def _outside_longer_places(mentions: list[Mention]) -> list[Mention]:
    """The mentions without those a place widened over ("Surat" of "Surat Thani province")."""
    widest: dict[int, Span] = {}  # each word's longest place (a map, not a search per mention)
    for mention in mentions:
        if mention.label in PLACE_LABELS:
            for i in range(mention.span.start, mention.span.end):
                if i not in widest or len(widest[i]) < len(mention.span):
                    widest[i] = mention.span
    return [
        mention
        for mention in mentions
        if (cover := widest.get(mention.span.start)) is None
        or len(cover) <= len(mention.span)
        or not cover.start <= mention.span.start <= mention.span.end <= cover.end
    ]


def _names_joined_by_and(mentions: list[Mention], places: Gazetteer) -> list[Mention]:
    """Two names the model split at an "and" that together name one area ("Perth and Kinross",
    "Bosnia and Herzegovina"): one place mention."""

    def one_area(first: Mention, second: Mention) -> list[Mention] | None:
        doc = first.span.doc
        if (
            second.span.start != first.span.end + 1
            or doc[first.span.end].lower_ != "and"
            or first.label not in PLACE_LABELS | _CORRECTABLE_LABELS
            or second.label not in PLACE_LABELS | _CORRECTABLE_LABELS
        ):
            return None
        name = doc[first.span.start : second.span.end].text
        areas = [
            entry
            for entry in places.lookup(name)
            if entry.kind != "city" and lookup_key(entry.name) == lookup_key(name)
        ] or places.counties(name)
        return [Mention(Span(doc, first.span.start, second.span.end, label="GPE"), "GPE")] if areas else None

    return _pairs_joined(mentions, one_area)


def _pairs_joined(
    mentions: list[Mention], join: Callable[[Mention, Mention], list[Mention] | None]
) -> list[Mention]:
    """The mentions with each pair of neighbours that `join` makes one replaced by what it gives."""
    joined: list[Mention] = []
    index = 0
    while index < len(mentions):
        made = join(mentions[index], mentions[index + 1]) if index + 1 < len(mentions) else None
        if made is not None:
            joined += made
            index += 2
        else:
            joined.append(mentions[index])
            index += 1
    return joined


def _dateline(doc: Doc, places: Gazetteer, found: Dateline | None) -> Mention | None:
    """The dateline's town (datelines.py): a city the world knows needs no country after it
    ("GENEVA —"), nor does a town of note where the wire's date follows ("ACCRA, Dec 5 -"); a
    town named with its country or state must lie in it ("KISUMU, Kenya —"; "NATO, EU —" is no
    dateline)."""
    town = doc.char_span(0, found.town_end) if found is not None else None
    if found is None or town is None:
        return None
    if found.area is not None:
        known = bool(_towns_within(places, town.text, found.area))
    else:
        least = _KNOWN_PLACE if found.dated else _LARGE_CITY
        # (by its own name, or a city the world knows by that one too: "ULAANBAATAR", Ulan Bator)
        known = any(
            entry.kind == "city"
            and entry.population >= least
            and (lookup_key(entry.name) == lookup_key(town.text) or entry.population >= _LARGE_CITY)
            for entry in places.lookup(town.text)
        )
    return Mention(Span(doc, town.start, town.end, label="GPE"), "GPE") if known else None


def _a_town_so_named(span: Span, places: Gazetteer) -> bool:
    # "Rockville Centre", "College Station": towns, where no "the" makes them a building
    if span[0].lower_ == "the" or (span.start > 0 and span.doc[span.start - 1].lower_ == "the"):
        return False
    named = span.text.lower()
    return any(entry.kind == "city" and entry.name.lower() == named for entry in places.lookup(span.text))


# Words that make a name a river, lake or landform's when they open it ("the River Tay", "Lake
# Kivu") or close it after "the" ("the Kafue River", "the Jaffna Peninsula"); without "the", a
# last word is as often a surname or a firm's ("Michael Bay", "Gulf Air").
_WATER_AND_LAND_FIRST = frozenset({"lake", "loch", "mount"})
_WATER_AND_LAND_LAST = frozenset(
    """
    river lake island islands peninsula valley mountains desert delta strait sea lagoon
    """.split()
)


def _a_county_named(span: Span, places: Gazetteer) -> bool:
    """Whether a name is "County X" (or "Co X") of a county or region the gazetteer knows."""
    if len(span) < 2 or span[0].text not in ("County", "Co", "Co."):
        return False
    # (the gazetteer reads "County X" as the county or region X)
    return any(entry.kind in _REGION_KINDS for entry in places.lookup(span.text)) or bool(
        places.counties(span[1:].text)
    )


def _names_water_or_land(span: Span) -> bool:
    doc = span.doc
    definite = span[0].lower_ == "the" or (span.start > 0 and doc[span.start - 1].lower_ == "the")
    tokens = [token for token in span if token.lower_ != "the"]
    if 3 <= len(tokens) <= 4 and tokens[0].lower_ in ("isle", "isles") and tokens[1].lower_ == "of":
        return all(token.is_title for token in tokens[2:])  # "the Isles of Scilly", "Isle of Wight"
    if not 2 <= len(tokens) <= 4 or not all(token.is_title for token in tokens):
        return False
    first, last = tokens[0].lower_, tokens[-1].lower_
    return (
        first in _WATER_AND_LAND_FIRST
        or (definite and first == "river")
        or (definite and last in _WATER_AND_LAND_LAST)
    )


# The features a name says it is that mostly lie in one country, so that an article's one
# country is theirs: not a sea, a strait, a desert or a mountain, which borders run through.
_FEATURES_OF_ONE_COUNTRY = frozenset(
    "river lake loch island islands isle isles peninsula valley delta lagoon".split()
)


def _a_feature_of_one_country(span: Span) -> bool:
    """ "the Bremer River", "Lake Balaton", "the Ards Peninsula": a feature named by its kind (its
    kind first only in a name of two words: "Lake Street Capital" is a firm)."""
    words = [token.lower_ for token in span if token.lower_ != "the"]
    return (
        _names_water_or_land(span)
        and bool(words)
        and (
            (words[0] in _FEATURES_OF_ONE_COUNTRY and len(words) == 2)
            or words[-1] in _FEATURES_OF_ONE_COUNTRY
        )
    )


def _split_at_commas(mentions: Iterable[Mention], places: Gazetteer) -> Iterable[Mention]:
    """A name the model ran on past a comma into the next ("crossings to Calais, Kent Police
    said"): the place before the comma, and the name after it, each a mention of its own."""
    for mention in mentions:
        span = mention.span
        comma = next((token.i for token in span if token.text == ","), None)
        if mention.label in PLACE_LABELS or comma is None or comma in (span.start, span.end - 1):
            yield mention
            continue
        before = Span(span.doc, span.start, comma, label="GPE")
        if not any(lookup_key(entry.name) == lookup_key(before.text) for entry in places.lookup(before.text)):
            yield mention
            continue
        yield Mention(before, "GPE")
        yield Mention(Span(span.doc, comma + 1, span.end, label=mention.label), mention.label)


_CONNECTORS = frozenset({"and", "or", "with", "in"})


def _split_at_connectors(
    mentions: Iterable[Mention], places: Gazetteer, countries: Counter
) -> Iterable[Mention]:
    """Two places the model ran into one name at "and", "with" or "in" ("move the work to Windsor
    and Mississauga", "held at Cobh in County Cork"): each a mention of its own. Only after a
    place preposition, where the whole is no place and each part is one of note: firms are named
    for two towns ("Bradford & Bingley was nationalised") or a town and a word ("at Ernst & Young",
    Young being a town in Uruguay)."""
    for mention in mentions:
        span = mention.span
        cut = next((token.i for token in span[1:-1] if token.lower_ in _CONNECTORS), None)
        before = span.doc[span.start - 1] if span.start > 0 else None
        if (
            cut is None
            or before is None
            or before.lower_ not in _PLACE_PREPOSITIONS
            or mention.label not in PLACE_LABELS | _CORRECTABLE_LABELS
            or places.lookup(span.text)
        ):
            yield mention
            continue
        parts = (Span(span.doc, span.start, cut, label="GPE"), Span(span.doc, cut + 1, span.end, label="GPE"))
        if all(_a_place_of_note(part, places, countries) for part in parts):
            yield from (Mention(part, "GPE") for part in parts)
        else:
            yield mention


def _a_place_of_note(span: Span, places: Gazetteer, countries: Counter, regions: bool = True) -> bool:
    """Whether the gazetteer has a region of that name (unless not `regions`), or a town of that
    very name of some size or in the article's countries."""
    name = name_of(span)
    key = lookup_key(name)
    return any(
        (regions and entry.kind in _REGION_KINDS)
        or (
            lookup_key(entry.name) == key and (entry.population >= _KNOWN_PLACE or entry.country in countries)
        )
        for entry in places.lookup(name)
    )


def _without_trailing_function_words(mention: Mention) -> Mention:
    """A name the model ran into the next word ("Bristol of" in "a charity in Bristol of
    charging ..."), cut back to the name."""
    span = mention.span
    end = span.end
    while end - span.start > 1 and span.doc[end - 1].pos_ in ("ADP", "DET", "CCONJ", "SCONJ", "PART"):
        end -= 1
    if end == span.end:
        return mention
    return Mention(Span(span.doc, span.start, end, label=span.label), mention.label)


def resolve_places(groups: list[EntityGroup], places: Gazetteer) -> list[Place]:
    """Each place entity resolved in the article's context, groups naming one entry merged."""
    place_groups = [group for group in groups if group.label in PLACE_LABELS]
    starts = {mention.span.start: group for group in place_groups for mention in group.mentions}
    candidates = {
        id(group): _inside_area_named(group, starts, places) or _candidates(group, places)
        for group in place_groups
    }
    # A name the article gives as a town's area ("Wellington, Somerset") is that area, not a town
    # of its name, however near the article's other places the town is (Somerset, Queensland).
    # (in the country of the town it was given for: "Ancoats, Manchester" keeps the city)
    areas: dict[str, set[str]] = {}
    for group in place_groups:
        for form in group.forms():
            if area := _area_of(form):
                # (or, for a town the gazetteer lacks, the country of the county so named)
                given = {e.country for e in candidates[id(group)]} or places.county_countries(area)
                areas.setdefault(lookup_key(area), set()).update(given)
    for group in place_groups:
        if countries_given := areas.get(lookup_key(group.name)):
            readings = candidates[id(group)]
            at_home = [e for e in readings if e.country in countries_given]
            candidates[id(group)] = (
                at_home or [e for e in readings if e.kind == "country" or e.kind in _REGION_KINDS] or readings
            )
    for group in place_groups:
        if (state := _a_state_of_the_name(group, place_groups, candidates)) is not None:
            candidates[id(group)] = [state, *(e for e in candidates[id(group)] if e is not state)]
    # (a place named only as where people come from says little of where the article is, where
    # none of its other places may lie in that country: "workers from Romania" on farms near
    # Spalding; not "ferries from Malta" beside Victoria, a town of Gozo's among others)
    holders = Counter(country for g in place_groups for country in {e.country for e in candidates[id(g)]})
    origins = {
        id(group)
        for group in place_groups
        if candidates[id(group)]
        and holders[candidates[id(group)][0].country] == 1
        and all(_whence_people_come(mention.span) for mention in group.mentions)
    }
    countries = Counter(
        entry.country
        for group in place_groups
        for entry in candidates[id(group)][:1]
        if entry.kind == "country" and id(group) not in origins
    )
    # A demonym hints where the article is ("the northern Lebanese city of Tripoli", "Romanian
    # prosecutors"), but may speak of foreigners ("French border officials" at Dover): it
    # favours its country's readings and rules out none.
    hinted = Counter(
        code for group in groups if group.label == "NORP" if (code := demonym_country(group.name)) is not None
    )
    hamlets: Counter[str] = Counter()
    for group in place_groups:  # places with one known reading set the article's countries too
        readings = candidates[id(group)]
        # (nor does a region named by its bearing, whose namesakes the gazetteer may lack)
        if id(group) in origins or all(_named_by_its_bearing(entry) for entry in readings):
            continue
        # (a gazetteer entry without a population is too thin to vouch for a country)
        # (nor is a reading that only lists the name among its alternates: "Adjara" is an
        # alternate spelling of Adjarra, Benin, and means the Georgian region the gazetteer spells
        # otherwise)
        # (a region of ISO 3166-2 or a county has no population of its own but is no thin entry:
        # "Cumbria" says Britain, though Cumberland, Maryland lists it among its alternates)
        names = {lookup_key(_town_name(form)) for form in group.forms()}
        own = [entry for entry in readings if lookup_key(entry.name) in names]
        one_country = len({entry.country for entry in own}) == 1 and (
            own[0].population > 0 or own[0].kind in _REGION_KINDS
        )
        if one_country:
            countries[own[0].country] += 1
            if own[0].kind == "city" and own[0].population < _KNOWN_PLACE:
                hamlets[own[0].country] += 1
        elif (area := _a_region_dwarfing_other_countries(readings)) is not None:
            countries[area.country] += 1
    # (a hamlet, the only one of its name the gazetteer has, in a country where none of the
    # article's other places may lie, says little of where the article is: "Aguas Calientes, the
    # town below Machu Picchu" in a story from Peru is no hamlet of Mexico's; Kennebunkport beside
    # Portland and Augusta is Maine's)
    for country, count in hamlets.items():
        if countries[country] == count and holders[country] == count and len(countries) > 1:
            del countries[country]
    chosen: dict[int, GazetteerEntry] = {}
    in_order = sorted(place_groups, key=lambda g: len(candidates[id(g)]))
    names_of = {id(group): {lookup_key(_town_name(form)) for form in group.forms()} for group in in_order}
    for group in in_order:
        entry = _best_reading(
            candidates[id(group)], countries, list(chosen.values()), names_of[id(group)], hinted
        )
        if entry is not None:
            chosen[id(group)] = entry
    # Each place read again beside all the others: the first were read beside none ("Guildford"
    # before "Perth" and "Midland" is the English town; beside them, the one near Perth).
    for group in in_order:
        if id(group) not in chosen:
            continue
        others = [entry for key, entry in chosen.items() if key != id(group)]
        again = _best_reading(candidates[id(group)], countries, others, names_of[id(group)], hinted)
        chosen[id(group)] = again or chosen[id(group)]
    for group in place_groups:
        if id(group) in chosen:
            group.place_id = chosen[id(group)].geonameid
    # A name the gazetteer does not know is listed only where the text says it is a place ("in
    # Manang", "the village of X"): else it is likelier a thing the model took for one ("300 kg
    # of Captagon", "the Sharara field").
    kept = [
        g
        for g in place_groups
        if id(g) in chosen
        # (a region named by its bearing is a place, in a country the text around it says)
        or (candidates[id(g)] and all(_named_by_its_bearing(entry) for entry in candidates[id(g)]))
        or any(
            _place_context(m.span)
            or _appositive_area(m.span)
            or _an_island_where_one_would_be(m.span)
            or _a_feature_of_one_country(m.span)
            # "southern Vancouver Island"; not what does things ("River Island will close 30 stores")
            or (
                m.label in ("GPE", "LOC")
                and _an_island(m.span)
                and m.span.root.dep_ not in ("nsubj", "nsubjpass")
            )
            or _area_it_is_in(m.span, places) is not None
            for m in g.mentions
        )
    ]
    resolved = [(mention.span, chosen[id(g)]) for g in kept if id(g) in chosen for mention in g.mentions]
    countries_beside = {id(g): _country_beside(g, resolved, places) for g in kept if id(g) not in chosen}
    return _merged_places(kept, chosen, places, countries_beside)


def _whence_people_come(span: Span) -> bool:
    """Whether a name is where people or things come from: "workers from Romania and Bulgaria",
    "hiring drivers from Belarus"."""
    first = span.root
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    return first.dep_ == "pobj" and first.head.lower_ == "from"


def _a_state_of_the_name(
    group: EntityGroup, place_groups: list[EntityGroup], candidates: dict[int, list[GazetteerEntry]]
) -> GazetteerEntry | None:
    """Another country's region of a country's very name, where the article's other places are
    towns of that region and none of the country's: Georgia beside Macon is the American state,
    beside Tbilisi the country. (A town is read by its biggest namesake: Athens beside Georgia is
    still Greece's, and does not make Georgia a state.) Else None."""
    readings = candidates[id(group)]
    if not readings or readings[0].kind != "country":
        return None
    name = lookup_key(group.name)
    state = next(
        (
            e
            for e in readings
            if e.kind == "admin1" and e.country != readings[0].country and lookup_key(e.name) == name
        ),
        None,
    )
    if state is None:
        return None
    towns = [
        max(own, key=lambda entry: entry.population)
        for other in place_groups
        if other is not group
        and (
            own := [
                e
                for e in candidates[id(other)]
                if e.kind == "city" and lookup_key(e.name) == lookup_key(other.name)
            ]
        )
    ]
    in_state = any(town.region == state.region for town in towns)
    in_country = any(town.country == readings[0].country for town in towns)
    return state if (in_state or _called_a_state(group)) and not in_country else None


def _called_a_state(group: EntityGroup) -> bool:
    """Whether the article speaks of what "the state's" is ("Health officials in Georgia said ...
    The state's public health department"), and never of "the country" (a country's government is
    "the state" too: "critics said the state was copying Russia")."""
    doc = group.mentions[0].span.doc
    if any(token.lemma_.lower() == "country" for token in doc):
        return False
    return any(
        token.lower_ == "state"
        and token.i > 0
        and doc[token.i - 1].lower_ == "the"
        and token.i + 1 < len(doc)
        and doc[token.i + 1].tag_ == "POS"
        for token in doc
    )


def _inside_area_named(
    group: EntityGroup, starts: dict[int, EntityGroup], places: Gazetteer
) -> list[GazetteerEntry]:
    """The readings of a town the text puts inside another place ("the port of Alexandria in
    Egypt", "Tembisa, in Gauteng", "Victoria, a town in Romania"): those lying in it, else
    none."""
    for mention in group.mentions:
        doc, after = mention.span.doc, mention.span.end
        if after < len(doc) and doc[after].text == ",":
            after += 1
            if (
                after + 1 < len(doc)
                and doc[after].lower_ in ("a", "the")
                and doc[after + 1].lower_ in _PLACE_NOUNS_BEFORE
            ):
                after += 2  # "Victoria, a town in Romania"
        area = starts.get(after + 1) if after < len(doc) and doc[after].lower_ == "in" else None
        if area is not None and area is not group:
            inside = _towns_within(places, _town_name(name_of(mention.span)), area.name)
            if inside:
                return inside
    return []


def _country_beside(
    group: EntityGroup, resolved: list[tuple[Span, GazetteerEntry]], places: Gazetteer
) -> str | None:
    """The country of a place the gazetteer does not know: its county's, else that of the nearest
    known place in its sentence ("the village of Khurvaleti, west of Gori" lies in Georgia), else
    the country every known place of the article is in, else unknown."""
    if lookup_key(group.name) in _WORLD_REGIONS or _waters_between_countries(group.name):
        return None  # (a continent or an ocean lies in no one country)
    mention = group.mentions[0].span
    for named in group.mentions:
        if (country := _kind_of_place_named(named.span)) is not None:
            return country  # "the Japanese island of Shikoku"
    _, comma, area = group.name.partition(", ")
    if comma and (country := _county_country(places, area)) is not None:
        return country  # "Wellington, Somerset", a town the gazetteer does not list
    for named in group.mentions:
        if (country := _country_by_a_bearing(named.span, places)) is not None:
            return country  # "Memphis, the ancient capital south of Cairo"
        area = _appositive_area(named.span) or _area_it_is_in(named.span, places)
        if area is not None and (country := _area_country(places, area)) is not None:
            return country  # "Wellington, a market town in Somerset", "Kothrud in Pune"
    beside = [
        (abs(span.start - mention.start), entry.country)
        for span, entry in resolved
        if _sentence_start(span) == _sentence_start(mention)
    ]
    beside_countries = {country for _, country in beside}
    if len(beside_countries) > 1 and any(
        _a_feature_of_one_country(named.span) and not _an_island(named.span) for named in group.mentions
    ):
        return None  # a lake or a river beside two countries' places may be both's: "Lake Kariba"
    # (an island beside two countries' places is in dispute or between them: "Russia and Japan
    # dispute the Kuril Islands")
    if beside and not (_an_island(mention) and len(beside_countries) > 1):
        return min(beside)[1]
    if (
        group.label != "GPE"
        and not _a_bearing_and_a_kind(group.name)
        and not any(
            _an_island(named.span)
            or _a_feature_of_one_country(named.span)
            or _modifies_a_place_noun(named.span, _PLACE_NOUNS)
            or _one_of_other_places(named.span)
            for named in group.mentions
        )
    ):
        # (a sea or a mountain range lies in no one country; an island, a river or a lake mostly
        # in one, and so does what the text calls a district or a region: "the Sidama region")
        return None
    countries = {entry.country for _, entry in resolved if entry.country}
    if len(countries) == 1:
        return countries.pop()
    if any(_modifies_a_place_noun(named.span, REGION_KIND_WORDS) for named in group.mentions):
        # "the Western North region" of an article whose every other region is Ghana's ("the
        # Ashanti region"): an article names the regions of one country, whatever else it names
        regions = [(span, entry) for span, entry in resolved if entry.kind in _REGION_KINDS and entry.country]
        if len({entry.country for _, entry in regions}) != 1:
            return None
        country = regions[0][1].country
        # (not past a place of another country since the nearest of them: "Refugees from Ethiopia's
        # Tigray region have crossed into Sudan ... Camps in the Um Rakuba region")
        nearest = min(regions, key=lambda pair: abs(pair[0].start - mention.start))[0]
        low, high = sorted((nearest.start, mention.start))
        passed = {entry.country for span, entry in resolved if low < span.start < high and entry.country}
        return country if passed <= {country} else None
    return None


def _sentence_start(span: Span) -> int:
    """The start of the sentence a name is in, the dateline's town counted in the sentence it
    opens ("KINGSTON, Jamaica — Bauxite shipments from Port Esquivel ...")."""
    start = span.sent.start
    opening = dateline(text_of(span.doc)) if start == 0 else None
    if opening is not None and span.sent.end < len(span.doc) and span.sent.end_char <= opening.story_start:
        return span.sent.end
    return start


def _reads_as_place(span: Span, places: Gazetteer, countries: Counter, surnames: set[str]) -> bool:
    name = name_of(span)
    if span.label_ == "PERSON" and (
        len(span) > 1 and span[0].text.rstrip(".").lower() in ("mr", "ms", "mrs", "dr")
    ):
        return False
    if name.lower() in surnames:
        return False
    readings = places.lookup(name)
    if readings and len(span) > 1 and span[-1].lower_ in REGION_KIND_WORDS:
        # "Rivers State", "Kisumu County" where the text places it; a team or a university so
        # named elsewhere ("Michigan State fired its coach", "Delta State beat Valdosta State")
        return _place_context(span) or _named_in_passing(span)
    # Prefer readings whose own name is the mention over ones that only list it as an alternate.
    entries = [e for e in readings if e.kind != "city" or e.name.lower() == name.lower()] or readings
    if not entries:
        # a county the model took for a person, where the text says it is a place ("missing off
        # Anglesey", "farms in Pembrokeshire")
        return _place_context(span) and bool(places.counties(name))
    if _place_context(span) or entries[0].kind == "country":
        return True
    if _what_things_are_in(span) and any(
        e.population >= _KNOWN_PLACE or e.country in countries for e in entries
    ):
        return True  # "Zarqa, where taps run once a week"; not "played for Everton, where he scored"
    if entries[0].kind in _REGION_KINDS and (span.label_ not in _NAMED_LABELS or len(name.split()) > 1):
        return True
    if entries[0].kind in _REGION_KINDS and _a_possessor(span):
        return True  # "Tyrol's transport councillor", "Bali's governor": a region, or its government
    if (
        entries[0].kind in _REGION_KINDS
        and lookup_key(entries[0].name) == lookup_key(name)
        and _modifies_a_place_noun(span, _PLACE_NOUNS)
    ):
        return True  # "the Anglesey village": a region by that very name, before a kind of place
    if (
        entries[0].kind in _REGION_KINDS
        and lookup_key(entries[0].name) == lookup_key(name)
        and name.lower() not in FEATURE_WORDS
        and _the_object_of_a_place_preposition(span)
    ):
        return True  # "villages in the Drôme", "farms across the Punjab": a region so called
    if span.label_ in _NAMED_LABELS and span.root.dep_ in ("nsubj", "nsubjpass"):
        return _stands_for_a_state(entries)
    biggest_town = next((entry for entry in entries if entry.kind == "city"), None)
    large = biggest_town is not None and biggest_town.population >= _LARGE_CITY
    known = biggest_town is not None and biggest_town.population >= _KNOWN_PLACE
    in_article = any(entry.country in countries for entry in entries)
    return large or in_article or (known and _named_in_passing(span))


def _what_things_are_in(span: Span) -> bool:
    """Whether a name is followed by ", where": what the text is in, a place or a body ("Zarqa,
    where some neighbourhoods get water once a week", "Everton, where he scored 40 goals")."""
    doc = span.doc
    return span.end + 1 < len(doc) and doc[span.end].text == "," and doc[span.end + 1].lower_ == "where"


def _the_object_of_a_place_preposition(span: Span) -> bool:
    """ "in the X", "across the X", the name itself the object ("in the Drôme", not "in the Trump
    administration")."""
    doc = span.doc
    return (
        span.start > 1
        and doc[span.start - 1].lower_ == "the"
        and doc[span.start - 2].lower_ in _PLACE_PREPOSITIONS
        and span.root.dep_ == "pobj"
    )


def _a_known_place_whole(span: Span, places: Gazetteer) -> Span | None:
    """The name with the capitalised words the model left out before it, where that is a place of
    that very name, a region or a town of some size ("Santo" of "Santo Domingo"); else None."""
    widened = _widened(span, places)
    if widened.start == span.start:
        return None
    name = lookup_key(name_of(widened))
    known = any(
        lookup_key(entry.name) == name and (entry.kind != "city" or entry.population >= _KNOWN_PLACE)
        for entry in places.lookup(widened.text)
    )
    return widened if known else None


def _a_possessor(span: Span) -> bool:
    """Whether a name is a possessor ("Tyrol's transport councillor", "Bali's beaches")."""
    root = span.root
    return root.dep_ == "poss" and any(child.tag_ == "POS" for child in root.children)


def _speaks(span: Span) -> bool:
    """Whether the mention is who says something: a reporting verb's subject, before it or
    after it ('"...," said Pereira')."""
    root = span.root
    head = root.head
    return head.i != root.i and head.lemma_.lower() in REPORTING_VERBS and root.dep_ in _SPEAKER_DEPS


def _stands_for_a_state(entries: list[GazetteerEntry]) -> bool:
    """Whether a name's readings hold a country or a city the size of a capital: a place that
    can speak for a government ("Kyiv denied"). What else speaks or acts is a person or a body
    ("Delta said")."""
    if entries and entries[0].kind == "country":
        return True
    return any(entry.kind == "city" and entry.population >= _LARGE_REGION for entry in entries)


def _widened(span: Span, places: Gazetteer) -> Span:
    """The place with the capitalised word before it when that names a place too: the model
    often leaves out a first word ("Lower" of Lower Saxony, "New" of New South Wales), or the
    last ones ("an der Oder" of Frankfurt an der Oder)."""
    doc = span.doc
    start = span.start
    while start > 0 and doc[start - 1].is_title and doc[start - 1].pos_ != "DET":
        longer = doc[start - 1 : span.end].text
        readings = places.lookup(longer)
        if not readings or (
            # a people's or a language's word makes a longer name only where the gazetteer has
            # that very name ("Spanish Town", "Surat Thani province"), not an alternate spelling
            doc[start - 1].ent_type_
            and (
                doc[start - 1].ent_type_ not in ("NORP", "LANGUAGE")
                or not any(lookup_key(entry.name) == lookup_key(_town_name(longer)) for entry in readings)
            )
        ):
            break
        start -= 1
    end = span.end
    for longer in range(min(len(doc), span.end + 3), span.end, -1):
        # the words after it that make a longer name of a place ("Frankfurt an der Oder",
        # "Frankfurt (Oder)"), a sentence end or a comma aside
        if doc[longer - 1].is_title or doc[longer - 1].text == ")":
            words = doc[span.end : longer]
            if not any(token.is_sent_start or token.text in ",;" for token in words) and places.lookup(
                doc[start:longer].text
            ):
                end = longer
                break
    if (
        (start, end) == (span.start, span.end)
        and end < len(doc)
        and doc[end].text in ("Town", "City")
        and not doc[end].is_sent_start
        and not places.lookup(span.text)
    ):
        # a name the gazetteer lacks, named with its kind ("Trench Town"); a known town's name
        # before "Town" or "City" is more often a team's ("Ipswich Town", "Hull City")
        end += 1
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label_)


def _named_place(span: Span, places: Gazetteer) -> bool:
    """A "group" (NORP) that is a region's or a country's own name ("farmers in Punjab"), not
    a demonym: demonyms are no place's name."""
    name = lookup_key(name_of(span))
    return any(
        lookup_key(entry.name) == name and (entry.kind != "city" or entry.population >= _KNOWN_PLACE)
        for entry in places.lookup(name)
    )


def _kind_of_place_named(span: Span) -> str | None:
    """The country a demonym gives the kind of place a name is said to be: "Japanese" of "the
    Japanese island of Shikoku"; None without one."""
    doc = span.doc
    if (
        span.start < 3
        or doc[span.start - 1].lower_ != "of"
        or doc[span.start - 2].lower_ not in _PLACE_NOUNS_BEFORE
    ):
        return None
    return demonym_country(doc[span.start - 3].text)


def _kind_of_place_after(span: Span) -> str | None:
    """The country a demonym gives the kind of place a town is said to be in, after a comma: "JP"
    of "Kochi, on the Japanese island of Shikoku", "CA" of "Victoria, in the Canadian province of
    British Columbia"; None without one. (Read from the words: the parse hangs the phrase on
    whatever is nearby.)"""
    doc = span.doc
    words = [token.lower_ for token in doc[span.end : span.end + 5]]
    if len(words) < 5 or words[0] != "," or words[1] not in ("on", "in") or words[2] != "the":
        return None
    if words[4] not in _PLACE_NOUNS_BEFORE:
        return None
    return demonym_country(doc[span.end + 3].text)


def _named_as_a_place(span: Span) -> bool:
    """Whether the text says in so many words that a name is a place: "the village of X", "the
    X area of", "the X district" (the name a modifier of the place noun its phrase is about)."""
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    of_after = span.end + 1 < len(doc) and doc[span.end + 1].lower_ == "of"
    return (
        _after_its_kind(span)
        or (after in _PLACE_NOUNS_AFTER and of_after)
        or _modifies_a_place_noun(span)
        or _one_of_other_places(span)
        or _where_a_place_lies(span)
        or _named_for_a_kind_of_place(span)
    )


_KINDS_OF_PLACES = frozenset(
    """
    towns cities villages suburbs islands districts regions provinces states counties
    neighbourhoods neighborhoods settlements townships ports
    """.split()
)


def _named_for_a_kind_of_place(span: Span) -> bool:
    """Whether a name is given for a kind of place: "outlying villages such as Rockwell Green",
    "suburbs including Goodna"."""
    doc = span.doc
    at = span.start - 1
    if at >= 1 and doc[at].lower_ == "as" and doc[at - 1].lower_ == "such":
        at -= 2
    elif at >= 0 and doc[at].lower_ == "including":
        at -= 1
    else:
        return False
    if at >= 0 and doc[at].text == ",":
        at -= 1
    return at >= 0 and doc[at].lower_ in _KINDS_OF_PLACES


def _after_its_kind(span: Span) -> bool:
    """ "the island of Chiloé", "the town of Osizweni": the name after the kind of place it is."""
    doc = span.doc
    return (
        span.start > 1
        and doc[span.start - 1].lower_ == "of"
        and doc[span.start - 2].lower_ in _PLACE_NOUNS_BEFORE
    )


def _where_a_place_lies(span: Span) -> bool:
    """Whether a name is where the text puts a kind of place: "the main town on Gozo", "a village
    in Tigray" (the name the object of "in", "on" or "near" after the place noun)."""
    preposition = span.root.head
    return (
        span.root.dep_ == "pobj"
        and preposition.lower_ in ("in", "on", "near")
        and preposition.head.pos_ == "NOUN"
        and preposition.head.lower_ in _PLACE_NOUNS_BEFORE
    )


def _one_of_other_places(span: Span) -> bool:
    """Whether a name is listed with "other" places of a kind: "in La Boca and other southern
    districts", "to Praslin, La Digue and other islands"."""
    top = span.root
    while top.dep_ == "conj" and top.head.i != top.i:
        top = top.head
    listed, stack = [], [top]
    while stack:  # (each item of the list hangs on the one before it)
        item = stack.pop()
        listed.append(item)
        stack += [child for child in item.children if child.dep_ == "conj"]
    return any(
        item.pos_ == "NOUN"
        and item.lemma_.lower() in _PLACE_NOUNS_BEFORE
        and any(child.dep_ == "amod" and child.lower_ == "other" for child in item.children)
        for item in listed
        if not span.start <= item.i < span.end
    ) and any(span.start <= item.i < span.end for item in listed)


def _modifies_a_place_noun(span: Span, nouns: frozenset[str] = _PARTS_OF_TOWNS) -> bool:
    """ "the Bab al-Tabbaneh district", "the Ladywood and Erdington areas": the name modifies a
    noun for a part of a town after it, heading a phrase of its own with "the" ("the X district
    council" is a council's). A name before a larger kind of place describes it, as a people, a
    faith, a party or a firm do ("the Druze town", "the Jewish state", "the Labour borough", "the
    Volkswagen town of Wolfsburg"), and so does one before a place the phrase goes on to name
    ("the Chelsea and Arsenal areas of London"): `nouns` widens the kinds for a name the model
    already calls a place ("the Sidama region")."""
    root = span.root
    noun = root.head.head if root.dep_ == "conj" else root.head
    doc = span.doc
    named_after = noun.i + 2 < len(doc) and doc[noun.i + 1].lower_ == "of" and doc[noun.i + 2].pos_ == "PROPN"
    return (
        noun.i >= span.end
        and noun.lower_ in nouns
        and noun.dep_ != "compound"
        and noun.left_edge.lower_ == "the"
        and not named_after
        and span.label_ != "NORP"
        and demonym_country(name_of(span)) is None
        # (a name joined to a description, a firm's or a party's is one of such a pair: "the Labour
        # and Conservative areas")
        and not any(
            (token.dep_ == "conj" or root.dep_ == "conj")
            and (token.pos_ == "ADJ" or token.ent_type_ in ("ORG", "NORP"))
            for token in (*root.children, root.head)
            if not span.start <= token.i < span.end and token.i != noun.i
        )
    )


def _place_context(span: Span, joined: bool = True) -> bool:
    """Whether the words around a name say it is a place ("the village of X"), or may ("in X",
    "X region")."""
    doc = span.doc
    start = span.start
    if start > 1 and (doc[start - 1].lower_ in _COMPASS or doc[start - 1].lower_ in _NEIGHBOURING):
        start -= 1  # "in northern Mindanao", "in nearby Hebden Bridge"
    before = doc[start - 1].lower_ if start > 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    return (
        _named_as_a_place(span)
        or after in _PLACE_NOUNS_AFTER
        # ("off" a preposition, not a verb's particle: "missing off Anglesey", not "laid off Kent")
        or (before in _PLACE_PREPOSITIONS and (before != "off" or doc[start - 1].dep_ == "prep"))
        or _joined_to_a_place(span)
        or (joined and any(_place_context(other, joined=False) for other in _conjoined_places(span)))
    )


def _conjoined_places(span: Span) -> list[Span]:
    """The place names joined to this one by "and" or "or" ("the Ladywood and Erdington areas"):
    what the words around one say of it, they say of both."""
    root = span.root
    partners = [child for child in root.children if child.dep_ == "conj"]
    if root.dep_ == "conj":
        partners.append(root.head)
    doc = span.doc
    # (what the model calls a firm or a person is no place to share context with: "shares in
    # Apple and Meta")
    return [
        _entity_around(partner) or doc[partner.i : partner.i + 1]
        for partner in partners
        if partner.pos_ == "PROPN"
        and partner.ent_type_ in ("", "GPE", "LOC")
        and not span.start <= partner.i < span.end
    ]


def _entity_around(token: Token) -> Span | None:
    """The named entity this token is in, found from its own tags (a walk over `doc.ents` for each
    token costs the square of a long page's names)."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    return doc[start : _entity_end(token)]


def _entity_end(token: Token) -> int:
    """Where the named entity a token is in ends: after the words tagged inside it that follow."""
    doc = token.doc
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return end


_SAID_ON = frozenset(
    """
    post share publish write say appear upload stream broadcast comment message appeal video page
    account channel platform site app feed story trend circulate air show watch read
    """.split()
)


def _an_island_or_part(span: Span) -> bool:
    """Whether a name the model calls a place is one the way islands and a country's parts are
    named: "on Mindanao", "damage on Grand Bahama", "New Zealand's North Island". (Taken only for
    names the model labelled places: "on Jackson" may be a man.)"""
    if span.label_ not in ("GPE", "LOC") or span.start == 0:
        return False
    doc = span.doc
    before = doc[span.start - 1]
    if before.lower_ == "on":
        # (what is posted, shared or streamed "on Weibo" is on a platform)
        return before.head.lemma_.lower() not in _SAID_ON
    owner = doc[span.start - 2] if span.start > 1 else None
    return before.tag_ == "POS" and owner is not None and owner.ent_type_ == "GPE"


def _an_island(span: Span) -> bool:
    """Whether a name is an island's: "Kooragang Island", "the Isles of Scilly", "on Grand
    Bahama"."""
    words = [token.lower_ for token in span if token.lower_ != "the"] or [span[-1].lower_]
    return (
        words[-1] in _ISLAND_WORDS
        or (len(words) > 2 and words[0] in _ISLAND_WORDS and words[1] == "of")
        or _an_island_or_part(span)
    )


_ISLAND_WORDS = frozenset({"island", "isle", "islands", "isles"})


def _an_island_where_one_would_be(span: Span) -> bool:
    """An island by its name where a place stands: after "between", "to", "near" and their like,
    or joined to a place ("between Cebu City and Mactan Island"); not a show or a game so named
    ("The cast of Love Island", "the video game Monkey Island")."""
    # (after "in", "to" or "near" it is a place whatever its name: `_place_context`)
    if _an_island_or_part(span):
        return True
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    return _an_island(span) and (
        before == "between" or bool(_conjoined_places(span)) or _joined_to_a_place(span, firms_too=True)
    )


def _joined_to_a_place(span: Span, firms_too: bool = False) -> bool:
    """Whether a name is the second of two joined by "and" or "or" after "in" (or another place
    preposition): "in Nueva Ecija and Isabela". (What the model calls a firm stays one, "shares
    in Apple and Meta", unless `firms_too`: for a name that says it is an island.)"""
    root = span.root
    if root.dep_ != "conj" or root.head.i >= span.start or (span.label_ == "ORG" and not firms_too):
        return False
    first = root.head.left_edge.i
    return first > 0 and span.doc[first - 1].lower_ in _PLACE_PREPOSITIONS


def _named_in_passing(span: Span) -> bool:
    """Whether the words before a name may say it is a place ("residents of X", "neighbouring
    X"), as they may say it is something else ("shares of X"): taken only for a name the
    gazetteer knows as a town of some size or in the article's countries."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is None:
        return False
    if before.lower_ in _NEIGHBOURING:
        return True
    # "of" after a common noun, not inside a name ("the Bank of X")
    return before.lower_ == "of" and span.start > 1 and doc[span.start - 2].pos_ in ("NOUN", "PRON", "NUM")


def _unlabelled_places(doc: Doc, places: Gazetteer, countries: Counter) -> list[Mention]:
    """Names the model left untagged that read as places: a country or US state by name, or a
    known place after "the town of" or a preposition ("in Montevideo")."""
    taken = {token.i for span in doc.ents for token in span}
    found: list[Mention] = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if i not in taken and (region := _region_named_by_a_modifier(token, places)) is not None:
            found.append(Mention(region, "GPE"))  # "in the Ñuble region", its name read as a modifier
            i += 1
            continue
        if i in taken or token.pos_ != "PROPN" or not token.is_title:
            i += 1
            continue
        end = i + 1
        # (a capitalised word inside a sentence is part of the name whatever its tag: "Long An")
        while end < len(doc) and end - i < 4 and end not in taken and _in_a_name(doc[end]):
            end += 1
        span = _longest_place(doc, i, end, places, countries)
        if span is not None:
            span = _widened(span, places)  # "the mayor of Viña del Mar", its last words not names
        if span is None and (
            _modifies_a_place_noun(doc[i:end])
            or _area_in_the_words_after(doc[i:end])
            or _after_its_kind(doc[i:end])
        ):
            # "the Harat Qadim district", "Gemmayzeh, a district of Beirut": known or not
            span = Span(doc, i, end, label="GPE")
        if span is not None:
            found.append(Mention(span, "GPE"))
            i = span.end
        else:
            i = end
    return found


def _a_place_s_own_place(span: Span) -> bool:
    """ "Zhejiang's Yiwu": a name the model left untagged after a place's possessive. (Taken only
    for untagged names: what it tags after one is as often a firm or a club, "Japan's Toyota".)"""
    doc = span.doc
    return (
        span.start > 1
        and doc[span.start - 1].tag_ == "POS"
        and doc[span.start - 2].ent_type_ in ("GPE", "LOC")
    )


def _region_named_by_a_modifier(token: Token, places: Gazetteer) -> Span | None:
    """A capitalised word the parse took for an adjective, naming a region the gazetteer knows by
    that very name, before the noun for its kind: "the Ñuble region", "the Vaupés department".
    Never a people's or a direction's word ("the Western region", "the Andean region")."""
    if token.pos_ != "ADJ" or not token.is_title or token.is_sent_start or token.lower_ in _COMPASS:
        return None
    span = token.doc[token.i : token.i + 1]
    if demonym_country(token.text) is not None or not _modifies_a_place_noun(span, _REGION_NOUNS):
        return None
    name = lookup_key(token.text)
    named = any(
        entry.kind in _REGION_KINDS and lookup_key(entry.name) == name for entry in places.lookup(token.text)
    )
    return Span(token.doc, token.i, token.i + 1, label="GPE") if named else None


def _in_a_name(token: Token) -> bool:
    return token.pos_ == "PROPN" or (token.is_title and not token.is_sent_start and token.pos_ != "PUNCT")


def _longest_place(doc: Doc, start: int, end: int, places: Gazetteer, countries: Counter) -> Span | None:
    for stop in range(end, start, -1):
        span = Span(doc, start, stop, label="GPE")
        entries = places.lookup(span.text)
        if not entries:
            continue
        if entries[0].kind == "country" or (
            entries[0].kind in _REGION_KINDS and (stop - start > 1 or entries[0].population >= _LARGE_REGION)
        ):
            return span
        # (any reading: a county with no population counted may come before its town of that name)
        known = any(entry.population >= _KNOWN_PLACE or entry.country in countries for entry in entries)
        if known and (_place_context(span) or _named_in_passing(span) or _a_place_s_own_place(span)):
            return span
    return None


def _town_and_region_joined(mentions: list[Mention], places: Gazetteer) -> list[Mention]:
    """A town named with its region or country ("Paris, Texas") made one place mention."""

    def town_in_region(town: Mention, region: Mention) -> list[Mention] | None:
        doc = town.span.doc
        if (
            (region.label in PLACE_LABELS or region.label in _CORRECTABLE_LABELS)
            and region.span.start == town.span.end + 1
            and doc[town.span.end].text == ","
            # ("in Juchitán, Mexico's seismological service said": a new phrase, not the town's)
            and not (region.span.end < len(doc) and doc[region.span.end].tag_ == "POS")
            and region.span[-1].tag_ != "POS"
            and not _goes_on_listing(region.span)
            and (town.label in PLACE_LABELS or town.label in _CORRECTABLE_LABELS)
            and (_towns_within(places, town.text, region.text) or _a_county(places, town, region))
        ):
            # the region is a place the article names too ("Maine" of "Portland, Maine")
            whole = Mention(Span(doc, town.span.start, region.span.end, label="GPE"), "GPE")
            return [whole, Mention(region.span, "GPE")]
        return None

    return _pairs_joined(mentions, town_in_region)


def _goes_on_listing(span: Span) -> bool:
    """Whether a name is followed by "and" or "or" and another name: "Richmond, Alexandria and
    Norfolk" lists three towns, not a town in a region."""
    doc = span.doc
    at = span.end + (span.end < len(doc) and doc[span.end].text == ",")
    return at + 1 < len(doc) and doc[at].lower_ in ("and", "or") and doc[at + 1].is_title


def _a_county(places: Gazetteer, town: Mention, county: Mention) -> bool:
    """Whether "Town, County" names a county of one country, the town perhaps too small for the
    gazetteer ("Wellington, Somerset")."""
    return town.label in PLACE_LABELS and _county_country(places, county.text) is not None


def _area_country(places: Gazetteer, name: str) -> str | None:
    """The country of an area a text puts a town in: a country, a region or a county of one
    country; None for a name of areas in several countries, or of none."""
    areas = [entry for entry in places.lookup(name) if entry.kind == "country" or entry.kind in _REGION_KINDS]
    countries = {entry.country for entry in areas if lookup_key(entry.name) == lookup_key(name)}
    if len(countries) == 1:
        return countries.pop()
    return _county_country(places, name) if not countries else None


def _county_country(places: Gazetteer, name: str) -> str | None:
    """The country whose county `name` is, when only one country has a county of that name."""
    countries = places.county_countries(name)
    return next(iter(countries)) if len(countries) == 1 else None


def _towns_within(places: Gazetteer, town: str, region: str) -> list[GazetteerEntry]:
    """The towns named `town` inside a region, county or country named `region`."""
    areas = [
        entry for entry in places.lookup(region) if entry.kind == "country" or entry.kind in _REGION_KINDS
    ]
    return [
        entry
        for entry in places.lookup(town)
        if entry.kind == "city"
        and any(
            # (a subdivision ISO 3166-2 names, with no region code of the towns' data, vouches
            # for its country: "Westport, County Mayo")
            entry.country == area.country
            and (area.kind == "country" or area.region is None or entry.region == area.region)
            for area in areas
        )
    ] or places.towns_in_county(town, region)


def _countries_named(mentions: list[Mention], places: Gazetteer) -> Counter:
    countries: Counter = Counter()
    for mention in mentions:
        if mention.label == "NORP" and (code := demonym_country(name_of(mention.span))) is not None:
            countries[code] += 1
        if mention.label in PLACE_LABELS and (code := _country_said_by(name_of(mention.span), places)):
            countries[code] += 1
    return countries


def _country_said_by(name: str, places: Gazetteer) -> str | None:
    """The country a place's name says the article is in: a country's, a place the size of one
    ("Perth"), or a region's its namesakes are hamlets beside ("Andalusia")."""
    entries = places.lookup(name)
    if entries and (
        entries[0].kind == "country"
        or entries[0].population >= _LARGE_REGION
        or (entries[0].kind in _REGION_KINDS and _dwarfs_its_namesakes(entries))
    ):
        return entries[0].country
    return None


def _a_region_dwarfing_other_countries(readings: list[GazetteerEntry]) -> GazetteerEntry | None:
    """The most populous reading, where it is a region with many times the people of every
    reading in another country (County Kildare beside a Canadian hamlet; its own town does not
    count against it); else None."""
    if not readings:
        return None
    top = max(readings, key=lambda entry: entry.population)
    abroad = [entry for entry in readings if entry.country != top.country]
    return top if top.kind in _REGION_KINDS and _dwarfs_its_namesakes([top, *abroad]) else None


# The waters a name says it is that borders run through: "the Baltic Sea", "the Strait of
# Gibraltar", "the English Channel" lie in no one country (a bay or a lake mostly does).
_WATERS_OF_NO_COUNTRY = frozenset({"sea", "ocean", "strait", "straits", "gulf", "channel"})


def _waters_between_countries(name: str) -> bool:
    words = lookup_key(name).split()
    if words and words[0] == "the":
        words = words[1:]
    return len(words) > 1 and (
        words[-1] in _WATERS_OF_NO_COUNTRY or (words[0] in _WATERS_OF_NO_COUNTRY and words[1] == "of")
    )


def _dwarfs_its_namesakes(readings: list[GazetteerEntry]) -> bool:
    """Whether the first reading has many times the people of every other one (Andalusia, Spain
    beside a hamlet of that name; not Victoria, Australia beside Victoria, Hong Kong)."""
    first, others = readings[0], readings[1:]
    return first.population > 0 and all(first.population >= _DWARFING * other.population for other in others)


def _surnames(mentions: list[Mention]) -> set[str]:
    return {
        mention.span[-1].lower_ for mention in mentions if mention.label == "PERSON" and len(mention.span) > 1
    }


def _candidates(group: EntityGroup, places: Gazetteer) -> list[GazetteerEntry]:
    if lookup_key(group.name) in _WORLD_REGIONS or _waters_between_countries(group.name):
        return []  # ("Asia" is no town in the Philippines, nor the North Sea one in New York)
    seen: dict[int, GazetteerEntry] = {}
    placed = False  # whether the text puts the town in an area the gazetteer knows
    for mention in group.mentions:
        # "Wellington, a market town in Somerset": the town of that name in the area it names,
        # else one of that name in the area's country
        country_said = _kind_of_place_after(mention.span)
        if country_said is not None:
            # "Kochi, on the Japanese island of Shikoku": a town of that name in that country
            placed = True
            for entry in places.lookup(_town_name(mention.span.text)):
                if entry.kind == "city" and entry.country == country_said:
                    seen.setdefault(entry.geonameid, entry)
            continue
        if (bearing_country := _country_by_a_bearing(mention.span, places)) is not None:
            placed = True
            for entry in places.lookup(_town_name(mention.span.text)):
                if entry.kind == "city" and entry.country == bearing_country:
                    seen.setdefault(entry.geonameid, entry)
            continue
        region = _appositive_area(mention.span) or _area_it_is_in(mention.span, places)
        if region is not None:
            town = _town_name(mention.span.text)
            country = _area_country(places, region)
            placed = placed or country is not None
            within = _towns_within(places, town, region) or [
                entry for entry in places.lookup(town) if entry.kind == "city" and entry.country == country
            ]
            for entry in within:
                seen.setdefault(entry.geonameid, entry)
    if seen or placed:
        # (a town the text puts in a known area, and the gazetteer does not list there, is not
        # its bigger namesake elsewhere: it keeps the area's country, `_country_beside`)
        return list(seen.values())
    for form in group.forms():
        town, comma, region = form.partition(", ")
        entries = (comma and _towns_within(places, town, region)) or [
            *(places.lookup(form) or _of_kind_named(form, places)),
            *places.counties(form),
        ]
        for entry in entries:
            seen.setdefault(entry.geonameid, entry)
    return list(seen.values())


def _appositive_area(span: Span) -> str | None:
    """The area an appositive after a place name puts it in: "Portland, a port town in western
    Victoria" gives "Victoria"; None without one."""
    for appositive in span.root.children:
        if appositive.dep_ != "appos" or appositive.lower_ not in _PLACE_NOUNS_BEFORE:
            continue
        for preposition in appositive.children:
            if preposition.dep_ == "prep" and preposition.lower_ in ("in", "on", "near"):
                area = next((child for child in preposition.children if child.dep_ == "pobj"), None)
                if area is not None and area.pos_ == "PROPN":
                    # the name with the proper nouns before it ("Victoria" of "western Victoria")
                    first = next(t.i for t in area.subtree if t.pos_ == "PROPN")
                    return span.doc[first : area.i + 1].text
    return _area_in_the_words_after(span)


def _area_in_the_words_after(span: Span) -> str | None:
    """The area the words after a place name put it in, however the parse hung them: "Kibera,
    an informal settlement in Nairobi", "Gemmayzeh, a district of Beirut", "Palermo, the Buenos
    Aires neighbourhood"."""
    doc = span.doc
    at = span.end
    if at + 2 >= len(doc) or doc[at].text != "," or doc[at + 1].lower_ not in ("a", "an", "the"):
        return None
    at += 2
    names_start = at
    while at < len(doc) and at - names_start < 4 and doc[at].pos_ in ("ADJ", "PROPN", "NOUN"):
        if doc[at].lower_ in _PLACE_NOUNS_BEFORE:
            break
        at += 1
    if at >= len(doc) or doc[at].lower_ not in _PLACE_NOUNS_BEFORE:
        return None
    named = [token for token in doc[names_start:at] if token.pos_ == "PROPN"]
    if named and named[-1].i == at - 1:
        return doc[named[0].i : at].text  # "the Buenos Aires neighbourhood"
    if at + 1 < len(doc) and doc[at + 1].lower_ in ("in", "of", "on", "near") and doc[at + 2 : at + 3]:
        area = doc[at + 2]
        if area.ent_type_ in ("GPE", "LOC"):
            return doc[at + 2 : _entity_end(area)].text
    return None


def _country_by_a_bearing(span: Span, places: Gazetteer) -> str | None:
    """The country of the place a name is said to lie by ("Memphis, the ancient capital south of
    Cairo", "Khurvaleti, a village west of Gori"): that of the place's one reading of note (a
    city of a hundred thousand or more, or a region or a country); None without one."""
    doc = span.doc
    at = span.end
    if at + 2 >= len(doc) or doc[at].text != "," or doc[at + 1].lower_ not in ("a", "an", "the"):
        return None
    end = min(len(doc) - 2, at + 8)
    for i in range(at + 2, end):
        if doc[i].lower_ in _COMPASS and doc[i + 1].lower_ == "of" and doc[i + 2].ent_type_ in ("GPE", "LOC"):
            name = doc[i + 2 : _entity_end(doc[i + 2])].text
            noted = {
                e.country
                for e in places.lookup(name)
                if lookup_key(e.name) == lookup_key(name)
                and (e.kind != "city" or e.population >= _LARGE_CITY)
            }
            return noted.pop() if len(noted) == 1 else None
        if doc[i].pos_ in ("VERB", "AUX") or doc[i].text in ",;.":
            return None
    return None


def _area_it_is_in(span: Span, places: Gazetteer) -> str | None:
    """The area a town is said to be in, by a name of its own: "Auckland" of "Devonport in
    Auckland"; None without one. (Only an area the gazetteer knows as one places the town: "Paris
    in June" names no area; and a country or a region is in no area: "Iran in Oman", "Australia
    in Wellington" are where they met or played.)"""
    doc = span.doc
    name = name_of(span)
    if any(e.kind != "city" and lookup_key(e.name) == lookup_key(name) for e in places.lookup(name)):
        return None
    # (the last of names joined by "and" is where the area follows: "Kothrud and Hadapsar in Pune")
    end = max(
        [span.end, *(_entity_end(c) for c in span.root.children if c.dep_ == "conj" and c.pos_ == "PROPN")]
    )
    if end + 1 >= len(doc) or doc[end].lower_ != "in":
        return None
    # (read from the entities, not the parse: the parse may hang "in Auckland" on a word before)
    area = doc[end + 1]
    if area.ent_iob_ != "B" or area.ent_type_ not in ("GPE", "LOC"):
        return None
    return doc[end + 1 : _entity_end(area)].text


def _of_kind_named(form: str, places: Gazetteer) -> list[GazetteerEntry]:
    """ "Córdoba province", "Kursk region": the places of that name, regions first if it says so."""
    name, _, kind = form.rpartition(" ")
    if kind.lower() not in _PLACE_NOUNS_AFTER or not name:
        return []
    entries = places.lookup(name)
    wanted = "city" if kind.lower() == "city" else ("admin2" if kind.lower() == "county" else "admin1")
    return [entry for entry in entries if entry.kind == wanted] or entries


def _area_of(form: str) -> str | None:
    """The area a form puts its town in: "Somerset" of "Wellington, Somerset"."""
    _, comma, area = form.partition(", ")
    return area if comma and area else None


def _town_name(form: str) -> str:
    """The name a form gives its place: without the region that places it ("Paris" of "Paris,
    Texas") or the word saying what it is ("Córdoba" of "Córdoba province")."""
    form = form.partition(", ")[0]
    if _a_bearing_and_a_kind(form):
        return form  # (the kind is the name where the rest only says where it lies: "Northern Province")
    name, _, kind = form.rpartition(" ")
    return name if name and kind.lower() in _PLACE_NOUNS_AFTER else form


def _best_reading(
    entries: list[GazetteerEntry],
    countries: Counter,
    chosen: list[GazetteerEntry],
    names: set[str],
    hinted: Counter,
) -> GazetteerEntry | None:
    if not entries:
        return None
    already = {entry.geonameid for entry in chosen}
    located = [entry for entry in chosen if entry.lat is not None and entry.lon is not None]
    regions = {(entry.country, entry.region) for entry in chosen if entry.kind in _REGION_KINDS}

    def score(entry: GazetteerEntry) -> float:
        value = math.log10(entry.population + 10)
        # a place of that very name over one that only lists it among its alternates (Puno, Peru
        # over Pune, India, which GeoNames also spells "Puno")
        value += _OWN_NAME_BONUS if lookup_key(entry.name) in names else 0.0
        value += _SAME_ENTRY_BONUS if entry.geonameid in already else 0.0
        # a town beside one the article already names (Newcastle upon Tyne beside Gateshead, over
        # a bigger Newcastle in Australia): articles name places near each other
        # or inside a region or county it names (Keswick, England beside Cumbria, over a bigger
        # Keswick in Ontario)
        beside = _near_any(entry, located) or (
            entry.kind == "city" and (entry.country, entry.region) in regions
        )
        value += _NEAR_BONUS if entry.geonameid not in already and beside else 0.0
        return value + (_COUNTRY_BONUS if countries.get(entry.country) or hinted.get(entry.country) else 0.0)

    for best in sorted(entries, key=score, reverse=True):
        if best.kind != "city":
            # A region and its town of the same name (São Paulo, Montevideo): news means the town.
            best = next(
                (
                    e
                    for e in entries
                    if e.kind == "city" and e.region == best.region and lookup_key(e.name) in names
                ),
                best,
            )
        abroad = countries and not countries.get(best.country)
        # (a region abroad gives way to a namesake of its very name in the article's countries:
        # Victoria, Gozo, in an article on Malta, over the Australian state)
        at_home = (
            abroad
            and best.kind in _REGION_KINDS
            and any(countries.get(entry.country) and lookup_key(entry.name) in names for entry in entries)
        )
        # (a region named only by where it lies in its country, "the Southern District", "Central
        # Province", is one of many countries' own: abroad it is likelier the article's)
        generic = abroad and _named_by_its_bearing(best)
        if (
            not (abroad and best.kind == "city" and best.population < _LARGE_CITY)
            and not at_home
            and not generic
        ):
            return best
        # The article is set in other countries and this is a town abroad (Las Palmas, Mexico
        # for Las Palmas de Gran Canaria; Manang, Thailand for Manang, Nepal, which the gazetteer
        # lacks): a namesake is likelier than a real reading, so the next reading is tried, and
        # with none the name stays unresolved rather than wrongly placed.
    return None


# The kinds of region a country names by their bearing: "Northern Province", "Central Region".
_BEARING_REGIONS = _REGION_NOUNS | {"district", "division", "governorate", "zone", "area"}


def _named_by_its_bearing(entry: GazetteerEntry) -> bool:
    """Whether a region's name says no more than where it lies and what it is ("Southern
    District"): many countries have one, so it says nothing of which."""
    return entry.kind in _REGION_KINDS and _a_bearing_and_a_kind(entry.name)


def _a_bearing_and_a_kind(name: str) -> bool:
    *bearing, kind = name.lower().removeprefix("the ").split() or [""]
    return bool(bearing) and all(word in _COMPASS for word in bearing) and kind in _BEARING_REGIONS


def _near_any(entry: GazetteerEntry, others: list[GazetteerEntry]) -> bool:
    if entry.lat is None or entry.lon is None:
        return False
    # (a degree of latitude is 111 km anywhere: most pairs are ruled out before any trigonometry)
    return any(
        abs(entry.lat - other.lat) * 111.0 <= _NEAR_KM and _kilometres(entry, other) <= _NEAR_KM
        for other in others
    )


def _kilometres(one: GazetteerEntry, other: GazetteerEntry) -> float:
    """The great-circle distance between two located entries (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (one.lat, one.lon, other.lat, other.lon))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _merged_places(
    groups: list[EntityGroup],
    chosen: dict[int, GazetteerEntry],
    places: Gazetteer,
    countries_beside: dict[int, str | None],
) -> list[Place]:
    merged: dict[object, Place] = {}
    for group in groups:
        entry = chosen.get(id(group))
        key: object = entry.geonameid if entry is not None else group.name.lower()
        place = merged.get(key)
        if place is None:
            place = merged[key] = _place(group, entry, places, countries_beside.get(id(group)))
        else:
            place.mentions += len(group.mentions)
            place.aliases = sorted(set(place.aliases) | set(group.forms()) - {place.name})
    return list(merged.values())


def _place(
    group: EntityGroup, entry: GazetteerEntry | None, places: Gazetteer, country_beside: str | None
) -> Place:
    if entry is None:
        name = _town_name(group.name)  # "Wellington" of "Wellington, Somerset", which stays an alias
        aliases = [form for form in group.forms() if form != name]
        return Place(name, country_beside, None, None, None, None, len(group.mentions), aliases)
    # a country by its own name ("United Kingdom" for "Britain"), else as the text writes it, a
    # town without the region that placed it ("Paris" of "Paris, Texas", which stays an alias)
    towns = [_town_name(form) for form in group.forms()]
    written = [town for town in towns if lookup_key(town) == lookup_key(entry.name)]
    name = entry.name if entry.kind == "country" else (written or [group.name.partition(", ")[0]])[0]
    return Place(
        name=name,
        country=entry.country,
        lat=entry.lat,
        lon=entry.lon,
        geonameid=entry.geonameid if entry.geonameid > 0 else None,  # (regions' ids are not shipped)
        population=(entry.population or None) if entry.kind in ("country", "city") else None,
        mentions=len(group.mentions),
        aliases=[form for form in group.forms() if form not in (entry.name, name)],
    )
