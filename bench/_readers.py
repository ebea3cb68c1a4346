"""Signed-in readers on a bench store (bench/serve.py): the store's articles spread over feeds,
readers who each follow most of them, a share of what each sees read and a few items starred,
and a session cookie each; then all of it taken away again, so that the store serves the local
reader as before.

Done in SQL where the store's API works an item at a time: a reader's state covers tens of
thousands of items."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, delete, func, insert, literal, select, update

from newsbite.accounts import hash_password
from newsbite.serve.sessions import SESSION_COOKIE, Sessions
from newsbite.store import Store, utc_stamp
from newsbite.store.tables import article_merge, articles, feed_articles, feeds, item_states, readers

READERS = 4
FEEDS = 10
FOLLOWED = 7  # of FEEDS: each reader sees 70% of the articles
READ_PERCENT = 30  # of the items a reader sees, about this many are read
STARRED_PER_MILLE = 5
FEED_URL = "https://feed-{number}.bench.example/rss.xml"
APP_PASSWORD = "bench reader's app password"


@dataclass(frozen=True)
class SignedIn:
    names: list[str]
    cookies: list[str]  # a Cookie header's value, one per reader
    read: int  # item states written, all readers
    starred: int


def sign_in_readers(store: Store, seed: int) -> SignedIn:
    """Add the readers with their feeds, state and sessions (the store must have no users)."""
    if store.readers.has_users():
        raise SystemExit("error: the bench store has users already: remove them (newsbite users remove)")
    now = utc_stamp()
    urls = [FEED_URL.format(number=number) for number in range(FEEDS)]
    for url in urls:
        store.feeds.add(url, now)
    with store._writing() as connection:
        seqs = dict(connection.execute(select(feeds.c.url, feeds.c.seq).where(feeds.c.url.in_(urls))).all())
        for number, url in enumerate(urls):
            carried = select(literal(seqs[url]), articles.c.seq).where(articles.c.seq % FEEDS == number)
            connection.execute(insert(feed_articles).from_select(["feed_seq", "article_seq"], carried))
    password = hash_password("bench reader's password")  # once: argon2 is not what is measured
    app_password = hash_password(APP_PASSWORD)
    chooser = random.Random(seed)
    names, cookies = [], []
    for index in range(READERS):
        name = f"bench-reader-{index}"
        reader = store.readers.add(name, password, now)
        store.readers.set_api_password(name, app_password)  # their apps' (the sync APIs)
        for url in chooser.sample(urls, FOLLOWED):
            store.subscriptions(reader).follow(url, now)
        names.append(name)
        cookies.append(f"{SESSION_COOKIE}={Sessions(store).open(reader)}")
    with store._writing() as connection:
        for index, name in enumerate(names):
            _add_state(connection, name, index)
        read = connection.execute(select(func.count()).select_from(item_states)).scalar_one()
        starred = connection.execute(
            select(func.count()).select_from(item_states).where(item_states.c.starred_at.is_not(None))
        ).scalar_one()
    return SignedIn(names, cookies, int(read), int(starred))


def _add_state(connection: Connection, name: str, index: int) -> None:
    """Read about READ_PERCENT of the items (of all of them: the state of an item a reader does not
    see is never shown) and star a few of those, picked by a hash of the item and the reader."""
    reader_seq = select(readers.c.seq).where(readers.c.name == name).scalar_subquery()
    now = utc_stamp()

    def spread(item: ColumnElement[int]) -> ColumnElement[int]:
        return (item * 7_919 + index * 104_729) % 1_000

    item = func.coalesce(article_merge.c.copy_of, articles.c.seq)
    read = (
        select(reader_seq, item, literal(now), literal(now))
        .select_from(articles.outerjoin(article_merge, article_merge.c.article_seq == articles.c.seq))
        .where(spread(item) < READ_PERCENT * 10)
        .distinct()
    )
    connection.execute(
        insert(item_states).from_select(["reader_seq", "item_seq", "read_at", "changed_at"], read)
    )
    starred = item_states.c.reader_seq == reader_seq, spread(item_states.c.item_seq) < STARRED_PER_MILLE
    connection.execute(update(item_states).where(*starred).values(starred_at=now))


def sign_out_readers(store: Store, names: list[str]) -> None:
    """Remove the readers (the owner last, which gives the row back to the local reader), their
    state, and the bench's feeds."""
    owner = store.readers.owner()
    for name in sorted(names, key=lambda name: owner is not None and name == owner.name):
        store.readers.remove(name)
    urls = [FEED_URL.format(number=number) for number in range(FEEDS)]
    with store._writing() as connection:
        connection.execute(delete(item_states))
        bench_feeds = select(feeds.c.seq).where(feeds.c.url.in_(urls))
        connection.execute(delete(feed_articles).where(feed_articles.c.feed_seq.in_(bench_feeds)))
        connection.execute(delete(feeds).where(feeds.c.url.in_(urls)))
