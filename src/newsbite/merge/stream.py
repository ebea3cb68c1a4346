"""The merge stage over a stream: each article folded into its copies' item, then into a story.

A syndicated copy takes the story of the article it copies, so copies never split a story and
one wire story counts once when a story's independent sources are counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from newsbite.merge.duplicates import DuplicateIndex
from newsbite.merge.stories import Embedder, StoryClusterer
from newsbite.model import Article


@dataclass(frozen=True)
class Placement:
    """Where one article went: the article it copies (None for an original) and its story."""

    id: str
    duplicate_of: str | None
    story: str


class Merger:
    """Near-duplicates, then stories, for articles given in time order."""

    def __init__(self, embedder: Embedder | None = None, story_threshold: float | None = None) -> None:
        self.duplicates = DuplicateIndex()
        self.stories = StoryClusterer(threshold=story_threshold, embedder=embedder)
        self._story_of: dict[str, str] = {}

    def add(self, key: str, article: Article) -> Placement:
        original = self.duplicates.add(key, article.paragraphs)
        if original is not None and original in self._story_of:
            story = self._story_of[original]
        else:
            story = self.stories.add(key, article.headline, article.paragraphs, published_time(article))
        self._story_of[key] = story
        return Placement(key, original, story)


def published_time(article: Article) -> datetime | None:
    """The article's publication time, in UTC (a time without a zone is taken as UTC)."""
    if not article.published:
        return None
    try:
        moment = datetime.fromisoformat(article.published)
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
