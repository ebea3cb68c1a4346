"""Pathological markup is trimmed or refused before the HTML parser sees it (issue 18)."""

from __future__ import annotations

import pytest

from newsbite.clean import clean_document
from newsbite.clean.markup import MAX_ATTRIBUTES_PER_TAG, MAX_ELEMENTS, MAX_TEXT_CHARS, bounded_markup
from newsbite.errors import ExtractionError
from newsbite.model import Document, DocumentKind

BODY = (
    "<h1>Council votes to rebuild the old harbour pier</h1>"
    "<p>The council voted on Tuesday to rebuild the harbour pier, which storms damaged last winter.</p>"
    "<p>Work is expected to start in the spring and to take about two years, officials said.</p>"
)


def page_with_attributes(count: int) -> str:
    attributes = " ".join(f'data-a{number}="x"' for number in range(count))
    return f"<html><head><title>Pier</title></head><body><article {attributes}>{BODY}</article></body></html>"


def test_a_tag_with_eighty_thousand_attributes_is_cut_to_the_limit_and_the_article_kept() -> None:
    page = page_with_attributes(80_000)
    trimmed = bounded_markup(page, "bomb.html")
    assert len(trimmed) < len(page) / 50
    assert trimmed.count("data-a") == MAX_ATTRIBUTES_PER_TAG
    assert (
        f'data-a{MAX_ATTRIBUTES_PER_TAG - 1}="x"' in trimmed
        and f"data-a{MAX_ATTRIBUTES_PER_TAG}=" not in trimmed
    )
    article = clean_document(Document(origin="bomb.html", kind=DocumentKind.HTML, content=page))
    assert article.headline == "Council votes to rebuild the old harbour pier"
    assert any("rebuild the harbour pier" in paragraph for paragraph in article.paragraphs)


def test_ordinary_pages_pass_unchanged() -> None:
    page = page_with_attributes(40) + "<p title='a > b'>x</p><!-- <a b c> -->" + "<" * 3
    assert bounded_markup(page, "page.html") is page


def test_a_page_of_too_many_elements_is_refused_naming_it() -> None:
    page = "<html><body><p>" + "<b>x</b>" * (MAX_ELEMENTS + 1) + "</p></body></html>"
    with pytest.raises(ExtractionError) as raised:
        clean_document(Document(origin="tags.html", kind=DocumentKind.HTML, content=page))
    assert "tags.html" in str(raised.value)
    assert "100,00" in str(raised.value) and "elements" in str(raised.value)


def test_many_angle_brackets_that_are_not_elements_are_not_counted() -> None:
    page = "<html><body><p>" + "1 < 2 " * (MAX_ELEMENTS + 10) + "</p></body></html>"
    assert bounded_markup(page, "maths.html") is page


def test_a_page_of_more_text_than_any_article_is_refused_before_parsing() -> None:
    paragraph = "<p>The council voted on Tuesday to rebuild the harbour pier, officials said.</p>"
    page = "<html><body>" + paragraph * (MAX_TEXT_CHARS // 70 + 10) + "</body></html>"
    with pytest.raises(ExtractionError) as raised:
        bounded_markup(page, "long.html")
    assert "characters of text, more than the 2,000,000" in str(raised.value)


def test_scripts_and_styles_are_not_counted_as_text() -> None:
    script = "<script>var state = " + "1," * MAX_TEXT_CHARS + "0;</script><STYLE>p{}</STYLE>"
    page = f"<html><head>{script}</head><body>{BODY}</body></html>"
    assert bounded_markup(page, "app.html") is page


def test_code_in_a_script_is_not_taken_for_a_crowded_tag() -> None:
    # `i<n` opens what looks like a tag, and a JSON array then gives it "attributes" by the thousand.
    words = ", ".join(f'"word{number}"' for number in range(3 * MAX_ATTRIBUTES_PER_TAG))
    script = f"<script>for (i=0;i<n;i++) {{}} var words = [{words}];</script>"
    page = f"<html><head>{script}<!-- <a {' b' * 3000}> --></head><body>{BODY}</body></html>"
    assert bounded_markup(page, "app.html") is page
    article = clean_document(Document(origin="app.html", kind=DocumentKind.HTML, content=page))
    assert any("rebuild the harbour pier" in paragraph for paragraph in article.paragraphs)
