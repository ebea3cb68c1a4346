"""Opaque page cursors: the sort key and sequence number of a page's last row, base64'd JSON."""

from __future__ import annotations

import base64
import binascii
import json


class InvalidCursor(ValueError):
    """A cursor this store did not hand out."""


def encode_cursor(sort_key: str, seq: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([sort_key, seq]).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, int]:
    try:
        sort_key, seq = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if isinstance(sort_key, str) and isinstance(seq, int):
            return sort_key, seq
    except (ValueError, TypeError, binascii.Error):
        pass
    raise InvalidCursor(f"cursor {cursor!r} is not one this store handed out")
