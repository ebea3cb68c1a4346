"""Near-duplicates: the bundled samples' wire copies fold together, own coverage stays apart."""

from __future__ import annotations

from collections import defaultdict

import pytest

from newsbite.cli.ingest import sample_inputs
from newsbite.merge.duplicates import (
    DuplicateIndex,
    containment,
    fingerprint,
    fingerprint_from_bytes,
    signature_bytes,
)
from newsbite.model import Article
from tests.wire_samples import WIRE_STORIES, sample_name


def test_wire_copies_fold_together_and_own_coverage_stays_apart(samples: list[Article]) -> None:
    index = DuplicateIndex()
    groups: dict[str, set[str]] = defaultdict(set)
    for article in samples:
        name = sample_name(article)
        original = index.add(name, article.paragraphs)
        groups[original or name].add(name)
    folded = sorted(
        (sorted(group) for group in groups.values() if len(group) > 1), key=lambda group: group[0]
    )
    assert folded == sorted((sorted(story) for story in WIRE_STORIES.values()), key=lambda group: group[0])
    assert len(index) == len(samples) == 27


def test_a_copy_is_found_whatever_order_it_comes_in(samples: list[Article]) -> None:
    by_name = {sample_name(article): article for article in samples}
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
