"""Choosing the bite: the best-scored sentences within a word budget, none repeating another.

A sentence that leans on its neighbour ("He added ...") is a unit with the sentences it leans
on, valued at their mean score, so that it is taken only when its context is worth reading too.
Units are taken best first while the bite is under its word budget, so the last one may run
past it, and a bite never has more than `max_sentences`. A sentence sharing a trigram of content
words with one already chosen is skipped: news pages repeat themselves (a photo caption
restating the lead, a pull quote), and a reader should not read the same fact twice.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from newsbite.bite.attribution import with_context
from newsbite.bite.features import WORD

# Fragments ("Buy now.", "Scroll down for video.", a caption's label) are page furniture, not
# something to read instead of the article.
MIN_SENTENCE_WORDS = 8


def choose_sentences(
    sentences: Sequence[str], scores: np.ndarray, word_budget: int, max_sentences: int
) -> list[int]:
    """Indices of the chosen sentences, in article order."""
    words = [[word.lower() for word in WORD.findall(sentence)] for sentence in sentences]
    trigrams = [_content_trigrams(sentence) for sentence in words]
    chosen: list[int] = []
    seen: set[tuple[str, ...]] = set()
    length = 0
    for unit in _units(sentences, words, scores):
        if length >= word_budget or len(chosen) >= max_sentences:
            break
        new = [member for member in unit if member not in chosen]
        if not new or len(chosen) + len(new) > max_sentences:
            continue
        if any(trigrams[member] & seen for member in new):
            continue
        for member in new:
            chosen.append(member)
            seen |= trigrams[member]
            length += len(words[member])
    return sorted(chosen)


def _units(sentences: Sequence[str], words: list[list[str]], scores: np.ndarray) -> list[list[int]]:
    """Each sentence with its context, best first; fragments only when the article has nothing else."""
    units = [
        (float(np.mean(scores[unit])), unit)
        for i in range(len(sentences))
        if (unit := with_context(sentences, i))
    ]
    full = [entry for entry in units if len(words[entry[1][-1]]) >= MIN_SENTENCE_WORDS] or units
    full.sort(key=lambda entry: -entry[0])  # stable: equal scores keep article order
    return [unit for _, unit in full]


def _content_trigrams(words: list[str]) -> set[tuple[str, ...]]:
    # Function words are left out: "one of the" or "said it was" in two sentences is not a repeat.
    content = [word for word in words if word not in STOP_WORDS]
    return {tuple(content[i : i + 3]) for i in range(len(content) - 2)}
