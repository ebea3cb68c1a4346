from newsbite.model import Quote


def _by_text(quotes: list[Quote], fragment: str) -> Quote:
    matches = [quote for quote in quotes if fragment in quote.text]
    assert matches, f"no quote with {fragment!r} in {[q.text for q in quotes]}"
    return matches[0]


def test_a_quote_split_by_it_said_is_the_organisation_last_named(analyse_text) -> None:
    analysis = analyse_text(
        "Earlier on Friday, Chile's transport ministry posted a photograph of the collapsed bridge.\n\n"
        '"This bridge carried ten thousand trucks a day," it said. "Rebuilding it will take two years."'
    )
    first = _by_text(analysis.quotes, "ten thousand trucks")
    second = _by_text(analysis.quotes, "two years")
    assert first.kind == second.kind == "direct"
    assert first.speaker == second.speaker == "Chile's transport ministry"
    assert first.attribution == second.attribution
    assert first.speaker_mention == "it"
    assert analysis.text[first.speaker_start : first.speaker_end] == "it"


def test_offsets_point_into_the_analysed_text(analyse_text) -> None:
    analysis = analyse_text(
        'Mayor Ana Ruiz said the water was safe to drink. "We test it every hour," Ruiz told reporters.'
    )
    assert analysis.quotes
    for quote in analysis.quotes:
        assert analysis.text[quote.start : quote.end] == quote.text


def test_surname_and_pronoun_resolve_to_the_full_name(analyse_text) -> None:
    analysis = analyse_text(
        "Port director Marta Oliveira met the striking dockers on Monday.\n\n"
        '"Nobody wants a long strike," Oliveira said.\n\n'
        "She added that talks would resume on Wednesday."
    )
    direct = _by_text(analysis.quotes, "long strike")
    assert direct.speaker == "Marta Oliveira"
    reported = _by_text(analysis.quotes, "talks would resume")
    assert reported.kind == "indirect"
    assert reported.speaker == "Marta Oliveira"
    assert reported.speaker_mention == "She"


def test_indirect_speech_and_according_to_are_attributed(analyse_text) -> None:
    analysis = analyse_text(
        "The government said on Tuesday that the reservoir had fallen to a record low.\n\n"
        "Rationing will begin next month, according to the water utility."
    )
    said = _by_text(analysis.quotes, "reservoir had fallen")
    assert (said.kind, said.speaker) == ("indirect", "government")
    according = _by_text(analysis.quotes, "Rationing will begin")
    assert according.speaker == "water utility"


def test_a_quoted_fragment_inside_reported_speech_makes_it_mixed(analyse_text) -> None:
    analysis = analyse_text('The union said the offer was "an insult to every worker" and rejected it.')
    quote = _by_text(analysis.quotes, "an insult")
    assert quote.kind == "mixed"
    assert quote.text.startswith("the offer was")


def test_scare_quotes_are_partial_quotes_credited_to_the_clause_subject(analyse_text) -> None:
    analysis = analyse_text('President Laura Chen has made the rail link a "priority" since her election.')
    quote = _by_text(analysis.quotes, "priority")
    assert quote.kind == "mixed"
    assert quote.speaker == "Laura Chen"
