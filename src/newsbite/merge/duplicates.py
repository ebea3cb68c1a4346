"""Near-duplicates: syndicated copies of one article, found with MinHash LSH (datasketch).

A copy is compared on its clean body (the clean stage has taken headline, furniture, footers and
sign-offs away), normalised (Unicode NFKC, case, punctuation and spacing folded, so re-encoded
and re-spaced copies read alike), as the set of its word 5-grams. LSH proposes the stored
articles likely to share most 5-grams; a candidate is a copy when the estimated resemblance of
the two bodies passes the threshold, measured as containment of the shorter in the longer, so a
copy trimmed of its first or last paragraphs still matches the whole. Lookups cost the same
however many articles are indexed (LSH buckets), not a pass over them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

# Words per shingle: long enough that two reports of one event, which share names and phrases,
# share few shingles; short enough that an edited sentence spoils only a few.
SHINGLE_WORDS = 5
NUM_PERM = 128
# datasketch's hashing scheme, named so that signatures kept in a store stay comparable whatever
# a later datasketch makes its default.
MINHASH_SCHEME = "affine32"
# LSH's own cut: candidates are proposed from about this Jaccard resemblance of shingle sets, low
# enough that a copy cut to half its length (Jaccard 0.5, containment 1.0) is still proposed.
LSH_THRESHOLD = 0.3
# Containment of the shorter body's shingles in the longer one's, estimated from the signatures,
# above which two articles are copies. bench/dedup.py sweeps it: from 0.3 to 0.7 recall moves
# less than half a point, and at 0.4 and below reports of one event written apart begin to be
# folded, so 0.6 keeps a margin from that edge rather than sitting on the best score.
COPY_THRESHOLD = 0.6
# Too short to tell a copy from a shared boilerplate paragraph.
MIN_SHINGLES = 8
# Copies are compared on their first MAX_WORDS words (the story's term counts too): far past any
# news story (a 10,000-word long read), and what keeps merging a 19 MB page from costing 3 GB and
# a minute and a half (datasketch hashes a batch of shingles 128 times over in one array).
MAX_WORDS = 20_000
# Enough characters for MAX_WORDS words of any language, cut before the text is normalised.
MAX_CHARACTERS = 30 * MAX_WORDS
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class Fingerprint:
    """What near-duplicate detection knows of a body: its MinHash and how many shingles it has."""

    minhash: LeanMinHash
    shingles: int

    @property
    def usable(self) -> bool:
        return self.shingles >= MIN_SHINGLES


def normalised_words(paragraphs: Iterable[str]) -> list[str]:
    """The body's first MAX_WORDS words as copies share them: NFKC, case-folded, punctuation and
    spacing gone."""
    text = "\n".join(paragraphs)[:MAX_CHARACTERS]
    return _WORDS.findall(unicodedata.normalize("NFKC", text).casefold())[:MAX_WORDS]


def fingerprint(paragraphs: Iterable[str], num_perm: int = NUM_PERM) -> Fingerprint:
    """The MinHash of the body's word 5-grams."""
    words = normalised_words(paragraphs)
    shingles = {
        " ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)
    }
    minhash = MinHash(num_perm=num_perm, scheme=MINHASH_SCHEME, permutations=_permutations(num_perm))
    if shingles:
        minhash.update_batch(list(shingles))
    # Lean: the hash values alone, without the permutations every MinHash otherwise carries.
    return Fingerprint(LeanMinHash(minhash), len(shingles))


@cache
def _permutations(num_perm: int) -> Any:
    """datasketch's permutations for `num_perm`, made once rather than for every MinHash."""
    return MinHash(num_perm=num_perm, scheme=MINHASH_SCHEME).permutations


def containment(first: Fingerprint, second: Fingerprint) -> float:
    """Estimated share of the smaller shingle set that is in the larger one.

    From the estimated Jaccard J and the set sizes a and b: |A ∩ B| = J (a + b) / (1 + J).
    """
    if not (first.shingles and second.shingles):
        return 0.0
    jaccard = first.minhash.jaccard(second.minhash)
    shared = jaccard * (first.shingles + second.shingles) / (1 + jaccard)
    return min(1.0, shared / min(first.shingles, second.shingles))


class DuplicateIndex:
    """An incremental index of article bodies; `add` tells which earlier article one copies."""

    def __init__(self, copy_threshold: float = COPY_THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self.copy_threshold = copy_threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=num_perm)
        self._fingerprints: dict[str, Fingerprint] = {}
        self._copy_of: dict[str, str] = {}  # a copy's key -> the first article of its group

    def __len__(self) -> int:
        return len(self._fingerprints)

    def add(self, key: str, paragraphs: Iterable[str]) -> str | None:
        """Index an article; the key of the earlier article it is a copy of (its group's first), or None."""
        return self.add_fingerprint(key, fingerprint(paragraphs, self.num_perm))

    def add_fingerprint(self, key: str, print_: Fingerprint) -> str | None:
        if key in self._fingerprints:
            return self._copy_of.get(key)
        original = self.find(print_)
        self._fingerprints[key] = print_
        if print_.usable:
            self._lsh.insert(key, print_.minhash)
        if original is not None:
            self._copy_of[key] = original
        return original

    def restore(self, key: str, print_: Fingerprint, original: str | None) -> None:
        """Put back an article indexed before, with the group it was found to copy."""
        self._fingerprints[key] = print_
        if print_.usable:
            self._lsh.insert(key, print_.minhash, check_duplication=False)
        if original is not None:
            self._copy_of[key] = original

    def find(self, print_: Fingerprint) -> str | None:
        """The first article of the group the body copies, or None (nothing is indexed)."""
        if not print_.usable:
            return None
        best, best_score = None, self.copy_threshold
        for candidate in self._lsh.query(print_.minhash):
            score = containment(print_, self._fingerprints[candidate])
            if score >= best_score:
                best, best_score = candidate, score
        return self._copy_of.get(best, best) if best is not None else None


def signature_bytes(print_: Fingerprint) -> bytes:
    """A fingerprint as bytes, for keeping in a store."""
    return np.asarray(print_.minhash.hashvalues, dtype=np.uint64).tobytes()


def fingerprint_from_bytes(data: bytes, shingles: int) -> Fingerprint:
    values = np.frombuffer(data, dtype=np.uint64)
    return Fingerprint(LeanMinHash(seed=1, hashvalues=values, scheme=MINHASH_SCHEME), shingles)
