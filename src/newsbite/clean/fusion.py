"""Fusing two extractors' blocks by where they agree, paragraph by paragraph.

trafilatura (the main opinion) is precise inside the article but often keeps what sits around
it: headline, related-story lists, newsletter boxes. readability (the other opinion) keeps one
container. Where readability confirms trafilatura's blocks (shared 4-word shingles, the unit
the extraction benchmark scores in), the article lies between the first and the last confirmed
block: side material sits before or after the body, and unconfirmed blocks between confirmed
ones are real body text that the two split differently. On the extraction benchmark's dev set
(bench/extract.py) NewsBite scored F1 0.966 with trafilatura's blocks alone and 0.979 fused; in
the study that chose them, results were flat for confirmation thresholds from 0.3 to 0.9, so the
constants below are not fine-tuned.
"""

from __future__ import annotations

import re
from collections import Counter

from newsbite.clean.blocks import Block

_WORD = re.compile(r"\w+")
# A block is confirmed when at least this share of its shingles is in the other opinion.
_CONFIRM = 0.5
# Below this share of the main text confirmed, the two picked different parts of the page:
# trimming one by the other would be guesswork, so the main opinion stands.
_MIN_AGREEMENT = 0.5
# One output "contains" another when this share of the other's shingles is in it.
_CONTAINS = 0.8
# Prose, for continuing past where the main opinion stopped: a sentence-sized, finished block.
_PROSE_MIN_WORDS = 20
_SENTENCE_END = tuple('.!?"”’»)…。！？')


class SecondOpinion:
    """The main opinion's blocks beside another's, each made into shingles once: asked first how
    far they agree, then fused (a page's blocks were read into shingles twice)."""

    def __init__(self, main: list[Block], other: list[Block]) -> None:
        self.main, self.other = main, other
        self._in_main = _Shingles(main) if main else None
        self._in_other = _Shingles(other) if other else None

    def agreement(self) -> float:
        """The share of the main opinion's text (its 4-word shingles) that the other holds."""
        if self._in_main is None or self._in_other is None:
            return 0.0
        return self._in_other.share_of(self._in_main.words)

    def fused(self) -> list[Block]:
        """The article's blocks from the main opinion, trimmed and completed by the other."""
        main, other, in_main, in_other = self.main, self.other, self._in_main, self._in_other
        if in_main is None or in_other is None:
            return main or other
        # A main output of one or two blocks holding the other's multi-block text is an undivided
        # dump (a layout table, a raw-text fallback): the other has the same text with paragraphs.
        if len(main) < 3 <= len(other) and in_main.share_of(in_other.words) >= _CONTAINS:
            main, other, in_other, in_main = other, main, in_main, in_other
        if in_other.share_of(in_main.words) < _MIN_AGREEMENT:
            return main
        confirmed = in_main.blocks_confirmed_by(in_other)
        if not confirmed:
            return main
        fused = main[confirmed[0] : confirmed[-1] + 1]
        # The main opinion stops at the first break in the body's container (ads splitting it);
        # the other's prose after its own last confirmed block continues the article, up to the
        # first block that is not prose (where related links and sign-ups start).
        other_confirmed = in_other.blocks_confirmed_by(in_main)
        for block in other[other_confirmed[-1] + 1 :] if other_confirmed else []:
            if not _is_prose(block.text):
                break
            fused.append(block)
        return fused


class _Shingles:
    """The 4-word shingles of some blocks, to ask how much of a run of words they contain."""

    def __init__(self, blocks: list[Block]) -> None:
        self.block_words = [_WORD.findall(block.text) for block in blocks]
        # Shingles span block boundaries: the two extractors split the same text differently.
        self.words = [word for words in self.block_words for word in words]
        self.counts = _shingles(self.words)
        self.joined = f" {' '.join(self.words)} "

    def blocks_confirmed_by(self, other: _Shingles) -> list[int]:
        """Indexes of the blocks here of which `other` holds at least the _CONFIRM share."""
        return [i for i, words in enumerate(self.block_words) if other.share_of(words) >= _CONFIRM]

    def share_of(self, words: list[str]) -> float:
        """Share of the shingles of `words` found here; under four words must occur whole."""
        if len(words) < 4:
            return float(f" {' '.join(words)} " in self.joined)
        shingles = list(zip(words, words[1:], words[2:], words[3:], strict=False))
        if len(set(shingles)) == len(shingles):  # each once, as in most paragraphs: no multiset needed
            return sum(shingle in self.counts for shingle in shingles) / len(shingles)
        counts = Counter(shingles)
        found = sum(min(count, self.counts.get(shingle, 0)) for shingle, count in counts.items())
        return found / len(shingles)


def _shingles(words: list[str]) -> Counter[tuple[str, ...]]:
    return Counter(zip(words, words[1:], words[2:], words[3:], strict=False))


def _is_prose(text: str) -> bool:
    return len(_WORD.findall(text)) >= _PROSE_MIN_WORDS and text.rstrip().endswith(_SENTENCE_END)
