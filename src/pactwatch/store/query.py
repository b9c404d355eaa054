"""Reading the store: events, incidents, dyads, timelines and networks as Arrow tables.

Every query takes an open store (anything with a `.connection`, such as
`open_store(path_or_url, read_only=True)`) and an `EventFilter`, and returns a
`pyarrow.Table` with the same columns and types on DuckDB and PostgreSQL. In
a notebook, `table.to_pandas()` turns any of them into a pandas DataFrame;
nothing here needs pandas itself.

    >>> from pactwatch.store import open_store
    >>> from pactwatch.store.query import EventFilter, events
    >>> with open_store("pactwatch.duckdb", read_only=True) as store:
    ...     flt = EventFilter(country="RUS", with_country="IRN", types=("arms_transfer",))
    ...     df = events(store, flt).to_pandas()

What the filter means
- `country` matches an event where that code is a party; with `with_country`
  it matches the dyad, in either direction. Parties are the scored tuples of the
  spec (`event_dyads`): source × target for directed types, each pair of
  participants for undirected ones.
- `source` / `target` (the CLI's `--from` / `--to`) give a direction: the
  supplier, sender or accuser, and the recipient or target, of a directed
  event. Both together match the one directed dyad source → target; an
  undirected event (an exercise, a meeting) has no direction and never matches.
- `since` / `until` compare with the event's own date range: an event whose
  range overlaps the window matches. An event with no date of its own
  (`date_start` NULL, or a precision other than day, month or year, such as
  a bound "on or before publication") is *undated*: a date bound leaves it
  out, `count_undated` says how many it left out, and `include_undated=True`
  keeps them. The publication day is not the event's date, so it never
  stands in for one.
- `min_confidence` keeps events whose confidence is at least that.
- `text` is a case-insensitive substring of the evidence sentence (no wildcards).
- `reviewed` keeps events in these review states (accepted, corrected,
  rejected, or unreviewed); events a review rejected are left out unless
  `reviewed` names them or `include_rejected` is set (`store/reviews.py`).

Adding a filter: a field on `EventFilter` and its condition in `_event_where`
(or `_dyad_where` for parties); the CLI (`commands/query.py`) and the API
(`web/params.py`) declare one option or parameter each and pass it on by the
field's name.

Rows come sorted by date (the event's start, else its publication day; undated
last) then by id, so paging with `limit`/`offset` is stable. `events` and
`events_page` take another order by name (`EVENT_SORTS`: `date`, `published`,
`confidence`, `type`, `stage`, each reversed by a leading `-`); ties go by
date, then id, so every order pages stably.

Safety: the SQL text is assembled only from the fixed fragments below; every
value a user gives travels as a `?` parameter, never inside the SQL.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, get_args

import pyarrow as pa

from pactwatch.actors import load_actor_lexicon
from pactwatch.models import EVENT_TYPES, STAGES, Certainty
from pactwatch.store.connection import Connection, placeholders

CERTAINTIES: tuple[str, ...] = get_args(Certainty)
#: `reviewed` values: the states a review leaves (store/reviews.py) and never reviewed.
REVIEW_FILTERS: tuple[str, ...] = ("accepted", "corrected", "rejected", "unreviewed")

#: Lexicon kinds whose forms name a party a user can filter on (not ministries or companies).
_PARTY_KINDS = frozenset({"state", "organization", "armed_group"})
#: When two forms differ only in case, the earlier kind of form wins.
_FORM_PRIORITY = ("name", "alias", "adjective", "capital")


class HasConnection(Protocol):
    """What the queries need from a store: its connection."""

    @property
    def connection(self) -> Connection: ...


# ---------------------------------------------------------------- the filter


def _as_tuple(values: Iterable[str] | str) -> tuple[str, ...]:
    return (values,) if isinstance(values, str) else tuple(values)


def _check_allowed(what: str, given: tuple[str, ...], allowed: tuple[str, ...]) -> None:
    unknown = [value for value in given if value not in allowed]
    if unknown:
        raise ValueError(
            f"unknown {what} {', '.join(map(repr, unknown))}: use {', '.join(allowed)}"
        )


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events a query reads; every field is optional and they combine with AND."""

    country: str | None = None
    with_country: str | None = None
    #: A supplier/sender of a directed event (CLI --from, API `from`).
    source: str | None = None
    #: A recipient/target of a directed event (CLI --to, API `to`).
    target: str | None = None
    types: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    certainties: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    #: With since/until: keep the events that have no date of their own.
    include_undated: bool = False
    min_confidence: float | None = None
    text: str | None = None
    #: Review states to keep: accepted, corrected, rejected, unreviewed (all but rejected if empty).
    reviewed: tuple[str, ...] = ()
    #: Keep events a review rejected (hidden otherwise).
    include_rejected: bool = False

    def __post_init__(self) -> None:
        # Lists and lower-case codes are accepted for notebook use; stored as tuples/codes.
        for name in ("types", "stages", "certainties", "reviewed"):
            object.__setattr__(self, name, _as_tuple(getattr(self, name)))
        for name in ("country", "with_country", "source", "target"):
            value = getattr(self, name)
            object.__setattr__(self, name, value.strip().upper() if value else None)
        _check_allowed("type", self.types, EVENT_TYPES)
        _check_allowed("stage", self.stages, STAGES)
        _check_allowed("certainty", self.certainties, CERTAINTIES)
        _check_allowed("review state", self.reviewed, REVIEW_FILTERS)
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since {self.since} is after until {self.until}")
        if self.with_country and not self.country:
            raise ValueError("with_country needs country (the other party of the dyad)")
        if self.country and self.country == self.with_country:
            raise ValueError(f"country and with_country are both {self.country}")
        if self.source and self.source == self.target:
            raise ValueError(f"source and target are both {self.source}")
        if self.min_confidence is not None and not 0.0 <= self.min_confidence <= 1.0:
            raise ValueError(f"min_confidence {self.min_confidence} is not between 0 and 1")

    @property
    def dated_only(self) -> bool:
        """Whether a date bound leaves undated events out."""
        return bool(self.since or self.until) and not self.include_undated


# ---------------------------------------------------------------- SQL assembly

#: An event's date for sorting, and the end of its range for dyads' last date.
_WHEN = "coalesce(e.date_start, e.published)"
_WHEN_END = "coalesce(e.date_end, e.date_start, e.published)"
#: The precisions of a date of the event's own; anything else (unknown, a bound) is undated.
DATED_PRECISIONS: tuple[str, ...] = ("day", "month", "year")
_DATED = (
    "(e.date_start IS NOT NULL AND e.date_precision IN ("
    + ", ".join(f"'{precision}'" for precision in DATED_PRECISIONS)
    + "))"
)


@dataclass(frozen=True, slots=True)
class _Where:
    """A conjunction of fixed SQL fragments and the parameters their `?` take, in order."""

    fragments: tuple[str, ...] = ()
    params: tuple[object, ...] = ()

    def add(self, fragment: str, *params: object) -> _Where:
        return _Where((*self.fragments, fragment), (*self.params, *params))

    @property
    def sql(self) -> str:
        return " AND ".join(self.fragments) or "TRUE"


def _date_window(flt: EventFilter) -> _Where:
    """The event's own date range overlaps since..until (undated events kept if asked)."""
    window = _Where().add(_DATED)
    if flt.since:
        window = window.add("coalesce(e.date_end, e.date_start) >= ?", flt.since)
    if flt.until:
        window = window.add("e.date_start <= ?", flt.until)
    if flt.include_undated:
        return _Where((f"(NOT {_DATED} OR ({window.sql}))",), window.params)
    return _Where((f"({window.sql})",), window.params)


def _event_where(flt: EventFilter) -> _Where:
    """Conditions on `events e` other than the parties."""
    where = _Where()
    for column, values in (
        ("type", flt.types),
        ("stage", flt.stages),
        ("certainty", flt.certainties),
    ):
        if values:
            where = where.add(f"e.{column} IN ({placeholders(len(values))})", *values)
    if flt.since or flt.until:
        window = _date_window(flt)
        where = where.add(window.sql, *window.params)
    if flt.min_confidence is not None:
        where = where.add("e.confidence >= ?", flt.min_confidence)
    if flt.text is not None:
        where = where.add("strpos(lower(e.evidence), lower(?)) > 0", flt.text)
    return _review_where(where, flt)


def _review_where(where: _Where, flt: EventFilter) -> _Where:
    """The review states asked for; a rejected event only when asked for."""
    states = [state for state in flt.reviewed if state != "unreviewed"]
    either = [f"e.review IN ({placeholders(len(states))})"] if states else []
    if "unreviewed" in flt.reviewed:
        either.append("e.review IS NULL")
    if either:
        where = where.add("(" + " OR ".join(either) + ")", *states)
    if not flt.include_rejected and "rejected" not in flt.reviewed:
        where = where.add("e.review IS DISTINCT FROM 'rejected'")
    return where


def _dyad_where(flt: EventFilter) -> _Where:
    """Conditions on a dyad row `d` (its parties a, b)."""
    where = _Where()
    if flt.country and flt.with_country:
        return where.add(
            "((d.a = ? AND d.b = ?) OR (d.a = ? AND d.b = ?))",
            flt.country,
            flt.with_country,
            flt.with_country,
            flt.country,
        )
    if flt.country:
        return where.add("(d.a = ? OR d.b = ?)", flt.country, flt.country)
    return where


def _direction_where(flt: EventFilter) -> _Where:
    """Conditions on a directed dyad row `d`: a is the source, b the target."""
    where = _Where()
    if flt.source or flt.target:
        where = where.add("d.directed")
    if flt.source:
        where = where.add("d.a = ?", flt.source)
    if flt.target:
        where = where.add("d.b = ?", flt.target)
    return where


def _pair_where(flt: EventFilter) -> _Where:
    """Parties and direction on one dyad row: what a dyad or network edge must be."""
    direction = _direction_where(flt)
    return _Where(
        (*_dyad_where(flt).fragments, *direction.fragments),
        (*_dyad_where(flt).params, *direction.params),
    )


def _matching_events(flt: EventFilter) -> _Where:
    """Every condition on `events e`, the parties as semi-joins on event_dyads."""
    where = _event_where(flt)
    for parties in (_dyad_where(flt), _direction_where(flt)):
        if parties.fragments:
            where = where.add(
                f"e.event_id IN (SELECT d.event_id FROM event_dyads d WHERE {parties.sql})",
                *parties.params,
            )
    return where


def _run(store: HasConnection, sql: str, params: Sequence[object]) -> pa.Table:
    return store.connection.arrow(sql, params)


# ---------------------------------------------------------------- events

#: The orders `events` takes: a key, reversed by a leading "-" (the API's `sort=-date`).
EVENT_SORT_KEYS: tuple[str, ...] = ("date", "published", "confidence", "type", "stage")
EVENT_SORTS: tuple[str, ...] = tuple(order for key in EVENT_SORT_KEYS for order in (key, f"-{key}"))
DEFAULT_EVENT_SORT = "date"
#: Stages sort in the order of their life (offered ... occurred), not alphabetically.
_STAGE_RANK = (
    "CASE {p}stage "
    + " ".join(f"WHEN '{stage}' THEN {rank}" for rank, stage in enumerate(STAGES))
    + " END"
)
#: Each key's SQL on the page's rows (`{p}` the table's prefix, `{when}` the sort date).
_SORT_COLUMNS = {
    "date": "{when}",
    "published": "{p}published",
    "confidence": "{p}confidence",
    "type": "{p}type",
    "stage": _STAGE_RANK,
}


def check_event_sort(sort: str) -> str:
    """`sort` if it is one of EVENT_SORTS, else ValueError naming the allowed ones."""
    if sort not in EVENT_SORTS:
        raise ValueError(f"unknown sort {sort!r}: use {', '.join(EVENT_SORTS)}")
    return sort


def _event_order(sort: str, prefix: str, when: str) -> str:
    """ORDER BY terms for `sort`, ties by date then id (both reversed with "-")."""
    key = check_event_sort(sort).removeprefix("-")
    direction = " DESC" if sort.startswith("-") else ""
    terms = [_SORT_COLUMNS[key].format(p=prefix, when=when)]
    if key != "date":
        terms.append(when)
    terms.append(f"{prefix}event_id")
    # Undated (NULL) rows stay last in either direction.
    return ", ".join(f"{term}{direction} NULLS LAST" for term in terms)


_EVENTS_SQL = """
WITH page AS (
    SELECT e.event_id, e.article_id, e.published, e.type, e.stage, e.certainty, e.claimed_by,
        e.denied_by, e.equipment, e.date_start, e.date_end, e.date_precision, e.date_text,
        e.evidence, e.evidence_start, e.evidence_end, e.rule, e.confidence, e.incident_id,
        e.extractor_version, e.review, {when} AS sort_date{total}
    FROM events e
    WHERE {where}
    ORDER BY {order}
    LIMIT ? OFFSET ?
),
roles AS (
    SELECT x.event_id,
        array_agg(x.country ORDER BY x.position) FILTER (WHERE x.role = 'source') AS sources,
        array_agg(x.country ORDER BY x.position) FILTER (WHERE x.role = 'target') AS targets,
        array_agg(x.country ORDER BY x.position) FILTER (WHERE x.role = 'participant')
            AS participants
    FROM event_actors x
    WHERE x.event_id IN (SELECT event_id FROM page)
    GROUP BY x.event_id
)
SELECT p.event_id, a.doc_id AS article, p.published, p.type,
    coalesce(r.sources, CAST(ARRAY[] AS VARCHAR[])) AS sources,
    coalesce(r.targets, CAST(ARRAY[] AS VARCHAR[])) AS targets,
    coalesce(r.participants, CAST(ARRAY[] AS VARCHAR[])) AS participants,
    p.stage, p.certainty, p.claimed_by, p.denied_by, p.equipment,
    p.date_start, p.date_end, p.date_precision, p.date_text,
    p.evidence, p.rule, p.confidence, p.incident_id, p.extractor_version,
    a.url, a.outlet, p.review{extra}
FROM page p
JOIN articles a ON a.article_id = p.article_id
LEFT JOIN roles r ON r.event_id = p.event_id
ORDER BY {page_order}
"""
#: What `events_page` adds: where the evidence sits, and the total from the same scan.
_PAGE_EXTRA = """,
    p.article_id, p.evidence_start, p.evidence_end"""


def events(
    store: HasConnection,
    flt: EventFilter = EventFilter(),
    *,
    limit: int | None = None,
    offset: int = 0,
    sort: str = DEFAULT_EVENT_SORT,
) -> pa.Table:
    """The matching events with their parties, evidence and source article, in `sort` order."""
    where = _matching_events(flt)
    sql = _events_sql(where, sort, total="", extra="")
    return _run(store, sql, (*where.params, limit, offset))


def _events_sql(where: _Where, sort: str, *, total: str, extra: str) -> str:
    return _EVENTS_SQL.format(
        when=_WHEN,
        where=where.sql,
        order=_event_order(sort, "e.", _WHEN),
        page_order=_event_order(sort, "p.", "p.sort_date"),
        total=total,
        extra=extra,
    )


def count_events(store: HasConnection, flt: EventFilter = EventFilter()) -> int:
    """How many events `events` lists without a limit."""
    where = _matching_events(flt)
    counted = _run(store, f"SELECT count(*) FROM events e WHERE {where.sql}", where.params)
    return int(counted.column(0)[0].as_py())


def events_page(
    store: HasConnection,
    flt: EventFilter,
    *,
    limit: int,
    offset: int = 0,
    total: bool = True,
    sort: str = DEFAULT_EVENT_SORT,
) -> tuple[pa.Table, int | None]:
    """A page of `events` plus `article_id`, `evidence_start`, `evidence_end`, in one read.

    With `total`, also how many events match over all pages (counted by the
    same statement; a page past the end costs a second one), else None.
    """
    where = _matching_events(flt)
    sql = _events_sql(
        where,
        sort,
        total=", count(*) OVER () AS total" if total else "",
        extra=_PAGE_EXTRA + (", p.total" if total else ""),
    )
    table = _run(store, sql, (*where.params, limit, offset))
    if not total:
        return table, None
    count = int(table["total"][0].as_py()) if table.num_rows else count_events(store, flt)
    return table.drop_columns(["total"]), count


_PAGE_IDS_SQL = """
SELECT e.event_id{total}
FROM events e
WHERE {where}
ORDER BY {order}
LIMIT ? OFFSET ?
"""


def event_ids_page(
    store: HasConnection,
    flt: EventFilter,
    *,
    limit: int,
    offset: int = 0,
    sort: str = DEFAULT_EVENT_SORT,
    total: bool = True,
) -> tuple[list[int], int | None]:
    """The ids of a page of `events` in `sort` order, and (with `total`) how many match.

    The narrow first half of `events_page`: a server that already holds, or
    reads in bulk, each event's record needs only which ones, in what order.
    A short statement (no columns but the id and the sort keys) is cheaper to
    plan and to run than the whole page.
    """
    where = _matching_events(flt)
    sql = _PAGE_IDS_SQL.format(
        where=where.sql,
        order=_event_order(sort, "e.", _WHEN),
        total=", count(*) OVER () AS total" if total else "",
    )
    rows = store.connection.execute(sql, [*where.params, limit, offset]).fetchall()
    ids = [int(row[0]) for row in rows]
    if not total:
        return ids, None
    return ids, int(rows[0][1]) if rows else count_events(store, flt)


def event_ids(
    store: HasConnection,
    flt: EventFilter,
    *,
    sort: str = DEFAULT_EVENT_SORT,
    limit: int | None = None,
) -> list[int]:
    """The ids of every matching event (the first `limit`) in `sort` order, as `events` lists them.

    One statement without a window count or an offset: a server that keeps a
    filter's whole order answers every page of it, and its total, from memory.
    """
    where = _matching_events(flt)
    sql = _PAGE_IDS_SQL.format(where=where.sql, order=_event_order(sort, "e.", _WHEN), total="")
    rows = store.connection.execute(sql, [*where.params, limit, 0]).fetchall()
    return [int(row[0]) for row in rows]


# ---------------------------------------------------------------- undated events

_UNDATED_SQL = "SELECT count(*) FROM events e WHERE {where} AND NOT {dated}"


def count_undated(store: HasConnection, flt: EventFilter, *, always: bool = False) -> int:
    """How many events the date bounds of `flt` left out for having no date of their own.

    0 when nothing was left out (no since/until, or `include_undated`). With
    `always`, the undated events matching the other filters are counted
    whatever the bounds (a timeline cannot place any of them).
    """
    if not (always or flt.dated_only):
        return 0
    undated = dataclasses.replace(flt, since=None, until=None, include_undated=False)
    where = _matching_events(undated)
    counted = _run(store, _UNDATED_SQL.format(where=where.sql, dated=_DATED), where.params)
    return int(counted.column(0)[0].as_py())


# ---------------------------------------------------------------- incidents

_INCIDENTS_SQL = """
WITH matched AS (
    SELECT DISTINCT e.incident_id FROM events e
    WHERE e.incident_id IS NOT NULL AND {where}
)
SELECT i.incident_id, i.type, i.parties, i.sources, i.targets, i.participants, i.stage,
    i.date_start, i.date_end, i.equipment, i.first_seen, i.last_seen,
    i.n_events, i.n_articles, i.n_outlets, i.claimed_by, i.denied_by, i.certainty_conflict{total}
FROM incidents i
WHERE i.incident_id IN (SELECT incident_id FROM matched)
ORDER BY coalesce(i.date_start, i.first_seen) NULLS LAST, i.incident_id
LIMIT ? OFFSET ?
"""

#: Every source article of the listed incidents (syndicated copies included).
_REPORTS_SQL = """
SELECT e.incident_id, e.event_id, a.article_id, a.doc_id AS article, a.outlet, a.url,
    a.published, a.article_id <> a.report_id AS syndicated, e.certainty, e.evidence
FROM events e
JOIN articles a ON a.report_id = e.article_id
WHERE e.incident_id IN ({ids})
ORDER BY e.incident_id, a.published NULLS LAST, e.event_id, a.article_id
"""

_REPORT_TYPE = pa.struct(
    [
        ("event_id", pa.int64()),
        ("article", pa.string()),
        ("outlet", pa.string()),
        ("url", pa.string()),
        ("published", pa.date32()),
        ("syndicated", pa.bool_()),
        ("certainty", pa.string()),
        ("evidence", pa.string()),
    ]
)


def incident_reports(
    store: HasConnection, incident_ids: Sequence[int]
) -> dict[int, list[dict[str, Any]]]:
    """Per incident, every article reporting it (syndicated copies too), oldest first.

    Each row carries the fields of `incidents`' `reports` plus `article_id`,
    the numeric id an article is opened by (the dashboard links to it).
    """
    reports: dict[int, list[dict[str, Any]]] = {incident: [] for incident in incident_ids}
    if incident_ids:
        sql = _REPORTS_SQL.format(ids=placeholders(len(incident_ids)))
        for row in _run(store, sql, list(incident_ids)).to_pylist():
            reports[row.pop("incident_id")].append(row)
    return reports


def incidents_with_reports(
    store: HasConnection,
    flt: EventFilter = EventFilter(),
    *,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[pa.Table, dict[int, list[dict[str, Any]]]]:
    """`incidents` and, from the same read, `incident_reports` of the incidents listed."""
    page, reports, _ = incidents_page(store, flt, limit=limit, offset=offset, total=False)
    return page, reports


def incidents_page(
    store: HasConnection,
    flt: EventFilter,
    *,
    limit: int | None,
    offset: int = 0,
    total: bool = True,
) -> tuple[pa.Table, dict[int, list[dict[str, Any]]], int | None]:
    """`incidents_with_reports`, plus (with `total`) how many incidents match over all pages.

    The total comes from the page's own statement (a page past the end costs
    a second one), so a page is two reads: the incidents, then their reports.
    """
    where = _matching_events(flt)
    sql = _INCIDENTS_SQL.format(
        where=where.sql, total=", count(*) OVER () AS total" if total else ""
    )
    page = _run(store, sql, (*where.params, limit, offset))
    count: int | None = None
    if total:
        count = int(page["total"][0].as_py()) if page.num_rows else _count_incidents(store, where)
        page = page.drop_columns(["total"])
    ids = page["incident_id"].to_pylist()
    reports = incident_reports(store, ids)
    outlets = [sorted({r["outlet"] for r in reports[i] if r["outlet"]}) for i in ids]
    page = page.append_column("outlets", pa.array(outlets, pa.list_(pa.string())))
    # Converting to _REPORT_TYPE keeps its fields only, so article_id stays out.
    page = page.append_column(
        "reports",
        pa.array([reports[i] or None for i in ids], pa.list_(_REPORT_TYPE)),
    )
    return page, reports, count


def _count_incidents(store: HasConnection, where: _Where) -> int:
    sql = (
        "SELECT count(DISTINCT e.incident_id) FROM events e "
        f"WHERE e.incident_id IS NOT NULL AND {where.sql}"
    )
    return int(_run(store, sql, where.params).column(0)[0].as_py())


def incidents(
    store: HasConnection,
    flt: EventFilter = EventFilter(),
    *,
    limit: int | None = None,
    offset: int = 0,
) -> pa.Table:
    """Incidents with at least one matching event, each with every source article.

    `reports` lists, per source article (syndicated copies included, flagged
    `syndicated`), the outlet, URL, certainty and evidence sentence; `outlets`
    is the sorted list of distinct outlets.
    """
    return incidents_with_reports(store, flt, limit=limit, offset=offset)[0]


# ---------------------------------------------------------------- dyads

_PAIRS_SQL = """
WITH ev AS (
    SELECT e.event_id, e.type, {when} AS first_date, {when_end} AS last_date
    FROM events e
    WHERE {event_where}
),
pairs AS (
    SELECT d.event_id, d.directed, d.a AS src,
        CASE WHEN d.a = ? THEN d.a WHEN d.b = ? THEN d.b ELSE least(d.a, d.b) END AS a,
        CASE WHEN d.a = ? THEN d.b WHEN d.b = ? THEN d.a ELSE greatest(d.a, d.b) END AS b
    FROM event_dyads d
    WHERE {dyad_where}
),
by_type AS (
    SELECT p.a, p.b, ev.type,
        count(DISTINCT p.event_id) AS n,
        count(DISTINCT p.event_id) FILTER (WHERE p.directed AND p.src = p.a) AS n_ab,
        count(DISTINCT p.event_id) FILTER (WHERE p.directed AND p.src = p.b) AS n_ba,
        min(ev.first_date) AS first_date, max(ev.last_date) AS last_date
    FROM pairs p JOIN ev ON ev.event_id = p.event_id
    GROUP BY p.a, p.b, ev.type
)
SELECT a, b, sum(n)::BIGINT AS total, array_agg(type) AS types, array_agg(n) AS counts,
    sum(n_ab)::BIGINT AS n_a_to_b, sum(n_ba)::BIGINT AS n_b_to_a,
    min(first_date) AS first_date, max(last_date) AS last_date
FROM by_type
GROUP BY a, b
ORDER BY total DESC, a, b
LIMIT ?
"""


def _type_columns(types: list[list[str]], counts: list[list[int]]) -> dict[str, list[int]]:
    """Per-type count columns from each row's parallel (types, counts) lists."""
    columns = {name: [0] * len(types) for name in EVENT_TYPES}
    for row, (row_types, row_counts) in enumerate(zip(types, counts, strict=True)):
        for name, count in zip(row_types, row_counts, strict=True):
            columns[name][row] = count
    return columns


def dyads(
    store: HasConnection, flt: EventFilter = EventFilter(), *, limit: int | None = None
) -> pa.Table:
    """One row per pair of parties: totals, counts per type, dates and direction.

    Without `country` a pair is ordered alphabetically (a < b); with it, `a` is
    that country (and `b` the `with_country` when given). `n_a_to_b` and
    `n_b_to_a` count directed events each way; `balance` is their difference.
    Rows are sorted by total (largest first), then a, b; `limit` keeps the first.
    """
    event_where = _event_where(flt)
    dyad_where = _pair_where(flt)
    sql = _PAIRS_SQL.format(
        when=_WHEN, when_end=_WHEN_END, event_where=event_where.sql, dyad_where=dyad_where.sql
    )
    anchor = (flt.country,) * 4
    raw = _run(store, sql, (*event_where.params, *anchor, *dyad_where.params, limit))
    by_type = _type_columns(raw["types"].to_pylist(), raw["counts"].to_pylist())
    n_ab = raw["n_a_to_b"].to_pylist()
    n_ba = raw["n_b_to_a"].to_pylist()
    columns: dict[str, Any] = {
        "a": raw["a"],
        "b": raw["b"],
        "total": raw["total"],
        **{name: pa.array(values, pa.int64()) for name, values in by_type.items()},
        "n_a_to_b": raw["n_a_to_b"],
        "n_b_to_a": raw["n_b_to_a"],
        "balance": pa.array([x - y for x, y in zip(n_ab, n_ba, strict=True)], pa.int64()),
        "first_date": raw["first_date"],
        "last_date": raw["last_date"],
    }
    return pa.table(columns)


# ---------------------------------------------------------------- timeline

_TIMELINE_SQL = """
SELECT CAST(date_trunc('month', e.date_start) AS DATE) AS month, e.type, count(*) AS n
FROM events e
WHERE {where} AND {dated}
GROUP BY 1, 2
ORDER BY 1, 2
"""


def _months(first: date, last: date) -> list[date]:
    """The first day of every month from `first`'s to `last`'s."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def timeline_filter(a: str, b: str, flt: EventFilter = EventFilter()) -> EventFilter:
    """The filter a timeline of the pair a–b reads: `flt` with the pair as its parties."""
    return dataclasses.replace(flt, country=a, with_country=b)


def timeline(store: HasConnection, a: str, b: str, flt: EventFilter = EventFilter()) -> pa.Table:
    """Monthly event counts by type for the pair a–b, either direction.

    One row per month (of the event's own start) from the first to the last
    dated event, empty months included (so a chart's gaps are real); columns:
    month (its first day), total, then one count column per event type.
    Undated events have no month: `count_undated(store, timeline_filter(a,
    b, flt), always=True)` says how many there are. The filter's own
    country/with_country are replaced by the pair.
    """
    where = _matching_events(timeline_filter(a, b, flt))
    sql = _TIMELINE_SQL.format(where=where.sql, dated=_DATED)
    counts = _run(store, sql, where.params)
    rows = counts.to_pylist()
    months = _months(rows[0]["month"], rows[-1]["month"]) if rows else []
    index = {month: i for i, month in enumerate(months)}
    by_type = {name: [0] * len(months) for name in EVENT_TYPES}
    for row in rows:
        by_type[row["type"]][index[row["month"]]] = row["n"]
    totals = [sum(by_type[name][i] for name in EVENT_TYPES) for i in range(len(months))]
    return pa.table(
        {
            "month": pa.array(months, pa.date32()),
            "total": pa.array(totals, pa.int64()),
            **{name: pa.array(values, pa.int64()) for name, values in by_type.items()},
        }
    )


# ---------------------------------------------------------------- network

_NODES_SQL = """
WITH pairs AS (
    SELECT d.event_id, d.a, d.b
    FROM event_dyads d
    WHERE d.event_id IN (SELECT e.event_id FROM events e WHERE {event_where}) AND {dyad_where}
)
SELECT code, count(DISTINCT event_id) AS events
FROM (SELECT a AS code, event_id FROM pairs UNION ALL SELECT b AS code, event_id FROM pairs) u
GROUP BY code
ORDER BY events DESC, code
"""


@dataclass(frozen=True, slots=True)
class Network:
    """Parties as nodes and pairs as weighted edges, ready for `export.write_network`.

    nodes: code, label (the lexicon's name), kind, events (matching events it
    is a party to). edges: the `dyads` table plus `weight` (= total) and
    `dominant_type` (the most frequent type; ties go to the type listed first
    in the spec).
    """

    nodes: pa.Table
    edges: pa.Table


def _dominant_types(edges: pa.Table) -> list[str]:
    counts = {name: edges[name].to_pylist() for name in EVENT_TYPES}
    dominant: list[str] = []
    for row in range(edges.num_rows):
        best = max(counts[name][row] for name in EVENT_TYPES)
        # The first type with the top count: a tie goes to the type the spec lists first.
        dominant.append(next(name for name in EVENT_TYPES if counts[name][row] == best))
    return dominant


def network(store: HasConnection, flt: EventFilter = EventFilter()) -> Network:
    """The cooperation network of the matching events: who is linked to whom, how often."""
    event_where = _event_where(flt)
    dyad_where = _pair_where(flt)
    sql = _NODES_SQL.format(event_where=event_where.sql, dyad_where=dyad_where.sql)
    raw_nodes = _run(store, sql, (*event_where.params, *dyad_where.params))
    lexicon = load_actor_lexicon()
    codes = raw_nodes["code"].to_pylist()
    entries = [lexicon.entries.get(code) for code in codes]
    nodes = pa.table(
        {
            "code": raw_nodes["code"],
            "label": pa.array([lexicon.name_of(code) for code in codes], pa.string()),
            "kind": pa.array([e.kind if e else "other" for e in entries], pa.string()),
            "events": raw_nodes["events"],
        }
    )
    edges = dyads(store, flt)
    edges = edges.append_column("weight", edges["total"])
    edges = edges.append_column("dominant_type", pa.array(_dominant_types(edges), pa.string()))
    return Network(nodes=nodes, edges=edges)


# ---------------------------------------------------------------- country names


@functools.cache
def _country_index() -> dict[str, str]:
    """Lower-cased code, name, alias, adjective and capital -> party code."""
    lexicon = load_actor_lexicon()
    index: dict[str, str] = {}
    forms = sorted(
        # ports and bases ("Mombasa") stand for a state as a host in text, not in a query
        (
            form
            for form in lexicon.forms.values()
            if form.entry.kind in _PARTY_KINDS and form.form in _FORM_PRIORITY
        ),
        key=lambda form: _FORM_PRIORITY.index(form.form),
    )
    for form in forms:
        index.setdefault(form.text.lower(), form.entry.code)
    for code, entry in lexicon.entries.items():
        if entry.kind in _PARTY_KINDS:
            index[code.lower()] = code
    return index


def resolve_country(text: str) -> str:
    """A party code from a code or any lexicon form ("IRN", "iran", "Iranian", "Tehran").

    Raises ValueError naming close matches when nothing matches exactly
    (ignoring case).
    """
    index = _country_index()
    key = text.strip().lower()
    if key in index:
        return index[key]
    close = difflib.get_close_matches(key, index, n=8, cutoff=0.7)
    lexicon = load_actor_lexicon()
    suggestions = list(dict.fromkeys(f"{lexicon.name_of(index[c])} ({index[c]})" for c in close))
    hint = (
        f"did you mean {', '.join(suggestions[:5])}?" if suggestions else "give a code such as IRN"
    )
    raise ValueError(f"unknown country {text!r}: {hint}")


# ---------------------------------------------------------------- one incident

#: An incident's own columns, as `incident_detail` (and the API) read them.
INCIDENT_COLUMNS = """incident_id, type, parties, sources, targets, participants, stage,
    date_start, date_end, equipment, first_seen, last_seen, n_events, n_articles, n_outlets,
    claimed_by, denied_by, certainty_conflict"""
#: What an event's report says of an article: the article, the original it repeats
#: (`report_id`, itself when it is the original), its reference and publication day.
ARTICLE_REF_COLUMNS = (
    "article_id, report_id, doc_id AS article, url, outlet, title, published AS article_published"
)
#: An event's actor as the event's detail shows it.
ACTOR_COLUMNS = "event_id, position, role, country, text, kind, name, person, title, base"
_INCIDENT_ROW_SQL = f"SELECT {INCIDENT_COLUMNS} FROM incidents WHERE incident_id = ?"

_INCIDENT_EVENTS_SQL = """
SELECT e.event_id, e.type, e.stage, e.certainty, e.claimed_by, e.denied_by, e.date_start,
    e.date_end, e.date_text, e.confidence, e.rule, e.review, e.evidence
FROM events e WHERE e.incident_id = ? ORDER BY e.event_id
"""


def incident_detail(store: HasConnection, incident_id: int) -> dict[str, Any] | None:
    """One incident with every source article's evidence (`pactwatch incident ID`), or None.

    The incident's columns, plus `reports` (as `incident_reports` gives them:
    every article, syndicated copies flagged) and `events` (its events with
    certainty, confidence, rule and review state).
    """
    rows = _run(store, _INCIDENT_ROW_SQL, [incident_id]).to_pylist()
    if not rows:
        return None
    incident: dict[str, Any] = rows[0]
    incident["reports"] = incident_reports(store, [incident_id])[incident_id]
    incident["events"] = _run(store, _INCIDENT_EVENTS_SQL, [incident_id]).to_pylist()
    return incident
