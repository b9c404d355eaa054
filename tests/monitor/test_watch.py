"""The watcher against a live local news site: items once, errors survived, restarts resumed."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from pactwatch.monitor.alerts import AlertBook, Webhook
from pactwatch.monitor.config import AlertTargets, FeedConfig, MonitorConfig
from pactwatch.monitor.pages import raw_page_body
from pactwatch.monitor.rules import WatchRule
from pactwatch.monitor.watch import CycleReport, Watcher
from pactwatch.store import Store, open_store

from .http_fixtures import (
    FAST,
    FixtureServer,
    Route,
    article_html,
    free_port,
    lazy_body,
    rss,
)

IRAN_DRONES = "Iran sent drones to Russia last month, Ukrainian officials said on Monday."
TEHRAN_DRONES = (
    "Tehran has delivered hundreds of Shahed drones to Moscow, according to US officials."
)
IRAN_DENIES = "Iran denied that it supplied drones to Russia."
QUIET = "The central bank left interest rates unchanged on Thursday."
START = datetime(2024, 3, 1, 10, 0)


class Clock:
    """Wall-clock time the test moves forward, so feeds fall due without waiting."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def config(
    feeds: list[str],
    rules: tuple[WatchRule, ...] = (),
    alerts: AlertTargets | None = None,
    every: float = 900,
) -> MonitorConfig:
    return MonitorConfig(
        path=Path("feeds.yaml"),
        feeds=tuple(FeedConfig(url, every, url) for url in feeds),
        rules=rules,
        alerts=alerts or AlertTargets(),
        fetch=FAST,
    )


def make_watcher(store: Store, settings: MonitorConfig, clock: Clock) -> Watcher:
    webhook = None
    if settings.alerts.webhook:
        webhook = Webhook(
            settings.alerts.webhook, timeout=0.5, attempts=2, backoff=0.01, allow_private=True
        )
    book = AlertBook(store, settings.rules, settings.alerts, webhook=webhook)
    return Watcher(store, settings, alerts=book, clock=clock, sleep=lambda _: None)


def serve_articles(server: FixtureServer, leads: dict[str, str]) -> None:
    for number, (path, lead) in enumerate(leads.items()):
        server.routes[path] = Route(article_html(f"Story {path}", lead, variant=number))


def serve_feed(
    server: FixtureServer,
    path: str,
    links: list[str],
    host: str = "127.0.0.1",
    etag: str | None = None,
) -> str:
    """An RSS feed at `path` of items at `links` (guid = path), all on `host`."""
    items = [(link, server.url(link, host)) for link in links]
    server.routes[path] = Route(rss(items), content_type="application/rss+xml", etag=etag)
    return server.url(path, host)


def count(store: Store, table: str) -> int:
    row = store.connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def cycle(store: Store, settings: MonitorConfig, clock: Clock) -> CycleReport:
    """One cycle of a fresh watcher (a fresh watcher per cycle also proves state is stored)."""
    watcher = make_watcher(store, settings, clock)
    try:
        return watcher.run_cycle()
    finally:
        watcher.close()


# ------------------------------------------------------------- items once


def test_new_items_are_ingested_once(server: FixtureServer, store: Store, clock: Clock) -> None:
    serve_articles(server, {"/a1": IRAN_DRONES, "/a2": QUIET})
    settings = config([serve_feed(server, "/feed.xml", ["/a1", "/a2"])])
    first = cycle(store, settings, clock)
    clock.advance(16)
    second = cycle(store, settings, clock)
    assert (first.items, [o.status for o in first.ingested], first.errors) == (
        2,
        ["new", "new"],
        [],
    )
    assert (second.polled, second.items) == (1, 0)
    assert count(store, "articles") == 2 and count(store, "feed_items") == 2
    assert [len(server.requests_to(p)) for p in ("/feed.xml", "/a1", "/a2")] == [2, 1, 1]


def test_an_updated_feed_with_one_new_item_ingests_one_article(
    server: FixtureServer, store: Store, clock: Clock
) -> None:
    serve_articles(server, {"/a1": IRAN_DRONES, "/a2": QUIET, "/a3": TEHRAN_DRONES})
    feed = serve_feed(server, "/feed.xml", ["/a1", "/a2"])
    settings = config([feed])
    cycle(store, settings, clock)
    serve_feed(server, "/feed.xml", ["/a3", "/a1", "/a2"])
    clock.advance(16)
    report = cycle(store, settings, clock)
    assert report.items == 1 and [o.status for o in report.ingested] == ["new"]
    assert count(store, "articles") == 3
    assert len(server.requests_to("/a3")) == 1 and len(server.requests_to("/a1")) == 1


def test_a_feed_is_not_polled_before_it_is_due(
    server: FixtureServer, store: Store, clock: Clock
) -> None:
    serve_articles(server, {"/a1": QUIET})
    settings = config([serve_feed(server, "/feed.xml", ["/a1"])], every=900)
    cycle(store, settings, clock)
    clock.advance(5)
    assert cycle(store, settings, clock).polled == 0
    clock.advance(11)
    assert cycle(store, settings, clock).polled == 1


def test_the_raw_page_is_kept_compressed(server: FixtureServer, store: Store, clock: Clock) -> None:
    serve_articles(server, {"/a1": IRAN_DRONES})
    cycle(store, config([serve_feed(server, "/feed.xml", ["/a1"])]), clock)
    row = store.connection.execute(
        "SELECT article_id, url, octet_length(body_gz) FROM raw_pages"
    ).fetchone()
    assert row is not None and row[1] == server.url("/a1")
    assert raw_page_body(store, row[0]) == server.routes["/a1"].body
    assert row[2] < len(server.routes["/a1"].body)


# ----------------------------------------------------------------- errors

#: (route of the bad item's page, words of its logged error)
BAD_PAGES = [
    pytest.param(Route(b"gone", status=404), "HTTP 404", id="404"),
    pytest.param(Route(b"oops", status=500), "HTTP 500", id="500"),
    pytest.param(Route(article_html("Slow", QUIET), delay=2.0), "timed out", id="timeout"),
    pytest.param(Route(status=302, headers={"Location": "/bad"}), "redirect loop", id="loop"),
    pytest.param(
        Route(lazy_body(20_000_000), declare_length=False), "over the 5.0 MB limit", id="20MB"
    ),
    pytest.param(Route(b"%PDF-1.4", content_type="application/pdf"), "application/pdf", id="pdf"),
]


@pytest.mark.parametrize(("route", "words"), BAD_PAGES)
def test_a_bad_page_is_logged_and_the_watcher_goes_on(
    server: FixtureServer,
    store: Store,
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
    route: Route,
    words: str,
) -> None:
    server.routes["/bad"] = route
    serve_articles(server, {"/good": IRAN_DRONES})
    settings = config([serve_feed(server, "/feed.xml", ["/bad", "/good"])])
    with caplog.at_level(logging.WARNING, logger="pactwatch.monitor"):
        report = cycle(store, settings, clock)
    assert len(report.errors) == 1 and words in report.errors[0]
    assert server.url("/bad") in report.errors[0]
    assert any(words in r.getMessage() for r in caplog.records)
    assert [o.status for o in report.ingested] == ["new"]
    failed = store.connection.execute(
        "SELECT status, error FROM feed_items WHERE item_id = '/bad'"
    ).fetchone()
    assert failed is not None and failed[0] == "failed" and words in failed[1]


#: (route of a broken feed, words of its logged error)
BAD_FEEDS = [
    pytest.param(Route(b"<rss><channel><item><title>x", content_type="text/xml"), "malformed"),
    pytest.param(Route(b"not xml {at all", content_type="application/xml"), "malformed"),
    pytest.param(Route(b"<html><body>Hello</body></html>"), "not an RSS or Atom feed"),
    pytest.param(Route(b"{}", content_type="application/json"), "application/json"),
    pytest.param(Route(b"", status=404), "HTTP 404"),
]


@pytest.mark.parametrize(("route", "words"), BAD_FEEDS)
def test_a_broken_feed_is_logged_and_the_next_feed_is_read(
    server: FixtureServer,
    store: Store,
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
    route: Route,
    words: str,
) -> None:
    server.routes["/broken.xml"] = route
    serve_articles(server, {"/good": QUIET})
    good = serve_feed(server, "/feed.xml", ["/good"])
    settings = config([server.url("/broken.xml"), good])
    with caplog.at_level(logging.WARNING, logger="pactwatch.monitor"):
        report = cycle(store, settings, clock)
    assert len(report.errors) == 1 and words in report.errors[0]
    assert any(words in r.getMessage() for r in caplog.records)
    assert report.polled == 2 and [o.status for o in report.ingested] == ["new"]
    state = store.connection.execute(
        "SELECT last_error FROM feeds WHERE url = ?", [server.url("/broken.xml")]
    ).fetchone()
    assert state is not None and words in state[0]


def test_a_failed_item_is_retried_when_the_feed_changes_then_given_up(
    server: FixtureServer, store: Store, clock: Clock
) -> None:
    server.routes["/bad"] = Route(b"", status=404)
    settings = config([serve_feed(server, "/feed.xml", ["/bad"])])
    for _ in range(5):
        cycle(store, settings, clock)
        clock.advance(16)
    assert len(server.requests_to("/bad")) == 3


# -------------------------------------------------------- restart and 304


def test_a_restart_resumes_without_duplicates(
    server: FixtureServer, tmp_path: Path, clock: Clock
) -> None:
    serve_articles(server, {"/a1": IRAN_DRONES, "/a2": QUIET})
    settings = config([serve_feed(server, "/feed.xml", ["/a1", "/a2"])])
    path = tmp_path / "restart.duckdb"
    with open_store(path) as store:
        cycle(store, settings, clock)
    clock.advance(16)
    with open_store(path) as store:
        report = cycle(store, settings, clock)
        assert (report.polled, report.items) == (1, 0)
        assert count(store, "articles") == 2 and count(store, "events") == 1
    assert len(server.requests_to("/a1")) == 1


def test_a_conditional_get_returns_304_and_nothing_is_re_ingested(
    server: FixtureServer, store: Store, clock: Clock
) -> None:
    serve_articles(server, {"/a1": QUIET})
    feed = serve_feed(server, "/feed.xml", ["/a1"], etag='"feed-v1"')
    settings = config([feed])
    cycle(store, settings, clock)
    clock.advance(16)
    report = cycle(store, settings, clock)
    assert (report.not_modified, report.items) == (1, 0)
    assert server.requests_to("/feed.xml")[-1].headers.get("If-None-Match") == '"feed-v1"'
    assert count(store, "articles") == 1


def test_robots_txt_disallowing_an_article_is_respected(
    server: FixtureServer, store: Store, clock: Clock
) -> None:
    server.routes["/robots.txt"] = Route(
        b"User-agent: *\nDisallow: /private/", content_type="text/plain"
    )
    serve_articles(server, {"/private/a1": IRAN_DRONES})
    report = cycle(store, config([serve_feed(server, "/feed.xml", ["/private/a1"])]), clock)
    assert len(report.errors) == 1 and "robots.txt" in report.errors[0]
    assert server.requests_to("/private/a1") == []


# ----------------------------------------------------------------- alerts

ARMS_TO_RUSSIA = WatchRule(
    "arms to Russia", types=frozenset({"arms_transfer"}), involving=frozenset({"RUS"})
)
KOREA = WatchRule("Russia and North Korea", between=frozenset({"RUS", "PRK"}))
DENIALS = WatchRule("denials", kinds=frozenset({"denial"}))


def alert_rows(store: Store) -> list[tuple[str, str]]:
    return [
        (str(rule), str(kind))
        for rule, kind in store.connection.execute(
            "SELECT rule, kind FROM alerts ORDER BY id"
        ).fetchall()
    ]


@pytest.fixture
def alerts_file(tmp_path: Path) -> Path:
    return tmp_path / "alerts.jsonl"


def test_an_alert_fires_once_and_again_when_a_second_source_confirms(
    server: FixtureServer, tmp_path: Path, clock: Clock, alerts_file: Path
) -> None:
    serve_articles(server, {"/a1": IRAN_DRONES, "/b1": TEHRAN_DRONES, "/a2": IRAN_DENIES})
    first_feed = serve_feed(server, "/one.xml", ["/a1"])
    second_feed = serve_feed(server, "/two.xml", [], host="localhost")
    rules = (ARMS_TO_RUSSIA, KOREA, DENIALS)
    settings = config([first_feed, second_feed], rules, AlertTargets(file=alerts_file))
    path = tmp_path / "alerts.duckdb"
    with open_store(path) as store:
        created = cycle(store, settings, clock).alerts
        assert [(a.rule, a.kind) for a in created] == [("arms to Russia", "incident")]
        clock.advance(16)
        assert cycle(store, settings, clock).alerts == []
        # the same happening, told differently by another outlet
        serve_feed(server, "/two.xml", ["/b1"], host="localhost")
        clock.advance(16)
        confirmed = cycle(store, settings, clock).alerts
        assert [(a.rule, a.kind) for a in confirmed] == [("arms to Russia", "source")]
        assert confirmed[0].incident_id == created[0].incident_id
        assert confirmed[0].payload["incident"]["n_outlets"] == 2
    with open_store(path) as store:  # a restart fires nothing again
        clock.advance(16)
        assert cycle(store, settings, clock).alerts == []
        serve_feed(server, "/one.xml", ["/a2", "/a1"])
        clock.advance(16)
        denied = cycle(store, settings, clock).alerts
        assert sorted((a.rule, a.kind) for a in denied) == [
            ("arms to Russia", "certainty"),
            ("arms to Russia", "denial"),
            ("denials", "denial"),
        ]
        assert len(alert_rows(store)) == 5
    lines = alerts_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5 and '"kind": "incident"' in lines[0]


def test_a_down_webhook_does_not_lose_the_alert(
    server: FixtureServer, store: Store, clock: Clock, alerts_file: Path
) -> None:
    serve_articles(server, {"/a1": IRAN_DRONES})
    port = free_port()
    hook = f"http://127.0.0.1:{port}/hook"
    settings = config(
        [serve_feed(server, "/feed.xml", ["/a1"])],
        (ARMS_TO_RUSSIA,),
        AlertTargets(file=alerts_file, webhook=hook),
    )
    report = cycle(store, settings, clock)
    assert len(report.alerts) == 1 and report.delivered == 0
    assert len(alerts_file.read_text(encoding="utf-8").splitlines()) == 1
    pending = store.connection.execute("SELECT delivered_at, attempts FROM alerts").fetchone()
    assert pending == (None, 1)
    for webhook in _live_webhook(port):
        clock.advance(1)
        assert cycle(store, settings, clock).delivered == 1
        assert [s.method for s in webhook.requests_to("/hook")] == ["POST"]
        assert b'"kind": "incident"' in webhook.requests_to("/hook")[0].body
        clock.advance(1)
        assert cycle(store, settings, clock).delivered == 0  # delivered once only
    delivered = store.connection.execute("SELECT delivered_at, attempts FROM alerts").fetchone()
    assert delivered is not None and delivered[0] is not None and delivered[1] == 2
    assert len(alerts_file.read_text(encoding="utf-8").splitlines()) == 1


def _live_webhook(port: int) -> Iterator[FixtureServer]:
    """The webhook comes up on the port that was down."""
    webhook = FixtureServer(port)
    webhook.routes["/hook"] = Route()
    try:
        yield webhook
    finally:
        webhook.stop()
