"""The server's one open store, shared by concurrent requests.

Reads run on a small pool of worker threads of the handle's own, so a
request costs one hop from the event loop to a worker and back. On
PostgreSQL each worker keeps one connection for its whole life (no connect
per request). On DuckDB each read takes a cursor of its own for the
request (a cursor holds the file, and the file must be free to be handed to
an `ingest` or `watch` between requests: `store/sharing.py`), and the
database runs every query on one thread (`SET threads = 1`, again after
each re-open): concurrent requests already keep the cores busy, and a query
split over threads while 20 others wait only adds switching. Writes (POST
/api/articles) take a lock, so one article is ingested at a time, on a
cursor of their own: readers keep reading the last committed state.

Answers are cached as finished JSON bytes, keyed by what was asked, so a
repeated request costs no thread hop and no query. That is safe while the
server holds its DuckDB file, since DuckDB refuses a writer meanwhile. Once
the server has handed the file to another process, a cached answer is not
trusted: the request is computed again (which re-opens the file after the
writer), and the re-open (the connection's `generation`) empties the cache.
The server's own writes empty it too, and an answer computed from a
snapshot older than the last change is never stored. A PostgreSQL store is
written by other processes at any time, so its answers are never cached.
Concurrent requests for the same uncached answer wait for one computation
instead of each running it. Concurrent requests for different events or
incidents by id share one read (`Batcher`): a DuckDB statement costs a
millisecond or more before it reads a row, so under load many requests cost
one read of all their ids, and a quiet server still reads at once.

A read-only server also indexes its events in memory (`store/index.py`),
built on a worker when it starts and again after each re-open of the file.
Once built, an event list answers any filter but a text search without a
statement; on stores of up to INDEX_ROWS_MAX_EVENTS events, ASCII text
searches too, and a page's items, one event and one incident come from
memory as well. Until it is built, and on a writable server, the same
answers come from statements.
"""

from __future__ import annotations

import asyncio
import functools
import os
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from pactwatch.store.connection import Connection
from pactwatch.store.database import Store, open_store
from pactwatch.store.index import EventIndex, StaleIndexError
from pactwatch.web.queries import Reader, Row, events_by_ids, incidents_by_ids

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

#: Bytes of cached answers kept (least recently used dropped first).
CACHE_BYTES = 64 * 1024 * 1024
#: Intermediate values kept (totals, counts, a filter's dyads, a filter's order of event
#: ids): least recently used dropped.
MEMO_SIZE = 1024
#: Worker threads for reads: enough to overlap a slow query with quick ones.
READ_WORKERS = max(4, 2 * (os.cpu_count() or 1))
#: A read-only store of up to this many events gets its filters indexed in memory
#: (`store/index.py`, about 200 bytes an event): a new filter costs no statement.
INDEX_MAX_EVENTS = 1_000_000
#: Up to this many events, the index keeps every event's list row, actors, articles and
#: incidents too (in all about 2 KB an event: a server on 100,000 events takes about
#: 400 MB instead of 200 MB), so a page, one event and one incident cost no statement.
INDEX_ROWS_MAX_EVENTS = 250_000
#: Reads a Batcher runs at once (one per core keeps both busy), and keys per read.
BATCH_LANES = max(2, os.cpu_count() or 1)
BATCH_KEYS = 1_000


class StoreHandle:
    """Runs reads on worker threads, caches answers, serialises writers."""

    def __init__(self, store: Store, *, workers: int = READ_WORKERS) -> None:
        self._store = store
        # Creating a cursor touches the shared connection, so only one thread at a time.
        self._cursor_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._local = threading.local()
        #: PostgreSQL workers' own connections, closed with the handle.
        self._sessions: list[Connection] = []
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pactwatch-read")
        #: The DuckDB open (connection generation) that was told to use one thread.
        self._single_threaded = -1

        self._cache_lock = threading.Lock()
        self._cache: OrderedDict[Hashable, bytes] = OrderedDict()
        self._cache_bytes = 0
        self._memo: OrderedDict[Hashable, object] = OrderedDict()
        #: Bumped by every change; an answer computed across a bump is not cached.
        self._generation = 0
        #: The connection's generation (its opens of the file) the cache was filled under.
        self._opened = store.connection.generation
        #: Answers being computed, so a burst of one request runs it once.
        self._pending: dict[Hashable, asyncio.Future[bytes]] = {}
        #: Events and incidents by id, read for many requests at once.
        self.events: Batcher[int, Row] = Batcher(self, events_by_ids)
        self.incidents: Batcher[int, Row] = Batcher(self, incidents_by_ids)
        self._batchers: dict[str, Batcher[Any, Any]] = {}
        #: The event index of the cache's generation, and the generation it was (or is being,
        #: or could not be) built for: one build per state of the store.
        self._index: EventIndex | None = None
        self._index_generation: int | None = None
        self._index_build: Future[None] | None = None

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

    @property
    def caches(self) -> bool:
        """Whether answers are kept: not when other processes may write at any time."""
        return not self._store.connection.shared

    # ------------------------------------------------------------ reading

    def _persistent(self) -> Connection:
        """This worker's own PostgreSQL connection, opened on its first read."""
        session: Connection | None = getattr(self._local, "session", None)
        if session is None:
            session = self._store.connection.cursor()
            with self._cursor_lock:
                self._sessions.append(session)
            self._local.session = session
        return session

    def _drop_persistent(self) -> None:
        session: Connection | None = getattr(self._local, "session", None)
        self._local.session = None
        if session is not None:
            with self._cursor_lock:
                self._sessions.remove(session)
            session.close()

    @contextmanager
    def reader(self) -> Iterator[Reader]:
        """A session for one read: the worker's own on PostgreSQL, a fresh cursor on DuckDB."""
        connection = self._store.connection
        if connection.shared:
            try:
                yield Reader(self._persistent())
            except Exception:
                # A broken session (server restart, network): the next read reconnects.
                self._drop_persistent()
                raise
            return
        with self._cursor_lock:
            cursor = connection.cursor()
        try:
            if connection.generation != self._single_threaded:
                cursor.execute("SET threads = 1")
                self._single_threaded = connection.generation
            yield Reader(cursor)
        finally:
            cursor.close()

    def _call(self, work: Callable[[Reader], T]) -> T:
        with self.reader() as reader:
            return work(reader)

    async def run(self, work: Callable[[Reader], T]) -> T:
        """`work(reader)` on a worker thread: the request's one hop off the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._call, work)

    # ------------------------------------------------------------ cached answers

    def _current(self) -> int | None:
        """The cache's generation, or None when cached answers cannot be trusted now.

        Call with the cache lock held. A re-opened file empties the cache; a
        file handed to another process may be changing.
        """
        connection = self._store.connection
        if connection.shared:
            return None
        if connection.generation != self._opened:
            self._opened = connection.generation
            self._clear()
        return self._generation if connection.holding else None

    def _clear(self) -> None:
        self._generation += 1
        self._index = None
        self._cache.clear()
        self._cache_bytes = 0
        self._memo.clear()

    async def answer(self, key: Hashable, compute: Callable[[Reader], bytes]) -> bytes:
        """The cached answer under `key`, else `compute(reader)` on a worker (then cached)."""
        return await self.answer_from(key, lambda: self.run(compute))

    async def answer_from(self, key: Hashable, produce: Callable[[], Awaitable[bytes]]) -> bytes:
        """The cached answer under `key`, else the one `produce()` gives (then cached)."""
        with self._cache_lock:
            generation = self._current()
            found = self._cache.get(key) if generation is not None else None
            if found is not None:
                self._cache.move_to_end(key)
                return found
        if not self.caches:
            return await produce()
        pending = self._pending.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        try:
            value = await produce()
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: the waiters get it, nobody else must
            raise
        finally:
            del self._pending[key]
        future.set_result(value)
        self._keep(key, value, generation)
        return value

    def _keep(self, key: Hashable, value: bytes, generation: int | None) -> None:
        with self._cache_lock:
            if generation is None or self._current() != generation:
                return
            if len(value) > CACHE_BYTES // 8:
                return
            self._cache[key] = value
            self._cache_bytes += len(value)
            while self._cache_bytes > CACHE_BYTES:
                _, dropped = self._cache.popitem(last=False)
                self._cache_bytes -= len(dropped)

    def invalidate(self) -> None:
        """Forget every cached answer and value (the store changed)."""
        with self._cache_lock:
            self._clear()

    # ------------------------------------------------------------ intermediate values

    @property
    def generation(self) -> int | None:
        """Which state of the store reads see now: take it before reading, give it to
        `remember` (None: nothing may be kept)."""
        with self._cache_lock:
            return self._current()

    def recall(self, key: Hashable) -> object | None:
        """A value kept by `remember`, or None."""
        with self._cache_lock:
            if self._current() is None:
                return None
            found = self._memo.get(key)
            if found is not None:
                self._memo.move_to_end(key)
            return found

    def remember(self, key: Hashable, value: object, generation: int | None) -> None:
        """Keep a value read at `generation`, such as a total, for `recall` (unless stale)."""
        with self._cache_lock:
            if generation is None or self._current() != generation:
                return
            self._memo[key] = value
            while len(self._memo) > MEMO_SIZE:
                self._memo.popitem(last=False)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept under `key`, else `compute()` (kept unless the store changed)."""
        generation = self.generation
        found = self.recall(key)
        if found is not None:
            return cast(T, found)
        value = compute()
        self.remember(key, value, generation)
        return value

    def batcher(
        self, name: str, fetch: Callable[[Reader, list[K]], dict[K, V]], *, keep: int = 0
    ) -> Batcher[K, V]:
        """The handle's Batcher called `name` (made on first use with `fetch` and `keep`)."""
        found = self._batchers.get(name)
        if found is None:
            found = self._batchers[name] = Batcher(self, fetch, keep=keep)
        return cast(Batcher[K, V], found)

    # ------------------------------------------------------------ the event index

    def event_index(self, *, wait: bool = False) -> EventIndex | None:
        """The index of the events as reads see them now, or None while there is none.

        The first call for a state of the store starts building it on a worker
        (reads go on meanwhile, by statements); `wait=True` waits for that
        build. None on a writable server, whenever answers cannot be kept
        (`caches`), and for stores over INDEX_MAX_EVENTS.
        """
        if not self.read_only:
            return None  # each POST would cost a new index: a writable server reads by statements
        with self._cache_lock:
            generation = self._current()
            if generation is None:
                return None
            if self._index_generation != generation:
                self._index_generation = generation
                self._index_build = self._pool.submit(self._build_index, generation)
            index, build = self._index, self._index_build
        if index is None and wait and build is not None:
            build.result()
            with self._cache_lock:
                return self._index if self._current() == generation else None
        return index

    def _build_index(self, generation: int) -> None:
        """Build the index for `generation`; kept only if the store is still in that state."""
        try:
            with self.reader() as reader:
                counted = reader.connection.execute("SELECT count(*) FROM events").fetchone()
                events = int(counted[0]) if counted else 0
                if events > INDEX_MAX_EVENTS:
                    return
                index = EventIndex.build(reader, rows=events <= INDEX_ROWS_MAX_EVENTS)
        except StaleIndexError:
            with self._cache_lock:  # changed while read: the next call builds again
                if self._index_generation == generation:
                    self._index_generation = None
            return
        with self._cache_lock:
            if self._current() == generation:
                self._index = index

    # ------------------------------------------------------------ writing

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
                self.invalidate()

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        with self._write_lock, self._cursor_lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()
            self._store.close()


class Batcher(Generic[K, V]):
    """Concurrent requests' look-ups by key, read together: one read for many requests.

    A DuckDB statement costs a millisecond or more before it reads a row
    (reading 50 events costs about twice as much as reading one), so 30
    requests for 30 different events are cheaper as one read of 30 ids than
    as 30 reads. The
    first key asked while fewer than `lanes` reads run starts a read at once
    (no waiting when the server is quiet); keys asked meanwhile wait for the
    next read, which takes them all (up to `size`). `fetch(reader, keys)`
    runs on a worker thread and returns the values it found; a key it did
    not find gets None. With `keep`, up to that many values found are kept
    (least recently used dropped) while the handle's cache can be trusted,
    and forgotten when it is emptied. Call from the event loop only.
    """

    def __init__(
        self,
        handle: StoreHandle,
        fetch: Callable[[Reader, list[K]], dict[K, V]],
        *,
        lanes: int = BATCH_LANES,
        size: int = BATCH_KEYS,
        keep: int = 0,
    ) -> None:
        self._handle = handle
        self._fetch = fetch
        self._lanes = lanes
        self._size = size
        self._waiting: dict[K, list[asyncio.Future[V | None]]] = {}
        self._running = 0
        self._keep = keep
        self._kept: OrderedDict[K, V] = OrderedDict()
        #: The handle's generation the kept values were read under.
        self._kept_generation: int | None = None

    async def get_many(self, keys: Sequence[K]) -> dict[K, V]:
        """The values found for `keys` (a key not found is left out)."""
        found = self.recall(keys)
        loop = asyncio.get_running_loop()
        futures: list[asyncio.Future[V | None]] = []
        asked = [key for key in keys if key not in found]
        for key in asked:
            future: asyncio.Future[V | None] = loop.create_future()
            self._waiting.setdefault(key, []).append(future)
            futures.append(future)
        if futures:
            self._launch()
            values = await asyncio.gather(*futures)
            found.update((k, v) for k, v in zip(asked, values, strict=True) if v is not None)
        return found

    def recall(self, keys: Sequence[K]) -> dict[K, V]:
        """The kept values of `keys` (none unless the handle's cache can be trusted now)."""
        if not self._keep:
            return {}
        generation = self._handle.generation
        if generation is None or generation != self._kept_generation:
            self._kept.clear()
            self._kept_generation = generation
            return {}
        found: dict[K, V] = {}
        for key in keys:
            value = self._kept.get(key)
            if value is not None:
                self._kept.move_to_end(key)
                found[key] = value
        return found

    async def get(self, key: K) -> V | None:
        return (await self.get_many([key])).get(key)

    def _launch(self) -> None:
        while self._waiting and self._running < self._lanes:
            keys = list(self._waiting)[: self._size]
            batch = {key: self._waiting.pop(key) for key in keys}
            self._running += 1
            task = asyncio.ensure_future(self._handle.run(functools.partial(self._read, keys)))
            generation = self._handle.generation if self._keep else None
            task.add_done_callback(functools.partial(self._finish, batch, generation))

    def _read(self, keys: list[K], reader: Reader) -> dict[K, V]:
        return self._fetch(reader, keys)

    def keep(self, found: dict[K, V], generation: int | None) -> None:
        """Keep values read at `generation` (the handle's, taken before reading) for `recall`,
        unless the store changed since or the batcher keeps nothing."""
        if not self._keep or not found or generation is None:
            return
        if generation != self._handle.generation:
            return
        if generation != self._kept_generation:
            self._kept.clear()
            self._kept_generation = generation
        self._kept.update(found)
        while len(self._kept) > self._keep:
            self._kept.popitem(last=False)

    def _finish(
        self,
        batch: dict[K, list[asyncio.Future[V | None]]],
        generation: int | None,
        task: asyncio.Future[dict[K, V]],
    ) -> None:
        self._running -= 1
        error = task.exception() if not task.cancelled() else asyncio.CancelledError()
        found = {} if error is not None else task.result()
        self.keep(found, generation)
        for key, futures in batch.items():
            for future in futures:
                if future.done():  # its request went away
                    continue
                if error is not None:
                    future.set_exception(error)
                    future.exception()  # retrieved: the request gets it, nobody else must
                else:
                    future.set_result(found.get(key))
        self._launch()
