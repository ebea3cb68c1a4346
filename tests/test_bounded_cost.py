"""Every stage's cost bounded by its input (issue 18): a page of thousands of short sentences must
not cost the square of its length in the bite's ranking or the quote passes, and one huge article
must not make spaCy's memory grow without bound."""

from __future__ import annotations

import tracemalloc
from datetime import UTC, datetime

import numpy as np
import pytest
import spacy
from spacy.lang.en.stop_words import STOP_WORDS

from newsbite.bite import extractive_bite
from newsbite.bite.features import WORD, _tfidf
from newsbite.clean import clean_document
from newsbite.config import Settings
from newsbite.errors import ExtractionError
from newsbite.merge.duplicates import MAX_WORDS, fingerprint
from newsbite.merge.stories import term_counts
from newsbite.model import Article, Document, DocumentKind, parse_moment
from newsbite.pipeline import Pipeline
from newsbite.understand.nlp import parse_texts

SUBJECTS = ("council", "river", "bridge", "minister", "police", "storm", "market", "school", "village")


def many_sentences(count: int, unique_words: bool = False) -> list[str]:
    """`count` short news-like sentences; with `unique_words`, each brings words no other has (so the
    vocabulary grows with the count, as in the page that took 2.4 GB)."""
    sentences = []
    for number in range(count):
        subject, place = SUBJECTS[number % len(SUBJECTS)], SUBJECTS[(number * 7 + 3) % len(SUBJECTS)]
        extra = f" with word{number}a and word{number}b" if unique_words else ""
        sentences.append(
            f"The {subject} near the {place} said on Tuesday that plan {number} would go ahead{extra}."
        )
    return sentences


def as_paragraphs(sentences: list[str], per_paragraph: int = 5) -> str:
    return "\n\n".join(
        " ".join(sentences[start : start + per_paragraph])
        for start in range(0, len(sentences), per_paragraph)
    )


def test_the_ranking_vocabulary_of_thousands_of_sentences_stays_small() -> None:
    # Dense sentence x vocabulary counts for 3,000 such sentences were 3,000 x 6,000 float64 (144 MB)
    # several times over; sparse, they are a few hundred kilobytes.
    words = [WORD.findall(sentence) for sentence in many_sentences(3_000, unique_words=True)]
    tracemalloc.start()
    try:
        vectors, term_share = _tfidf(words)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert vectors.shape[0] == len(term_share) == 3_000
    assert vectors.shape[1] > 6_000
    assert peak < 20_000_000, f"3,000 sentences' TF-IDF took {peak / 1e6:.0f} MB"


def dense_tfidf(sentences: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The TF-IDF the ranker was trained with, written out densely as it was before it went sparse:
    the reference the sparse one must match."""
    content = [
        [
            word.lower()
            for word in WORD.findall(sentence)
            if word.lower() not in STOP_WORDS and not word.isdigit()
        ]
        for sentence in sentences
    ]
    vocabulary = sorted({word for words in content for word in words})
    counts = np.array([[words.count(word) for word in vocabulary] for words in content], dtype=float)
    frequency = counts.sum(axis=0)
    sizes = np.array([max(1, len(words)) for words in content], dtype=float)
    term_share = (counts @ frequency) / sizes / max(1.0, frequency.max())
    weighted = counts * (np.log((len(content) + 1) / ((counts > 0).sum(axis=0) + 1)) + 1)
    norms = np.linalg.norm(weighted, axis=1, keepdims=True)
    return weighted / np.where(norms == 0, 1, norms), term_share


def test_the_sparse_tfidf_is_the_dense_one_it_replaced() -> None:
    sentences = [
        *many_sentences(40, unique_words=True),
        "",
        "12 34",
        "The council, the council and the river.",
    ]
    vectors, term_share = _tfidf([WORD.findall(sentence) for sentence in sentences])
    expected_vectors, expected_share = dense_tfidf(sentences)
    sparse_rows = vectors.toarray()
    # Columns are in first-seen order there and sorted here: compare each row's weights in order of
    # size, and every pair's similarity, which do not depend on the columns' order.
    assert np.sort(sparse_rows, axis=1) == pytest.approx(np.sort(expected_vectors, axis=1))
    assert sparse_rows @ sparse_rows.T == pytest.approx(expected_vectors @ expected_vectors.T)
    assert term_share == pytest.approx(expected_share)


def test_the_bite_ranks_only_the_first_bite_max_sentences() -> None:
    sentences = many_sentences(20_000, unique_words=True)
    article = Article(
        id="long",
        origin="test:long",
        headline="Plans go ahead",
        sections=[],
        language="en",
        sentences=sentences,
    )
    settings = Settings(bite_max_sentences=300)
    tracemalloc.start()
    try:
        bite = extractive_bite(article, settings)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert bite.sentences, "a long article still gets a bite"
    assert all(index < 300 for index in bite.sentence_ids)
    assert all(index < 300 for point in bite.key_points for index in point.sentences)
    # Before the bound, 20,000 sentences asked for a 20,000 x 20,000 similarity matrix (3.2 GB).
    assert peak < 100_000_000, f"the bite of 20,000 sentences took {peak / 1e6:.0f} MB"


@pytest.mark.parametrize("text_chars", [900, 12_000, 47_000])
def test_a_long_text_is_parsed_in_pieces_that_join_back_into_the_same_text(text_chars: int) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    text = as_paragraphs(many_sentences(1_000))[:text_chars]
    seen_batches: list[int] = []
    pipe = nlp.pipe

    def counting_pipe(texts, **kwargs):  # type: ignore[no-untyped-def]
        texts = list(texts)
        seen_batches.append(sum(len(piece) for piece in texts))
        return pipe(texts, **kwargs)

    nlp.pipe = counting_pipe  # type: ignore[method-assign]
    [doc, short] = parse_texts(nlp, [text, "A short one."], batch_size=16, batch_chars=5_000)
    assert doc.text == text
    assert short.text == "A short one."
    assert max(seen_batches) <= 5_000
    if text_chars > 5_000:
        assert len(seen_batches) >= text_chars // 5_000
        # Pieces end at paragraph breaks, so no sentence is cut in two (but the last, which the
        # slice above cut).
        sentences = [sentence.text.strip() for sentence in doc.sents if sentence.text.strip()]
        assert all(sentence.endswith(".") for sentence in sentences[:-1])


def test_a_paragraph_with_no_break_is_still_cut_within_the_budget() -> None:
    nlp = spacy.blank("en")
    text = "word " * 10_000 + "x" * 12_000  # 50,000 characters of one line, then one 12,000-letter word
    [doc] = parse_texts(nlp, [text], batch_size=16, batch_chars=5_000)
    assert doc.text == text


@pytest.mark.slow
def test_three_thousand_short_sentences_go_through_the_whole_line_in_bounded_memory() -> None:
    # The attacker's page (issue 18): before, 2.4 GB and minutes in the quote passes and the bite.
    text = "Plans go ahead across the county\n\n" + as_paragraphs(many_sentences(3_000, unique_words=True))
    document = Document(origin="many.txt", kind=DocumentKind.TEXT, content=text)
    tracemalloc.start()
    try:
        article = Pipeline(Settings()).process(document)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert article.analysis is not None and article.analysis.skipped is None
    assert len(article.sentences) >= 3_000
    assert article.bite is not None and article.bite.sentences
    assert peak < 600_000_000, f"peak {peak / 1e6:.0f} MB"


def test_an_article_longer_than_max_article_chars_fails_with_its_reason() -> None:
    text = "Plans go ahead\n\n" + as_paragraphs(many_sentences(2_000))
    document = Document(origin="long.txt", kind=DocumentKind.TEXT, content=text)
    with pytest.raises(ExtractionError) as raised:
        clean_document(document, max_article_chars=50_000)
    assert str(raised.value).startswith("long.txt: the article's text is 1")
    assert "over the 50,000 an article may have (max_article_chars)" in str(raised.value)
    assert clean_document(document, max_article_chars=len(text)).headline == "Plans go ahead"


def test_copies_are_compared_and_counted_on_their_first_words_only() -> None:
    shared = as_paragraphs(many_sentences(4_000)).split("\n\n")
    assert len(" ".join(shared).split()) > MAX_WORDS
    one, other = fingerprint([*shared, "An ending of one kind."]), fingerprint([*shared, "Another ending."])
    assert one.minhash.jaccard(other.minhash) == 1.0
    assert one.shingles <= MAX_WORDS
    counts = term_counts("Plans", [*shared, "zebra " * 100])
    assert "zebra" not in counts and sum(counts.values()) <= MAX_WORDS + 2


@pytest.mark.parametrize(
    "published", ["0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00", "0999-05-01"]
)
def test_a_date_no_sortable_stamp_can_hold_is_unknown_not_a_crash(published: str) -> None:
    assert parse_moment(published) is None
    assert parse_moment("2026-12-04T10:00:00+01:00") == datetime(2026, 12, 4, 9, tzinfo=UTC)
