"""Several processes on one PostgreSQL store: concurrent ingests, a server reading meanwhile.

The rest of the store suite runs on both backends through the `backend`
fixture; these tests cover what only a multi-user database allows. Every
process here is a real `pactwatch` subprocess on the throw-away server.
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from conftest import NewStoreLocation
from pactwatch.ingest import ingest
from pactwatch.store import StoreAccessError, StoreError, check_integrity, open_store
from pg_cluster import ThrowawayPostgres

from .conftest import RunStoreCli

#: Real scraped pages with events; the two runs below share the middle ones.
PAGES = 10
FIRST_RUN = slice(0, 7)
SECOND_RUN = slice(3, 10)


@pytest.fixture(scope="module")
def pages(shared_dir: Path) -> list[Path]:
    found = sorted((shared_dir / "acceptance" / "dev" / "articles").iterdir())[:PAGES]
    assert len(found) == PAGES
    return found


def _folder(root: Path, name: str, files: list[Path]) -> Path:
    folder = root / name
    folder.mkdir()
    for file in files:
        (folder / file.name).symlink_to(file)
    return folder


def _events_by_article(location: str) -> dict[str, list[tuple[object, ...]]]:
    """Per article: its events as (type, stage, evidence span, parties), in order."""
    with open_store(location, read_only=True) as store:
        rows = store.connection.execute(
            """SELECT a.doc_id, e.type, e.stage, e.evidence_start, e.evidence_end,
                      (SELECT count(*) FROM event_dyads d WHERE d.event_id = e.event_id)
               FROM articles a JOIN events e ON e.article_id = a.article_id
               ORDER BY a.doc_id, e.evidence_start, e.type, e.event_id"""
        ).fetchall()
    found: dict[str, list[tuple[object, ...]]] = {}
    for doc_id, *event in rows:
        found.setdefault(doc_id, []).append(tuple(event))
    return found


def _summary_counts(stdout: str) -> tuple[int, int]:
    """(new, duplicates) from the summary line of `pactwatch ingest`."""
    found = re.match(r"\d+ articles?: (\d+) new, (\d+) duplicates?,", stdout)
    assert found, stdout
    return int(found.group(1)), int(found.group(2))


def test_two_concurrent_ingests_of_overlapping_inputs(
    pages: list[Path],
    tmp_path: Path,
    new_store_location: NewStoreLocation,
    store_argv: list[str],
    run_store_cli: RunStoreCli,
) -> None:
    url = new_store_location("postgresql", "concurrent")
    first = _folder(tmp_path, "first", pages[FIRST_RUN])
    second = _folder(tmp_path, "second", pages[SECOND_RUN])
    runs = [
        subprocess.Popen(
            [*store_argv, "ingest", str(folder), "--db", url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in (first, second)
    ]
    outputs = [run.communicate(timeout=600) for run in runs]
    for run, (_, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stderr

    news, duplicates = zip(*(_summary_counts(stdout) for stdout, _ in outputs), strict=True)
    overlap = len(pages[FIRST_RUN]) + len(pages[SECOND_RUN]) - PAGES
    assert sum(news) == PAGES and sum(duplicates) == overlap, outputs
    with open_store(url, read_only=True) as store:
        assert all(check.ok for check in check_integrity(store))
        counts = store.connection.execute(
            "SELECT count(*), count(DISTINCT doc_id), count(DISTINCT content_hash) FROM articles"
        ).fetchone()
    assert counts == (PAGES, PAGES, PAGES)

    reference = new_store_location("duckdb", "reference")
    with open_store(reference) as store:
        ingest(store, pages)
    expected = _events_by_article(reference)
    assert sum(map(len, expected.values())) > 0
    assert _events_by_article(url) == expected


def test_serve_answers_while_another_process_ingests(
    pages: list[Path],
    tmp_path: Path,
    new_store_location: NewStoreLocation,
    store_argv: list[str],
) -> None:
    url = new_store_location("postgresql", "served")
    with open_store(url):
        pass  # an empty store, so the server has something to open
    server = subprocess.Popen(
        [*store_argv, "serve", "--db", url, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        base = server.stdout.readline().split()[2].rstrip("/")
        writer = subprocess.Popen(
            [*store_argv, "ingest", str(_folder(tmp_path, "pages", pages)), "--db", url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        totals = []
        with httpx.Client(base_url=base, timeout=30) as client:
            while writer.poll() is None:
                answer = client.get("/api/events", params={"limit": 5})
                assert answer.status_code == 200, answer.text
                totals.append(answer.json()["total"])
                time.sleep(0.2)
            assert writer.returncode == 0, writer.communicate()[1]
            final = client.get("/api/events", params={"limit": 1}).json()["total"]
        assert totals == sorted(totals), "a reader saw events disappear"
        with open_store(url, read_only=True) as store:
            row = store.connection.execute("SELECT count(*) FROM events").fetchone()
        assert row is not None and final == row[0] > 0
        assert len(set(totals)) > 1, "the server never saw the store change while it ran"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_read_only_store_refuses_to_write(
    new_store_location: NewStoreLocation, samples_dir: Path
) -> None:
    url = new_store_location("postgresql", "readonly")
    open_store(url).close()
    with open_store(url, read_only=True) as store, pytest.raises(StoreAccessError):
        ingest(store, [samples_dir])


def test_queries_on_a_postgresql_store_through_the_cli(
    new_store_location: NewStoreLocation, samples_dir: Path, run_store_cli: RunStoreCli
) -> None:
    url = new_store_location("postgresql", "cli")
    assert run_store_cli("ingest", samples_dir, "--db", url).returncode == 0
    events = run_store_cli("events", "--db", url, "--country", "IRN", "--with", "RUS")
    assert events.returncode == 0, events.stderr
    assert "arms_transfer" in events.stdout
    dyads = run_store_cli("dyads", "--db", url, "--format", "csv")
    assert dyads.returncode == 0 and dyads.stdout.startswith("a,b,total"), dyads.stdout


def test_an_unreachable_server_is_a_clear_error(
    postgres: ThrowawayPostgres, run_store_cli: RunStoreCli
) -> None:
    dead = f"postgresql://postgres:secret@127.0.0.1:{postgres.port + 1}/postgres"
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL"):
        open_store(dead)
    result = run_store_cli("events", "--db", dead)
    assert result.returncode == 1
    assert "cannot connect to PostgreSQL" in result.stderr and "secret" not in result.stderr
