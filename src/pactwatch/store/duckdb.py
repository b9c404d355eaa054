"""The embedded backend: a store in one DuckDB file (the default).

DuckDB lets one process write a file at a time (or several read it), so
pactwatch processes hand the file to each other (`sharing.py`), and opening
maps DuckDB's lock, permission and format errors to StoreLockedError,
StoreAccessError and StoreError with a message a user can act on.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pactwatch.store.connection import Connection, Params, Rows
from pactwatch.store.errors import StoreAccessError, StoreError, StoreLockedError
from pactwatch.store.sharing import FileClaim

_LOCK_PID = re.compile(r"\(PID (\d+)\)")
_ACCESS_HINTS = ("permission denied", "read-only file system", "cannot open file")


class DuckDBConnection(Connection):
    """A DuckDB session speaking the store's shared SQL, on a file shared with other processes.

    The file is held through a `FileClaim` (see `sharing.py`): the top-level
    connection opens it for each statement or transaction and may hand it to
    another pactwatch process in between, so a statement outside a
    transaction returns its rows already fetched. A cursor holds the file for
    its whole life, as a transaction does.
    """

    dialect = "duckdb"
    shared = False

    def __init__(self, claim: FileClaim, raw: duckdb.DuckDBPyConnection | None = None) -> None:
        self.claim = claim
        self.path = claim.path
        #: A cursor's own DuckDB cursor; None for the top-level connection.
        self._raw = raw
        self._in_transaction = False
        #: The Arrow schema of each table `insert_rows` has written to.
        self._schemas: dict[str, pa.Schema] = {}

    @property
    def generation(self) -> int:
        return self.claim.generation

    @property
    def holding(self) -> bool:
        return self.claim.holding

    def _held(self) -> bool:
        return self._raw is not None or self._in_transaction

    def _session(self) -> duckdb.DuckDBPyConnection:
        return self._raw if self._raw is not None else self.claim.raw

    def execute(self, sql: str, params: Params = ()) -> Rows:
        if self._held():
            return self._session().execute(sql, list(params))
        with self.claim.use() as raw:
            result = raw.execute(sql, list(params))
            return FetchedRows(result.description, result.fetchall())

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        values = [list(row) for row in rows]
        if self._held():
            self._session().executemany(sql, values)
            return
        with self.claim.use() as raw:
            raw.executemany(sql, values)

    def insert_rows(self, table: str, rows: Sequence[Sequence[object]]) -> None:
        """Rows as one Arrow table, inserted by one statement.

        A multi-row VALUES list costs DuckDB about a millisecond per hundred
        parameters to bind, an Arrow scan a fraction of that.
        """
        if not rows:
            return
        if self._held():
            self._insert_arrow(self._session(), table, rows)
            return
        with self.claim.use() as raw:
            self._insert_arrow(raw, table, rows)

    def _insert_arrow(
        self, raw: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Sequence[object]]
    ) -> None:
        schema = self._schemas.get(table)
        if schema is None:
            with warnings.catch_warnings():
                # DuckDB warns that a DB-API result copies its rows to Arrow: here, none.
                # (Its own relation API would refuse while a result is open.)
                warnings.simplefilter("ignore", UserWarning)
                empty: pa.Table = raw.execute(f"SELECT * FROM {table} LIMIT 0").to_arrow_table()
            schema = self._schemas[table] = empty.schema
        columns = [
            pa.array([row[i] for row in rows], type=column.type) for i, column in enumerate(schema)
        ]
        # DuckDB reads the Arrow table from this local variable (a replacement scan);
        # register() would refuse while an earlier result of the transaction is open.
        pactwatch_rows = pa.Table.from_arrays(columns, schema=schema)  # noqa: F841
        raw.execute(f"INSERT INTO {table} SELECT * FROM pactwatch_rows")

    def arrow(self, sql: str, params: Params = ()) -> pa.Table:
        # DuckDB 2 refuses a new query on a connection whose last result was not
        # read to its end; a cursor of its own keeps every read independent.
        with self.claim.use() as raw, (self._raw or raw).cursor() as cursor:
            table: pa.Table = cursor.sql(sql, params=list(params)).to_arrow_table()
        return table

    def arrow_batches(self, sql: str, batch_rows: int) -> pa.RecordBatchReader:
        if not self._held():  # a stream would outlive the claim: read it whole
            table = self.arrow(sql)
            return pa.RecordBatchReader.from_batches(
                table.schema, table.to_batches(max_chunksize=batch_rows)
            )
        reader: pa.RecordBatchReader = self._session().sql(sql).to_arrow_reader(batch_rows)
        return reader

    def begin(self, *, snapshot: bool = False) -> None:
        if self._raw is not None:
            self._raw.begin()  # DuckDB transactions are snapshots already
            return
        raw = self.claim.enter()
        try:
            raw.begin()
        except BaseException:
            self.claim.leave()
            raise
        self._in_transaction = True

    def commit(self) -> None:
        self._end(commit=True)

    def rollback(self) -> None:
        self._end(commit=False)

    def _end(self, *, commit: bool) -> None:
        session = self._session()
        try:
            if commit:
                session.commit()
            else:
                session.rollback()
        finally:
            if self._in_transaction:
                self._in_transaction = False
                self.claim.leave()

    def lock_writers(self) -> None:
        """Nothing to wait for: DuckDB admits one writing process per file."""

    def cursor(self) -> DuckDBConnection:
        raw = self.claim.enter()
        try:
            return DuckDBConnection(self.claim, (self._raw or raw).cursor())
        except BaseException:
            self.claim.leave()
            raise

    def size_bytes(self) -> int:
        return self.path.stat().st_size if self.path.exists() else 0

    def close(self) -> None:
        if self._raw is not None:
            try:
                self._raw.close()
            finally:
                self._raw = None
                self.claim.leave()
            return
        if self._in_transaction:
            self._in_transaction = False
            self.claim.leave()
        self.claim.close()


class FetchedRows:
    """A result read to its end, so it stays readable after the file is handed over."""

    def __init__(self, description: Any, rows: list[Any]) -> None:
        self.description = description
        self._rows = rows
        self._next = 0

    def fetchone(self) -> Any:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list[Any]:
        rows, self._next = self._rows[self._next :], len(self._rows)
        return rows


def connect_duckdb(path: Path, read_only: bool) -> DuckDBConnection:
    """A session on the file at `path`, opened now (so errors show here) and shared politely."""

    def opener() -> duckdb.DuckDBPyConnection:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            raise _open_error(path, str(exc)) from None
        except duckdb.Error as exc:
            raise StoreError(str(path), f"cannot open the database: {exc}") from None

    claim = FileClaim(path, opener)
    try:
        claim.enter()
    except BaseException:
        claim.close()
        raise
    claim.leave()
    return DuckDBConnection(claim)


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
