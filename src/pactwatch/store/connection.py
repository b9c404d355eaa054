"""One interface over the two databases a store can live in: DuckDB and PostgreSQL.

The store's SQL is written once, in what both dialects understand (`?`
parameters, arrays, `array_agg ... FILTER`, `NULLS LAST`, `NOT EXISTS`). A
`Connection` adapts what differs below the SQL: the parameter style, how a
result becomes Arrow, transactions, and how concurrent writers are kept
apart. The few statements that cannot be shared ask `connection.dialect`.

- DuckDB admits one writing process per file, so a writer needs no lock of
  its own and `lock_writers` does nothing.
- PostgreSQL serves many processes at once: every write transaction first
  takes one transaction-scoped advisory lock per store (per schema), so
  concurrent `ingest` runs write one article at a time while readers keep
  reading the last committed state. Extraction, the slow part, runs outside
  the lock.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, ClassVar, Protocol

import pyarrow as pa

Params = Sequence[object]

#: Rows per statement of the default `insert_rows`.
ROWS_PER_INSERT = 200


class Rows(Protocol):
    """A statement's result, read like a DB-API cursor."""

    @property
    def description(self) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Connection(ABC):
    """An open session on the store's database."""

    #: "duckdb" or "postgresql": for the few statements written per dialect.
    dialect: ClassVar[str]
    #: Whether other processes may write the same store while this one is open.
    shared: ClassVar[bool]

    @abstractmethod
    def execute(self, sql: str, params: Params = ()) -> Rows:
        """Run one statement whose values all travel as `?` parameters."""

    @abstractmethod
    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        """Run one statement once per parameter row."""

    def insert_rows(self, table: str, rows: Sequence[Sequence[object]]) -> None:
        """Append whole rows (every column, in the table's order) with few statements.

        This default sends multi-row INSERTs with every value a parameter;
        each backend overrides it with its bulk path.
        """
        for offset in range(0, len(rows), ROWS_PER_INSERT):
            chunk = rows[offset : offset + ROWS_PER_INSERT]
            one = "(" + ", ".join("?" * len(chunk[0])) + ")"
            self.execute(
                f"INSERT INTO {table} VALUES " + ", ".join([one] * len(chunk)),
                [value for row in chunk for value in row],
            )

    @abstractmethod
    def arrow(self, sql: str, params: Params = ()) -> pa.Table:
        """The whole result of a query as an Arrow table."""

    @abstractmethod
    def arrow_batches(self, sql: str, batch_rows: int) -> pa.RecordBatchReader:
        """A query's result streamed in batches (inside the current transaction)."""

    @abstractmethod
    def begin(self, *, snapshot: bool = False) -> None:
        """Start a transaction; `snapshot=True` makes every read see one moment."""

    @abstractmethod
    def commit(self) -> None: ...

    @abstractmethod
    def rollback(self) -> None: ...

    @abstractmethod
    def lock_writers(self) -> None:
        """Inside a write transaction: wait until no other writer holds the store."""

    @abstractmethod
    def cursor(self) -> Connection:
        """An independent session on the same database (for another thread)."""

    @abstractmethod
    def size_bytes(self) -> int:
        """How much disk the store takes."""

    @abstractmethod
    def close(self) -> None: ...

    def damaged_blocks(self) -> list[int] | None:
        """Blocks of the database file whose checksum fails; None when this cannot be
        checked here (PostgreSQL verifies its own pages as it reads them)."""
        return None

    @property
    def generation(self) -> int:
        """How many times this session has opened its database: an answer cached under
        another number may miss what other processes wrote in between."""
        return 0

    @property
    def holding(self) -> bool:
        """Whether the session has its database open now, so nobody else can have written
        since it opened (`generation`); False while it has handed a DuckDB file over."""
        return True

    def tables(self) -> set[str]:
        """The names of the tables in the store's schema."""
        rows = self.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchall()
        return {str(row[0]) for row in rows}

    def columns(self, table: str) -> list[str]:
        """A table's column names, in order."""
        rows = self.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = ? "
            "ORDER BY ordinal_position",
            [table],
        ).fetchall()
        return [str(row[0]) for row in rows]

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def placeholders(count: int) -> str:
    """`?, ?, ?` for an IN list of `count` values (at least one)."""
    return ", ".join("?" * max(count, 1))
