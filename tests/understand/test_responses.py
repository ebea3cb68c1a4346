"""Responses read from the parse (understand/responses.py): a party that rejects, confirms or
will not address what was said without restating it, linked to the claim it answers."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "party", "stance"),
    [
        (
            "Prosecutors alleged that the mayor had taken payments from a builder. "
            "His lawyer rejected the allegation on Tuesday.",
            "His lawyer",
            "denial",
        ),
        (
            "A study said the river was unsafe for swimming. "
            "The water authority dismissed the findings as baseless.",
            "water authority",
            "denial",
        ),
        (
            "Union officials said the depot would close in March. "
            "The company's chief executive later confirmed the report.",
            "company's chief executive",
            "confirmation",
        ),
        (
            "Residents said the bridge had been closed for weeks. A council spokesman declined to comment.",
            "council spokesman",
            "no_comment",
        ),
        (
            "Two former staff said the charity had lost donors' money. "
            "The charity's director refused to say how much had been lost.",
            "charity's director",
            "no_comment",
        ),
        (
            "Farmers said the new dam had dried up their wells. "
            "The energy ministry did not respond to requests for comment.",
            "energy ministry",
            "no_comment",
        ),
        (
            "Doctors said the clinic had run out of insulin. The health minister could not be reached.",
            "health minister",
            "no_comment",
        ),
    ],
)
def test_a_response_takes_its_stance_and_answers_the_claim_before_it(
    analyse_text, text: str, party: str, stance: str
) -> None:
    claims = analyse_text(text).claims
    found = [claim for claim in claims if claim.stance == stance]
    assert found, [(claim.party, claim.stance, claim.text) for claim in claims]
    response = found[0]
    assert party.lower() in (response.party or "").lower()
    assert response.contradicts is not None
    answered = claims[response.contradicts]
    assert answered.stance == "claim" and answered.start < response.start


def test_a_statement_not_about_a_statement_is_no_response(analyse_text) -> None:
    # Rejecting a plan, refusing to pay, not responding to a letter's demands in kind: no stance
    # on anything said.
    claims = analyse_text(
        "The council rejected the plan for a new stadium. The tenants refused to pay the increase."
    ).claims
    assert [claim.stance for claim in claims if claim.stance != "claim"] == []


def test_denying_someone_something_withholds_and_answers_nothing(analyse_text) -> None:
    claims = analyse_text(
        "The family said the hospital was denying their father the treatment. The ministry denied"
        " him access to the files. The ministry denied the allegations."
    ).claims
    assert [claim.text for claim in claims if claim.stance == "denial"] == ["the allegations"]


def test_an_accusation_is_a_claim_its_denial_answers(analyse_text) -> None:
    claims = analyse_text(
        "The opposition accused the governor of rigging the tender for the new port. "
        "The governor's office rejected the accusation on Wednesday."
    ).claims
    accusation = next(claim for claim in claims if claim.stance == "claim")
    assert accusation.party == "opposition"
    denial = next(claim for claim in claims if claim.stance == "denial")
    assert denial.contradicts is not None and claims[denial.contradicts] is accusation


@pytest.mark.parametrize(
    ("text", "party", "stance"),
    [
        (
            "Tenants said the landlord had cut the heating in January. "
            "The landlord's agent said that was not true.",
            "landlord's agent",
            "denial",
        ),
        (
            "A former engineer alleged that the tests had been skipped. "
            "The manufacturer said there was no evidence that any test had been missed.",
            "manufacturer",
            "denial",
        ),
        (
            "A local paper reported that the mine would close in May. "
            '"I can confirm that the mine will close," the company\'s chairman told reporters.',
            "company's chairman",
            "confirmation",
        ),
        (
            "Fishermen said a tanker had dumped oil near the harbour. "
            "The port authority said it could neither confirm nor deny the report.",
            "port authority",
            "no_comment",
        ),
        (
            "Opposition lawmakers said the minister had hired his nephew. "
            "The minister insisted that he had not broken any rules.",
            "minister",
            "denial",
        ),
        (
            "Activists said two protesters had been detained overnight. "
            "The interior ministry would not say whether anyone was being held.",
            "interior ministry",
            "no_comment",
        ),
        (
            "A union said the ferry company had cut crews below the legal minimum. "
            "Port inspectors disputed that, saying every ferry had sailed with a full crew.",
            "Port inspectors",
            "denial",
        ),
    ],
)
def test_what_a_statement_says_decides_its_stance(analyse_text, text: str, party: str, stance: str) -> None:
    claims = analyse_text(text).claims
    answers = [claim for claim in claims if claim.stance != "claim"]
    assert [(claim.stance, party.lower() in (claim.party or "").lower()) for claim in answers] == [
        (stance, True)
    ], [(claim.party, claim.stance, claim.text) for claim in claims]
    assert answers[0].contradicts == 0
    assert len(claims) == 2  # the "saying ..." of a denial and the "said" around a no-comment are no claims


def test_a_response_in_a_relative_clause_is_read(analyse_text) -> None:
    # The verb's own clause is a relative clause: its words are the verb's, not an aside to drop.
    analysis = analyse_text(
        "Activists said the mayor had misused city funds. The mayor, who denied the allegation, "
        "resigned on Friday."
    )
    assert [claim.stance for claim in analysis.claims] == ["claim", "denial"]


def test_a_statement_named_beside_it_and_answered_in_a_relative_clause_is_answered(analyse_text) -> None:
    def answers(text: str) -> list[tuple[str | None, str, int | None]]:
        return [(claim.party, claim.stance, claim.contradicts) for claim in analyse_text(text).claims]

    assert ("Okafor", "denial", 0) in answers(
        "Traders in Onitsha accused the customs service of seizing goods without receipts, a charge "
        "Okafor rejected."
    )
    assert ("council", "denial", 0) in answers(
        "Tenants said the lifts had been broken for a month, an account the council disputed."
    )
    assert ("Dlamini", "confirmation", 0) in answers(
        "Parents said they had learned of the closure from a radio report, a complaint Dlamini "
        "acknowledged was fair."
    )


def test_what_is_dismissed_as_nonsense_by_pointing_back_is_denied(analyse_text) -> None:
    claims = analyse_text(
        "The coach said the referee had provoked the crowd. The referee dismissed that as 'nonsense' "
        "in an interview."
    ).claims
    assert [(claim.party, claim.stance) for claim in claims] == [("coach", "claim"), ("referee", "denial")]
