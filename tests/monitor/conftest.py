"""Fixtures: a live fixture HTTP server on 127.0.0.1 and a store in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pactwatch.store import Store, open_store

from .http_fixtures import FixtureServer


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    running = FixtureServer()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "watch.duckdb") as opened:
        yield opened
