"""The web reader in a real browser: what a reader does, what a phone shows, and what must never run."""

from __future__ import annotations

import json
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from playwright.sync_api import APIResponse, Page, Response, expect

from tests.browser.conftest import HOSTILE_TITLE, PHONE, LoggedPage, ReaderSite, Shoot

pytestmark = pytest.mark.slow

SEARCH_WORD = "glacial"
# Every element and attribute on the page that could run script or navigate to script.
SCRIPT_HOOKS_JS = """() => {
  const found = [];
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      if (/^on/i.test(attribute.name)) found.push(`${element.localName} ${attribute.name}`);
      if (/^\\s*(javascript|vbscript|data):/i.test(attribute.value) && attribute.name !== 'content')
        found.push(`${element.localName} ${attribute.name}=${attribute.value}`);
    }
  }
  return found;
}"""


def assert_quiet(logged: LoggedPage) -> None:
    """Nothing on the page asked for a dialog, threw, or logged an error (a CSP refusal included)."""
    assert logged.log.dialogs == []
    assert logged.log.page_errors == []
    assert logged.log.console_errors == []


def assert_csp(response: Response | APIResponse | None) -> None:
    assert response is not None
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'none'" in policy, f"{response.url} has no strict CSP: {policy!r}"


def tab_until(page: Page, selector: str, most: int = 12) -> int:
    """Press Tab until `selector` has focus; how many presses it took."""
    for presses in range(1, most + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} never took focus in {most} tabs")


def test_front_page_lists_bites(reader: ReaderSite, desktop: LoggedPage, shoot: Shoot) -> None:
    page = desktop.page
    response = page.goto(reader.url("/"))
    assert response is not None and response.ok
    bites = page.locator("li.bite")
    assert bites.count() > 0
    first = bites.first
    expect(first.locator("h2 a")).to_be_visible()
    assert first.locator("h2 a").inner_text().strip()
    expect(first.locator(".bite-text")).not_to_be_empty()
    assert_quiet(desktop)
    shoot(page, "front")


def test_search_from_the_masthead_by_keyboard(reader: ReaderSite, desktop: LoggedPage, shoot: Shoot) -> None:
    page = desktop.page
    page.goto(reader.url("/"))
    tab_until(page, "#q")
    page.keyboard.type(SEARCH_WORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/search?q={SEARCH_WORD}")
    expect(page.locator("h1")).to_contain_text(SEARCH_WORD)
    results = page.locator("li.bite")
    assert results.count() > 0
    # Full-text search matches the body, so not every result shows the word; most will.
    shown = [text.casefold() for text in results.all_inner_texts()]
    assert any(SEARCH_WORD in text for text in shown)
    # The search box keeps the query, so the reader can refine it.
    expect(page.locator("#q")).to_have_value(SEARCH_WORD)
    assert_quiet(desktop)
    shoot(page, "search")


def test_open_an_article_from_its_headline(reader: ReaderSite, desktop: LoggedPage, shoot: Shoot) -> None:
    page = desktop.page
    page.goto(reader.url("/latest"))
    link = page.locator(f'li.bite h2 a[href="/articles/{reader.rich_id}"]')
    headline = link.inner_text().strip()
    link.click()
    page.wait_for_url(f"**/articles/{reader.rich_id}")
    expect(page.locator("h1")).to_have_text(headline)
    expect(page.locator(".bite-box .bite-text")).to_be_visible()
    expect(page.locator(".bite-box .bite-text")).not_to_be_empty()
    points = page.locator(".bite-box .key-points li")
    assert points.count() > 0
    expect(points.first).to_be_visible()
    expect(page.locator("section.body p").first).to_be_visible()
    assert_quiet(desktop)
    shoot(page, "article")


def test_follow_the_original_link(reader: ReaderSite, desktop: LoggedPage) -> None:
    page = desktop.page
    page.goto(reader.url(f"/articles/{reader.ferry_id}"))
    original = page.locator("a.original-link")
    expect(original).to_be_visible()
    with page.expect_navigation() as navigation:
        original.click()
    response = navigation.value
    assert response is not None and response.ok
    assert page.url == reader.original_site + "/html/wrapped_article.html"
    expect(page.locator("h1")).to_have_text("Harbour ferry service suspended after engine fire")
    # rel="noreferrer" and Referrer-Policy: the original site is not told what the reader was reading.
    assert "referer" not in response.request.all_headers()


def test_feed_links_give_feeds(reader: ReaderSite, desktop: LoggedPage) -> None:
    page = desktop.page
    page.goto(reader.url("/"))
    with page.expect_navigation() as navigation:
        page.locator("a.feed", has_text="RSS").click()
    response = navigation.value
    assert response is not None and response.ok
    assert_csp(response)
    feed = feedparser.parse(response.body())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.entries
    # Entries link to the reader's own pages, never to a stored (maybe hostile) URL.
    assert all(entry.link.startswith(reader.url("/articles/")) for entry in feed.entries)


@pytest.mark.parametrize("path", ["/", f"/search?q={SEARCH_WORD}"])
def test_alternate_links_resolve_to_feeds(reader: ReaderSite, desktop: LoggedPage, path: str) -> None:
    page = desktop.page
    page.goto(reader.url(path))
    alternates = page.locator('link[rel="alternate"]')
    assert alternates.count() == 3
    footer = page.locator("a.feed").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    for index in range(alternates.count()):
        href = alternates.nth(index).get_attribute("href") or ""
        kind = alternates.nth(index).get_attribute("type") or ""
        assert href in footer, "the footer offers the same feeds as the <head>"
        if path.startswith("/search"):
            assert f"q={SEARCH_WORD}" in href, "a search page's feeds follow the search"
        answer = page.request.get(urljoin(page.url, href))
        assert answer.ok, f"{href} answered {answer.status}"
        assert answer.headers["content-type"].startswith(kind), (href, answer.headers["content-type"])
        assert_csp(answer)
        if kind == "application/feed+json":
            assert json.loads(answer.body())["items"]
        else:
            feed = feedparser.parse(answer.body())
            assert feed.bozo == 0 and feed.entries, href


def test_hostile_article_shows_its_text_and_runs_nothing(
    reader: ReaderSite, desktop: LoggedPage, shoot: Shoot
) -> None:
    page = desktop.page
    # Found the way a reader would: its headline, markup characters and all, is text in the listing.
    page.goto(reader.url("/search?q=hijacked"))
    listed = page.locator(f'li.bite h2 a[href="/articles/{reader.hostile_id}"]')
    expect(listed).to_have_text(HOSTILE_TITLE)
    listed.click()
    page.wait_for_url(f"**/articles/{reader.hostile_id}")
    page.wait_for_load_state("networkidle")
    for paragraph in page.locator("section.body p").all():
        paragraph.hover()

    # Its words are all there, the payloads it quotes shown as text.
    expect(page.locator("h1")).to_have_text(HOSTILE_TITLE)
    body = page.locator("section.body")
    expect(body).to_contain_text("Riverside District Council took its planning portal offline on Monday")
    expect(body).to_contain_text('<script src="https://evil.example/steal.js"></script>')
    expect(body).to_contain_text("<img src=x onerror=alert(document.cookie)>")
    expect(body).to_contain_text("The portal is expected to reopen next week.")

    # And nothing of its markup acted.
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.title() == f"{HOSTILE_TITLE} · NewsBite"
    assert page.locator("#pwned").count() == 0
    assert page.evaluate("() => [...document.scripts].map(s => s.getAttribute('src'))") == [
        "/static/reader/reader.js"
    ]
    assert page.evaluate(SCRIPT_HOOKS_JS) == []
    assert page.locator('a[href^="javascript:" i]').count() == 0
    body_tags = body.evaluate("section => [...section.querySelectorAll('*')].map(e => e.localName)")
    assert set(body_tags) <= {"h2", "p", "mark"}
    # Its URL is javascript:, so there is no original to link to.
    assert page.locator("a.original-link").count() == 0
    assert_quiet(desktop)
    assert {urlsplit(request.url).netloc for request in desktop.log.requests} == {
        urlsplit(reader.base_url).netloc
    }
    shoot(page, "hostile-article")


def test_every_reader_page_sends_csp_and_renders_quietly(
    reader: ReaderSite, desktop: LoggedPage, shoot: Shoot
) -> None:
    page = desktop.page
    visits = {
        "entities": "/entities",
        "entity": f"/entities/{reader.entity}",
        "places": "/places",
        "place": f"/places/{reader.place}",
        "front": "/",
        "article": f"/articles/{reader.rich_id}",
        "stories": "/stories",
        "story": f"/stories/{reader.story_id}",
    }
    for name, path in visits.items():
        response = page.goto(reader.url(path))
        assert response is not None and response.ok, path
        expect(page.locator("h1")).not_to_be_empty()
        if name in ("entities", "entity", "places", "place", "stories", "story"):
            shoot(page, name)
    assert_quiet(desktop)
    # An error page is a reader page too (and chromium logs its 404 status, so it comes last).
    missing = page.goto(reader.url("/articles/no-such-article"))
    assert missing is not None and missing.status == 404
    expect(page.locator("h1")).to_contain_text("404")
    shoot(page, "not-found")
    served = [response for response in desktop.log.responses if response.url.startswith(reader.base_url)]
    assert len(served) >= len(visits)
    for response in served:
        assert_csp(response)


def test_map_dots_lead_to_their_place(reader: ReaderSite, desktop: LoggedPage) -> None:
    page = desktop.page
    page.goto(reader.url("/places"))
    expect(page.locator("svg.map")).to_be_visible()
    dot = page.locator("svg.map a").first
    name = dot.locator("title").text_content() or ""
    dot.click()
    page.wait_for_url("**/places/*")
    expect(page.locator("h1")).to_have_text(name)


def test_skip_link_comes_first_and_shows_when_focused(
    reader: ReaderSite, desktop: LoggedPage, shoot: Shoot
) -> None:
    page = desktop.page
    page.goto(reader.url("/"))
    assert tab_until(page, "a.skip", most=1) == 1
    skip = page.locator("a.skip")
    expect(skip).to_be_visible()
    expect(skip).to_be_in_viewport()
    box = skip.bounding_box()
    assert box is not None
    # On top, not merely inside the viewport: the point at its centre is the link itself.
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.closest('a.skip') !== null",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert on_top
    shoot(page, "skip-link-focused", full_page=False)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


@pytest.mark.parametrize("name", ["article", "front", "search", "places", "story"])
def test_phone_shows_no_horizontal_scroll(
    reader: ReaderSite, phone: LoggedPage, shoot: Shoot, name: str
) -> None:
    page = phone.page
    paths = {
        "article": f"/articles/{reader.rich_id}",
        "front": "/",
        "search": f"/search?q={SEARCH_WORD}",
        "places": "/places",
        "story": f"/stories/{reader.story_id}",
    }
    page.goto(reader.url(paths[name]))
    # Not window.innerWidth: a phone zooms out to show a page wider than its screen, and the
    # emulated one grows innerWidth to match, so the page is held to the screen's own width.
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px phone"
    assert_quiet(phone)
    shoot(page, f"phone-{name}")


# The samples' AFP dispatch on the Nepal flood, as the four outlets that ran it headlined it.
AFP_NEPAL = (
    "Nepal glacial lake flood leaves nine dead, dozens missing",
    "Glacial lake bursts in Nepal Himalayas, dozens missing",
    "Nepal: glacial lake bursts, at least nine dead and 46 missing",
    "Himalayan flood: nine dead, 46 missing after glacial lake bursts in Nepal",
)


def test_the_front_page_is_the_five_events_and_the_dispatch_shows_once_everywhere(
    reader: ReaderSite, desktop: LoggedPage
) -> None:
    page = desktop.page
    page.goto(reader.url("/"))
    stories = page.locator("li.bite")
    headlines = [text.strip() for text in stories.locator("h2 a").all_inner_texts()]
    # Each event by the words any of its headlines uses.
    events = (("nepal", "himalaya"), ("ammonia",), ("santos",), ("montevideo", "uruguay"), ("kestrel",))
    for words in events:
        matching = [headline for headline in headlines if any(word in headline.lower() for word in words)]
        assert len(matching) == 1, (words, headlines)
    for index in range(stories.count()):
        meta = stories.nth(index).locator(".story-meta").inner_text()
        assert " source" in meta and " outlet" in meta, meta
    for path in ("/search?q=glacial+lake", "/places/Nepal", "/latest"):
        page.goto(reader.url(path))
        shown = [text.strip() for text in page.locator("li.bite h2 a").all_inner_texts()]
        assert sum(headline in AFP_NEPAL for headline in shown) == 1, (path, shown)
    assert_quiet(desktop)
