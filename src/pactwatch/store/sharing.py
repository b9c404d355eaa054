"""Sharing one DuckDB file between pactwatch processes: hold it only while nobody waits.

DuckDB lets one process write a file, or several processes read it, never
both at once (https://duckdb.org/docs/current/connect/concurrency: "each
process could acquire a cross-process mutex lock, then open the database ...
and close it when the query is complete", or retry the connection). Opening
and closing costs tens of milliseconds and drops DuckDB's cache, so instead of
a connection per query every pactwatch process keeps its connection while no
other process needs the file, and hands it over when one does:

- Beside the database, `<file>.waiting` (a few bytes, never written) carries
  two POSIX byte-range locks. A process holding the database holds a shared
  lock on byte 0; a process whose open failed because a cooperating process
  holds the file holds a shared lock on byte 1 while it retries every few
  milliseconds.
- A holder looks at byte 1 after each statement or transaction and every
  `POLL` seconds while idle. Once it has held the file for `MIN_HOLD` seconds
  and someone waits, it stops admitting new work, lets the current work
  finish, closes the database and lets the waiter in (waiting up to `POLITE`
  seconds for byte 1 to clear) before opening again itself.
- An open that fails while no process holds byte 0 was refused by something
  that does not cooperate (another program, an old pactwatch): that is
  reported at once as StoreLockedError, as before.

So `serve` keeps DuckDB's cache while nobody writes; `ingest`, `watch` and
`reprocess` get the file within one transaction of the server's, and the
server sees their events as soon as they let go (after at most `MIN_HOLD`
plus one article). Locks vanish with their process, so a killed process never
leaves the file blocked; the `.waiting` file may be deleted whenever no
pactwatch process runs. Without a writable folder (no `.waiting` file) the
processes do not coordinate and a conflict is an error as before.
"""

from __future__ import annotations

import atexit
import fcntl
import os
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pactwatch.store.errors import StoreError, StoreLockedError

#: Seconds between an idle holder's looks at the waiting byte.
POLL = 0.05
#: A holder keeps the file at least this long once it has it, so two busy
#: processes hand it over a few times a second rather than after every statement.
MIN_HOLD = 0.25
#: Seconds a process that just gave the file up lets the waiters go first.
POLITE = 2.0
#: Seconds to wait for a cooperating holder before giving up.
WAIT_TIMEOUT = 120.0
#: Pause between attempts to open a file another process holds.
RETRY = 0.02

_HOLDING, _WAITING = 0, 1

Opener = Callable[[], duckdb.DuckDBPyConnection]


class _Sidecar:
    """This process's locks on one database's `.waiting` file, counted per role.

    POSIX record locks belong to the process, not to a file descriptor or a
    thread, so every claim on the same file in this process shares one
    descriptor and the lock on a byte is taken by the first user and dropped
    by the last.
    """

    def __init__(self, database: Path) -> None:
        self.database = database
        self.path = database.with_name(database.name + ".waiting")
        self._lock = threading.Lock()
        self._counts = [0, 0]
        self._users = 0
        self._fd: int | None = None
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError:
            self._fd = None  # a read-only folder: no coordination, conflicts are errors

    @classmethod
    def of(cls, database: Path) -> _Sidecar:
        key = database.resolve()
        with _REGISTRY_LOCK:
            sidecar = _REGISTRY.get(key)
            if sidecar is None:
                sidecar = _REGISTRY[key] = cls(key)
            sidecar._users += 1
            return sidecar

    def release_use(self) -> None:
        with _REGISTRY_LOCK:
            self._users -= 1
            if self._users == 0:
                _REGISTRY.pop(self.database, None)
                if self._fd is not None:
                    os.close(self._fd)  # drops every lock this process had on it
                    self._fd = None

    @property
    def cooperating(self) -> bool:
        return self._fd is not None

    def mark(self, byte: int) -> None:
        """Take (or count once more) this process's shared lock on `byte`."""
        with self._lock:
            self._counts[byte] += 1
            if self._counts[byte] == 1 and self._fd is not None:
                fcntl.lockf(self._fd, fcntl.LOCK_SH, 1, byte)

    def unmark(self, byte: int) -> None:
        with self._lock:
            self._counts[byte] -= 1
            if self._counts[byte] == 0 and self._fd is not None:
                fcntl.lockf(self._fd, fcntl.LOCK_UN, 1, byte)

    def others(self, byte: int) -> bool:
        """Whether another process holds a lock on `byte` (this process's own marks aside)."""
        with self._lock:
            if self._fd is None:
                return False
            if self._counts[byte]:
                # Testing would replace our own lock; this process's other claim
                # counts as someone on that byte.
                return True
            try:
                fcntl.lockf(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, byte)
            except OSError:
                return True
            fcntl.lockf(self._fd, fcntl.LOCK_UN, 1, byte)
            return False


_REGISTRY: dict[Path, _Sidecar] = {}
_REGISTRY_LOCK = threading.Lock()
#: Claims alive in this process, so their watchers stop before the interpreter exits.
_CLAIMS: weakref.WeakSet[FileClaim] = weakref.WeakSet()


@atexit.register
def _stop_watchers() -> None:
    for claim in list(_CLAIMS):
        claim.stop_watching()


class FileClaim:
    """One connection's claim on a DuckDB file: opened on use, handed over when asked.

    `enter()`/`leave()` bracket every piece of work (a statement, a
    transaction, a cursor's life); the raw connection is valid only in
    between. `generation` counts the opens: a reader that cached an answer
    under an older generation may have missed another process's writes.
    """

    def __init__(self, path: Path, opener: Opener, *, wait_timeout: float = WAIT_TIMEOUT) -> None:
        self.path = path
        self._opener = opener
        self._wait_timeout = wait_timeout
        self._sidecar = _Sidecar.of(path)
        self._cond = threading.Condition()
        self._raw: duckdb.DuckDBPyConnection | None = None
        self._users = 0
        self._yielding = False
        self._closed = False
        self._held_since = 0.0
        self.generation = 0
        self._watcher: threading.Thread | None = None
        self._stop = threading.Event()
        _CLAIMS.add(self)

    # ------------------------------------------------------------ use

    @property
    def holding(self) -> bool:
        """Whether this process has the file open (no other process can be writing it)."""
        return self._raw is not None

    @property
    def raw(self) -> duckdb.DuckDBPyConnection:
        """The open connection; only between `enter()` and `leave()`."""
        if self._raw is None:
            raise StoreError(str(self.path), "the database is not open here (closed?)")
        return self._raw

    def enter(self) -> duckdb.DuckDBPyConnection:
        """Start a piece of work: wait out a hand-over, open the file if needed."""
        with self._cond:
            while self._yielding:
                self._cond.wait()
            if self._closed:
                raise StoreError(str(self.path), "the store is closed")
            if self._raw is None:
                self._raw = self._acquire()
                self._held_since = time.monotonic()
                self.generation += 1
                self._start_watcher()
            self._users += 1
            return self._raw

    def leave(self) -> None:
        """End a piece of work; give the file up if another process waits for it."""
        with self._cond:
            self._users -= 1
            if self._users == 0:
                self._maybe_yield()

    @contextmanager
    def use(self) -> Iterator[duckdb.DuckDBPyConnection]:
        raw = self.enter()
        try:
            yield raw
        finally:
            self.leave()

    def close(self) -> None:
        with self._cond:
            if self._closed:
                return
            self._closed = True
            self._release()
            self._cond.notify_all()
        self.stop_watching()
        self._sidecar.release_use()

    def stop_watching(self) -> None:
        """End the watcher thread (a watcher asleep at interpreter exit keeps DuckDB's
        objects alive past its module's teardown, which nanobind reports as leaks)."""
        self._stop.set()
        watcher = self._watcher
        if watcher is not None and watcher is not threading.current_thread():
            watcher.join()

    # ------------------------------------------------------------ hand-over

    def _maybe_yield(self) -> None:
        """With no work running: close if someone waits and we have had our turn."""
        if self._raw is None or self._users or not self._sidecar.others(_WAITING):
            return
        if time.monotonic() - self._held_since < MIN_HOLD:
            return
        self._yielding = True
        try:
            self._release()
        finally:
            self._yielding = False
            self._cond.notify_all()

    def _release(self) -> None:
        if self._raw is None:
            return
        try:
            self._raw.close()
        finally:
            self._raw = None
            self._sidecar.unmark(_HOLDING)

    def _start_watcher(self) -> None:
        if self._watcher is not None and self._watcher.is_alive():
            return
        if not self._sidecar.cooperating:
            return
        self._watcher = threading.Thread(
            target=self._watch, name=f"pactwatch-claim {self.path.name}", daemon=True
        )
        self._watcher.start()

    def _watch(self) -> None:
        """While the file is held: give it up when idle and someone waits."""
        while not self._stop.wait(POLL):
            with self._cond:
                if self._closed or self._raw is None:
                    return
                if self._users == 0:
                    self._maybe_yield()
                    if self._raw is None:
                        return

    def _acquire(self) -> duckdb.DuckDBPyConnection:
        """Open the file, queueing behind a cooperating holder; StoreError if we cannot."""
        polite_until = time.monotonic() + POLITE
        while self._sidecar.others(_WAITING) and time.monotonic() < polite_until:
            time.sleep(RETRY)  # those who waited while we held the file go first
        raw = self._open_waiting()
        self._sidecar.mark(_HOLDING)
        return raw

    def _open_waiting(self) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self._wait_timeout
        lone_failures = 0
        waiting = False
        try:
            while True:
                try:
                    return self._opener()
                except StoreLockedError:
                    if not self._sidecar.others(_HOLDING):
                        # No cooperating holder (or it is just leaving): retry a few
                        # times, then it is a program that will not hand the file over.
                        lone_failures += 1
                        if lone_failures > 3 or not self._sidecar.cooperating:
                            raise
                    elif time.monotonic() > deadline:
                        raise StoreLockedError(
                            str(self.path),
                            f"another pactwatch process kept this database for over "
                            f"{self._wait_timeout:.0f} s; try again when it has finished",
                        ) from None
                    if not waiting:
                        self._sidecar.mark(_WAITING)
                        waiting = True
                    time.sleep(RETRY)
        finally:
            if waiting:
                self._sidecar.unmark(_WAITING)
