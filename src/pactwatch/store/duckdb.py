"""The embedded backend: a store in one DuckDB file (the default).

DuckDB lets one process write a file at a time, so opening maps its lock,
permission and format errors to StoreLockedError, StoreAccessError and
StoreError with a message a user can act on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pyarrow as pa

from pactwatch.store.connection import Connection, Params, Rows
from pactwatch.store.errors import StoreAccessError, StoreError, StoreLockedError

_LOCK_PID = re.compile(r"\(PID (\d+)\)")
_ACCESS_HINTS = ("permission denied", "read-only file system", "cannot open file")


class DuckDBConnection(Connection):
    """A DuckDB connection (or cursor) speaking the store's shared SQL."""

    dialect = "duckdb"
    shared = False

    def __init__(self, raw: duckdb.DuckDBPyConnection, path: Path) -> None:
        self.raw = raw
        self.path = path

    def execute(self, sql: str, params: Params = ()) -> Rows:
        return self.raw.execute(sql, list(params))

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        self.raw.executemany(sql, [list(row) for row in rows])

    def arrow(self, sql: str, params: Params = ()) -> pa.Table:
        # DuckDB 2 refuses a new query on a connection whose last result was not
        # read to its end; a cursor of its own keeps every read independent.
        with self.raw.cursor() as cursor:
            table: pa.Table = cursor.sql(sql, params=list(params)).to_arrow_table()
        return table

    def arrow_batches(self, sql: str, batch_rows: int) -> pa.RecordBatchReader:
        reader: pa.RecordBatchReader = self.raw.sql(sql).to_arrow_reader(batch_rows)
        return reader

    def begin(self, *, snapshot: bool = False) -> None:
        self.raw.begin()  # DuckDB transactions are snapshots already

    def commit(self) -> None:
        self.raw.commit()

    def lock_writers(self) -> None:
        """Nothing to wait for: DuckDB admits one writing process per file."""

    def rollback(self) -> None:
        self.raw.rollback()

    def cursor(self) -> DuckDBConnection:
        return DuckDBConnection(self.raw.cursor(), self.path)

    def size_bytes(self) -> int:
        return self.path.stat().st_size if self.path.exists() else 0

    def close(self) -> None:
        self.raw.close()


def connect_duckdb(path: Path, read_only: bool) -> DuckDBConnection:
    try:
        return DuckDBConnection(duckdb.connect(str(path), read_only=read_only), path)
    except duckdb.IOException as exc:
        raise _open_error(path, str(exc)) from None
    except duckdb.Error as exc:
        raise StoreError(str(path), f"cannot open the database: {exc}") from None


def _open_error(path: Path, message: str) -> StoreError:
    """Turn DuckDB's IOException text into the error a user can act on."""
    if "Could not set lock" in message:
        found = _LOCK_PID.search(message)
        holder = f" (PID {found.group(1)})" if found else ""
        return StoreLockedError(
            str(path),
            f"another pactwatch process{holder} holds this database open for writing; "
            "wait for it to finish, use another --db file, or put the store on "
            "PostgreSQL for several writers",
        )
    if "not a valid DuckDB database" in message:
        return StoreError(str(path), "not a DuckDB database file; give another --db file")
    if any(hint in message.lower() for hint in _ACCESS_HINTS):
        return StoreAccessError(
            str(path),
            "cannot write this file or its folder (permissions or a read-only file system); "
            "use a writable --db path, or open it read-only to query",
        )
    return StoreError(str(path), f"cannot open the database: {message}")
