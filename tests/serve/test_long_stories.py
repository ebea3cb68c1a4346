"""A story that ran for months: its page shows the latest reports and links to every one of them,
a page at a time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from newsbite.config import Settings
from newsbite.intake import Intake
from newsbite.model import Article, Section
from newsbite.serve import create_app
from newsbite.serve.reader import TIMELINE_SHOWN
from newsbite.store import AddOutcome, open_store
from tests.serve.conftest import SERVER_URL

# Reports of one long-running event: each says something new in words of its own, so that each is
# an item of its own (no copy of another) while all are plainly one story.
OPENINGS = (
    "Divers working for the Port Elwin harbour authority recovered {n} more timbers from the wreck",
    "Dredging of the northern channel at Port Elwin was halted for {n} hours on",
    "The Port Elwin harbour master told reporters that {n} ships had been turned back",
    "Archaeologists examining the Port Elwin wreck counted {n} cannon on the seabed",
    "Fishermen at Port Elwin protested for {n} minutes outside the harbour office",
)
CLOSINGS = (
    "near the breakwater, where the dredging began in March.",
    "as the survey of the northern channel and its wreck continued.",
    "while the harbour authority weighed when the channel could reopen.",
    "and officials said shipping would keep to the southern channel.",
)


def body(n: int, day: datetime) -> list[str]:
    """Two paragraphs, their sentences chosen by n's digits in base 5 and 4: no two reports share both."""
    first = f"{OPENINGS[n % 5].format(n=n + 2)} {day:%A} {CLOSINGS[n // 5 % 4]}"
    later = OPENINGS[(n // 5 + 2) % 5].format(n=3 * n + 7)
    second = f"{later} in the week to {day:%d %B} {CLOSINGS[(n + 1) % 4]}"
    return [first, second]


def reports(count: int) -> list[Article]:
    start = datetime(2026, 3, 1, 8, tzinfo=UTC)
    made = []
    for n in range(count):
        day = start + timedelta(days=n)
        made.append(
            Article(
                id=f"dredge-{n}",
                origin=f"test:{n}",
                headline=f"Port Elwin dredging goes on, day {n + 1}",
                sections=[Section(None, body(n, day))],
                publisher="harbourgazette.example",
                url=f"https://harbourgazette.example/dredging/{n}",
                published=day.isoformat(),
                language="en",
            )
        )
    return made


def test_a_long_story_shows_its_latest_reports_and_links_to_all(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = open_store(url)
    count = TIMELINE_SHOWN + 5
    Intake(store, Settings(database=url)).store_articles(reports(count))
    [story] = store.stories.page(limit=5).items
    assert story["articles"] == story["items"] == count  # one story of reports, no copies
    reader = TestClient(create_app(Settings(), store), base_url=SERVER_URL)

    page = reader.get(f"/stories/{story['id']}").text
    assert f"The latest {TIMELINE_SHOWN} of {count} reports" in page
    assert f"day {count}</a>" in page and "day 1</a>" not in page
    assert f'href="/stories/{story["id"]}/reports"' in page

    seen, path = [], f"/stories/{story['id']}/reports"
    while path:
        listing = reader.get(path)
        assert listing.status_code == 200
        seen += [n for n in range(count) if f"dredging goes on, day {n + 1}</a>" in listing.text]
        more = listing.text.split('rel="next" href="')
        path = more[1].split('"')[0].replace("&amp;", "&") if len(more) > 1 else None
    assert sorted(seen) == list(range(count))
    assert reader.get("/stories/nosuchstory/reports").status_code == 404
    store.close()


def test_a_story_read_again_is_new_once_an_article_joins_or_changes(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = open_store(url)
    intake = Intake(store, Settings(database=url))
    made = reports(12)
    intake.store_articles(made[:8])
    [story] = store.stories.page(limit=5).items
    first = store.story_document(story["id"])
    assert store.story_document(story["id"]) is first  # kept while the story does not move
    assert len(first["timeline"]) == 8

    intake.store_articles(made[8:])  # four more reports join it
    joined = store.story_document(story["id"])
    assert len(joined["timeline"]) == 12

    correction = "An earlier version of this report gave the wrong number of timbers."
    corrected = replace(
        made[2],
        headline="Port Elwin dredging goes on, day 3 (corrected)",
        sections=[Section(None, [*made[2].paragraphs, correction])],
    )
    assert store.add([corrected]) == [AddOutcome.UPDATED]  # in place: no merge, yet its page changes
    headlines = [entry["canonical"]["headline"] for entry in store.story_document(story["id"])["timeline"]]
    assert "Port Elwin dredging goes on, day 3 (corrected)" in headlines
    store.close()
