"""The front page's ranks kept in the store (migration 0007): the merge re-ranks the stories it
changes, a new half-life re-ranks them all, and pages of the ranking neither repeat nor skip."""

from __future__ import annotations

import math
from datetime import datetime

import pytest
from sqlalchemy import select

from newsbite.config import Settings
from newsbite.intake import Intake
from newsbite.model import Article
from newsbite.store import open_store
from newsbite.store.stories import rank_expression
from newsbite.store.tables import stories


def importance(story: dict, half_life: float) -> float:
    latest = datetime.fromisoformat(story["last_time"].replace("Z", "+00:00")).timestamp() / 3600
    return math.log2(1 + story["sources"] + story["outlets"]) + latest / half_life


def every_page(store, half_life: float, limit: int) -> list[dict]:
    found, cursor = [], None
    while True:
        page = store.stories.ranked(half_life, limit=limit, cursor=cursor)
        found += page.items
        if page.next_cursor is None:
            return found
        cursor = page.next_cursor


def test_the_merge_keeps_ranks_current_and_a_new_half_life_reranks_all(
    database_url: str, processed_samples: list[Article]
) -> None:
    store = open_store(database_url)
    intake = Intake(store, Settings(database=database_url))
    try:
        half = len(processed_samples) // 2
        intake.store_articles(processed_samples[:half])
        before = store.stories.ranked(24.0, limit=50).items  # the first ranked listing ranks them all
        intake.store_articles(processed_samples[half:])  # merged: the stories they join re-ranked
        # Read before any listing could re-rank: each live story's stored rank is its rank now.
        postgresql = database_url.startswith("postgresql")
        with store.engine.connect() as connection:
            pairs = connection.execute(
                select(stories.c.rank, rank_expression(postgresql, 24.0)).where(
                    stories.c.merged_into.is_(None)
                )
            ).all()
        assert pairs and all(stored == pytest.approx(float(current), abs=1e-9) for stored, current in pairs)
        after = every_page(store, 24.0, limit=2)
        assert len(after) == store.stories.count() >= len(before)
        scores = [importance(story, 24.0) for story in after]
        assert scores == sorted(scores, reverse=True)
        assert len({story["id"] for story in after}) == len(after)

        hourly = every_page(store, 1.0, limit=2)
        scores = [importance(story, 1.0) for story in hourly]
        assert scores == sorted(scores, reverse=True)
        assert {story["id"] for story in hourly} == {story["id"] for story in after}
        with store.engine.connect() as connection:
            live = select(stories.c.rank).where(stories.c.merged_into.is_(None))
            assert None not in set(connection.execute(live).scalars())
    finally:
        store.close()
