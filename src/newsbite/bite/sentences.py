"""Sentence splitting that survives news prose: quotes, abbreviations, initials, ellipses.

Built on pysbd's rule-based segmenter, which knows abbreviations ("Jan.", "U.S.", "p.m."),
initials ("J. R. Smith") and ellipses inside a sentence ("operations... the city").
"""

from __future__ import annotations

from functools import lru_cache

import pysbd

# pysbd's languages; text in any other language is split with the English rules, which hold
# for most Latin-script punctuation.
_PYSBD_LANGUAGES = frozenset("en hi mr zh es am ar hy bg ur ru pl fa nl da fr my el it ja de kk sk".split())


def split_sentences(text: str, language: str | None = "en") -> list[str]:
    """The sentences of one paragraph, stripped; [] for blank text."""
    if not text.strip():
        return []
    segments = _segmenter(language if language in _PYSBD_LANGUAGES else "en").segment(text)
    return [segment.strip() for segment in segments if segment.strip()]


@lru_cache(maxsize=len(_PYSBD_LANGUAGES))
def _segmenter(language: str) -> pysbd.Segmenter:
    # Building a segmenter compiles its rules; one per language is reused (it keeps no state
    # between calls, so results never depend on what was split before).
    return pysbd.Segmenter(language=language, clean=False)
