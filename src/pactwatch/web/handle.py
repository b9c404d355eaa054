"""The server's one open store, shared by concurrent requests.

DuckDB lets a process hold one connection per file; every request reads on
a cursor of its own (an independent connection to the same database), so
slow queries run in parallel and never see another request's half-read
result. Writes (POST /api/articles) take a lock, so one article is ingested
at a time, on a cursor of their own too: readers keep reading the last
committed state meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pactwatch.store.duckdb import Store, open_store
from pactwatch.web.queries import Reader


class StoreHandle:
    """Hands out per-request cursors of one open store, and serialises writers."""

    def __init__(self, store: Store) -> None:
        self._store = store
        # Creating a cursor touches the shared connection, so only one thread at a time.
        self._cursor_lock = threading.Lock()
        self._write_lock = threading.Lock()

    @classmethod
    def open(cls, path: str | Path, *, writable: bool) -> StoreHandle:
        """Open an existing store: read-only, or read-write when ingesting is allowed."""
        return cls(open_store(path, read_only=not writable, create=False))

    @property
    def read_only(self) -> bool:
        return self._store.read_only

    @property
    def path(self) -> Path:
        return self._store.path

    @contextmanager
    def reader(self) -> Iterator[Reader]:
        with self._cursor_lock:
            cursor = self._store.connection.cursor()
        try:
            yield Reader(cursor)
        finally:
            cursor.close()

    @contextmanager
    def writer(self) -> Iterator[Store]:
        """The store to ingest into, for one writer at a time."""
        with self._write_lock:
            with self._cursor_lock:
                cursor = self._store.connection.cursor()
            try:
                yield Store(cursor, self._store.path, read_only=False)
            finally:
                cursor.close()

    def close(self) -> None:
        with self._write_lock, self._cursor_lock:
            self._store.close()
