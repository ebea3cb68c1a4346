"""The bundled sample news: what `make run` processes must all come out clean.

This is the ingest half of `make run`, checked on every kind of input the samples hold.
"""

from __future__ import annotations

import pytest

from newsbite.cli.ingest import sample_inputs
from newsbite.config import Settings
from newsbite.errors import NewsBiteError
from newsbite.ingest import read_inputs
from newsbite.model import Article
from newsbite.pipeline import Pipeline

# Page furniture and wire residue that must never reach a body built from a text dump or a page.
RESIDUE = (
    "ADVERTISEMENT",
    "Read more:",
    "Related:",
    "Sign up",
    "__MD_STATE__",
    "Originally published",
    "Original URL",
)


@pytest.fixture(scope="module")
def outcomes() -> list[Article | NewsBiteError]:
    settings = Settings()
    return list(Pipeline(settings).run(read_inputs([str(path) for path in sample_inputs()], settings)))


@pytest.fixture(scope="module")
def articles(outcomes: list[Article | NewsBiteError]) -> list[Article]:
    return [outcome for outcome in outcomes if isinstance(outcome, Article)]


def test_every_sample_is_processed_without_failure(outcomes: list[Article | NewsBiteError]) -> None:
    failures = [str(outcome) for outcome in outcomes if isinstance(outcome, NewsBiteError)]
    assert failures == []
    assert 20 <= len(outcomes) <= 40


def test_every_sample_has_a_headline_body_and_bite(articles: list[Article]) -> None:
    for article in articles:
        assert article.headline, article.origin
        assert len(article.paragraphs) >= 5, article.origin
        assert article.bite is not None
        assert article.bite.sentences, article.origin
        # Extractive: the bite is the article's own sentences, named by their indices.
        assert [article.sentences[i] for i in article.bite.sentence_ids] == article.bite.sentences
        assert 3 <= len(article.bite.key_points) <= 5, article.origin


def test_no_furniture_in_pages_and_dumps(articles: list[Article]) -> None:
    for article in articles:
        if ".jsonl:" in article.origin:
            continue  # records are taken as given
        for residue in RESIDUE:
            assert residue not in article.body_text, (article.origin, residue)


def test_syndicated_wire_copies_name_their_agency_and_outlet(articles: list[Article]) -> None:
    wire_copies = [a for a in articles if a.origin.endswith((".txt", ".html")) and a.agency]
    assert {a.agency for a in wire_copies} == {"AFP", "Reuters", "AP"}
    nepal = [
        a
        for a in wire_copies
        if "afp_nepal_glacial_flood" in a.origin or "nepal_glacial_flood_afp" in a.origin
    ]
    assert len({a.publisher for a in nepal}) == len(nepal) >= 3


def test_printed_headline_wins_over_a_different_metadata_title(articles: list[Article]) -> None:
    (page,) = [a for a in articles if a.origin.endswith("harbourherald_ammonia_epa_followup.html")]
    assert page.headline == "EPA shuts ammonia line after company more than doubles leak estimate"
    assert page.standfirst and page.standfirst.startswith("Tasman Ammonia Terminals now says")
    assert page.sections[0].heading is None


def test_headline_once_and_standfirst_twice(articles: list[Article]) -> None:
    (dump,) = [a for a in articles if a.origin.endswith("santos_strike_sugar_own_reporter_theaustralian.txt")]
    assert dump.headline and dump.headline.startswith("Brazil port strike sends sugar prices higher")
    assert dump.standfirst and dump.standfirst.startswith("A walkout at")
    assert dump.standfirst not in dump.body_text


def test_wire_credit_in_the_printed_byline_names_the_agency(articles: list[Article]) -> None:
    (page,) = [a for a in articles if a.origin.endswith("meridiandaily_kestrel_outage_reuters.html")]
    assert page.agency == "Reuters"
