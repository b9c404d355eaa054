"""The layers hold: the store is persistence only, and ingest composes it with the pipeline.

Read from the source (every import statement, deferred ones included), since
importing any submodule runs `pactwatch/__init__.py`, which offers the
pipeline's `extract` at the top of the package.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

import pactwatch

PACKAGE = Path(pactwatch.__file__).parent

#: What the store must never reach, directly or through another module.
NOT_BELOW_THE_STORE = ("pactwatch.pipeline", "pactwatch.sources", "pactwatch.ingest")


def _module_file(name: str) -> Path | None:
    relative = Path(*name.split(".")[1:])
    for candidate in (PACKAGE / relative / "__init__.py", (PACKAGE / relative).with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _modules(package: str) -> list[str]:
    folder = PACKAGE / Path(*package.split(".")[1:])
    return sorted(
        package if path.stem == "__init__" else f"{package}.{path.stem}"
        for path in folder.glob("*.py")
    )


@cache
def imports_of(name: str) -> frozenset[str]:
    """The pactwatch modules `name` imports anywhere in its source."""
    path = _module_file(name)
    if path is None:
        return frozenset()
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # `from pactwatch.store import query` names a module, not a function
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return frozenset(m for m in found if m.startswith("pactwatch.") and _module_file(m))


def reachable(name: str) -> set[str]:
    seen: set[str] = set()
    todo = [name]
    while todo:
        for imported in imports_of(todo.pop()):
            if imported not in seen:
                seen.add(imported)
                todo.append(imported)
    return seen


@pytest.mark.parametrize("module", _modules("pactwatch.store"))
def test_the_store_never_reaches_the_pipeline_or_ingest(module: str) -> None:
    reached = reachable(module)
    assert not {m for m in reached if m.startswith(NOT_BELOW_THE_STORE)}, sorted(reached)


@pytest.mark.parametrize("module", _modules("pactwatch.ingest"))
def test_ingest_modules_import_no_cycle(module: str) -> None:
    """documents <- cluster <- run: the cluster side imports the document side, never back."""
    assert module not in reachable(module)


def test_the_check_sees_deferred_imports() -> None:
    """The dask part is imported inside `ingest()`; the graph still has that edge."""
    assert "pactwatch.ingest.cluster" in imports_of("pactwatch.ingest.run")
    assert "pactwatch.pipeline" in reachable("pactwatch.ingest")
