"""Quotes and their speakers on ../shared/eval/quotes: NewsBite beside textacy, in one run.

NewsBite is run the way a user runs it: each article as a JSON record `{"id", "text"}` through
the default pipeline (clean, understand, bite), and its quotes read from the article's JSON,
offsets into the record's `text`. textacy's `direct_quotations` runs on spaCy with the same
en_core_web_sm 3.8.0, paragraph by paragraph as the evaluation README describes. Quotation
marks alone are printed as a reference point. Every row is scored by the set's own score.py.

    python bench/quotes.py [--set dev] [--articles N] [--save-predictions DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path

from rich.console import Console
from rich.table import Table

from _eval import eval_folder, load_scorer
from newsbite.config import Settings
from newsbite.errors import NewsBiteError
from newsbite.ingest.records import stream_jsonl
from newsbite.pipeline import Pipeline
from newsbite.schema import article_to_dict
from newsbite.understand.marks import quoted_passages

ROWS = (("direct", "quote"), ("direct", "quote+speaker"), ("all", "quote"), ("all", "quote+speaker"))
Predictor = Callable[[list[dict]], Iterator[dict]]


def newsbite_predictions(gold: list[dict]) -> Iterator[dict]:
    """NewsBite's quotes for each article, from the JSON `newsbite bite --format jsonl` prints."""
    settings = Settings()
    lines = "".join(json.dumps({"id": doc["id"], "text": doc["text"]}) + "\n" for doc in gold)
    documents = stream_jsonl(io.BytesIO(lines.encode("utf-8")), "gold.jsonl", settings.max_document_bytes)
    for doc, outcome in zip(gold, Pipeline(settings).run(documents), strict=True):
        if isinstance(outcome, NewsBiteError):
            yield {"id": doc["id"], "quotes": []}
            continue
        article = article_to_dict(outcome)
        yield {"id": article["id"], "quotes": located(article["quotes"], article["text"], doc["text"])}


def located(quotes: list[dict], text: str, gold_text: str) -> list[dict]:
    """Quotes with offsets into the gold text: as given when the texts agree, else found by words."""
    if text == gold_text:
        return quotes
    placed = []
    for quote in quotes:
        start = gold_text.find(quote["text"])
        if start >= 0:
            placed.append(quote | {"start": start, "end": start + len(quote["text"])})
    return placed


def textacy_predictions(gold: list[dict]) -> Iterator[dict]:
    """textacy 0.13's direct_quotations per paragraph; paragraphs it refuses give nothing."""
    import spacy
    from textacy.extract.triples import direct_quotations

    nlp = spacy.load(Settings().spacy_model)
    for doc in gold:
        quotes = []
        for offset, paragraph in _paragraphs(doc["text"]):
            parsed = nlp(paragraph)
            try:
                found = list(direct_quotations(parsed))
            except ValueError:  # an odd number of quotation marks
                continue
            for triple in found:
                content = triple.content
                span = parsed[content[0].i : content[-1].i + 1]
                quotes.append(
                    {
                        "start": offset + span.start_char,
                        "end": offset + span.end_char,
                        "speaker": " ".join(token.text for token in triple.speaker) or None,
                    }
                )
        yield {"id": doc["id"], "quotes": quotes}


def marks_predictions(gold: list[dict]) -> Iterator[dict]:
    """Every passage between quotation marks, with no speaker (a reference, not a system)."""
    for doc in gold:
        passages = quoted_passages(doc["text"])
        quotes = [{"start": p.start, "end": p.end, "speaker": None} for p in passages]
        yield {"id": doc["id"], "quotes": quotes}


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            yield offset, line
        offset += len(line) + 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="dev", help="which file of the set: dev")
    parser.add_argument("--articles", type=int, default=0, help="score only the first N articles")
    parser.add_argument("--save-predictions", type=Path, help="write each system's predictions here")
    args = parser.parse_args()
    folder = eval_folder("quotes")
    gold_path = folder / f"{args.set}.jsonl"
    if not gold_path.exists():
        print(f"error: {gold_path} not found", file=sys.stderr)
        return 1
    score = load_scorer(folder).score
    gold = [json.loads(line) for line in gold_path.read_text("utf-8").splitlines() if line.strip()]
    if args.articles:
        gold = gold[: args.articles]
    words = sum(len(doc["text"].split()) for doc in gold)
    systems: list[tuple[str, Predictor]] = [
        ("NewsBite", newsbite_predictions),
        (f"textacy {version('textacy')} direct_quotations", textacy_predictions),
        ("quotation marks only (reference)", marks_predictions),
    ]
    table = Table(title=f"Quotes and speakers: {gold_path.name}, {len(gold)} articles, {words:,} words")
    table.add_column("system")
    for subset, metric in ROWS:
        table.add_column(f"{subset} {metric}\nP / R / F1", justify="right")
    table.add_column("s / 1,000 words", justify="right")
    results = {}
    for name, predict in systems:
        started = time.perf_counter()
        predictions = list(predict(gold))
        seconds = time.perf_counter() - started
        result = score(gold, predictions)
        results[name] = result
        if args.save_predictions:
            args.save_predictions.mkdir(parents=True, exist_ok=True)
            slug = name.split()[0].lower()
            lines = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions)
            (args.save_predictions / f"{slug}.jsonl").write_text(lines, "utf-8")
        cells = ["{precision:.3f} / {recall:.3f} / {f1:.3f}".format(**result[s][m]) for s, m in ROWS]
        table.add_row(name, *cells, f"{1000 * seconds / words:.2f}")
    console = Console(width=160)
    console.print(table)
    ours = results["NewsBite"]
    by_kind = ours["all"]["recall_by_gold_kind"]
    console.print(
        "NewsBite recall by gold kind: "
        + ", ".join(f"{kind} {value['recall']:.3f} (n={value['gold']})" for kind, value in by_kind.items())
    )
    console.print(
        "Targets (issue 3): direct quote+speaker F1 >= 0.90, all quote+speaker F1 >= 0.55,"
        " direct quote F1 >= 0.93. Times include spaCy"
        " parsing; NewsBite's also include cleaning and the bite."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
