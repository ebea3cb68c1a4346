"""The optional abstractive bite, from a model server that speaks the OpenAI chat API.

Set `NEWSBITE_LLM_URL` (the API base, e.g. http://127.0.0.1:8080/v1, as llama.cpp's server,
vLLM or Ollama expose it) and `NEWSBITE_LLM_MODEL`. The model is asked for a short bite that
keeps every claim attributed. What it writes is checked before use: a bite naming a name or a
number the article does not contain is rejected, as is one far over the budget, and the
extractive bite is used instead. A server that is down or answers nonsense does the same, with a
warning; it never fails the article.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

import httpx

from newsbite.bite.features import WORD
from newsbite.bite.sentences import split_sentences
from newsbite.config import Settings
from newsbite.model import Article, Bite

log = logging.getLogger(__name__)

SYSTEM_PROMPT = (
    "You write the bite of a news article: the two or three sentences a busy reader reads instead "
    "of the article. Use only facts stated in the article. Keep every claim attributed to whoever "
    "made it ('Russia says it captured the town'); never state a claim as fact. If a claim is "
    "denied in the article, include the denial. Use names and numbers exactly as the article "
    "writes them. Write one sentence per line, no heading, no bullet points."
)
# Room an abstractive bite gets past the word budget before it is judged too long.
BUDGET_SLACK = 1.5
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_NAME = re.compile(r"\b[A-Z][\w'’]*")


def llm_bite(article: Article, fallback: Bite, settings: Settings) -> Bite:
    """The model's bite if it passes the faithfulness check, else `fallback`."""
    try:
        text = request_bite(article, settings)
    except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as error:
        log.warning(
            "%s: the LLM server gave no usable bite (%s); using the extractive bite", article.origin, error
        )
        return fallback
    problems = unfaithful(text, article.text, settings.bite_words)
    if problems:
        log.warning("%s: the LLM bite was rejected (%s); using the extractive bite", article.origin, problems)
        return fallback
    sentences = [
        sentence for line in text.splitlines() for sentence in split_sentences(line, article.language)
    ]
    return replace(fallback, sentences=sentences, sentence_ids=[], method="llm")


def request_bite(article: Article, settings: Settings) -> str:
    """The model's answer to the bite prompt for `article`."""
    if not settings.llm_model:
        raise ValueError("NEWSBITE_LLM_MODEL is not set")
    headers = {"Authorization": f"Bearer {settings.llm_api_key}"} if settings.llm_api_key else {}
    prompt = f"Headline: {article.headline or '(none)'}\n\nArticle:\n{article.body_text}\n\n"
    prompt += f"Write the bite in at most {settings.bite_words} words."
    response = httpx.post(
        settings.llm_url.rstrip("/") + "/chat/completions",
        json={
            "model": settings.llm_model,
            "temperature": 0,
            "messages": [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": prompt}],
        },
        headers=headers,
        timeout=settings.llm_timeout_seconds,
    )
    response.raise_for_status()
    content = response.json()["choices"][0]["message"]["content"]
    if not isinstance(content, str) or not content.strip():
        raise ValueError("the answer is empty")
    return content.strip()


def unfaithful(bite: str, article_text: str, word_budget: int) -> str | None:
    """Why `bite` cannot be trusted against the article, or None when it passes."""
    words = len(WORD.findall(bite))
    if words > word_budget * BUDGET_SLACK:
        return f"{words} words, over the budget of {word_budget}"
    article_numbers = {_plain(number) for number in _NUMBER.findall(article_text)}
    missing_numbers = [number for number in _NUMBER.findall(bite) if _plain(number) not in article_numbers]
    if missing_numbers:
        return f"numbers not in the article: {', '.join(missing_numbers)}"
    article_words = {_without_possessive(word) for word in WORD.findall(article_text)}
    article_lowered = {word.lower() for word in article_words}
    missing_names = sorted(
        {
            name
            for name, first in _capitalised(bite)
            if name not in article_words and not (first and name.lower() in article_lowered)
        }
    )
    if missing_names:
        return f"names not in the article: {', '.join(missing_names)}"
    return None


def _capitalised(text: str) -> list[tuple[str, bool]]:
    """Each capitalised word, and whether it opens its sentence (so may be an ordinary word)."""
    words = []
    for sentence in split_sentences(text.replace("\n", " ")):
        opened = sentence.lstrip("\"'“‘")
        words += [
            (_without_possessive(match.group()), match.start() == 0) for match in _NAME.finditer(opened)
        ]
    return words


def _without_possessive(word: str) -> str:
    return re.sub(r"['’]s$", "", word)


def _plain(number: str) -> str:
    return number.replace(",", "").rstrip(".")
