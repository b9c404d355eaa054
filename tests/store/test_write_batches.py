"""Several articles per transaction: a crash mid-batch leaves whole articles only.

A child `ingest` is killed with SIGKILL inside the write transaction of its
third batch, after that batch's articles and events were sent to the
database but before the commit. The store must then hold exactly the
articles of the first two batches, each complete, and a re-run must store
the rest.
"""

from __future__ import annotations

import functools
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from datasketch import MinHash

from pactwatch.ingest import ArticleOutcome, prepare_document, store_batch
from pactwatch.ingest.run import growing_batches
from pactwatch.models import Article
from pactwatch.sources import iter_documents
from pactwatch.store import Store, check_integrity, open_store
from pactwatch.store.dedupe import NUM_PERM, shingles, signature
from pactwatch.store.write import ArticleRecord, Candidate, Extraction, content_hash, write_batch

from .conftest import REPO, RunStoreCli

ARTICLES = 12
#: growing_batches writes 1, 2, 4, 5 articles: the kill hits the batch of 4.
KILLED_BATCH = 3

#: The child: a real `ingest` whose process dies once the third batch's articles,
#: events, actors and dyads are inserted, before its incidents are brought up to
#: date and it commits (the store code runs unchanged).
CHILD = """
import os, signal, sys
from pactwatch.store.duckdb import DuckDBConnection
from pactwatch.store.postgres import PostgresConnection
from pactwatch.ingest import ingest
from pactwatch.store import open_store

batches = 0

def dying(insert_rows):
    def insert_then_maybe_die(self, table, rows):
        global batches
        insert_rows(self, table, rows)
        batches += table == "articles"
        if table == "event_dyads" and batches == int(sys.argv[3]):
            os.kill(os.getpid(), signal.SIGKILL)
    return insert_then_maybe_die

for backend in (DuckDBConnection, PostgresConnection):
    backend.insert_rows = dying(backend.insert_rows)
with open_store(sys.argv[1]) as store:
    ingest(store, [sys.argv[2]])
"""


@pytest.fixture
def inbox(samples_dir: Path, tmp_path: Path) -> Path:
    """Distinct articles of random sample paragraphs, each a report with events."""
    pool = [
        line.strip()
        for sample in sorted(samples_dir.glob("*.txt"))
        for line in sample.read_text(encoding="utf-8").splitlines()
        if len(line.split()) >= 8
    ]
    folder = tmp_path / "inbox"
    folder.mkdir()
    for number in range(ARTICLES):
        paragraphs = random.Random(1000 + number).sample(pool, 5)
        text = f"Dispatch {number}\n\n" + "\n\n".join(paragraphs) + "\n"
        (folder / f"article_{number:02d}.txt").write_text(text, encoding="utf-8")
    return folder


def _stored(db_url: str) -> dict[str, int]:
    """Events per stored article."""
    with open_store(db_url, read_only=True) as store:
        assert all(check.ok for check in check_integrity(store))
        rows = store.connection.execute(
            """SELECT a.doc_id, count(e.event_id) FROM articles a
               LEFT JOIN events e USING (article_id) GROUP BY a.doc_id"""
        ).fetchall()
    return {str(doc_id): int(count) for doc_id, count in rows}


def test_a_crash_inside_a_batch_keeps_the_batches_before_it_whole(
    inbox: Path, db_url: str, tmp_path: Path, run_store_cli: RunStoreCli
) -> None:
    killed = subprocess.run(
        [sys.executable, "-c", CHILD, db_url, str(inbox), str(KILLED_BATCH)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    names = sorted(path.name for path in inbox.iterdir())
    written = sum(len(b) for b in list(growing_batches(names, 64))[: KILLED_BATCH - 1])
    stored = _stored(db_url)
    assert sorted(stored) == names[:written]

    reference = tmp_path / "whole.duckdb"
    assert run_store_cli("ingest", inbox, "--db", reference).returncode == 0
    expected = _stored(str(reference))
    killed_batch = list(growing_batches(names, 64))[KILLED_BATCH - 1]
    assert sum(expected[name] for name in killed_batch) > 0  # events were sent, then lost
    assert stored == {name: expected[name] for name in names[:written]}

    rerun = run_store_cli("ingest", inbox, "--db", db_url)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.startswith(
        f"{ARTICLES} articles: {ARTICLES - written} new, {written} duplicate"
    ), rerun.stdout
    assert _stored(db_url) == expected


def test_a_document_whose_analysis_fails_leaves_the_rest_of_its_batch_stored(
    inbox: Path, store: Store
) -> None:
    """Each document keeps its own error boundary inside a batch's transaction.

    The sixth article's analysis runs out of its (tiny) time budget: it alone
    fails, named with the problem, and the eleven others of the same batch
    are stored, each with its events.
    """
    doomed = 5
    prepared = [
        prepare_document(doc, extract=False, time_budget=1e-9 if n == doomed else None)
        for n, doc in enumerate(iter_documents([inbox]))
    ]
    assert not any(isinstance(item, ArticleOutcome) for item in prepared)
    outcomes = store_batch(store, prepared)
    assert [o.status for o in outcomes] == ["new"] * doomed + ["failed"] + ["new"] * 6
    assert "time budget" in (outcomes[doomed].message or "")
    assert sum(o.events for o in outcomes) > 0
    assert all(check.ok for check in check_integrity(store))
    rows = store.connection.execute(
        "SELECT a.doc_id, count(e.event_id) FROM articles a "
        "LEFT JOIN events e USING (article_id) GROUP BY a.doc_id"
    ).fetchall()
    names = sorted(path.name for path in inbox.iterdir())
    assert {str(doc_id): int(n) for doc_id, n in rows} == {
        name: o.events for name, o in zip(names, outcomes, strict=True) if o.status == "new"
    }


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Two words",
        "One two three four five",
        "Déjà vu: Iran's drones, Iran's drones, Iran's drones and Iran's drones again.",
        (REPO / "README.md").read_text(),
    ],
)
def test_signatures_are_datasketchs_minhash(text: str) -> None:
    """Stored signatures were made by datasketch; the numpy version must give the same values."""
    minhash = MinHash(num_perm=NUM_PERM)
    minhash.update_batch(sorted(shingles(text)))
    assert signature(text) == [int(value) for value in minhash.hashvalues]


def test_batches_grow_to_their_largest_size() -> None:
    assert [len(b) for b in growing_batches(range(40), 8)] == [1, 2, 4, 8, 8, 8, 8, 1]


def test_the_store_names_a_batchs_new_documents_before_they_are_analysed(
    samples_dir: Path, store: Store
) -> None:
    """`analyse_together` hears which documents are new reports, so their analyses can share
    the parser's batches; duplicates and copies are never analysed. A copy of a document
    that turns out skipped is a report of its own after all: its analysis is asked for
    alone, as one document per transaction would."""
    text = (samples_dir / "002_1afe1fed452732b0.txt").read_text(encoding="utf-8")
    other = (samples_dir / "004_105da86cbff68d84.txt").read_text(encoding="utf-8")
    texts = [text, text + "\nA spokesman declined to comment.", other, other, text]
    asked: list[int] = []

    def extraction(index: int) -> Extraction:
        asked.append(index)
        return Extraction(skipped="not English" if index == 0 else None)

    candidates = [
        Candidate(
            ArticleRecord(
                f"doc{n}.txt",
                f"doc{n}",
                body,
                False,
                Article(f"doc{n}", body),
                content_hash(body),
                "test",
            ),
            functools.partial(extraction, n),
        )
        for n, body in enumerate(texts)
    ]
    told: list[list[int]] = []
    outcomes = write_batch(store, candidates, analyse_together=told.append)
    assert told == [[0, 2]]  # 1 looks like a copy of 0, 3 and 4 are duplicates
    assert [o.status for o in outcomes] == ["skipped", "new", "new", "duplicate", "duplicate"]
    assert sorted(set(asked)) == [0, 1, 2]
