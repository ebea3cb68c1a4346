"""Story clustering: joining, merging stories an article shows to be one, going cold, restoring."""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType

from typer.testing import CliRunner

from newsbite.cli import app
from newsbite.merge.stories import NAME_MARK, NAME_WEIGHT, StoryClusterer, named_words, term_counts
from newsbite.merge.stream import Placement, place_articles
from newsbite.model import Article, Section

FIRE = "warehouse fire Riverton district crews battled flames overnight smoke"
EVACUATION = "evacuation order Kellerman valley residents shelters buses school gymnasium"
BOTH = " ".join(word for pair in zip(FIRE.split(), EVACUATION.split(), strict=True) for word in pair)
DAY = datetime(2026, 5, 1, tzinfo=UTC)


def body(words: str) -> list[str]:
    return [f"{words} {words}.", f"{words}, officials said on Monday."]


def test_an_article_close_to_two_stories_merges_them_into_the_older() -> None:
    clusterer = StoryClusterer()
    first = clusterer.add("fire", FIRE, body(FIRE))
    second = clusterer.add("evacuation", EVACUATION, body(EVACUATION))
    assert first != second
    joined = clusterer.add("both", BOTH, body(BOTH))
    assert joined == first == clusterer.resolve(second)
    stories, _, merges = clusterer.take_changes()
    assert merges == [("evacuation", "fire")]
    merged = next(story for story in stories if story.id == "evacuation")
    assert merged.merged_into == "fire" and merged.size == 0 and clusterer.stories[0].size == 3


def test_without_merging_the_two_stories_stay_apart() -> None:
    clusterer = StoryClusterer(merge_factor=None)
    clusterer.add("fire", FIRE, body(FIRE))
    second = clusterer.add("evacuation", EVACUATION, body(EVACUATION))
    clusterer.add("both", BOTH, body(BOTH))
    assert clusterer.resolve(second) == second


def test_a_story_goes_cold_after_its_window_and_not_before() -> None:
    for window, later, stories in ((None, 60, 1), (timedelta(days=7), 3, 1), (timedelta(days=7), 30, 2)):
        clusterer = StoryClusterer(window=window)
        clusterer.add("first", FIRE, body(FIRE), DAY)
        clusterer.add("later", FIRE, body(FIRE.replace("overnight", "again")), DAY + timedelta(days=later))
        assert len(clusterer.stories) == stories, (window, later)


def article(key: str, words: str) -> Article:
    return Article(key, f"{key}.txt", headline=words, sections=[Section(None, body(words))])


def test_each_placement_names_the_story_its_article_ended_in() -> None:
    fire, evacuation, both = article("fire", FIRE), article("evacuation", EVACUATION), article("both", BOTH)
    copy = article("copy", FIRE)
    assert place_articles([fire, evacuation, both, copy]) == [
        Placement("fire", None, "fire"),
        Placement("evacuation", None, "fire"),  # joined "fire" when "both" merged the two stories
        Placement("both", None, "fire"),
        Placement("copy", "fire", "fire"),
    ]


def test_no_articles_have_no_placements() -> None:
    assert place_articles([]) == []


def test_newsbite_cluster_takes_a_window_in_days(tmp_path: Path) -> None:
    records = [
        {"id": "a", "title": FIRE, "text": "\n".join(body(FIRE)), "time": "2026-05-01T09:00:00"},
        {"id": "b", "title": FIRE, "text": "\n".join(body(FIRE + " again")), "time": "2026-06-20T09:00:00"},
    ]
    path = tmp_path / "two.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    for option, stories in ((["--window-days", "7"], 2), ([], 1)):
        result = CliRunner().invoke(app, ["cluster", str(path), "--no-embeddings", *option])
        assert result.exit_code == 0, result.output
        assert len({json.loads(line)["story"] for line in result.stdout.splitlines()}) == stories


def test_stories_still_grow_while_a_profiler_holds_finished_frames() -> None:
    """Dask's workers sample their frames with a profiler, which can keep a finished frame, and
    its locals, alive: no array the clusterer grows may stay exported through such a local."""
    kept: list[FrameType] = []

    def keep_returning_frames(frame: FrameType, event: str, _: object) -> None:
        if event == "return":
            kept.append(frame)

    clusterer = StoryClusterer()
    sys.setprofile(keep_returning_frames)
    try:
        clusterer.add("fire", FIRE, body(FIRE))
        clusterer.add("evacuation", EVACUATION, body(EVACUATION))
        clusterer.add("both", BOTH, body(BOTH))  # merges the two stories
        clusterer.add("fire-2", FIRE, body(FIRE))
        clusterer.add("other", "budget vote council", body("budget vote council tax rates"))
    finally:
        sys.setprofile(None)
    assert kept and [story.id for story in clusterer.stories if not story.merged_into] == ["fire", "other"]


def test_names_are_words_written_capitalised_inside_a_sentence() -> None:
    paragraphs = [
        "Crews from the NFRS reached the Riverton depot at dawn. Smoke rose all day.",
        '"We lost everything," said Dana Okafor, who rents a unit there.',
        "A STATEMENT IN CAPITALS MARKS NOTHING OUT.",
    ]
    assert named_words(paragraphs) == {"nfrs", "riverton", "dana", "okafor"}


def test_a_name_counts_as_its_word_but_weighs_more() -> None:
    counts = term_counts("Depot fire", ["Fire crews reached the Riverton depot. The depot burned."])
    assert counts == Counter(
        {"depot": 4, "fire": 3, "crews": 1, "reached": 1, f"{NAME_MARK}riverton": 1, "burned": 1}
    )
    clusterer = StoryClusterer()
    clusterer.add("plain", "riverton", ["riverton depot fire crews."])
    named = clusterer.add("named", "Depot fire", ["Fire crews reached the Riverton depot. The depot burned."])
    assert named == "plain"  # "Riverton" is the word "riverton", not a term of its own
    ratios = []
    for weight in (1.0, NAME_WEIGHT):
        term_ids, weights = StoryClusterer(name_weight=weight)._vector(counts)
        riverton, depot = 4, 0  # term ids in the order the counts gave them
        ratios.append(float(weights[term_ids == riverton][0] / weights[term_ids == depot][0]))
    assert abs(ratios[1] / ratios[0] - NAME_WEIGHT) < 1e-5


def test_reports_sharing_the_names_of_one_event_join_though_their_words_differ() -> None:
    fire = "warehouse fire district crews battled flames overnight smoke"
    evacuation = "evacuation order valley residents shelters buses school gymnasium"
    first = [f"Tamsin Okonjo met Halvorsen at Brightwater. {fire} {fire}."]
    second = [f"Police said Tamsin Okonjo met Halvorsen at Brightwater. {evacuation} {evacuation}."]
    joined = {}
    for weight in (1.0, NAME_WEIGHT):
        clusterer = StoryClusterer(name_weight=weight)
        for number in range(6):  # other news, so that the names are rarer than common words
            clusterer.add(f"other{number}", None, [f"Market prices fell as traders sold stock {number}."])
        clusterer.add("first", None, first)
        joined[weight] = clusterer.add("second", None, second) == "first"
    assert joined == {1.0: False, NAME_WEIGHT: True}


def test_a_marked_name_is_its_plain_words_term_and_the_store_never_sees_the_mark() -> None:
    clusterer = StoryClusterer()
    named, _ = clusterer._vector(Counter({f"{NAME_MARK}riverton": 1}))
    plain, _ = clusterer._vector(Counter({"riverton": 1}))
    both, weights = clusterer._vector(Counter({f"{NAME_MARK}riverton": 1, "riverton": 2}))
    assert named.tolist() == plain.tolist() == both.tolist() and len(weights) == 1
    clusterer.add("first", "Depot fire", ["Crews reached the Riverton depot at dawn."])
    _, terms, _ = clusterer.take_changes()
    assert terms and not any(term.startswith(NAME_MARK) for term in terms)


def test_names_are_not_read_past_the_counted_text_nor_after_a_quote_or_a_list_marker() -> None:
    assert named_words(['"We will go," he said. Officials agreed.', "- Boil the water"]) == set()
    assert named_words(["A EU-funded plan."]) == {"eu"}
    assert named_words(["word " * 150_000 + "Faraway Name"]) == set()  # (past MAX_CHARACTERS)
