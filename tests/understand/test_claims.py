def test_a_denial_is_linked_to_the_claim_it_contradicts(analyse_text) -> None:
    analysis = analyse_text(
        "The army said on Friday it had captured the hilltop village of Sarn after a week of fighting.\n\n"
        "The rebels denied the army had taken the village.\n\n"
        "The defence ministry did not comment on whether reinforcements had been sent."
    )
    stances = [(claim.party, claim.stance) for claim in analysis.claims]
    assert ("army", "claim") in stances
    assert ("rebels", "denial") in stances
    denial = next(claim for claim in analysis.claims if claim.stance == "denial")
    assert denial.contradicts is not None
    assert analysis.claims[denial.contradicts].party == "army"
    no_comment = [claim for claim in analysis.claims if claim.stance == "no_comment"]
    assert no_comment and "reinforcements" in no_comment[0].text
