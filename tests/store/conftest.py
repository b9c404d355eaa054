"""Store fixtures: a database path in tmp_path, a store of the samples, and the CLI argv."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import BACKENDS, NewStoreLocation
from pactwatch.ingest import ingest
from pactwatch.store import Store, open_store
from pg_cluster import ThrowawayPostgres

from .fixtures_store import build_store

REPO = Path(__file__).resolve().parents[2]

#: Runs the store commands through `pactwatch.cli` once the lead has wired them
#: in; until then through a group made of `commands.store.register` alone.
RunStoreCli = Callable[..., subprocess.CompletedProcess[str]]


def pactwatch_argv() -> list[str]:
    """argv prefix that runs the real `pactwatch` command in a subprocess."""
    return [sys.executable, "-m", "pactwatch.cli"]


@pytest.fixture(scope="session")
def store_argv() -> list[str]:
    return pactwatch_argv()


@pytest.fixture(scope="session")
def run_store_cli(store_argv: list[str]) -> RunStoreCli:
    """Run `pactwatch ARGS...` in a subprocess (optionally with extra environment)."""

    def run(
        *args: str | Path, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*store_argv, *(str(arg) for arg in args)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=REPO,
            env=env,
            timeout=300,
            check=False,
        )

    return run


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.duckdb"


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each test asking for a store runs once on DuckDB and once on PostgreSQL."""
    return str(request.param)


@pytest.fixture
def db_url(backend: str, new_store_location: NewStoreLocation) -> str:
    """Where a new, empty store goes: a DuckDB file or a PostgreSQL schema URL."""
    return new_store_location(backend, "store")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as opened:
        yield opened


@pytest.fixture(scope="module", params=BACKENDS)
def hand_db(request: pytest.FixtureRequest, new_store_location: NewStoreLocation) -> str:
    """The hand-written store of fixtures_store, once per module on each backend."""
    return build_store(new_store_location(str(request.param), "hand"))


@pytest.fixture(scope="session")
def samples_store_file(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> Path:
    """A database holding the five samples, built once; copy it before writing."""
    path = tmp_path_factory.mktemp("samples_store") / "samples.duckdb"
    with open_store(path) as opened:
        ingest(opened, [samples_dir])
    return path


@pytest.fixture(scope="session")
def samples_schema(postgres: ThrowawayPostgres, samples_dir: Path) -> str:
    """The PostgreSQL twin of samples_store_file: a schema to clone before writing."""
    with open_store(postgres.schema_url("samples_template")) as opened:
        ingest(opened, [samples_dir])
    return "samples_template"


@pytest.fixture
def samples_store(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Store]:
    """A writable copy of the samples database, on either backend."""
    if backend == "duckdb":
        location = str(tmp_path / "samples.duckdb")
        shutil.copyfile(request.getfixturevalue("samples_store_file"), location)
    else:
        server: ThrowawayPostgres = request.getfixturevalue("postgres")
        source = request.getfixturevalue("samples_schema")
        location = server.clone_schema(source, f"samples_{tmp_path.name.lower()}"[:60])
    with open_store(location) as opened:
        yield opened


TABLES = (
    "meta",
    "articles",
    "article_bands",
    "article_signatures",
    "events",
    "event_actors",
    "event_dyads",
    "incidents",
)


def _snapshot(store: Store) -> dict[str, tuple[int, str]]:
    result = {}
    for table in TABLES:
        rows = store.connection.execute(f"SELECT * FROM {table}").fetchall()
        digest = hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest()
        result[table] = (len(rows), digest)
    return result


@pytest.fixture(scope="session")
def snapshot() -> Callable[[Store], dict[str, tuple[int, str]]]:
    """Row count and a digest of every row of every table, to show nothing changed."""
    return _snapshot


def _scalar(store: Store, sql: str, *params: object) -> int:
    row = store.connection.execute(sql, list(params)).fetchone()
    assert row is not None
    return int(row[0])


Scalar = Callable[..., int]


@pytest.fixture(scope="session")
def scalar() -> Scalar:
    """scalar(store, "SELECT count(*) ...", params...) -> the integer it returns."""
    return _scalar
