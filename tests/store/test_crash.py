"""A `pactwatch ingest` killed mid-run leaves a sound database that a re-run completes."""

from __future__ import annotations

import random
import signal
import subprocess
from pathlib import Path

import pytest

from pactwatch.pipeline import analyse, prepare_article
from pactwatch.sources import read_document
from pactwatch.store import check_integrity, open_store

from .conftest import RunStoreCli

ARTICLES = 40
PARAGRAPHS_PER_ARTICLE = 6
#: Articles committed before the kill (each reported on stderr after its commit).
KILL_AFTER = 3


def _paragraph_pool(samples_dir: Path) -> list[str]:
    pool = []
    for sample in sorted(samples_dir.glob("*.txt")):
        for line in sample.read_text(encoding="utf-8").splitlines():
            if len(line.split()) >= 8:
                pool.append(line.strip())
    return pool


@pytest.fixture
def inbox(samples_dir: Path, tmp_path: Path) -> Path:
    """40 distinct articles, each a different random handful of sample paragraphs.

    Random subsets share few paragraphs, so no two articles are near-duplicates
    and every one is a report with events of its own.
    """
    pool = _paragraph_pool(samples_dir)
    folder = tmp_path / "inbox"
    folder.mkdir()
    for number in range(ARTICLES):
        paragraphs = random.Random(number).sample(pool, PARAGRAPHS_PER_ARTICLE)
        text = f"Report {number}\n\n" + "\n\n".join(paragraphs) + "\n"
        (folder / f"article_{number:02d}.txt").write_text(text, encoding="utf-8")
    return folder


def _ingest_until_killed(argv: list[str], inbox: Path, db_url: str) -> None:
    """Start `pactwatch ingest`, wait until KILL_AFTER articles are committed, SIGKILL it."""
    process = subprocess.Popen(
        [*argv, "ingest", str(inbox), "--db", db_url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        committed = 0
        while committed < KILL_AFTER:
            line = process.stderr.readline()
            assert line, "ingest ended before it could be killed"
            committed += line.split("]", 1)[-1].strip().startswith("new:")
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def _stored_events(db_url: str) -> dict[str, list[tuple[object, ...]]]:
    with open_store(db_url, read_only=True) as store:
        assert all(check.ok for check in check_integrity(store))
        rows = store.connection.execute(
            """SELECT a.doc_id, e.type, e.stage, e.evidence_start, e.evidence_end
               FROM articles a LEFT JOIN events e USING (article_id)
               ORDER BY a.doc_id, e.event_id"""
        ).fetchall()
    stored: dict[str, list[tuple[object, ...]]] = {}
    for doc_id, *event in rows:
        stored.setdefault(doc_id, [])
        if event[0] is not None:
            stored[doc_id].append(tuple(event))
    return stored


def _extracted_events(path: Path) -> list[tuple[object, ...]]:
    article, _ = prepare_article(read_document(path))
    events = analyse(article).events
    return [(e.type, e.stage, e.evidence.start, e.evidence.end) for e in events]


def test_a_killed_ingest_leaves_whole_articles_and_a_rerun_completes(
    inbox: Path, db_url: str, store_argv: list[str], run_store_cli: RunStoreCli
) -> None:
    _ingest_until_killed(store_argv, inbox, db_url)

    check = run_store_cli("db", "check", "--db", db_url)
    assert check.returncode == 0, check.stdout + check.stderr
    stored = _stored_events(db_url)
    assert KILL_AFTER <= len(stored) < ARTICLES
    for doc_id, events in stored.items():
        assert events == _extracted_events(inbox / doc_id), doc_id

    rerun = run_store_cli("ingest", inbox, "--db", db_url)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.startswith(
        f"{ARTICLES} articles: {ARTICLES - len(stored)} new, {len(stored)} duplicate"
    ), rerun.stdout
    assert run_store_cli("db", "check", "--db", db_url).returncode == 0
    with open_store(db_url, read_only=True) as store:
        counts = store.connection.execute(
            "SELECT count(*), count(DISTINCT doc_id), count(DISTINCT content_hash), "
            "count(*) FILTER (WHERE status = 'original') FROM articles"
        ).fetchone()
    assert counts == (ARTICLES, ARTICLES, ARTICLES, ARTICLES)
