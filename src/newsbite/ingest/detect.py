"""Tell what kind of document a text is from its content, whatever its file is called."""

from __future__ import annotations

import json
import re

from newsbite.model import DocumentKind

_HEAD_CHARS = 4096
_HTML_START = re.compile(
    r"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|article|div|p)\b", re.I | re.S
)
_HTML_BLOCK_TAG = re.compile(r"</(p|div|article|section|h[1-6]|li)>|<br\s*/?>", re.I)
# A text that merely mentions a tag or two is still text; markup around most lines is HTML.
_MIN_BLOCK_TAGS = 3


def looks_like_json(text: str) -> bool:
    """True when the text starts like a JSON object or array of records."""
    return text.lstrip()[:1] in {"{", "["}


def looks_like_jsonl(first_line: str, complete: bool = True) -> bool:
    """True when a first line is a complete JSON object on its own: the start of a JSONL file.

    A first line longer than what could be looked at (`complete` False) that opens an object
    is taken as a JSONL record too: a pretty-printed JSON object's first line is a bare `{`.
    """
    if not complete:
        return first_line.lstrip().startswith("{") and len(first_line.strip()) > 1
    line = first_line.strip()
    if not (line.startswith("{") and line.endswith("}")):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except RecursionError:
        return True  # an object nested too deeply to parse: the records reader reports that line
    except ValueError:
        return False


def detect_kind(text: str) -> DocumentKind:
    """HTML when the text starts as markup or is mostly tagged blocks; otherwise plain TEXT."""
    head = text[:_HEAD_CHARS]
    if _HTML_START.match(head) or len(_HTML_BLOCK_TAG.findall(head)) >= _MIN_BLOCK_TAGS:
        return DocumentKind.HTML
    return DocumentKind.TEXT
