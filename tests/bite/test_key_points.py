"""The key points' main claim reads right out of its sentence (bite/key_points.py)."""

from __future__ import annotations

from newsbite.bite.key_points import _claim_points
from newsbite.model import Analysis, Claim


def _analysis(*claims: Claim) -> Analysis:
    return Analysis(text="", claims=list(claims))


def test_a_claim_its_answer_reports_opening_with_a_pronoun_is_not_the_main_point() -> None:
    # "denied claims by workers' families that it had ignored warnings": "Workers' families say it
    # had ignored warnings" does not say who "it" is; the first claim asserted leads instead
    toll = Claim("Health officials", "claim", "the toll rose to 17", 0, 19)
    denial = Claim(
        "Sagarmatha Hydro", "denial", "claims by workers' families that it had ignored warnings", 30, 88, 2
    )
    families = Claim("workers' families", "claim", "it had ignored warnings", 65, 88)
    points = _claim_points(_analysis(toll, denial, families), [])
    assert points[0].text == "Health officials say the toll rose to 17"


def test_a_contested_claim_of_its_own_sentence_leads_whatever_its_first_word() -> None:
    union = Claim("Rail unions", "claim", "it will take months to reopen the line", 0, 38)
    denial = Claim("The railway", "denial", "that", 40, 44, contradicts=0)
    other = Claim("Police", "claim", "three men were arrested", 50, 73)
    points = _claim_points(_analysis(union, denial, other), [])
    assert [point.text for point in points] == [
        "Rail unions say it will take months to reopen the line",
        "The railway denies that",
    ]
