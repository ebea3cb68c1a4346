from newsbite.understand.marks import quoted_passages


def _texts(text: str) -> list[str]:
    return [text[p.start : p.end] for p in quoted_passages(text)]


def test_straight_and_curly_double_marks_pair_within_a_paragraph() -> None:
    text = 'He said "we will win," and she said \u201cnever\u201d.'
    assert _texts(text) == ['"we will win,"', "\u201cnever\u201d"]


def test_two_apostrophe_marks_count_as_one_double_mark() -> None:
    text = "''It may be entertaining,'' Mr. Clinton said."
    assert _texts(text) == ["''It may be entertaining,''"]


def test_a_quote_continued_into_the_next_paragraph_is_one_passage() -> None:
    text = '"The first part.\n\n"The second part," she said.'
    [passage] = quoted_passages(text)
    assert text[passage.start : passage.end] == text[: text.index(",") + 2]


def test_curly_single_marks_quote_but_apostrophes_do_not() -> None:
    text = "Officials said \u2018it\u2019s just ruins\u2019 after the town\u2019s fall."
    assert _texts(text) == ["\u2018it\u2019s just ruins\u2019"]


def test_a_quote_glued_to_the_cue_still_opens() -> None:
    text = 'Ryan said,"Look, this is wrong." Then he left.'
    assert _texts(text) == ['"Look, this is wrong."']
