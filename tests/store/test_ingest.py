"""Ingest and reprocess on real DuckDB files: what is stored, idempotence, failures, CLI."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from pactwatch.ingest import ingest, reprocess
from pactwatch.models import Actor, Event, Evidence
from pactwatch.pipeline import EXTRACTOR_VERSION, analyse, prepare_article
from pactwatch.sources import iter_documents
from pactwatch.store import Store, check_integrity, store_info
from pactwatch.store.schema import SCHEMA_VERSION
from pactwatch.store.write import dyads, outlet_of

from .conftest import RunStoreCli, Scalar

Snapshot = Callable[[Store], dict[str, tuple[int, str]]]

FRENCH = (
    "Le ministre de la Défense a annoncé lundi que la France livrerait des avions de combat "
    "à la Grèce dans le cadre d'un accord signé avec Athènes. Selon le ministère, les "
    "appareils seront livrés avant la fin de l'année, et les pilotes grecs seront formés en "
    "France par des instructeurs de l'armée de l'air. Cette décision a été saluée par le "
    "gouvernement grec, qui a souligné la solidité de la coopération entre les deux pays."
)


def _expected_events(folder: Path) -> int:
    """How many events the extractor finds in the folder, read directly."""
    total = 0
    for doc in iter_documents([folder]):
        assert not isinstance(doc, Exception)
        article, _ = prepare_article(doc)
        total += len(analyse(article).events)
    return total


def test_ingest_stores_every_article_with_its_events(
    store: Store, samples_dir: Path, scalar: Scalar
) -> None:
    summary = ingest(store, [samples_dir])
    assert (summary.new, summary.duplicate, summary.failed, summary.skipped) == (5, 0, 0, 0)
    assert summary.events == _expected_events(samples_dir)
    assert scalar(store, "SELECT count(*) FROM events") == summary.events
    assert scalar(store, "SELECT count(*) FROM incidents") == summary.incidents_new
    assert scalar(store, "SELECT count(*) FROM articles WHERE report_id = article_id") == 5
    assert (
        scalar(store, "SELECT count(*) FROM events WHERE extractor_version <> ?", EXTRACTOR_VERSION)
        == 0
    )
    assert all(check.ok for check in check_integrity(store))
    assert store_info(store).extractor_versions == {EXTRACTOR_VERSION: summary.events}


def test_ingesting_the_same_paths_again_changes_nothing(
    store: Store, samples_dir: Path, snapshot: Snapshot
) -> None:
    ingest(store, [samples_dir])
    before = snapshot(store)
    again = ingest(store, [samples_dir, samples_dir / "002_1afe1fed452732b0.txt"])
    assert snapshot(store) == before
    assert (again.duplicate, again.new, again.events) == (6, 0, 0)
    assert again.incidents_new == again.incidents_changed == 0


def test_bad_inputs_are_counted_and_the_run_goes_on(
    store: Store, samples_dir: Path, tmp_path: Path, scalar: Scalar
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a_empty.txt").write_text("", encoding="utf-8")
    (folder / "b_image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "c_french.txt").write_text(FRENCH, encoding="utf-8")
    (folder / "d_sample.txt").write_text(
        (samples_dir / "003_6755ffb47d761d3b.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    summary = ingest(store, [folder, tmp_path / "missing.txt"])
    assert (summary.new, summary.skipped, summary.failed) == (1, 1, 3)
    assert any("a_empty.txt" in f and "empty" in f for f in summary.failures)
    assert any("b_image.txt" in f and "PNG" in f for f in summary.failures)
    assert any("missing.txt" in f for f in summary.failures)
    assert summary.skips and "not English" in summary.skips[0]
    status = dict(store.connection.execute("SELECT doc_id, status FROM articles").fetchall())
    assert status == {"c_french.txt": "skipped", "d_sample.txt": "original"}
    assert (
        scalar(
            store,
            "SELECT count(*) FROM events e JOIN articles a USING (article_id) "
            "WHERE a.status = 'skipped'",
        )
        == 0
    )


def test_json_lines_metadata_is_stored(store: Store, samples_dir: Path, tmp_path: Path) -> None:
    text = (samples_dir / "004_105da86cbff68d84.txt").read_text(encoding="utf-8")
    record = {
        "id": "price-1",
        "text": text,
        "url": "https://www.Example.com/news/1",
        "published": "2022-12-21",
        "title": "Price on Iran and Russia",
    }
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    ingest(store, [path])
    row = store.connection.execute(
        "SELECT doc_id, url, outlet, published, published_from, title, is_html FROM articles"
    ).fetchone()
    assert row is not None
    assert row[:3] == ("price-1", "https://www.Example.com/news/1", "example.com")
    assert (str(row[3]), row[4], row[5], row[6]) == (
        "2022-12-21",
        "json",
        "Price on Iran and Russia",
        False,
    )


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.reuters.com/world/x", "reuters.com"),
        ("http://News.BBC.co.uk/a?b=c", "news.bbc.co.uk"),
        ("https://apnews.com:443/article", "apnews.com"),
        (None, None),
        ("", None),
        ("not a url", None),
    ],
)
def test_outlet_is_the_host_without_www(url: str | None, outlet: str | None) -> None:
    assert outlet_of(url) == outlet


def _event(event_type: str, *roles: tuple[str, str]) -> Event:
    actors = tuple(Actor(role=role, country=code, text=code) for role, code in roles)
    return Event("a", event_type, actors, "occurred", Evidence("s", 0, 1))


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (_event("arms_transfer", ("source", "IRN"), ("target", "RUS")), [("IRN", "RUS")]),
        (
            _event("condemnation", ("source", "USA"), ("target", "RUS"), ("target", "IRN")),
            [("USA", "RUS"), ("USA", "IRN")],
        ),
        (
            _event("sanction", ("source", "USA"), ("source", "GBR"), ("target", "IRN")),
            [("USA", "IRN"), ("GBR", "IRN")],
        ),
        (
            _event("joint_exercise", ("participant", "RUS"), ("participant", "IRN")),
            [("IRN", "RUS")],
        ),
        (
            _event(
                "defense_meeting",
                ("participant", "RUS"),
                ("participant", "IRN"),
                ("participant", "CHN"),
                ("participant", "IRN"),
            ),
            [("CHN", "IRN"), ("CHN", "RUS"), ("IRN", "RUS")],
        ),
        (_event("joint_exercise", ("participant", "RUS")), []),
    ],
)
def test_dyads_are_the_specs_scoring_tuples(event: Event, expected: list[tuple[str, str]]) -> None:
    assert dyads(event) == expected


def test_stored_dyads_match_each_events_tuples(samples_store: Store) -> None:
    stored = samples_store.connection.execute(
        "SELECT e.type, d.directed, d.a, d.b FROM event_dyads d JOIN events e USING (event_id) "
        "WHERE e.type <> d.type OR (d.directed AND e.type NOT IN "
        "('arms_transfer', 'military_aid', 'training', 'basing_access', 'sanction', "
        "'condemnation')) OR (NOT d.directed AND d.a >= d.b)"
    ).fetchall()
    assert stored == []


def test_reprocess_replaces_old_events_and_rebuilds_incidents(
    samples_store: Store, samples_dir: Path, scalar: Scalar, snapshot: Snapshot
) -> None:
    fresh = snapshot(samples_store)
    connection = samples_store.connection
    # Pretend an older extractor made these events and missed one article's.
    connection.execute("UPDATE events SET extractor_version = 'rules-0.0.1'")
    for table in ("event_dyads", "event_actors"):
        connection.execute(
            f"DELETE FROM {table} WHERE event_id IN "
            "(SELECT event_id FROM events WHERE article_id = 1)"
        )
    connection.execute("DELETE FROM events WHERE article_id = 1")
    summary = reprocess(samples_store)
    assert summary.articles == 5
    assert summary.events_after == _expected_events(samples_dir) > summary.events_before
    assert (
        scalar(
            samples_store,
            "SELECT count(*) FROM events WHERE extractor_version <> ?",
            EXTRACTOR_VERSION,
        )
        == 0
    )
    assert all(check.ok for check in check_integrity(samples_store))
    after = snapshot(samples_store)
    for table in ("events", "event_actors", "event_dyads", "incidents"):
        assert after[table][0] == fresh[table][0], table


def test_cli_ingest_check_info_and_reprocess(
    db_url: str, backend: str, samples_dir: Path, tmp_path: Path, run_store_cli: RunStoreCli
) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    env = {**os.environ, "PACTWATCH_DB": db_url}
    first = run_store_cli("ingest", samples_dir, bad, env=env)
    assert first.returncode == 3, first.stderr
    assert re.fullmatch(
        r"6 articles: 5 new, 0 duplicates, 0 near-duplicates, 0 skipped, 1 failed; "
        r"\d+ events; (\d+) incidents \(\1 new, 0 updated\)\n",
        first.stdout,
    ), first.stdout
    assert "failed" in first.stderr and "empty.txt" in first.stderr
    assert first.stderr.count("new: ") == 5

    again = run_store_cli("ingest", "--db", db_url, samples_dir)
    assert again.returncode == 0
    assert again.stdout.startswith("5 articles: 0 new, 5 duplicates,")

    check = run_store_cli("db", "check", "--db", db_url)
    assert check.returncode == 0, check.stdout
    assert "all checks passed" in check.stdout and "FAIL" not in check.stdout

    info = run_store_cli("db", "info", "--db", db_url)
    assert info.returncode == 0
    assert re.search(rf"^schema version: +{SCHEMA_VERSION}$", info.stdout, re.M), info.stdout
    assert EXTRACTOR_VERSION in info.stdout
    counts = [line for line in info.stdout.splitlines() if line.split(":")[1].strip().isdigit()]
    assert len(counts) > 5 and len({len(line) for line in counts}) == 1, info.stdout
    assert f"({backend}, " in info.stdout

    redo = run_store_cli("reprocess", "--db", db_url)
    assert redo.returncode == 0, redo.stderr
    assert "5 articles reprocessed" in redo.stdout


def test_db_check_fails_on_a_broken_store(samples_store: Store, run_store_cli: RunStoreCli) -> None:
    samples_store.connection.execute("DELETE FROM articles WHERE article_id = 2")
    samples_store.connection.execute(
        "UPDATE incidents SET n_events = n_events + 1 WHERE incident_id = 1"
    )
    path = samples_store.location
    samples_store.close()
    result = run_store_cli("db", "check", "--db", path)
    assert result.returncode == 1
    assert re.search(r"FAIL events without their article: [1-9]", result.stdout)
    assert "FAIL incidents whose n_events disagrees with their events: 1" in result.stdout
    assert "ok   actors without their event: 0" in result.stdout
