"""`GET /api/alerts` shows the watcher's latest alerts, newest first."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from pactwatch.ingest import ingest_document
from pactwatch.monitor.alerts import AlertBook
from pactwatch.monitor.config import AlertTargets
from pactwatch.monitor.rules import WatchRule
from pactwatch.sources import RawDocument
from pactwatch.store import open_store
from pactwatch.web import alerts_api, create_app

from .http_fixtures import article_html


def test_the_latest_alerts_are_served(tmp_path: Path) -> None:
    db = tmp_path / "api.duckdb"
    lead = "Iran sent drones to Russia last month, Ukrainian officials said on Monday."
    page = article_html("Drones", lead).decode()
    with open_store(db) as store:
        outcome = ingest_document(store, RawDocument("a", page, True, "a", url="http://x.test/a"))
        book = AlertBook(store, [WatchRule("everything")], AlertTargets())
        book.check(outcome.incidents_created)
    app = create_app(db)
    alerts_api.register(app)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        answer = client.get("/api/alerts", params={"limit": 5})
        refused = client.get("/api/alerts", params={"limit": 0})
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 1 and body["items"][0]["kind"] == "incident"
    assert body["items"][0]["incident"]["parties"] == "IRN>RUS"
    assert refused.status_code == 422
