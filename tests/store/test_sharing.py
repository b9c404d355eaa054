"""One DuckDB file, several pactwatch processes: `serve` open while `ingest`, `watch`
and `reprocess` write.

Real processes on a real file: the server answers throughout, shows what the
writers commit within seconds, and no side reports a lock. The hand-over
itself (`store/sharing.py`) is checked in-process too: a holder that is not
pactwatch is still reported at once.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from monitor.http_fixtures import FixtureServer, Route, article_html, rss
from pactwatch.store import open_store

from .conftest import pactwatch_argv

#: The issue's promise: what a writer commits shows in the dashboard within this.
VISIBLE_WITHIN = 10.0
LEADS = (
    "Iran sent drones to Russia last month, Ukrainian officials said on Monday.",
    "Turkey delivered armed drones to Azerbaijan in March, the defence ministry said.",
)


def _start(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*pactwatch_argv(), *(str(arg) for arg in args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _stop(process: subprocess.Popen[str]) -> tuple[str, str]:
    if process.poll() is None:
        process.terminate()
    out, err = process.communicate(timeout=60)
    return out, err


def _total(client: httpx.Client, **params: str) -> int:
    answer = client.get("/api/events", params={"limit": "1", **params})
    assert answer.status_code == 200, answer.text
    total: int = answer.json()["total"]
    return total


def _stored_events(db: Path) -> int:
    with open_store(db, read_only=True) as store:
        row = store.connection.execute("SELECT count(*) FROM events").fetchone()
    assert row is not None
    return int(row[0])


@pytest.fixture
def feed_site() -> Iterator[FixtureServer]:
    server = FixtureServer()
    server.routes["/a0"] = Route(article_html("Drones", LEADS[0], variant=0))
    server.routes["/feed.xml"] = Route(
        rss([("a0", server.url("/a0"))]), content_type="application/rss+xml"
    )
    try:
        yield server
    finally:
        server.stop()


def test_serve_shows_what_ingest_watch_and_reprocess_write_meanwhile(
    tmp_path: Path, samples_dir: Path, shared_dir: Path, feed_site: FixtureServer
) -> None:
    db = tmp_path / "live.duckdb"
    first = subprocess.run(
        [*pactwatch_argv(), "ingest", samples_dir / "000_56354eb25690a70c.txt", "--db", db],
        capture_output=True,
        text=True,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    pages = tmp_path / "pages"
    pages.mkdir()
    # 24 pages: ingest commits batches of 1, 2, 4, 8 and 9, so the server can see the
    # store grow step by step (with 12, the last commits could come too close together
    # for a poll to fall between them)
    for page in sorted((shared_dir / "acceptance" / "dev" / "articles").glob("*.txt"))[:24]:
        (pages / page.name).write_bytes(page.read_bytes())
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(
        f"feeds:\n  - {{url: '{feed_site.url('/feed.xml')}', every: 1s}}\n"
        "fetch: {min_interval: 0, read_timeout: 2, connect_timeout: 2, backoff: 0.01,\n"
        "        allow_private_addresses: true}\n",
        encoding="utf-8",
    )

    server = _start("serve", "--db", db, "--port", "0")
    watcher = ingester = None
    try:
        assert server.stdout is not None
        base = server.stdout.readline().split()[2].rstrip("/")
        with httpx.Client(base_url=base, timeout=30) as client:
            before = _total(client)
            watcher = _start("watch", feeds, "--db", db)
            ingester = _start("ingest", pages, "--db", db)
            totals = []
            while ingester.poll() is None:
                totals.append(_total(client))
                time.sleep(0.1)
            finished = time.monotonic()
            ingest_out, ingest_err = ingester.communicate(timeout=60)
            assert ingester.returncode == 0, ingest_err
            assert ingest_out.startswith("24 articles: 24 new"), ingest_out

            # Everything ingest committed shows within the promised time.
            expected = _stored_events_while_serving(client, db, finished)
            assert totals == sorted(totals), "a reader saw events disappear"
            assert len(set(totals)) > 2, "the server never saw the store grow meanwhile"
            assert before < expected

            # A story appearing in the feed now: watch stores it and the server shows it.
            feed_site.routes["/a1"] = Route(article_html("Drones", LEADS[1], variant=1))
            feed_site.routes["/feed.xml"] = Route(
                rss([("a0", feed_site.url("/a0")), ("a1", feed_site.url("/a1"))]),
                content_type="application/rss+xml",
            )
            published = time.monotonic()
            while _total(client, country="AZE") == 0:
                assert time.monotonic() - published < VISIBLE_WITHIN + 5, "watch's event unseen"
                time.sleep(0.2)

            # reprocess rewrites every event while the server keeps answering.
            reprocessor = _start("reprocess", "--db", db)
            while reprocessor.poll() is None:
                _total(client)
                time.sleep(0.2)
            reprocess_out, reprocess_err = reprocessor.communicate(timeout=60)
            assert reprocessor.returncode == 0, reprocess_err
            assert "articles reprocessed" in reprocess_out
            _stored_events_while_serving(client, db, time.monotonic())
        _, watch_err = _stop(watcher)
        _, serve_err = _stop(server)
    finally:
        for process in (ingester, watcher, server):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
    errors = {"ingest": ingest_err, "watch": watch_err, "reprocess": reprocess_err}
    for name, err in {**errors, "serve": serve_err}.items():
        assert "lock" not in err.lower() and "Traceback" not in err, f"{name}: {err}"
        assert "holds this database" not in err, f"{name}: {err}"


def _stored_events_while_serving(client: httpx.Client, db: Path, finished: float) -> int:
    """The API reaches the number of stored events within VISIBLE_WITHIN of the writer's end."""
    while True:
        shown = _total(client)
        # Reading the count ourselves is one more process taking its turn on the file.
        stored = _stored_events(db)
        if shown == stored:
            return shown
        assert time.monotonic() - finished < VISIBLE_WITHIN, (shown, stored)
        time.sleep(0.2)
