"""A story's claims: each statement once across its reports, with the claim each answer answers."""

from newsbite.merge.story_claims import Report, story_claims
from newsbite.understand.parties import content_words


def _report(article: str, outlet: str, claims: list[dict], entities: list[dict] | None = None) -> Report:
    document = {"claims": claims, "entities": entities or []}
    return Report(article, outlet, outlet, f"2026-03-0{article[-1]}T10:00:00Z", "published", document)


def _claim(party: str, stance: str, text: str, contradicts: int | None = None) -> dict:
    return {"party": party, "stance": stance, "text": text, "contradicts": contradicts}


def test_a_claim_carried_by_two_reports_is_one_and_a_later_denial_answers_it() -> None:
    first = _report(
        "a1",
        "Harbour Daily",
        [_claim("Delta Crest Energy", "claim", "its pipeline near Oporoma had not leaked any oil")],
        [{"name": "Delta Crest Energy", "aliases": []}],
    )
    second = _report(
        "a2",
        "Coastal Wire",
        [
            _claim("Delta Crest", "claim", "the pipeline near Oporoma had not leaked oil"),
            _claim("Residents of Oporoma", "claim", "crude had covered the creeks for four days"),
            _claim("A lawyer for the villagers", "denial", "the company's account"),
        ],
        [{"name": "Delta Crest", "aliases": []}],
    )
    claims = story_claims([first, second])
    assert [(claim["party"], claim["stance"]) for claim in claims] == [
        ("Delta Crest Energy", "claim"),
        ("Residents of Oporoma", "claim"),
        ("A lawyer for the villagers", "denial"),
    ]
    assert claims[0]["articles"] == ["a1", "a2"] and claims[0]["outlets"] == ["Harbour Daily", "Coastal Wire"]
    # an answer its article left unlinked answers the story's first claim by another party
    assert claims[2]["answers"] == 0 and claims[2]["contradicts"] == 0


def test_an_answer_keeps_its_article_s_link_and_one_sharing_words_finds_its_claim() -> None:
    first = _report(
        "a1",
        "Harbour Daily",
        [
            _claim("Police", "claim", "fourteen people were arrested at a fake visa office"),
            _claim("The union", "claim", "drivers were docked pay for damaged vans"),
        ],
    )
    second = _report(
        "a2",
        "Coastal Wire",
        [
            _claim("The union", "claim", "drivers were docked pay for damaged vans"),
            _claim("The company", "denial", "that drivers were docked pay", contradicts=0),
            _claim("His lawyer", "denial", "that anyone arrested at the visa office had forged papers"),
        ],
    )
    claims = story_claims([first, second])
    union = next(i for i, claim in enumerate(claims) if claim["party"] == "The union")
    police = next(i for i, claim in enumerate(claims) if claim["party"] == "Police")
    denials = {claim["party"]: claim["answers"] for claim in claims if claim["stance"] == "denial"}
    assert denials == {"The company": union, "His lawyer": police}
    assert claims[union]["articles"] == ["a1", "a2"]


def test_role_phrases_are_one_party_by_their_head_and_different_statements_stay_apart() -> None:
    ministry = _claim("Ukraine's foreign ministry", "claim", "talks would resume")
    first = _report("a1", "Harbour Daily", [ministry])
    second = _report(
        "a2",
        "Coastal Wire",
        [
            _claim("The ministry", "claim", "talks would resume in Geneva"),
            _claim("The ministry", "claim", "grain exports had doubled since spring"),
        ],
    )
    claims = story_claims([first, second])
    assert [claim["articles"] for claim in claims] == [["a1", "a2"], ["a2"]]


def test_content_words_are_stemmed_and_leave_out_the_words_of_attribution() -> None:
    assert content_words("It denied that the pipelines had leaked") == content_words("pipeline leaking")


def test_each_outlet_may_describe_one_party_its_own_way() -> None:
    first = _report(
        "a1", "Harbour Daily", [_claim("Local officials", "claim", "the bridge at Ahero had collapsed")]
    )
    second = _report(
        "a2", "Coastal Wire", [_claim("Officials in Kisumu", "claim", "the Ahero bridge had collapsed")]
    )
    claims = story_claims([first, second])
    assert [claim["articles"] for claim in claims] == [["a1", "a2"]]


def test_an_answer_that_reports_the_claim_it_answers_keeps_that_link_over_an_earlier_report_s() -> None:
    first = _report(
        "a1", "Meridian Daily", [_claim("district administration", "claim", "nine people died in the flood")]
    )
    second = _report(
        "a2",
        "Coastline Courier",
        [
            _claim("Himal Urja", "denial", "claims by workers' families that it had ignored warnings", 1),
            _claim("workers' families", "claim", "it had ignored warnings"),
        ],
    )
    claims = story_claims([first, second])
    denial = next(claim for claim in claims if claim["stance"] == "denial")
    assert claims[denial["answers"]]["party"] == "workers' families"
