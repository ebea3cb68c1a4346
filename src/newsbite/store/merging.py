"""The merge kept in the store: every article stored since the last pass is folded into its
copies' item and into a story, and what changed is written back in the same transaction.

The state (fingerprints, story centroids, the vocabulary and its document frequencies) is read
from the store once and then kept in memory; a pass that finds the store's version moved (another
process merged meanwhile) reads it again, so a restart or a second writer never forgets or
double-counts an article. Articles are merged in the order they were stored.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import numpy as np

from newsbite.config import Settings
from newsbite.merge import lineage
from newsbite.merge.duplicates import fingerprint_from_bytes, signature_bytes
from newsbite.merge.stories import Embedder, Story, sentence_embedder
from newsbite.merge.stream import Merged, Merger, Placement, story_window
from newsbite.model import parse_moment
from newsbite.store.errors import StoreError
from newsbite.store.states import fold_states
from newsbite.store.store import Store, load_document
from newsbite.store.stories import MergeSession, MergeState, listing_columns

# Articles merged per transaction: a pass holds the write lock, so it stays short.
MERGE_BATCH = 200
LEXICAL, EMBEDDINGS = "lexical", "embeddings"


class StoredMerge:
    """Merges a store's pending articles; keep one per process and call `run` after storing."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._merger: Merger | None = None
        self._version: int | None = None
        self._method: str | None = None
        self._story_seq: dict[str, int] = {}  # story id -> row
        self._article_seq: dict[str, int] = {}  # article id -> row
        self._known_terms = 0

    def run(self, progress: Callable[[int], None] | None = None) -> int:
        """Merge every pending article; how many were merged. `progress` hears each pass's count."""
        merged = 0
        while True:
            try:
                with self.store.stories.merging() as session:
                    count, more = self._pass(session)
            except BaseException:
                # The pass's writes were rolled back but its articles are in the memory state:
                # forget it, so that the next pass reads the store's again.
                self._merger = None
                raise
            merged += count
            if progress and count:
                progress(count)
            if not more:
                return merged

    def _pass(self, session: MergeSession) -> tuple[int, bool]:
        state = session.state()
        if self._merger is None or state.version != self._version:
            self._load(session, state)
        assert self._merger is not None
        rows = session.pending(MERGE_BATCH)
        merged, skipped = self._merge_rows(rows)
        self._save(session, merged)
        session.skip(skipped)
        self._version = state.version + 1
        session.save_state(MergeState(self._version, self._merger.stories.documents, self._method))
        return len(rows), len(rows) == MERGE_BATCH

    def _merge_rows(self, rows: list[Any]) -> tuple[list[tuple[int, dict[str, Any], Merged]], list[int]]:
        """Each stored article merged (with its document), and those without a body to merge."""
        assert self._merger is not None
        merged, skipped = [], []
        for seq, article_id, stored in rows:
            document = load_document(stored)
            paragraphs = [p for section in document.get("sections", []) for p in section["paragraphs"]]
            if not paragraphs:
                skipped.append(seq)
                continue
            published = parse_moment(document.get("published"))
            result = self._merger.merge(article_id, document.get("headline"), paragraphs, published)
            merged.append((seq, document, result))
            self._article_seq[article_id] = seq
        return merged, skipped

    def _save(self, session: MergeSession, merged: list[tuple[int, dict[str, Any], Merged]]) -> None:
        assert self._merger is not None
        changed, terms, merges = self._merger.stories.take_changes()
        new = [story for story in changed if story.id not in self._story_seq]
        self._story_seq.update(session.add_stories([_new_story_row(story) for story in new]))
        session.update_stories(
            [{"story_seq": self._story_seq[story.id], **_clustering_columns(story)} for story in changed]
        )
        placements = [self._placement_row(seq, document, result) for seq, document, result in merged]
        session.place(placements)
        # Readers' state of an article read before it was found to be a copy goes to its item.
        fold_states(
            session.connection, {row["article_seq"]: row["copy_of"] for row in placements if row["copy_of"]}
        )
        session.place_undated_copies(sorted({row["copy_of"] or row["article_seq"] for row in placements}))
        for merged_id, into_id in merges:
            session.merge_stories(self._story_seq[merged_id], self._story_seq[into_id], into_id)
        session.save_terms(terms, self._known_terms)
        self._known_terms = self._merger.stories.vocabulary_size
        stories = {self._merger.stories.resolve(result.placement.story) for _, _, result in merged}
        touched = sorted({self._story_seq[story_id] for story_id in stories})
        members = session.members(touched)
        session.update_stories([{"story_seq": seq, **listing_columns(members[seq])} for seq in touched])
        session.rank(touched)
        session.touch(touched)

    def _placement_row(self, seq: int, document: dict[str, Any], result: Merged) -> dict[str, Any]:
        placement = result.placement
        return {
            "article_seq": seq,
            "story_seq": self._story_seq[self._merger.stories.resolve(placement.story)],
            "copy_of": self._article_seq[placement.duplicate_of] if placement.duplicate_of else None,
            "signature": signature_bytes(result.fingerprint),
            "shingles": result.fingerprint.shingles,
            "lead_terms": None if result.lead is None else result.lead.astype(np.int32).tobytes(),
            "lineage": lineage.lineage(document),
        }

    def _load(self, session: MergeSession, state: MergeState) -> None:
        """Read the whole merge state from the store into a new in-memory merger."""
        self._method = state.method or (EMBEDDINGS if self.settings.story_embeddings else LEXICAL)
        merger = Merger(embedder=self._embedder(), window=story_window(self.settings.story_window_days))
        terms = session.terms()
        merger.stories.restore_vocabulary(terms, state.documents)
        self._known_terms = len(terms)
        self._story_seq = {}
        for row in session.stories():
            merger.stories.restore_story(_story(row))
            self._story_seq[row.id] = row.seq
        self._article_seq, id_of = {}, {}
        for row in session.placements():
            id_of[row.article_seq] = row.id
            self._article_seq[row.id] = row.article_seq
            lead = None if row.lead_terms is None else np.frombuffer(row.lead_terms, dtype=np.int32)
            placement = Placement(row.id, id_of.get(row.copy_of), row.story_id)
            merger.restore(placement, fingerprint_from_bytes(row.signature, row.shingles), lead)
        merger.stories.take_changes()  # what was restored is stored already
        self._merger, self._version = merger, state.version

    def _embedder(self) -> Embedder | None:
        if self._method != EMBEDDINGS:
            return None
        embedder = sentence_embedder()
        if embedder is None:
            raise StoreError(
                self.store.name,
                "its stories are grouped with sentence embeddings; "
                "install newsbite[embeddings] to add articles to them",
            )
        return embedder


def _story(row: Any) -> Story:
    weights = np.frombuffer(row.weights, dtype=np.float32).copy()
    embedding = row.embedding
    until = row.published_until
    return Story(
        id=row.id,
        index=0,
        term_ids=np.frombuffer(row.term_ids, dtype=np.int32).copy(),
        weights=weights,
        norm=float(np.linalg.norm(weights)),
        embedding=None if embedding is None else np.frombuffer(embedding, dtype=np.float32).copy(),
        size=row.articles,
        updated=datetime.fromisoformat(until) if until else None,
        merged_into=row.merged_into,
    )


def _clustering_columns(story: Story) -> dict[str, Any]:
    return {
        "term_ids": story.term_ids.astype(np.int32).tobytes(),
        "weights": story.weights.astype(np.float32).tobytes(),
        "embedding": None if story.embedding is None else story.embedding.astype(np.float32).tobytes(),
        "published_until": story.updated.isoformat() if story.updated else None,
    }


def _new_story_row(story: Story) -> dict[str, Any]:
    """A new story's row; its listing columns are filled in once its articles are placed."""
    placeholder = {"articles": 0, "items": 0, "sources": 0, "outlets": 0, "first_time": "", "last_time": ""}
    return {"id": story.id, **placeholder, **_clustering_columns(story)}
