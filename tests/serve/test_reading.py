"""A reader's state through the web reader: read, unread and star from the pages' own forms,
the unread and starred views, a story's unread count, reading everything up to when the page was
made; and two signed-in readers on one server, each with their own."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from newsbite.accounts import hash_password, new_secret, secret_digest
from newsbite.config import Settings
from newsbite.intake import Intake
from newsbite.model import Article
from newsbite.serve import create_app
from newsbite.store import ArticleQuery, Store, StoredMerge, open_store, utc_stamp
from tests.serve.conftest import SERVER_URL
from tests.serve.test_folding import AFP_NEPAL

HTML = {"Accept": "text/html"}
FEED_A, FEED_B = "https://a.example/feed.xml", "https://b.example/feed.xml"


def browser(store: Store) -> TestClient:
    return TestClient(create_app(Settings(), store), base_url=SERVER_URL, follow_redirects=False)


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def listed_ids(page: str) -> list[str]:
    return re.findall(r'data-article="([^"]+)"', page)


def test_reading_an_item_takes_it_out_of_unread_and_marks_it_everywhere(merged_samples: Store) -> None:
    client = browser(merged_samples)
    unread = client.get("/unread", headers=HTML).text
    first = listed_ids(unread)[0]
    read = client.post(f"/items/{first}/read", data={"csrf": csrf_of(unread), "back": "/unread"})
    assert read.status_code == 303 and read.headers["location"] == "/unread"
    after = client.get("/unread", headers=HTML).text
    assert first not in listed_ids(after) and len(listed_ids(after)) == len(listed_ids(unread)) - 1
    latest = client.get("/latest", headers=HTML).text
    assert re.search(rf'<li class="bite read">\s*<article data-article="{first}"', latest)
    client.post(f"/items/{first}/unread", data={"csrf": csrf_of(latest)})
    assert first in listed_ids(client.get("/unread", headers=HTML).text)


def test_starred_items_have_their_own_view(merged_samples: Store) -> None:
    client = browser(merged_samples)
    latest = client.get("/latest", headers=HTML).text
    chosen = listed_ids(latest)[2]
    assert client.post(f"/items/{chosen}/star", data={"csrf": csrf_of(latest)}).status_code == 303
    starred = client.get("/starred", headers=HTML).text
    assert listed_ids(starred) == [chosen] and 'aria-pressed="true"' in starred


def test_changes_without_the_pages_token_are_refused(merged_samples: Store) -> None:
    client = browser(merged_samples)
    first = listed_ids(client.get("/latest", headers=HTML).text)[0]
    forged = client.post(
        f"/items/{first}/read", data={"csrf": "0" * 64}, headers={"Accept": "application/json"}
    )
    assert forged.status_code == 403 and forged.json()["error"]["code"] == "csrf_failed"
    assert client.post(f"/items/{first}/read", headers={"Accept": "application/json"}).status_code == 403
    assert first in listed_ids(client.get("/unread", headers=HTML).text)


def test_a_story_read_loses_its_unread_count_on_the_front_page(merged_samples: Store) -> None:
    client = browser(merged_samples)
    front = client.get("/", headers=HTML).text
    counts = re.findall(r'<a href="/stories/([^"]+)">.*?(\d+) unread', front, flags=re.S)
    assert counts, "the front page shows each story's unread count"
    story = re.search(r'<a href="/stories/([^"]+)">', front)
    assert story is not None
    page = client.get(f"/stories/{story.group(1)}", headers=HTML).text
    assert "unread" in page and "Mark story read" in page
    client.post(f"/stories/{story.group(1)}/read", data={"csrf": csrf_of(page)})
    after = client.get("/", headers=HTML).text
    block = after.split(f'href="/stories/{story.group(1)}"')[1].split("</li>")[0]
    assert "unread" not in block


def test_reading_all_leaves_what_arrived_after_the_page(
    merged_samples: Store, processed_samples: list[Article]
) -> None:
    client = browser(merged_samples)
    unread = client.get("/unread", headers=HTML).text
    made_at = re.search(r'name="first_seen_by" value="([^"]+)"', unread)
    assert made_at is not None
    answer = client.post(
        "/read-all",
        data={"csrf": csrf_of(unread), "first_seen_by": "2000-01-01T00:00:00Z"},
        headers={"Accept": "application/json"},
    )
    assert answer.json() == {"changed": 0}  # nothing had arrived by then
    client.post("/read-all", data={"csrf": csrf_of(unread), "first_seen_by": made_at.group(1)})
    assert listed_ids(client.get("/unread", headers=HTML).text) == []


def test_two_readers_keep_their_own_state_and_see_their_own_feeds(
    database_url: str, processed_samples: list[Article]
) -> None:
    store = open_store(database_url)
    ana = store.readers.add("Ana", hash_password("ana's password"), utc_stamp())
    ben = store.readers.add("Ben", hash_password("ben's password"), utc_stamp())
    store.subscriptions(ana).follow(FEED_A, utc_stamp())
    store.subscriptions(ben).follow(FEED_B, utc_stamp())
    copies = [article for article in processed_samples if article.headline in AFP_NEPAL]
    intake = Intake(store, Settings(database=database_url))
    intake.store_articles([article for article in processed_samples if article.headline not in AFP_NEPAL])
    intake.store_articles(copies[:2], feed_url=FEED_A)
    intake.store_articles(copies[2:], feed_url=FEED_B)
    clients = {}
    for name, password in (("Ana", "ana's password"), ("Ben", "ben's password")):
        client = browser(store)
        form = client.get("/login").text
        client.post("/login", data={"name": name, "password": password, "csrf": csrf_of(form)})
        clients[name] = client
    pages = {name: client.get("/latest", headers=HTML).text for name, client in clients.items()}
    shown = {name: {h for h in AFP_NEPAL if h in page} for name, page in pages.items()}
    assert shown["Ana"] and shown["Ben"] and not shown["Ana"] & shown["Ben"]  # each their own feed's copy
    hand = next(article.headline for article in processed_samples if article.headline not in AFP_NEPAL)
    assert hand and all(hand in page for page in pages.values())  # added by hand: everyone's
    ana_ids = listed_ids(pages["Ana"])
    clients["Ana"].post(f"/items/{ana_ids[0]}/read", data={"csrf": csrf_of(pages["Ana"])})
    assert ana_ids[0] not in listed_ids(clients["Ana"].get("/unread", headers=HTML).text)
    assert len(listed_ids(clients["Ben"].get("/unread", headers=HTML).text)) == len(listed_ids(pages["Ben"]))
    store.close()


def test_the_api_and_the_output_feeds_hold_what_the_asking_user_sees(
    database_url: str, processed_samples: list[Article]
) -> None:
    store = open_store(database_url)
    ana = store.readers.add("Ana", hash_password("ana's password"), utc_stamp())
    store.subscriptions(ana).follow(FEED_A, utc_stamp())
    store.feeds.add(FEED_B, utc_stamp())  # followed by no one
    copies = [article for article in processed_samples if article.headline in AFP_NEPAL]
    intake = Intake(store, Settings(database=database_url))
    intake.store_articles(copies[:2], feed_url=FEED_A)
    intake.store_articles(copies[2:], feed_url=FEED_B)
    unseen = next(article for article in processed_samples if "Montevideo" in (article.headline or ""))
    intake.store_articles([unseen], feed_url=FEED_B)
    StoredMerge(store, Settings(database=database_url)).run()
    secret = new_secret()
    store.readers.add_token(ana, "api", secret_digest(secret), utc_stamp())
    client = TestClient(create_app(Settings(), store), base_url=SERVER_URL)
    headers = {"Authorization": f"Bearer {secret}"}
    listed = client.get("/api/v1/articles", params={"copies": "all"}, headers=headers).json()["items"]
    assert sorted(item["headline"] for item in listed) == sorted(copy.headline for copy in copies[:2])
    hidden_ids = [
        item["id"]
        for item in store.articles(ArticleQuery(limit=50, copies=True)).items
        if item["headline"] in {c.headline for c in copies[2:]}
    ]
    assert hidden_ids and all(
        client.get(f"/api/v1/articles/{hid}", headers=headers).status_code == 404 for hid in hidden_ids
    )
    shown_ids = [item["id"] for item in listed]
    assert all(client.get(f"/api/v1/articles/{sid}", headers=headers).status_code == 200 for sid in shown_ids)
    feed = client.get("/feeds/rss.xml", headers=headers).text  # one entry for the dispatch: Ana's copy
    assert any(copy.headline in feed for copy in copies[:2])
    assert not any(copy.headline in feed for copy in copies[2:])

    # Stories: the dispatch's story holds Ana's copies alone; a story of feed B alone is none of hers.
    stories = client.get("/api/v1/stories", headers=headers).json()["items"]
    assert len(stories) == 1
    story = client.get(f"/api/v1/stories/{stories[0]['id']}", headers=headers).json()
    carried = [copy["headline"] for outlet in story["outlet_list"] for copy in outlet["articles"]]
    assert sorted(carried) == sorted(copy.headline for copy in copies[:2])
    unseen_story = store.stories.of_article(
        next(
            item["id"]
            for item in store.articles(ArticleQuery(q=None, limit=50)).items
            if item["headline"] == unseen.headline
        )
    )
    assert client.get(f"/api/v1/stories/{unseen_story}", headers=headers).status_code == 404
    assert client.get(f"/stories/{unseen_story}", headers={**headers, **HTML}).status_code == 404
    assert unseen.headline not in client.get("/", headers={**headers, **HTML}).text
    assert unseen.headline not in client.get("/stories", headers={**headers, **HTML}).text
    store.close()
