"""Syndicated copies of an article, rewritten the way republishing sites rewrite wire stories.

Each copy is a scraped text dump (what `newsbite bite` reads) of the same body with some of:
a new headline, the first or last paragraph dropped, a footer and label lines added (outlet
furniture, an "Originally published as" line, an agency slug), one sentence edited, and
encoding and whitespace changes (curly or straight quotes, no-break spaces, CRLF, doubled
spaces, a patch of mojibake). Seeded: copy `k` of an article depends only on the seed, the
article and `k`.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

OUTLETS = ("harbourherald.example", "dailyledger.example", "northerntimes.example", "coastpost.example")
LABELS = (
    "Advertisement",
    "Share this article",
    "Read more:",
    "Sign up for our morning newsletter",
    "Most read",
    "Picture: Supplied",
)
SLUGS = ("bur-cad-jbr/oc", "sst/jm/bgs", "wd/rlp", "dk/ach/sw")
HEADLINE_OPENERS = ("LIVE:", "UPDATE:", "Breaking:", "Explained:", "What we know:")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_NUMBER = re.compile(r"\b\d+\b")


@dataclass(frozen=True)
class Source:
    """An article to syndicate: its id, headline and body paragraphs."""

    id: str
    headline: str
    paragraphs: list[str]


def syndicated_copy(source: Source, seed: int, copy: int) -> str:
    """Copy number `copy` of `source` as a republishing site's scraped page text."""
    rng = random.Random(f"{seed}:{source.id}:{copy}")
    paragraphs = list(source.paragraphs)
    if len(paragraphs) >= 4 and rng.random() < 0.5:
        paragraphs.pop(0 if rng.random() < 0.5 else -1)
    if rng.random() < 0.7:
        paragraphs = _edit_one_sentence(paragraphs, rng)
    headline = _new_headline(source, rng) if rng.random() < 0.8 else source.headline
    lines = [headline, ""]
    for paragraph in paragraphs:
        lines += [paragraph, ""]
        if rng.random() < 0.08:
            lines += [rng.choice(LABELS), ""]
    if rng.random() < 0.5:
        lines += [rng.choice(SLUGS), ""]
    if rng.random() < 0.6:
        lines += [f"Originally published as {source.headline}", ""]
    text = "\n".join(lines)
    return _re_encode(text, rng)


def _new_headline(source: Source, rng: random.Random) -> str:
    words = source.headline.split()
    if len(words) > 6 and rng.random() < 0.5:
        cut = rng.randint(4, len(words) - 1)
        return " ".join(words[:cut]).rstrip(",:;")
    return f"{rng.choice(HEADLINE_OPENERS)} {source.headline}"


def _edit_one_sentence(paragraphs: list[str], rng: random.Random) -> list[str]:
    index = rng.randrange(len(paragraphs))
    sentences = _SENTENCE.split(paragraphs[index])
    at = rng.randrange(len(sentences))
    sentence = sentences[at]
    if _NUMBER.search(sentence) and rng.random() < 0.5:
        sentence = _NUMBER.sub(lambda match: str(int(match[0]) + rng.randint(1, 9)), sentence, count=1)
    else:
        words = sentence.split()
        if len(words) > 4:
            del words[rng.randrange(1, len(words))]
            words.insert(rng.randrange(1, len(words)), rng.choice(("also", "reportedly", "now", "then")))
        sentence = " ".join(words)
    sentences[at] = sentence
    return [*paragraphs[:index], " ".join(sentences), *paragraphs[index + 1 :]]


def _re_encode(text: str, rng: random.Random) -> str:
    if rng.random() < 0.4:
        text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    elif rng.random() < 0.4:
        text = re.sub(r"(\w)'(\w)", "\\1’\\2", text)
    if rng.random() < 0.3:
        text = text.replace(". ", ".\u00a0", 3)
    if rng.random() < 0.3:
        text = text.replace(" ", "  ", 5)
    if rng.random() < 0.2:  # a patch of UTF-8 read as Windows-1252, as badly configured sites print it
        start = rng.randrange(max(1, len(text) - 200))
        patch = text[start : start + 200]
        text = text[:start] + patch.encode("utf-8").decode("cp1252", errors="replace") + text[start + 200 :]
    if rng.random() < 0.3:
        text = text.replace("\n", "\r\n")
    return text
