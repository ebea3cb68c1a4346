"""Articles made directly (no pipeline), for store, API and reader tests."""

from __future__ import annotations

from newsbite.model import Analysis, Article, Bite, Entity, Place, Section


def make_article(
    number: int,
    *,
    body: str | None = None,
    published: str | None = "default",
    url: str | None = "default",
    entity: str = "Anna Lindqvist",
    place: str = "Uppsala",
    agency: str | None = "AFP",
    publisher: str = "harbourherald.example",
) -> Article:
    """A processed article made directly (no pipeline), distinct for each number; dated unless
    `published` is given (None: undated)."""
    body = body or (
        f"Story {number} about the harbour: the council voted {number} to {number + 1} on Tuesday "
        f"to rebuild the pier, {entity} said in {place}."
    )
    return Article(
        id=f"a{number}",
        origin=f"test:{number}",
        headline=f"Harbour story number {number}",
        sections=[Section(None, [body])],
        agency=agency,
        publisher=publisher,
        published=f"2026-05-{1 + number % 28:02d}T{number % 24:02d}:00:00+00:00"
        if published == "default"
        else published,
        url=f"https://{publisher}/news/{number}?utm_source=feed" if url == "default" else url,
        language="en",
        sentences=[body],
        bite=Bite(sentences=[body], sentence_ids=[0]),
        analysis=Analysis(
            text=body,
            entities=[Entity(entity, "PERSON", 1, 1.0)],
            places=[Place(place, "SE", 59.86, 17.64, 2666199, 133117, 1)],
        ),
    )
