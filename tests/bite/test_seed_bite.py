"""What issue 4 asks of the seed's bite: Russia's claim stays a claim, Kyiv's denial comes with it."""

from __future__ import annotations

import re

from newsbite.bite.attribution import leans_on_previous
from newsbite.model import Article

UNRESOLVED_OPENING = re.compile(r"[\"'“‘]?(?:He|She|It|They|His|Her|Its|Their|This|These|But)\b")


def test_the_capture_is_russias_claim_and_kyivs_denial_is_in_the_bite(seed_article: Article) -> None:
    assert seed_article.bite is not None
    sentences = seed_article.bite.sentences
    capture = [s for s in sentences if "Toretsk" in s and "seized" in s]
    assert capture and capture[0].startswith("Russia said")
    assert any(s.startswith("Kyiv denied") for s in sentences)


def test_no_bite_sentence_opens_with_an_unresolved_pronoun_or_but(seed_article: Article) -> None:
    assert seed_article.bite is not None
    bite_ids = seed_article.bite.sentence_ids
    for index in bite_ids:
        sentence = seed_article.sentences[index]
        if UNRESOLVED_OPENING.match(sentence) or leans_on_previous(sentence):
            assert index - 1 in bite_ids, sentence


def test_the_bite_is_about_sixty_words_of_the_articles_own_sentences(seed_article: Article) -> None:
    bite = seed_article.bite
    assert bite is not None and bite.method == "extractive"
    assert [seed_article.sentences[i] for i in bite.sentence_ids] == bite.sentences
    assert 2 <= len(bite.sentences) <= 4
    assert 30 <= sum(len(s.split()) for s in bite.sentences) <= 100


def test_key_points_carry_the_claim_its_denial_who_and_where(seed_article: Article) -> None:
    assert seed_article.bite is not None
    points = seed_article.bite.key_points
    assert 3 <= len(points) <= 5
    texts = [point.text for point in points]
    assert texts[0].startswith("Russia says its forces had seized the mining town of Toretsk")
    assert texts[1] == "Kyiv denies Russia had full control of the industrial hub"
    assert any(text.startswith("Who: ") and "Vladimir Putin" in text for text in texts)
    assert any(text.startswith("Where: ") and "Toretsk" in text for text in texts)
    for point in points:
        assert point.sentences, point.text
        for index in point.sentences:
            assert 0 <= index < len(seed_article.sentences)
    # Each point is traceable: its source sentence holds what it says.
    assert "Kyiv denied" in seed_article.sentences[points[1].sentences[0]]
