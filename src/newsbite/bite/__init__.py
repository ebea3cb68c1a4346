"""Bite: what a busy reader gets from an article, a few sentences and key points.

The line: split the body into sentences (`sentences.py`), compute each one's features
(`features.py`, plus `embeddings.py` on the slow path), score them with the learned ranker
(`ranker.py`), choose within the word budget keeping attribution whole (`select.py`,
`attribution.py`), and draw key points (`key_points.py`). `extractive.py` runs that line;
`llm.py` is the optional abstractive backend, checked against the article and falling back to
the extractive bite.
"""

from newsbite.bite.extractive import extractive_bite, score_sentences
from newsbite.bite.sentences import article_sentences, split_sentences

__all__ = ["article_sentences", "extractive_bite", "score_sentences", "split_sentences"]
