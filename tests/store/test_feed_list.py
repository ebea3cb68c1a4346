"""The feed list kept in the store, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from newsbite.store import FLAG_AFTER_FAILURES, open_store


def test_feeds_are_added_once_listed_in_order_and_removed(database_url: str) -> None:
    feeds = open_store(database_url).feeds
    assert feeds.add("https://a.example/feed.xml", "2026-11-30T08:00:00Z", title="A")
    assert feeds.add("https://b.example/rss", "2026-11-30T08:01:00Z")
    assert not feeds.add("https://a.example/feed.xml", "2026-11-30T09:00:00Z", title="changed")
    assert [(f.url, f.title, f.status) for f in feeds.all()] == [
        ("https://a.example/feed.xml", "A", "new"),
        ("https://b.example/rss", None, "new"),
    ]
    assert feeds.remove("https://a.example/feed.xml")
    assert not feeds.remove("https://a.example/feed.xml")
    assert [f.url for f in feeds.all()] == ["https://b.example/rss"]


def test_due_feeds_come_most_overdue_first_and_outcomes_are_kept(database_url: str) -> None:
    store = open_store(database_url)
    feeds, local = store.feeds, store.readers.local()
    assert local is not None
    for name in ("a", "b", "c"):
        store.subscriptions(local).follow(f"https://{name}.example/feed", "2026-11-30T08:00:00Z")
    feeds.add("https://unfollowed.example/feed", "2026-11-30T07:00:00Z")  # listed, followed by no one
    feeds.record("https://a.example/feed", next_poll_at="2026-11-30T12:00:00Z", articles_added=3)
    feeds.record("https://b.example/feed", next_poll_at="2026-11-30T09:00:00Z", articles_added=2)
    feeds.record(
        "https://b.example/feed", articles_added=4, etag='"x1"', last_polled_at="2026-11-30T08:30:00Z"
    )
    assert [f.url for f in feeds.due("2026-11-30T10:00:00Z")] == [
        "https://c.example/feed",
        "https://b.example/feed",
    ]
    assert feeds.next_poll_at() == "2026-11-30T08:00:00Z"
    b = feeds.get("https://b.example/feed")
    assert b is not None and b.articles == 6 and b.etag == '"x1"' and b.status == "ok"
    feeds.record("https://c.example/feed", failures=FLAG_AFTER_FAILURES, last_error_reason="dns")
    assert feeds.get("https://c.example/feed").as_dict()["flagged"] is True  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="not feed columns"):
        feeds.record("https://c.example/feed", colour="red")
