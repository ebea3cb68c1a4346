"""Line normalisation and near-copy comparison give the same answers however they are reached."""

from __future__ import annotations

import random
from collections import Counter

from newsbite.clean import normalize
from newsbite.clean.blocks import SAME_TEXT_RATIO, comparable, same_text
from newsbite.clean.html import article_from_html
from newsbite.model import Document, DocumentKind

MOJIBAKE = "The minister\u00e2\u20ac\u2122s office said\u00c2\u00a0it would \r\n reply   on Monday."
FIXED = "The minister’s office said it would reply on Monday."


def test_a_line_is_normalised_alike_the_first_time_a_second_time_and_when_long():
    assert normalize.normalize_line(MOJIBAKE) == FIXED
    assert normalize.normalize_line(MOJIBAKE) == FIXED  # remembered
    long_text = " ".join([MOJIBAKE] * 200)  # over what is remembered
    assert len(long_text) > normalize._REMEMBERED_CHARS
    assert normalize.normalize_line(long_text) == " ".join([FIXED] * 200)


def test_a_page_leaves_no_remembered_lines_behind():
    page = "<html><body><article><p>" + FIXED * 3 + "</p></article></body></html>"
    article_from_html(Document("page", DocumentKind.HTML, page))
    assert normalize._remembered_line.cache_info().currsize == 0


def _dice_same_text(a: str, b: str) -> bool:
    """The definition same_text implements, without its shortcuts."""
    left, right = comparable(a).split(), comparable(b).split()
    if not left or not right:
        return False
    shared = sum((Counter(left) & Counter(right)).values())
    return left == right or 2 * shared / (len(left) + len(right)) >= SAME_TEXT_RATIO


def test_same_text_answers_as_its_definition_does_for_texts_of_every_length():
    words = "storm port closed ships crews the a of harbour master said Tuesday".split()
    chooser = random.Random(23)
    for _ in range(3000):
        left = " ".join(chooser.choices(words, k=chooser.randint(0, 25)))
        right = left if chooser.random() < 0.3 else " ".join(chooser.choices(words, k=chooser.randint(0, 25)))
        if chooser.random() < 0.5:  # near-copies: a word dropped or added, case changed
            right = f"{right} said".upper() if chooser.random() < 0.5 else right.rsplit(" ", 1)[0]
        assert same_text(left, right) == _dice_same_text(left, right), (left, right)


def test_agreement_is_the_share_of_the_main_text_the_other_holds():
    from newsbite.clean.blocks import Block
    from newsbite.clean.fusion import SecondOpinion

    def agreement(main, other):  # type: ignore[no-untyped-def]
        return SecondOpinion(main, other).agreement()

    body = [
        Block("The port was closed on Tuesday as a cyclone neared."),
        Block("Crews tied down the cranes overnight."),
    ]
    assert agreement(body, body) == 1.0
    assert agreement(body, [Block("Sign up for our newsletter and get the week's best stories free.")]) == 0.0
    assert 0.3 < agreement(body, body[:1]) < 0.7
    assert agreement([], body) == agreement(body, []) == 0.0
