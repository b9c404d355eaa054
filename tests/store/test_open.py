"""Opening the store: creation, migrations, and clear errors for bad, newer, read-only or
locked files."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from pactwatch.ingest import ingest
from pactwatch.store import (
    StoreAccessError,
    StoreError,
    StoreLockedError,
    StoreVersionError,
    check_integrity,
    open_store,
)
from pactwatch.store.duckdb import _open_error
from pactwatch.store.schema import SCHEMA_VERSION

from .conftest import RunStoreCli


def _meta_only(path: Path, version: str) -> None:
    """A database whose meta table claims `version` and holds nothing else."""
    with duckdb.connect(str(path)) as connection:
        connection.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
        connection.execute("INSERT INTO meta VALUES ('schema_version', ?)", [version])


def test_a_new_file_gets_the_current_schema(db_path: Path) -> None:
    with open_store(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        tables = {row[0] for row in store.connection.execute("SHOW TABLES").fetchall()}
    assert {"articles", "events", "event_actors", "event_dyads", "incidents"} <= tables
    with open_store(db_path, read_only=True) as store:
        assert store.read_only and store.schema_version == SCHEMA_VERSION
        assert all(check.ok for check in check_integrity(store))


def test_an_older_schema_is_migrated_in_place(db_path: Path) -> None:
    _meta_only(db_path, "0")
    with open_store(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.connection.execute("SELECT count(*) FROM events").fetchone() == (0,)


def test_a_transaction_rolls_back_on_error(store_fixture_path: Path) -> None:
    with open_store(store_fixture_path) as store:
        with pytest.raises(RuntimeError), store.transaction() as connection:
            connection.execute("INSERT INTO meta VALUES ('note', 'half-written')")
            raise RuntimeError("interrupted")
        rows = store.connection.execute("SELECT * FROM meta WHERE key = 'note'").fetchall()
        assert rows == []


@pytest.fixture
def store_fixture_path(db_path: Path) -> Path:
    open_store(db_path).close()
    return db_path


def _newer(path: Path) -> None:
    _meta_only(path, "99")


def _older(path: Path) -> None:
    _meta_only(path, "0")


def _not_duckdb(path: Path) -> None:
    path.write_text("not a database\n" * 200, encoding="utf-8")


def _foreign(path: Path) -> None:
    with duckdb.connect(str(path)) as connection:
        connection.execute("CREATE TABLE sales (id INTEGER)")


def _nothing(path: Path) -> None:
    pass


@pytest.mark.parametrize(
    ("prepare", "read_only", "create", "error", "words"),
    [
        (_newer, False, True, StoreVersionError, ("newer pactwatch", "schema 99", "upgrade")),
        (_newer, True, True, StoreVersionError, ("newer pactwatch", "schema 99")),
        (_older, True, True, StoreVersionError, ("older schema 0", "migrate")),
        (_not_duckdb, False, True, StoreError, ("not a DuckDB database",)),
        (_foreign, False, True, StoreError, ("not a pactwatch database",)),
        (_nothing, True, True, StoreError, ("no pactwatch database here",)),
        (_nothing, False, False, StoreError, ("no pactwatch database here",)),
    ],
    ids=[
        "newer",
        "newer-read-only",
        "older-read-only",
        "not-duckdb",
        "foreign",
        "missing-ro",
        "missing-no-create",
    ],
)
def test_unusable_files_get_a_clear_error(
    db_path: Path,
    prepare: Callable[[Path], None],
    read_only: bool,
    create: bool,
    error: type[StoreError],
    words: tuple[str, ...],
) -> None:
    prepare(db_path)
    with pytest.raises(error) as caught:
        open_store(db_path, read_only=read_only, create=create)
    message = str(caught.value)
    assert str(db_path) in message
    for word in words:
        assert word in message


def test_a_read_only_store_refuses_to_write(store_fixture_path: Path, samples_dir: Path) -> None:
    with open_store(store_fixture_path, read_only=True) as store:
        with pytest.raises(StoreAccessError, match="read-only"):
            ingest(store, [samples_dir])
        with pytest.raises(StoreAccessError, match="read-only"), store.transaction():
            pass


def _make_unwritable(path: Path) -> Callable[[], None]:
    """Make `path` unwritable even for root (CI runs as root, which ignores chmod)."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        return lambda: subprocess.run(["chattr", "-i", str(path)], check=True)
    folder = path.parent
    path.chmod(0o444)
    folder.chmod(0o555)

    def restore() -> None:
        folder.chmod(0o755)
        path.chmod(0o644)

    return restore


def test_a_read_only_file_gets_an_access_error(store_fixture_path: Path) -> None:
    restore = _make_unwritable(store_fixture_path)
    try:
        with pytest.raises(StoreAccessError, match=r"read-only|permissions") as caught:
            open_store(store_fixture_path)
        assert str(store_fixture_path) in str(caught.value)
        # querying it read-only still works
        with open_store(store_fixture_path, read_only=True) as store:
            assert store.schema_version >= 1
    finally:
        restore()


@pytest.mark.parametrize(
    ("duckdb_message", "error", "words"),
    [
        (
            'IO Error: Cannot open file "/x.duckdb": Permission denied',
            StoreAccessError,
            "permissions",
        ),
        (
            'IO Error: Cannot open file "/x.duckdb": Read-only file system',
            StoreAccessError,
            "read-only file system",
        ),
        (
            'IO Error: Could not set lock on file "/x.duckdb": Conflicting lock is held in '
            "/usr/bin/python3 (PID 4242).",
            StoreLockedError,
            "(PID 4242)",
        ),
        ("IO Error: disk on fire", StoreError, "disk on fire"),
    ],
)
def test_duckdb_open_errors_map_to_actionable_ones(
    duckdb_message: str, error: type[StoreError], words: str
) -> None:
    """Root ignores permissions, so the mapping itself is checked on DuckDB's messages."""
    mapped = _open_error(Path("/x.duckdb"), duckdb_message)
    assert type(mapped) is error
    assert words in str(mapped)


@pytest.fixture
def held_open(store_fixture_path: Path) -> Iterator[Path]:
    """Another process holding the database open for writing, killed afterwards."""
    code = (
        "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
        "print('open', flush=True); time.sleep(30)"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(store_fixture_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        yield store_fixture_path
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("read_only", [False, True])
def test_a_locked_file_names_itself_and_the_holder(held_open: Path, read_only: bool) -> None:
    with pytest.raises(StoreLockedError) as caught:
        open_store(held_open, read_only=read_only)
    message = str(caught.value)
    assert str(held_open) in message
    assert "another pactwatch process" in message


def test_the_cli_reports_a_locked_file_in_one_line(
    held_open: Path, run_store_cli: RunStoreCli
) -> None:
    result = run_store_cli("db", "info", "--db", held_open)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "holds this database open" in result.stderr


def test_the_cli_reports_a_newer_file_in_one_line(
    db_path: Path, run_store_cli: RunStoreCli
) -> None:
    _newer(db_path)
    result = run_store_cli("db", "check", "--db", db_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "newer pactwatch" in result.stderr
