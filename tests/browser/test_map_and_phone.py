"""What a reader sees of the map and on a phone: land under the dots, and no page wider than the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, LoggedPage, ReaderSite, Shoot

pytestmark = pytest.mark.slow

# Of each dot, whether the land's fill holds its centre or a point a little way off it (in the
# map's own units, as drawn): port cities lie on the coast, which the coarse outline smooths away.
DOTS_ON_LAND_JS = """svg => {
  const land = svg.querySelector('path.land');
  const reach = svg.viewBox.baseVal.width / 120;
  const around = [[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [1, -1], [-1, 1], [-1, -1]];
  return [...svg.querySelectorAll('circle.place')].map(dot => around.some(([dx, dy]) =>
    land.isPointInFill(new DOMPoint(dot.cx.baseVal.value + dx * reach, dot.cy.baseVal.value + dy * reach))));
}"""
# The share of an even grid of points over the whole map that falls on land.
LAND_SHARE_JS = """svg => {
  const land = svg.querySelector('path.land');
  const box = svg.viewBox.baseVal;
  let onLand = 0, all = 0;
  for (let x = box.width / 80; x < box.width; x += box.width / 40)
    for (let y = box.height / 40; y < box.height; y += box.height / 20, all++)
      if (land.isPointInFill(new DOMPoint(x, y))) onLand++;
  return onLand / all;
}"""
PAGE_WIDTH_JS = "() => document.documentElement.scrollWidth"


def reader_links(page: Page, prefix: str) -> list[str]:
    """The distinct links on the page whose path starts with the prefix, in page order."""
    hrefs = page.locator(f'main a[href^="{prefix}"]').evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return list(dict.fromkeys(hrefs))


def assert_fits_a_phone(page: Page, path: str) -> None:
    width = page.evaluate(PAGE_WIDTH_JS)
    assert width <= PHONE["width"], f"{path} is {width}px wide on a {PHONE['width']}px phone"


def test_the_places_map_draws_land_under_its_dots(
    reader: ReaderSite, desktop: LoggedPage, shoot: Shoot
) -> None:
    page = desktop.page
    page.goto(reader.url("/places"))
    svg = page.locator("svg.map")
    expect(svg.locator("path.land")).to_have_count(1)
    expect(svg.locator("path.border")).to_have_count(1)
    # The samples' places span the world: land is about a third of such a map, never none or all.
    assert 0.15 < svg.evaluate(LAND_SHARE_JS) < 0.6
    # Drawn in the dots' own projection, the land lies under or beside every place (inland towns
    # and ports, which the coarse world outline may leave a little offshore).
    on_land = svg.evaluate(DOTS_ON_LAND_JS)
    assert len(on_land) >= 5 and all(on_land), on_land
    shoot(page, "places-land")


def test_an_article_map_shows_the_land_and_borders_around_its_places(
    reader: ReaderSite, phone: LoggedPage, shoot: Shoot
) -> None:
    page = phone.page
    page.goto(reader.url(f"/articles/{reader.rich_id}"))
    svg = page.locator("svg.map")
    expect(svg).to_be_visible()
    assert all(svg.evaluate(DOTS_ON_LAND_JS)), "every place in the sample stories is on land"
    assert svg.locator("path.border").get_attribute("d"), "a regional map shows the borders near its places"
    box = svg.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    svg.scroll_into_view_if_needed()
    shoot(page, "phone-article-map", full_page=False)


def test_every_story_page_fits_a_phone(reader: ReaderSite, phone: LoggedPage) -> None:
    page = phone.page
    page.goto(reader.url("/stories"))
    stories = reader_links(page, "/stories/")
    assert len(stories) >= 5, "the samples make several stories"
    for path in stories:
        page.goto(reader.url(path))
        assert_fits_a_phone(page, path)


@pytest.mark.parametrize("listing", ["/", "/latest"])
def test_every_page_a_front_page_links_to_fits_a_phone(
    reader: ReaderSite, phone: LoggedPage, listing: str
) -> None:
    page = phone.page
    page.goto(reader.url(listing))
    assert_fits_a_phone(page, listing)
    linked = [
        link for prefix in ("/articles/", "/stories/", "/sources/") for link in reader_links(page, prefix)
    ]
    assert linked
    for path in linked:
        page.goto(reader.url(path))
        assert_fits_a_phone(page, path)


@pytest.mark.parametrize("path", ["/places", "/entities", "/search?q=glacial", "/search", "/no-such-page"])
def test_listings_and_errors_fit_a_phone(reader: ReaderSite, phone: LoggedPage, path: str) -> None:
    phone.page.goto(reader.url(path))
    assert_fits_a_phone(phone.page, path)
