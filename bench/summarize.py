# ruff: noqa: E402  (the thread settings must come before numpy is imported)
"""Bites on ../shared/eval/summarization: NewsBite beside Lead-3, TextRank, LexRank and the oracle.

Every row is scored in this run by the set's own score.py (ROUGE-1/2/Lsum F1, stemming on).
NewsBite's rows are the default path, what `newsbite bite --format jsonl` prints: each record
through clean, understand and bite, the summary the bite's sentences joined by newlines. The
understand stage runs once and the bite stage then runs with the fast ranker and with the
embedding one. Baselines follow the set's README: pysbd sentences, sumy 0.13.0 with its
English stemmer and stop words. Time is milliseconds per article on one thread, sentence
splitting included: for NewsBite the bite stage alone (splitting, features, ranking, choice and
key points), the understand stage's time excluded. A second table is the learning curve: the fast ranker
trained on part of the training split, scored on the same dev articles (bite stage alone).

    python bench/summarize.py [--set dev] [--articles N] [--no-embeddings] [--no-understand]
"""

from __future__ import annotations

import os

# "Per core" means one thread: keep the numeric libraries from spreading over every core.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pysbd
from rich.console import Console
from rich.table import Table

from _bite import Example, example_features, fit_ranker, greedy_oracle, load_examples
from _eval import eval_folder, load_scorer
from newsbite.bite.features import FEATURE_NAMES
from newsbite.config import Settings
from newsbite.model import Article
from newsbite.registry import registered_stages

BERTSUMEXT = {"rouge1": 43.25, "rouge2": 20.24, "rougeLsum": 39.63}
LEARNING_CURVE = (0.1, 0.25, 0.5, 1.0)
BOOTSTRAP_SAMPLES = 1000
METRICS = ("rouge1", "rouge2", "rougeLsum")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default="dev", help="which file of the set to score (default dev)")
    parser.add_argument("--articles", type=int, default=None, help="score only the first N articles")
    parser.add_argument("--no-embeddings", action="store_true", help="skip the embedding path")
    parser.add_argument("--no-understand", action="store_true", help="bite stage alone (quicker)")
    args = parser.parse_args(argv)
    console = Console(width=160)  # the tables are wide; keep them whole when piped to a file
    folder = eval_folder("summarization")
    scorer = load_scorer(folder)
    settings = Settings()
    examples = load_examples(folder / f"{args.set}.jsonl", settings, args.articles)
    references = [example.reference for example in examples]

    def score(summaries: Sequence[str]) -> dict:
        return scorer.score_summaries(references, list(summaries), ci=True)

    rows: list[tuple[str, list[str], float]] = []
    splitter = pysbd.Segmenter(language="en", clean=False)
    for name, summarise in baselines(splitter).items():
        rows.append((name, *timed(summarise, [example.article.body_text for example in examples])))
    rows.append(("Greedy oracle (≤3 sentences)", *oracle_extracts(examples, splitter)))
    understood = _understood(examples, settings, args.no_understand, console)
    variants = [("NewsBite bite (fast path)", False)]
    if not args.no_embeddings:
        variants.append(("NewsBite bite (embedding path)", True))
    for name, embeddings in variants:
        rows.append((name, *newsbite_bites(understood, settings.with_overrides(bite_embeddings=embeddings))))

    scores = {name: score(summaries) for name, summaries, _ in rows}
    console.print(results_table(rows, scores, args.set, len(examples)))
    lead = next(summaries for name, summaries, _ in rows if name == "Lead-3 (pysbd)")
    console.print(gains_table(rows, scores, lead, references, scorer))
    console.print(learning_curve(folder, examples, settings, scorer, console))
    return 0


def baselines(splitter: pysbd.Segmenter) -> dict[str, Callable[[str], list[str]]]:
    """The set README's baselines, each from article text to summary sentences."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    def sentences(text: str) -> list[str]:
        return [
            s.strip() for paragraph in text.split("\n\n") for s in splitter.segment(paragraph) if s.strip()
        ]

    class PysbdTokenizer:
        # sumy's own tokenizer needs NLTK's punkt data, which is not installed here.
        language = "english"

        def to_sentences(self, text: str) -> list[str]:
            return sentences(text)

        def to_words(self, sentence: str) -> list[str]:
            return re.findall(r"[^\W_]+(?:'[^\W_]+)*", sentence)

    def sumy_summary(summarizer_class: type) -> Callable[[str], list[str]]:
        summarizer = summarizer_class(Stemmer("english"))
        summarizer.stop_words = get_stop_words("english")

        def summarise(text: str) -> list[str]:
            document = PlaintextParser.from_string(text, PysbdTokenizer()).document
            return [str(sentence) for sentence in summarizer(document, 3)]

        return summarise

    return {
        "Lead-3 (pysbd)": lambda text: sentences(text)[:3],
        "TextRank (sumy)": sumy_summary(TextRankSummarizer),
        "LexRank (sumy)": sumy_summary(LexRankSummarizer),
    }


def oracle_extracts(examples: list[Example], splitter: pysbd.Segmenter) -> tuple[list[str], float]:
    """The greedy oracle on pysbd sentences: a ceiling for extraction (it reads the reference)."""
    start = time.perf_counter()
    summaries = []
    for example in examples:
        text = example.article.body_text
        sentences = [s.strip() for p in text.split("\n\n") for s in splitter.segment(p) if s.strip()]
        summaries.append("\n".join(sentences[i] for i in greedy_oracle(sentences, example.reference)))
    return summaries, 1000 * (time.perf_counter() - start) / max(1, len(examples))


def timed(summarise: Callable[[str], list[str]], texts: Sequence[str]) -> tuple[list[str], float]:
    start = time.perf_counter()
    summaries = ["\n".join(summarise(text)) for text in texts]
    return summaries, 1000 * (time.perf_counter() - start) / max(1, len(texts))


def _understood(examples: list[Example], settings: Settings, skip: bool, console: Console) -> list[Article]:
    """The articles after the understand stage (the default path), or as cleaned when skipped."""
    articles = [example.article for example in examples]
    if skip:
        return articles
    understand = registered_stages()["understand"]
    with console.status(f"understanding {len(articles)} articles (the default path runs it before the bite)"):
        done: list[Article] = []
        for start in range(0, len(articles), settings.nlp_batch_size):
            done += understand.apply(articles[start : start + settings.nlp_batch_size], settings)
    return done


def newsbite_bites(articles: list[Article], settings: Settings) -> tuple[list[str], float]:
    """The bite stage's summaries, and its milliseconds per article (the stage alone, once warm)."""
    bite = registered_stages()["bite"]
    bite.apply(articles[:5], settings)  # warm-up: load the weights (and the embedding model)
    start = time.perf_counter()
    bitten = bite.apply(articles, settings)
    milliseconds = 1000 * (time.perf_counter() - start) / max(1, len(articles))
    return ["\n".join(article.bite.sentences) for article in bitten], milliseconds  # type: ignore[union-attr]


def results_table(rows: list[tuple[str, list[str], float]], scores: dict, name: str, count: int) -> Table:
    table = Table(
        title=f"Bites on the summarisation {name} set ({count} articles), ROUGE F1 with 95% intervals"
    )
    for column in ("system", "ROUGE-1", "ROUGE-2", "ROUGE-Lsum", "ms / article", "articles / s"):
        table.add_column(column, justify="left" if column == "system" else "right")
    for system, _, milliseconds in rows:
        result = scores[system]
        cells = [f"{result[m]:.2f} ({result['ci95'][m][0]:.2f}-{result['ci95'][m][1]:.2f})" for m in METRICS]
        table.add_row(
            system, *cells, f"{milliseconds:.1f}", f"{1000 / milliseconds:.0f}" if milliseconds else "-"
        )
    return table


def gains_table(rows: list, scores: dict, lead: list[str], references: list[str], scorer) -> Table:
    """Each NewsBite row against Lead-3 (paired bootstrap interval), the oracle and BertSumExt."""
    table = Table(title="NewsBite against Lead-3 (paired bootstrap 95% interval), the oracle and BertSumExt")
    for column in (
        "system",
        "metric",
        "minus Lead-3",
        "95% interval",
        "oracle minus it",
        "BertSumExt minus it",
    ):
        table.add_column(column, justify="left" if column in ("system", "metric") else "right")
    oracle = scores["Greedy oracle (≤3 sentences)"]
    for system, summaries, _ in rows:
        if not system.startswith("NewsBite"):
            continue
        paired = paired_difference(summaries, lead, references, scorer)
        for metric in METRICS:
            mean, low, high = paired[metric]
            table.add_row(
                system,
                metric,
                f"{mean:+.2f}",
                f"{low:+.2f} to {high:+.2f}",
                f"{oracle[metric] - scores[system][metric]:.2f}",
                f"{BERTSUMEXT[metric] - scores[system][metric]:.2f} (published, full test set)",
            )
    return table


def paired_difference(ours: list[str], lead: list[str], references: list[str], scorer) -> dict:
    """Mean per-article F1 difference and its bootstrap 95% interval, articles resampled in pairs."""
    rouge = scorer._scorer()
    differences = {metric: [] for metric in METRICS}
    for reference, a, b in zip(references, ours, lead, strict=True):
        ref = scorer._sentences(reference)
        first, second = rouge.score(ref, scorer._sentences(a)), rouge.score(ref, scorer._sentences(b))
        for metric in METRICS:
            differences[metric].append(100 * (first[metric].fmeasure - second[metric].fmeasure))
    generator = np.random.default_rng(0)
    out = {}
    for metric, values in differences.items():
        array = np.array(values)
        samples = generator.integers(0, len(array), (BOOTSTRAP_SAMPLES, len(array)))
        means = array[samples].mean(axis=1)
        out[metric] = (array.mean(), *np.percentile(means, [2.5, 97.5]))
    return out


def learning_curve(folder: Path, dev: list[Example], settings: Settings, scorer, console: Console) -> Table:
    """The fast ranker trained on growing shares of the training split, scored on the dev articles."""
    with console.status("learning curve: labelling the training split"):
        train = load_examples(folder / "train.jsonl", settings)
        features = [example_features(example, False) for example in train]
        labels = []
        for example in train:
            label = np.zeros(len(example.article.sentences))
            label[greedy_oracle(example.article.sentences, example.reference)] = 1
            labels.append(label)
    table = Table(
        title="Learning curve: fast ranker trained on part of train.jsonl, scored on the same dev articles"
    )
    for column in ("training articles", "ROUGE-1", "ROUGE-2", "ROUGE-Lsum"):
        table.add_column(column, justify="right")
    order = list(range(len(train)))
    random.Random(0).shuffle(order)
    for share in LEARNING_CURVE:
        chosen = order[: int(share * len(train))]
        coefficients, intercept = fit_ranker([features[i] for i in chosen], [labels[i] for i in chosen])
        with tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / "ranker.json"
            weights = {"intercept": intercept, "weights": dict(zip(FEATURE_NAMES, coefficients, strict=True))}
            path.write_text(json.dumps({"models": {"fast": weights}}), encoding="utf-8")
            articles = [example.article for example in dev]
            summaries = newsbite_bites(articles, settings.with_overrides(bite_ranker_file=str(path)))[0]
        result = scorer.score_summaries([example.reference for example in dev], summaries)
        table.add_row(str(len(chosen)), *(f"{result[m]:.2f}" for m in METRICS))
    return table


if __name__ == "__main__":
    sys.exit(main())
