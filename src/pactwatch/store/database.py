"""The event store: a DuckDB file or a PostgreSQL database, migrated on open.

`open_store` takes a file path (DuckDB, the default) or a
`postgresql://user@host/dbname` URL; `PACTWATCH_DB` gives the default for
every command. Both backends hold the same schema and answer the same SQL
(see `connection.py`). A new store gets every migration of `schema.py`; an
older one the migrations it lacks, in one transaction, so a crash never
leaves a half-migrated store; with PostgreSQL the migration holds the
writers' lock, so two processes opening a new database at once migrate it
once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from pactwatch import __version__
from pactwatch.store.connection import Connection
from pactwatch.store.errors import StoreAccessError, StoreError, StoreVersionError
from pactwatch.store.locations import is_postgres_url, redact
from pactwatch.store.schema import MIGRATIONS, SCHEMA_VERSION

#: The embedded store used when neither --db nor PACTWATCH_DB says otherwise.
DEFAULT_PATH = "pactwatch.duckdb"
#: The environment variable naming the store (a path or a postgresql:// URL).
ENVIRONMENT_VARIABLE = "PACTWATCH_DB"


def default_location() -> str:
    """`PACTWATCH_DB` if set, else the DuckDB file in the working directory."""
    return os.environ.get(ENVIRONMENT_VARIABLE) or DEFAULT_PATH


class Store:
    """An open pactwatch database: a connection plus what it was opened as.

    `location` is the file path or the URL (password hidden) for messages.
    """

    def __init__(self, connection: Connection, location: str | Path, read_only: bool) -> None:
        self.connection = connection
        self.location = str(location)
        self.read_only = read_only
        self._in_transaction = False

    @property
    def schema_version(self) -> int:
        return _read_version(self.connection)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """Everything inside commits together or not at all (ROLLBACK on any error).

        Only one writer at a time is inside: with PostgreSQL, other processes
        wait for the writers' lock; reads are never blocked.
        """
        if self.read_only:
            raise StoreAccessError(
                self.location, "opened read-only, cannot write; open it without read_only"
            )
        if self._in_transaction:
            raise StoreError(self.location, "transactions do not nest")
        self.connection.begin()
        self._in_transaction = True
        try:
            self.connection.lock_writers()
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
    location: str | Path | None = None, *, read_only: bool = False, create: bool = True
) -> Store:
    """Open (and if needed create and migrate) the store at `location`.

    `location` is a DuckDB file path or a `postgresql://` URL; None means
    `default_location()`. `create=False` or `read_only=True` refuse a store
    that does not exist yet instead of creating an empty one, so a mistyped
    --db on a query is reported.
    """
    location = default_location() if location is None else location
    if isinstance(location, str) and is_postgres_url(location):
        from pactwatch.store.postgres import connect_postgres

        connection: Connection = connect_postgres(location, read_only)
        shown = redact(location)
    else:
        from pactwatch.store.duckdb import connect_duckdb

        path = Path(location)
        if not path.exists() and (read_only or not create):
            raise StoreError(
                str(path), "no pactwatch database here; create one with `pactwatch ingest`"
            )
        connection = connect_duckdb(path, read_only)
        shown = str(path)
    try:
        _prepare_schema(connection, shown, read_only, create)
    except BaseException:
        connection.close()
        raise
    return Store(connection, shown, read_only)


def _read_version(connection: Connection) -> int:
    """The schema version in `meta`; 0 for an empty store, -1 for a foreign database."""
    tables = connection.tables()
    if "meta" not in tables:
        return 0 if not tables else -1
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def _prepare_schema(connection: Connection, shown: str, read_only: bool, create: bool) -> None:
    version = _read_version(connection)
    if version < 0:
        raise StoreError(shown, "holds tables but is not a pactwatch database")
    if version > SCHEMA_VERSION:
        raise StoreVersionError(
            shown,
            f"was written by a newer pactwatch (schema {version}; this pactwatch "
            f"{__version__} reads schema {SCHEMA_VERSION}); upgrade pactwatch",
        )
    if version == SCHEMA_VERSION:
        return
    if version == 0 and (read_only or not create) and not connection.tables():
        raise StoreError(shown, "no pactwatch database here; create one with `pactwatch ingest`")
    if read_only:
        raise StoreVersionError(
            shown,
            f"uses the older schema {version}; open it once for writing "
            f"(e.g. `pactwatch db info`) to migrate it to schema {SCHEMA_VERSION}",
        )
    _migrate(connection, shown)


def _migrate(connection: Connection, shown: str) -> None:
    """Run the migrations the store lacks, all in one transaction under the writers' lock."""
    connection.begin()
    try:
        connection.lock_writers()
        version = _read_version(connection)  # another process may have migrated meanwhile
        for migration in MIGRATIONS:
            if migration.version > version:
                for statement in migration.statements:
                    connection.execute(statement)
        _set_meta(connection, "schema_version", str(SCHEMA_VERSION))
        if version == 0:
            _set_meta(connection, "created_by", f"pactwatch {__version__}")
        connection.commit()
    except Exception as exc:
        connection.rollback()
        raise StoreError(shown, f"migration to schema {SCHEMA_VERSION} failed: {exc}") from exc


def _set_meta(connection: Connection, key: str, value: str) -> None:
    connection.execute(
        "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


# ------------------------------------------------------------- check and info


@dataclass(frozen=True, slots=True)
class Check:
    """One integrity check: what was counted and how many rows (or tables, blocks) break it."""

    name: str
    problems: int
    #: why it failed, when a count is not the whole story (a table that cannot be read)
    detail: str | None = None

    @property
    def ok(self) -> bool:
        return self.problems == 0


#: Each query counts the rows that break one invariant the writers keep.
_CHECKS: tuple[tuple[str, str], ...] = (
    (
        "events without their article",
        "SELECT count(*) FROM events e WHERE NOT EXISTS "
        "(SELECT 1 FROM articles a WHERE a.article_id = e.article_id)",
    ),
    (
        "events of near-duplicate or skipped articles",
        "SELECT count(*) FROM events e JOIN articles a ON a.article_id = e.article_id "
        "WHERE a.status <> 'original'",
    ),
    (
        "events without an incident (rejected ones aside)",
        "SELECT count(*) FROM events e WHERE e.review IS DISTINCT FROM 'rejected' AND NOT EXISTS "
        "(SELECT 1 FROM incidents i WHERE i.incident_id = e.incident_id)",
    ),
    (
        "actors without their event",
        "SELECT count(*) FROM event_actors x WHERE NOT EXISTS "
        "(SELECT 1 FROM events e WHERE e.event_id = x.event_id)",
    ),
    (
        "dyads without their event",
        "SELECT count(*) FROM event_dyads d WHERE NOT EXISTS "
        "(SELECT 1 FROM events e WHERE e.event_id = d.event_id)",
    ),
    (
        "incidents whose n_events disagrees with their events",
        "SELECT count(*) FROM incidents i LEFT JOIN "
        "(SELECT incident_id, count(*) AS n FROM events GROUP BY incident_id) e "
        "ON e.incident_id = i.incident_id WHERE coalesce(e.n, 0) <> i.n_events",
    ),
    (
        "articles whose report_id points nowhere",
        "SELECT count(*) FROM articles a WHERE NOT EXISTS "
        "(SELECT 1 FROM articles r WHERE r.article_id = a.report_id)",
    ),
    (
        "near-duplicates of articles that are not originals",
        "SELECT count(*) FROM articles a JOIN articles r ON r.article_id = a.report_id "
        "WHERE a.report_id <> a.article_id AND r.status <> 'original'",
    ),
    (
        "LSH bands or signatures without their article",
        "SELECT (SELECT count(*) FROM article_bands b WHERE NOT EXISTS "
        "(SELECT 1 FROM articles a WHERE a.article_id = b.article_id)) + "
        "(SELECT count(*) FROM article_signatures s WHERE NOT EXISTS "
        "(SELECT 1 FROM articles a WHERE a.article_id = s.article_id))",
    ),
)


def check_integrity(store: Store) -> list[Check]:
    """Count what is damaged or inconsistent; a sound store has nothing.

    Besides the writers' invariants, every block of a DuckDB file is checked
    against its checksum and every column of every table is read, so damage
    anywhere in the file is found now rather than by a later query. A check
    that cannot run because the file is damaged fails with the reason.
    """
    version = store.schema_version
    checks = [
        Check(
            f"schema version {version}, expected {SCHEMA_VERSION}", int(version != SCHEMA_VERSION)
        )
    ]
    damaged = store.connection.damaged_blocks()
    if damaged is not None:
        shown = ", ".join(str(block) for block in damaged[:10])
        checks.append(
            Check(
                "blocks whose checksum does not match",
                len(damaged),
                f"damaged blocks {shown}; restore the file from a backup" if damaged else None,
            )
        )
    checks.append(_read_every_table(store.connection))
    for name, query in _CHECKS:
        try:
            row = store.connection.execute(query).fetchone()
        except StoreError as exc:
            checks.append(Check(name, 1, exc.problem))
            continue
        checks.append(Check(name, int(row[0]) if row else 0))
    return checks


def _read_every_table(connection: Connection) -> Check:
    """Read every value of every table (as text, so nothing is skipped unread)."""
    unreadable: list[str] = []
    tables = sorted(connection.tables())
    for table in tables:
        columns = connection.columns(table)
        values = ", ".join(f"max(length(CAST({column} AS VARCHAR)))" for column in columns)
        try:
            connection.execute(f"SELECT count(*), {values} FROM {table}").fetchone()
        except StoreError as exc:
            unreadable.append(f"{table}: {exc.problem}")
    return Check(
        f"tables that cannot be read in full (of {len(tables)})",
        len(unreadable),
        "; ".join(unreadable) or None,
    )


@dataclass(frozen=True, slots=True)
class StoreInfo:
    """What `pactwatch db info` shows: version, row counts and extractor versions."""

    location: str
    backend: str
    schema_version: int
    size_bytes: int
    counts: dict[str, int]
    extractor_versions: dict[str, int]
    #: articles per extractor version that last extracted them
    article_versions: dict[str, int]

    def stale_articles(self, current: str) -> int:
        """Articles extracted by another version than `current` (see `reprocess --stale`)."""
        return sum(n for version, n in self.article_versions.items() if version != current)


_COUNTED = (
    ("articles", "SELECT count(*) FROM articles"),
    ("original reports", "SELECT count(*) FROM articles WHERE status = 'original'"),
    ("near-duplicates", "SELECT count(*) FROM articles WHERE status = 'near-duplicate'"),
    ("skipped articles", "SELECT count(*) FROM articles WHERE status = 'skipped'"),
    ("events", "SELECT count(*) FROM events"),
    ("incidents", "SELECT count(*) FROM incidents"),
    ("dyads", "SELECT count(*) FROM event_dyads"),
    ("reviews", "SELECT count(*) FROM reviews"),
    ("rejected events", "SELECT count(*) FROM events WHERE review = 'rejected'"),
    ("failed documents", "SELECT count(*) FROM failed_documents"),
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
    by_article = store.connection.execute(
        "SELECT extractor_version, count(*) FROM articles GROUP BY 1 ORDER BY 1"
    ).fetchall()
    return StoreInfo(
        location=store.location,
        backend=store.connection.dialect,
        schema_version=store.schema_version,
        size_bytes=store.connection.size_bytes(),
        counts=counts,
        extractor_versions={str(v): int(n) for v, n in versions},
        article_versions={str(v): int(n) for v, n in by_article},
    )


def articles_extracted_by_other(store: Store, version: str) -> set[int]:
    """Ids of the articles whose events another extractor version produced."""
    rows = store.connection.execute(
        "SELECT article_id FROM articles WHERE extractor_version <> ?", (version,)
    ).fetchall()
    return {int(row[0]) for row in rows}
