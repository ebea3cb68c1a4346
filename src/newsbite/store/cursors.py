"""Opaque page cursors: the sort key and sequence number of a page's last row, base64'd JSON.

A cursor comes back from whoever holds it, so decoding checks it is the shape this store hands
out before any of it reaches a query: a value no column can hold (a number past BIGINT, a NUL)
would otherwise fail in the database, as a 500 or a 503 instead of the caller's mistake.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from datetime import datetime

# Sort keys are UTC times as the store writes them (store.utc_stamp), and sequence numbers are
# row ids: from 1 up to the largest BIGINT (PostgreSQL's column; SQLite's INTEGER is as wide).
SORT_KEY_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
LARGEST_SEQ = 2**63 - 1


class InvalidCursor(ValueError):
    """A cursor this store did not hand out."""


def encode_cursor(sort_key: str, seq: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([sort_key, seq]).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, int]:
    """The sort key and sequence number in a cursor this store handed out; InvalidCursor for
    anything else (not base64 or JSON, another shape, a time or number it never writes)."""
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError, binascii.Error):
        decoded = None
    match decoded:
        # `bool` is an `int` to Python, but `true` is no row's number.
        case [str() as sort_key, int() as seq] if (
            not isinstance(seq, bool) and 1 <= seq <= LARGEST_SEQ and _is_sort_key(sort_key)
        ):
            return sort_key, seq
    raise InvalidCursor(f"cursor {cursor!r} is not one this store handed out")


def encode_rank_cursor(rank: float, seq: int) -> str:
    """A cursor for a listing ranked by a computed score (the stories' importance)."""
    return base64.urlsafe_b64encode(json.dumps(["rank", rank, seq]).encode()).decode().rstrip("=")


def decode_rank_cursor(cursor: str) -> tuple[float, int]:
    """The rank and sequence number in a rank cursor this store handed out; InvalidCursor else."""
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError, binascii.Error):
        decoded = None
    match decoded:
        case ["rank", float() | int() as rank, int() as seq] if (
            not isinstance(rank, bool)
            and not isinstance(seq, bool)
            and math.isfinite(rank)
            and 1 <= seq <= LARGEST_SEQ
        ):
            return float(rank), seq
    raise InvalidCursor(f"cursor {cursor!r} is not one this store handed out")


def _is_sort_key(text: str) -> bool:
    """Whether `text` is a time exactly as the store writes one (so it reads back the same)."""
    try:
        return datetime.strptime(text, SORT_KEY_FORMAT).strftime(SORT_KEY_FORMAT) == text
    except ValueError:
        return False
