"""Article-body extraction on ../shared/eval/extraction/dev: NewsBite beside open extractors.

Every extractor is measured in this run, the way the evaluation README calls it: precision,
recall, F1 (± bootstrap spread over 1,000 resamplings), accuracy and milliseconds per page (the
extraction call only, after one untimed warm-up). Exits 1 when NewsBite's F1 falls below the
floor pinned in bench/baseline.json.

    python bench/extract.py [--set dev] [--pages N] [--save-predictions DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import html_text
import trafilatura
from readability import Document as ReadabilityDocument
from rich.console import Console
from rich.table import Table

from _eval import eval_folder, load_scorer
from newsbite.clean.html import article_from_html
from newsbite.errors import NewsBiteError
from newsbite.model import Article, Document, DocumentKind

BASELINE = Path(__file__).resolve().parent / "baseline.json"
Extractor = Callable[[str, str], str]


def newsbite_body(html: str, url: str) -> str:
    """NewsBite's clean stage: the article body with its crossheads, as a reader sees it."""
    try:
        article = article_from_html(Document("page", DocumentKind.HTML, content=html, url=url))
    except NewsBiteError:
        return ""
    return article_text(article)


def article_text(article: Article) -> str:
    parts: list[str] = []
    if article.standfirst:
        parts.append(article.standfirst)
    for section in article.sections:
        if section.heading:
            parts.append(section.heading)
        parts.extend(section.paragraphs)
    return "\n\n".join(parts)


def trafilatura_body(html: str, url: str) -> str:
    return trafilatura.extract(html, include_comments=False) or ""


def readability_body(html: str, url: str) -> str:
    return html_text.extract_text(ReadabilityDocument(html).summary(html_partial=True))


EXTRACTORS: dict[str, Extractor] = {
    "NewsBite": newsbite_body,
    f"trafilatura {trafilatura.__version__}": trafilatura_body,
    f"readability-lxml {version('readability-lxml')}": readability_body,
}


def run(pages: dict[str, tuple[str, str]], extract: Extractor) -> tuple[dict[str, dict[str, str]], float]:
    """Predictions for every page, and the mean milliseconds per extraction call."""
    first = next(iter(pages.values()))
    extract(*first)  # warm-up: imports, caches and lazy initialisation are not timed
    predictions: dict[str, dict[str, str]] = {}
    elapsed = 0.0
    for page_id, (html, url) in pages.items():
        start = time.perf_counter()
        body = extract(html, url)
        elapsed += time.perf_counter() - start
        predictions[page_id] = {"articleBody": body}
    return predictions, 1000 * elapsed / len(pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default="dev", help="evaluation set folder (default: dev)")
    parser.add_argument("--pages", type=int, default=0, help="only the first N pages (quick runs)")
    parser.add_argument("--save-predictions", type=Path, help="write each extractor's predictions here")
    args = parser.parse_args()

    folder = eval_folder("extraction")
    scorer = load_scorer(folder)
    gold = json.loads((folder / args.set / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(gold)[: args.pages or None]
    pages = {
        page_id: (
            gzip.decompress((folder / args.set / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8"),
            gold[page_id].get("url", ""),
        )
        for page_id in ids
    }
    gold = {page_id: gold[page_id] for page_id in ids}

    table = Table(title=f"Article extraction, {args.set} ({len(pages)} pages)")
    for column in ("extractor", "precision", "recall", "F1", "accuracy", "ms/page"):
        table.add_column(column, justify="left" if column == "extractor" else "right")
    results: dict[str, dict] = {}
    for name, extract in EXTRACTORS.items():
        predictions, ms_per_page = run(pages, extract)
        result = scorer.score(gold, predictions, bootstrap=1000)
        results[name] = result
        std = result["std"]
        table.add_row(
            name,
            f"{result['precision']:.3f} ± {std['precision']:.3f}",
            f"{result['recall']:.3f} ± {std['recall']:.3f}",
            f"{result['f1']:.3f} ± {std['f1']:.3f}",
            f"{result['accuracy']:.3f}",
            f"{ms_per_page:.0f}",
        )
        if args.save_predictions:
            args.save_predictions.mkdir(parents=True, exist_ok=True)
            out = args.save_predictions / f"{name.split()[0].lower()}.json"
            out.write_text(json.dumps(predictions, ensure_ascii=False), encoding="utf-8")
    Console(width=120).print(table)
    return _check_floor(results["NewsBite"]["f1"], args.set, full_set=not args.pages)


def _check_floor(f1: float, eval_set: str, full_set: bool) -> int:
    floors = json.loads(BASELINE.read_text(encoding="utf-8"))["extraction"]
    floor = floors.get(eval_set)
    if floor is None or not full_set:
        return 0
    if f1 < floor:
        print(f"REGRESSION: NewsBite F1 {f1:.3f} is below the pinned floor {floor:.3f}", file=sys.stderr)
        return 1
    print(f"NewsBite F1 {f1:.3f} is at or above the pinned floor {floor:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
