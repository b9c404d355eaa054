"""A run's book of failed documents: skip those that failed before, record new failures.

`pactwatch ingest` (and `watch`) run each document inside its own error
boundary, so a document that breaks cleaning, analysis or storing fails
alone. Without a record it would fail again on every re-run, wasting its
time budget each time; with one, a re-run skips it, naming the earlier
failure, until `--retry-failed` asks for another try (a document whose body
changed is a new document and is tried at once). The records live in the
store (`pactwatch.store.failures`), keyed by source and body hash.
"""

from __future__ import annotations

import hashlib

from pactwatch.errors import InputError
from pactwatch.sources import RawDocument
from pactwatch.store.database import Store
from pactwatch.store.failures import (
    Failure,
    forget_failure,
    record_failure,
    recorded_failures,
)
from pactwatch.store.write import ArticleOutcome

#: Words of a failure's problem that say where it broke, in the order they are looked for.
_STAGES = ("time budget", "cleaning", "parsing", "extraction", "analysis", "storing")


def document_hash(doc: RawDocument) -> str:
    """The sha256 of a document's raw body: its identity among failures."""
    return hashlib.sha256(doc.body.encode("utf-8", "surrogatepass")).hexdigest()


class FailureBook:
    """The failures recorded in a store, as one run sees and extends them.

    `screen` turns a document that failed before into its "failed before"
    outcome (unless retrying) and remembers the others' hashes; `settle`
    records a screened document's failure, or forgets an earlier failure of
    a document that now went through.
    """

    def __init__(self, store: Store, *, retry: bool = False) -> None:
        self.store = store
        self.retry = retry
        self._known: dict[tuple[str, str], Failure] = recorded_failures(store)
        self._screened: dict[str, str] = {}

    def screen(self, item: RawDocument | InputError) -> RawDocument | InputError | ArticleOutcome:
        if isinstance(item, InputError):
            return item
        digest = document_hash(item)
        failure = self._known.get((item.path, digest))
        if failure is not None and not self.retry:
            return ArticleOutcome(item.path, "failed", failure.line(), warnings=item.warnings)
        self._screened[item.path] = digest
        return item

    def settle(self, outcome: ArticleOutcome) -> None:
        digest = self._screened.pop(outcome.source, None)
        if digest is None:
            return  # a reading error, or a document skipped as failed before
        key = (outcome.source, digest)
        if outcome.status == "failed":
            problem = outcome.message or "failed"
            record_failure(self.store, outcome.source, digest, stage_of(problem), problem)
        elif key in self._known:
            forget_failure(self.store, *key)


def stage_of(problem: str) -> str:
    """Where a failure happened, from its message ("analysis", "storing"...)."""
    lowered = problem.lower()
    for stage in _STAGES:
        if stage in lowered:
            return "analysis" if stage in ("parsing", "extraction") else stage
    return "cleaning"
