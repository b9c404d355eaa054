"""Ingest: the pipeline and the store composed, in one process, forked workers or a dask cluster.

The pipeline (`pactwatch.pipeline`) finds events and knows no database; the
store (`pactwatch.store`) keeps them and never runs the pipeline. This
package sits above both.

    >>> from pactwatch.ingest import ingest
    >>> from pactwatch.store import open_store
    >>> with open_store("pactwatch.duckdb") as store:
    ...     summary = ingest(store, ["articles/"])

`ingest` stores documents (`workers=` extract in processes forked from this
one, see `pactwatch.pool`; `scheduler=` on a dask cluster, see
`pactwatch.ingest.cluster`), `ingest_document` one document, `reprocess`
re-extracts a store with the current rules.
"""

from pactwatch.ingest.documents import (
    DEFAULT_BATCH_SIZE,
    IngestSummary,
    PreparedDocument,
    Progress,
    ingest_document,
    prepare_document,
    store_batch,
    store_prepared,
)
from pactwatch.ingest.reprocess import ReprocessSummary, reprocess
from pactwatch.ingest.run import ingest
from pactwatch.store.write import ArticleOutcome

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "ArticleOutcome",
    "IngestSummary",
    "PreparedDocument",
    "Progress",
    "ReprocessSummary",
    "ingest",
    "ingest_document",
    "prepare_document",
    "reprocess",
    "store_batch",
    "store_prepared",
]
