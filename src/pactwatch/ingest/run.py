"""`ingest`: every document under some paths into a store, in one process or on a cluster."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TypeVar

from pactwatch.ingest.documents import (
    DEFAULT_BATCH_SIZE,
    IngestSummary,
    Item,
    PreparedDocument,
    Progress,
    analyse_documents,
    clean_documents,
    prepare_document,
    record,
    store_batch,
)
from pactwatch.ingest.failed import FailureBook
from pactwatch.pipeline import DEFAULT_TIME_BUDGET
from pactwatch.sources import RawDocument, iter_documents
from pactwatch.store.database import Store
from pactwatch.store.write import ArticleOutcome, require_writable

T = TypeVar("T")

#: Articles written per transaction by a single process (after the first few).
#: Each transaction costs a dozen statements whatever its size, so a batch of
#: 64 makes the write a small part of an article's cost; a crash loses at most
#: the batch being written, which a re-run stores.
WRITE_BATCH = 64


#: Workers' batches written per transaction at least (more when more are ready):
#: a transaction's fixed cost (statements, commit) is some 15 ms on DuckDB, in the
#: one process that writes while the workers analyse.
BATCHES_PER_WRITE = 2


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    *,
    published: date | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    index: str | Path | None = None,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
    retry_failed: bool = False,
) -> IngestSummary:
    """Store every document under `paths`; a bad one is counted and the run goes on.

    `published` overrides the publication date of every document (as
    `pactwatch extract --published` does). Documents are written several per
    transaction (`growing_batches` of up to WRITE_BATCH, or a worker's batch),
    each still in its own error boundary; `progress` hears of each one once
    its batch is committed.
    `workers` > 1 extracts in that many local worker processes (forked with
    the models loaded, `pactwatch.pool`); `scheduler` ("tcp://host:8786") on a
    running dask.distributed cluster instead; either in batches of
    `batch_size` documents. Either way this process alone writes,
    and the stored result is the same as with one process. `index` is a
    sidecar index giving text files their url/published/title/outlet.

    A document that fails (see `pactwatch.ingest.documents`) is recorded in
    the store and skipped by later runs, unless `retry_failed`;
    `time_budget` bounds each document's analysis.
    """
    require_writable(store)
    _check_parallel_options(workers, scheduler, batch_size)
    book = FailureBook(store, retry=retry_failed)
    documents = (book.screen(item) for item in iter_documents(paths, index=index))
    if workers > 1:
        return _ingest_in_processes(
            store, documents, book, published, progress, workers, batch_size, time_budget
        )
    if scheduler is not None:
        from pactwatch.ingest.cluster import ingest_on_cluster  # deferred: imports dask

        return ingest_on_cluster(
            store,
            documents,
            published=published,
            progress=progress,
            workers=workers,
            scheduler=scheduler,
            batch_size=batch_size,
            time_budget=time_budget,
            settle=book.settle,
        )
    summary = IngestSummary()
    for batch in growing_batches(documents, WRITE_BATCH):
        prepared = [
            item
            if isinstance(item, ArticleOutcome)
            else prepare_document(item, published, extract=False, time_budget=time_budget)
            for item in batch
        ]
        for outcome in store_batch(store, prepared):
            book.settle(outcome)
            record(summary, outcome, progress)
    return summary


def _ingest_in_processes(
    store: Store,
    documents: Iterable[Item],
    book: FailureBook,
    published: date | None,
    progress: Progress | None,
    workers: int,
    batch_size: int,
    time_budget: float | None,
) -> IngestSummary:
    """Workers forked from this process analyse; this process only writes.

    One more process, forked first, reads, cleans and signs the documents
    (`pactwatch.pool.ahead`) while this one loads the models, which would
    otherwise leave a core idle for a second. `pactwatch.pool` then forks
    `workers` processes with the models loaded; each takes `batch_size`
    documents at a time, and the batches come back in input order,
    BATCHES_PER_WRITE or more written per transaction, so the store is the
    single-process one.
    """
    from pactwatch.pool import ahead, chunks_in_order  # multiprocessing only when asked for

    summary = IngestSummary()
    clean = functools.partial(_cleaned, published=published, time_budget=time_budget)
    cleaned = _screened_here(book, ahead(documents, clean, chunk=CLEANED_AT_ONCE))
    for prepared in chunks_in_order(
        cleaned,
        analyse_documents,
        jobs=workers,
        chunk=batch_size,
        least=BATCHES_PER_WRITE,
        describe=_source_of_prepared,
    ):
        for outcome in store_batch(store, prepared):
            book.settle(outcome)
            record(summary, outcome, progress)
    return summary


#: Documents the reading process cleans at a time before handing them over.
CLEANED_AT_ONCE = 8

Cleaned = PreparedDocument | ArticleOutcome


def _cleaned(
    items: list[Item], *, published: date | None, time_budget: float | None
) -> list[tuple[Item, Cleaned]]:
    """Each screened item with what `clean_documents` made of it (in the reading process)."""
    return list(zip(items, clean_documents(items, published, time_budget=time_budget), strict=True))


def _screened_here(book: FailureBook, cleaned: Iterable[tuple[Item, Cleaned]]) -> Iterator[Cleaned]:
    """The cleaned documents, each screened again by this process's failure book.

    The reading process screened them with its copy of the book (so that a
    document that failed before is not cleaned again); this one must
    remember the documents it let through, whose failures `settle` records.
    The answer is the same: a book reads the failures recorded once, at its start.
    """
    for item, result in cleaned:
        if isinstance(item, RawDocument):
            book.screen(item)
        yield result


def _source_of_prepared(item: Cleaned) -> str:
    return item.doc.path if isinstance(item, PreparedDocument) else item.source


def growing_batches(items: Iterable[T], largest: int) -> Iterator[list[T]]:
    """Consecutive lists of 1, 2, 4 ... up to `largest` items, read lazily.

    The first articles of a run are stored (and shown) at once, and later
    ones share a transaction with up to `largest - 1` others.
    """
    iterator = iter(items)
    size = 1
    while batch := list(islice(iterator, size)):
        yield batch
        size = min(size * 2, largest)


def _check_parallel_options(workers: int, scheduler: str | None, batch_size: int) -> None:
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    if scheduler is not None and workers != 1:
        raise ValueError("give workers (local processes) or scheduler (a cluster), not both")
