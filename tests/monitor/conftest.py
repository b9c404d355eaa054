"""Fixtures: a live fixture HTTP server on 127.0.0.1 and a store on each backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conftest import BACKENDS, NewStoreLocation
from pactwatch.store import Store, open_store

from .http_fixtures import FixtureServer


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    running = FixtureServer()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, new_store_location: NewStoreLocation) -> Iterator[Store]:
    """An empty store in a DuckDB file, then in a PostgreSQL schema."""
    with open_store(new_store_location(str(request.param), "watch")) as opened:
        yield opened
