"""What the store raises: SQLAlchemy's and the drivers' errors translated where they enter."""

from __future__ import annotations

from newsbite.errors import NewsBiteError


class StoreError(NewsBiteError):
    """The database cannot be opened, read or written; `origin` names the database (no password)."""


class DatabaseURLError(StoreError):
    """NEWSBITE_DATABASE is not a URL of a database NewsBite can use; `origin` is the setting."""


class ReaderError(NewsBiteError):
    """A user cannot be added, changed or removed as asked (a name taken, no such user, the owner
    while others remain); `origin` is the name."""
