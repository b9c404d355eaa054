"""Look-ups of many concurrent requests read together: the right answer reaches each request.

A real store (a copy of the samples' DuckDB file) behind a real StoreHandle,
and a real server under a burst of concurrent requests.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from pactwatch.store import open_store
from pactwatch.store.query import events
from pactwatch.web.handle import Batcher, StoreHandle
from pactwatch.web.queries import (
    Reader,
    Row,
    event_by_id,
    events_by_ids,
    incident_by_id,
    incidents_by_ids,
)

from .conftest import LiveServer


@pytest.fixture(scope="module")
def event_ids(sample_db: Path) -> list[int]:
    with open_store(sample_db, read_only=True) as store:
        return [int(i) for i in events(store)["event_id"].to_pylist()]


def test_concurrent_keys_are_read_together_and_each_gets_its_own(
    writable_db: Path, event_ids: list[int]
) -> None:
    handle = StoreHandle.open(writable_db, writable=False)
    reads: list[list[int]] = []

    def fetch(reader: Reader, keys: list[int]) -> dict[int, Row]:
        reads.append(keys)
        return events_by_ids(reader, keys)

    async def burst() -> list[Row | None]:
        batcher = Batcher(handle, fetch, lanes=1)
        asked = [*event_ids, 10**9, *event_ids[:5]]  # an unknown id, and repeats
        return await asyncio.gather(*(batcher.get(key) for key in asked))

    try:
        answers = asyncio.run(burst())
        with handle.reader() as reader:
            expected = [event_by_id(reader, key) for key in event_ids]
    finally:
        handle.close()
    assert len(event_ids) >= 20
    # The first key starts a read at once; the rest wait for one more.
    assert len(reads) == 2 and reads[0] == [event_ids[0]]
    assert answers[len(event_ids)] is None
    assert answers[: len(event_ids)] == expected
    assert answers[len(event_ids) + 1 :] == expected[:5]


def test_a_failed_read_reaches_every_waiting_request_and_the_next_read_runs(
    writable_db: Path, event_ids: list[int]
) -> None:
    handle = StoreHandle.open(writable_db, writable=False)

    def fetch(reader: Reader, keys: list[int]) -> dict[int, Row]:
        if 10**9 in keys:
            reader.connection.execute("SELECT * FROM no_such_table")
        return events_by_ids(reader, keys)

    async def burst() -> tuple[list[object], Row | None]:
        batcher = Batcher(handle, fetch, lanes=1)
        failed = await asyncio.gather(
            *(batcher.get(key) for key in [10**9, *event_ids[:3]]), return_exceptions=True
        )
        return failed, await batcher.get(event_ids[0])

    try:
        failed, after = asyncio.run(burst())
    finally:
        handle.close()
    assert isinstance(failed[0], Exception) and "no_such_table" in str(failed[0])
    # The other keys were read in the next batch, which succeeded.
    assert [row["event_id"] for row in failed[1:]] == event_ids[:3]  # type: ignore[index]
    assert after is not None and after["event_id"] == event_ids[0]


def test_incidents_read_together_match_one_by_one(writable_db: Path) -> None:
    handle = StoreHandle.open(writable_db, writable=False)
    try:
        with handle.reader() as reader:
            found = reader.connection.execute("SELECT incident_id FROM incidents").fetchall()
            ids = [int(row[0]) for row in found]
            together = incidents_by_ids(reader, [*ids, 10**9])
            assert together == {key: incident_by_id(reader, key) for key in ids}
    finally:
        handle.close()


def test_a_burst_of_one_event_requests_gets_each_its_event(
    live_server: LiveServer, sample_db: Path, event_ids: list[int]
) -> None:
    base_url = live_server(sample_db)

    async def burst() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
            asked = [*event_ids, 10**9]
            return await asyncio.gather(*(client.get(f"/api/events/{key}") for key in asked))

    answers = asyncio.run(burst())
    assert [answer.status_code for answer in answers] == [200] * len(event_ids) + [404]
    assert [answer.json()["event_id"] for answer in answers[:-1]] == event_ids
    assert answers[-1].json()["detail"] == f"no event {10**9}"
    with httpx.Client(base_url=base_url) as client:
        for key in event_ids[:3]:
            assert client.get(f"/api/events/{key}").json() == answers[event_ids.index(key)].json()
