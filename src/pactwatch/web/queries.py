"""The few reads the API needs beyond `pactwatch.store.query`.

`store.query` answers the list questions (events, incidents, dyads, timeline,
network) but not the web's others: how many incidents a filter matches (for
`total`), an event's or incident's full record by id, and the articles
themselves. Counts reuse the query
module's own WHERE assembly, so a count always agrees with its list; an
incident's source articles come from `store.query.incident_reports`, the
same rows its list gives.

Every SQL text here is a constant or assembled from constant fragments;
values a user gives travel only as `?` parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

# _matching_events is the query module's WHERE assembly; reusing it keeps totals
# equal to the rows `query.events` and `query.incidents` page through.
from pactwatch.store.connection import Connection, placeholders
from pactwatch.store.index import EventIndex, StaleIndexError
from pactwatch.store.query import (
    ACTOR_COLUMNS,
    ARTICLE_REF_COLUMNS,
    INCIDENT_COLUMNS,
    EventFilter,
    _matching_events,
    incident_reports,
)


@dataclass(frozen=True, slots=True)
class Reader:
    """One request's own session on the store, shaped like a store for `store.query`."""

    connection: Connection


Row = dict[str, Any]


def _rows(reader: Reader, sql: str, params: Sequence[object] = ()) -> list[Row]:
    result = reader.connection.execute(sql, list(params))
    names = [column[0] for column in result.description or ()]
    return [dict(zip(names, values, strict=True)) for values in result.fetchall()]


def _scalar(reader: Reader, sql: str, params: Sequence[object] = ()) -> int:
    row = reader.connection.execute(sql, list(params)).fetchone()
    return int(row[0]) if row else 0


# ---------------------------------------------------------------- counts


def count_incidents(reader: Reader, flt: EventFilter) -> int:
    """How many incidents `query.incidents` would list without limit."""
    where = _matching_events(flt)
    sql = (
        "SELECT count(*) FROM incidents i WHERE i.incident_id IN "
        f"(SELECT e.incident_id FROM events e WHERE e.incident_id IS NOT NULL AND {where.sql})"
    )
    return _scalar(reader, sql, where.params)


def store_counts(reader: Reader) -> tuple[int, int]:
    """(events, articles) stored."""
    row = reader.connection.execute(
        "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM articles)"
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


# ---------------------------------------------------------------- events

_EVENT_COLUMNS = """
SELECT e.event_id, e.article_id, a.doc_id AS article, e.published, e.type, e.stage,
    e.certainty, e.claimed_by, e.denied_by, e.equipment, e.date_start, e.date_end,
    e.date_precision, e.date_text, e.evidence, e.evidence_start, e.evidence_end, e.rule,
    e.confidence, e.incident_id, e.extractor_version, a.url, a.outlet, a.title,
    a.published AS article_published, e.review
FROM events e JOIN articles a ON a.article_id = e.article_id
"""
#: One event by three point look-ups, each on its table's index: on DuckDB, a join
#: would scan the whole articles and actors tables for one row of each.
_EVENT_SQL = """
SELECT event_id, article_id, published, type, stage, certainty, claimed_by, denied_by,
    equipment, date_start, date_end, date_precision, date_text, evidence, evidence_start,
    evidence_end, rule, confidence, incident_id, extractor_version, review
FROM events WHERE event_id = ?
"""
_ARTICLE_REF_SQL = """
SELECT doc_id AS article, url, outlet, title, published AS article_published
FROM articles WHERE article_id = ?
"""
_EVENT_ACTORS_SQL = f"SELECT {ACTOR_COLUMNS} FROM event_actors WHERE event_id = ?"
_INCIDENT_EVENTS_SQL = (
    _EVENT_COLUMNS
    + "WHERE e.incident_id = ? ORDER BY coalesce(e.date_start, e.published) NULLS LAST, e.event_id"
)
_ACTORS_SQL = (
    f"SELECT {ACTOR_COLUMNS} FROM event_actors WHERE event_id {{ids}} ORDER BY event_id, position"
)
#: Up to this many ids go as an IN list of parameters, which DuckDB answers from the
#: column's index (under a millisecond for a few rows); a longer list goes as one
#: array, which costs a scan of the table but no planning per value.
IN_LIST_MAX = 256


def _in_ids(ids: Sequence[int]) -> tuple[str, list[object]]:
    """`IN (...)` for these ids and its parameters: an index look-up when the list is short."""
    if len(ids) <= IN_LIST_MAX:
        return f"IN ({placeholders(len(ids))})", list(ids)
    return "IN (SELECT unnest(?::BIGINT[]))", [list(ids)]


def _rows_by_ids(reader: Reader, sql: str, ids: Sequence[int]) -> list[Row]:
    """The rows of `sql` (whose `{ids}` is the id condition) for these ids."""
    condition, params = _in_ids(ids)
    return _rows(reader, sql.format(ids=condition), params)


def _with_roles(event: Row, actors: list[Row]) -> Row:
    """Attach an event's actors and its source/target/participant code lists."""
    event["actors"] = actors
    for role, key in (("source", "sources"), ("target", "targets")):
        event[key] = [actor["country"] for actor in actors if actor["role"] == role]
    event["participants"] = [a["country"] for a in actors if a["role"] == "participant"]
    return event


def _with_actors(reader: Reader, events: list[Row]) -> list[Row]:
    """Each event with its actors, read in one statement for all of them."""
    actors: dict[int, list[Row]] = {event["event_id"]: [] for event in events}
    for actor in _rows_by_ids(reader, _ACTORS_SQL, list(actors)) if actors else ():
        actors[actor["event_id"]].append(actor)
    return [_with_roles(event, actors[event["event_id"]]) for event in events]


_EVENT_FIELDS = """
SELECT event_id, article_id, published, type, stage, certainty, claimed_by, denied_by,
    equipment, date_start, date_end, date_precision, date_text, evidence, evidence_start,
    evidence_end, rule, confidence, incident_id, extractor_version, review
FROM events
"""
_EVENTS_BY_ID_SQL = _EVENT_FIELDS + "WHERE event_id {ids}"
_EVENTS_OF_INCIDENTS_SQL = (
    _EVENT_FIELDS
    + "WHERE incident_id {ids} "
    + "ORDER BY incident_id, coalesce(date_start, published) NULLS LAST, event_id"
)
_ARTICLE_COLUMNS = f"SELECT {ARTICLE_REF_COLUMNS} FROM articles "
_ARTICLE_REFS_SQL = _ARTICLE_COLUMNS + "WHERE article_id {ids}"
#: An event's article and its syndicated copies (each copy's report_id is the original).
_REPORT_ARTICLES_SQL = _ARTICLE_COLUMNS + "WHERE report_id {ids}"


def _completed(
    reader: Reader, events: list[Row], articles: dict[int, Row] | None = None
) -> list[Row]:
    """Events with their source article's columns and their actors: two statements in all.

    Separate reads by id, not a join: on DuckDB a join scans the whole
    articles table, where a read by ids stays on the rows asked for.
    `articles` are article rows already read (by id); the others are read here.
    """
    if not events:
        return []
    articles = dict(articles or {})
    missing = list({event["article_id"] for event in events} - set(articles))
    if missing:
        for row in _rows_by_ids(reader, _ARTICLE_REFS_SQL, missing):
            articles[row["article_id"]] = row
    for event in events:
        article = articles[event["article_id"]]
        for key in ("article", "url", "outlet", "title", "article_published"):
            event[key] = article[key]
    return _with_actors(reader, events)


def events_by_ids(reader: Reader, event_ids: Sequence[int]) -> dict[int, Row]:
    """Events by id, each with its actors and source article columns, in three statements.

    The server reads the events of several requests at once (`web.handle.Batcher`):
    a statement's cost is mostly fixed, so 50 ids cost about twice one.
    """
    if not event_ids:
        return {}
    found = _completed(reader, _rows_by_ids(reader, _EVENTS_BY_ID_SQL, list(event_ids)))
    return {event["event_id"]: event for event in found}


def event_by_id(reader: Reader, event_id: int) -> Row | None:
    """One event with its actors and source article columns, or None."""
    found = _rows(reader, _EVENT_SQL, [event_id])
    if not found:
        return None
    event = found[0]
    article = _rows(reader, _ARTICLE_REF_SQL, [event["article_id"]])
    event.update(article[0])
    actors = sorted(_rows(reader, _EVENT_ACTORS_SQL, [event_id]), key=lambda a: a["position"])
    return _with_roles(event, actors)


def event_from_index(index: EventIndex, event_id: int) -> Row | None:
    """`event_by_id` from an event index that holds the rows: no statement at all."""
    found = index.rows([event_id], known=True)
    if not found:
        return None
    event = found[0]
    article = index.article(event["article_id"])
    if article is None:
        raise StaleIndexError(f"event {event_id}'s article {event['article_id']} is not read")
    for key in ("title", "article_published"):
        event[key] = article[key]
    return _with_roles(event, index.event_actors(event_id))


def events_of_incident(reader: Reader, incident_id: int) -> list[Row]:
    """An incident's events, by date then id, each with its actors."""
    return _with_actors(reader, _rows(reader, _INCIDENT_EVENTS_SQL, [incident_id]))


# ---------------------------------------------------------------- incidents

_INCIDENT_SQL = f"SELECT {INCIDENT_COLUMNS} FROM incidents WHERE incident_id = ?"


_INCIDENTS_BY_ID_SQL = _INCIDENT_SQL.replace("incident_id = ?", "incident_id {ids}")


def _reports(events: list[Row], copies: list[Row]) -> list[Row]:
    """An incident's reports as `store.query.incident_reports` lists them, from rows read by id:
    per event, its article and every syndicated copy, oldest first."""
    by_report: dict[int, list[Row]] = {}
    for article in copies:
        by_report.setdefault(article["report_id"], []).append(article)
    reports = [
        {
            "event_id": event["event_id"],
            "article_id": article["article_id"],
            "article": article["article"],
            "outlet": article["outlet"],
            "url": article["url"],
            "published": article["article_published"],
            "syndicated": article["article_id"] != article["report_id"],
            "certainty": event["certainty"],
            "evidence": event["evidence"],
        }
        for event in events
        for article in by_report.get(event["article_id"], ())
    ]
    reports.sort(
        key=lambda r: (r["published"] is None, r["published"] or date.min, r["event_id"],
                       r["article_id"])
    )  # fmt: skip
    return reports


def incidents_by_ids(reader: Reader, incident_ids: Sequence[int]) -> dict[int, Row]:
    """Incidents by id as `incident_by_id` gives them, in four statements for all of them.

    Each statement looks its rows up by an indexed column (incident ids, then
    the events' incident, the articles' report and the actors' event), so one
    incident costs a few milliseconds, not a scan of the articles per report.
    """
    if not incident_ids:
        return {}
    incidents = {
        row["incident_id"]: row
        for row in _rows_by_ids(reader, _INCIDENTS_BY_ID_SQL, list(incident_ids))
    }
    if not incidents:
        return {}
    rows = _rows_by_ids(reader, _EVENTS_OF_INCIDENTS_SQL, list(incidents))
    reported = list({event["article_id"] for event in rows})
    copies = _rows_by_ids(reader, _REPORT_ARTICLES_SQL, reported) if reported else []
    own = {article["article_id"]: article for article in copies}
    events: dict[int, list[Row]] = {incident: [] for incident in incidents}
    for event in _completed(reader, rows, own):
        events[event["incident_id"]].append(event)
    return _with_reports(incidents, events, copies)


def incidents_from_index(index: EventIndex, incident_ids: Sequence[int]) -> dict[int, Row]:
    """`incidents_by_ids` from an event index that holds the rows: no statement at all.

    The events carry the list's fields (EventOut), not their actors.
    """
    incidents = {row["incident_id"]: row for row in index.incidents(incident_ids)}
    events = {i: index.rows(index.incident_event_ids(i)) for i in incidents}
    reported = {event["article_id"] for rows in events.values() for event in rows}
    return _with_reports(incidents, events, index.report_articles(list(reported)))


def _with_reports(
    incidents: dict[int, Row], events: dict[int, list[Row]], copies: list[Row]
) -> dict[int, Row]:
    """Each incident with its events, the reports their articles make, and their outlets."""
    for incident_id, incident in incidents.items():
        reports = _reports(events[incident_id], copies)
        incident["reports"] = reports
        incident["outlets"] = sorted({r["outlet"] for r in reports if r["outlet"] is not None})
        incident["events"] = events[incident_id]
    return incidents


def incident_by_id(reader: Reader, incident_id: int) -> Row | None:
    """One incident with its reports, outlets and events, or None."""
    found = _rows(reader, _INCIDENT_SQL, [incident_id])
    if not found:
        return None
    incident = found[0]
    reports = incident_reports(reader, [incident_id])[incident_id]
    incident["reports"] = reports
    incident["outlets"] = sorted({r["outlet"] for r in reports if r["outlet"] is not None})
    incident["events"] = events_of_incident(reader, incident_id)
    return incident


# ---------------------------------------------------------------- articles


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """Which articles to list: a substring of title or text, and a publication window."""

    text: str | None = None
    since: date | None = None
    until: date | None = None

    def where(self) -> tuple[str, list[object]]:
        fragments: list[str] = []
        params: list[object] = []
        if self.text is not None:
            fragments.append(
                "(strpos(lower(a.text), lower(?)) > 0 OR strpos(lower(a.title), lower(?)) > 0)"
            )
            params += [self.text, self.text]
        if self.since is not None:
            fragments.append("a.published >= ?")
            params.append(self.since)
        if self.until is not None:
            fragments.append("a.published <= ?")
            params.append(self.until)
        return " AND ".join(fragments) or "TRUE", params


_ARTICLES_SQL = """
WITH page AS (
    SELECT a.article_id, a.doc_id, a.title, a.url, a.outlet, a.published, a.text, a.status,
        a.report_id, a.skip_reason
    FROM articles a
    WHERE {where}
    ORDER BY a.published NULLS LAST, a.article_id
    LIMIT ? OFFSET ?
),
own AS (
    SELECT e.article_id, array_agg(e.event_id ORDER BY e.event_id) AS events
    FROM events e WHERE e.article_id IN (SELECT article_id FROM page)
    GROUP BY e.article_id
)
SELECT p.*, coalesce(o.events, CAST(ARRAY[] AS BIGINT[])) AS events
FROM page p LEFT JOIN own o ON o.article_id = p.article_id
ORDER BY p.published NULLS LAST, p.article_id
"""


def articles(reader: Reader, flt: ArticleFilter, *, limit: int, offset: int) -> list[Row]:
    """A page of articles by publication day (undated last) then id, with their event ids."""
    where, params = flt.where()
    return _rows(reader, _ARTICLES_SQL.format(where=where), [*params, limit, offset])


def count_articles(reader: Reader, flt: ArticleFilter) -> int:
    where, params = flt.where()
    return _scalar(reader, f"SELECT count(*) FROM articles a WHERE {where}", params)


def article_by_id(reader: Reader, article_id: int) -> Row | None:
    """One article with the ids of the events read from it, or None."""
    sql = _ARTICLES_SQL.format(where="a.article_id = ?")
    found = _rows(reader, sql, [article_id, 1, 0])
    return found[0] if found else None


def article_id_by_hash(reader: Reader, digest: str) -> int | None:
    """The stored article whose cleaned text has this sha256."""
    row = reader.connection.execute(
        "SELECT article_id FROM articles WHERE content_hash = ?", [digest]
    ).fetchone()
    return None if row is None else int(row[0])
