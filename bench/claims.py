"""Who claims what, and where: NewsBite on the project's own annotated passages (issue 22).

The passages are tests/fixtures/claims/cases.jsonl (see its README): short wire-style texts written
for NewsBite, each annotated as a reader would, with every third case kept aside ("heldout") and
scored in its own column. Each passage goes through NewsBite as a JSON record `{"id", "text"}`
through the clean and understand stages (the bite adds nothing to claims or places), and is scored
from its `analysis.claims` and `analysis.places`.

Matching rules:

- Party+stance. A predicted claim matches an expected statement when the stances are equal and
  the predicted party matches the expected party or one of its `party_aliases`. Parties are
  compared as words, case-insensitively and without accents ("'s" is a word of its own, other
  punctuation is dropped): equal word lists match; otherwise, only when the predicted party is at
  most 6 words long, the expected words may be a contiguous run of the predicted ones or the
  predicted words a contiguous run of the expected ones ("electoral commission" matches "the
  electoral commission"), provided the contained run holds a word other than "the", "a", "an",
  "of", "for", "in" or "s". The expected party followed by the modifier that follows it in the
  text (a preposition and at most 6 words: "A teacher at a state school in Toledo" for "A
  teacher at a state school") matches too, as the README accepts the whole noun phrase as
  written. A predicted claim without a party matches nothing. Each expected
  statement is matched at most once, and each predicted claim at most once (a maximum matching,
  so the order of claims does not decide the count; of the maximum matchings, the one keeping the
  text's order, so that two statements of one party and stance pair in the order they were
  made). Precision is matched / predicted, recall
  matched / expected.
- Denial links. Of the expected denials, confirmations and no-comments whose `answers` is set,
  the share whose matched predicted claim has a `contradicts` pointing at a predicted claim that
  matches (by the rule above) the expected statement answered. An unmatched one is a miss.
- Places. An expected place is found when a predicted place's name, its name before the first
  comma ("Paris" in "Paris, Texas") or one of its aliases equals the expected name
  (case-insensitive, without accents); it is in the right country when one such place has the
  expected ISO 3166-1 `country`. A `not_places` string mapped is one equal (the same way) to a
  predicted place's name or alias, whatever its country; there must be none.

Stories (tests/fixtures/claims/stories.jsonl): two or three reports of one event by different
outlets, annotated with the story's statements (each once, with the reports that carried it and
the statement it answers). Each report goes through clean and understand as a JSON record; the
story's claims are then `merge.story_claims` over the reports in time order, scored by the rules
above (a story claim's `answers` as its link), and "carried by" is the share of matched
statements whose reports are exactly the expected ones. A story's places are its reports'.

Misses are printed for the dev cases only (`--show-misses`); the heldout ones only when asked for
by name (`--show-heldout-misses`), since the heldout third is not for tuning.

    python bench/claims.py [--cases PATH] [--stories PATH] [--show-misses] [--show-heldout-misses]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from scipy.optimize import linear_sum_assignment

from newsbite.config import Settings
from newsbite.errors import NewsBiteError
from newsbite.merge.story_claims import Report, story_claims
from newsbite.model import Analysis, Article, Claim, Document, DocumentKind, Place
from newsbite.pipeline import Pipeline
from newsbite.schema import article_to_dict

CASES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "claims" / "cases.jsonl"
STORIES = CASES.with_name("stories.jsonl")
SPLITS = ("dev", "heldout")
STANCES = ("claim", "denial", "confirmation", "no_comment")
MAX_CONTAINING_WORDS = 6
_EMPTY_WORDS = frozenset({"the", "a", "an", "of", "for", "in", "s"})
_MODIFYING_PREPOSITIONS = frozenset({"in", "at", "near", "from", "on", "of", "for", "with"})


@dataclass
class Tally:
    """Counts over a set of cases; `misses` holds one line per miss, by case id."""

    predicted: int = 0
    expected: int = 0
    matched: int = 0
    expected_by_stance: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STANCES, 0))
    matched_by_stance: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STANCES, 0))
    links: int = 0
    links_right: int = 0
    places: int = 0
    places_found: int = 0
    places_right: int = 0
    not_places: int = 0
    not_places_mapped: int = 0
    carried: int = 0
    carried_right: int = 0
    passages: int = 0
    analysed: int = 0
    misses: dict[str, list[str]] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        for name, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)
        for stance in STANCES:
            self.expected_by_stance[stance] += other.expected_by_stance[stance]
            self.matched_by_stance[stance] += other.matched_by_stance[stance]
        self.misses.update(other.misses)


def load_cases(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def analyses(cases: Sequence[dict], settings: Settings) -> list[Analysis | None]:
    """Each passage's analysis, through clean and understand as a JSON record; None when it fails
    or is skipped (not read as English)."""
    records = [(f"cases.jsonl:{case['id']}", {"id": case["id"], "text": case["text"]}) for case in cases]
    return [
        article.analysis if article is not None and article.analysis.skipped is None else None
        for article in understood(records, settings)
    ]


def understood(records: Sequence[tuple[str, dict]], settings: Settings) -> list[Article | None]:
    """Each JSON record through clean and understand; None when it fails or was not analysed."""
    documents = [Document(name, DocumentKind.RECORD, record=record) for name, record in records]
    results: list[Article | None] = []
    for outcome in Pipeline(settings, ["clean", "understand"]).run(documents):
        results.append(None if isinstance(outcome, NewsBiteError) or outcome.analysis is None else outcome)
    return results


def story_results(
    stories: Sequence[dict], settings: Settings
) -> list[tuple[list[dict], list[Place], list[dict]]]:
    """Each story's claims (`merge.story_claims` over its reports), its reports' places, and the
    baseline's claims (`reports_apart`)."""
    records = [
        (
            f"stories.jsonl:{story['id']}:{n}",
            {"id": f"{story['id']}-{n}", "title": a["title"], "text": a["text"]},
        )
        for story in stories
        for n, a in enumerate(story["articles"])
    ]
    articles = iter(understood(records, settings))
    results = []
    for story in stories:
        reports, places = [], []
        for n, source in enumerate(story["articles"]):
            article = next(articles)
            if article is None:
                continue
            places += article.analysis.places
            document = article_to_dict(article)
            reports.append(
                Report(str(n), source["outlet"], source["outlet"], source["published"], None, document)
            )
        reports.sort(key=lambda report: report.time or "")
        results.append((story_claims(reports), places, reports_apart(reports)))
    return results


def reports_apart(reports: list[Report]) -> list[dict]:
    """The baseline, as stories listed claims before issue 22: each report's claims one after the
    other, every one its own entry, linked only within its report."""
    listed: list[dict] = []
    for report in reports:
        offset = len(listed)
        for claim in report.document.get("claims", []):
            answered = claim.get("contradicts")
            answers = None if answered is None else offset + answered
            listed.append({**claim, "answers": answers, "articles": [report.article]})
    return listed


def score_story(story: dict, claims: list[dict], places: list[Place]) -> Tally:
    """A story scored as a passage whose statements are the story's, plus "carried by"."""
    predicted = [
        Claim(claim["party"], claim["stance"], claim["text"], 0, 0, claim["answers"]) for claim in claims
    ]
    case = {**story, "stances": story["claims"]}
    tally = score_case(case, Analysis(text="", claims=predicted, places=places))
    for expected_index, predicted_index in maximum_matching(predicted, story["claims"]).items():
        tally.carried += 1
        carried = sorted(int(article) for article in claims[predicted_index]["articles"])
        if carried == sorted(story["claims"][expected_index]["articles"]):
            tally.carried_right += 1
        else:
            tally.misses.setdefault(story["id"], []).append(
                f"carried {_claim_line(predicted[predicted_index])} by reports {carried},"
                f" expected {story['claims'][expected_index]['articles']}"
            )
    return tally


def words(text: str) -> list[str]:
    """Lower-case words without accents; "'s" a word of its own ("s"), other punctuation dropped."""
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
    )
    folded = re.sub(r"['\u2019]s\b", " s", folded)
    return re.findall(r"\w+", folded)


def _contains(outer: list[str], inner: list[str]) -> bool:
    if not inner or not set(inner) - _EMPTY_WORDS:
        return False
    size = len(inner)
    return any(outer[start : start + size] == inner for start in range(len(outer) - size + 1))


def party_matches(predicted: str | None, names: Iterable[str]) -> bool:
    """The rule in the module's docstring."""
    if not predicted:
        return False
    ours = words(predicted)
    for name in names:
        theirs = words(name)
        if ours == theirs and ours:
            return True
        if len(ours) <= MAX_CONTAINING_WORDS and (_contains(ours, theirs) or _contains(theirs, ours)):
            return True
        if _with_its_modifier(ours, theirs):
            return True
    return False


def _with_its_modifier(ours: list[str], theirs: list[str]) -> bool:
    """Whether the predicted party is the expected one with the modifier that follows it in the
    text ("A teacher at a state school in Toledo" for "A teacher at a state school"): the README
    accepts the whole noun phrase as written, whether or not the annotator listed it."""
    rest = ours[len(theirs) :]
    return (
        bool(theirs)
        and ours[: len(theirs)] == theirs
        and 0 < len(rest) <= MAX_CONTAINING_WORDS
        and rest[0] in _MODIFYING_PREPOSITIONS
    )


def claim_matches(claim: Claim, expected: dict) -> bool:
    names = [expected["party"], *expected.get("party_aliases", [])]
    return claim.stance == expected["stance"] and party_matches(claim.party, names)


def maximum_matching(claims: list[Claim], expected: list[dict]) -> dict[int, int]:
    """Expected index -> predicted index, as many pairs as can be; of the matchings that many,
    the one that keeps the text's order best (two statements of one party and stance pair in the
    order they were made, not in whichever order a search for more pairs left them)."""
    if not claims or not expected:
        return {}
    unmatched = 1.0 + len(claims) + len(expected)  # costs more than any reordering saves
    cost = np.full((len(expected), len(claims)), unmatched)
    for e, item in enumerate(expected):
        for p, claim in enumerate(claims):
            if claim_matches(claim, item):
                cost[e, p] = abs(e / len(expected) - p / len(claims))
    rows, columns = linear_sum_assignment(cost)
    return {int(e): int(p) for e, p in zip(rows, columns, strict=True) if cost[e, p] < unmatched}


def fold(name: str) -> str:
    return " ".join(words(name))


def place_names(place: Place) -> set[str]:
    return {fold(place.name), fold(place.name.split(",")[0]), *(fold(alias) for alias in place.aliases)}


def _claim_line(claim: Claim) -> str:
    text = claim.text if len(claim.text) <= 70 else claim.text[:67] + "..."
    return f"{claim.stance} by {claim.party!r}: {text!r}"


def score_case(case: dict, analysis: Analysis | None) -> Tally:
    tally = Tally(passages=1, analysed=int(analysis is not None))
    claims = analysis.claims if analysis is not None else []
    places = analysis.places if analysis is not None else []
    expected = case["stances"]
    misses: list[str] = [] if analysis is not None else ["the passage was not analysed"]
    pairs = maximum_matching(claims, expected)
    tally.predicted, tally.expected, tally.matched = len(claims), len(expected), len(pairs)
    for index, item in enumerate(expected):
        tally.expected_by_stance[item["stance"]] += 1
        if index in pairs:
            tally.matched_by_stance[item["stance"]] += 1
        else:
            misses.append(f"missed {item['stance']} by {item['party']!r} ({item['gist']})")
    matched_predictions = set(pairs.values())
    misses += [f"extra {_claim_line(c)}" for p, c in enumerate(claims) if p not in matched_predictions]
    for index, item in enumerate(expected):
        if item["stance"] == "claim" or item.get("answers") is None:
            continue
        tally.links += 1
        answered = expected[item["answers"]]
        claim = claims[pairs[index]] if index in pairs else None
        target = claims[claim.contradicts] if claim is not None and claim.contradicts is not None else None
        if target is not None and claim_matches(target, answered):
            tally.links_right += 1
            continue
        got = "unmatched" if claim is None else (_claim_line(target) if target else "no link")
        misses.append(
            f"link {item['stance']} by {item['party']!r} should answer {answered['stance']} by"
            f" {answered['party']!r}: {got}"
        )
    for place in case["places"]:
        tally.places += 1
        found = [p for p in places if fold(place["name"]) in place_names(p)]
        tally.places_found += bool(found)
        if any(p.country == place["country"] for p in found):
            tally.places_right += 1
        else:
            got = ", ".join(f"{p.name} in {p.country}" for p in found) or "not found"
            misses.append(f"place {place['name']} ({place['country']}): {got}")
    for name in case["not_places"]:
        tally.not_places += 1
        mapped = [p for p in places if fold(name) in place_names(p)]
        if mapped:
            tally.not_places_mapped += 1
            misses.append(
                f"non-place {name!r} taken as a place: "
                + ", ".join(f"{p.name} in {p.country}" for p in mapped)
            )
    if misses:
        tally.misses[case["id"]] = misses
    return tally


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "-"


def _f1(tally: Tally) -> str:
    if not tally.matched:
        return "0.000"
    precision, recall = tally.matched / tally.predicted, tally.matched / tally.expected
    return f"{2 * precision * recall / (precision + recall):.3f}"


def table(tallies: dict[str, Tally], title: str) -> Table:
    out = Table(title=title)
    out.add_column("measure")
    for name in tallies:
        out.add_column(name, justify="right")
    rows: list[tuple[str, list[str]]] = [
        ("passages analysed", [f"{t.analysed}/{t.passages}" for t in tallies.values()]),
        ("party+stance precision", [_ratio(t.matched, t.predicted) for t in tallies.values()]),
        ("party+stance recall", [_ratio(t.matched, t.expected) for t in tallies.values()]),
        ("party+stance F1", [_f1(t) for t in tallies.values()]),
    ]
    for stance in STANCES:
        cells = [_ratio(t.matched_by_stance[stance], t.expected_by_stance[stance]) for t in tallies.values()]
        rows.append((f"  recall, {stance.replace('_', '-')}s", cells))
    rows += [
        ("denial links", [_ratio(t.links_right, t.links) for t in tallies.values()]),
        ("places in the right country", [_ratio(t.places_right, t.places) for t in tallies.values()]),
        ("  places found (any country)", [_ratio(t.places_found, t.places) for t in tallies.values()]),
        (
            "non-places mapped (must be 0)",
            [f"{t.not_places_mapped} of {t.not_places}" for t in tallies.values()],
        ),
    ]
    if any(t.carried for t in tallies.values()):
        rows.insert(
            -3,
            ("carried by the right reports", [_ratio(t.carried_right, t.carried) for t in tallies.values()]),
        )
    for name, cells in rows:
        out.add_row(name, *cells)
    return out


def print_misses(console: Console, split: str, tally: Tally) -> None:
    console.print(f"\n[bold]Misses, {split}[/bold] ({len(tally.misses)} cases)")
    for case_id, lines in tally.misses.items():
        console.print(f"[bold]{case_id}[/bold]")
        for line in lines:
            console.print(f"  {escape(line)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=CASES, help="the annotated passages (JSONL)")
    parser.add_argument("--stories", type=Path, default=STORIES, help="the annotated stories (JSONL)")
    parser.add_argument("--show-misses", action="store_true", help="list the misses on the dev cases")
    parser.add_argument(
        "--show-heldout-misses", action="store_true", help="also list the heldout misses (not for tuning)"
    )
    args = parser.parse_args()
    if not args.cases.exists():
        print(f"error: {args.cases} not found", file=sys.stderr)
        return 1
    cases = load_cases(args.cases)
    settings = Settings()
    started = time.perf_counter()
    results = analyses(cases, settings)
    seconds = time.perf_counter() - started
    tallies = {split: Tally() for split in (*SPLITS, "all")}
    for case, analysis in zip(cases, results, strict=True):
        scored = score_case(case, analysis)
        tallies[case["split"]].add(scored)
        tallies["all"].add(scored)
    words_in = sum(len(case["text"].split()) for case in cases)
    console = Console(width=160)
    title = f"Claims, parties and places: {args.cases.name}, {len(cases)} passages, {words_in:,} words"
    console.print(table(tallies, title))
    console.print(
        f"Clean and understand over all passages: {seconds:.1f} s ({1000 * seconds / words_in:.2f} s / 1,000"
        " words, with loading spaCy and the gazetteer). Targets (issue 22, on heldout): party+stance"
        " precision and recall >= 0.90, denial links >= 0.85, places in the right country >= 0.95,"
        " no non-place mapped."
    )
    story_tallies = {split: Tally() for split in (*SPLITS, "all")}
    if args.stories.exists():
        stories = load_cases(args.stories)
        apart = {split: Tally() for split in (*SPLITS, "all")}
        for story, (claims, places, baseline) in zip(stories, story_results(stories, settings), strict=True):
            for tallies_of, found in ((story_tallies, claims), (apart, baseline)):
                scored = score_story(story, found, places)
                tallies_of[story["split"]].add(scored)
                tallies_of["all"].add(scored)
        reports = sum(len(story["articles"]) for story in stories)
        columns = {}
        for split in (*SPLITS, "all"):
            columns[split] = story_tallies[split]
            columns[f"{split}, apart"] = apart[split]
        console.print(
            table(columns, f"Stories: {args.stories.name}, {len(stories)} stories, {reports} reports")
        )
        console.print(
            '"apart" is the baseline: each report\'s claims listed apart and linked only within their report,'
            " as stories listed them before."
        )
    if args.show_misses:
        print_misses(console, "dev", tallies["dev"])
        print_misses(console, "dev stories", story_tallies["dev"])
    if args.show_heldout_misses:
        print_misses(console, "heldout", tallies["heldout"])
        print_misses(console, "heldout stories", story_tallies["heldout"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
