# distributed leaves LocalCluster, Client and their methods unannotated.
# mypy: allow-untyped-calls
"""Ingest on a real dask.distributed LocalCluster gives the single-process store, exactly.

The corpus mixes what makes the store's decisions order-dependent: exact
duplicates, near-duplicates (a sample with a sentence changed) in a later
batch than their original, a non-English article, an unreadable file and
distinct reports whose events merge into shared incidents. Batches are tiny
so every run has many of them in flight at once.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import random
import signal
from collections.abc import Iterator
from multiprocessing.context import ForkProcess
from pathlib import Path

import pytest
from distributed import Client

from pactwatch.errors import InputError
from pactwatch.ingest import (
    ArticleOutcome,
    PreparedDocument,
    documents,
    ingest,
    ingest_document,
    prepare_document,
    store_batch,
    store_prepared,
)
from pactwatch.ingest.cluster import (
    BatchCounts,
    batches,
    cluster_client,
    ingest_batches,
    prepare_batch,
    warm_up_workers,
)
from pactwatch.models import Article
from pactwatch.pipeline import ArticleResult, analyse, analyse_articles
from pactwatch.sources import RawDocument, iter_documents
from pactwatch.store import Store, open_store

from .conftest import TABLES, RunStoreCli

BATCH_SIZE = 2
FRENCH = (
    "Le ministre de la Défense a annoncé mardi la livraison de nouveaux équipements "
    "militaires. Les deux pays ont signé un accord de coopération à Paris. "
) * 4

Contents = dict[str, list[tuple[object, ...]]]


def _paragraphs(samples_dir: Path) -> list[str]:
    return [
        line.strip()
        for sample in sorted(samples_dir.glob("*.txt"))
        for line in sample.read_text(encoding="utf-8").splitlines()
        if len(line.split()) >= 8
    ]


@pytest.fixture(scope="module")
def corpus(samples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five samples and 20 variants: duplicates, near-duplicates, mixes, a failure."""
    folder = tmp_path_factory.mktemp("parallel") / "corpus"
    folder.mkdir()
    samples = sorted(samples_dir.glob("*.txt"))
    for sample in samples:
        (folder / f"a_{sample.name}").write_text(sample.read_text(encoding="utf-8"))
    for number, sample in enumerate(samples):
        lines = sample.read_text(encoding="utf-8").splitlines()
        lines.insert(len(lines) // 2, "A spokesman declined to comment further on the matter.")
        (folder / f"m_near_{number}.txt").write_text("\n".join(lines) + "\n")
    (folder / "n_copy.txt").write_text(samples[0].read_text(encoding="utf-8"))
    (folder / "n_french.txt").write_text(FRENCH)
    (folder / "n_empty.html").write_text("<html><body><nav>Home</nav></body></html>")
    pool = _paragraphs(samples_dir)
    for number in range(12):
        chosen = random.Random(number).sample(pool, 5)
        (folder / f"z_mix_{number:02d}.txt").write_text(
            f"Report {number}\n\n" + "\n\n".join(chosen) + "\n"
        )
    return folder


def _contents(store: Store) -> Contents:
    """Every row of every table, sorted; `ingested_at` (a clock reading) left out."""
    contents: Contents = {}
    for table in TABLES:
        names = store.connection.execute(f"SELECT * FROM {table} LIMIT 0").description
        columns = ", ".join(f'"{c[0]}"' for c in names if c[0] != "ingested_at")
        rows = store.connection.execute(f"SELECT {columns} FROM {table}").fetchall()
        contents[table] = sorted(rows, key=repr)
    return contents


def _event_rows(store: Store) -> list[tuple[object, ...]]:
    """Events with their article's file instead of ids, as a user compares them."""
    rows = store.connection.execute(
        """SELECT a.path, e.* EXCLUDE (event_id, article_id, incident_id)
           FROM events e JOIN articles a USING (article_id)"""
    ).fetchall()
    return sorted(rows, key=repr)


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus ingested by one process: what every parallel run must equal."""
    path = tmp_path_factory.mktemp("reference") / "single.duckdb"
    with open_store(path) as store:
        summary = ingest(store, [corpus])
    assert (summary.new, summary.duplicate, summary.near_duplicate) == (17, 1, 5)
    assert (summary.skipped, summary.failed) == (1, 1)
    return path


@pytest.fixture(scope="module")
def reference_contents(reference: Path) -> Contents:
    with open_store(reference, read_only=True) as store:
        return _contents(store)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """A real two-process cluster, as `--workers 2` starts it."""
    with cluster_client(2, None) as connected:
        assert warm_up_workers(connected) == 2
        yield connected


def _assert_same_store(path: Path, reference: Path, expected: Contents) -> None:
    with open_store(path, read_only=True) as got, open_store(reference, read_only=True) as ref:
        assert _event_rows(got) == _event_rows(ref)
        assert _contents(got) == expected


# ------------------------------------------------------------ without a cluster


def test_a_prepared_document_survives_pickling(samples_dir: Path) -> None:
    doc = next(iter(iter_documents([samples_dir])))
    prepared = prepare_document(doc)
    assert isinstance(prepared, PreparedDocument)
    assert prepared.extraction is not None and prepared.extraction.events
    assert prepared.signature is not None
    assert pickle.loads(pickle.dumps(prepared)) == prepared


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (InputError("gone.txt", "no such file or folder"), "no such file or folder"),
        (
            RawDocument("e", "<html><nav>Home</nav></html>", True, "e.html"),
            "no article text left after removing page furniture",
        ),
    ],
)
def test_a_document_that_cannot_be_prepared_is_a_failure(
    item: RawDocument | InputError, message: str
) -> None:
    outcome = prepare_document(item)
    assert isinstance(outcome, ArticleOutcome)
    assert (outcome.status, outcome.message) == ("failed", message)


def test_preparing_elsewhere_stores_what_ingest_document_stores(
    corpus: Path, tmp_path: Path, reference: Path, reference_contents: Contents
) -> None:
    with open_store(tmp_path / "split.duckdb") as store:
        for item in iter_documents([corpus]):
            shipped = pickle.loads(pickle.dumps(prepare_document(item)))
            store_prepared(store, shipped)
    _assert_same_store(tmp_path / "split.duckdb", reference, reference_contents)


@pytest.mark.parametrize("size", [1, 3, 1000])
def test_any_write_batch_stores_what_one_article_per_transaction_stores(
    size: int, corpus: Path, tmp_path: Path, reference: Path, reference_contents: Contents
) -> None:
    """Copies, duplicates and incidents of articles earlier in the same transaction."""
    with open_store(tmp_path / "batched.duckdb") as store:
        for batch in batches(iter_documents([corpus]), size):
            store_batch(store, [prepare_document(item, extract=False) for item in batch])
    _assert_same_store(tmp_path / "batched.duckdb", reference, reference_contents)


def test_one_process_analyses_the_new_documents_of_a_batch_together(
    corpus: Path,
    tmp_path: Path,
    reference_contents: Contents,
    monkeypatch: pytest.MonkeyPatch,
    reference: Path,
) -> None:
    """The store names a batch's new documents first: they share spaCy's batches (as a
    worker's do), no document is analysed alone, and duplicates and copies not at all;
    the store is the one `ingest_document` makes (`reference` equals it, above)."""
    together: list[list[str]] = []
    alone: list[str] = []

    def analysed_together(articles: list[Article], **options: object) -> list[object]:
        together.append([Path(a.path or "").name for a in articles])
        return analyse_articles(articles, **options)  # type: ignore[arg-type]

    def analysed_alone(article: Article, **options: object) -> ArticleResult:
        alone.append(Path(article.path or "").name)
        return analyse(article, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(documents, "analyse_articles", analysed_together)
    monkeypatch.setattr(documents, "analyse", analysed_alone)
    path = tmp_path / "together.duckdb"
    with open_store(path) as store:
        ingest(store, [corpus])
    assert alone == []
    assert max(len(group) for group in together) > 1
    names = sorted(name for group in together for name in group)
    new = sorted(p.name for p in corpus.iterdir() if p.name.startswith(("a_", "z_")))
    assert names == sorted([*new, "n_french.txt"])  # the French one is skipped once analysed
    _assert_same_store(path, reference, reference_contents)


def test_ingest_document_keeps_its_outcomes(samples_dir: Path, store: Store) -> None:
    doc = next(iter(iter_documents([samples_dir])))
    assert isinstance(doc, RawDocument)
    first, again = ingest_document(store, doc), ingest_document(store, doc)
    assert (first.status, first.article_id, first.events > 0) == ("new", 1, True)
    assert (again.status, again.message) == ("duplicate", "already stored")


@pytest.mark.parametrize(
    ("size", "expected"),
    [(1, [[0], [1], [2]]), (2, [[0, 1], [2]]), (3, [[0, 1, 2]]), (5, [[0, 1, 2]])],
)
def test_batches_cut_the_documents_in_order(size: int, expected: list[list[int]]) -> None:
    assert list(batches(iter([0, 1, 2]), size)) == expected


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"workers": 0}, "workers must be at least 1"),
        ({"batch_size": 0}, "batch_size must be at least 1"),
        ({"workers": 2, "scheduler": "tcp://127.0.0.1:8786"}, "not both"),
    ],
)
def test_bad_parallel_options_are_refused(
    store: Store, samples_dir: Path, options: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        ingest(store, [samples_dir], **options)  # type: ignore[arg-type]


# ------------------------------------------------------------ on a LocalCluster


def test_two_workers_store_exactly_what_one_process_stores(
    corpus: Path, tmp_path: Path, reference: Path, reference_contents: Contents
) -> None:
    path = tmp_path / "parallel.duckdb"
    outcomes: list[ArticleOutcome] = []
    with open_store(path) as store:
        summary = ingest(
            store, [corpus], workers=2, batch_size=BATCH_SIZE, progress=outcomes.append
        )
    assert summary.line().startswith("25 articles: 17 new, 1 duplicate, 5 near-duplicates")
    assert [o.source for o in outcomes] == [
        item.source if isinstance(item, InputError) else item.path
        for item in iter_documents([corpus])
    ]
    _assert_same_store(path, reference, reference_contents)


def test_forked_workers_record_failures_and_rerun_skip_them(corpus: Path, tmp_path: Path) -> None:
    """The process that reads and cleans screens with its copy of the failure book; this
    process still records the failures, a re-run skips them, and --retry-failed tries
    them again, as one process does."""
    empty = str(corpus / "n_empty.html")
    outcomes: list[ArticleOutcome] = []
    with open_store(tmp_path / "failures.duckdb") as store:
        first = ingest(store, [corpus], workers=2, batch_size=BATCH_SIZE)
        again = ingest(store, [corpus], workers=2, batch_size=BATCH_SIZE, progress=outcomes.append)
        retried = ingest(store, [corpus], workers=2, batch_size=BATCH_SIZE, retry_failed=True)
        recorded = store.connection.execute(
            "SELECT source, stage, attempts FROM failed_documents"
        ).fetchall()
    assert (first.failed, again.failed, retried.failed) == (1, 1, 1)
    (skipped,) = [o for o in outcomes if o.source == empty]
    assert (skipped.message or "").startswith("failed before (once, in cleaning: no article")
    assert again.duplicate == retried.duplicate == 24
    assert recorded == [(empty, "cleaning", 2)]


def test_a_forked_worker_killed_mid_run_loses_and_doubles_nothing(
    corpus: Path, tmp_path: Path, reference: Path, reference_contents: Contents
) -> None:
    """`--workers 2` (pactwatch.pool): SIGKILL a worker once the first batch is stored;
    the batches still out go to new workers."""
    killed: list[int] = []

    def kill_a_worker(outcome: ArticleOutcome) -> None:
        workers = [p for p in multiprocessing.active_children() if isinstance(p, ForkProcess)]
        if not killed and workers and workers[0].pid is not None:
            os.kill(workers[0].pid, signal.SIGKILL)
            killed.append(workers[0].pid)

    path = tmp_path / "forked-killed.duckdb"
    with open_store(path) as store:
        summary = ingest(store, [corpus], workers=2, batch_size=BATCH_SIZE, progress=kill_a_worker)
    assert killed
    assert summary.line().startswith("25 articles: 17 new, 1 duplicate, 5 near-duplicates")
    _assert_same_store(path, reference, reference_contents)


def test_two_workers_on_either_backend(store: Store, samples_dir: Path, tmp_path: Path) -> None:
    """The forked workers beside an open DuckDB file or PostgreSQL connection."""
    with open_store(tmp_path / "one.duckdb") as single:
        one = ingest(single, [samples_dir, samples_dir])
        expected = _portable_event_rows(single)
    two = ingest(store, [samples_dir, samples_dir], workers=2, batch_size=2)
    assert two.line() == one.line()
    assert (two.new, two.duplicate) == (5, 5)
    assert _portable_event_rows(store) == expected


def _portable_event_rows(store: Store) -> list[tuple[object, ...]]:
    """Events in input order with their article's file, in SQL both backends read."""
    return store.connection.execute(
        """SELECT a.path, e.type, e.stage, e.certainty, e.evidence_start, e.evidence_end,
                  e.date_start, e.confidence, e.rule
           FROM events e JOIN articles a ON a.article_id = e.article_id
           ORDER BY e.event_id"""
    ).fetchall()


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(
    client: Client, corpus: Path, tmp_path: Path, reference: Path, reference_contents: Contents
) -> None:
    """SIGKILL a busy worker once the first batch is stored; its batches run again elsewhere."""
    before = set(client.nthreads())
    killed: list[int] = []

    def kill_a_busy_worker(counts: BatchCounts) -> None:
        if killed or counts.stored < 1:
            return
        busy = [address for address, keys in client.processing().items() if keys]
        if busy:
            pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    path = tmp_path / "killed.duckdb"
    with open_store(path) as store:
        summary = ingest_batches(
            store,
            iter_documents([corpus]),
            client,
            batch_size=BATCH_SIZE,
            max_in_flight=4,
            observe=kill_a_busy_worker,
        )
    assert killed, "no worker was busy after the first batch: nothing was tested"
    assert summary.articles == 25
    _assert_same_store(path, reference, reference_contents)
    client.wait_for_workers(2, timeout=60)
    assert set(client.nthreads()) != before  # the nanny started a new worker process


def test_ingest_on_a_running_scheduler_stores_what_one_process_stores(
    client: Client, corpus: Path, tmp_path: Path, reference: Path, reference_contents: Contents
) -> None:
    """`--scheduler`: the dask path, through `ingest` as the command calls it."""
    path = tmp_path / "scheduler.duckdb"
    with open_store(path) as store:
        summary = ingest(store, [corpus], scheduler=client.scheduler.address, batch_size=3)
    assert summary.articles == 25
    _assert_same_store(path, reference, reference_contents)


@pytest.mark.parametrize("bound", [1, 3])
def test_no_more_batches_are_out_than_the_bound(
    client: Client, corpus: Path, tmp_path: Path, bound: int
) -> None:
    seen: list[BatchCounts] = []
    with open_store(tmp_path / "bounded.duckdb") as store:
        ingest_batches(
            store,
            iter_documents([corpus]),
            client,
            batch_size=BATCH_SIZE,
            max_in_flight=bound,
            observe=seen.append,
        )
    assert max(counts.in_flight for counts in seen) == bound
    assert seen[-1] == BatchCounts(submitted=13, stored=13)


def test_a_batch_is_prepared_on_a_worker_with_its_version(client: Client, corpus: Path) -> None:
    items = list(iter_documents([corpus]))[:2]
    batch = client.submit(prepare_batch, items, None, pure=False).result()
    assert batch.extractor_version.startswith("rules-")
    assert [p.doc.path for p in batch.items if isinstance(p, PreparedDocument)] == [
        item.path for item in items if isinstance(item, RawDocument)
    ]


# ------------------------------------------------------------ the command


def test_ingest_with_two_workers_through_the_cli(
    run_store_cli: RunStoreCli,
    corpus: Path,
    tmp_path: Path,
    reference: Path,
    reference_contents: Contents,
) -> None:
    path = tmp_path / "cli.duckdb"
    done = run_store_cli("ingest", corpus, "--db", path, "--workers", "2", "--batch-size", "3")
    assert done.returncode == 3, done.stderr  # the empty page failed, as in one process
    assert done.stdout.startswith("25 articles: 17 new, 1 duplicate, 5 near-duplicates")
    assert "failed " in done.stderr and "n_empty.html" in done.stderr
    _assert_same_store(path, reference, reference_contents)


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (
            ("--workers", "2", "--scheduler", "tcp://127.0.0.1:1"),
            2,
            "--workers starts local workers and --scheduler uses a cluster's",
        ),
        (("--workers", "0"), 2, "0 is not in the range x>=1"),
        (("--scheduler", "tcp://127.0.0.1:1"), 1, "cannot reach the dask scheduler"),
    ],
)
def test_cli_refuses_bad_parallel_options_in_one_line(
    run_store_cli: RunStoreCli,
    samples_dir: Path,
    tmp_path: Path,
    args: tuple[str, ...],
    status: int,
    message: str,
) -> None:
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"}
    done = run_store_cli("ingest", samples_dir, "--db", tmp_path / "x.duckdb", *args, env=env)
    assert done.returncode == status
    assert message in done.stderr
    assert "Traceback" not in done.stderr
