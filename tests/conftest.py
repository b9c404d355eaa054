"""Shared fixtures: where the sample articles and the shared data live, and a CLI runner."""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pg_cluster import ThrowawayPostgres

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLES = REPO / "samples"

#: A real subprocess per call, so exit statuses and stderr are what a user sees.
RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return SHARED


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def seeds_gold() -> Path:
    return SHARED / "acceptance" / "seeds.gold.json"


def _run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pactwatch.cli", *(str(arg) for arg in args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd or REPO,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="session")
def run_cli() -> RunCli:
    """Run `pactwatch ARGS...` as a subprocess; returns the CompletedProcess."""
    return _run_cli


#: The two places a store can live; store tests run on each.
BACKENDS = ("duckdb", "postgresql")

#: new_store_location(backend, name) -> a path or URL where no store exists yet.
NewStoreLocation = Callable[[str, str], str]


@pytest.fixture(scope="session")
def postgres() -> Iterator[ThrowawayPostgres]:
    """One throw-away PostgreSQL server for the whole run, started on first use."""
    server = ThrowawayPostgres().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def new_store_location(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> NewStoreLocation:
    """A fresh DuckDB file, or a fresh schema on the throw-away PostgreSQL server."""
    numbers = itertools.count()

    def make(backend: str, name: str) -> str:
        if backend == "duckdb":
            return str(tmp_path_factory.mktemp(name) / f"{name}.duckdb")
        server: ThrowawayPostgres = request.getfixturevalue("postgres")
        return server.schema_url(f"{name}_{next(numbers)}")

    return make
