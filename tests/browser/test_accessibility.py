"""axe-core, run in chromium on every kind of reader page, finds no violation of its rules.

axe-core comes inside the axe-playwright-python package (a dev dependency), so nothing is fetched
when the tests run; playwright evaluates it in the page, which the pages' CSP does not govern.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from newsbite.store import Store
from tests.browser.conftest import LoggedPage, ReaderSite

pytestmark = pytest.mark.slow

PAGES = {
    "front": lambda site: "/",
    "latest": lambda site: "/latest",
    "story": lambda site: f"/stories/{site.story_id}",
    "article": lambda site: f"/articles/{site.rich_id}",
    "search": lambda site: "/search?q=glacial",
    "places": lambda site: "/places",
    "stories": lambda site: "/stories",
    "entities": lambda site: "/entities",
    "entity": lambda site: f"/entities/{site.entity}",
    "place": lambda site: f"/places/{site.place}",
}


def violations(page: Page) -> list[dict[str, Any]]:
    return Axe().run(page).response["violations"]


def described(found: list[dict[str, Any]]) -> str:
    """Each violation's rule, what it asks, and the first few elements that break it."""
    return "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        for violation in found
    )


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violation_on_a_desktop(reader: ReaderSite, desktop: LoggedPage, name: str) -> None:
    response = desktop.page.goto(reader.url(PAGES[name](reader)))
    assert response is not None and response.ok
    found = violations(desktop.page)
    assert found == [], described(found)


@pytest.mark.parametrize("name", ["front", "story", "article", "search", "places"])
def test_axe_finds_no_violation_on_a_phone(reader: ReaderSite, phone: LoggedPage, name: str) -> None:
    response = phone.page.goto(reader.url(PAGES[name](reader)))
    assert response is not None and response.ok
    found = violations(phone.page)
    assert found == [], described(found)


def test_axe_finds_no_violation_on_a_source_page(
    reader: ReaderSite, reader_store: Store, desktop: LoggedPage
) -> None:
    publisher = (reader_store.get(reader.rich_id) or {}).get("publisher")
    assert publisher, "the richest sample names its outlet"
    response = desktop.page.goto(reader.url(f"/sources/{quote(publisher, safe='')}"))
    assert response is not None and response.ok
    found = violations(desktop.page)
    assert found == [], described(found)


def test_axe_does_find_what_it_looks_for(desktop: LoggedPage) -> None:
    """The check is live: a page with an unnamed image and a map that is an image holding links fails it."""
    desktop.page.set_content(
        '<html lang="en"><head><title>Broken</title></head><body><main><img src="data:,">'
        '<svg role="img" aria-label="Map"><a href="/places/Tal"><circle r="5"/></a></svg>'
        "</main></body></html>"
    )
    assert {"image-alt", "nested-interactive"} <= {violation["id"] for violation in violations(desktop.page)}
