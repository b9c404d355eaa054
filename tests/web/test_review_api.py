"""Reviews over HTTP against real servers: the token, the errors, and every view changing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import httpx
import pytest

TOKEN = "review-token-0123456789"
HEADERS = {"Authorization": f"Bearer {TOKEN}"}

ServeStore = Callable[..., AbstractContextManager[str]]


@pytest.fixture
def token_client(serve_store: ServeStore, writable_db: Path) -> Iterator[httpx.Client]:
    with (
        serve_store(writable_db, token=TOKEN) as base_url,
        httpx.Client(base_url=base_url, timeout=120) as http,
    ):
        yield http


def _find(client: httpx.Client, event_type: str, *parties: str) -> dict[str, Any]:
    page = client.get("/api/events", params={"type": event_type, "limit": 500}).json()
    for row in page["items"]:
        if set(parties) <= {*row["sources"], *row["targets"], *row["participants"]}:
            return dict(row)
    raise AssertionError(f"no {event_type} with {parties}")


def _review(client: httpx.Client, event_id: int, **body: Any) -> httpx.Response:
    return client.post(f"/api/events/{event_id}/review", json=body, headers=HEADERS)


def test_reviews_need_the_token(client: httpx.Client, token_client: httpx.Client) -> None:
    event = _find(token_client, "arms_transfer", "IRN", "RUS")["event_id"]
    body = {"action": "reject", "reviewer": "ana"}
    read_only = client.post(f"/api/events/{event}/review", json=body, headers=HEADERS)
    assert read_only.status_code == 403
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        refused = token_client.post(f"/api/events/{event}/review", json=body, headers=headers)
        assert refused.status_code == 401
    assert token_client.get(f"/api/events/{event}/reviews").json()["count"] == 0


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"action": "approve", "reviewer": "ana"}, "action"),
        ({"action": "accept"}, "reviewer"),
        ({"action": "accept", "reviewer": "ana", "colour": "red"}, "colour"),
        ({"action": "correct", "reviewer": "ana", "type": "arms_sale"}, "type"),
        ({"action": "correct", "reviewer": "ana", "sources": ["XXX"]}, "sources"),
        ({"action": "correct", "reviewer": "ana"}, "correction"),
    ],
)
def test_a_bad_review_is_422_naming_the_field(
    token_client: httpx.Client, body: dict[str, Any], param: str
) -> None:
    event = _find(token_client, "arms_transfer", "IRN", "RUS")["event_id"]
    answer = _review(token_client, event, **body)
    assert answer.status_code == 422, answer.text
    assert f"body.{param}" in [e["param"] for e in answer.json()["errors"]], answer.json()


def test_an_unknown_event_is_404(token_client: httpx.Client) -> None:
    assert _review(token_client, 987654, action="accept", reviewer="ana").status_code == 404


def test_a_review_changes_every_view_at_once(token_client: httpx.Client) -> None:
    client = token_client
    transfer = _find(client, "arms_transfer", "IRN", "RUS")
    condemnation = _find(client, "condemnation", "USA")
    total = client.get("/api/events", params={"limit": 1}).json()["total"]
    pairs = client.get("/api/dyads", params={"country": "IRN", "with": "RUS"}).json()
    before_pair = pairs["items"][0]

    rejected = _review(client, condemnation["event_id"], action="reject", reviewer="ana")
    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["event"]["review"] == "rejected"
    corrected = _review(
        client,
        transfer["event_id"],
        action="correct",
        reviewer="bo",
        note="Russia supplies Iran here",
        reverse=True,
        stage="planned",
    )
    assert corrected.status_code == 200, corrected.text
    review = corrected.json()["review"]
    assert (review["before"]["sources"], review["after"]["sources"]) == (["IRN"], ["RUS"])
    assert corrected.json()["event"]["sources"] == ["RUS"]

    assert client.get("/api/events", params={"limit": 1}).json()["total"] == total - 1
    asked = {"reviewed": "rejected", "limit": 5}
    assert [r["event_id"] for r in client.get("/api/events", params=asked).json()["items"]] == [
        condemnation["event_id"]
    ]
    everything = client.get("/api/events", params={"include_rejected": "true", "limit": 1})
    assert everything.json()["total"] == total
    wrong = client.get("/api/events", params={"reviewed": "maybe"})
    assert wrong.status_code == 422 and "reviewed" in wrong.json()["detail"]
    assert condemnation["event_id"] not in {
        row["event_id"] for row in client.get("/api/events", params={"limit": 500}).json()["items"]
    }
    shown = client.get(f"/api/events/{transfer['event_id']}").json()
    assert (shown["sources"], shown["targets"], shown["stage"], shown["review"]) == (
        ["RUS"],
        ["IRN"],
        "planned",
        "corrected",
    )
    after_pair = client.get("/api/dyads", params={"country": "IRN", "with": "RUS"}).json()
    assert after_pair["items"][0]["n_b_to_a"] == before_pair["n_b_to_a"] + 1
    incident = client.get(f"/api/incidents/{shown['incident_id']}").json()
    assert incident["parties"] == "RUS>IRN"
    history = client.get(f"/api/events/{transfer['event_id']}/reviews").json()
    assert [(r["action"], r["reviewer"], r["note"]) for r in history["items"]] == [
        ("correct", "bo", "Russia supplies Iran here")
    ]
    latest = client.get("/api/reviews", params={"limit": 5}).json()["items"]
    assert [r["action"] for r in latest] == ["correct", "reject"]
