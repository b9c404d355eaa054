"""The store's write half: batches of articles with their events, each in one transaction.

It takes what extraction found and never runs the pipeline (`pactwatch.ingest`
composes the two). A batch's articles, events, actors, dyads, signatures and
the incidents they merge into are written in one transaction, so a killed
ingest leaves every stored article complete and a re-run adds the rest. The
duplicate checks are here too, because their answer depends on what is
stored: an exact duplicate (same sha256 of the cleaned text) changes nothing,
and a near-duplicate (MinHash LSH) is stored as one more source of the
original report, with no events of its own.

A batch costs about a dozen statements whatever its size (two for the
duplicate checks, one per table for the rows, three to bring the touched
incidents up to date), so the write is a small part of an article's cost; and
it stores exactly what one transaction per article, in the same order, would.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import combinations
from typing import Literal
from urllib.parse import urlsplit

from pactwatch.models import Article, Event
from pactwatch.store.connection import Connection
from pactwatch.store.database import Store
from pactwatch.store.dedupe import (
    BatchChecks,
    NearDuplicate,
    band_rows,
    forget_signature,
    signature,
    store_signature,
)
from pactwatch.store.errors import StoreAccessError
from pactwatch.store.incidents import (
    EventFacts,
    IncidentMerger,
    incidents_of_report,
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
    #: why the analysis failed: the document is then named as failed and not stored
    failed: str | None = None


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


@dataclass(frozen=True, slots=True)
class Candidate:
    """A document offered to the store, and how to get its events should it be a new report.

    `extraction` is called only for a document found new, possibly twice
    (before and inside the write transaction), so it should remember its
    answer. `values`, the MinHash signature, is computed here when None.
    """

    record: ArticleRecord
    extraction: Callable[[], Extraction]
    values: tuple[int, ...] | None = None

    def signature(self) -> list[int]:
        if self.values is not None:
            return list(self.values)
        return signature(self.record.article.text)


#: Told the positions (in the batch) of the documents found new, before any is analysed.
AnalyseTogether = Callable[[list[int]], None]


def write_batch(
    store: Store,
    candidates: Sequence[Candidate],
    *,
    analyse_together: AnalyseTogether | None = None,
) -> list[ArticleOutcome]:
    """Store documents in order, all in one transaction: one outcome each.

    The duplicate checks run first without the writers' lock, so only new
    reports are analysed (by `Candidate.extraction`) and the analysis runs
    while other processes write; they run again inside the transaction, which
    decides. Either the whole batch is stored or none of it, so a crash never
    leaves part of an article, and a re-run stores what is missing.

    `analyse_together`, if given, hears first which documents are new reports,
    so their analyses can share the work (the parser's batches); it learns
    all of them unless one is skipped or fails (a later copy of it is then
    new too, and its `extraction` is asked for alone).
    """
    if not candidates:
        return []
    signatures = _Signatures(candidates)
    first = _Batch(store.connection, candidates, signatures)
    if analyse_together is not None and (new := first.new_reports()):
        analyse_together(new)
    verdicts = first.decide()
    generation = store.connection.generation
    with store.transaction() as connection:
        # Nobody else can have written since the checks on a store this process alone
        # writes and has held since (the same generation): their reads stand.
        unchanged = not connection.shared and connection.generation == generation
        batch = _Batch(connection, candidates, signatures, first.checks if unchanged else None)
        outcomes = batch.write(verdicts)
    return outcomes


class _Signatures:
    """Each candidate's signature, computed once when first needed."""

    def __init__(self, candidates: Sequence[Candidate]) -> None:
        self._candidates = candidates
        self._values: dict[int, list[int]] = {}

    def __getitem__(self, index: int) -> list[int]:
        if index not in self._values:
            self._values[index] = self._candidates[index].signature()
        return self._values[index]


@dataclass(frozen=True, slots=True)
class _Verdict:
    """What a document is: already stored, a copy of `original`, or a new report."""

    kind: Literal["duplicate", "copy", "report", "failed"]
    original: NearDuplicate | None = None
    extraction: Extraction | None = None


class _Batch:
    """One pass over a batch: decide each document in order, and (in `write`) store it."""

    def __init__(
        self,
        connection: Connection,
        candidates: Sequence[Candidate],
        signatures: _Signatures,
        stored: BatchChecks | None = None,
    ) -> None:
        """`stored`: checks whose reads of the store still hold, to decide afresh from."""
        self._connection = connection
        self._candidates = candidates
        self._signatures = signatures
        self.checks = (
            stored.afresh()
            if stored is not None
            else BatchChecks(
                connection, [c.record.digest for c in candidates], signatures.__getitem__
            )
        )

    def decide(self) -> list[_Verdict]:
        """Every document's verdict, admitting each as it would be stored; writes nothing."""
        verdicts = []
        for index in range(len(self._candidates)):
            verdict = self._verdict(index)
            self._admit(index, verdict, -1 - index)  # placeholder ids: nothing is written
            verdicts.append(verdict)
        return verdicts

    def new_reports(self) -> list[int]:
        """The documents `decide` will find new, should every one of them be a report.

        Decided as `decide` does, without analysing: a new document counts as
        an original report (its copies later in the batch are copies), so the
        answer misses only those whose original turns out skipped or failed.
        """
        checks = self.checks.afresh()
        new = []
        for index in range(len(self._candidates)):
            verdict = self._screen(checks, index)
            values = None
            if verdict is None:
                new.append(index)
                values = self._signatures[index]
            elif verdict.kind == "duplicate":
                continue
            checks.admit(self._candidates[index].record.digest, -1 - index, values)
        return new

    def _screen(self, checks: BatchChecks, index: int) -> _Verdict | None:
        """A duplicate or a copy, or None for a new document (to be analysed)."""
        if checks.is_stored(self._candidates[index].record.digest):
            return _Verdict("duplicate")
        original = checks.near_duplicate(index, self._signatures[index])
        return None if original is None else _Verdict("copy", original)

    def _verdict(self, index: int) -> _Verdict:
        screened = self._screen(self.checks, index)
        if screened is not None:
            return screened
        extraction = self._candidates[index].extraction()
        return _Verdict("failed" if extraction.failed else "report", extraction=extraction)

    def _admit(self, index: int, verdict: _Verdict, article_id: int) -> None:
        if verdict.kind in ("duplicate", "failed"):
            return
        digest = self._candidates[index].record.digest
        report = verdict.extraction is not None and not verdict.extraction.skipped
        self.checks.admit(digest, article_id, self._signatures[index] if report else None)

    def write(self, expected: Sequence[_Verdict] = ()) -> list[ArticleOutcome]:
        """Decide and store every document; the caller holds the write transaction.

        `expected`, the verdicts of the checks before the transaction, lets the
        incidents the new reports may join be read with one query.
        """
        writer = _Writer(self._connection)
        writer.preload(v.extraction for v in expected if v.kind == "report" and v.extraction)
        outcomes = []
        for index, candidate in enumerate(self._candidates):
            verdict = self._verdict(index)
            if verdict.kind == "duplicate":
                outcomes.append(
                    ArticleOutcome(candidate.record.source, "duplicate", "already stored")
                )
                continue
            if verdict.kind == "failed":  # analysed in vain: the rest of the batch goes on
                assert verdict.extraction is not None
                outcomes.append(
                    ArticleOutcome(candidate.record.source, "failed", verdict.extraction.failed)
                )
                continue
            article_id = writer.next_article_id()
            self._admit(index, verdict, article_id)
            if verdict.original is not None:
                outcomes.append(writer.copy(article_id, candidate.record, verdict.original))
            else:
                assert verdict.extraction is not None
                values = self._signatures[index]
                outcomes.append(
                    writer.report(article_id, candidate.record, values, verdict.extraction)
                )
        writer.flush()
        return outcomes


class _Writer:
    """The rows of a batch, gathered in memory and inserted table by table at the end.

    Ids continue from the stored maximum, as one article per transaction
    would give them; incidents are matched in memory (`IncidentMerger`) and
    their aggregates recomputed once, after the events are in.
    """

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._article_id = _next_id(connection, "articles", "article_id")
        self._event_id: int | None = None
        self._merger = IncidentMerger(connection)
        self._incidents_of: dict[int, set[int]] = {}
        self._rows: dict[str, list[list[object]]] = {
            table: []
            for table in (
                "articles",
                "article_signatures",
                "article_bands",
                "events",
                "event_actors",
                "event_dyads",
            )
        }

    def preload(self, extractions: Iterable[Extraction]) -> None:
        """Read the candidate incidents of these reports' events at once."""
        self._merger.preload(
            (event.type, EventFacts.of(0, event, None).parties)
            for extraction in extractions
            for event in extraction.events
        )

    def next_article_id(self) -> int:
        article_id, self._article_id = self._article_id, self._article_id + 1
        return article_id

    def copy(
        self, article_id: int, record: ArticleRecord, original: NearDuplicate
    ) -> ArticleOutcome:
        """A near-duplicate: one more source of the original report, no events of its own."""
        placement = Placement(article_id, original.article_id, NEAR_DUPLICATE, original.similarity)
        self._rows["articles"].append(_article_row(placement, record))
        touched = self._incidents_of.get(original.article_id)
        if touched is None:
            touched = incidents_of_report(self._connection, original.article_id)
        self._merger.add_source(touched, record.article.published)
        return ArticleOutcome(
            record.source,
            "near-duplicate",
            f"copy of article {original.article_id} (similarity {original.similarity:.2f})",
            article_id=article_id,
            incidents_updated=frozenset(touched),
        )

    def report(
        self, article_id: int, record: ArticleRecord, values: list[int], result: Extraction
    ) -> ArticleOutcome:
        """An original report: the article, its events and index entries, merged into incidents."""
        status = SKIPPED if result.skipped else ORIGINAL
        placement = Placement(article_id, article_id, status, skip_reason=result.skipped)
        self._rows["articles"].append(_article_row(placement, record))
        if result.skipped:
            return ArticleOutcome(record.source, "skipped", result.skipped, article_id=article_id)
        self._rows["article_signatures"].append([article_id, values])
        self._rows["article_bands"].extend(band_rows(article_id, values))
        if self._event_id is None:
            self._event_id = _next_id(self._connection, "events", "event_id")
        numbered = [(self._event_id + i, event) for i, event in enumerate(result.events)]
        self._event_id += len(numbered)
        published = record.article.published
        facts = [EventFacts.of(i, e, published) for i, e in numbered]
        self._merger.preload((f.type, f.parties) for f in facts)
        links = self._merger.assign(facts)
        merged = self._merger.take_result()
        self._incidents_of[article_id] = set(links.values())
        _add_event_rows(self._rows, article_id, numbered, record.extractor_version, links)
        return ArticleOutcome(
            record.source,
            "new",
            events=len(numbered),
            article_id=article_id,
            incidents_created=frozenset(merged.created),
            incidents_updated=frozenset(merged.updated),
        )

    def flush(self) -> None:
        """Insert every gathered row, then bring the touched incidents up to date."""
        for table, rows in self._rows.items():
            self._connection.insert_rows(table, rows)
        self._merger.refresh()


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


def _article_row(placement: Placement, record: ArticleRecord) -> list[object]:
    """An `articles` row, in the table's column order."""
    article = record.article
    return [
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
    ]


# ------------------------------------------------------------------- events


def dyads(event: Event) -> list[tuple[str, str]]:
    """The spec's scoring tuples: (source, target) per pair, or each unordered pair a < b."""
    if event.directed:
        pairs = [(s, t) for s in event.sources() for t in event.targets()]
    else:
        pairs = list(combinations(sorted(set(event.participants())), 2))
    return list(dict.fromkeys(pairs))


def _add_event_rows(
    rows: dict[str, list[list[object]]],
    article_id: int,
    numbered: list[tuple[int, Event]],
    extractor_version: str,
    incidents: dict[int, int] | None = None,
) -> None:
    """Rows of events with their actors and dyads, each linked to its incident if known.

    `extractor_version` is recorded for an event that does not name its own.
    """
    links = incidents or {}
    rows["events"].extend(
        _event_row(i, article_id, links.get(i), e, extractor_version) for i, e in numbered
    )
    rows["event_actors"].extend(
        [i, n, a.role, a.country, a.text, a.kind, a.name, a.person, a.title, a.base]
        for i, event in numbered
        for n, a in enumerate(event.actors)
    )
    rows["event_dyads"].extend(
        [i, e.type, e.directed, a, b] for i, e in numbered for a, b in dyads(e)
    )


def insert_events(
    connection: Connection,
    article_id: int,
    numbered: list[tuple[int, Event]],
    extractor_version: str,
    incidents: dict[int, int] | None = None,
) -> None:
    """Write events with their actors and dyads (one statement per table)."""
    rows: dict[str, list[list[object]]] = {"events": [], "event_actors": [], "event_dyads": []}
    _add_event_rows(rows, article_id, numbered, extractor_version, incidents)
    for table, table_rows in rows.items():
        connection.insert_rows(table, table_rows)


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
        first = _next_id(connection, "events", "event_id")
        numbered = [(first + i, event) for i, event in enumerate(result.events)]
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
