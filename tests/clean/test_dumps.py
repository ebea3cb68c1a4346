"""Scraped text dumps in tests/fixtures/dumps/, each beside the article it must become.

A new messy dump is a new pair of files (NAME.txt, NAME.expected.json), not new test code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsbite.clean import clean_document
from newsbite.ingest.files import documents_from_path
from newsbite.model import Article

DUMPS = Path(__file__).resolve().parents[1] / "fixtures" / "dumps"
CASES = sorted(DUMPS.glob("*.txt"))


def _clean(path: Path) -> Article:
    (document,) = list(documents_from_path(path, max_bytes=20_000_000))
    return clean_document(document)


@pytest.mark.parametrize("dump", CASES, ids=[case.stem for case in CASES])
def test_dump_becomes_expected_article(dump: Path) -> None:
    expected = json.loads(dump.with_suffix(".expected.json").read_text(encoding="utf-8"))
    article = _clean(dump)
    for field in (
        "section",
        "headline",
        "standfirst",
        "agency",
        "publisher",
        "original_url",
        "original_title",
    ):
        assert getattr(article, field) == expected[field], field
    shape = [(s.heading, len(s.paragraphs), s.paragraphs[0], s.paragraphs[-1]) for s in article.sections]
    assert shape == [(s["heading"], s["paragraphs"], s["first"], s["last"]) for s in expected["sections"]]
    body = article.body_text
    for residue in expected["absent"]:
        assert residue not in body, residue


def test_there_are_enough_dumps() -> None:
    assert len(CASES) >= 5


def test_printed_byline_line_becomes_the_byline_names_and_the_agency() -> None:
    article = _clean(DUMPS / "reuters_byline_line_photo_credits_advert.txt")
    assert (article.byline, article.agency) == ("Hamish Reed", "Reuters")
