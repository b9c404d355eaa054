"""The event list answered from the server's in-memory index equals the plain statements.

A read-only server over a copy of the big store (5,000 synthetic events, the
samples and the dev pages) where analysts rejected, accepted and corrected
events; once its index is built, /api/events answers 120 seeded random
filters (parties, direction, types, stages, certainties, dates, undated,
confidence, review states, rejected events, orders, pages) with the rows,
total and undated count that `store.query` reads by SQL from the same file.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from pactwatch.models import DIRECTED_TYPES, EVENT_TYPES, STAGES
from pactwatch.store import Store, open_store
from pactwatch.store.index import EventIndex
from pactwatch.store.query import (
    CERTAINTIES,
    EVENT_SORTS,
    REVIEW_FILTERS,
    EventFilter,
    count_undated,
    events_page,
)
from pactwatch.store.reviews import Correction, review_event
from pactwatch.web.api import _event_detail
from pactwatch.web.handle import StoreHandle
from pactwatch.web.queries import Reader, event_by_id, incident_by_id
from pactwatch.web.schemas import EventOut

from .bigstore import BigStore
from .conftest import ThreadServer

SEED = 20_261_204
FILTERS = 120
#: Texts searched in the evidence: words of the synthetic sentences in other cases, none,
#: and letters whose lower case the index leaves to the database (no ASCII).
TEXTS = ("MISSILE", "joint Exercise", "the", "first", "50%", "nowhere-at-all", "Ü", "é")


@dataclass(frozen=True)
class Served:
    url: str
    store: Store
    handle: StoreHandle
    dyads: list[tuple[str, str, bool]]


def _review(path: Path) -> None:
    """Reject, accept and correct (reverse, restage) events of every kind, synthetic and real."""
    with open_store(path) as store:
        rows = store.connection.execute(
            "SELECT e.event_id, e.stage, list_contains(?, e.type) FROM events e "
            "ORDER BY hash(e.event_id) LIMIT 60",
            [list(DIRECTED_TYPES)],
        ).fetchall()
        for number, (event_id, stage, directed) in enumerate(rows):
            action = ("reject", "accept", "correct")[number % 3]
            correction = None
            if action == "correct" and directed:
                correction = Correction(reverse=True)
            elif action == "correct":
                correction = Correction(stage="planned" if stage != "planned" else "occurred")
            review_event(store, event_id, action, reviewer="ana", correction=correction)


@pytest.fixture(scope="module")
def served(big_store: BigStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    path = tmp_path_factory.mktemp("indexed") / "indexed.duckdb"
    shutil.copyfile(big_store.path, path)
    _review(path)
    server = ThreadServer(path, None)
    try:
        handle: StoreHandle = server.server.config.app.state.store
        assert handle.event_index(wait=True) is not None
        with open_store(path, read_only=True) as store:
            dyads = store.connection.execute(
                "SELECT a, b, directed FROM event_dyads ORDER BY event_id, a, b"
            ).fetchall()
            yield Served(server.base_url, store, handle, [(a, b, bool(d)) for a, b, d in dyads])
    finally:
        server.stop()


def _some(rng: random.Random, values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(rng.sample(values, rng.randint(1, 3))) if rng.random() < 0.3 else ()


def _random_filter(rng: random.Random, dyads: list[tuple[str, str, bool]]) -> EventFilter:
    a, b, directed = rng.choice(dyads)
    parties: dict[str, Any] = {}
    shape = rng.randrange(6)
    if shape == 1:
        parties = {"country": a}
    elif shape == 2:
        parties = {"country": b, "with_country": a}
    elif shape == 3 and directed:
        parties = {"source": a, "target": b} if rng.random() < 0.5 else {"source": a}
    elif shape == 4 and directed:
        parties = {"target": b, "country": rng.choice((a, b))}
    since = date(rng.randint(2019, 2024), rng.randint(1, 12), 1) if rng.random() < 0.3 else None
    until = date(rng.randint(2022, 2025), 12, 31) if rng.random() < 0.3 else None
    if since and until and since > until:
        since, until = until, since
    return EventFilter(
        **parties,
        types=_some(rng, EVENT_TYPES),
        stages=_some(rng, STAGES),
        certainties=_some(rng, CERTAINTIES),
        since=since,
        until=until,
        include_undated=rng.random() < 0.3,
        min_confidence=round(rng.random(), 3) if rng.random() < 0.4 else None,
        reviewed=_some(rng, REVIEW_FILTERS),
        include_rejected=rng.random() < 0.2,
        text=rng.choice(TEXTS) if rng.random() < 0.25 else None,
    )


def _params(flt: EventFilter) -> dict[str, Any]:
    named = {
        "country": flt.country,
        "with": flt.with_country,
        "from": flt.source,
        "to": flt.target,
        "type": list(flt.types),
        "stage": list(flt.stages),
        "certainty": list(flt.certainties),
        "since": flt.since and flt.since.isoformat(),
        "until": flt.until and flt.until.isoformat(),
        "include_undated": flt.include_undated or None,
        "min_confidence": flt.min_confidence,
        "reviewed": list(flt.reviewed),
        "include_rejected": flt.include_rejected or None,
        "text": flt.text,
    }
    return {name: value for name, value in named.items() if value not in (None, [])}


def _item(row: dict[str, Any]) -> Any:
    """A list row as the API's JSON gives it: EventOut's fields, dates as text."""
    return orjson.loads(orjson.dumps({name: row[name] for name in EventOut.model_fields}))


def test_the_server_answers_lists_from_its_index(served: Served) -> None:
    index = served.handle.event_index()
    assert isinstance(index, EventIndex)
    counted = served.store.connection.execute("SELECT count(*) FROM events").fetchone()
    assert counted is not None and len(index) == counted[0]


def test_random_filters_give_the_rows_and_totals_of_the_statements(served: Served) -> None:
    rng = random.Random(SEED)
    matched = 0
    with httpx.Client(base_url=served.url, timeout=60) as client:
        for _ in range(FILTERS):
            flt = _random_filter(rng, served.dyads)
            sort = rng.choice(EVENT_SORTS)
            limit, offset = rng.choice((5, 50, 500)), rng.choice((0, 0, 3, 40))
            params = {**_params(flt), "sort": sort, "limit": limit, "offset": offset}
            response = client.get("/api/events", params=params)
            assert response.status_code == 200, response.text
            page = response.json()
            rows, total = events_page(served.store, flt, limit=limit, offset=offset, sort=sort)
            assert page["items"] == [_item(row) for row in rows.to_pylist()], (flt, sort)
            assert page["total"] == total, (flt, sort)
            assert page["undated_left_out"] == count_undated(served.store, flt), flt
            matched += total > 0
    assert matched > FILTERS // 3  # the filters find rows, not just empty pages


def test_incidents_take_their_events_from_the_index_unchanged(served: Served) -> None:
    """Incidents of reviewed (rejected, corrected) and plain events, as read by statements."""
    incidents = served.store.connection.execute(
        "SELECT DISTINCT incident_id FROM events WHERE incident_id IS NOT NULL "
        "ORDER BY review IS NULL, hash(incident_id) LIMIT 40"
    ).fetchall()
    with httpx.Client(base_url=served.url, timeout=60) as client:
        for (incident_id,) in incidents:
            answer = client.get(f"/api/incidents/{incident_id}").json()
            expected = incident_by_id(Reader(served.store.connection), incident_id)
            assert expected is not None
            assert answer["events"] == [_item(event) for event in expected["events"]]
            own = {k: v for k, v in expected.items() if k not in ("events", "reports")}
            assert {k: answer[k] for k in own} == orjson.loads(orjson.dumps(own))
            assert answer["outlets"] == expected["outlets"]
            reports = [{k: r[k] for k in answer["reports"][0]} for r in expected["reports"]]
            assert answer["reports"] == orjson.loads(orjson.dumps(reports))
        assert client.get("/api/incidents/999999999").status_code == 404


def test_one_event_from_the_index_is_the_one_read_by_statements(served: Served) -> None:
    events = served.store.connection.execute(
        "SELECT event_id FROM events ORDER BY review IS NULL, hash(event_id) LIMIT 40"
    ).fetchall()
    with httpx.Client(base_url=served.url, timeout=60) as client:
        for (event_id,) in events:
            answer = client.get(f"/api/events/{event_id}").json()
            expected = event_by_id(Reader(served.store.connection), event_id)
            assert expected is not None
            assert answer == orjson.loads(orjson.dumps(_event_detail(expected)))
        assert client.get("/api/events/999999999").status_code == 404
