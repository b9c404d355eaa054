"""Ingest: store articles and their events, one article per transaction.

Each document is cleaned, then looked up by the sha256 of its cleaned text
(an exact duplicate changes nothing), then by MinHash LSH (a near-duplicate is
stored as one more source of the original report, with no events of its own),
and only then analysed. An article, its events, actors, dyads, signature and
the incidents they merge into are written in one transaction, so a killed
ingest leaves every stored article complete and a re-run adds the rest.
`reprocess` re-extracts the stored raw input with the current extractor.

The work is split in two so extraction can run elsewhere: `prepare_document`
does everything CPU-bound and needs no database (cleaning, hash, signature,
events), and `store_prepared` makes the decisions that depend on what is
stored and writes. With `workers`/`scheduler`, `ingest` runs the first half
on a dask.distributed cluster (`pactwatch.store.parallel`) and the second
here, in input order, so the database ends up exactly as a single-process
run leaves it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import combinations
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pactwatch.errors import InputError
from pactwatch.models import Article, Event
from pactwatch.pipeline import EXTRACTOR_VERSION, analyse, prepare_article
from pactwatch.sources import RawDocument, iter_documents
from pactwatch.store.connection import Connection
from pactwatch.store.database import Store
from pactwatch.store.dedupe import (
    NearDuplicate,
    find_near_duplicate,
    forget_signature,
    signature,
    store_signature,
)
from pactwatch.store.errors import StoreAccessError
from pactwatch.store.incidents import (
    EventFacts,
    IncidentMerger,
    incidents_of_report,
    rebuild_incidents,
    refresh_incidents,
)

Status = Literal["new", "duplicate", "near-duplicate", "skipped", "failed"]

#: `articles.status`: a report analysed for events, a copy of one, or a report skipped on purpose.
ORIGINAL, NEAR_DUPLICATE, SKIPPED = "original", "near-duplicate", "skipped"


@dataclass(frozen=True, slots=True)
class ArticleOutcome:
    """What happened to one input document."""

    source: str
    status: Status
    message: str | None = None
    events: int = 0
    article_id: int | None = None
    incidents_created: frozenset[int] = frozenset()
    incidents_updated: frozenset[int] = frozenset()


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

#: Documents sent to a worker at once: enough to amortise a task's overhead
#: (milliseconds) against its work (about a second of parsing per article).
DEFAULT_BATCH_SIZE = 32


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    *,
    published: date | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> IngestSummary:
    """Store every document under `paths`; a bad one is counted and the run goes on.

    `published` overrides the publication date of every document (as
    `pactwatch extract --published` does). `progress` is called after each one.
    `workers` > 1 extracts in that many local worker processes; `scheduler`
    ("tcp://host:8786") on a running dask.distributed cluster instead, in
    batches of `batch_size` documents. Either way this process alone writes,
    and the stored result is the same as with one process.
    """
    _require_writable(store)
    _check_parallel_options(workers, scheduler, batch_size)
    documents = iter_documents(paths)
    if workers == 1 and scheduler is None:
        summary = IngestSummary()
        for item in documents:
            record(summary, ingest_document(store, item, published), progress)
        return summary
    from pactwatch.store.parallel import ingest_on_cluster  # deferred: imports dask

    return ingest_on_cluster(
        store,
        documents,
        published=published,
        progress=progress,
        workers=workers,
        scheduler=scheduler,
        batch_size=batch_size,
    )


def _check_parallel_options(workers: int, scheduler: str | None, batch_size: int) -> None:
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    if scheduler is not None and workers != 1:
        raise ValueError("give workers (local processes) or scheduler (a cluster), not both")


def record(summary: IngestSummary, outcome: ArticleOutcome, progress: Progress | None) -> None:
    """Count one outcome and tell the caller about it."""
    summary.add(outcome)
    if progress is not None:
        progress(outcome)


def ingest_document(
    store: Store, item: RawDocument | InputError, published: date | None = None
) -> ArticleOutcome:
    """Store one document (or count it as a duplicate or failure)."""
    return store_prepared(store, prepare_document(item, published, extract=False))


# ------------------------------------------------------------------ prepare


@dataclass(frozen=True, slots=True)
class Extraction:
    """What analysis found in an article: its events, or why it was skipped on purpose."""

    events: tuple[Event, ...] = ()
    skipped: str | None = None


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """A document made ready for the store without reading it; pickles, so a worker can make it.

    `signature` and `extraction` are None when left for `store_prepared` to
    compute, which it does only once the document turns out to be new.
    """

    doc: RawDocument
    article: Article
    #: sha256 of the cleaned text, the article's identity in the store
    digest: str
    #: MinHash signature of the cleaned text
    signature: tuple[int, ...] | None = None
    extraction: Extraction | None = None


def prepare_document(
    item: RawDocument | InputError, published: date | None = None, *, extract: bool = True
) -> PreparedDocument | ArticleOutcome:
    """Clean, hash and (with `extract`) sign and analyse one document; a failure as an outcome.

    Pure and database-free, so it can run in another process or on another
    machine. `extract=False` stops after the hash: a single process then
    skips the costly analysis of documents already stored.
    """
    if isinstance(item, InputError):
        return ArticleOutcome(item.source, "failed", item.problem)
    try:
        article, _ = prepare_article(item, published)
    except ValueError as exc:
        return ArticleOutcome(item.path, "failed", str(exc))
    if not article.text.strip():
        return ArticleOutcome(
            item.path, "failed", "no article text left after removing page furniture"
        )
    prepared = PreparedDocument(item, article, content_hash(article.text))
    if not extract:
        return prepared
    return PreparedDocument(
        item, article, prepared.digest, _signature_of(prepared), _extraction_of(prepared)
    )


def _signature_of(prepared: PreparedDocument) -> tuple[int, ...]:
    if prepared.signature is not None:
        return prepared.signature
    return tuple(signature(prepared.article.text))


def _extraction_of(prepared: PreparedDocument) -> Extraction:
    if prepared.extraction is not None:
        return prepared.extraction
    result = analyse(prepared.article)
    return Extraction(tuple(result.events), result.skipped)


# -------------------------------------------------------------------- store


def store_prepared(store: Store, prepared: PreparedDocument | ArticleOutcome) -> ArticleOutcome:
    """Store one prepared document: a duplicate, a near-duplicate copy or a new report.

    The checks run first without the writers' lock, so a stored or copied
    article costs no analysis and the analysis of a new one runs while other
    processes write. On a store other processes share (PostgreSQL) they run
    again inside the write transaction, which decides, so two processes
    ingesting the same article store it once. A failure outcome from
    `prepare_document` passes through unchanged.
    """
    if isinstance(prepared, ArticleOutcome):
        return prepared
    if _stored_article(store.connection, prepared.digest) is not None:
        return ArticleOutcome(prepared.doc.path, "duplicate", "already stored")
    values = _signature_of(prepared)
    original = find_near_duplicate(store.connection, list(values))
    if original is None:
        prepared = replace(prepared, signature=values, extraction=_extraction_of(prepared))
    with store.transaction() as connection:
        if connection.shared:  # another process may have written since the checks above
            if _stored_article(connection, prepared.digest) is not None:
                return ArticleOutcome(prepared.doc.path, "duplicate", "already stored")
            original = find_near_duplicate(connection, list(values))
        if original is not None:
            return _store_copy(connection, prepared, original)
        return _store_report(connection, prepared, values)


def content_hash(text: str) -> str:
    """The identity of an article: sha256 of its cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _require_writable(store: Store) -> None:
    if store.read_only:
        raise StoreAccessError(
            store.location, "opened read-only, cannot ingest; open it without read_only"
        )


def _stored_article(connection: Connection, digest: str) -> int | None:
    row = connection.execute(
        "SELECT article_id FROM articles WHERE content_hash = ?", [digest]
    ).fetchone()
    return None if row is None else int(row[0])


def _store_copy(
    connection: Connection, prepared: PreparedDocument, original: NearDuplicate
) -> ArticleOutcome:
    """A near-duplicate: one more source of the original report, no events of its own."""
    doc = prepared.doc
    article_id = _next_id(connection, "articles", "article_id")
    _insert_article(
        connection,
        Placement(article_id, original.article_id, NEAR_DUPLICATE, original.similarity),
        doc,
        prepared.article,
        prepared.digest,
    )
    touched = incidents_of_report(connection, original.article_id)
    refresh_incidents(connection, touched)
    return ArticleOutcome(
        doc.path,
        "near-duplicate",
        f"copy of article {original.article_id} (similarity {original.similarity:.2f})",
        article_id=article_id,
        incidents_updated=frozenset(touched),
    )


def _store_report(
    connection: Connection, prepared: PreparedDocument, values: tuple[int, ...]
) -> ArticleOutcome:
    """An original report: the article, its events and index entries, merged into incidents."""
    doc, article = prepared.doc, prepared.article
    result = _extraction_of(prepared)
    events = list(result.events)
    article_id = _next_id(connection, "articles", "article_id")
    status = SKIPPED if result.skipped else ORIGINAL
    placement = Placement(article_id, article_id, status, skip_reason=result.skipped)
    _insert_article(connection, placement, doc, article, prepared.digest)
    if result.skipped:
        return ArticleOutcome(doc.path, "skipped", result.skipped, article_id=article_id)
    store_signature(connection, article_id, list(values))
    numbered = _number_events(connection, events)
    merger = IncidentMerger(connection)
    links = merger.assign(EventFacts.of(i, e, article.published) for i, e in numbered)
    insert_events(connection, article_id, numbered, links)
    merged = merger.refresh()
    return ArticleOutcome(
        doc.path,
        "new",
        events=len(events),
        article_id=article_id,
        incidents_created=frozenset(merged.created),
        incidents_updated=frozenset(merged.updated),
    )


def _next_id(connection: Connection, table: str, column: str) -> int:
    """max + 1, safe inside a write transaction: one writer at a time holds the store."""
    row = connection.execute(f"SELECT coalesce(max({column}), 0) + 1 FROM {table}").fetchone()
    return int(row[0]) if row else 1


def outlet_of(url: str | None) -> str | None:
    """The outlet an article comes from: its URL's host without a leading "www."."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    host = host.removeprefix("www.")
    return host or None


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a new article goes: its id, its report, and why it has or lacks events."""

    article_id: int
    report_id: int
    status: str
    similarity: float | None = None
    skip_reason: str | None = None


def _insert_article(
    connection: Connection,
    placement: Placement,
    doc: RawDocument,
    article: Article,
    digest: str,
) -> None:
    connection.execute(
        """INSERT INTO articles (article_id, content_hash, doc_id, path, url, outlet, title,
               published, published_from, body, is_html, text, report_id, similarity, status,
               skip_reason, extractor_version, ingested_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            placement.article_id,
            digest,
            doc.id,
            doc.path,
            article.url,
            outlet_of(article.url),
            article.title,
            article.published,
            article.published_from,
            doc.body,
            doc.is_html,
            article.text,
            placement.report_id,
            placement.similarity,
            placement.status,
            placement.skip_reason,
            EXTRACTOR_VERSION,
            datetime.now(),
        ],
    )


# ------------------------------------------------------------------- events


def dyads(event: Event) -> list[tuple[str, str]]:
    """The spec's scoring tuples: (source, target) per pair, or each unordered pair a < b."""
    if event.directed:
        pairs = [(s, t) for s in event.sources() for t in event.targets()]
    else:
        pairs = list(combinations(sorted(set(event.participants())), 2))
    return list(dict.fromkeys(pairs))


def _number_events(connection: Connection, events: list[Event]) -> list[tuple[int, Event]]:
    """Give new events their ids (max + 1 onwards) before they are written."""
    first = _next_id(connection, "events", "event_id")
    return [(first + i, event) for i, event in enumerate(events)]


def insert_events(
    connection: Connection,
    article_id: int,
    numbered: list[tuple[int, Event]],
    incidents: dict[int, int] | None = None,
) -> None:
    """Write events with their actors and dyads, each linked to its incident if known."""
    links = incidents or {}
    insert_rows(
        connection, "events", [_event_row(i, article_id, links.get(i), e) for i, e in numbered]
    )
    insert_rows(
        connection,
        "event_actors",
        [
            [i, n, a.role, a.country, a.text, a.kind, a.name, a.person, a.title, a.base]
            for i, event in numbered
            for n, a in enumerate(event.actors)
        ],
    )
    insert_rows(
        connection,
        "event_dyads",
        [[i, e.type, e.directed, a, b] for i, e in numbered for a, b in dyads(e)],
    )


#: Rows per INSERT statement: large enough to amortise the per-statement cost.
_ROWS_PER_INSERT = 200


def insert_rows(connection: Connection, table: str, rows: list[list[object]]) -> None:
    """Multi-row INSERT with every value a parameter.

    DuckDB's executemany runs one statement per row (about 1.5 ms each), so a
    single VALUES list per chunk is several times faster.
    """
    for offset in range(0, len(rows), _ROWS_PER_INSERT):
        chunk = rows[offset : offset + _ROWS_PER_INSERT]
        placeholders = "(" + ", ".join("?" * len(chunk[0])) + ")"
        connection.execute(
            f"INSERT INTO {table} VALUES " + ", ".join([placeholders] * len(chunk)),
            [value for row in chunk for value in row],
        )


def _event_row(
    event_id: int, article_id: int, incident_id: int | None, event: Event
) -> list[object]:
    location = event.location
    return [
        event_id,
        article_id,
        incident_id,
        event.type,
        event.stage,
        event.certainty,
        list(event.claimed_by),
        list(event.denied_by),
        list(event.equipment),
        event.published,
        event.date.start,
        event.date.end,
        event.date.precision,
        event.date.text,
        location.name if location else None,
        location.country if location else None,
        event.evidence.sentence,
        event.evidence.start,
        event.evidence.end,
        event.confidence,
        event.rule,
        event.trigger,
        event.extractor_version or EXTRACTOR_VERSION,
    ]


def _delete_events(connection: Connection, article_id: int) -> None:
    for table in ("event_dyads", "event_actors"):
        connection.execute(
            f"DELETE FROM {table} WHERE event_id IN "
            "(SELECT event_id FROM events WHERE article_id = ?)",
            [article_id],
        )
    connection.execute("DELETE FROM events WHERE article_id = ?", [article_id])


# ---------------------------------------------------------------- reprocess


@dataclass(frozen=True, slots=True)
class ReprocessSummary:
    """Before/after counts of a reprocess run."""

    articles: int
    events_before: int
    events_after: int
    incidents_before: int
    incidents_after: int
    extractor_version: str

    def line(self) -> str:
        return (
            f"{self.articles} articles reprocessed with {self.extractor_version}: "
            f"events {self.events_before} -> {self.events_after}, "
            f"incidents {self.incidents_before} -> {self.incidents_after}"
        )


ReprocessProgress = Callable[[int, int], None]


def reprocess(store: Store, *, progress: ReprocessProgress | None = None) -> ReprocessSummary:
    """Re-extract every stored report from its raw input, then rebuild all incidents.

    Each article is replaced in its own transaction. Incidents are rebuilt
    from scratch at the end (one transaction), because changed events can
    split or join incidents anywhere; until then new events have no incident,
    which `db check` reports, and running reprocess again repairs.
    """
    _require_writable(store)
    connection = store.connection
    events_before, incidents_before = _count(connection, "events"), _count(connection, "incidents")
    rows = connection.execute(
        """SELECT article_id, doc_id, path, url, title, published, published_from, body,
                  is_html, status
           FROM articles ORDER BY article_id"""
    ).fetchall()
    for done, row in enumerate(rows, start=1):
        _reprocess_article(store, row)
        if progress is not None:
            progress(done, len(rows))
    with store.transaction() as connection:
        incidents_after = rebuild_incidents(connection)
    return ReprocessSummary(
        articles=len(rows),
        events_before=events_before,
        events_after=_count(connection, "events"),
        incidents_before=incidents_before,
        incidents_after=incidents_after,
        extractor_version=EXTRACTOR_VERSION,
    )


def _count(connection: Connection, table: str) -> int:
    row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def _stored_document(row: tuple[object, ...]) -> tuple[RawDocument, date | None]:
    """Rebuild the raw document, keeping a publication date that came from outside the text."""
    doc_id, path, url, title, published, published_from, body, is_html = row[1:9]
    given = published if isinstance(published, date) else None
    doc = RawDocument(
        id=str(doc_id),
        body=str(body),
        is_html=bool(is_html),
        path=str(path),
        url=url if isinstance(url, str) else None,
        title=title if isinstance(title, str) else None,
        published=given.isoformat() if given and published_from == "json" else None,
    )
    return doc, given if published_from == "argument" else None


def _reprocess_article(store: Store, row: tuple[object, ...]) -> None:
    article_id, status = int(str(row[0])), row[9]
    doc, published = _stored_document(row)
    article, _ = prepare_article(doc, published)
    result = analyse(article) if status != NEAR_DUPLICATE else None
    with store.transaction() as connection:
        _update_article(connection, article_id, article)
        if result is None:
            return
        _delete_events(connection, article_id)
        forget_signature(connection, article_id)
        if result.skipped:
            _set_status(connection, article_id, SKIPPED, result.skipped)
            return
        _set_status(connection, article_id, ORIGINAL, None)
        store_signature(connection, article_id, signature(article.text))
        insert_events(connection, article_id, _number_events(connection, result.events))


def _update_article(connection: Connection, article_id: int, article: Article) -> None:
    """New cleaned text, title and date; the hash follows unless another article has it."""
    digest = content_hash(article.text)
    holder = _stored_article(connection, digest)
    connection.execute(
        """UPDATE articles SET text = ?, title = ?, published = ?, published_from = ?,
               url = ?, outlet = ?, extractor_version = ?
           WHERE article_id = ?""",
        [
            article.text,
            article.title,
            article.published,
            article.published_from,
            article.url,
            outlet_of(article.url),
            EXTRACTOR_VERSION,
            article_id,
        ],
    )
    if holder is None:
        connection.execute(
            "UPDATE articles SET content_hash = ? WHERE article_id = ?", [digest, article_id]
        )


def _set_status(connection: Connection, article_id: int, status: str, reason: str | None) -> None:
    connection.execute(
        "UPDATE articles SET status = ?, skip_reason = ? WHERE article_id = ?",
        [status, reason, article_id],
    )
