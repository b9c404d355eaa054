"""The event store: one DuckDB file, opened with clear errors and migrated on open.

DuckDB lets one process write a file at a time, so opening maps its lock,
permission and format errors to StoreLockedError, StoreAccessError and
StoreError with a message a user can act on. A new file gets every migration
of `schema.py`; an older one the migrations it lacks, in one transaction, so a
crash never leaves a half-migrated file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import duckdb

from pactwatch import __version__
from pactwatch.store.errors import (
    StoreAccessError,
    StoreError,
    StoreLockedError,
    StoreVersionError,
)
from pactwatch.store.schema import MIGRATIONS, SCHEMA_VERSION

DEFAULT_PATH = "pactwatch.duckdb"

_LOCK_PID = re.compile(r"\(PID (\d+)\)")
_ACCESS_HINTS = ("permission denied", "read-only file system", "cannot open file")


class Store:
    """An open pactwatch database: a DuckDB connection plus what it was opened as."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
        self.connection = connection
        self.path = path
        self.read_only = read_only
        self._in_transaction = False

    @property
    def schema_version(self) -> int:
        return _read_version(self.connection)

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Everything inside commits together or not at all (ROLLBACK on any error)."""
        if self.read_only:
            raise StoreAccessError(
                str(self.path), "opened read-only, cannot write; open it without read_only"
            )
        if self._in_transaction:
            raise StoreError(str(self.path), "transactions do not nest")
        self.connection.begin()
        self._in_transaction = True
        try:
            yield self.connection
        except BaseException:
            self.connection.rollback()
            raise
        else:
            self.connection.commit()
        finally:
            self._in_transaction = False

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_store(
    path: str | Path = DEFAULT_PATH, *, read_only: bool = False, create: bool = True
) -> Store:
    """Open (and if needed create and migrate) the store at `path`.

    `create=False` or `read_only=True` refuse a missing file instead of
    creating an empty store, so a mistyped --db on a query is reported.
    """
    path = Path(path)
    if not path.exists() and (read_only or not create):
        raise StoreError(
            str(path), "no pactwatch database here; create one with `pactwatch ingest`"
        )
    connection = _connect(path, read_only)
    try:
        _prepare_schema(connection, path, read_only)
    except BaseException:
        connection.close()
        raise
    return Store(connection, path, read_only)


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
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
            "wait for it to finish or use another --db file",
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


def _read_version(connection: duckdb.DuckDBPyConnection) -> int:
    """The schema version in `meta`; 0 for an empty file, -1 for a foreign database."""
    tables = {row[0] for row in connection.execute("SHOW TABLES").fetchall()}
    if "meta" not in tables:
        return 0 if not tables else -1
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def _prepare_schema(connection: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
    version = _read_version(connection)
    if version < 0:
        raise StoreError(str(path), "holds tables but is not a pactwatch database")
    if version > SCHEMA_VERSION:
        raise StoreVersionError(
            str(path),
            f"was written by a newer pactwatch (schema {version}; this pactwatch "
            f"{__version__} reads schema {SCHEMA_VERSION}); upgrade pactwatch",
        )
    if version == SCHEMA_VERSION:
        return
    if read_only:
        raise StoreVersionError(
            str(path),
            f"uses the older schema {version}; open it once for writing "
            f"(e.g. `pactwatch db info`) to migrate it to schema {SCHEMA_VERSION}",
        )
    _migrate(connection, path, version)


def _migrate(connection: duckdb.DuckDBPyConnection, path: Path, version: int) -> None:
    """Run the migrations after `version`, all in one transaction."""
    connection.begin()
    try:
        for migration in MIGRATIONS:
            if migration.version > version:
                for statement in migration.statements:
                    connection.execute(statement)
        _set_meta(connection, "schema_version", str(SCHEMA_VERSION))
        if version == 0:
            _set_meta(connection, "created_by", f"pactwatch {__version__}")
        connection.commit()
    except duckdb.Error as exc:
        connection.rollback()
        raise StoreError(str(path), f"migration to schema {SCHEMA_VERSION} failed: {exc}") from exc


def _set_meta(connection: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    connection.execute(
        "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


# ------------------------------------------------------------- check and info


@dataclass(frozen=True, slots=True)
class Check:
    """One integrity check: what was counted and how many rows break it."""

    name: str
    problems: int

    @property
    def ok(self) -> bool:
        return self.problems == 0


#: Each query counts the rows that break one invariant the writers keep.
_CHECKS: tuple[tuple[str, str], ...] = (
    (
        "events without their article",
        "SELECT count(*) FROM events e ANTI JOIN articles a ON a.article_id = e.article_id",
    ),
    (
        "events of near-duplicate or skipped articles",
        "SELECT count(*) FROM events e JOIN articles a ON a.article_id = e.article_id "
        "WHERE a.status <> 'original'",
    ),
    (
        "events without an incident",
        "SELECT count(*) FROM events e ANTI JOIN incidents i ON i.incident_id = e.incident_id",
    ),
    (
        "actors without their event",
        "SELECT count(*) FROM event_actors x ANTI JOIN events e ON e.event_id = x.event_id",
    ),
    (
        "dyads without their event",
        "SELECT count(*) FROM event_dyads d ANTI JOIN events e ON e.event_id = d.event_id",
    ),
    (
        "incidents whose n_events disagrees with their events",
        "SELECT count(*) FROM incidents i LEFT JOIN "
        "(SELECT incident_id, count(*) AS n FROM events GROUP BY incident_id) e "
        "ON e.incident_id = i.incident_id WHERE coalesce(e.n, 0) <> i.n_events",
    ),
    (
        "articles whose report_id points nowhere",
        "SELECT count(*) FROM articles a ANTI JOIN articles r ON r.article_id = a.report_id",
    ),
    (
        "near-duplicates of articles that are not originals",
        "SELECT count(*) FROM articles a JOIN articles r ON r.article_id = a.report_id "
        "WHERE a.report_id <> a.article_id AND r.status <> 'original'",
    ),
    (
        "LSH bands or signatures without their article",
        "SELECT (SELECT count(*) FROM article_bands b ANTI JOIN articles a "
        "ON a.article_id = b.article_id) + (SELECT count(*) FROM article_signatures s "
        "ANTI JOIN articles a ON a.article_id = s.article_id)",
    ),
)


def check_integrity(store: Store) -> list[Check]:
    """Count the rows breaking each invariant; a crash-safe store has none."""
    version = store.schema_version
    checks = [
        Check(
            f"schema version {version}, expected {SCHEMA_VERSION}", int(version != SCHEMA_VERSION)
        )
    ]
    for name, query in _CHECKS:
        row = store.connection.execute(query).fetchone()
        checks.append(Check(name, int(row[0]) if row else 0))
    return checks


@dataclass(frozen=True, slots=True)
class StoreInfo:
    """What `pactwatch db info` shows: version, row counts and extractor versions."""

    path: Path
    schema_version: int
    size_bytes: int
    counts: dict[str, int]
    extractor_versions: dict[str, int]


_COUNTED = (
    ("articles", "SELECT count(*) FROM articles"),
    ("original reports", "SELECT count(*) FROM articles WHERE status = 'original'"),
    ("near-duplicates", "SELECT count(*) FROM articles WHERE status = 'near-duplicate'"),
    ("skipped articles", "SELECT count(*) FROM articles WHERE status = 'skipped'"),
    ("events", "SELECT count(*) FROM events"),
    ("incidents", "SELECT count(*) FROM incidents"),
    ("dyads", "SELECT count(*) FROM event_dyads"),
)


def store_info(store: Store) -> StoreInfo:
    """Counts and the extractor versions that made the stored events."""
    counts: dict[str, int] = {}
    for name, query in _COUNTED:
        row = store.connection.execute(query).fetchone()
        counts[name] = int(row[0]) if row else 0
    versions = store.connection.execute(
        "SELECT extractor_version, count(*) FROM events GROUP BY 1 ORDER BY 1"
    ).fetchall()
    size = store.path.stat().st_size if store.path.exists() else 0
    return StoreInfo(
        path=store.path,
        schema_version=store.schema_version,
        size_bytes=size,
        counts=counts,
        extractor_versions={str(v): int(n) for v, n in versions},
    )
