import pytest


def _stances(analyse_text, text: str) -> list[tuple[str | None, str]]:  # type: ignore[no-untyped-def]
    """Each claim's party and stance, as the analysis of the text finds them."""
    return [(claim.party, claim.stance) for claim in analyse_text(text).claims]


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


def _party_and_answer(analysis, stance: str) -> tuple[str | None, str | None]:
    answer = next(claim for claim in analysis.claims if claim.stance == stance)
    answered = analysis.claims[answer.contradicts].party if answer.contradicts is not None else None
    return answer.party, answered


def test_it_stands_for_the_last_sentence_s_subject_not_a_noun_inside_its_clause(analyse_text) -> None:
    analysis = analyse_text(
        "Neighbours said on Monday that fumes from the Ridgeway depot had made children ill. "
        "The depot's operator, Calloway Freight, admitted that a valve had failed. "
        "It denied that any fumes had reached the houses."
    )
    assert _party_and_answer(analysis, "denial") == ("Calloway Freight", "Neighbours")


def test_a_described_speaker_is_named_by_the_name_beside_it(analyse_text) -> None:
    analysis = analyse_text(
        "A former nurse at a Leeds clinic alleged that patients had been turned away. "
        "The clinic, Aireview Health, said the claims were untrue."
    )
    assert _party_and_answer(analysis, "denial") == ("Aireview Health", "A former nurse at a Leeds clinic")


def test_a_main_verb_misread_as_a_modifier_still_has_its_speaker(analyse_text) -> None:
    analysis = analyse_text(
        "A union official at the grain terminal in Geelong, Victoria, alleged on Tuesday that "
        "safety checks had been skipped during night shifts."
    )
    parties = [claim.party for claim in analysis.claims if claim.stance == "claim"]
    assert parties and parties[0] is not None and parties[0].startswith("A union official")


def test_an_answer_naming_whose_account_it_answers_is_linked_to_that_account(analyse_text) -> None:
    analysis = analyse_text(
        "The city council said the bridge would reopen in March. "
        "A contractor on the project said repairs would take until the end of the year.\n\n"
        "The transport minister declined to comment on the contractor's account."
    )
    assert _party_and_answer(analysis, "no_comment")[1] == "A contractor on the project"


def test_an_answer_naming_someone_s_remarks_or_testimony_answers_theirs(analyse_text) -> None:
    # (the first statement speaks of the answering firm, which would otherwise draw the answer)
    for noun in ("remarks", "comments", "testimony"):
        analysis = analyse_text(
            "Harbour Freight will cut 300 jobs at its depot in Durban, the company said on Monday.\n\n"
            "A union organiser, Thabo Nkosi, said staff had been told the depot would close. "
            f"Harbour Freight declined to comment on his {noun}."
        )
        assert _party_and_answer(analysis, "no_comment")[1] == "Thabo Nkosi", noun


def test_a_body_does_not_answer_what_its_own_official_said(analyse_text) -> None:
    analysis = analyse_text(
        "Wheat growers said hail had destroyed 50,000 hectares of crops. "
        "An official at the agriculture ministry said satellite images showed about 20,000 hectares "
        "had been damaged. The growers' association disputed that estimate, saying the images "
        "were old. The ministry later confirmed that the images had been taken a week earlier."
    )
    confirmation = next(claim for claim in analysis.claims if claim.stance == "confirmation")
    assert confirmation.contradicts is not None
    assert "ministry" not in (analysis.claims[confirmation.contradicts].party or "")


def test_stances_read_from_the_verb_its_object_and_its_complement(analyse_text) -> None:
    analysis = analyse_text(
        "Dock workers in Durban warned on Monday that a new shift roster would cost 400 jobs. "
        "The port operator, Umgeni Terminals, called the reports untrue, saying no jobs would go. "
        "A contractor denied any knowledge of the roster. The labour department said it had seen "
        "no evidence that anyone had been dismissed."
    )
    stances = [(claim.party, claim.stance) for claim in analysis.claims]
    assert stances[0] == ("Dock workers in Durban", "claim")
    assert ("Umgeni Terminals", "denial") in stances and ("A contractor", "denial") in stances
    assert ("labour department", "denial") in stances
    assert all(claim.contradicts == 0 for claim in analysis.claims[1:])


def test_a_stance_verb_the_parse_hung_inside_another_statement_keeps_its_party(analyse_text) -> None:
    analysis = analyse_text(
        "Herders near Kiruna accused a mining company on Monday of blasting during the calving "
        "season. The company, Norrbotten Malm, acknowledged that blasting had taken place in May "
        "but disputed that it breached its permit, saying the site lay outside the grounds."
    )
    stances = {(claim.party, claim.stance) for claim in analysis.claims}
    assert {("Norrbotten Malm", "confirmation"), ("Norrbotten Malm", "denial")} <= stances


def test_a_denial_reported_before_the_claim_answers_the_claim_after_it(analyse_text) -> None:
    analysis = analyse_text(
        "Tanzania's fisheries ministry on Monday rejected an allegation that its patrols had "
        "burned fishing boats near Mwanza. The allegation was made last week by traders in "
        "Musoma, who said 40 boats had been destroyed."
    )
    denial = next(claim for claim in analysis.claims if claim.stance == "denial")
    assert denial.contradicts is not None and denial.contradicts > analysis.claims.index(denial)
    assert "40 boats" in analysis.claims[denial.contradicts].text


def test_a_denial_of_claims_it_says_were_someone_else_s_is_not_linked_to_another_party(
    analyse_text,
) -> None:
    analysis = analyse_text(
        "Rescuers said on Friday they had found four survivors. The contractor, Sagarmatha Hydro, "
        "denied claims by workers' families that it had ignored warnings about the lake."
    )
    denial = next(claim for claim in analysis.claims if claim.stance == "denial")
    # (the families' claim, reported inside the denial, is what it answers: never the rescuers')
    assert denial.contradicts is not None
    answered = analysis.claims[denial.contradicts]
    assert answered.party is not None and "families" in answered.party
    assert answered.text == "it had ignored warnings about the lake"


def test_each_party_is_read_once_however_many_statements_answer_each_other(analyse_text, monkeypatch) -> None:
    # Every answer is compared with every statement before it; reading the parties again each
    # time made an article of 600 statements take 80 s (the cube of their number).
    from newsbite.understand import parties

    reads = []
    real = parties.PartyReader._party

    def counted(reader, name):
        reads.append(name)
        return real(reader, name)

    monkeypatch.setattr(parties.PartyReader, "_party", counted)
    analysis = analyse_text(
        " ".join(
            f"The Harbour Group {i} said the plant had leaked. The Owner {i} denied the claim. "
            f"Officials {i} declined to comment."
            for i in range(40)
        )
    )
    assert len(analysis.claims) >= 100
    assert len(reads) == len(set(reads)) <= len(analysis.claims)


def test_an_answer_named_by_its_owner_or_put_off_is_still_an_answer(analyse_text) -> None:
    analysis = analyse_text(
        "The regional health directorate said on Monday that 14 people had died of dengue in Trujillo. "
        "The health ministry contested the directorate's death toll, saying only six were confirmed.\n\n"
        "A spokesman for the planters' council called the estimate exaggerated. "
        "The directorate has yet to comment on the ministry's figures."
    )
    stances = [(claim.party, claim.stance) for claim in analysis.claims]
    assert ("health ministry", "denial") in stances
    assert ("A spokesman for the planters' council", "denial") in stances
    assert any(stance == "no_comment" for _, stance in stances)
    denial = next(claim for claim in analysis.claims if claim.party == "health ministry")
    assert analysis.claims[denial.contradicts].party == "regional health directorate"


def test_saying_a_thing_never_was_denies_the_claim_that_it_was(analyse_text) -> None:
    analysis = analyse_text(
        "Organisers of a film festival in Antalya said the city's municipality had ordered them to "
        "drop a documentary. 'There was never any order,' a deputy mayor, Selim Adana, said. "
        "'There is no shortage of venues in the city,' he added."
    )
    organisers = "Organisers of a film festival in Antalya"
    assert _party_and_answer(analysis, "denial") == ("Selim Adana", organisers)
    # no claim spoke of a shortage: the second is a statement of its own
    assert [claim.stance for claim in analysis.claims].count("denial") == 1


def test_a_closing_attribution_the_parse_read_as_a_modifier_is_still_a_claim(analyse_text) -> None:
    analysis = analyse_text(
        "A logistics company in Frankfurt has been hiring drivers on tourist visas, the regional "
        "broadcaster reported on Wednesday, citing internal emails. 'That is simply untrue,' said "
        "Marta Kowalczyk, the company's head of personnel."
    )
    assert _party_and_answer(analysis, "denial") == ("Marta Kowalczyk", "regional broadcaster")


def test_a_thing_said_never_to_be_is_denied_only_where_a_claim_names_it(analyse_text) -> None:
    analysis = analyse_text(
        "A witness said she had decided to take the boys to the fireworks. "
        "'There is no hostage-taking,' a police spokesman said.\n\n"
        "Residents said emergency services reached the tram within minutes. A spokesman for the "
        "operator said: \u201cWe are working with the police and the emergency services following a "
        "derailment.\n\n\u201cThere is currently no service on the line.\u201d"
    )
    # "take" is no hostage-taking, and a quote's later sentence answers nothing
    assert [claim.stance for claim in analysis.claims].count("denial") == 0


def test_a_role_the_article_gives_a_name_makes_them_one_party(analyse_text) -> None:
    # "the company" and "The company, Halden Copper" are one party: its refusal answers the
    # union's denial, not its own announcement
    analysis = analyse_text(
        "Workers at a copper mine near Tete walked out after the company said it would cut night "
        "bonuses. The company, Halden Copper, said the cuts were needed because prices had fallen. "
        "Union leader Amos Phiri rejected that explanation, saying the mine had posted record profits.\n\n"
        "Halden Copper declined to comment on the profits."
    )
    party, answered = _party_and_answer(analysis, "no_comment")
    assert party == "Halden Copper"
    assert answered == "Amos Phiri"


def test_an_official_named_with_their_body_does_not_answer_their_body(analyse_text) -> None:
    analysis = analyse_text(
        "Olive growers in Jaén warned on Monday that a drought plan would halve their harvest. "
        "The regional water board dismissed the warning, saying farms would keep most of their water. "
        "The board's director, Lucía Ortega, conceded that some farms could lose more."
    )
    party, answered = _party_and_answer(analysis, "confirmation")
    assert party == "Lucía Ortega"
    assert answered is not None and "growers" in answered.lower()


def test_a_party_that_cannot_be_reached_answers_the_statement_that_speaks_of_it(analyse_text) -> None:
    analysis = analyse_text(
        "Opposition councillors in Kisumu claimed on Friday that the airport road had been "
        "resurfaced with cheap gravel by a contractor close to the governor. Officials said floods "
        "had cut the road in two places.\n\n"
        "The contractor, Lakeside Works, could not be reached for comment."
    )
    party, answered = _party_and_answer(analysis, "no_comment")
    assert party == "Lakeside Works"
    assert answered is not None and answered.startswith("Opposition councillors")


def test_a_later_answer_may_share_words_only_with_a_denial_s_reason(analyse_text) -> None:
    analysis = analyse_text(
        "Kenya's port authority said a ship had been held at Mombasa after inspectors found "
        "undeclared fertiliser in its hold. The vessel had sailed from Durban, the authority said. "
        "The ship's owner, Coral Line, denied that the cargo had been hidden, saying the fertiliser "
        "was listed in an amended manifest. Officials in Durban would not say whether such a "
        "manifest had been filed."
    )
    assert _party_and_answer(analysis, "no_comment") == ("Officials in Durban", "Coral Line")


def test_a_word_of_a_name_alone_does_not_make_one_party_speak_for_another() -> None:
    from newsbite.understand.parties import PartyReader

    parties = PartyReader()
    assert not parties("the rail maintenance union").speaks_for(parties("Freight operator Hawkesbury Rail"))
    assert parties("a spokesman for Delta Crest Energy").speaks_for(parties("Delta Crest Energy"))
    assert parties("An official at the agriculture ministry").speaks_for(parties("The ministry"))


def test_two_kinds_of_one_head_are_two_parties_and_a_bare_head_is_either() -> None:
    from newsbite.understand.parties import PartyReader

    parties = PartyReader()
    relief = parties("A relief agency")
    emergency = parties("The World Health Organization's emergency agency")
    assert not relief.speaks_for(emergency)
    assert not parties("Peru's mining ministry").speaks_for(parties("Chile's foreign ministry"))
    assert parties("Peru's mining ministry").speaks_for(parties("the ministry"))
    assert parties("Peru's mining ministry").speaks_for(parties("the Peruvian mining ministry"))
    assert parties("police in Cusco").speaks_for(parties("Cusco police"))
    assert parties("Israel's military").speaks_for(parties("The Israeli military"))
    assert parties("Chinese authorities").speaks_for(parties("Beijing authorities"))


def test_a_second_body_of_the_same_kind_confirms_the_first_s_figure(analyse_text) -> None:
    analysis = analyse_text(
        "A relief agency said on Tuesday that about 12,000 families had lost their homes to floods "
        "along the Ucayali river. The World Food Programme's emergency agency confirmed the figure "
        "and said it had flown in rice and tents."
    )
    _, answered = _party_and_answer(analysis, "confirmation")
    assert answered is not None and answered.startswith("A relief agency")


def test_doubting_a_named_statement_denies_it_and_examining_it_answers_nothing_yet(analyse_text) -> None:
    assert ("Norbridge Homes", "denial") in _stances(
        analyse_text,
        "Campaigners in Leith said on Monday they had gathered 9,000 signatures against the tower. "
        "Norbridge Homes disputed the count, saying many names were repeated.",
    )
    assert ("Analysts at Keel Capital", "denial") in _stances(
        analyse_text,
        "Insurer Harbour Re said on Monday it expected claims of about $200 million from the storm. "
        "Analysts at Keel Capital questioned that estimate, saying it looked low.",
    )
    assert ("The opposition leader", "denial") not in _stances(
        analyse_text,
        "Election officials said on Sunday the governor had won by 4,000 votes. The opposition "
        "leader said he would challenge the result in the Supreme Court.",
    )
    assert ("labour ministry", "no_comment") in _stances(
        analyse_text,
        "A garment workers' union said a factory in Kandal province owed 900 workers their wages. "
        "The labour ministry said it was checking the union's figures.",
    )
    # reviewing documents of its own is no answer to anything said
    assert ("Officials", "no_comment") not in _stances(
        analyse_text,
        "Researchers said hundreds of new lakes had formed below the glaciers. Officials said they "
        "were reviewing flood assessments for villages in the valley.",
    )


def test_an_accusation_a_party_reports_is_its_claim_once(analyse_text) -> None:
    analysis = analyse_text(
        "Hungarian prosecutors said on Monday they had charged the mayor of Szeged with taking "
        "bribes. The mayor denied the charges."
    )
    claims = [claim for claim in analysis.claims if claim.stance == "claim"]
    assert len(claims) == 1 and claims[0].party == "Hungarian prosecutors"


def test_a_definite_description_that_says_more_is_a_party_of_its_own(analyse_text) -> None:
    analysis = analyse_text(
        "An aid agency said on Tuesday that 30,000 people had fled fighting near Bunia. "
        "The United Nations refugee agency confirmed the figure."
    )
    confirmation = next(claim for claim in analysis.claims if claim.stance == "confirmation")
    assert confirmation.party == "United Nations refugee agency"


def test_a_closing_attribution_the_parse_joined_as_a_second_verb_is_still_a_claim(analyse_text) -> None:
    analysis = analyse_text(
        "Nova Scotia will spend C$90 million on new ferries to Cape Breton Island, the province's "
        "transport minister said in Halifax on Tuesday."
    )
    parties = [claim.party for claim in analysis.claims if claim.stance == "claim"]
    assert parties and "transport minister" in (parties[0] or "")


def test_a_speaker_the_parse_hung_as_another_name_of_the_noun_before_is_the_speaker(analyse_text) -> None:
    analysis = analyse_text(
        "A tannery in Zambia's Central province has been pouring dye waste into the Luangwa River, a "
        "local conservation group, Rivers Alive, said on Monday."
    )
    parties = [claim.party for claim in analysis.claims if claim.stance == "claim"]
    assert parties == ["Rivers Alive"]


def test_the_review_s_passages_keep_their_parties_stances_and_links(analyse_text) -> None:
    # a person's title names no one else: "a spokesman for the miners' union" is not Tom Reid
    analysis = analyse_text(
        "Halden Copper spokesman Tom Reid said the mine had met every safety standard. A spokesman "
        "for the miners' union denied that, saying three workers had been hurt in May."
    )
    denial = next(claim for claim in analysis.claims if claim.stance == "denial")
    assert denial.contradicts is not None
    # one body worded two ways does not answer itself
    analysis = analyse_text(
        "Police in Kenya said 14 people had been arrested after the protest in Nakuru. Kenyan "
        "police later denied that any protesters had been shot."
    )
    assert all(claim.contradicts is None for claim in analysis.claims)
    # an examination done, with its finding, is no refusal to answer
    analysis = analyse_text(
        "The union said on Monday that 4,000 nurses had quit the health service. The health "
        "ministry said it had reviewed the union's figures and found them to be accurate."
    )
    assert all(claim.stance != "no_comment" for claim in analysis.claims)
    # a territory disputed is no statement denied
    analysis = analyse_text("India and China have long disputed the Aksai Chin region, which both claim.")
    assert all(claim.stance != "denial" for claim in analysis.claims)
    # "the warning" is the engineers', not a warning inside a relative clause about the council
    analysis = analyse_text(
        "The council, which warned residents about flooding in 2019, said repairs to the dam would "
        "start in May. Engineers said the dam could fail within a year. The water board dismissed "
        "the warning."
    )
    _, answered = _party_and_answer(analysis, "denial")
    assert answered == "Engineers"


def test_a_participle_inside_a_reported_statement_is_its_speaker_s(analyse_text) -> None:
    analysis = analyse_text(
        "The ombudsman said it had found no sign of bias, rejecting a complaint by the opposition "
        "Farmers' League."
    )
    assert [claim.party for claim in analysis.claims] == ["ombudsman"]


@pytest.mark.parametrize(
    "text",
    [
        # the answer names what it is asked about by a noun of the claim's verb
        "Customs officers said on Monday that they had seized two tonnes of ivory at the port. "
        "A conservation group said it had warned for years that the port was used by smugglers. "
        "The shipping line could not be reached for comment on the seizure.",
        "Drivers said their lorries had been delayed for three days at the border. "
        "The transport ministry said a new scanner would be installed next year. "
        "Customs officials declined to comment on the delays.",
    ],
)
def test_an_answer_on_a_noun_of_the_claim_s_verb_answers_that_claim(analyse_text, text: str) -> None:
    analysis = analyse_text(text)
    answer = next(claim for claim in analysis.claims if claim.stance == "no_comment")
    assert answer.contradicts == 0


def test_a_name_the_article_calls_a_company_is_what_it_stands_for(analyse_text) -> None:
    # (the model may take "Kessick" for a person; the article titles it a company, so "It" is it)
    analysis = analyse_text(
        "Cleaners claimed that the logistics company Kessick had cut their hours without notice. "
        "Kessick replied on Friday. It denied cutting anyone's hours."
    )
    assert _party_and_answer(analysis, "denial") == ("Kessick", "Cleaners")


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("Cleaners said the logistics company Kessick had cut their hours.", "Kessick", "ORG"),
        # a person may be titled by what they run: still a person
        ("The bakery owner Edwin Carr said the ovens had failed twice.", "Edwin Carr", "PERSON"),
    ],
)
def test_a_title_says_a_body_s_name_from_a_person_s(analyse_text, text: str, name: str, label: str) -> None:
    labels = {entity.name: entity.label for entity in analyse_text(text).entities}
    assert labels.get(name) == label


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Players accused the club of withholding wages. "
            "He joined the club Sione Tupou captained in 2019. "
            "Tupou said the wages had been paid.",
            "Sione Tupou",
        ),
        (
            "A planning officer told the council Peter Hallam had approved the car park. "
            "Peter Hallam, the head of planning, denied it.",
            "Peter Hallam",
        ),
    ],
)
def test_a_body_noun_of_another_clause_titles_no_name(analyse_text, text: str, name: str) -> None:
    labels = {entity.name: entity.label for entity in analyse_text(text).entities}
    assert labels.get(name) == "PERSON"


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        (
            "Campaigners said the gas plant at Holm Point had leaked fuel into the estuary. "
            "Traders said the harbour plan would close the fish market. "
            "The county council declined to comment on the plan.",
            1,
        ),
        (
            "Stallholders said the covered market would close for a year. "
            "Students said their exam marks had been lowered. "
            "The education ministry declined to comment on the marks.",
            1,
        ),
    ],
)
def test_a_word_itself_outweighs_a_word_made_of_it(analyse_text, text: str, answered: int) -> None:
    answer = next(claim for claim in analyse_text(text).claims if claim.stance == "no_comment")
    assert answer.contradicts == answered


def test_an_adding_after_a_statement_that_denies_carries_the_denial_on(analyse_text) -> None:
    analysis = analyse_text(
        "Rangers said on Friday that a surf school had built a shed on protected dunes. "
        "The school's owner, Mara Quist, said the claim had no basis, adding that the shed stood on "
        "land the school had rented since 2011."
    )
    assert [claim.stance for claim in analysis.claims] == ["claim", "denial"]


@pytest.mark.parametrize(
    ("text", "accuser"),
    [
        # a passive accusation is its agent's, not the accused's
        (
            "A haulage firm was accused on Monday by a drivers' union of cutting rest breaks. "
            "The firm denied it.",
            "a drivers' union",
        ),
        ("The coach has been accused of bullying players. He denied it.", None),
    ],
)
def test_a_passive_accusation_is_made_by_its_agent(analyse_text, text: str, accuser: str | None) -> None:
    claims = analyse_text(text).claims
    assert claims[0].stance == "claim" and claims[0].party == accuser
    assert claims[1].stance == "denial" and claims[1].contradicts == 0


def test_a_denial_set_against_an_admission_by_but_is_a_denial(analyse_text) -> None:
    analysis = analyse_text(
        "Auditors alleged that a hospital buyer, Tomas Reyes, had steered orders to his cousin's firm. "
        "Reyes admitted on Monday that he had not declared the link, but denied receiving any money."
    )
    assert [(claim.stance, claim.contradicts) for claim in analysis.claims][-1] == ("denial", 0)


def test_what_is_dismissed_as_untrue_is_denied_by_whoever_dismissed_it_on_whatever_day(analyse_text) -> None:
    claims = analyse_text(
        'The governor on Tuesday dismissed as "pure fiction" a report that the state had sold its '
        "water rights to a bottling firm."
    ).claims
    assert [(claim.party, claim.stance) for claim in claims if claim.stance == "denial"] == [
        ("governor", "denial")
    ]


def test_a_body_that_says_it_does_not_discuss_such_things_has_not_answered(analyse_text) -> None:
    assert ("Harwick Bank", "no_comment") in _stances(
        analyse_text,
        "Two traders at Harwick Bank were suspended last week, a financial newsletter reported. "
        "Harwick Bank said it does not discuss staff matters.",
    )
    # what someone says others did not discuss is a statement of its own
    assert _stances(
        analyse_text, "The ministry said the two leaders did not discuss trade at the summit."
    ) == [("ministry", "claim")]


def test_a_fact_put_forward_as_a_thing_is_a_claim_but_not_one_withheld_or_to_come(analyse_text) -> None:
    assert _stances(
        analyse_text, "Shares in Corvel Air fell after the carrier reported its first annual loss since 2009."
    ) == [("carrier", "claim")]
    assert _stances(
        analyse_text, "Fishing crews in Mallaig reported smaller catches of herring this spring."
    ) == [("Fishing crews in Mallaig", "claim")]
    assert _stances(analyse_text, "The club did not announce a date for the stadium's reopening.") == []
    assert _stances(analyse_text, "Inspectors will report their findings to the council in March.") == []


def test_insisting_that_none_of_them_was_involved_is_a_denial(analyse_text) -> None:
    claims = analyse_text(
        "The driver's family said he was run off the road by a police car. Officers at the scene "
        "insisted that none of their vehicles had been involved."
    ).claims
    assert [(claim.party, claim.stance, claim.contradicts) for claim in claims] == [
        ("driver's family", "claim", None),
        ("Officers at the scene", "denial", 0),
    ]


def test_one_verb_gives_one_answer_and_telling_reporters_carries_it_on(analyse_text) -> None:
    claims = analyse_text(
        "Campaigners said the new port would flood the wetland. The harbour board's chairman, Ruth "
        'Okello, dismissed the report as a "fabrication by rivals", telling reporters the port would '
        "stand on land already drained."
    ).claims
    assert [(claim.party, claim.stance) for claim in claims] == [
        ("Campaigners", "claim"),
        ("Ruth Okello", "denial"),
    ]


def test_an_aside_crediting_another_with_what_is_confirmed_is_that_one_s_claim(analyse_text) -> None:
    claims = analyse_text(
        "Organisers of the Coastal Cycle Classic confirmed on Monday that the race would finish in "
        "Bunbury rather than Mandurah, as a local radio station had reported last week."
    ).claims
    assert [(claim.party, claim.stance, claim.contradicts) for claim in claims] == [
        ("a local radio station", "claim", None),
        ("Organisers of the Coastal Cycle Classic", "confirmation", 0),
    ]
    claims = analyse_text(
        "The health ministry confirmed on Monday that nine people had died after drinking tainted "
        "gin, a day after state television reported the deaths."
    ).claims
    assert ("state television", "claim") in [(claim.party, claim.stance) for claim in claims]
    # (beside a verb of saying, an "as" clause gives a reason)
    claims = analyse_text(
        "Wheat prices fell for a third week, a traders' association said, as bigger harvests in "
        "Kansas added to supply."
    ).claims
    assert [(claim.party, claim.stance) for claim in claims] == [("a traders' association", "claim")]


def test_would_not_say_whether_is_a_no_comment_however_the_parse_hangs_whether(analyse_text) -> None:
    claims = analyse_text(
        "The minister would not say whether the cost, put at $190 million when work began, had risen."
    ).claims
    assert [(claim.party, claim.stance) for claim in claims] == [("minister", "no_comment")]


def test_blaming_something_on_someone_is_a_claim(analyse_text) -> None:
    claims = analyse_text(
        "The state electricity company blamed the outages on sabotage at a substation."
    ).claims
    assert [(claim.party, claim.stance) for claim in claims] == [("state electricity company", "claim")]


def test_a_party_that_did_not_return_calls_has_not_answered(analyse_text) -> None:
    claims = analyse_text(
        "Residents said the landfill had been burning for a week. The operator, Ridgeline Waste, did "
        "not return calls seeking comment."
    ).claims
    assert [(claim.party, claim.stance, claim.contradicts) for claim in claims] == [
        ("Residents", "claim", None),
        ("Ridgeline Waste", "no_comment", 0),
    ]
    assert analyse_text("He returned the call on Friday. Officials did not return the money.").claims == []


def test_he_after_a_spokesman_is_the_spokesman(analyse_text) -> None:
    claims = analyse_text(
        "Activists said the error had been reported in July. A spokesman for the electoral board "
        'denied that the board had been warned. "We learned of it on Tuesday," he said.'
    ).claims
    assert [claim.party for claim in claims][-1] == "A spokesman"


def test_what_a_review_of_the_new_readings_found_they_must_not_do(analyse_text) -> None:
    # "as" and "after" clauses that credit no one with anything
    assert _stances(analyse_text, "The girl's mother wept as she testified.") == []
    assert _stances(analyse_text, "He collapsed an hour after he reported for duty.") == []
    assert (
        _stances(analyse_text, "The recall covered 20,000 vehicles, not 2,000 as the company first said.")
        == []
    )
    # announcing or revealing a thing asserts nothing to answer
    assert _stances(analyse_text, "The minister announced his resignation on Friday.") == []
    assert _stances(analyse_text, "The mayor revealed a plaque at the new library.") == []
    # an invention is no lie
    assert _stances(analyse_text, "The inventor called it the most important invention of the century.") == []
    # a complaint about calls not returned is the complainants' claim
    assert _stances(
        analyse_text,
        "The airline did not return calls from stranded passengers for three days, travellers said.",
    ) == [("travellers", "claim")]
    # a factual denial of a discussion is a statement, not a refusal to comment
    assert _stances(analyse_text, "The company said it did not discuss pricing with competitors.") == [
        ("company", "claim")
    ]
    # a short claim answered in a relative clause keeps its party
    claims = analyse_text("Officials said ten people died, a toll local doctors disputed.").claims
    assert [(claim.party, claim.stance, claim.contradicts) for claim in claims] == [
        ("Officials", "claim", None),
        ("local doctors", "denial", 0),
    ]


def test_he_is_a_role_that_spoke_and_of_his_sex_else_the_named_speaker(analyse_text) -> None:
    claims = analyse_text(
        "Tom Baines, who runs the bakery, said trade had halved. A driver crashed into the shop window "
        'last week. "It will take months to fix," he said.'
    ).claims
    assert [claim.party for claim in claims] == ["Tom Baines", "Tom Baines"]
    claims = analyse_text(
        'A spokesman for the council denied the claims. "Nobody was evicted," she said.'
    ).claims
    assert claims[-1].party != "A spokesman"


def test_an_accusation_holds_what_the_accused_did_after_a_time_the_parse_hangs_between(analyse_text) -> None:
    analysis = analyse_text(
        "Fishermen on the shore of a lagoon near Lomé accused a phosphate plant on Thursday of "
        "dumping waste into the water."
    )
    [claim] = analysis.claims
    assert claim.stance == "claim" and claim.text.endswith("of dumping waste into the water")


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        (
            "Health inspectors said on Monday that a salmonella outbreak had sickened 40 people in Tema. "
            "Parents blamed the school canteen, saying its kitchen had failed an inspection in May.\n\n"
            "The district's health director said the outbreak had been traced to meat pies sold at a "
            "roadside kiosk. Teachers said classes would resume on Thursday.\n\n"
            "The kiosk's owner could not be reached for comment.",
            "district's health director",
        ),
        (
            "Fishermen on the shore of a lagoon near Lomé accused a phosphate plant on Thursday of "
            "dumping waste into the water. Port officials said the harbour would stay open. The "
            "plant's management did not respond to questions.",
            "Fishermen on the shore of a lagoon near Lomé",
        ),
        (
            # (where two statements speak of it, what it is of says nothing: the dispute's claim)
            "A new gold price record was set on Tuesday, dealers said. Villagers said a gold mine had "
            "poisoned their river with cyanide.\n\nThe gold mine's owner could not be reached for comment.",
            "Villagers",
        ),
    ],
)
def test_a_party_asked_for_comment_is_asked_about_what_speaks_of_what_it_is_of(
    analyse_text, text: str, answered: str
) -> None:
    assert _party_and_answer(analyse_text(text), "no_comment")[1] == answered


def test_a_role_ends_at_its_preposition() -> None:
    from newsbite.understand.parties import PartyReader, stem

    parties = PartyReader()
    assert parties("Landowners near a gold mine").head == stem("landowners")
    assert not parties("Landowners near a gold mine").speaks_for(parties("the mining department"))


def test_a_participle_s_object_is_not_its_speaker(analyse_text) -> None:
    # (", rejecting her appeal ..." is the tribunal's act: "said Jane Doe" inverts a finite verb only)
    analysis = analyse_text(
        "The sports tribunal in Geneva upheld a two-year ban on the cyclist Marta Ilves on Monday, "
        "rejecting her appeal that a tainted supplement had caused the positive test."
    )
    parties = [claim.party or "" for claim in analysis.claims]
    assert parties and all("appeal" not in party for party in parties)
    assert any(party.startswith("sports tribunal") for party in parties)


def test_a_statement_named_with_the_participle_that_answers_it_is_answered_by_its_agent(analyse_text) -> None:
    # "a finding rejected by X", "a figure confirmed by Y": the passive participle after the
    # statement noun is the answer, its agent the party
    analysis = analyse_text(
        "Inspectors said the ferry had left port with a faulty ramp, a finding rejected by its owner, "
        "Solway Lines. The harbour board said 300 cars had been delayed, a figure confirmed by the "
        "town's mayor."
    )
    assert _party_and_answer(analysis, "denial") == ("Solway Lines", "Inspectors")
    assert _party_and_answer(analysis, "confirmation") == ("town's mayor", "harbour board")


def test_a_claim_according_to_a_document_is_its_issuer_s(analyse_text) -> None:
    # the filing is the shipbuilder's, the statement the ministry's: a document is no party
    stances = _stances(
        analyse_text,
        "A shipbuilder in Ulsan has won a $1.4 billion order for six gas carriers, according to its "
        "filing with the stock exchange in Seoul.\n\n"
        "Exports of ships rose 12% in March, according to the trade ministry's monthly report. Steel "
        "imports fell, according to a statement from the customs service.",
    )
    parties = [party for party, _ in stances]
    assert any(party is not None and "shipbuilder" in party for party in parties), parties
    assert "trade ministry" in parties and "customs service" in parties, parties


def test_an_answer_that_reports_what_it_answers_gives_that_claim_to_its_maker(analyse_text) -> None:
    # "disputed a report by X that ...", "rejecting her argument that ...": the statement answered
    # is reported only inside its answer, and is its maker's claim
    analysis = analyse_text(
        "The health ministry disputed a report by an opposition radio station that vaccine stocks had "
        "run out in Kutaisi, saying fresh deliveries had arrived on Thursday.\n\n"
        "A tribunal upheld a ban on the runner Faith Moraa on Friday, rejecting her argument that a "
        "banned steroid had entered her system through contaminated meat."
    )
    claims = [(claim.party, claim.stance) for claim in analysis.claims]
    assert ("an opposition radio station", "claim") in claims, claims
    assert ("Faith Moraa", "claim") in claims, claims
    answered = [
        analysis.claims[answer.contradicts].party if answer.contradicts is not None else None
        for answer in analysis.claims
        if answer.stance == "denial"
    ]
    assert answered == ["an opposition radio station", "Faith Moraa"], answered


def test_a_statement_that_set_off_what_another_reports_is_its_own_speaker_s(analyse_text) -> None:
    # "had banned a coach after three athletes said ...": the athletes' claim, which the coach's
    # denial answers, not a part of the federation's
    analysis = analyse_text(
        "The federation said on Thursday it had banned a running coach for four years after three "
        "young athletes said he had pressured them to use asthma inhalers before races. The coach, "
        "Derek Hume, denied the allegations."
    )
    assert _party_and_answer(analysis, "denial") == ("Derek Hume", "three young athletes")


def test_what_a_review_found_the_session_s_rules_misreading_is_read_as_before(analyse_text) -> None:
    # a participle of dismissal that is no answer; a time or a place is no document's maker; an
    # argument is never its rejecter's own; what set off a firing is no denial
    cases = {
        "Charges dismissed by a judge in March were refiled on Monday, prosecutors said.": ("denial", None),
        "Unemployment rose to 7%, according to Tuesday's report from the statistics office.": (
            "claim",
            "statistics office",
        ),
        "Shelling hit the town overnight, according to a report from the scene.": (
            "claim",
            "a report from the scene",
        ),
        "The singer earned $4 million last year, according to his Instagram post.": (
            "claim",
            "his Instagram post",
        ),
        "The board fired the chief executive after she said the accounts were false.": ("denial", None),
    }
    for text, (stance, party) in cases.items():
        found = [claim.party for claim in analyse_text(text).claims if claim.stance == stance]
        assert found == ([party] if party else []), (text, found)
    claims = _stances(analyse_text, "The judge rejected his argument that the search was illegal.")
    assert claims == [("judge", "denial")], claims


def test_a_closing_cue_the_parse_gave_no_clause_still_reports_the_sentence_before_it(analyse_text) -> None:
    # the parse reads "faced" as a modifier and hangs the whole sentence off "said"
    text = (
        "Residents of Kothrud and Hadapsar in Pune faced water cuts for a fourth day on Sunday after a "
        "pipeline from the Khadakwasla dam burst, city officials said."
    )
    claims = analyse_text(text).claims
    assert [(claim.party, claim.stance) for claim in claims] == [("city officials", "claim")]
    assert claims[0].text.startswith("Residents of Kothrud") and claims[0].text.endswith("dam burst")
    # a cue with its own clause is read as before
    stated = _stances(analyse_text, "Officials said on Sunday that the dam had burst.")
    assert stated == [("Officials", "claim")]


def test_a_statement_set_against_another_with_while_is_its_own_speaker_s(analyse_text) -> None:
    claims = analyse_text(
        "The hospital said night shifts would be cut, while nurses said they would strike in March."
    ).claims
    assert [(claim.party, claim.text) for claim in claims] == [
        ("hospital", "night shifts would be cut"),
        ("nurses", "they would strike in March"),
    ]
