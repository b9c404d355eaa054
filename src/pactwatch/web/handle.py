"""The server's one open store, shared by concurrent requests.

Every request reads on a session of its own (a DuckDB cursor, or a
PostgreSQL connection: an independent connection to the same database), so
slow queries run in parallel and never see another request's half-read
result. Writes (POST /api/articles) take a lock, so one article is ingested
at a time, on a cursor of their own too: readers keep reading the last
committed state meanwhile.

Aggregates (dyads, network, timelines) cost a scan of every matching event
and the dashboard asks for the same ones again and again, so answers can be
cached by key. A DuckDB file cannot change while the server holds it (DuckDB
refuses a writer meanwhile); when the server hands it to an `ingest` or
`watch` and opens it again (`store/sharing.py`), the connection's
`generation` changes and the cache is emptied, as after the server's own
writes; an answer computed from a snapshot older than the last change is
never stored. A PostgreSQL store is written by other processes at any time,
so its answers are never cached.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar, cast

from pactwatch.store.database import Store, open_store
from pactwatch.web.queries import Reader

T = TypeVar("T")

#: Cached answers kept (least recently used dropped first); a network answer is ~300 kB.
CACHE_SIZE = 64


class StoreHandle:
    """Hands out per-request cursors of one open store, and serialises writers."""

    def __init__(self, store: Store) -> None:
        self._store = store
        # Creating a cursor touches the shared connection, so only one thread at a time.
        self._cursor_lock = threading.Lock()
        self._write_lock = threading.Lock()

        self._cache_lock = threading.Lock()
        self._cache: OrderedDict[Hashable, object] = OrderedDict()
        #: Bumped by every write; an answer computed across a bump is not cached.
        self._generation = 0
        #: The connection's generation the cache was filled under.
        self._opened = store.connection.generation

    @classmethod
    def open(cls, path: str | Path, *, writable: bool) -> StoreHandle:
        """Open an existing store: read-only, or read-write when ingesting is allowed."""
        return cls(open_store(path, read_only=not writable, create=False))

    @property
    def read_only(self) -> bool:
        return self._store.read_only

    @property
    def location(self) -> str:
        return self._store.location

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
                yield Store(cursor, self._store.location, read_only=False)
            finally:
                cursor.close()
                with self._cache_lock:
                    self._generation += 1
                    self._cache.clear()

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The answer stored under `key`, else `compute()` (stored unless a write intervened)."""
        connection = self._store.connection
        if connection.shared:
            return compute()
        with self._cache_lock:
            if connection.generation != self._opened:
                self._opened = connection.generation
                self._cache.clear()
                self._generation += 1
            if key in self._cache:
                self._cache.move_to_end(key)
                return cast(T, self._cache[key])
            generation = self._generation
        value = compute()
        with self._cache_lock:
            if generation == self._generation and connection.generation == self._opened:
                self._cache[key] = value
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return value

    def close(self) -> None:
        with self._write_lock, self._cursor_lock:
            self._store.close()
