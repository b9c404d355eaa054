"""The team backend: a store in a PostgreSQL database (`--db postgresql://...`).

Several `ingest` processes, a `watch` and a `serve` can use one database at
once. Writers take a transaction-scoped advisory lock (one per schema, so
several stores can share a database), which makes "is this article stored
yet?", the id allocation and the incident merge one atomic step; readers
never wait for it. The store lives in the connection's current schema
(`public` unless the URL sets `options=-csearch_path=...`).

Results become Arrow tables with the column types the DuckDB backend gives,
taken from the result's type OIDs, so an empty result keeps its schema.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import psycopg
import pyarrow as pa

from pactwatch.store.connection import Connection, Params, Rows
from pactwatch.store.errors import StoreDamagedError, StoreError, StoreFullError
from pactwatch.store.locations import redact

#: First key of the writers' advisory lock ("pw" in ASCII); the second is the schema's hash.
_LOCK_CLASS = 0x7077

_SCALARS: dict[int, pa.DataType] = {
    16: pa.bool_(),
    17: pa.binary(),
    19: pa.string(),
    20: pa.int64(),
    21: pa.int16(),
    23: pa.int32(),
    25: pa.string(),
    700: pa.float32(),
    701: pa.float64(),
    1042: pa.string(),
    1043: pa.string(),
    1082: pa.date32(),
    1114: pa.timestamp("us"),
    1184: pa.timestamp("us", tz="UTC"),
    1700: pa.float64(),
}
#: Array OIDs and the OID of their element.
_ARRAYS: dict[int, int] = {
    1000: 16,
    1001: 17,
    1005: 21,
    1007: 23,
    1009: 25,
    1015: 1043,
    1016: 20,
    1021: 700,
    1022: 701,
    1182: 1082,
    1115: 1114,
}

#: Numbers the server-side cursors of one process, whose names must differ.
_CURSOR_NUMBERS = itertools.count()

#: Single-quoted SQL literals, which may hold a "?" or "%" that is not a parameter.
_LITERAL = re.compile(r"('(?:[^']|'')*')")


def to_pyformat(sql: str) -> str:
    """`?` parameters to psycopg's `%s` (and a literal `%` to `%%`), outside literals."""
    pieces = _LITERAL.split(sql)
    return "".join(
        piece if i % 2 else piece.replace("%", "%%").replace("?", "%s")
        for i, piece in enumerate(pieces)
    )


def _arrow_type(oid: int) -> pa.DataType | None:
    if oid in _ARRAYS:
        element = _SCALARS.get(_ARRAYS[oid])
        return pa.list_(element) if element is not None else None
    return _SCALARS.get(oid)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def _batch(description: Any, rows: list[Any]) -> pa.RecordBatch:
    names = [column.name for column in description]
    arrays = []
    for index, column in enumerate(description):
        values = [_plain(row[index]) for row in rows]
        arrays.append(pa.array(values, type=_arrow_type(column.type_code)))
    return pa.RecordBatch.from_arrays(arrays, names=names)


class PostgresConnection(Connection):
    """A psycopg connection speaking the store's shared SQL."""

    dialect = "postgresql"
    shared = True

    def __init__(self, raw: psycopg.Connection[Any], url: str, read_only: bool) -> None:
        self.raw = raw
        self.url = url
        self.read_only = read_only

    @contextmanager
    def _faults(self) -> Iterator[None]:
        """The server's faults (disk full, lost connection, corruption) as one-line StoreErrors."""
        try:
            yield
        except psycopg.Error as exc:
            error = storage_error(redact(self.url), exc)
            if error is None:
                raise
            raise error from None

    def execute(self, sql: str, params: Params = ()) -> Rows:
        with self._faults():
            if not params:
                return self.raw.execute(sql)
            return self.raw.execute(to_pyformat(sql), list(params))

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        with self._faults(), self.raw.cursor() as cursor:
            cursor.executemany(to_pyformat(sql), [list(row) for row in rows])

    def insert_rows(self, table: str, rows: Sequence[Sequence[object]]) -> None:
        """COPY: the rows stream to the server in one command."""
        if not rows:
            return
        with (
            self._faults(),
            self.raw.cursor() as cursor,
            cursor.copy(f"COPY {table} FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def arrow(self, sql: str, params: Params = ()) -> pa.Table:
        cursor = self.execute(sql, params)
        batch = _batch(cursor.description, cursor.fetchall())
        return pa.Table.from_batches([batch])

    def arrow_batches(self, sql: str, batch_rows: int) -> pa.RecordBatchReader:
        # A server-side cursor streams the rows; it lives in the current transaction.
        cursor = self.raw.cursor(name=f"pactwatch_stream_{next(_CURSOR_NUMBERS)}")
        cursor.itersize = batch_rows
        cursor.execute(sql)
        first = cursor.fetchmany(batch_rows)
        schema = _batch(cursor.description, first).schema

        def read() -> Iterator[pa.RecordBatch]:
            rows = first
            try:
                while rows:
                    yield _batch(cursor.description, rows).cast(schema)
                    rows = cursor.fetchmany(batch_rows)
            finally:
                cursor.close()

        return pa.RecordBatchReader.from_batches(schema, read())

    def begin(self, *, snapshot: bool = False) -> None:
        with self._faults():
            self.raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ" if snapshot else "BEGIN")

    def commit(self) -> None:
        with self._faults():
            self.raw.execute("COMMIT")

    def rollback(self) -> None:
        with self._faults():
            self.raw.execute("ROLLBACK")

    def lock_writers(self) -> None:
        with self._faults():
            self.raw.execute(
                "SELECT pg_advisory_xact_lock(%s, hashtext(current_schema()))", [_LOCK_CLASS]
            )

    def cursor(self) -> PostgresConnection:
        return connect_postgres(self.url, self.read_only)

    def size_bytes(self) -> int:
        row = self.raw.execute(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r'"
        ).fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        self.raw.close()


def connect_postgres(url: str, read_only: bool) -> PostgresConnection:
    """Connect in autocommit mode: the store opens its transactions itself."""
    shown = redact(url)
    try:
        raw = psycopg.connect(url, autocommit=True)
    except psycopg.OperationalError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "no answer"
        raise StoreError(
            shown,
            f"cannot connect to PostgreSQL ({reason}); check that the server is running "
            "and the URL is postgresql://USER@HOST:PORT/DBNAME",
        ) from None
    except psycopg.ProgrammingError as exc:
        raise StoreError(shown, f"not a PostgreSQL connection URL ({exc})") from None
    row = raw.execute("SELECT current_schema()").fetchone()
    if row is None or row[0] is None:
        raw.close()
        raise StoreError(
            shown, "the connection's search_path names no existing schema; create it first"
        )
    if read_only:
        raw.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    return PostgresConnection(raw, url, read_only)


#: SQLSTATE classes of a connection gone: connection exceptions, a server shut down.
_LOST = ("08", "57P")


def storage_error(shown: str, exc: psycopg.Error) -> StoreError | None:
    """The StoreError a user can act on for a fault of the server; None for other errors."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, psycopg.errors.DiskFull):
        return StoreFullError(
            shown,
            f"the PostgreSQL server's disk is full ({detail}); everything committed before "
            "is kept: free space on the server and run the command again",
        )
    if isinstance(exc, psycopg.errors.DataCorrupted | psycopg.errors.IndexCorrupted):
        return StoreDamagedError(
            shown,
            f"PostgreSQL reports damaged data ({detail}); restore the database from a "
            "backup or have its administrator repair it",
        )
    state = exc.sqlstate or ""
    if isinstance(exc, psycopg.OperationalError) and (not state or state.startswith(_LOST)):
        return StoreError(
            shown,
            f"lost the connection to PostgreSQL ({detail}); what was committed is kept: "
            "check the server and run the command again",
        )
    return None
