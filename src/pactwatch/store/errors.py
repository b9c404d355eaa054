"""Why a store cannot be used, as exceptions whose message tells the user what to do.

- StoreError: the base class; also raised for a file that is not a pactwatch
  database or does not exist when it must.
- StoreVersionError: the file's schema is newer than this pactwatch (upgrade
  pactwatch) or older and cannot be migrated in read-only mode.
- StoreAccessError: the file or its folder cannot be written (read-only file
  system, permissions, or a store opened read-only and asked to write).
- StoreLockedError: another process has the file open for writing (DuckDB
  allows one writer per file).
- StoreFullError: the disk (or the PostgreSQL server's) is full; what was
  committed before is intact.
- StoreDamagedError: the database file is corrupt or truncated (a checksum
  does not match, a block is missing).
"""

from __future__ import annotations

from pactwatch.errors import PactwatchError


class StoreError(PactwatchError):
    """Base class: any reason the event store cannot be opened or written."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class StoreVersionError(StoreError):
    pass


class StoreAccessError(StoreError):
    pass


class StoreLockedError(StoreError):
    pass


class StoreFullError(StoreError):
    pass


class StoreDamagedError(StoreError):
    pass
