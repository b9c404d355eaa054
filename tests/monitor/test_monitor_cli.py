"""`pactwatch fetch` and `pactwatch watch` as a user runs them, against the local server."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from pactwatch.commands import monitor

from .http_fixtures import FixtureServer, Route, article_html, rss

IRAN_DRONES = "Iran sent drones to Russia last month, Ukrainian officials said on Monday."


@click.group()
def cli() -> None:
    """The monitoring commands alone, as cli.py registers them."""


monitor.register(cli)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)


@pytest.fixture
def site(server: FixtureServer) -> FixtureServer:
    server.routes["/a1"] = Route(article_html("Drones", IRAN_DRONES))
    server.routes["/feed.xml"] = Route(
        rss([("a1", server.url("/a1"))]), content_type="application/rss+xml"
    )
    return server


def test_fetch_stores_each_url_and_names_each_failure(site: FixtureServer, tmp_path: Path) -> None:
    db = tmp_path / "fetch.duckdb"
    fast = ("--min-interval", "0", "--timeout", "1", "--allow-private-addresses", "--db", db)
    result = run("fetch", site.url("/a1"), site.url("/missing"), *fast)
    assert result.exit_code == 3
    assert f"new: {site.url('/a1')} (1 events)" in result.stderr
    assert f"failed {site.url('/missing')}: HTTP 404 Not Found" in result.stderr
    assert "2 URLs: 1 stored or already known, 1 failed" in result.stdout
    again = run("fetch", site.url("/a1"), *fast)
    assert again.exit_code == 0 and "duplicate" in again.stderr


def write_feeds(tmp_path: Path, server: FixtureServer, extra: str = "") -> Path:
    path = tmp_path / "feeds.yaml"
    path.write_text(
        f"feeds:\n  - {{url: '{server.url('/feed.xml')}', every: 15m, name: Local}}\n"
        "watch:\n  - {name: arms to Russia, types: [arms_transfer], involving: [RUS]}\n"
        "alerts: {file: alerts.jsonl}\n"
        "fetch: {min_interval: 0, read_timeout: 1, connect_timeout: 1, backoff: 0.01,\n"
        "        allow_private_addresses: true}\n" + extra,
        encoding="utf-8",
    )
    return path


def test_watch_once_ingests_alerts_and_files_the_alert(site: FixtureServer, tmp_path: Path) -> None:
    feeds, db = write_feeds(tmp_path, site), tmp_path / "watch.duckdb"
    result = run("watch", feeds, "--db", db, "--once")
    assert result.exit_code == 0, result.output
    assert "ALERT [arms to Russia] new incident: arms_transfer IRN>RUS" in result.stdout
    assert "1 feeds polled (0 unchanged), 1 new items, 1 new articles" in result.stderr
    filed = [json.loads(line) for line in (tmp_path / "alerts.jsonl").read_text().splitlines()]
    assert [(a["rule"], a["kind"]) for a in filed] == [("arms to Russia", "incident")]
    again = run("watch", feeds, "--db", db, "--max-cycles", "1")
    assert "0 feeds polled" in again.stderr and "ALERT" not in again.stdout


def test_watch_reports_a_bad_config_in_one_line(site: FixtureServer, tmp_path: Path) -> None:
    feeds = write_feeds(tmp_path, site, extra="colour: red\n")
    result = run("watch", feeds, "--db", tmp_path / "w.duckdb", "--once")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"pactwatch: {feeds}: colour: unknown key " + (
        "(expected one of: alerts, feeds, fetch, watch)"
    )
