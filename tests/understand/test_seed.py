"""What issue 3 asks of the seed article: speakers, the linked claim and denial, places."""

from __future__ import annotations

import pytest

from newsbite.model import Analysis, Article


@pytest.fixture(scope="module")
def seed_analysis(seed_article: Article) -> Analysis:
    assert seed_article.analysis is not None
    return seed_article.analysis


def test_the_four_passages_of_direct_speech_have_their_speakers(seed_analysis: Analysis) -> None:
    direct = [quote for quote in seed_analysis.quotes if quote.kind == "direct"]
    speakers = {quote.text.strip('"')[:26]: quote.speaker for quote in direct}
    assert speakers["As a result of active offe"] == "Moscow's defence ministry"
    assert speakers["Excuse me, but do we need "] == "Alexander Kots"
    assert speakers["This was once someone's ho"] == "Ukraine's foreign ministry"
    assert speakers["A place where people lived"] == "Ukraine's foreign ministry"
    ministry = [quote for quote in direct if quote.speaker == "Ukraine's foreign ministry"]
    assert len({quote.attribution for quote in ministry}) == 1


def test_the_claim_and_the_denial_are_linked(seed_analysis: Analysis) -> None:
    claims = seed_analysis.claims
    denial = next(claim for claim in claims if claim.stance == "denial" and claim.party == "Kyiv")
    assert denial.contradicts is not None
    claimed = claims[denial.contradicts]
    assert claimed.party == "Russia" and "seized" in claimed.text
    parties = {(claim.party, claim.stance) for claim in claims}
    assert ("a press officer for Ukraine's 28th brigade", "claim") in parties
    assert ("Ukraine's foreign ministry", "no_comment") in parties


def test_toretsk_resolves_to_ukraine_with_its_russian_name(seed_analysis: Analysis) -> None:
    toretsk = next(place for place in seed_analysis.places if place.name == "Toretsk")
    assert toretsk.country == "UA"
    assert toretsk.lat == pytest.approx(48.39, abs=0.05) and toretsk.lon == pytest.approx(37.85, abs=0.05)
    assert "Dzerzhinsk" in toretsk.aliases


def test_mislabelled_places_are_places(seed_analysis: Analysis) -> None:
    labels = {entity.name: entity.label for entity in seed_analysis.entities}
    for name in ("Kyiv", "Avdiivka", "Chasiv Yar", "Kursk"):
        assert labels.get(name) == "GPE", (name, labels.get(name))


def test_no_entity_is_listed_under_two_spellings(seed_analysis: Analysis) -> None:
    spellings = [entity.name.lower() for entity in seed_analysis.entities]
    spellings += [alias.lower() for entity in seed_analysis.entities for alias in entity.aliases]
    assert len(spellings) == len(set(spellings))
    assert "Putin" in next(e.aliases for e in seed_analysis.entities if e.name == "Vladimir Putin")


def test_the_numbers_a_reader_needs(seed_analysis: Analysis) -> None:
    found = {(number.value, number.counts) for number in seed_analysis.numbers}
    assert {(30000, "population"), (90, "percent"), (3, "people"), (20, "kilometres")} <= found


def test_markdown_shows_who_said_what_and_the_claims_side_by_side(seed_article: Article) -> None:
    from newsbite.render.writers import article_markdown

    markdown = article_markdown(seed_article)
    said = markdown.split("## Who said what", 1)[1].split("##", 1)[0]
    assert '**Alexander Kots**: "Excuse me' in said
    claims = markdown.split("## Claims and denials", 1)[1].split("\n\n", 2)[1]
    row = next(line for line in claims.splitlines() if line.startswith("| Russia:"))
    assert "Kyiv denies: Russia had full control" in row
