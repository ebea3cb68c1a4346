"""Stories on the command line: a time that is only when NewsBite first saw the news says so."""

from __future__ import annotations

from io import StringIO

from rich.console import Console

from newsbite.render.stories import render_story_table


def printed(story: dict) -> str:
    out = StringIO()
    Console(file=out, width=200).print(render_story_table([story]))
    return out.getvalue()


def listing(**times: str) -> dict:
    counts = {"articles": 1, "sources": 1, "outlets": 1}
    return {"id": "0123456789abcdef", "title": "Harbour pier to be rebuilt", **counts, **times}


def test_a_story_of_undated_reports_lists_its_latest_time_as_first_seen() -> None:
    table = printed(listing(last_time="2026-12-04T10:31:00Z", time_basis="first_seen"))
    assert "first seen 2026-12-04 10:31:00 UTC" in table


def test_a_dated_story_lists_its_latest_publication_time_unlabelled() -> None:
    table = printed(listing(last_time="2026-10-22T03:00:00Z", time_basis="published"))
    assert "2026-10-22 03:00:00 UTC" in table and "first seen" not in table
