"""Feeds, pages and redirects that point into the machine or the network, through real commands.

A fixture site on 127.0.0.1 (allowed, as a user allows their own network)
serves a feed whose items link to another service on the machine
(127.0.0.2), to a page redirecting there, to the cloud metadata address, and
to one real article. `pactwatch watch` stores the article alone, names each
refused item on one line, and never contacts the other service. Credentials
in URLs are used but stored nowhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.http_fixtures import FixtureServer, Route, article_html, rss

from .conftest import RunPactwatch, db_check

DRONES = "Iran sent drones to Russia last month, Ukrainian officials said on Monday."


@pytest.fixture
def site() -> Iterator[FixtureServer]:
    running = FixtureServer()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def inner() -> Iterator[FixtureServer]:
    """Another service on this machine, which no feed may make pactwatch read."""
    running = FixtureServer(host="127.0.0.2")
    running.routes["/secret"] = Route(article_html("Internal", DRONES, variant=2))
    try:
        yield running
    finally:
        running.stop()


def test_fetch_refuses_a_loopback_page_unless_allowed(
    site: FixtureServer, tmp_path: Path, pactwatch: RunPactwatch
) -> None:
    site.routes["/a1"] = Route(article_html("Drones", DRONES))
    db, url = tmp_path / "fetch.duckdb", site.url("/a1")
    refused = pactwatch("fetch", url, "--min-interval", "0", "--db", db)
    assert refused.status == 3 and "Traceback" not in refused.stderr
    assert refused.lines(
        f"pactwatch: failed {url}: refused to connect to 127.0.0.1 (127.0.0.1, a loopback address)"
    )
    assert site.seen == []
    allowed = pactwatch(
        "fetch", url, "--min-interval", "0", "--allow-private-addresses", "--db", db
    )
    assert allowed.status == 0 and f"new: {url} (1 events)" in allowed.stderr


def test_watch_stores_the_article_and_refuses_every_inward_link(
    site: FixtureServer, inner: FixtureServer, tmp_path: Path, pactwatch: RunPactwatch
) -> None:
    secret = inner.url("/secret")
    site.routes["/moved"] = Route(b"", status=302, headers={"Location": secret})
    site.routes["/a1"] = Route(article_html("Drones", DRONES))
    with_password = f"http://reader:s3cret@127.0.0.1:{site.port}/a1"
    items = [
        ("inner", secret),
        ("moved", site.url("/moved")),
        ("metadata", "http://169.254.169.254/latest/meta-data/"),
        ("a1", with_password),
    ]
    site.routes["/feed.xml"] = Route(rss(items), content_type="application/rss+xml")
    feeds = tmp_path / "feeds.yaml"
    feed_url = f"http://reader:s3cret@127.0.0.1:{site.port}/feed.xml"
    feeds.write_text(
        f"feeds:\n  - {{url: '{feed_url}', every: 15m}}\n"
        "fetch: {min_interval: 0, read_timeout: 2, connect_timeout: 2, attempts: 1,\n"
        "        allow_private_addresses: [127.0.0.1]}\n",
        encoding="utf-8",
    )
    db = tmp_path / "watch.duckdb"
    run = pactwatch("watch", feeds, "--db", db, "--once")
    assert run.status == 0 and "Traceback" not in run.stderr, run.stderr
    assert "1 feeds polled (0 unchanged), 4 new items, 1 new articles, 3 errors" in run.stderr
    refused = {
        f"item {secret}: ": "(127.0.0.2, a loopback address)",
        f"item {site.url('/moved')}: ": "(127.0.0.2, a loopback address)",
        "item http://169.254.169.254/latest/meta-data/: ": "(169.254.169.254, a link-local",
    }
    for item, words in refused.items():
        (line,) = [line for line in run.stderr.splitlines() if item in line]
        assert "refused to connect" in line and words in line, line
    assert inner.seen == []
    again = pactwatch("watch", feeds, "--db", db, "--once")
    assert again.status == 0 and "Traceback" not in again.stderr
    db_check(pactwatch, db)

    from pactwatch.store import open_store

    with open_store(str(db), read_only=True) as store:
        urls = store.connection.execute("SELECT url FROM articles").fetchall()
        feeds_known = store.connection.execute("SELECT url FROM feeds").fetchall()
    assert urls == [(site.url("/a1"),)]
    assert feeds_known == [(site.url("/feed.xml"),)]
    for path in tmp_path.glob("watch.duckdb*"):
        assert b"s3cret" not in path.read_bytes(), path
    assert site.requests_to("/a1")[0].headers["Authorization"].startswith("Basic ")
