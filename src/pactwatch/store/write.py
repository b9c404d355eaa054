"""The store's write half: an article with its events, or a copy, in one transaction.

It takes what extraction already found and never runs the pipeline
(`pactwatch.ingest` composes the two). An article, its events, actors,
dyads, signature and the incidents they merge into are written in one
transaction, so a killed ingest leaves every stored article complete and a
re-run adds the rest. The duplicate checks are here too, because their
answer depends on what is stored: an exact duplicate (same sha256 of the
cleaned text) changes nothing, and a near-duplicate (MinHash LSH) is stored
as one more source of the original report, with no events of its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import combinations
from typing import Literal
from urllib.parse import urlsplit

from pactwatch.models import Article, Event
from pactwatch.store.connection import Connection
from pactwatch.store.database import Store
from pactwatch.store.dedupe import (
    NearDuplicate,
    find_near_duplicate,
    forget_signature,
    store_signature,
)
from pactwatch.store.errors import StoreAccessError
from pactwatch.store.incidents import (
    EventFacts,
    IncidentMerger,
    incidents_of_report,
    refresh_incidents,
)
from pactwatch.store.reviews import apply_reviews

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
    #: what was worked around in reading or analysing it (bad bytes replaced...)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Extraction:
    """What analysis found in an article: its events, or why it was skipped on purpose."""

    events: tuple[Event, ...] = ()
    skipped: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """One input document as the store keeps it: the raw input and its cleaned article."""

    #: where the document came from (a file path, or path:line for JSON Lines)
    source: str
    doc_id: str
    body: str
    is_html: bool
    article: Article
    #: sha256 of the cleaned text, the article's identity in the store
    digest: str
    #: the extractor that cleaned (and, for a report, analysed) it
    extractor_version: str


def content_hash(text: str) -> str:
    """The identity of an article: sha256 of its cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def require_writable(store: Store) -> None:
    if store.read_only:
        raise StoreAccessError(
            store.location, "opened read-only, cannot ingest; open it without read_only"
        )


def stored_article(connection: Connection, digest: str) -> int | None:
    """The id of the stored article with this content hash, if any."""
    row = connection.execute(
        "SELECT article_id FROM articles WHERE content_hash = ?", [digest]
    ).fetchone()
    return None if row is None else int(row[0])


def write_article(
    store: Store,
    record: ArticleRecord,
    values: tuple[int, ...],
    original: NearDuplicate | None,
    extraction: Callable[[], Extraction],
) -> ArticleOutcome:
    """Write a document checked as new (`original` None) or as a copy of `original`.

    On a store other processes share (PostgreSQL) the checks run again inside
    the write transaction, which decides, so two processes ingesting the same
    article store it once; `extraction` is called only for a new report.
    """
    with store.transaction() as connection:
        if connection.shared:  # another process may have written since the checks
            if stored_article(connection, record.digest) is not None:
                return ArticleOutcome(record.source, "duplicate", "already stored")
            original = find_near_duplicate(connection, list(values))
        if original is not None:
            return _store_copy(connection, record, original)
        return _store_report(connection, record, values, extraction())


def _store_copy(
    connection: Connection, record: ArticleRecord, original: NearDuplicate
) -> ArticleOutcome:
    """A near-duplicate: one more source of the original report, no events of its own."""
    article_id = _next_id(connection, "articles", "article_id")
    _insert_article(
        connection,
        Placement(article_id, original.article_id, NEAR_DUPLICATE, original.similarity),
        record,
    )
    touched = incidents_of_report(connection, original.article_id)
    refresh_incidents(connection, touched)
    return ArticleOutcome(
        record.source,
        "near-duplicate",
        f"copy of article {original.article_id} (similarity {original.similarity:.2f})",
        article_id=article_id,
        incidents_updated=frozenset(touched),
    )


def _store_report(
    connection: Connection, record: ArticleRecord, values: tuple[int, ...], result: Extraction
) -> ArticleOutcome:
    """An original report: the article, its events and index entries, merged into incidents."""
    events = list(result.events)
    article_id = _next_id(connection, "articles", "article_id")
    status = SKIPPED if result.skipped else ORIGINAL
    placement = Placement(article_id, article_id, status, skip_reason=result.skipped)
    _insert_article(connection, placement, record)
    if result.skipped:
        return ArticleOutcome(record.source, "skipped", result.skipped, article_id=article_id)
    store_signature(connection, article_id, list(values))
    numbered = _number_events(connection, events)
    merger = IncidentMerger(connection)
    published = record.article.published
    links = merger.assign(EventFacts.of(i, e, published) for i, e in numbered)
    insert_events(connection, article_id, numbered, record.extractor_version, links)
    merged = merger.refresh()
    return ArticleOutcome(
        record.source,
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


def _insert_article(connection: Connection, placement: Placement, record: ArticleRecord) -> None:
    article = record.article
    connection.execute(
        """INSERT INTO articles (article_id, content_hash, doc_id, path, url, outlet, title,
               published, published_from, body, is_html, text, report_id, similarity, status,
               skip_reason, extractor_version, ingested_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            placement.article_id,
            record.digest,
            record.doc_id,
            record.source,
            article.url,
            article.outlet or outlet_of(article.url),
            article.title,
            article.published,
            article.published_from,
            record.body,
            record.is_html,
            article.text,
            placement.report_id,
            placement.similarity,
            placement.status,
            placement.skip_reason,
            record.extractor_version,
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
    extractor_version: str,
    incidents: dict[int, int] | None = None,
) -> None:
    """Write events with their actors and dyads, each linked to its incident if known.

    `extractor_version` is recorded for an event that does not name its own.
    """
    links = incidents or {}
    insert_rows(
        connection,
        "events",
        [_event_row(i, article_id, links.get(i), e, extractor_version) for i, e in numbered],
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
    event_id: int, article_id: int, incident_id: int | None, event: Event, version: str
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
        event.extractor_version or version,
        None,  # review: a new event is unreviewed (store/reviews.py attaches reviews)
        None,  # review_subject
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
class StoredInput:
    """A stored article's raw input and how it was stored, for re-extraction."""

    article_id: int
    doc_id: str
    path: str
    url: str | None
    title: str | None
    published: date | None
    published_from: str | None
    body: str
    is_html: bool
    status: str
    outlet: str | None = None

    @property
    def is_copy(self) -> bool:
        """A near-duplicate keeps no events of its own, so is only re-cleaned."""
        return self.status == NEAR_DUPLICATE


def stored_inputs(connection: Connection) -> list[StoredInput]:
    """Every stored article's raw input, in id order."""
    rows = connection.execute(
        """SELECT article_id, doc_id, path, url, title, published, published_from, body,
                  is_html, status, outlet
           FROM articles ORDER BY article_id"""
    ).fetchall()
    return [
        StoredInput(
            article_id=int(row[0]),
            doc_id=str(row[1]),
            path=str(row[2]),
            url=row[3] if isinstance(row[3], str) else None,
            title=row[4] if isinstance(row[4], str) else None,
            published=row[5] if isinstance(row[5], date) else None,
            published_from=row[6] if isinstance(row[6], str) else None,
            body=str(row[7]),
            is_html=bool(row[8]),
            status=str(row[9]),
            outlet=row[10] if isinstance(row[10], str) else None,
        )
        for row in rows
    ]


def count_rows(connection: Connection, table: str) -> int:
    row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def rewrite_article(
    store: Store,
    article_id: int,
    article: Article,
    extractor_version: str,
    result: Extraction | None = None,
    values: list[int] | None = None,
) -> None:
    """Replace a stored article's cleaned text and (given `result`) its events, in one transaction.

    Without `result` (a near-duplicate) only the text, title and date change.
    The new events have no incident until `rebuild_incidents` runs.
    """
    with store.transaction() as connection:
        _update_article(connection, article_id, article, extractor_version)
        if result is None:
            return
        _delete_events(connection, article_id)
        forget_signature(connection, article_id)
        if result.skipped:
            _set_status(connection, article_id, SKIPPED, result.skipped)
            return
        if values is None:
            raise ValueError("a report's new events need its MinHash signature")
        _set_status(connection, article_id, ORIGINAL, None)
        store_signature(connection, article_id, values)
        numbered = _number_events(connection, list(result.events))
        insert_events(connection, article_id, numbered, extractor_version)
        apply_reviews(connection, [article_id])  # reviews find their re-extracted events


def _update_article(
    connection: Connection, article_id: int, article: Article, extractor_version: str
) -> None:
    """New cleaned text, title and date; the hash follows unless another article has it."""
    digest = content_hash(article.text)
    holder = stored_article(connection, digest)
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
            article.outlet or outlet_of(article.url),
            extractor_version,
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
