"""The embedded backend: a store in one DuckDB file (the default).

DuckDB lets one process write a file at a time (or several read it), so
pactwatch processes hand the file to each other (`sharing.py`), and opening
maps DuckDB's lock, permission and format errors to StoreLockedError,
StoreAccessError and StoreError with a message a user can act on. So does
every statement for the faults of the file under it: a full disk
(StoreFullError), a corrupt or truncated file (StoreDamagedError).
`damaged_blocks` checks every block of the file against its checksum, for
`pactwatch db check`.
"""

from __future__ import annotations

import re
import struct
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from pactwatch.store.connection import Connection, Params, Rows
from pactwatch.store.errors import (
    StoreAccessError,
    StoreDamagedError,
    StoreError,
    StoreFullError,
    StoreLockedError,
)
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

    @contextmanager
    def _faults(self) -> Iterator[None]:
        """DuckDB's errors about the file (disk full, corruption) as one-line StoreErrors."""
        try:
            yield
        except duckdb.Error as exc:
            error = storage_error(self.path, exc)
            if error is None:
                raise
            raise error from None

    def execute(self, sql: str, params: Params = ()) -> Rows:
        with self._faults():
            if self._held():
                return self._session().execute(sql, list(params))
            with self.claim.use() as raw:
                result = raw.execute(sql, list(params))
                return FetchedRows(result.description, result.fetchall())

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        values = [list(row) for row in rows]
        with self._faults():
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
        with self._faults():
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
        with self._faults(), self.claim.use() as raw, (self._raw or raw).cursor() as cursor:
            table: pa.Table = cursor.sql(sql, params=list(params)).to_arrow_table()
        return table

    def arrow_batches(self, sql: str, batch_rows: int) -> pa.RecordBatchReader:
        if not self._held():  # a stream would outlive the claim: read it whole
            table = self.arrow(sql)
            return pa.RecordBatchReader.from_batches(
                table.schema, table.to_batches(max_chunksize=batch_rows)
            )
        with self._faults():
            reader: pa.RecordBatchReader = self._session().sql(sql).to_arrow_reader(batch_rows)
        return reader

    def begin(self, *, snapshot: bool = False) -> None:
        if self._raw is not None:
            with self._faults():
                self._raw.begin()  # DuckDB transactions are snapshots already
            return
        raw = self.claim.enter()
        try:
            with self._faults():
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
            with self._faults():
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

    def damaged_blocks(self) -> list[int] | None:
        """Blocks of the file whose checksum does not match (see `damaged_blocks`).

        The file is held meanwhile, so no other process checkpoints into it.
        """
        with self.claim.use() as raw:
            session = self._raw or raw
            return damaged_blocks(
                self.path, in_use=_blocks_in_use(session), free=_free_blocks(session)
            )

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
            raise storage_error(path, exc) or StoreError(
                str(path), f"cannot open the database: {exc}"
            ) from None

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
    fault = _fault_error(path, message)
    if fault is not None:
        return fault
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


# ------------------------------------------------------------------ faults

_FULL_HINTS = ("no space left on device", "disk is full", "disk quota exceeded")
_DAMAGE_HINTS = (
    "corrupt database file",
    "could not read enough bytes",
    "checksum",
    "failed to load metadata",
    "invalid block",
    "serialization error",
)


def storage_error(path: Path, exc: duckdb.Error) -> StoreError | None:
    """The StoreError a user can act on for a fault of the file; None for other errors.

    Errors about the data of one statement (a constraint, a conversion) stay
    DuckDB's, for the caller to blame on the document being stored.
    """
    message = str(exc)
    fault = _fault_error(path, message)
    if fault is not None:
        return fault
    if isinstance(exc, duckdb.FatalException) or "invalidated" in message:
        return StoreError(
            str(path),
            f"the database stopped after an earlier error ({_short(message)}); what was "
            "committed before is kept: run the command again",
        )
    if isinstance(exc, duckdb.OutOfMemoryException):
        return StoreError(
            str(path), f"DuckDB ran out of memory ({_short(message)}); free memory and run again"
        )
    if isinstance(exc, duckdb.IOException):
        if any(hint in message.lower() for hint in _ACCESS_HINTS):
            return StoreAccessError(
                str(path),
                f"cannot write the database file ({_short(message)}); check its permissions "
                "or use a writable --db path",
            )
        return StoreError(
            str(path),
            f"cannot read or write the database file ({_short(message)}); check the disk",
        )
    return None


def _fault_error(path: Path, message: str) -> StoreError | None:
    lower = message.lower()
    if any(hint in lower for hint in _FULL_HINTS):
        return StoreFullError(
            str(path),
            "the disk is full; everything committed before is kept: free some space "
            "(or give --db a file on another disk) and run the command again",
        )
    if any(hint in lower for hint in _DAMAGE_HINTS):
        return StoreDamagedError(
            str(path),
            f"the database file is damaged ({_short(message)}); restore it from a backup, "
            "or move it aside and ingest the inputs again into a new file",
        )
    return None


def _short(message: str) -> str:
    first = message.strip().splitlines()[0] if message.strip() else "no detail"
    return first if len(first) <= 160 else first[:157] + "..."


# ------------------------------------------------------------------ checksums

#: DuckDB's file layout: a main header, then two database headers, then blocks.
_HEADER_SIZE = 4096
_BLOCKS_START = 3 * _HEADER_SIZE
#: Each block (and database header) begins with the 8-byte checksum of the rest.
_CHECKSUM_SIZE = 8
_MULTIPLIER = np.uint64(0xBF58476D1CE4E5B9)
_SEED = 5381
#: Blocks read at a time while checking, so a large file is never read whole.
_BLOCKS_PER_READ = 16


def _blocks_in_use(connection: duckdb.DuckDBPyConnection) -> set[int]:
    """Blocks that hold table data or metadata, by DuckDB's own account."""
    in_use = {int(row[0]) for row in connection.execute("FROM pragma_metadata_info()").fetchall()}
    tables = connection.execute(
        "SELECT schema_name, table_name FROM duckdb_tables()"
        " WHERE database_name = current_database()"
    ).fetchall()
    for schema, table in tables:
        rows = connection.execute(
            "SELECT block_id, additional_block_ids FROM pragma_storage_info(?)",
            [f'"{schema}"."{table}"'],
        ).fetchall()
        for block, more in rows:
            in_use.update(b for b in [block, *(more or [])] if b is not None and b >= 0)
    return in_use


def _free_blocks(connection: duckdb.DuckDBPyConnection) -> int:
    row = connection.execute(
        "SELECT free_blocks FROM pragma_database_size() WHERE database_name = current_database()"
    ).fetchone()
    return int(row[0]) if row else 0


def damaged_blocks(
    path: Path, *, in_use: set[int] | None = None, free: int = 0
) -> list[int] | None:
    """Ids of the blocks whose stored checksum does not match their bytes.

    DuckDB checks a block only when a query reads it, so a damaged index or
    rarely read table hides until then; this reads them all. The checksum is
    DuckDB's own (each 8-byte word times a constant, xor-ed, seeded 5381),
    verified first on the database headers: None when they do not verify,
    which means a storage format this check does not know. A block of zeros
    was never written or was freed (DuckDB punches freed blocks out of the
    file), so it is not counted. Given the blocks DuckDB says are in use and
    how many are free, a damaged block that is free is not counted either.
    """
    with path.open("rb") as handle:
        main = handle.read(_HEADER_SIZE)
        headers = [handle.read(_HEADER_SIZE) for _ in range(2)]
        written = [h for h in headers if len(h) == _HEADER_SIZE and h.count(0) != _HEADER_SIZE]
        if main[8:12] != b"DUCK" or not all(_checksum_ok(h) for h in written):
            return None
        fields = [struct.unpack_from("<QqqQQ", h, _CHECKSUM_SIZE) for h in written]
        if not fields:
            return None
        _, _, _, block_count, block_size = max(fields)  # the newest iteration is in use
        if block_size <= _CHECKSUM_SIZE or block_size % 8:
            return None
        damaged: list[int] = []
        handle.seek(_BLOCKS_START)
        for first in range(0, block_count, _BLOCKS_PER_READ):
            wanted = min(_BLOCKS_PER_READ, block_count - first)
            data = handle.read(wanted * block_size)
            for index in range(wanted):
                block = data[index * block_size : (index + 1) * block_size]
                if len(block) < block_size:
                    damaged.append(first + index)  # the file ends early: truncated
                elif block.count(0) != block_size and not _checksum_ok(block):
                    damaged.append(first + index)
    if in_use is None:
        return damaged
    # A freed block keeps what was last written to it (a checkpoint cut short by a
    # kill leaves half-written ones), so only blocks in use count, unless more
    # blocks fail than are free: then some index block, not listed, is damaged.
    # DuckDB also cuts free blocks off the end of the file, so a missing block can
    # be a free one too.
    unlisted = [block for block in damaged if block not in in_use]
    if len(unlisted) > free:
        return damaged
    return [block for block in damaged if block in in_use]


def _checksum_ok(block: bytes) -> bool:
    stored = struct.unpack_from("<Q", block)[0]
    words = np.frombuffer(block, dtype="<u8", offset=_CHECKSUM_SIZE)
    with np.errstate(over="ignore"):
        computed = int(np.bitwise_xor.reduce(words * _MULTIPLIER)) ^ _SEED
    return bool(stored == computed)
