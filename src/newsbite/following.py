"""Following a feed from a URL a reader gives: the feed it is or that its page advertises (found
through the safe fetcher), added to the feed list and to the reader's subscriptions; and the feeds
of an OPML list. The CLI's `feeds add` and `feeds import` and the reader's subscriptions page
follow this way."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsbite.errors import FeedError
from newsbite.ingest.feeds import find_feed
from newsbite.ingest.fetch import Fetcher
from newsbite.ingest.opml import ListedFeed, write_opml
from newsbite.ingest.web import is_url
from newsbite.store import Reader, Store


@dataclass(frozen=True)
class Followed:
    """What following a URL did."""

    feed_url: str
    title: str | None
    added: bool  # False when the reader followed it already
    new_feed: bool  # no feed had this URL: nothing of it is stored yet, so poll it now
    others: list[str] = field(default_factory=list)  # other feeds the page advertises


def _checked_feed(url: str, fetcher: Fetcher) -> tuple[str, str | None, list[str]]:
    """The feed at `url`, or the first one its page advertises: its URL, its title and the other
    feeds the page advertises. Raises FeedError (or the FetchError of the fetch) otherwise."""
    if not is_url(url.strip()):
        raise FeedError(url, "not an http(s) URL")
    feed_url, feed, others = find_feed(url.strip(), fetcher)
    return feed_url, feed.title, others


def follow_url(
    store: Store,
    reader: Reader,
    url: str,
    now: str,
    fetcher: Fetcher | None,
    *,
    category: str | None = None,
    title: str | None = None,
) -> Followed:
    """Follow the feed `url` names for `reader`; without a `fetcher`, `url` is taken as the feed's
    own URL, unchecked, and `title` as its title until it is polled."""
    feed_url, title, others = _checked_feed(url, fetcher) if fetcher else (url.strip(), title, [])
    new_feed = store.feeds.add(feed_url, now, title=title)
    added = store.subscriptions(reader).follow(feed_url, now, category=category)
    return Followed(feed_url, title, added, new_feed, others)


def follow_listed(store: Store, reader: Reader, listed: list[ListedFeed], now: str) -> int:
    """Follow each feed of an OPML list for `reader`, in its folder (unchecked: `watch` finds out);
    how many the reader did not follow yet."""
    return sum(
        follow_url(store, reader, feed.url, now, None, category=feed.category, title=feed.title).added
        for feed in listed
    )


def subscriptions_opml(store: Store, reader: Reader, title: str = "NewsBite feeds") -> str:
    """The reader's feeds as OPML 2.0, in their categories, under their titles."""
    followed = store.subscriptions(reader).all()
    return write_opml(
        [ListedFeed(kept.feed.url, kept.shown_title, kept.category) for kept in followed], title
    )
