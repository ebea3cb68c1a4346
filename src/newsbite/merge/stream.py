"""The merge stage over a stream: each article folded into its copies' item, then into a story.

A syndicated copy takes the story of the article it copies, so copies never split a story and
one wire story counts once when a story's independent sources are counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import numpy as np

from newsbite.merge.duplicates import DuplicateIndex, Fingerprint, fingerprint
from newsbite.merge.stories import Embedder, StoryClusterer, lead_text, term_counts
from newsbite.model import Article, parse_moment


@dataclass(frozen=True)
class Placement:
    """Where one article went: the article it copies (None for an original) and its story."""

    id: str
    duplicate_of: str | None
    story: str


@dataclass(frozen=True)
class Merged:
    """A placement with what a store keeps to resume from it: the fingerprint, and the lead
    terms that found the story (None for a copy, which takes its original's story)."""

    placement: Placement
    fingerprint: Fingerprint
    lead: np.ndarray | None


class Merger:
    """Near-duplicates, then stories, for articles given in time order."""

    def __init__(
        self,
        embedder: Embedder | None = None,
        story_threshold: float | None = None,
        window: timedelta | None = None,
    ) -> None:
        self.duplicates = DuplicateIndex()
        self.stories = StoryClusterer(threshold=story_threshold, embedder=embedder, window=window)
        self._story_of: dict[str, str] = {}

    def add(self, key: str, article: Article) -> Placement:
        published = parse_moment(article.published)
        return self.merge(key, article.headline, article.paragraphs, published).placement

    def merge(
        self, key: str, headline: str | None, paragraphs: Sequence[str], published: datetime | None
    ) -> Merged:
        print_ = fingerprint(paragraphs, self.duplicates.num_perm)
        embedding = None
        if self.stories.embedder is not None and self.duplicates.find(print_) is None:  # copies need none
            embedding = self.stories.embedder([lead_text(headline, paragraphs)])[0]
        return self.merge_counted(key, print_, term_counts(headline, paragraphs), published, embedding)

    def merge_counted(
        self,
        key: str,
        print_: Fingerprint,
        counts: Counter[str],
        published: datetime | None,
        embedding: np.ndarray | None = None,
    ) -> Merged:
        """`merge` for an article fingerprinted and counted elsewhere (in parallel, say)."""
        original = self.duplicates.add_fingerprint(key, print_)
        lead = None
        if original is not None and original in self._story_of:
            story = self.stories.resolve(self._story_of[original])
        else:
            joined, lead = self.stories.add_counts(key, counts, published, embedding)
            story = joined.id
        self._story_of[key] = story
        return Merged(Placement(key, original, story), print_, lead)

    def story_of(self, key: str) -> str:
        """An article's story now: stories merged since it was placed are followed."""
        return self.stories.resolve(self._story_of[key])

    def restore(self, placement: Placement, print_: Fingerprint, lead: np.ndarray | None) -> None:
        """Put back an article merged before (in the order it was merged), without looking it up."""
        self.duplicates.restore(placement.id, print_, placement.duplicate_of)
        self._story_of[placement.id] = placement.story
        if lead is not None:
            self.stories.restore_lead(lead, placement.story)


def story_window(days: float) -> timedelta | None:
    """The cold-story window for a number of days (0 or less: stories never go cold)."""
    return timedelta(days=days) if days > 0 else None


def place_articles(
    articles: Iterable[Article], embedder: Embedder | None = None, window: timedelta | None = None
) -> list[Placement]:
    """Each article's placement, in input order (time order), once every article is merged.

    A placement names the story its article ended in, not the one it first joined: a later
    article can merge two stories. No articles give an empty list.
    """
    merger = Merger(embedder=embedder, window=window)
    placements = [merger.add(article.id, article) for article in articles]
    return [replace(placement, story=merger.story_of(placement.id)) for placement in placements]
