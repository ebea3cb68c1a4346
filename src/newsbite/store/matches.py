"""Where a search matched in a text, by each backend's own rules: the words a results page marks.

A search matches a word when the backend's index reduces both to the same term. SQLite's FTS5
index (migration 0003: `porter unicode61`) folds case and Latin diacritics and then applies the
original Porter stemmer; PostgreSQL's `english` configuration stems with Snowball's English
stemmer and drops stop words. PostgreSQL says where a query matched itself (`ts_headline`);
SQLite cannot for a contentless index, so the same steps are taken here with Snowball's Porter
stemmer (PyStemmer, the Snowball library in C: the pure-Python port took 35 ms for a page's
1,300 words), which reduces every word of the bundled samples exactly as FTS5 does.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import Stemmer
from sqlalchemy import Connection, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import Text

# A text cut into pieces, each flagged when it is a matched word; joined, they give the text.
MatchedText = list[tuple[str, bool]]

# Words as FTS5's unicode61 tokenizer cuts them (letters and digits; `_` separates), as the
# store's SQLite query cuts the search.
_WORD = re.compile(r"[^\W_]+")
# FTS5's porter tokenizer leaves shorter and longer tokens as they are (fts5_tokenize.c).
_STEMMED_LENGTHS = range(3, 65)
# Private-use characters that `ts_headline` puts around each match; taken out of the texts first,
# so that every one in its answer is its own.
_START, _STOP = "\ue000", "\ue001"
_THREAD = threading.local()
_HEADLINES = text(
    "SELECT ts_headline('english', piece, websearch_to_tsquery('english', :q), "
    f'\'HighlightAll=true, StartSel="{_START}", StopSel="{_STOP}"\') '
    "FROM unnest(:texts) WITH ORDINALITY AS given(piece, number) ORDER BY number"
).bindparams(bindparam("texts", type_=ARRAY(Text)))


def sqlite_matches(q: str, texts: Sequence[str]) -> list[MatchedText]:
    """Each text in pieces, the words that reduce to a term of `q` as SQLite's index reduces them
    flagged; a `q` with no word flags nothing."""
    wanted = {_porter_term(word) for word in _WORD.findall(q)}
    if not wanted:
        return [_pieces(piece, []) for piece in texts]
    # Each distinct word of the page reduced once (a results page repeats most of its words), and
    # then only the texts' matched words found, whole: a pass over every word of every text, to
    # flag each, took as long as the rest of the marking.
    words = set(_WORD.findall("\n".join(texts)))
    matched = frozenset(word for word in words if _porter_term(word) in wanted)
    if not matched:
        return [_pieces(piece, []) for piece in texts]
    whole_words = _whole_words(matched)
    return [_pieces(piece, [found.span() for found in whole_words.finditer(piece)]) for piece in texts]


def postgresql_matches(connection: Connection, q: str, texts: Sequence[str]) -> list[MatchedText]:
    """Each text in pieces, the words PostgreSQL's `english` search for `q` matches flagged (one
    query for all the texts); a text whose answer is not the text with marks in it, which
    `ts_headline` is not known to give, is left unmarked."""
    cleaned = [piece.replace(_START, "").replace(_STOP, "") for piece in texts]
    if not any(cleaned):
        return [_pieces(piece, []) for piece in cleaned]
    answers = connection.execute(_HEADLINES, {"q": q, "texts": cleaned}).scalars().all()
    return [_from_headline(piece, answer) for piece, answer in zip(cleaned, answers, strict=True)]


# Words come back page after page (a results page has about 660 distinct ones, 3 ms to reduce).
@lru_cache(maxsize=200_000)
def _porter_term(word: str) -> str:
    """The term FTS5's `porter unicode61` indexes for a word: lower case, no Latin diacritics
    (decomposed, marks dropped; ligatures and ß kept, as unicode61 keeps them), then stemmed."""
    folded = word.lower()
    if not folded.isascii():  # most words are; decomposing each took half a results page's time
        folded = "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))
    return _stemmer().stemWord(folded) if len(folded) in _STEMMED_LENGTHS else folded


def _stemmer() -> Stemmer.Stemmer:
    """This thread's stemmer: a Snowball stemmer keeps state between words."""
    stemmer = getattr(_THREAD, "stemmer", None)
    if stemmer is None:
        stemmer = _THREAD.stemmer = Stemmer.Stemmer("porter")
    return stemmer


@lru_cache(maxsize=1_000)
def _whole_words(words: frozenset[str]) -> re.Pattern[str]:
    """A pattern that finds any of `words` where it is a whole word, as _WORD cuts them: neither
    preceded nor followed by a letter or digit."""
    either = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{either})(?![^\W_])")


def _from_headline(piece: str, answer: str | None) -> MatchedText:
    """The text's pieces from `ts_headline`'s answer: what lies between a start and a stop is matched."""
    if answer is None or answer.replace(_START, "").replace(_STOP, "") != piece:
        return _pieces(piece, [])
    spans: list[tuple[int, int]] = []
    position = 0
    for part in re.finditer(f"{_START}([^{_STOP}]*){_STOP}|[^{_START}]+", answer):
        if part.group().startswith(_START):
            spans.append((position, position + len(part.group(1))))
            position += len(part.group(1))
        else:
            position += len(part.group())
    return _pieces(piece, spans)


def _pieces(piece: str, spans: list[tuple[int, int]]) -> MatchedText:
    pieces: MatchedText = []
    position = 0
    for start, end in spans:
        if start > position:
            pieces.append((piece[position:start], False))
        if end > start:
            pieces.append((piece[start:end], True))
        position = end
    if position < len(piece):
        pieces.append((piece[position:], False))
    return pieces
