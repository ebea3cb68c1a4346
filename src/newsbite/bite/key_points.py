"""Key points: the main claim and its counter-claim, who and where, then the next best sentences.

Each point names the article sentences it was drawn from. Claims, people and places come from
the understand stage when it ran; without it (another language, or a pipeline without it) the
points are the best-ranked sentences the bite did not use.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsbite.bite.attribution import sentence_at
from newsbite.bite.features import WORD
from newsbite.model import Analysis, Claim, KeyPoint

MAX_POINTS = 5
MIN_POINTS = 3
# A point is read at a glance; a longer claim is better read in the article.
MAX_POINT_WORDS = 40
_STANCE_VERBS = {
    "claim": "says",
    "denial": "denies",
    "confirmation": "confirms",
    "no_comment": "would not say",
}
_WHO_LABELS = ("PERSON", "ORG")


def key_points(
    sentences: Sequence[str],
    scores: np.ndarray,
    bite_ids: Sequence[int],
    analysis: Analysis | None,
    spans: Sequence[tuple[int, int] | None],
) -> list[KeyPoint]:
    """Three to five points, fewer only when the article has fewer sentences to give."""
    points: list[KeyPoint] = []
    if analysis is not None and not analysis.skipped:
        points += _claim_points(analysis, spans)
        points += [point for point in (_who(analysis, sentences), _where(analysis, sentences)) if point]
    used = set(bite_ids) | {index for point in points for index in point.sentences}
    for index in np.argsort(-scores, kind="stable").tolist():
        if len(points) >= MIN_POINTS:
            break
        if index not in used and len(WORD.findall(sentences[index])) <= MAX_POINT_WORDS:
            points.append(KeyPoint(sentences[index], [index]))
            used.add(index)
    return points[:MAX_POINTS]


def _claim_points(analysis: Analysis, spans: Sequence[tuple[int, int] | None]) -> list[KeyPoint]:
    """The main claim (the first one the article reports contested, else the first) and its answer."""
    claims = [claim for claim in analysis.claims if claim.party and _short(claim.text)]
    if not claims:
        return []
    answers = {claim.contradicts: claim for claim in claims if claim.contradicts is not None}
    contested = [claim for claim in claims if analysis.claims.index(claim) in answers]
    main = (contested or [claim for claim in claims if claim.stance == "claim"] or claims)[0]
    points = [_claim_point(main, spans)]
    answer = answers.get(analysis.claims.index(main))
    if answer is not None:
        points.append(_claim_point(answer, spans))
    return points


def _claim_point(claim: Claim, spans: Sequence[tuple[int, int] | None]) -> KeyPoint:
    verb = _STANCE_VERBS.get(claim.stance, "says")
    text = claim.text.strip().rstrip(",")
    joiner = ": " if text.startswith(('"', "“", "'", "‘")) and claim.stance == "claim" else f" {verb} "
    source = sentence_at(spans, claim.start)
    return KeyPoint(f"{claim.party}{joiner}{text}", [source] if source is not None else [])


def _who(analysis: Analysis, sentences: Sequence[str]) -> KeyPoint | None:
    people = [entity for entity in analysis.entities if entity.label in _WHO_LABELS][:3]
    return _named_point("Who", [(entity.name, entity.aliases) for entity in people], sentences)


def _where(analysis: Analysis, sentences: Sequence[str]) -> KeyPoint | None:
    places = sorted(analysis.places, key=lambda place: -place.mentions)[:3]
    return _named_point("Where", [(place.name, place.aliases) for place in places], sentences)


def _named_point(label: str, names: list[tuple[str, list[str]]], sentences: Sequence[str]) -> KeyPoint | None:
    if not names:
        return None
    sources = sorted(
        {
            index
            for name, aliases in names
            if (index := _first_mention(sentences, [name, *aliases])) is not None
        }
    )
    return KeyPoint(f"{label}: {', '.join(name for name, _ in names)}", sources)


def _first_mention(sentences: Sequence[str], names: list[str]) -> int | None:
    for index, sentence in enumerate(sentences):
        if any(name and name in sentence for name in names):
            return index
    return None


def _short(text: str) -> bool:
    return 0 < len(WORD.findall(text)) <= MAX_POINT_WORDS
