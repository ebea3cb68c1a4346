"""The house's layering, read from the code's own imports (docs/architecture.md draws it).

Data flows one way: the model at the bottom, the stages over it, the intake and the store above
them, and the CLI, the server and batch runs on top. Imports under `if TYPE_CHECKING:` are left
out: they cost nothing at run time and make no cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsbite"
STAGE_ROOMS = ("ingest", "clean", "understand", "bite", "merge")
UPPER_ROOMS = ("store", "serve", "cli", "batch")
STORE_ONLY = ("sqlalchemy", "alembic")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of the package but the Alembic migrations (they are SQLAlchemy by nature)."""
    return {module_name(path): path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(inner) for statement in node.body for inner in ast.walk(statement)}
    return skipped


def imported_names(name: str, path: Path) -> Iterator[str]:
    """Every module name an import in the file could mean (`from a import b` may be module a.b)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            yield target
            yield from (f"{target}.{alias.name}" for alias in node.names)


@cache
def import_graph() -> dict[str, frozenset[str]]:
    """Each module of ours and the modules of ours it imports."""
    known = modules()
    return {
        name: frozenset(m for m in imported_names(name, path) if m in known and m != name)
        for name, path in known.items()
    }


def room(module: str) -> str:
    """The room a module is in: its package or module directly under newsbite."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def test_the_model_imports_nothing_of_ours() -> None:
    assert import_graph()["newsbite.model"] == frozenset()


@pytest.mark.parametrize("stage_room", STAGE_ROOMS)
def test_no_stage_imports_the_store_the_server_the_cli_or_batch(stage_room: str) -> None:
    reaching_up = {
        name: sorted(target for target in targets if room(target) in UPPER_ROOMS)
        for name, targets in import_graph().items()
        if room(name) == stage_room
    }
    assert {name: found for name, found in reaching_up.items() if found} == {}


def test_only_the_store_imports_sqlalchemy_or_alembic() -> None:
    offenders = {
        name: sorted({m for m in imported_names(name, path) if m.split(".")[0] in STORE_ONLY})
        for name, path in modules().items()
        if room(name) != "store"
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def strongly_connected(graph: dict[str, frozenset[str]]) -> list[list[str]]:
    """Groups of more than one module that import each other, directly or around a circle
    (Tarjan's algorithm, iterative so that no recursion limit applies)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))
    return groups


def test_no_modules_import_each_other_around_a_circle() -> None:
    assert strongly_connected(import_graph()) == []


def test_no_two_rooms_import_each_other() -> None:
    between: dict[str, set[str]] = {}
    for name, targets in import_graph().items():
        between.setdefault(room(name), set()).update(room(t) for t in targets if room(t) != room(name))
    pairs = sorted({tuple(sorted((a, b))) for a, rooms in between.items() for b in rooms if a in between[b]})
    assert pairs == []


def test_the_circle_finder_finds_a_circle() -> None:
    graph = {"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"a"}), "d": frozenset({"a"})}
    assert strongly_connected(graph) == [["a", "b", "c"]]
