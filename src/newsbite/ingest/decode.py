"""Bytes to text: refuse what is not text, decode what is in whatever encoding it came in."""

from __future__ import annotations

import codecs
import contextlib
import re

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from newsbite.errors import BinaryInput, EmptyInput

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# A charset declared in the first bytes of an HTML or XML document (<meta charset>, encoding=).
_DECLARED_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_DECLARATION_BYTES = 2048
# Without a BOM, an XML document in UTF-16 or UTF-32 still announces itself: its first
# characters are "<?" (XML 1.0, Appendix F).
_XML_WIDE_STARTS = (
    (b"\x3c\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00\x3c", "utf-32-be"),
    (b"\x3c\x00\x3f\x00", "utf-16-le"),
    (b"\x00\x3c\x00\x3f", "utf-16-be"),
)
# The WHATWG Encoding Standard's default for undeclared 8-bit Western text.
_WESTERN_DEFAULT = "cp1252"
# Text never holds NUL bytes outside UTF-16/32 (which usually announce themselves with a BOM);
# images, archives and executables almost always do within their first few kilobytes.
_SNIFF_BYTES = 8192
# UTF-16 without a BOM shows as a NUL in the high byte of every ASCII character (spaces and
# punctuation too), so on one side of every other byte: in at least this share of the characters
# of any text with some English in it. Binary data has NULs on both sides, or few of them.
_UTF16_MIN_ZERO_HIGH_BYTES = 0.25
# ...and almost never in the low byte, which is NUL only for characters such as U+0100 or U+4E00.
_UTF16_MAX_ZERO_LOW_BYTES = 0.01


def decode_bytes(data: bytes, origin: str) -> str:
    """Decode `data` as text: BOM, UTF-16 without one, declared charset, UTF-8, else the likeliest
    8-bit encoding.

    Raises EmptyInput for nothing but whitespace and BinaryInput for content that is not text.
    """
    if not data.strip():
        raise EmptyInput(origin, "the input is empty")
    for start, encoding in _BOMS + _XML_WIDE_STARTS:
        if data.startswith(start):
            return _check_text(data.decode(encoding, errors="replace"), origin)
    if b"\x00" in data[:_SNIFF_BYTES]:
        text = _bomless_utf16(data)
        if text is not None:
            return _check_text(text, origin)
        raise BinaryInput(origin, "the input is binary, not text (it contains NUL bytes)")
    for encoding in (_declared_encoding(data), "utf-8"):
        if encoding:
            try:
                return _check_text(data.decode(encoding), origin)
            except UnicodeDecodeError:
                pass
    return _check_text(_guess_8bit(data, origin), origin)


def _bomless_utf16(data: bytes) -> str | None:
    """The text, when `data` reads as UTF-16 (little- or big-endian) without a BOM: NULs on one
    side of every other byte, decoding without error; None otherwise. Whether the text is
    printable is for `_check_text` to judge (every other byte NUL around random ones reads as a
    quarter of control characters)."""
    sample = data[: _SNIFF_BYTES - _SNIFF_BYTES % 2]
    units = len(sample) // 2
    if not units or len(data) % 2:
        return None
    zeros_at_even, zeros_at_odd = sample[0::2].count(0), sample[1::2].count(0)
    for encoding, zero_high, zero_low in (
        ("utf-16-le", zeros_at_odd, zeros_at_even),
        ("utf-16-be", zeros_at_even, zeros_at_odd),
    ):
        if zero_high >= units * _UTF16_MIN_ZERO_HIGH_BYTES and zero_low <= units * _UTF16_MAX_ZERO_LOW_BYTES:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:  # an unpaired surrogate: not UTF-16 after all
                return None
    return None


def _declared_encoding(data: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(data[:_DECLARATION_BYTES])
    if not match:
        return None
    try:
        return codecs.lookup(match[1].decode("ascii")).name
    except LookupError:
        return None


def _guess_8bit(data: bytes, origin: str) -> str:
    """Windows-1252 unless charset-normalizer finds an encoding that reads as less of a mess.

    With only a few non-ASCII bytes charset-normalizer cannot tell code pages apart and may pick
    an exotic one, so the web's default wins ties.
    """
    candidates: list[str] = []
    with contextlib.suppress(UnicodeDecodeError):
        candidates.append(data.decode(_WESTERN_DEFAULT))
    best = from_bytes(data).best()
    if best is not None:
        candidates.append(str(best))
    if not candidates:
        raise BinaryInput(origin, "the input is not text in any encoding NewsBite recognises")
    return min(candidates, key=lambda text: mess_ratio(text[:_SNIFF_BYTES]))


def _check_text(text: str, origin: str) -> str:
    sample = text[:_SNIFF_BYTES]
    control = sum(1 for char in sample if char < " " and char not in "\t\n\r\f")
    # A few stray control characters happen in scraped text; a tenth of them means binary data.
    if control > len(sample) / 10:
        raise BinaryInput(origin, "the input is binary, not text (too many control characters)")
    if not text.strip():
        raise EmptyInput(origin, "the input is empty")
    return text
