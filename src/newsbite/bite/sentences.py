"""Sentence splitting that survives news prose: quotes, abbreviations, initials, ellipses.

Built on sentencex (Wikimedia's segmenter for ~300 languages), which knows abbreviations
("Jan.", "U.S.", "p.m."), decimals and ellipses, and keeps a closing quotation mark with its
sentence. It is compiled and splits a 600-word article in well under a millisecond, where pysbd
took about 30 ms: the bite's whole time budget.
"""

from __future__ import annotations

import sentencex


def split_sentences(text: str, language: str | None = "en") -> list[str]:
    """The sentences of one paragraph, stripped; [] for blank text."""
    if not text.strip():
        return []
    return [segment.strip() for segment in sentencex.segment(language or "en", text) if segment.strip()]


def article_sentences(paragraphs: list[str], language: str | None) -> list[str]:
    """Every sentence of the body, paragraph by paragraph, so that none spans a paragraph break."""
    return [sentence for paragraph in paragraphs for sentence in split_sentences(paragraph, language)]
