"""Ingest one document: clean, hash, check against the store, analyse if new, write.

The work is split in two so extraction can run elsewhere: `prepare_document`
does everything CPU-bound and needs no database (cleaning, hash, signature,
events), and `store_batch` (`store_prepared` for one document) makes the
decisions that depend on what is stored and hands the result to the store's
write half (`pactwatch.store.write`), which never runs the pipeline itself
and writes a batch in one transaction.

Each half is a document's error boundary: whatever breaks while cleaning,
analysing or storing one document (a pactwatch bug included) becomes a
"failed" outcome naming it, and the run goes on. Only faults of the store
itself (a full disk, a damaged file: StoreError) and a missing model end the
run, since every later document would fail the same way.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from pactwatch.errors import InputError, PactwatchError, unexpected
from pactwatch.models import Article
from pactwatch.pipeline import (
    DEFAULT_TIME_BUDGET,
    EXTRACTOR_VERSION,
    ArticleResult,
    analyse,
    analyse_articles,
    prepare_article,
)
from pactwatch.pool import warm_up
from pactwatch.sources import RawDocument
from pactwatch.store.database import Store
from pactwatch.store.dedupe import signature
from pactwatch.store.write import (
    ArticleOutcome,
    ArticleRecord,
    Candidate,
    Extraction,
    content_hash,
    write_batch,
)


@dataclass(slots=True)
class IngestSummary:
    """Counts for the closing line of `pactwatch ingest`, and every failure's message."""

    new: int = 0
    duplicate: int = 0
    near_duplicate: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    incidents_created: set[int] = field(default_factory=set)
    incidents_updated: set[int] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)
    skips: list[str] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return self.new + self.duplicate + self.near_duplicate + self.skipped + self.failed

    @property
    def incidents_new(self) -> int:
        return len(self.incidents_created)

    @property
    def incidents_changed(self) -> int:
        """Existing incidents that gained events or sources (new ones not counted)."""
        return len(self.incidents_updated - self.incidents_created)

    def add(self, outcome: ArticleOutcome) -> None:
        counter = outcome.status.replace("-", "_")
        setattr(self, counter, getattr(self, counter) + 1)
        self.events += outcome.events
        self.incidents_created |= outcome.incidents_created
        self.incidents_updated |= outcome.incidents_updated
        if outcome.status == "failed":
            self.failures.append(f"{outcome.source}: {outcome.message}")
        elif outcome.status == "skipped":
            self.skips.append(f"{outcome.source}: {outcome.message}")

    def line(self) -> str:
        """One line: "12 articles: 10 new, ...; 37 events; 20 incidents (18 new, 2 updated)"."""
        plural = "" if self.duplicate == 1 else "s"
        plural_near = "" if self.near_duplicate == 1 else "s"
        return (
            f"{self.articles} article{'' if self.articles == 1 else 's'}: {self.new} new, "
            f"{self.duplicate} duplicate{plural}, {self.near_duplicate} "
            f"near-duplicate{plural_near}, {self.skipped} skipped, {self.failed} failed; "
            f"{self.events} event{'' if self.events == 1 else 's'}; "
            f"{self.incidents_new + self.incidents_changed} incidents "
            f"({self.incidents_new} new, {self.incidents_changed} updated)"
        )


Progress = Callable[[ArticleOutcome], None]
#: A document to prepare, a reading error, or a document already settled (failed before).
Item = RawDocument | InputError | ArticleOutcome


def source_of(item: Item) -> str:
    """Where an item came from, to name it in an error."""
    return item.path if isinstance(item, RawDocument) else item.source


#: Documents sent to a worker at once: their candidate sentences share spaCy's
#: batches, which news with a sentence or two worth parsing per article (BBC)
#: fills only with dozens of articles: 64 analyse in 7% less time than 32.
DEFAULT_BATCH_SIZE = 64


def record(summary: IngestSummary, outcome: ArticleOutcome, progress: Progress | None) -> None:
    """Count one outcome and tell the caller about it."""
    summary.add(outcome)
    if progress is not None:
        progress(outcome)


def ingest_document(
    store: Store,
    item: RawDocument | InputError,
    published: date | None = None,
    *,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> ArticleOutcome:
    """Store one document (or count it as a duplicate or failure)."""
    prepared = prepare_document(item, published, extract=False, time_budget=time_budget)
    return store_prepared(store, prepared)


# ------------------------------------------------------------------ prepare


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """A document made ready for the store without reading it; pickles, so a worker can make it.

    `signature` and `extraction` are None when left for the store to
    compute, which it does only once the document turns out to be new.
    """

    doc: RawDocument
    article: Article
    #: sha256 of the cleaned text, the article's identity in the store
    digest: str
    #: MinHash signature of the cleaned text
    signature: tuple[int, ...] | None = None
    extraction: Extraction | None = None
    #: seconds the analysis may take (None: no limit)
    time_budget: float | None = DEFAULT_TIME_BUDGET

    def record(self) -> ArticleRecord:
        """What the store keeps of the document."""
        doc = self.doc
        return ArticleRecord(
            doc.path, doc.id, doc.body, doc.is_html, self.article, self.digest, EXTRACTOR_VERSION
        )


def prepare_document(
    item: RawDocument | InputError,
    published: date | None = None,
    *,
    extract: bool = True,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> PreparedDocument | ArticleOutcome:
    """Clean, hash and (with `extract`) sign and analyse one document; a failure as an outcome.

    Pure and database-free, so it can run in another process or on another
    machine. `extract=False` stops after the hash: a single process then
    skips the costly analysis of documents already stored. `time_budget`
    bounds the analysis (see `pactwatch.pipeline.analyse`).
    """
    if isinstance(item, InputError):
        return ArticleOutcome(item.source, "skipped" if item.skipped else "failed", item.problem)
    try:
        article, _ = prepare_article(item, published)
    except ValueError as exc:
        return _failed(item, str(exc))
    except PactwatchError:
        raise
    except Exception as exc:
        return _failed(item, unexpected(exc, "cleaning"))
    if not article.text.strip():
        return _failed(item, "no article text left after removing page furniture")
    prepared = PreparedDocument(item, article, content_hash(article.text), time_budget=time_budget)
    if not extract:
        return prepared
    try:
        return replace(
            prepared, signature=_signature_of(prepared), extraction=_extraction_of(prepared)
        )
    except InputError as exc:
        return _failed(item, exc.problem)


def prepare_documents(
    items: Sequence[Item],
    published: date | None = None,
    *,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> list[PreparedDocument | ArticleOutcome]:
    """`prepare_document` for each item, the articles analysed together (a worker's batch).

    Their candidate sentences share spaCy's batches (`analyse_articles`), which
    a worker parsing one article at a time would not fill. An outcome settled
    before (a document that failed in an earlier run) passes through; an
    analysis that fails is kept as the document's `Extraction.failed`, as a
    single process keeps it, so the store names the document failed unless it
    is a duplicate.
    """
    return analyse_documents(clean_documents(items, published, time_budget=time_budget))


def clean_documents(
    items: Sequence[Item],
    published: date | None = None,
    *,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> list[PreparedDocument | ArticleOutcome]:
    """The part of `prepare_documents` that needs no spaCy: clean, hash and sign each item.

    `ingest --workers` runs it in a process of its own, started before spaCy
    is loaded (`pactwatch.pool.ahead`).
    """
    return [
        item
        if isinstance(item, ArticleOutcome)
        else _signed(prepare_document(item, published, extract=False, time_budget=time_budget))
        for item in items
    ]


def analyse_documents(
    items: Sequence[PreparedDocument | ArticleOutcome],
) -> list[PreparedDocument | ArticleOutcome]:
    """The rest of `prepare_documents`: the cleaned documents analysed together, signed."""
    ready = [item for item in items if isinstance(item, PreparedDocument)]
    analysed = iter(_analysed(ready))
    return [
        item
        if isinstance(item, ArticleOutcome)
        else replace(item, signature=_signature_of(item), extraction=next(analysed))
        for item in items
    ]


def _analysed(documents: Sequence[PreparedDocument]) -> list[Extraction]:
    """Each document's analysis, their sentences parsed together (`analyse_articles`)
    wherever their time budgets are the same."""
    found: dict[int, Extraction] = {}
    for budget in dict.fromkeys(document.time_budget for document in documents):
        same = [i for i, document in enumerate(documents) if document.time_budget == budget]
        results = analyse_articles([documents[i].article for i in same], time_budget=budget)
        found.update((i, _extraction(result)) for i, result in zip(same, results, strict=True))
    return [found[i] for i in range(len(documents))]


def _signed(prepared: PreparedDocument | ArticleOutcome) -> PreparedDocument | ArticleOutcome:
    if isinstance(prepared, ArticleOutcome):
        return prepared
    return replace(prepared, signature=_signature_of(prepared))


def _extraction(result: ArticleResult | InputError) -> Extraction:
    """What the store keeps of an analysis; a failure (InputError) as `Extraction.failed`."""
    if isinstance(result, InputError):
        return Extraction(failed=result.problem)
    return Extraction(tuple(result.events), result.skipped, tuple(result.warnings))


def _failed(doc: RawDocument, problem: str) -> ArticleOutcome:
    return ArticleOutcome(doc.path, "failed", problem, warnings=doc.warnings)


def _signature_of(prepared: PreparedDocument) -> tuple[int, ...]:
    if prepared.signature is not None:
        return prepared.signature
    return tuple(signature(prepared.article.text))


def _extraction_of(prepared: PreparedDocument) -> Extraction:
    """The events of a document, analysed now if not yet; InputError for any failure."""
    if prepared.extraction is not None:
        return prepared.extraction
    try:
        result = analyse(prepared.article, time_budget=prepared.time_budget)
    except PactwatchError:
        raise
    except Exception as exc:
        raise InputError(prepared.doc.path, unexpected(exc, "analysis")) from exc
    return _extraction(result)


# -------------------------------------------------------------------- store


def store_prepared(store: Store, prepared: PreparedDocument | ArticleOutcome) -> ArticleOutcome:
    """Store one prepared document: a duplicate, a near-duplicate copy or a new report."""
    return store_batch(store, [prepared])[0]


def store_batch(
    store: Store, items: Sequence[PreparedDocument | ArticleOutcome]
) -> list[ArticleOutcome]:
    """Store prepared documents, several per transaction; an outcome each, in order.

    A failure outcome from `prepare_document` passes through unchanged. A
    document is analysed (if it was not on a worker) only once the store has
    found it new, and outside the write transaction; the new documents of the
    batch are analysed together (`_analyse_together`). Each document keeps its
    own error boundary: one whose analysis fails is named as failed and the
    rest of the batch is stored; should writing the batch break on something
    other than a fault of the store itself, the batch is rolled back and its
    documents are written one per transaction, so only the one that breaks
    the write fails.
    """
    prepared = [item for item in items if isinstance(item, PreparedDocument)]
    analyses = [_Analysis(item) for item in prepared]
    candidates = [
        Candidate(item.record(), analysis, item.signature)
        for item, analysis in zip(prepared, analyses, strict=True)
    ]
    try:
        written = write_batch(
            store, candidates, analyse_together=functools.partial(_analyse_together, analyses)
        )
    except PactwatchError:
        raise  # the store's own faults stop the run: every document would meet them
    except Exception as exc:
        if len(prepared) == 1:
            finished = [_failed(prepared[0].doc, unexpected(exc, "storing"))]
        else:
            finished = [store_batch(store, [item])[0] for item in prepared]
    else:
        finished = [
            replace(outcome, warnings=item.doc.warnings + analysis.warnings(outcome))
            for outcome, item, analysis in zip(written, prepared, analyses, strict=True)
        ]
    stored = iter(finished)
    return [item if isinstance(item, ArticleOutcome) else next(stored) for item in items]


def _analyse_together(analyses: Sequence[_Analysis], positions: list[int]) -> None:
    """The documents at `positions` (found new by the store) analysed in shared spaCy batches.

    Alone, an article's few candidate sentences would make small batches of
    their own (BBC News: a third more time than 64 articles together). The
    models and lexicons are loaded first, so that a missing model ends the
    run as `analyse` would, instead of failing every document.
    """
    pending = [analyses[i] for i in positions if not analyses[i].done]
    if not pending:
        return
    warm_up()
    for analysis, extraction in zip(pending, _analysed([a.prepared for a in pending]), strict=True):
        analysis.settle(extraction)


class _Analysis:
    """A document's events, analysed on the first call and remembered; a failure as `failed`."""

    def __init__(self, prepared: PreparedDocument) -> None:
        self._prepared = prepared
        self._result: Extraction | None = prepared.extraction

    @property
    def done(self) -> bool:
        return self._result is not None

    @property
    def prepared(self) -> PreparedDocument:
        return self._prepared

    def settle(self, extraction: Extraction) -> None:
        """Take the analysis made with others (`_analyse_together`)."""
        self._result = extraction

    def __call__(self) -> Extraction:
        if self._result is None:
            try:
                self._result = _extraction_of(self._prepared)
            except InputError as exc:  # the analysis failed (it names where)
                self._result = Extraction(failed=exc.problem)
        return self._result

    def warnings(self, outcome: ArticleOutcome) -> tuple[str, ...]:
        """What the analysis worked around, for a document that was not a duplicate."""
        if self._result is None or outcome.status == "duplicate":
            return ()
        return self._result.warnings
