"""Where a search matched, by each backend's rules: stems, case and every character kept."""

from __future__ import annotations

import sqlite3

import pytest

from newsbite.store import open_store
from newsbite.store.matches import sqlite_matches

TEXTS = [
    "Floods hit Zürich as the glacial lake bursts <b>again</b>",
    "",
    "Nothing to see \ue000here\ue001",
]


def marked(pieces: list[tuple[str, bool]]) -> list[str]:
    return [piece for piece, matched in pieces if matched]


def test_each_backend_marks_the_words_its_search_matches(database_url: str) -> None:
    store = open_store(database_url)
    flooding, empty, nothing = store.mark_matches("flooding lakes", TEXTS)
    store.close()
    assert marked(flooding) == ["Floods", "lake"]  # stemmed as the index stems, case aside
    assert "".join(piece for piece, _ in flooding) == TEXTS[0]  # nothing lost or added
    assert empty == []
    assert [matched for _, matched in nothing] == [False]


def test_sqlite_folds_diacritics_and_keeps_stop_words_as_its_index_does() -> None:
    [pieces] = sqlite_matches("zurich the", [TEXTS[0]])
    assert marked(pieces) == ["Zürich", "the"]


def test_sqlite_marks_what_its_full_text_index_matches() -> None:
    """Snowball's Porter stemmer against FTS5's own on the words where the two could part."""
    words = ["running", "runs", "ran", "generously", "generalisation", "agreed", "Café", "cafe", "as", "is"]
    words += ["Straße", "strasse", "ﬁre", "fire", "İstanbul", "istanbul", "x1", "2026", "東京"]
    database = sqlite3.connect(":memory:")
    database.execute(
        "CREATE VIRTUAL TABLE t USING fts5(x, content='', detail=none, tokenize='porter unicode61')"
    )
    database.executemany("INSERT INTO t(rowid, x) VALUES (?, ?)", list(enumerate(words)))
    for word in words:
        indexed = {
            words[row] for (row,) in database.execute("SELECT rowid FROM t WHERE t MATCH ?", [f'"{word}"'])
        }
        ours = {
            other for other, pieces in zip(words, sqlite_matches(word, words), strict=True) if marked(pieces)
        }
        assert ours == indexed, word


@pytest.mark.parametrize("q", ["", "!!", "\x00"])
def test_a_search_with_no_word_marks_nothing(database_url: str, q: str) -> None:
    store = open_store(database_url)
    pieces = store.mark_matches(q, TEXTS[:1])
    store.close()
    assert pieces == [[(TEXTS[0], False)]]
