"""A wire dateline is read for its town and kept out of the first sentence's parse."""

from __future__ import annotations

import pytest

from newsbite.understand.datelines import dateline


@pytest.mark.parametrize(
    ("text", "town", "area", "dated"),
    [
        ("HANOI, Aug 25 - Vietnam's health ministry confirmed ...", "HANOI", None, True),
        ("HAMILTON, New Zealand, Feb 22 (Reuters) - Rugby officials ...", "HAMILTON", "New Zealand", True),
        ("ST. JOHN'S, Newfoundland, Sept. 3 (AP) — A ferry ...", "ST. JOHN'S", "Newfoundland", True),
        ("KISUMU, Kenya — Fishermen on the lake ...", "KISUMU", "Kenya", False),
        ("PORT MORESBY — Police said ...", "PORT MORESBY", None, False),
    ],
)
def test_a_dateline_gives_its_town_its_area_and_where_the_story_begins(text, town, area, dated) -> None:
    found = dateline(text)
    assert found is not None
    assert (text[: found.town_end], found.area, found.dated) == (town, area, dated)
    assert text[found.story_start :][:1].isupper()


@pytest.mark.parametrize(
    "text",
    [
        "A Kenyan court on Tuesday ordered the release of three activists.",
        "The UN, NATO and the EU - all three - said they would meet.",
        "Police said - without giving details - that two men were held.",
        "Kisumu, Kenya — fishermen said the lake was falling.",
        "WARNING" * 200_000,  # (a page of capitals without a dash: one pass, no match)
    ],
)
def test_what_only_looks_like_a_dateline_is_none(text) -> None:
    assert dateline(text) is None


def test_the_dateline_is_no_part_of_the_first_sentence_s_party_and_its_town_is_a_place(analyse_text) -> None:
    analysis = analyse_text(
        "COLOMBO, Nov 11 - Sri Lanka's fisheries minister said on Friday that Indian trawlers had "
        "crossed into the country's waters 300 times this year. India's high commission did not "
        "respond to a request for comment."
    )
    assert [(claim.party, claim.stance) for claim in analysis.claims] == [
        ("Sri Lanka's fisheries minister", "claim"),
        ("India's high commission", "no_comment"),
    ]
    assert {place.name: place.country for place in analysis.places}.get("COLOMBO") == "LK"


def test_a_place_the_gazetteer_lacks_is_placed_by_the_dateline_that_opens_its_sentence(analyse_text) -> None:
    places = {
        place.name: place.country
        for place in analyse_text(
            "KINGSTON, Jamaica — Sugar exports from Port Vallance were halted on Wednesday by a strike, "
            "the ports authority said."
        ).places
    }
    assert places.get("Port Vallance") == "JM"


def test_a_dateline_town_the_world_knows_by_another_spelling_is_a_place(analyse_text) -> None:
    places = {
        place.name: place.country
        for place in analyse_text(
            "ULAANBAATAR, May 28 - Mining officials said on Monday that coal exports had doubled."
        ).places
    }
    assert places.get("ULAANBAATAR") == "MN"


def test_the_first_word_after_a_dateline_is_no_sentence_of_its_own(analyse_text) -> None:
    claims = analyse_text(
        "JOHANNESBURG, Aug 8 - Prosecutors allege that executives at a freight group paid 40 million "
        "rand to a consultancy that did no work."
    ).claims
    assert [(claim.party, claim.stance) for claim in claims] == [("Prosecutors", "claim")]


@pytest.mark.parametrize(
    "text",
    [
        "OPEC - which pumps about 40 percent of the world's oil - said on Monday it would raise output.",
        "HSBC - Britain's biggest bank - reported a pre-tax profit of $30 billion.",
        "NASA — which has spent $93 billion on the programme — said the launch would slip.",
    ],
)
def test_a_name_in_capitals_before_an_aside_is_no_dateline(text) -> None:
    assert dateline(text) is None
