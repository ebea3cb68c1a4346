"""Key points: the main claim and its counter-claim, who and where, then the next best sentences.

Each point names the article sentences it was drawn from. Claims, people and places come from
the understand stage when it ran; without it (another language, or a pipeline without it) the
points are the best-ranked sentences the bite did not use.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

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
_PLURAL_VERBS = {"says": "say", "denies": "deny", "confirms": "confirm"}
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


_ANSWERS = ("denial", "confirmation", "no_comment", "claim")


def _claim_points(analysis: Analysis, spans: Sequence[tuple[int, int] | None]) -> list[KeyPoint]:
    """The main claim (the first one the article reports contested, else the first) and its answer."""
    claims = [
        (index, claim) for index, claim in enumerate(analysis.claims) if claim.party and _short(claim.text)
    ]
    if not claims:
        return []
    # A claim's answer to show: a denial before a confirmation before a no-comment, then the first.
    answers: dict[int, Claim] = {}
    for _, claim in claims:
        kept = answers.get(claim.contradicts) if claim.contradicts is not None else None
        if claim.contradicts is not None and (
            kept is None or _ANSWERS.index(claim.stance) < _ANSWERS.index(kept.stance)
        ):
            answers[claim.contradicts] = claim
    contested = [entry for entry in claims if entry[0] in answers]
    asserted = [entry for entry in claims if entry[1].stance == "claim"]
    # (a contested claim that reads alone, else the first claim no one answered, before one that
    # does not read alone)
    alone = [entry for entry in contested if _reads_alone(entry[1], answers[entry[0]])]
    unanswered = [entry for entry in asserted if entry[0] not in answers]
    main_index, main = (alone or unanswered or contested or asserted or claims)[0]
    points = [_claim_point(main, spans)]
    answer = answers.get(main_index)
    if answer is not None:
        points.append(_claim_point(answer, spans))
    return points


def _reads_alone(claim: Claim, answer: Claim) -> bool:
    """Whether "X says ..." reads right out of its sentence: not a claim its answer reports whose
    first word is a pronoun ("denied claims by workers' families that it had ignored warnings":
    "Workers' families say it had ignored warnings" does not say the "it" is the one denying)."""
    reported_in_the_answer = claim.text in answer.text
    return not (reported_in_the_answer and claim.text.split(" ", 1)[0].lower() in ("it", "he", "she", "they"))


def _claim_point(claim: Claim, spans: Sequence[tuple[int, int] | None]) -> KeyPoint:
    party = claim.party or ""
    text = claim.text.strip().rstrip(",")
    if text.startswith(('"', "“", "'", "‘")) and claim.stance == "claim":
        point = f"{party}: {text}"
    else:
        verb = _STANCE_VERBS.get(claim.stance, "says")
        if _is_plural(party):
            verb = _PLURAL_VERBS.get(verb, verb)
        point = f"{party} {verb} {_continuing(text)}"
    source = sentence_at(spans, claim.start)
    return KeyPoint(point[:1].upper() + point[1:], [source] if source is not None else [])


def _is_plural(party: str) -> bool:
    """ "officials", "military analysts": a common noun in the plural (names like "Reyes" are not)."""
    words = party.split()
    return bool(words) and words[-1].islower() and words[-1].endswith("s") and not words[-1].endswith("ss")


def _continuing(text: str) -> str:
    """The claim's words as they read after "X says": a capitalised ordinary first word lowered."""
    first = text.split(" ", 1)[0]
    return first.lower() + text[len(first) :] if first.lower() in STOP_WORDS else text


def _who(analysis: Analysis, sentences: Sequence[str]) -> KeyPoint | None:
    place_names = {name for place in analysis.places for name in (place.name, *place.aliases)}
    people: dict[str, list[str]] = {}
    for entity in analysis.entities:
        if entity.label in _WHO_LABELS and entity.name not in place_names and len(people) < 3:
            people.setdefault(entity.name, entity.aliases)
    return _named_point("Who", list(people.items()), sentences)


def _where(analysis: Analysis, sentences: Sequence[str]) -> KeyPoint | None:
    # A place is a proper name; a lower-case match in the gazetteer is a common word.
    named = [place for place in analysis.places if place.name[:1].isupper()]
    places = sorted(named, key=lambda place: -place.mentions)[:3]
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
