"""A reader's habits in chromium: keys to move through a list and act on its items, a dark theme
to choose or inherit from the browser, and every page within a 390 px phone's width.

The keys and the theme switch are static/reader.js; the palettes are static/reader.css.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import PHONE, LoggedPage, ReaderSite, Shoot
from tests.browser.test_accessibility import PAGES as EVERY_PAGE
from tests.browser.test_accessibility import described, violations

pytestmark = pytest.mark.slow

# The page's background in each palette (reader.css: --paper).
LIGHT_PAPER = "rgb(253, 252, 249)"
DARK_PAPER = "rgb(20, 22, 25)"
PAPER_JS = "() => getComputedStyle(document.documentElement).backgroundColor"
# Every custom property the stylesheet sets on <html>, as the page now computes it.
PALETTE_JS = """() => {
  const style = getComputedStyle(document.documentElement);
  const names = [...document.styleSheets].flatMap(sheet => [...sheet.cssRules])
    .flatMap(rule => rule.cssRules ? [...rule.cssRules] : [rule])
    .flatMap(rule => rule.style ? [...rule.style] : [])
    .filter(name => name.startsWith('--'));
  return Object.fromEntries([...new Set(names)].map(name => [name, style.getPropertyValue(name).trim()]));
}"""
READ = re.compile(r"(^|\s)read(\s|$)")
FOCUSED_HREF_JS = "() => document.activeElement.getAttribute('href')"
PAGES = {
    **{name: EVERY_PAGE[name] for name in ("front", "latest", "story", "article", "search")},
    "unread": lambda site: "/unread",
    "starred": lambda site: "/starred",
    "subscriptions": lambda site: "/subscriptions",
}


def items(page: Page) -> Locator:
    return page.locator("ol.bites > li")


def current_index(page: Page) -> int | None:
    """Which item of the list is current, asserting that at most one is and that it says so."""
    marked = page.locator("ol.bites > li.current")
    flagged = page.locator('ol.bites > li[aria-current="true"]')
    assert marked.count() == flagged.count() <= 1
    if marked.count() == 0:
        return None
    return items(page).evaluate_all("lis => lis.findIndex(li => li.classList.contains('current'))")


def headline_href(item: Locator) -> str:
    href = item.locator("h2 a").get_attribute("href")
    assert href
    return href


@pytest.fixture
def dark_phone(browser: Browser) -> Iterator[Page]:
    """A 390 px phone whose browser prefers dark."""
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2, color_scheme="dark"
    )
    yield context.new_page()
    context.close()


# The script itself --------------------------------------------------------------------------------


def test_reader_script_runs_quietly_under_the_pages_csp(reader: ReaderSite, desktop: LoggedPage) -> None:
    """reader.js loads (a CSP refusal is logged as a console error) and shows its controls."""
    page = desktop.page
    page.goto(reader.url("/latest"))
    assert desktop.log.console_errors == [], "the reader CSP (serve/app.py) must allow script-src 'self'"
    assert desktop.log.page_errors == []
    expect(page.locator("[data-theme-switch]")).to_be_visible()
    expect(page.locator("[data-keys-open]")).to_be_visible()


# Moving through a list ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/latest"])
def test_j_and_k_move_the_current_item(reader: ReaderSite, desktop: LoggedPage, path: str) -> None:
    page = desktop.page
    page.goto(reader.url(path))
    assert items(page).count() >= 3
    assert current_index(page) is None
    page.keyboard.press("j")
    assert current_index(page) == 0
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert current_index(page) == 2
    page.keyboard.press("k")
    assert current_index(page) == 1
    # The current item's headline has the focus, so Tab goes on from it.
    assert page.evaluate(FOCUSED_HREF_JS) == headline_href(items(page).nth(1))
    expect(items(page).nth(1)).to_be_in_viewport()


def test_j_scrolls_the_current_item_into_view(reader: ReaderSite, phone: LoggedPage) -> None:
    page = phone.page
    page.goto(reader.url("/latest"))
    last = items(page).count() - 1
    expect(items(page).nth(last)).not_to_be_in_viewport()
    for _ in range(last):
        page.keyboard.press("j")
    page.keyboard.press("j")
    assert current_index(page) == last
    expect(items(page).nth(last)).to_be_in_viewport()


def test_j_stops_at_the_last_item_and_k_at_the_first(reader: ReaderSite, desktop: LoggedPage) -> None:
    page = desktop.page
    page.goto(reader.url("/"))
    count = items(page).count()
    for _ in range(count + 2):
        page.keyboard.press("j")
    assert current_index(page) == count - 1
    for _ in range(count + 2):
        page.keyboard.press("k")
    assert current_index(page) == 0


@pytest.mark.parametrize("path", ["/", "/latest"])
def test_o_opens_the_current_item(reader: ReaderSite, desktop: LoggedPage, path: str) -> None:
    page = desktop.page
    page.goto(reader.url(path))
    page.keyboard.press("j")
    page.keyboard.press("j")
    href = headline_href(items(page).nth(1))
    page.keyboard.press("o")
    page.wait_for_url(reader.url(href))
    expect(page.locator("h1")).not_to_be_empty()


def test_enter_opens_the_current_item_when_the_page_has_the_focus(
    reader: ReaderSite, desktop: LoggedPage
) -> None:
    page = desktop.page
    page.goto(reader.url("/latest"))
    page.keyboard.press("j")
    href = headline_href(items(page).nth(0))
    # Focus on the page, not the headline link: Enter is the shortcut's, not the link's own.
    page.evaluate("() => document.activeElement.blur()")
    page.keyboard.press("Enter")
    page.wait_for_url(reader.url(href))


def test_tabbing_into_an_item_makes_it_current(reader: ReaderSite, desktop: LoggedPage) -> None:
    page = desktop.page
    page.goto(reader.url("/latest"))
    items(page).nth(3).locator("h2 a").focus()
    assert current_index(page) == 3
    page.keyboard.press("j")
    assert current_index(page) == 4


# Keys that leave the list -------------------------------------------------------------------------


def test_slash_focuses_the_search_box(reader: ReaderSite, desktop: LoggedPage) -> None:
    page = desktop.page
    page.goto(reader.url(f"/articles/{reader.rich_id}"))
    page.keyboard.press("/")
    expect(page.locator("#q")).to_be_focused()
    expect(page.locator("#q")).to_have_value("")


def test_typing_j_in_the_search_box_does_not_move(reader: ReaderSite, desktop: LoggedPage) -> None:
    page = desktop.page
    page.goto(reader.url("/latest"))
    page.locator("#q").focus()
    page.keyboard.type("jokes/?")
    expect(page.locator("#q")).to_have_value("jokes/?")
    assert current_index(page) is None
    expect(page.locator("dialog#keys")).not_to_be_visible()


def test_keys_held_with_alt_or_ctrl_are_left_to_the_browser(reader: ReaderSite, desktop: LoggedPage) -> None:
    page = desktop.page
    page.goto(reader.url("/latest"))
    page.keyboard.press("Alt+j")
    page.keyboard.press("Control+j")
    assert current_index(page) is None


def test_question_mark_opens_the_keys_help_and_escape_closes_it(
    reader: ReaderSite, desktop: LoggedPage
) -> None:
    page = desktop.page
    page.goto(reader.url("/"))
    dialog = page.locator("dialog#keys")
    expect(dialog).not_to_be_visible()
    page.keyboard.press("?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Next / previous item")
    # The dialog is modal: a key behind it does nothing.
    page.keyboard.press("j")
    assert current_index(page) is None
    page.keyboard.press("Escape")
    expect(dialog).not_to_be_visible()
    page.keyboard.press("j")
    assert current_index(page) == 0


def test_the_keys_help_opens_from_its_link_and_closes_by_its_button(
    reader: ReaderSite, desktop: LoggedPage
) -> None:
    page = desktop.page
    page.goto(reader.url("/"))
    page.locator("[data-keys-open]").click()
    dialog = page.locator("dialog#keys")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).not_to_be_visible()
    assert desktop.log.console_errors == []


# Acting on the current item -----------------------------------------------------------------------


def press_and_wait(page: Page, key: str) -> None:
    """Press a key whose button posts its form, and wait for the page it comes back to."""
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_load_state()


def test_m_marks_the_current_item_read_and_it_stays_current(reader: ReaderSite, desktop: LoggedPage) -> None:
    page = desktop.page
    page.goto(reader.url("/latest"))
    page.keyboard.press("j")
    page.keyboard.press("j")
    second = items(page).nth(1)
    expect(second).not_to_have_class(READ)
    href = headline_href(second)
    press_and_wait(page, "m")
    try:
        assert current_index(page) == 1
        expect(items(page).nth(1)).to_have_class(READ)
        assert headline_href(items(page).nth(1)) == href
        expect(items(page).nth(1).locator('button[data-key="m"]')).to_have_text("Mark unread")
        # And j goes on from it.
        page.keyboard.press("j")
        assert current_index(page) == 2
        page.keyboard.press("k")
    finally:
        press_and_wait(page, "m")  # unread again: the store is shared by the whole run
    expect(items(page).nth(1)).not_to_have_class(READ)
    assert current_index(page) == 1


def test_s_stars_the_current_item(reader: ReaderSite, desktop: LoggedPage) -> None:
    page = desktop.page
    page.goto(reader.url("/latest"))
    page.keyboard.press("j")
    href = headline_href(items(page).first)
    star = items(page).first.locator('button[data-key="s"]')
    expect(star).to_have_attribute("aria-pressed", "false")
    press_and_wait(page, "s")
    try:
        assert current_index(page) == 0
        expect(star).to_have_attribute("aria-pressed", "true")
        page.goto(reader.url("/starred"))
        expect(page.locator(f'ol.bites h2 a[href="{href}"]')).to_have_count(1)
        page.goto(reader.url("/latest"))
        page.keyboard.press("j")
    finally:
        press_and_wait(page, "s")  # unstarred again
    expect(star).to_have_attribute("aria-pressed", "false")


def test_m_on_the_unread_page_moves_on_to_the_next_unread_item(
    reader: ReaderSite, desktop: LoggedPage
) -> None:
    page = desktop.page
    page.goto(reader.url("/unread"))
    page.keyboard.press("j")
    first, second = headline_href(items(page).nth(0)), headline_href(items(page).nth(1))
    press_and_wait(page, "m")
    try:
        # Read, the first item leaves the list; the one after it is current in its place.
        assert current_index(page) == 0
        assert headline_href(items(page).nth(0)) == second
        expect(page.locator(f'ol.bites h2 a[href="{first}"]')).to_have_count(0)
    finally:
        page.goto(reader.url("/latest"))
        with page.expect_navigation():
            page.locator(f'ol.bites > li:has(h2 a[href="{first}"]) button[data-key="m"]').click()
    expect(page.locator(f'ol.bites > li:has(h2 a[href="{first}"])')).not_to_have_class(READ)


def test_a_page_reached_by_a_link_starts_with_no_current_item(
    reader: ReaderSite, desktop: LoggedPage
) -> None:
    page = desktop.page
    page.goto(reader.url("/latest"))
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.goto(reader.url("/"))
    page.get_by_role("link", name="Latest", exact=True).click()
    page.wait_for_url(reader.url("/latest"))
    assert current_index(page) is None


# The dark theme -----------------------------------------------------------------------------------


def test_the_switch_turns_the_page_dark_and_it_stays_dark(reader: ReaderSite, desktop: LoggedPage) -> None:
    page = desktop.page
    page.goto(reader.url("/"))
    switch = page.locator("[data-theme-switch]")
    assert page.evaluate(PAPER_JS) == LIGHT_PAPER
    expect(switch).to_have_attribute("aria-pressed", "false")
    switch.click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert page.evaluate(PAPER_JS) == DARK_PAPER
    expect(switch).to_have_attribute("aria-pressed", "true")
    page.reload()
    assert page.evaluate(PAPER_JS) == DARK_PAPER
    page.goto(reader.url(f"/articles/{reader.rich_id}"))
    assert page.evaluate(PAPER_JS) == DARK_PAPER
    page.locator("[data-theme-switch]").click()
    page.reload()
    assert page.evaluate(PAPER_JS) == LIGHT_PAPER


def test_a_browser_preferring_dark_gets_the_dark_palette_without_script(
    reader: ReaderSite, browser: Browser
) -> None:
    context = browser.new_context(color_scheme="dark", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(reader.url("/"))
        assert page.evaluate(PAPER_JS) == DARK_PAPER
        # Without the script there is nothing to switch with, so no switch is shown.
        expect(page.locator("[data-theme-switch]")).to_be_hidden()
        expect(page.locator("[data-keys-open]")).to_be_hidden()
    finally:
        context.close()


def test_light_chosen_on_a_browser_preferring_dark_stays_light(
    reader: ReaderSite, desktop: LoggedPage
) -> None:
    page = desktop.page
    page.emulate_media(color_scheme="dark")
    page.goto(reader.url("/"))
    switch = page.locator("[data-theme-switch]")
    assert page.evaluate(PAPER_JS) == DARK_PAPER
    expect(switch).to_have_attribute("aria-pressed", "true")
    switch.click()
    assert page.evaluate(PAPER_JS) == LIGHT_PAPER
    page.reload()
    assert page.evaluate(PAPER_JS) == LIGHT_PAPER
    expect(page.locator("[data-theme-switch]")).to_have_attribute("aria-pressed", "false")


def test_the_preferred_and_the_chosen_dark_palettes_are_the_same(
    reader: ReaderSite, desktop: LoggedPage
) -> None:
    """reader.css writes the dark palette twice (for the media query and for data-theme)."""
    page = desktop.page
    page.goto(reader.url("/"))
    light = page.evaluate(PALETTE_JS)
    page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; }")
    chosen = page.evaluate(PALETTE_JS)
    page.evaluate("() => { delete document.documentElement.dataset.theme; }")
    page.emulate_media(color_scheme="dark")
    preferred = page.evaluate(PALETTE_JS)
    assert len(chosen) >= 20
    assert chosen == preferred
    assert chosen["--paper"] != light["--paper"]


@pytest.mark.parametrize("name", ["front", "story", "article", "latest", "search", "subscriptions"])
def test_axe_finds_no_violation_in_the_dark(reader: ReaderSite, desktop: LoggedPage, name: str) -> None:
    page = desktop.page
    page.emulate_media(color_scheme="dark")
    response = page.goto(reader.url(PAGES[name](reader)))
    assert response is not None and response.ok
    assert page.evaluate(PAPER_JS) == DARK_PAPER
    found = violations(page)
    assert found == [], described(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_passes_read_starred_and_current_items(
    reader: ReaderSite, desktop: LoggedPage, scheme: str
) -> None:
    page = desktop.page
    page.emulate_media(color_scheme="dark" if scheme == "dark" else "light")
    page.goto(reader.url("/latest"))
    first = items(page).first
    with page.expect_navigation():
        first.locator('button[data-key="m"]').click()
    with page.expect_navigation():
        items(page).first.locator('button[data-key="s"]').click()
    try:
        expect(items(page).first).to_have_class(READ)
        assert current_index(page) == 0
        page.keyboard.press("j")  # the second item current, the first still read and starred
        found = violations(page)
        assert found == [], described(found)
    finally:
        with page.expect_navigation():
            items(page).first.locator('button[data-key="m"]').click()
        with page.expect_navigation():
            items(page).first.locator('button[data-key="s"]').click()
    expect(items(page).first.locator('button[data-key="s"]')).to_have_attribute("aria-pressed", "false")


def test_axe_passes_the_keys_help_in_the_dark(reader: ReaderSite, desktop: LoggedPage) -> None:
    page = desktop.page
    page.emulate_media(color_scheme="dark")
    page.goto(reader.url("/"))
    page.keyboard.press("?")
    expect(page.locator("dialog#keys")).to_be_visible()
    found = violations(page)
    assert found == [], described(found)


# A 390 px phone -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_no_page_scrolls_sideways_on_a_phone(
    reader: ReaderSite, dark_phone: Page, shoot: Shoot, name: str
) -> None:
    page = dark_phone
    page.goto(reader.url(PAGES[name](reader)))
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} is {width}px wide on a {PHONE['width']}px phone"
    shoot(page, f"phone-dark-{name}")


def test_the_keys_help_fits_a_phone(reader: ReaderSite, dark_phone: Page) -> None:
    page = dark_phone
    page.goto(reader.url("/"))
    page.locator("[data-keys-open]").click()
    box = page.locator("dialog#keys").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
