"""A signed-in reader in chromium, as a person uses NewsBite: sign in, follow two outlets of the
loopback news site whose feeds both ran AFP's Nepal flood dispatch, read one copy and find the
dispatch read everywhere (the front page's count, search, the unread view, both feeds' pages),
star an item, work the keys, sign out and be refused; axe-core on the pages a reader lives in,
in the light and the dark theme."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page

from newsbite.accounts import hash_password
from newsbite.config import Settings
from newsbite.serve import create_app
from newsbite.store import ArticleQuery, Store, open_store, utc_stamp
from tests.browser.conftest import Shoot, served
from tests.browser.test_accessibility import described, violations
from tests.site import Site

pytestmark = pytest.mark.slow

NAME, PASSWORD = "ana", "a long passphrase"
SETTINGS = Settings(
    allow_hosts="127.0.0.1", fetch_host_interval_seconds=0, fetch_retries=0, fetch_backoff_seconds=0.01
)
# The first poll of a feed just followed loads the pipeline (spaCy) and processes its articles.
FIRST_POLL_SECONDS = 120


@dataclass(frozen=True)
class Served:
    base_url: str
    site: Site
    store: Store

    def url(self, path: str) -> str:
        return self.base_url + path


@pytest.fixture(scope="module")
def served_with_a_user(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('readers') / 'readers.db'}")
    store.readers.add(NAME, hash_password(PASSWORD), utc_stamp())
    with Site() as site, served(create_app(SETTINGS, store)) as base_url:
        yield Served(base_url, site, store)
    store.close()


def sign_in(page: Page, served: Served, path: str = "/unread") -> None:
    page.goto(served.url(path))
    assert "/login" in page.url  # sent to sign in, and back after
    page.fill("#name", NAME)
    page.fill("#password", PASSWORD)
    page.click("form.sign-in button[type=submit]")
    page.wait_for_url(re.compile(re.escape(served.url(path)) + "$"))


def follow(page: Page, served: Served, address: str) -> str:
    """Follow a site by its home page's address; the feed page's path."""
    page.goto(served.url("/subscriptions"))
    page.fill("#follow-url", address)
    page.click("form.follow button[type=submit]")
    page.wait_for_url(re.compile(r".*/subscriptions/\d+$"))
    return page.url.removeprefix(served.base_url)


def stored_id(store: Store, url: str) -> str:
    for item in store.articles(ArticleQuery(limit=200, copies=True)).items:
        if item.get("url") == url:
            return str(item["id"])
    raise AssertionError(f"{url} is not stored")


def wait_until_listed(page: Page, served: Served, path: str, article_id: str) -> None:
    deadline = time.monotonic() + FIRST_POLL_SECONDS
    while time.monotonic() < deadline:
        page.goto(served.url(path))
        if page.locator(f'[data-article="{article_id}"]').count():
            return
        time.sleep(1)
    raise AssertionError(f"{path} never listed {article_id}")


def item_is_read(page: Page, article_ids: set[str]) -> bool:
    """Whether the listed item holding any of these articles shows as read."""
    for article_id in article_ids:
        found = page.locator(f'li.bite:has([data-article="{article_id}"])')
        if found.count():
            return "read" in (found.first.get_attribute("class") or "").split()
    raise AssertionError(f"none of {article_ids} is listed")


def story_unread(page: Page, served: Served, story_id: str) -> int:
    page.goto(served.url("/"))
    story = page.locator(f'li.bite:has(a[href="/stories/{story_id}"])')
    counted = re.search(r"(\d+) unread", story.first.inner_text())
    return int(counted.group(1)) if counted else 0


def test_a_reader_reads_one_copy_and_finds_the_dispatch_read_everywhere(
    served_with_a_user: Served, browser: Browser, shoot: Shoot
) -> None:
    served, site, store = served_with_a_user, served_with_a_user.site, served_with_a_user.store
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, served)

    carriers = list(site.afp_nepal_flood_carriers().items())[:2]
    outlets = site.outlets()
    feed_pages = [follow(page, served, outlets[slug].home_url) for slug, _ in carriers]
    copies = []
    for feed_page, (_, copy_url) in zip(feed_pages, carriers, strict=True):
        deadline = time.monotonic() + FIRST_POLL_SECONDS
        while not any(
            item.get("url") == copy_url for item in store.articles(ArticleQuery(limit=200, copies=True)).items
        ):
            assert time.monotonic() < deadline, f"{copy_url} was not fetched"
            time.sleep(1)
        copies.append(stored_id(store, copy_url))
        wait_until_listed(page, served, feed_page, copies[-1])
    story_id = store.stories.of_article(copies[0])
    assert story_id is not None and story_id == store.stories.of_article(copies[1])
    unread_before = story_unread(page, served, story_id)
    assert unread_before >= 1

    # Read the copy on the first feed's page, with its own button.
    page.goto(served.url(feed_pages[0]))
    page.click(f'button[formaction="/items/{copies[0]}/read"]')
    page.wait_for_load_state()
    page.goto(served.url(feed_pages[1]))
    assert item_is_read(page, {copies[1]})  # the other feed's copy: read too
    shoot(page, "reader-feed-page")
    page.goto(served.url(feed_pages[0]))
    assert item_is_read(page, {copies[0]})
    page.goto(served.url("/search?q=glacial"))
    assert item_is_read(page, set(copies))
    page.goto(served.url("/unread"))
    assert not page.locator(", ".join(f'[data-article="{copy}"]' for copy in copies)).count()
    assert page.locator("[data-article]").count() > 0  # the rest is still unread
    assert story_unread(page, served, story_id) == unread_before - 1
    shoot(page, "reader-front-signed-in", full_page=False)
    page.goto(served.url("/subscriptions"))
    shoot(page, "reader-subscriptions")

    # Star an item from the latest page; it is in the starred view.
    page.goto(served.url("/latest"))
    first = page.locator("[data-article]").first.get_attribute("data-article")
    page.click(f'button[formaction="/items/{first}/star"]')
    page.goto(served.url("/starred"))
    assert [element.get_attribute("data-article") for element in page.locator("[data-article]").all()] == [
        first
    ]

    # The keys: j to the first unread item, m reads it; j, k and s star the first of the latest.
    page.goto(served.url("/unread"))
    first_unread = page.locator("[data-article]").first.get_attribute("data-article")
    page.keyboard.press("j")
    with page.expect_navigation():
        page.keyboard.press("m")
    page.goto(served.url("/unread"))
    assert first_unread not in [
        element.get_attribute("data-article") for element in page.locator("[data-article]").all()
    ]
    page.goto(served.url("/latest"))
    second = page.locator("[data-article]").nth(1).get_attribute("data-article")
    for key in ("j", "j", "j", "k"):
        page.keyboard.press(key)
    with page.expect_navigation():
        page.keyboard.press("s")
    page.goto(served.url("/starred"))
    assert second in [
        element.get_attribute("data-article") for element in page.locator("[data-article]").all()
    ]

    # Sign out: the reader's pages are refused from then on.
    page.click("form.account button[type=submit]")
    page.goto(served.url("/unread"))
    assert "/login" in page.url
    assert context.request.get(served.url("/api/v1/articles")).status == 401
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_a_signed_in_readers_pages(
    served_with_a_user: Served, browser: Browser, scheme: str
) -> None:
    served, store = served_with_a_user, served_with_a_user.store
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(served.url("/login"))
    found = {"login": violations(page)}
    sign_in(page, served, "/subscriptions")
    found["subscriptions"] = violations(page)
    stories = store.stories.ranked(24.0, limit=1).items
    for name, path in (("front", "/"), ("story", f"/stories/{stories[0]['id']}" if stories else "/")):
        page.goto(served.url(path))
        found[name] = violations(page)
    context.close()
    assert all(not violations_of for violations_of in found.values()), "\n".join(
        f"{name}: {described(violations_of)}" for name, violations_of in found.items() if violations_of
    )
