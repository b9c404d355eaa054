"""The persistent event store of articles, events and incidents.

It lives in one DuckDB file (the default) or in a PostgreSQL database that
several processes share; `open_store` takes either, and everything else is
the same.

    >>> from pactwatch.ingest import ingest
    >>> from pactwatch.store import open_store
    >>> with open_store("pactwatch.duckdb") as store:
    ...     summary = ingest(store, ["articles/"])
    >>> with open_store("postgresql://analyst@db.example/pactwatch") as store:
    ...     summary = ingest(store, ["articles/"], workers=2)
    >>> from pactwatch.store.query import EventFilter, events
    >>> with open_store("pactwatch.duckdb", read_only=True) as store:
    ...     df = events(store, EventFilter(country="RUS")).to_pandas()

The store is persistence only: it never runs the pipeline. Filling it
(`ingest`, `reprocess`) is `pactwatch.ingest`, which composes the two; the
write half it calls is `pactwatch.store.write`.

Opening and checking: `open_store`, `check_integrity`, `store_info`.
Reading: `EventFilter` here, and the query functions (events, incidents,
dyads, timeline, network) in `pactwatch.store.query`, loaded on first use so
that writing never imports the query side. Errors: see `pactwatch.store.errors`.
"""

from __future__ import annotations

import importlib
from typing import Any

from pactwatch.store.database import (
    Check,
    Store,
    StoreInfo,
    check_integrity,
    open_store,
    store_info,
)
from pactwatch.store.errors import (
    StoreAccessError,
    StoreError,
    StoreLockedError,
    StoreVersionError,
)

#: Names served lazily from pactwatch.store.query.
_QUERY_NAMES = frozenset({"EventFilter", "Network"})

__all__ = [
    "Check",
    "EventFilter",
    "Network",
    "Store",
    "StoreAccessError",
    "StoreError",
    "StoreInfo",
    "StoreLockedError",
    "StoreVersionError",
    "check_integrity",
    "open_store",
    "store_info",
]


def __getattr__(name: str) -> Any:
    """Import the query side only when one of its names is asked for."""
    if name in _QUERY_NAMES:
        return getattr(importlib.import_module("pactwatch.store.query"), name)
    raise AttributeError(f"module 'pactwatch.store' has no attribute {name!r}")
