"""A story's claims: each statement once, with every report that carried it and what it answers.

Each report's claims come from its article's analysis (`claims`, with `contradicts` pointing at
the claim an answer answers within the article). Across the reports of a story:

- **One party, many names**, and what a statement says, as understand/parties.py reads them.
- **One statement, many reports.** A statement is the same one when the party and the stance are
  the same and the texts share most of their content words (stemmed), or one of the texts has
  none ("denied the reports"). The statement keeps its first wording and lists the reports that
  carried it.
- **Answers across reports.** An answer (denial, confirmation or no-comment) keeps the claim its
  article linked it to, unless that claim comes after it in the article and an earlier report
  holds a claim it may answer. An answer its article left unlinked (the claim is in an earlier report)
  answers the earlier claim by another party that shares most content words with it; one that
  shares none answers the story's first claim by another party, the allegation a later report's
  "denied the reports" most often means.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from newsbite.understand.parties import Party, PartyReader, content_words, shared

# The sentence of an article document a claim's text was found in.
SentenceOf = Callable[[dict[str, Any], str], str]
# Share of the shorter text's content words the other must hold for two wordings to be one
# statement (or for an unlinked answer to answer a claim): "most of", not "some of".
SAME_CONTENT = 0.5


@dataclass
class Report:
    """One report of a story: its article document and where it came from."""

    article: str
    outlet: str
    source: str
    time: str | None
    time_basis: str | None
    document: dict[str, Any]


@dataclass
class _Statement:
    party: Party
    stance: str
    words: frozenset[str]
    record: dict[str, Any]


def story_claims(reports: list[Report], sentence_of: SentenceOf | None = None) -> list[dict[str, Any]]:
    """The story's statements in the order first reported (`reports` oldest first); each with
    `party`, `stance`, `text`, `articles`, `outlets` and `answers` (an index in the list), and
    where it was first reported (`time`, `article`, `outlet`, `source`, `sentence`)."""
    statements: list[_Statement] = []
    for report in reports:
        claims = report.document.get("claims", [])
        parties = PartyReader(_names(report.document.get("entities", [])))
        placed: list[int] = []
        for claim in claims:
            party = parties(claim.get("party"))
            words = content_words(claim.get("text", ""))
            index = _same_statement(statements, party, claim["stance"], words)
            if index is None:
                index = len(statements)
                statements.append(
                    _Statement(party, claim["stance"], words, _record(claim, report, sentence_of))
                )
            _carried(statements[index], report)
            placed.append(index)
        for position, (claim, index) in enumerate(zip(claims, placed, strict=True)):
            statement = statements[index]
            if statement.stance == "claim" or statement.record["answers"] is not None:
                continue
            local = claim.get("contradicts")
            earlier = _answered(statements, index)
            # (an article links an answer to a claim after it only when it reports none before:
            # an earlier report's claim is likelier what it answers; unless the answer reports that
            # claim itself, "denied claims by workers' families that ...")
            ahead = (
                local is not None
                and local > position
                and earlier is not None
                and not (
                    0 <= local < len(claims) and claims[local].get("text", "\0") in claim.get("text", "")
                )
            )
            if local is not None and 0 <= local < len(placed) and placed[local] != index and not ahead:
                statement.record["answers"] = placed[local]
            else:
                statement.record["answers"] = earlier
    return [_finished(statement) for statement in statements]


def _names(entities: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    return [(entity.get("name", ""), entity.get("aliases", [])) for entity in entities]


def _same_statement(
    statements: list[_Statement], party: Party, stance: str, words: frozenset[str]
) -> int | None:
    for index, statement in enumerate(statements):
        if statement.stance != stance or not statement.party.same(party):
            continue
        if not words or not statement.words or shared(words, statement.words) >= SAME_CONTENT:
            return index
    return None


def _answered(statements: list[_Statement], index: int) -> int | None:
    answer = statements[index]
    others = [
        (position, statement)
        for position, statement in enumerate(statements[:index])
        if statement.stance == "claim" and not statement.party.same(answer.party)
    ]
    if not others:
        return None
    scored = [(shared(answer.words, statement.words), position) for position, statement in others]
    best, position = max(scored, key=lambda pair: (pair[0], -pair[1]))
    return position if best >= SAME_CONTENT else others[0][0]


def _record(claim: dict[str, Any], report: Report, sentence_of: SentenceOf | None) -> dict[str, Any]:
    return {
        "time": report.time,
        "time_basis": report.time_basis,
        "party": claim.get("party"),
        "stance": claim["stance"],
        "text": claim["text"],
        "sentence": sentence_of(report.document, claim["text"]) if sentence_of else claim["text"],
        "answers": None,
        "articles": [],
        "outlets": [],
        "article": report.article,
        "outlet": report.outlet,
        "source": report.source,
    }


def _carried(statement: _Statement, report: Report) -> None:
    if report.article not in statement.record["articles"]:
        statement.record["articles"].append(report.article)
    if report.outlet not in statement.record["outlets"]:
        statement.record["outlets"].append(report.outlet)


def _finished(statement: _Statement) -> dict[str, Any]:
    # `contradicts` is `answers` under the name article claims use (the API has carried it since
    # claims were first listed)
    return {**statement.record, "contradicts": statement.record["answers"]}
