"""Learn the bite ranker's weights from the summarisation training split; writes ranker.json.

Each sentence of each training article is labelled by the greedy extractive oracle (in the
extract or not) and a logistic regression is fitted over the features NewsBite computes at run
time. The file it writes ships in the package. Reproducible: the same data and library versions
give the same weights.

    python bench/train_bite.py [--embeddings] [--out src/newsbite/bite/ranker.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.progress import track

from _bite import REGULARISATION_C, example_features, feature_names, fit_ranker, greedy_oracle, load_examples
from _eval import eval_folder
from newsbite.config import Settings

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src" / "newsbite" / "bite" / "ranker.json"


def train(embeddings: bool, console: Console) -> dict:
    """Both rankers' weights (the embedding one only when asked for) with how they were made."""
    folder = eval_folder("summarization")
    examples = load_examples(folder / "train.jsonl", Settings())
    labels = []
    for example in track(examples, description="labelling with the oracle", console=console):
        label = np.zeros(len(example.article.sentences))
        label[greedy_oracle(example.article.sentences, example.reference)] = 1
        labels.append(label)
    models = {}
    for variant in ("fast", "embeddings") if embeddings else ("fast",):
        with_embeddings = variant == "embeddings"
        features = [
            example_features(example, with_embeddings)
            for example in track(examples, description=f"{variant} features", console=console)
        ]
        coefficients, intercept = fit_ranker(features, labels)
        names = feature_names(with_embeddings)
        models[variant] = {
            "intercept": round(intercept, 6),
            "weights": {name: round(value, 6) for name, value in zip(names, coefficients, strict=True)},
        }
    return {
        "trained_on": f"../shared/eval/summarization/train.jsonl ({len(examples)} articles)",
        "labels": "greedy oracle extract (ROUGE-1 + ROUGE-2 F1, at most 3 sentences)",
        "model": f"scikit-learn {version('scikit-learn')} LogisticRegression(C={REGULARISATION_C})",
        "command": "make train-bite",
        "models": models,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--embeddings", action="store_true", help="also train the embedding-path ranker")
    parser.add_argument(
        "--keep", action="store_true", help="keep the other variant's weights already in --out"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    console = Console(stderr=True)
    weights = train(args.embeddings, console)
    if args.keep and args.out.exists():
        weights["models"] = {**json.loads(args.out.read_text("utf-8"))["models"], **weights["models"]}
    args.out.write_text(json.dumps(weights, indent=1) + "\n", encoding="utf-8")
    console.print(f"wrote {args.out} ({', '.join(weights['models'])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
