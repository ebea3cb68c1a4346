"""Near-duplicates: the bundled samples' wire copies fold together, own coverage stays apart."""

from __future__ import annotations

from collections import defaultdict

import pytest

from newsbite.clean import clean_document
from newsbite.cli import sample_inputs
from newsbite.config import Settings
from newsbite.ingest import read_inputs
from newsbite.merge.duplicates import (
    DuplicateIndex,
    containment,
    fingerprint,
    fingerprint_from_bytes,
    signature_bytes,
)
from newsbite.model import Article, Document

# docs/samples.md, "Syndicated copies": each wire story and the names its copies go by.
WIRE_STORIES = {
    "AFP flood": {
        "afp_nepal_glacial_flood_newsbite.txt",
        "afp_nepal_glacial_flood_world_trimmed.txt",
        "harbourherald_nepal_glacial_flood_afp.html",
        "gcp-20260414-nepal-glof",
    },
    "AFP follow-up": {
        "afp_nepal_flood_toll_followup_world.txt",
        "coastlinecourier_nepal_flood_followup_afp.html",
    },
    "Reuters outage": {
        "reuters_kestrel_outage_business.txt",
        "meridiandaily_kestrel_outage_reuters.html",
        "gcp-20261021-kestrel-outage",
    },
    "AP rationing": {"ap_montevideo_water_rationing.txt", "gcp-20260210-montevideo-water"},
    "Reuters strike": {
        "reuters_santos_strike_business_crlf.txt",
        "northernledger_santos_strike_reuters.html",
        "md-20260309-santos-strike",
    },
}


def _name(article: Article) -> str:
    return (
        article.id
        if article.origin.endswith("]") or ":" in article.origin.rsplit("/", 1)[-1]
        else article.origin.rsplit("/", 1)[-1]
    )


@pytest.fixture(scope="module")
def samples() -> list[Article]:
    documents = read_inputs([str(path) for path in sample_inputs()], Settings())
    return [clean_document(document) for document in documents if isinstance(document, Document)]


def test_wire_copies_fold_together_and_own_coverage_stays_apart(samples: list[Article]) -> None:
    index = DuplicateIndex()
    groups: dict[str, set[str]] = defaultdict(set)
    for article in samples:
        name = _name(article)
        original = index.add(name, article.paragraphs)
        groups[original or name].add(name)
    folded = sorted(
        (sorted(group) for group in groups.values() if len(group) > 1), key=lambda group: group[0]
    )
    assert folded == sorted((sorted(story) for story in WIRE_STORIES.values()), key=lambda group: group[0])
    assert len(index) == len(samples) == 27


def test_a_copy_is_found_whatever_order_it_comes_in(samples: list[Article]) -> None:
    by_name = {_name(article): article for article in samples}
    trimmed, full = (
        by_name["afp_nepal_glacial_flood_world_trimmed.txt"],
        by_name["afp_nepal_glacial_flood_newsbite.txt"],
    )
    for first, second in ((trimmed, full), (full, trimmed)):
        index = DuplicateIndex()
        assert index.add("first", first.paragraphs) is None
        assert index.add("second", second.paragraphs) == "first"


def test_short_or_empty_bodies_are_never_copies() -> None:
    index = DuplicateIndex()
    assert index.add("a", ["Police said."]) is None
    assert index.add("b", ["Police said."]) is None
    assert index.add("c", []) is None


def test_a_fingerprint_survives_a_round_trip_through_bytes(samples: list[Article]) -> None:
    body = samples[0].paragraphs
    original = fingerprint(body)
    restored = fingerprint_from_bytes(signature_bytes(original), original.shingles)
    assert containment(original, restored) == pytest.approx(1.0)
    assert containment(original, fingerprint(samples[5].paragraphs)) < 0.2


def test_newsbite_cluster_folds_copies_and_gives_each_copy_its_originals_story() -> None:
    import json

    from typer.testing import CliRunner

    from newsbite.cli import app

    result = CliRunner().invoke(app, ["cluster", "--no-embeddings", *map(str, sample_inputs())])
    assert result.exit_code == 0, result.output
    placements = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(placements) == 27
    story_of = {placement["id"]: placement["story"] for placement in placements}
    copies = [placement for placement in placements if placement["duplicate_of"]]
    assert len(copies) == sum(len(story) - 1 for story in WIRE_STORIES.values())
    assert all(story_of[copy["id"]] == story_of[copy["duplicate_of"]] for copy in copies)
    assert 5 <= len(set(story_of.values())) < 27  # five events; reports of one event grouped
