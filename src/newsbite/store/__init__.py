"""Store: processed articles in SQLite (the default) or PostgreSQL, chosen by NEWSBITE_DATABASE."""

from newsbite.store.cursors import InvalidCursor
from newsbite.store.errors import DatabaseURLError, ReaderError, StoreError
from newsbite.store.feeds import FLAG_AFTER_FAILURES, FeedList, FeedSource
from newsbite.store.merging import StoredMerge
from newsbite.store.readers import Reader, ReaderList, Token
from newsbite.store.states import ItemStates
from newsbite.store.store import (
    MAX_PAGE,
    AddOutcome,
    ArticleQuery,
    Page,
    Store,
    open_store,
    open_store_without_migrating,
    stored_id,
    utc_stamp,
)
from newsbite.store.stories import StoryList
from newsbite.store.subscriptions import Subscription, SubscriptionList

__all__ = [
    "FLAG_AFTER_FAILURES",
    "MAX_PAGE",
    "AddOutcome",
    "ArticleQuery",
    "DatabaseURLError",
    "FeedList",
    "FeedSource",
    "InvalidCursor",
    "ItemStates",
    "Page",
    "Reader",
    "ReaderError",
    "ReaderList",
    "Store",
    "StoreError",
    "StoredMerge",
    "StoryList",
    "Subscription",
    "SubscriptionList",
    "Token",
    "open_store",
    "open_store_without_migrating",
    "stored_id",
    "utc_stamp",
]
