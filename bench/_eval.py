"""Shared helpers for benchmarks: where the evaluation data is, and its own scorers."""

from __future__ import annotations

import importlib.util
import multiprocessing
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


def eval_folder(name: str) -> Path:
    """The evaluation folder `name`; exits with a clear message when the data is not there."""
    folder = EVAL / name
    if not folder.is_dir():
        sys.exit(
            f"error: evaluation data not found at {folder} (expected ../shared/eval beside the repository)"
        )
    return folder


def load_scorer(folder: Path) -> ModuleType:
    """The folder's score.py, imported as a module."""
    spec = importlib.util.spec_from_file_location(f"score_{folder.name}", folder / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses in the scorer look their module up here
    spec.loader.exec_module(module)
    return module


def in_fresh_process(function: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """`function(*args)` run in a process of its own (spawned), so that its time and peak memory
    are its own; its result comes back as it was returned (plain data)."""
    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue = context.Queue()
    process = context.Process(target=_report, args=(function, args, results))
    process.start()
    result: dict[str, Any] = results.get()
    process.join()
    return result


def _report(
    function: Callable[..., dict[str, Any]], args: tuple[Any, ...], results: multiprocessing.Queue
) -> None:
    results.put(function(*args))
