"""The JSON API against a real uvicorn server on 127.0.0.1 over a real store.

Every test runs twice: over a DuckDB file and over a PostgreSQL schema of
the throw-away server, each holding the five samples.

Expected rows come from the store's own query functions on the same file, so
these tests check that HTTP adds nothing and loses nothing: the same rows,
in the same order, filtered the same way, paged without gaps or repeats.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, get_args

import httpx
import pytest
from pydantic import BaseModel

from conftest import BACKENDS, NewStoreLocation
from pactwatch import __version__
from pactwatch.ingest import ingest
from pactwatch.models import EVENT_TYPES
from pactwatch.pipeline import EXTRACTOR_VERSION
from pactwatch.store import Store, open_store
from pactwatch.store.query import (
    EVENT_SORTS,
    EventFilter,
    count_undated,
    dyads,
    events,
    incidents,
    network,
    timeline,
    timeline_filter,
)
from pactwatch.store.schema import SCHEMA_VERSION
from pactwatch.web.params import EventSort
from pactwatch.web.schemas import EventDetailOut, IncidentDetailOut

from .conftest import LiveServer


@pytest.fixture(scope="module", params=BACKENDS)
def served(
    request: pytest.FixtureRequest,
    sample_db: Path,
    samples_dir: Path,
    new_store_location: NewStoreLocation,
) -> str:
    """The samples store the server reads: the DuckDB file, or its PostgreSQL twin."""
    if request.param == "duckdb":
        return str(sample_db)
    url = new_store_location("postgresql", "web")
    with open_store(url) as opened:
        ingest(opened, [samples_dir])
    return url


@pytest.fixture(scope="module")
def store(served: str) -> Iterator[Store]:
    with open_store(served, read_only=True) as opened:
        yield opened


@pytest.fixture
def client(live_server: LiveServer, served: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server(served), timeout=60) as http:
        yield http


def _get(client: httpx.Client, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


def _all_items(client: httpx.Client, url: str, page_size: int, **params: Any) -> list[Any]:
    """Every item of a list endpoint, read page by page."""
    items: list[Any] = []
    while True:
        page = _get(client, url, limit=page_size, offset=len(items), **params)
        items += page["items"]
        if not page["items"] or len(items) >= page["total"]:
            return items


# ---------------------------------------------------------------- service


def test_health_counts_the_store(client: httpx.Client, store: Store) -> None:
    events_stored = store.connection.execute("SELECT count(*) FROM events").fetchone()
    assert _get(client, "/api/health") == {
        "status": "ok",
        "events": events_stored[0] if events_stored else -1,
        "articles": 5,
        "read_only": True,
    }


def test_version(client: httpx.Client) -> None:
    assert _get(client, "/api/version") == {
        "pactwatch": __version__,
        "extractor": EXTRACTOR_VERSION,
        "schema": SCHEMA_VERSION,
    }


# ---------------------------------------------------------------- events

#: (query parameters, the EventFilter the CLI would build from the same options)
EVENT_FILTERS: list[tuple[dict[str, Any], EventFilter]] = [
    ({}, EventFilter()),
    ({"country": "IRN"}, EventFilter(country="IRN")),
    ({"country": "iran"}, EventFilter(country="IRN")),
    ({"country": "Tehran", "with": "Moscow"}, EventFilter(country="IRN", with_country="RUS")),
    (
        {"country": "IRN", "with": "RUS", "type": "arms_transfer"},
        EventFilter(country="IRN", with_country="RUS", types=("arms_transfer",)),
    ),
    (
        {"type": ["arms_transfer", "military_aid"]},
        EventFilter(types=("arms_transfer", "military_aid")),
    ),
    ({"stage": ["agreed", "planned"]}, EventFilter(stages=("agreed", "planned"))),
    ({"certainty": "claimed"}, EventFilter(certainties=("claimed",))),
    ({"since": "2022-12-01"}, EventFilter(since=date(2022, 12, 1))),
    ({"until": "2019"}, EventFilter(until=date(2019, 12, 31))),
    (
        {"since": "2022-11", "until": "2022-12"},
        EventFilter(since=date(2022, 11, 1), until=date(2022, 12, 31)),
    ),
    ({"text": "DRONES"}, EventFilter(text="DRONES")),
    ({"from": "IRN"}, EventFilter(source="IRN")),
    ({"to": "Russia"}, EventFilter(target="RUS")),
    ({"from": "IRN", "to": "RUS"}, EventFilter(source="IRN", target="RUS")),
    ({"country": "RUS", "from": "IRN"}, EventFilter(country="RUS", source="IRN")),
    ({"min_confidence": "0.7"}, EventFilter(min_confidence=0.7)),
    (
        {"since": "2022-12-01", "include_undated": "true"},
        EventFilter(since=date(2022, 12, 1), include_undated=True),
    ),
    ({"country": "AZE", "text": "exercise"}, EventFilter(country="AZE", text="exercise")),
]


@pytest.mark.parametrize(("params", "flt"), EVENT_FILTERS)
def test_events_match_the_store_query(
    client: httpx.Client, store: Store, params: dict[str, Any], flt: EventFilter
) -> None:
    expected = events(store, flt).to_pylist()
    page = _get(client, "/api/events", limit=500, **params)
    assert page["total"] == len(expected)
    assert page["undated_left_out"] == count_undated(store, flt)
    assert [item["event_id"] for item in page["items"]] == [e["event_id"] for e in expected]
    for item, row in zip(page["items"], expected, strict=True):
        assert item["type"] == row["type"]
        assert item["sources"] == row["sources"]
        assert item["targets"] == row["targets"]
        assert item["participants"] == row["participants"]
        assert item["evidence"] == row["evidence"]
        assert item["article"] == row["article"]


def test_iran_russia_arms_transfers_only_with_their_evidence(client: httpx.Client) -> None:
    page = _get(client, "/api/events", country="IRN", type="arms_transfer", **{"with": "RUS"})
    assert page["total"] > 0
    for item in page["items"]:
        assert item["type"] == "arms_transfer"
        parties = set(item["sources"] + item["targets"] + item["participants"])
        assert parties >= {"IRN", "RUS"}
        article = _get(client, f"/api/articles/{item['article_id']}")
        assert article["text"][item["evidence_start"] : item["evidence_end"]] == item["evidence"]


def test_every_event_field_of_the_contract(client: httpx.Client) -> None:
    item = _get(client, "/api/events", limit=1)["items"][0]
    assert set(item) >= {
        "event_id",
        "article_id",
        "article",
        "published",
        "type",
        "sources",
        "targets",
        "participants",
        "stage",
        "certainty",
        "claimed_by",
        "denied_by",
        "equipment",
        "date_start",
        "date_end",
        "date_precision",
        "date_text",
        "evidence",
        "evidence_start",
        "evidence_end",
        "rule",
        "confidence",
        "incident_id",
        "url",
        "outlet",
    }


@pytest.mark.parametrize("page_size", [1, 7, 500])
def test_event_pages_cover_every_row_once_in_order(
    client: httpx.Client, store: Store, page_size: int
) -> None:
    expected = [row["event_id"] for row in events(store).to_pylist()]
    walked = [item["event_id"] for item in _all_items(client, "/api/events", page_size)]
    assert walked == expected
    assert len(set(walked)) == len(walked)


@pytest.mark.parametrize("sort", EVENT_SORTS)
def test_event_pages_in_each_order_match_the_store_query(
    client: httpx.Client, store: Store, sort: str
) -> None:
    flt = EventFilter(country="IRN")
    expected = [row["event_id"] for row in events(store, flt, sort=sort).to_pylist()]
    walked = _all_items(client, "/api/events", 4, country="IRN", sort=sort)
    assert [item["event_id"] for item in walked] == expected
    assert len(expected) > 4


def test_sort_orders_the_rows_by_that_column(client: httpx.Client) -> None:
    rows = _get(client, "/api/events", limit=500, sort="-confidence")["items"]
    confidences = [row["confidence"] for row in rows]
    assert confidences == sorted(confidences, reverse=True)
    assert len(set(confidences)) > 1
    types = [row["type"] for row in _get(client, "/api/events", limit=500, sort="type")["items"]]
    assert types == sorted(types)


def test_the_api_sorts_are_the_store_sorts() -> None:
    assert get_args(EventSort) == EVENT_SORTS


def test_event_order_is_stable_across_requests(client: httpx.Client) -> None:
    first = _get(client, "/api/events", limit=20, offset=5)
    second = _get(client, "/api/events", limit=20, offset=5)
    assert first == second
    assert (first["limit"], first["offset"]) == (20, 5)


def test_an_offset_past_the_end_is_an_empty_page(client: httpx.Client) -> None:
    page = _get(client, "/api/events", offset=10_000)
    assert page["items"] == []
    assert page["total"] > 0


def test_one_event_with_its_actors_and_article(client: httpx.Client) -> None:
    listed = _get(client, "/api/events", country="IRN", limit=1)["items"][0]
    event = _get(client, f"/api/events/{listed['event_id']}")
    for key in ("event_id", "type", "sources", "targets", "evidence", "evidence_start"):
        assert event[key] == listed[key]
    assert event["article"]["article_id"] == listed["article_id"]
    assert event["article"]["doc_id"] == listed["article"]
    codes = {actor["country"] for actor in event["actors"]}
    assert codes == set(listed["sources"] + listed["targets"] + listed["participants"])
    assert {actor["label"] for actor in event["actors"] if actor["country"] == "IRN"} <= {"Iran"}


# ---------------------------------------------------------------- incidents


@pytest.mark.parametrize(
    ("params", "flt"),
    [
        ({}, EventFilter()),
        ({"country": "IRN", "with": "RUS"}, EventFilter(country="IRN", with_country="RUS")),
        ({"type": "condemnation"}, EventFilter(types=("condemnation",))),
    ],
)
def test_incidents_match_the_store_query(
    client: httpx.Client, store: Store, params: dict[str, Any], flt: EventFilter
) -> None:
    expected = incidents(store, flt).to_pylist()
    page = _get(client, "/api/incidents", limit=500, **params)
    assert page["total"] == len(expected)
    assert [i["incident_id"] for i in page["items"]] == [i["incident_id"] for i in expected]
    for item, row in zip(page["items"], expected, strict=True):
        assert [r["event_id"] for r in item["reports"]] == [r["event_id"] for r in row["reports"]]
        assert [r["evidence"] for r in item["reports"]] == [r["evidence"] for r in row["reports"]]


def test_incident_pages_cover_every_row_once(client: httpx.Client, store: Store) -> None:
    expected = [row["incident_id"] for row in incidents(store).to_pylist()]
    walked = [item["incident_id"] for item in _all_items(client, "/api/incidents", 5)]
    assert walked == expected


def test_one_incident_with_its_events_and_reports(client: httpx.Client) -> None:
    listed = _get(client, "/api/incidents", country="IRN", type="arms_transfer")["items"][0]
    incident = _get(client, f"/api/incidents/{listed['incident_id']}")
    assert incident["n_events"] == len(incident["events"])
    assert {e["incident_id"] for e in incident["events"]} == {listed["incident_id"]}
    assert all(event["evidence"] for event in incident["events"])
    assert incident["reports"] == listed["reports"]
    for report in incident["reports"]:
        article = _get(client, f"/api/articles/{report['article_id']}")
        assert report["evidence"] in article["text"]


# ---------------------------------------------------------------- pairs


@pytest.mark.parametrize(
    ("params", "flt"),
    [
        ({}, EventFilter()),
        ({"country": "RUS"}, EventFilter(country="RUS")),
        ({"type": "arms_transfer"}, EventFilter(types=("arms_transfer",))),
    ],
)
def test_dyads_match_the_store_query(
    client: httpx.Client, store: Store, params: dict[str, Any], flt: EventFilter
) -> None:
    expected = dyads(store, flt).to_pylist()
    page = _get(client, "/api/dyads", **params)
    assert page["total"] == len(expected)
    for item, row in zip(page["items"], expected, strict=True):
        assert (item["a"], item["b"], item["total"]) == (row["a"], row["b"], row["total"])
        assert item["counts"] == {name: row[name] for name in EVENT_TYPES if row[name]}
        assert item["balance"] == row["n_a_to_b"] - row["n_b_to_a"]
        assert sum(item["counts"].values()) == item["total"]


def test_dyads_name_the_parties_and_page(client: httpx.Client) -> None:
    first = _get(client, "/api/dyads", limit=1)
    assert first["items"][0]["a_name"] == "Iran"
    assert first["items"][0]["b_name"] == "Russia"
    walked = _all_items(client, "/api/dyads", 2)
    assert walked == _get(client, "/api/dyads")["items"]


def test_network_nodes_and_edges(client: httpx.Client, store: Store) -> None:
    graph = _get(client, "/api/network")
    labels = {node["id"]: node["label"] for node in graph["nodes"]}
    assert {"IRN", "RUS", "IRQ", "AZE", "USA", "UKR"} <= set(labels)
    assert labels["USA"] == "United States"
    expected = network(store).edges.to_pylist()
    assert [(e["source"], e["target"], e["weight"]) for e in graph["edges"]] == [
        (row["a"], row["b"], row["total"]) for row in expected
    ]
    iran_russia = graph["edges"][0]
    assert iran_russia["dominant_type"] == "arms_transfer"
    assert iran_russia["counts"]["arms_transfer"] == max(iran_russia["counts"].values())


def test_network_filtered_by_type(client: httpx.Client) -> None:
    graph = _get(client, "/api/network", type="condemnation")
    assert graph["edges"]
    assert {edge["dominant_type"] for edge in graph["edges"]} == {"condemnation"}


def test_timeline_of_a_pair(client: httpx.Client, store: Store) -> None:
    body = _get(client, "/api/timeline", a="Iran", b="RUS")
    assert (body["a"], body["b"]) == ("IRN", "RUS")
    expected = timeline(store, "IRN", "RUS").to_pylist()
    assert [m["month"] for m in body["months"]] == [
        row["month"].strftime("%Y-%m") for row in expected
    ]
    assert [m["total"] for m in body["months"]] == [row["total"] for row in expected]
    assert all(sum(m["counts"].values()) == m["total"] for m in body["months"])


def test_timeline_takes_the_other_filters(client: httpx.Client, store: Store) -> None:
    flt = EventFilter(types=("arms_transfer",), since=date(2022, 1, 1))
    body = _get(client, "/api/timeline", a="IRN", b="RUS", type="arms_transfer", since="2022")
    assert sum(m["total"] for m in body["months"]) == sum(
        row["total"] for row in timeline(store, "IRN", "RUS", flt).to_pylist()
    )


# ---------------------------------------------------------------- articles


def test_articles_list_and_one_article(client: httpx.Client, store: Store) -> None:
    page = _get(client, "/api/articles")
    assert page["total"] == 5
    for item in page["items"]:
        article = _get(client, f"/api/articles/{item['article_id']}")
        assert article == item
        own = [row["event_id"] for row in events(store).to_pylist()]
        assert set(article["events"]) <= set(own)
        assert article["status"] == "original"


@pytest.mark.parametrize(
    ("params", "expected_total"),
    [
        ({"text": "Azerbaijan"}, None),
        ({"text": "no such words anywhere in the samples"}, 0),
        ({"since": "2030-01-01"}, 0),
    ],
)
def test_articles_filters(
    client: httpx.Client, params: dict[str, Any], expected_total: int | None
) -> None:
    page = _get(client, "/api/articles", **params)
    if expected_total is not None:
        assert page["total"] == expected_total
    else:
        assert 0 < page["total"] < 5
        text = params["text"].lower()
        assert all(text in (i["text"] + (i["title"] or "")).lower() for i in page["items"])


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "url",
    [
        "/api/events/999999",
        "/api/incidents/999999",
        "/api/articles/999999",
        "/api/no-such-endpoint",
    ],
)
def test_unknown_ids_and_paths_are_json_404(client: httpx.Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json()["detail"]


#: (url, query parameters, the parameter the message must name, words it must contain)
INVALID: list[tuple[str, dict[str, Any], str, tuple[str, ...]]] = [
    ("/api/events", {"since": "2022-13-01"}, "since", ("YYYY-MM-DD",)),
    ("/api/events", {"until": "yesterday"}, "until", ("not a date",)),
    ("/api/events", {"since": "2022-02-30"}, "since", ("not a date",)),
    ("/api/events", {"since": "2023", "until": "2022"}, "since", ("after",)),
    ("/api/events", {"type": "arms_sale"}, "type", ("arms_transfer", "condemnation")),
    ("/api/events", {"type": ["training", "nonsense"]}, "type", ("training",)),
    ("/api/events", {"stage": "rumoured"}, "stage", ("offered", "occurred")),
    ("/api/events", {"certainty": "maybe"}, "certainty", ("stated", "denied")),
    ("/api/events", {"limit": 501}, "limit", ("500",)),
    ("/api/events", {"limit": 1_000_000}, "limit", ("500",)),
    ("/api/events", {"limit": 0}, "limit", ("1",)),
    ("/api/events", {"limit": "ten"}, "limit", ("integer",)),
    ("/api/events", {"offset": -1}, "offset", ("0",)),
    ("/api/events", {"country": "Atlantis"}, "country", ("unknown country",)),
    ("/api/events", {"with": "RUS"}, "with", ("country",)),
    ("/api/events", {"country": "IRN", "with": "Iran"}, "with", ("both IRN",)),
    ("/api/incidents", {"type": "war"}, "type", ("arms_transfer",)),
    ("/api/dyads", {"limit": 9999}, "limit", ("500",)),
    ("/api/network", {"until": "2022-00"}, "until", ("not a date",)),
    ("/api/timeline", {"a": "IRN"}, "b", ("missing", "required")),
    ("/api/timeline", {"a": "IRN", "b": "iran"}, "b", ("both IRN",)),
    ("/api/articles", {"since": "soon"}, "since", ("not a date",)),
    ("/api/events/abc", {}, "event_id", ("integer",)),
    ("/api/events", {"from": "Atlantis"}, "from", ("unknown country",)),
    ("/api/events", {"from": "IRN", "to": "Iran"}, "to", ("both IRN",)),
    ("/api/events", {"min_confidence": "1.5"}, "min_confidence", ("1",)),
    ("/api/events", {"min_confidence": "high"}, "min_confidence", ("number",)),
    ("/api/events", {"include_undated": "perhaps"}, "include_undated", ("bool",)),
    ("/api/events", {"sort": "size"}, "sort", ("'-confidence'", "'stage'")),
    ("/api/events", {"sort": "date desc"}, "sort", ("'-date'",)),
    ("/api/incidents", {"sort": "date"}, "sort", ("unknown parameter 'sort'",)),
    # a parameter the endpoint does not know is refused, never silently ignored
    ("/api/events", {"contry": "IRN"}, "contry", ("did you mean 'country'", "with")),
    ("/api/incidents", {"limt": "5"}, "limt", ("did you mean 'limit'",)),
    ("/api/timeline", {"a": "IRN", "b": "RUS", "country": "USA"}, "country", ("unknown",)),
    ("/api/articles", {"type": "sanction"}, "type", ("unknown parameter", "text")),
    ("/api/events/1", {"verbose": "1"}, "verbose", ("takes none",)),
    ("/api/health", {"x": "1"}, "x", ("unknown parameter 'x'",)),
    ("/api/alerts", {"limits": "5"}, "limits", ("did you mean 'limit'",)),
]


@pytest.mark.parametrize(("url", "params", "param", "words"), INVALID)
def test_invalid_parameters_get_a_clear_422(
    client: httpx.Client, url: str, params: dict[str, Any], param: str, words: tuple[str, ...]
) -> None:
    response = client.get(url, params=params)
    assert response.status_code == 422, response.text
    body = response.json()
    assert param in {error["param"] for error in body["errors"]}
    message = next(e["message"] for e in body["errors"] if e["param"] == param)
    assert message.startswith(f"{param}: ")
    assert any(word.lower() in message.lower() for word in words), message
    assert message in body["detail"]


def test_an_unknown_parameter_lists_the_valid_names(client: httpx.Client) -> None:
    body = client.get("/api/events", params={"contry": "IRN"}).json()
    message = body["errors"][0]["message"]
    valid = message.split("this endpoint takes ")[1].split(", ")
    assert set(valid) == {
        "country", "with", "from", "to", "type", "stage", "certainty", "since", "until",
        "include_undated", "min_confidence", "text", "reviewed", "include_rejected", "limit",
        "offset", "sort",
    }  # fmt: skip


# ---------------------------------------------------------------- undated events


@pytest.mark.parametrize("url", ["/api/events", "/api/incidents", "/api/dyads", "/api/network"])
def test_a_date_bound_says_how_many_undated_events_it_left_out(
    client: httpx.Client, store: Store, url: str
) -> None:
    flt = EventFilter(since=date(2022, 12, 1))
    left_out = count_undated(store, flt)
    assert left_out > 0, "the samples have events without a date of their own"
    assert _get(client, url, since="2022-12-01")["undated_left_out"] == left_out
    kept = _get(client, url, since="2022-12-01", include_undated="true")
    assert kept["undated_left_out"] == 0
    assert _get(client, url)["undated_left_out"] == 0


def test_the_timeline_counts_its_undated_events_apart(client: httpx.Client, store: Store) -> None:
    body = _get(client, "/api/timeline", a="IRN", b="RUS")
    undated = count_undated(store, timeline_filter("IRN", "RUS"), always=True)
    assert body["undated"] == undated
    months_total = sum(month["total"] for month in body["months"])
    assert months_total + undated == len(events(store, EventFilter("IRN", "RUS")))


# ---------------------------------------------------------------- the documented shapes

#: Every read endpoint with parameters that make it answer rows, and its schema's model.
SHAPES = [
    ("/api/events", {"limit": 50}, "FilteredPageOut_EventOut_"),
    ("/api/incidents", {"limit": 50}, "FilteredPageOut_IncidentOut_"),
    ("/api/dyads", {}, "FilteredPageOut_DyadOut_"),
    ("/api/network", {}, "NetworkOut"),
    ("/api/timeline", {"a": "IRN", "b": "RUS"}, "TimelineOut"),
    ("/api/articles", {}, "PageOut_ArticleOut_"),
    ("/api/health", {}, "HealthOut"),
    ("/api/version", {}, "VersionOut"),
]


def _schema_keys(schema: dict[str, Any], name: str) -> set[str]:
    return set(schema["components"]["schemas"][name]["properties"])


@pytest.mark.parametrize(("url", "params", "model"), SHAPES)
def test_answers_have_exactly_the_documented_fields(
    client: httpx.Client, url: str, params: dict[str, Any], model: str
) -> None:
    """The server serialises its own rows without pydantic: the schema must still be true."""
    schema = _get(client, "/api/openapi.json")
    body = _get(client, url, **params)
    assert set(body) == _schema_keys(schema, model)
    items = body.get("items") or body.get("months") or body.get("edges") or []
    if items:
        item_model = schema["components"]["schemas"][model]["properties"]
        ref = item_model.get("items") or item_model.get("months") or item_model["edges"]
        item_name = ref["items"]["$ref"].rsplit("/", 1)[1]
        for item in items:
            assert set(item) == _schema_keys(schema, item_name)


@pytest.mark.parametrize(
    ("kind", "model"), [("events", EventDetailOut), ("incidents", IncidentDetailOut)]
)
def test_one_event_and_one_incident_validate_against_their_models(
    client: httpx.Client, kind: str, model: type[BaseModel]
) -> None:
    first = _get(client, f"/api/{kind}", limit=1)["items"][0]
    key = "event_id" if kind == "events" else "incident_id"
    body = _get(client, f"/api/{kind}/{first[key]}")
    assert model.model_validate(body).model_dump(mode="json", by_alias=True) == body
