"""readability's choice of text is the same with NewsBite's cleaner as with its own."""

from __future__ import annotations

from pathlib import Path

import pytest
import readability.readability as readability_module
from lxml import etree
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from newsbite.clean import extract as extract_module
from newsbite.clean import readability_blocks as blocks_module
from newsbite.clean.blocks import Block
from newsbite.clean.extract import _DATE_PARAMS, _metadata, _trafilatura, extract_page
from newsbite.clean.readability_blocks import parse_page, readability_blocks

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(
    [
        *(ROOT / "src" / "newsbite" / "samples" / "html").glob("*.html"),
        *(ROOT / "tests" / "fixtures").glob("**/*.html"),
    ]
)
SCRIPTED = """<html><head><script>var x = "<p>not text</p>";</script></head><body>
<nav><a href="javascript:void(0)" onclick="go()">Menu</a></nav>
<article><h1>Storm closes port</h1>
<p onmouseover="track()">The port of Gladstone was closed on Tuesday as a cyclone approached the
coast, the harbour master said, and ships were told to leave the anchorage by nightfall.</p>
<p>Crews secured cranes and containers, and about 40 workers stayed on site overnight, a union
official said. <a href="javascript:share()">Share</a> <a href="/more">More</a></p></article>
</body></html>"""


def _blocks(html: str) -> list[tuple[str, bool]]:
    tree = parse_page(html)
    assert tree is not None
    return [(block.text, block.is_heading) for block in readability_blocks(tree)]


@pytest.mark.parametrize("html", [SCRIPTED, *(path.read_text("utf-8", errors="replace") for path in PAGES)])
def test_the_text_is_that_of_readabilitys_own_cleaner(html, monkeypatch):
    ours = _blocks(html)
    stock = blocks_module._text_cleaner(readability_module.html_cleaner)
    stock.javascript = True
    monkeypatch.setattr(readability_module, "html_cleaner", stock)
    assert _blocks(html) == ours


def test_the_cleaner_keeps_readabilitys_settings_but_link_rewriting():
    cleaner = readability_module.html_cleaner
    assert cleaner.javascript is False
    assert cleaner.scripts and cleaner.style and cleaner.comments and cleaner.links
    assert _blocks(SCRIPTED)  # the article is found
    assert not any("not text" in text for text, _ in _blocks(SCRIPTED))  # scripts still go


CHROME = """<html><body>
<header><p>Sign up for the Harbour Daily newsletter and never miss a story from the coast.</p></header>
<nav><p>Home, News, Sport, Weather, Business, Opinion, Lifestyle and all our other sections.</p></nav>
<main><article>
<header><h1>Storm closes port</h1><p class="standfirst">Ships were told to leave the anchorage as a
cyclone approached the coast, the harbour master said on Tuesday afternoon.</p></header>
<p>The port of Gladstone was closed on Tuesday as a cyclone approached the coast, the harbour
master said, and ships were told to leave the anchorage by nightfall on Tuesday.</p>
<aside><p>Read more: how cyclones are named, and why this season's list ran out of names early.</p></aside>
<p>Crews secured cranes and containers, and about 40 workers stayed on site overnight, a union
official said, adding that no one had been hurt and the terminal would reopen on Thursday.</p>
</article></main>
<footer><p>Copyright Harbour Daily. All rights reserved, and every word of it is ours to keep.</p></footer>
</body></html>"""


def test_readability_is_not_shown_the_pages_navigation_side_content_header_and_footer():
    texts = " ".join(text for text, _ in _blocks(CHROME))
    assert "The port of Gladstone was closed" in texts
    for chrome in ("newsletter", "Home, News", "Read more", "Copyright"):
        assert chrome not in texts


def test_an_articles_own_header_stays_for_readability_to_weigh():
    tree = parse_page(CHROME)
    assert tree is not None
    blocks_module._drop_page_chrome(tree)
    kept = tree.xpath("string(//article)")
    assert "Storm closes port" in kept and "Ships were told" in kept
    assert "Read more" not in kept


def test_trafilatura_and_the_metadata_readers_leave_the_parse_they_are_given_for_readability():
    for page in (CHROME, SCRIPTED, *(path.read_text("utf-8", errors="replace") for path in PAGES[:5])):
        tree = load_html(page)
        assert tree is not None
        before = etree.tostring(tree)
        _trafilatura(tree, None)
        _metadata(tree, None)
        assert etree.tostring(tree) == before


def test_the_metadata_read_is_trafilaturas_for_the_fields_an_article_keeps():
    for path in PAGES:
        tree = load_html(path.read_text("utf-8", errors="replace"))
        theirs = extract_metadata(tree, None, dict(_DATE_PARAMS))
        assert _metadata(tree, None) == {field: getattr(theirs, field) for field in _metadata(tree, None)}


def test_a_fragment_trafilatura_will_not_parse_is_still_read():
    fragment = (
        "<p>The port of Gladstone was closed on Tuesday as a cyclone approached the coast, the harbour"
        " master said, and ships were told to leave the anchorage by nightfall.</p>"
    )
    assert [block.text for block in extract_page(fragment, None).blocks] == [
        "The port of Gladstone was closed on Tuesday as a cyclone approached the coast, the harbour"
        " master said, and ships were told to leave the anchorage by nightfall."
    ]


def test_the_quick_port_finds_the_article_of_a_plain_page():
    tree = load_html(CHROME)
    texts = " ".join(block.text for block in blocks_module.quick_readability_blocks(tree))
    assert "The port of Gladstone was closed" in texts and "Crews secured cranes" in texts
    assert "Read more" not in texts and "newsletter" not in texts


MAIN_TEXT = "The port of Gladstone was closed on Tuesday as a cyclone approached the coast, officials said."


@pytest.mark.parametrize(
    ("quick_text", "asks_readability_lxml"),
    [
        (MAIN_TEXT, False),  # the port holds trafilatura's text: its opinion is taken
        # the port picked something else: readability-lxml is asked
        ("Subscribe to our newsletter for the best of the week delivered to your inbox every day.", True),
    ],
)
def test_readability_lxml_is_asked_only_where_the_quick_port_disagrees(
    quick_text, asks_readability_lxml, monkeypatch
):
    asked: list[bool] = []

    def readability_lxml(tree):
        asked.append(True)
        return []

    monkeypatch.setattr(extract_module, "trafilatura_blocks", lambda body: [Block(MAIN_TEXT)])
    monkeypatch.setattr(extract_module, "quick_readability_blocks", lambda tree: [Block(quick_text)])
    monkeypatch.setattr(extract_module, "readability_blocks", readability_lxml)
    extract_page(f"<html><body><article><p>{MAIN_TEXT}</p></article></body></html>", None)
    assert bool(asked) is asks_readability_lxml
