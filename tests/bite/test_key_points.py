"""The key points' main claim reads right out of its sentence (bite/key_points.py)."""

from __future__ import annotations

from newsbite.bite.key_points import _claim_points
from newsbite.model import Analysis, Claim


def _analysis(*claims: Claim) -> Analysis:
    return Analysis(text="", claims=list(claims))


def test_a_contested_claim_whose_it_is_not_its_plural_party_is_not_the_main_point() -> None:
    # "Workers' families say it had ignored warnings": the "it" is the contractor that denied it,
    # so the first contested claim that reads alone leads instead
    families = Claim("Workers' families", "claim", "it had ignored warnings", 10, 33)
    denial = Claim("Sagarmatha Hydro", "denial", "claims by workers' families", 0, 40, contradicts=0)
    union = Claim("The union", "claim", "the camp was unsafe", 50, 69)
    answer = Claim("Sagarmatha Hydro", "denial", "the union's claim", 70, 90, contradicts=2)
    points = _claim_points(_analysis(families, denial, union, answer), [])
    assert [point.text for point in points] == [
        "The union says the camp was unsafe",
        "Sagarmatha Hydro denies the union's claim",
    ]


def test_a_singular_party_s_it_is_its_own() -> None:
    union = Claim("The union", "claim", "it would strike on Monday", 0, 25)
    denial = Claim("The company", "denial", "that", 30, 34, contradicts=0)
    assert _claim_points(_analysis(union, denial), [])[0].text == "The union says it would strike on Monday"
