"""The lead bite: an article's opening sentences, the Lead-N baseline of news summarisation.

News is written as an inverted pyramid, so the first sentences carry the story; key points are
the opening sentences of the paragraphs that follow.
"""

from __future__ import annotations

from newsbite.bite.sentences import split_sentences
from newsbite.model import Article, Bite

KEY_POINTS = 3


def lead_bite(article: Article, sentence_count: int) -> Bite:
    """The first `sentence_count` body sentences, and the openings of the next few paragraphs.

    An article without body paragraphs gets an empty Bite.
    """
    sentences: list[str] = []
    key_points: list[str] = []
    for paragraph in article.paragraphs:
        paragraph_sentences = split_sentences(paragraph, article.language)
        if len(sentences) < sentence_count:
            sentences.extend(paragraph_sentences[: sentence_count - len(sentences)])
        elif paragraph_sentences and len(key_points) < KEY_POINTS:
            key_points.append(paragraph_sentences[0])
        else:
            break
    return Bite(sentences=sentences, key_points=key_points)
