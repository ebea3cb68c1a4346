"""The one error tree: every failure a caller may handle is a NewsBiteError, drawn in errors.py."""

from __future__ import annotations

import importlib
import pickle
import pkgutil

import newsbite
from newsbite import errors
from newsbite.errors import NewsBiteError


def every_error_class() -> set[type[NewsBiteError]]:
    """NewsBiteError and every subclass defined anywhere in the package (every module imported)."""
    for module in pkgutil.walk_packages(newsbite.__path__, "newsbite."):
        if ".migrations" not in module.name and not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    found, waiting = set(), [NewsBiteError]
    while waiting:
        error_class = waiting.pop()
        found.add(error_class)
        waiting += [sub for sub in error_class.__subclasses__() if sub.__module__.startswith("newsbite.")]
    return found


def test_every_error_of_the_package_is_drawn_in_the_tree() -> None:
    drawn = errors.__doc__ or ""
    missing = sorted(cls.__name__ for cls in every_error_class() if f" {cls.__name__} " not in drawn)
    assert missing == []


def test_every_error_crosses_a_process_boundary_whole() -> None:
    for error_class in every_error_class():
        error = error_class("corpus.jsonl:12", "something went wrong")
        copy = pickle.loads(pickle.dumps(error))
        assert (type(copy), copy.origin, copy.problem, str(copy)) == (
            error_class,
            error.origin,
            error.problem,
            str(error),
        )
