"""Document kinds are told from content, whatever the file is called."""

from __future__ import annotations

import pytest

from newsbite.ingest.detect import detect_kind, looks_like_jsonl
from newsbite.model import DocumentKind


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><html><body><p>Hi</p></body></html>",
        "  <!-- saved page -->\n<html lang='en'><head><title>x</title></head></html>",
        "<p>One.</p>\n<p>Two.</p>\n<p>Three.</p>",
        "Scraped intro line\n<div>block</div><div>block</div><br/>",
    ],
)
def test_markup_is_html(text: str) -> None:
    assert detect_kind(text) is DocumentKind.HTML


@pytest.mark.parametrize(
    "text",
    [
        "World\n\nHeadline here\n\nBody paragraph that mentions the <p> tag once.",
        "Plain text with a less-than sign: 3 < 5 and an arrow -> here.",
    ],
)
def test_prose_is_text(text: str) -> None:
    assert detect_kind(text) is DocumentKind.TEXT


def test_jsonl_first_line_must_be_a_whole_object() -> None:
    assert looks_like_jsonl('{"id": 1, "text": "a"}')
    assert not looks_like_jsonl('{"id": 1,')
    assert not looks_like_jsonl("[1, 2]")
