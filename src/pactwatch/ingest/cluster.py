# distributed ships type hints but leaves LocalCluster, Client and as_completed unannotated.
# mypy: allow-untyped-calls
"""Ingest on a dask.distributed cluster: workers extract, this process writes.

Extraction (cleaning, parsing, rules) is most of an ingest's time and needs
no database, so it goes to the workers as `prepare_batch` tasks, a batch of
documents each. Storing stays in the ingesting process, which alone holds
the database, so a worker can die at any moment without leaving a half-written
article: its batch is simply computed again on another worker.

Batches are stored in the order they were submitted, each in input order, i.e.
in the same order as a single-process run. Duplicate and near-duplicate
decisions, ids and incident merges depend on what is already stored, so this
makes the database identical to the single-process one whatever the timing.
At most `IN_FLIGHT_PER_THREAD` batches per worker thread are submitted but
not yet stored (finished ones waiting for an earlier batch count too), and
documents are read lazily, so this process's memory does not grow with the
corpus.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import TypeVar

import dask.config
from dask.utils import parse_timedelta
from distributed import Client, Future, KilledWorker, LocalCluster, as_completed

from pactwatch.errors import PactwatchError
from pactwatch.ingest.documents import (
    DEFAULT_BATCH_SIZE,
    IngestSummary,
    Item,
    PreparedDocument,
    Progress,
    prepare_documents,
    record,
    source_of,
    store_batch,
)
from pactwatch.pipeline import DEFAULT_TIME_BUDGET, EXTRACTOR_VERSION
from pactwatch.store.database import Store
from pactwatch.store.write import ArticleOutcome

T = TypeVar("T")

#: Batches per worker thread that may be submitted but not yet stored: one
#: running, one queued so a thread never waits for the ingesting process.
IN_FLIGHT_PER_THREAD = 2
#: A batch is computed again this often after an error in its task (a dead
#: worker's tasks are rescheduled by dask on top of this).
TASK_RETRIES = 2
#: dask's setting for how long to wait for a scheduler to answer (and here for its first
#: worker); 30 s unless set, e.g. DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=5s.
CONNECT_TIMEOUT_SETTING = "distributed.comm.timeouts.connect"


class ClusterError(PactwatchError):
    """The dask cluster cannot be reached or cannot do the work."""


@dataclass(frozen=True, slots=True)
class PreparedBatch:
    """A worker's answer: its extractor version (checked here) and one result per document."""

    extractor_version: str
    items: tuple[PreparedDocument | ArticleOutcome, ...]


@dataclass(frozen=True, slots=True)
class BatchCounts:
    """How many batches have been submitted and stored so far (for progress and tests)."""

    submitted: int
    stored: int

    @property
    def in_flight(self) -> int:
        return self.submitted - self.stored


BatchObserver = Callable[[BatchCounts], None]


# ------------------------------------------------------------ worker side


def prepare_batch(
    items: list[Item], published: date | None, time_budget: float | None = DEFAULT_TIME_BUDGET
) -> PreparedBatch:
    """Prepare documents on a worker (the dask task); pactwatch must be installed there."""
    return PreparedBatch(
        EXTRACTOR_VERSION, tuple(prepare_documents(items, published, time_budget=time_budget))
    )


def warm_up() -> str:
    """Load spaCy and the lexicons once in this worker process; returns its extractor version.

    They are cached per process, so every later batch on the worker reuses them.
    """
    from pactwatch.actors import load_actor_lexicon
    from pactwatch.events.lexicon import load_cues
    from pactwatch.nlp import pipeline_info

    pipeline_info()
    load_actor_lexicon()
    load_cues()
    return EXTRACTOR_VERSION


# ------------------------------------------------------------ client side


def ingest_on_cluster(
    store: Store,
    documents: Iterable[Item],
    *,
    published: date | None,
    progress: Progress | None,
    workers: int,
    scheduler: str | None,
    batch_size: int,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
    settle: Callable[[ArticleOutcome], None] | None = None,
) -> IngestSummary:
    """Ingest with `workers` local processes, or on the cluster at `scheduler`.

    `settle` hears every stored outcome first (the run's failure book).
    """
    with cluster_client(workers, scheduler) as client:
        threads = warm_up_workers(client)
        return ingest_batches(
            store,
            documents,
            client,
            published=published,
            progress=progress,
            batch_size=batch_size,
            max_in_flight=IN_FLIGHT_PER_THREAD * threads,
            time_budget=time_budget,
            settle=settle,
        )


@contextmanager
def cluster_client(workers: int, scheduler: str | None) -> Iterator[Client]:
    """A client of the cluster at `scheduler`, or of `workers` new local processes.

    A local cluster listens on loopback only, without a dashboard, and is
    shut down on exit; a remote one is only disconnected from.
    """
    with _dask_warnings_only():
        if scheduler is not None:
            with _connect(scheduler) as client:
                yield client
            return
        with (
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                # dask's status/metrics HTTP routes run even without a dashboard:
                # on loopback, on any free port rather than 8787.
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            ) as cluster,
            Client(cluster, set_as_default=False) as client,
        ):
            yield client


@contextmanager
def _dask_warnings_only() -> Iterator[None]:
    """Keep dask's start/stop chatter (INFO) out of pactwatch's log; warnings still show."""
    logger = logging.getLogger("distributed")
    previous = logger.level
    logger.setLevel(max(logging.WARNING, logging.getLogger().getEffectiveLevel()))
    try:
        yield
    finally:
        logger.setLevel(previous)


@contextmanager
def _connect(scheduler: str) -> Iterator[Client]:
    timeout = parse_timedelta(dask.config.get(CONNECT_TIMEOUT_SETTING))
    try:
        client = Client(scheduler, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(
            f"cannot reach the dask scheduler at {scheduler} ({exc}); start one with "
            "`dask scheduler` and give its tcp://HOST:PORT address"
        ) from None
    with client:
        try:
            client.wait_for_workers(1, timeout=timeout)
        except TimeoutError:
            raise ClusterError(
                f"the dask scheduler at {scheduler} has no workers; start some with "
                f"`dask worker {scheduler}` where pactwatch is installed"
            ) from None
        yield client


def warm_up_workers(client: Client) -> int:
    """Load the models on every worker now, check its pactwatch matches; returns the threads.

    A worker running another extractor version would store different events,
    so it is refused before any document is read.
    """
    nthreads: dict[str, int] = client.nthreads()
    run = uuid.uuid4().hex[:8]
    futures = [
        client.submit(warm_up, key=f"pactwatch-warm-up-{run}-{n}", workers=[address], pure=False)
        for n, address in enumerate(nthreads)
    ]
    for address, version in zip(nthreads, client.gather(futures), strict=True):
        _check_version(version, f"the worker at {address}")
    return max(1, sum(nthreads.values()))


def _check_version(version: str, where: str) -> None:
    if version != EXTRACTOR_VERSION:
        raise ClusterError(
            f"{where} runs extractor {version}, this process {EXTRACTOR_VERSION}; "
            "install the same pactwatch version on every machine"
        )


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of `size` items (the last one shorter), read lazily."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def ingest_batches(
    store: Store,
    documents: Iterable[Item],
    client: Client,
    *,
    published: date | None = None,
    progress: Progress | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_in_flight: int = 4,
    observe: BatchObserver | None = None,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
    settle: Callable[[ArticleOutcome], None] | None = None,
) -> IngestSummary:
    """Prepare `documents` on the cluster in batches and store them in input order.

    `observe` is told the batch counts after every submission and every
    stored batch; `settle` every outcome before it is counted.
    """
    summary = IngestSummary()
    run = _BatchRun(client, batches(documents, batch_size), published, observe, time_budget)
    try:
        run.fill(max_in_flight)
        for future in run.queue:
            run.finish(future)
            while (batch := run.next_in_order()) is not None:
                for outcome in store_batch(store, batch.items):
                    if settle is not None:
                        settle(outcome)
                    record(summary, outcome, progress)
                run.stored_one()
                run.fill(max_in_flight)
    finally:
        run.cancel()
    return summary


class _BatchRun:
    """Bookkeeping of one run: which futures are out, which results wait for their turn."""

    def __init__(
        self,
        client: Client,
        source: Iterator[list[Item]],
        published: date | None,
        observe: BatchObserver | None,
        time_budget: float | None = DEFAULT_TIME_BUDGET,
    ) -> None:
        self._client = client
        self._source = source
        self._published = published
        self._time_budget = time_budget
        self._observe = observe
        self._prefix = f"pactwatch-prepare-{uuid.uuid4().hex[:8]}"
        self._pending: dict[Future[PreparedBatch], tuple[int, str]] = {}
        self._finished: dict[int, PreparedBatch] = {}
        self._submitted = 0
        self._stored = 0
        self.queue: as_completed = as_completed(loop=client.loop)

    def fill(self, max_in_flight: int) -> None:
        """Submit batches until `max_in_flight` are out or the documents run out."""
        while self._submitted - self._stored < max_in_flight:
            batch = next(self._source, None)
            if batch is None:
                return
            future = self._client.submit(
                prepare_batch,
                batch,
                self._published,
                self._time_budget,
                key=f"{self._prefix}-{self._submitted}",
                retries=TASK_RETRIES,
                pure=False,
            )
            self._pending[future] = (self._submitted, source_of(batch[0]))
            self.queue.add(future)
            self._submitted += 1
            self._report()

    def finish(self, future: Future[PreparedBatch]) -> None:
        """Collect a finished batch; it waits here until the batches before it are stored."""
        index, first = self._pending.pop(future)
        try:
            batch: PreparedBatch = future.result()
        except KilledWorker:
            raise ClusterError(
                f"workers kept dying while extracting the batch starting at {first}; "
                "see the workers' logs (out of memory?)"
            ) from None
        _check_version(batch.extractor_version, "a worker")
        self._finished[index] = batch

    def next_in_order(self) -> PreparedBatch | None:
        """The next batch to store once it has finished (all before it are stored), else None."""
        return self._finished.pop(self._stored, None)

    def stored_one(self) -> None:
        self._stored += 1
        self._report()

    def cancel(self) -> None:
        """Drop the work still out (after an error or an interrupt)."""
        if self._pending:
            self._client.cancel(list(self._pending))
            self._pending.clear()
        self._finished.clear()

    def _report(self) -> None:
        if self._observe is not None:
            self._observe(BatchCounts(self._submitted, self._stored))
