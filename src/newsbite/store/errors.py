"""What the store raises: SQLAlchemy's and the drivers' errors translated where they enter."""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot be opened, read or written; the message names the database (no password)."""


class DatabaseURLError(StoreError, ValueError):
    """NEWSBITE_DATABASE is not a URL of a database NewsBite can use."""
