"""Store: processed articles in SQLite (the default) or PostgreSQL, chosen by NEWSBITE_DATABASE."""

from newsbite.store.engine import database_url, default_database_url
from newsbite.store.errors import DatabaseURLError, StoreError
from newsbite.store.store import (
    MAX_PAGE,
    AddOutcome,
    ArticleQuery,
    InvalidCursor,
    Page,
    Store,
    open_store,
    stored_id,
)

__all__ = [
    "MAX_PAGE",
    "AddOutcome",
    "ArticleQuery",
    "DatabaseURLError",
    "InvalidCursor",
    "Page",
    "Store",
    "StoreError",
    "database_url",
    "default_database_url",
    "open_store",
    "stored_id",
]
