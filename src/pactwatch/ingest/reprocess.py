"""`reprocess`: re-extract every stored article after the rules or lexicons change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from pactwatch.errors import InputError, PactwatchError, unexpected
from pactwatch.pipeline import EXTRACTOR_VERSION, analyse, prepare_article
from pactwatch.sources import RawDocument
from pactwatch.store.database import Store, articles_extracted_by_other
from pactwatch.store.dedupe import signature
from pactwatch.store.incidents import rebuild_incidents
from pactwatch.store.write import (
    Extraction,
    StoredInput,
    count_rows,
    require_writable,
    rewrite_article,
    stored_inputs,
)


@dataclass(frozen=True, slots=True)
class ReprocessSummary:
    """Before/after counts of a reprocess run."""

    articles: int
    events_before: int
    events_after: int
    incidents_before: int
    incidents_after: int
    extractor_version: str
    #: "source: problem" of each article that could not be re-extracted (left as it was)
    failures: tuple[str, ...] = ()

    def line(self) -> str:
        failed = f" ({len(self.failures)} failed, kept as they were)" if self.failures else ""
        return (
            f"{self.articles} articles reprocessed with {self.extractor_version}{failed}: "
            f"events {self.events_before} -> {self.events_after}, "
            f"incidents {self.incidents_before} -> {self.incidents_after}"
        )


ReprocessProgress = Callable[[int, int], None]


def reprocess(
    store: Store, *, progress: ReprocessProgress | None = None, only_stale: bool = False
) -> ReprocessSummary:
    """Re-extract every stored report from its raw input, then rebuild all incidents.

    With `only_stale`, only the articles another extractor version extracted
    (edited lexicons, new rules or model): on a large store after a small
    change, the others are left as they are.

    Each article is replaced in its own transaction. Incidents are rebuilt
    from scratch at the end (one transaction), because changed events can
    split or join incidents anywhere; until then new events have no incident,
    which `db check` reports, and running reprocess again repairs. An
    article whose re-extraction fails (a pactwatch bug) is kept as it was and
    named in `failures`; the others go on.
    """
    require_writable(store)
    connection = store.connection
    events_before = count_rows(connection, "events")
    incidents_before = count_rows(connection, "incidents")
    inputs = stored_inputs(connection)
    if only_stale:
        stale = articles_extracted_by_other(store, EXTRACTOR_VERSION)
        inputs = [stored for stored in inputs if stored.article_id in stale]
    failures: list[str] = []
    for done, stored in enumerate(inputs, start=1):
        try:
            _reprocess_article(store, stored)
        except InputError as exc:
            failures.append(f"{stored.path}: {exc.problem}")
        except PactwatchError:
            raise  # the store's own faults stop the run
        except Exception as exc:
            failures.append(f"{stored.path}: {unexpected(exc, 'reprocessing')}")
        if progress is not None:
            progress(done, len(inputs))
    with store.transaction() as connection:
        incidents_after = rebuild_incidents(connection)
    return ReprocessSummary(
        articles=len(inputs),
        events_before=events_before,
        events_after=count_rows(connection, "events"),
        incidents_before=incidents_before,
        incidents_after=incidents_after,
        extractor_version=EXTRACTOR_VERSION,
        failures=tuple(failures),
    )


def _raw_document(stored: StoredInput) -> tuple[RawDocument, date | None]:
    """Rebuild the raw document, keeping a publication date that came from outside the text."""
    given = stored.published
    kept = stored.published_from in ("json", "sidecar")
    doc = RawDocument(
        id=stored.doc_id,
        body=stored.body,
        is_html=stored.is_html,
        path=stored.path,
        url=stored.url,
        title=stored.title,
        published=given.isoformat() if given and kept else None,
        outlet=stored.outlet,
        sidecar="stored" if stored.published_from == "sidecar" else None,
    )
    return doc, given if stored.published_from == "argument" else None


def _reprocess_article(store: Store, stored: StoredInput) -> None:
    doc, published = _raw_document(stored)
    article, _ = prepare_article(doc, published)
    if stored.is_copy:
        rewrite_article(store, stored.article_id, article, EXTRACTOR_VERSION)
        return
    result = analyse(article)
    extraction = Extraction(tuple(result.events), result.skipped)
    values = None if result.skipped else signature(article.text)
    rewrite_article(store, stored.article_id, article, EXTRACTOR_VERSION, extraction, values)
