"""Incidents: events from several reports that describe one happening.

An event joins an incident when it has the same type, the same parties in the
same direction (the canonical `parties` string), compatible dates and
overlapping equipment; otherwise it starts a new incident. Matching reads a
small in-memory view of each candidate incident, updated as events join, so
two events of one article can join the incident the first one created. The
stored aggregates (stage, dates, counts of articles and outlets, certainty
conflict) are then recomputed from all member events and source articles of
every touched incident, so they are right after every merge however the
incident grew.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from pactwatch.models import DIRECTED_TYPES, Event
from pactwatch.store.connection import Connection

#: Stages from least to most advanced; an incident shows the most advanced one.
STAGE_ORDER: tuple[str, ...] = ("requested", "offered", "planned", "agreed", "occurred")
#: Undated events merge only when their articles appeared within this window of
#: the incident's reports: news of one happening clusters in weeks, and the same
#: parties repeat the same kind of act across years.
PUBLICATION_WINDOW = timedelta(days=60)
#: Equipment shares a word this long ("drones" in "Shahed drones"), short words
#: ("air", "jet") being too common to identify a weapon.
MIN_SHARED_WORD = 4

_LETTERS = re.compile(r"[^\W\d_]+")


def parties_key(
    event_type: str, sources: Iterable[str], targets: Iterable[str], participants: Iterable[str]
) -> str:
    """Canonical parties: "IRN>RUS" (sources>targets) for directed types, else "IRN+RUS"."""
    if event_type in DIRECTED_TYPES:
        return f"{','.join(sorted(set(sources)))}>{','.join(sorted(set(targets)))}"
    return "+".join(sorted(set(participants)))


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What matching needs to know about one stored event."""

    event_id: int
    type: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    participants: tuple[str, ...]
    date_start: date | None
    date_end: date | None
    published: date | None
    equipment: tuple[str, ...]

    @property
    def parties(self) -> str:
        return parties_key(self.type, self.sources, self.targets, self.participants)

    @classmethod
    def of(cls, event_id: int, event: Event, published: date | None) -> EventFacts:
        """Facts of an event just extracted from an article published on `published`.

        Only a date of the event's own counts: a bound ("on or before publication")
        dates no happening, so it neither widens an incident nor decides a merge.
        """
        own = event.date.dated
        return cls(
            event_id=event_id,
            type=event.type,
            sources=tuple(event.sources()),
            targets=tuple(event.targets()),
            participants=tuple(event.participants()),
            date_start=event.date.start if own else None,
            date_end=event.date.end if own else None,
            published=published,
            equipment=event.equipment,
        )


@dataclass(slots=True)
class IncidentView:
    """An incident's matching state: known date range, publication span, equipment."""

    incident_id: int
    date_start: date | None = None
    date_end: date | None = None
    first_seen: date | None = None
    last_seen: date | None = None
    equipment: list[str] = field(default_factory=list)

    def accepts(self, event: EventFacts) -> bool:
        return dates_compatible(event, self) and equipment_overlaps(event.equipment, self.equipment)

    def absorb(self, event: EventFacts) -> None:
        """Widen the view by a joining event, as the stored aggregates will be."""
        end = event.date_end or event.date_start
        self.date_start = _earliest(self.date_start, event.date_start)
        self.date_end = _latest(self.date_end, end)
        self.first_seen = _earliest(self.first_seen, event.published)
        self.last_seen = _latest(self.last_seen, event.published)
        known = {item.casefold() for item in self.equipment}
        self.equipment.extend(item for item in event.equipment if item.casefold() not in known)


def dates_compatible(event: EventFacts, incident: IncidentView) -> bool:
    """Known date ranges must overlap; otherwise the reports must be close in time.

    When either date is unknown the publication dates decide (within
    PUBLICATION_WINDOW of the incident's first/last seen, or either unknown),
    so an undated event is not merged with a happening years apart.
    """
    if event.date_start is not None and incident.date_start is not None:
        event_end = event.date_end or event.date_start
        incident_end = incident.date_end or incident.date_start
        return event.date_start <= incident_end and incident.date_start <= event_end
    if event.published is None or incident.first_seen is None or incident.last_seen is None:
        return True
    return (
        incident.first_seen - PUBLICATION_WINDOW
        <= event.published
        <= incident.last_seen + PUBLICATION_WINDOW
    )


def equipment_overlaps(first: Iterable[str], second: Iterable[str]) -> bool:
    """Either list empty, a common item, or a common word of MIN_SHARED_WORD+ letters."""
    a, b = list(first), list(second)
    if not a or not b:
        return True
    if {item.casefold() for item in a} & {item.casefold() for item in b}:
        return True
    return bool(_words(a) & _words(b))


def _words(items: list[str]) -> set[str]:
    return {
        word
        for item in items
        for word in _LETTERS.findall(item.casefold())
        if len(word) >= MIN_SHARED_WORD
    }


def _earliest(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else min(a, b)


def _latest(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else max(a, b)


# ------------------------------------------------------------------ loading


_FACTS_QUERY = """
SELECT e.event_id, e.type, x.sources, x.targets, x.participants,
       CASE WHEN e.date_precision <> 'unknown' THEN e.date_start END,
       CASE WHEN e.date_precision <> 'unknown' THEN e.date_end END, a.published, e.equipment
FROM events e
JOIN articles a ON a.article_id = e.article_id
LEFT JOIN (
    SELECT event_id,
           array_agg(country) FILTER (WHERE role = 'source') AS sources,
           array_agg(country) FILTER (WHERE role = 'target') AS targets,
           array_agg(country) FILTER (WHERE role = 'participant') AS participants
    FROM event_actors GROUP BY event_id
) x ON x.event_id = e.event_id
WHERE e.review IS DISTINCT FROM 'rejected' {only}
ORDER BY e.article_id, e.event_id
"""


def load_event_facts(
    connection: Connection, event_ids: list[int] | None = None
) -> list[EventFacts]:
    """Facts of every stored event not rejected by a review (or of these), in article order."""
    if event_ids is None:
        rows = connection.execute(_FACTS_QUERY.format(only="")).fetchall()
    else:
        only = "AND e.event_id IN (SELECT unnest(?::BIGINT[]))"
        rows = connection.execute(_FACTS_QUERY.format(only=only), [event_ids]).fetchall()
    return [
        EventFacts(
            event_id=int(row[0]),
            type=row[1],
            sources=tuple(row[2] or ()),
            targets=tuple(row[3] or ()),
            participants=tuple(row[4] or ()),
            date_start=row[5],
            date_end=row[6],
            published=row[7],
            equipment=tuple(row[8]),
        )
        for row in rows
    ]


# ------------------------------------------------------------------ merging


@dataclass(slots=True)
class MergeResult:
    """Which incidents a merge created and which existing ones it changed."""

    created: set[int] = field(default_factory=set)
    updated: set[int] = field(default_factory=set)


class IncidentMerger:
    """Assigns events to incidents within one transaction, then refreshes aggregates.

    Candidates are loaded from the database once per (type, parties) key (or
    for many keys at once with `preload`), so a bulk rebuild, a batch of
    articles and a one-article ingest run the same matching code. Events are
    assigned before they are written, so each is inserted with its incident
    and never updated (an UPDATE of the indexed events.incident_id costs
    DuckDB a delete and re-insert per row). New incidents are inserted
    together by `refresh`.

    Within a batch the in-memory views stand for the stored aggregates, which
    are refreshed once at the end: a view widens as events join it, and with
    `add_source` as a near-duplicate copy adds its publication date, exactly
    as the aggregates will.
    """

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._views: dict[tuple[str, str], list[IncidentView]] = {}
        self._by_id: dict[int, IncidentView] = {}
        #: publication dates of copies added to incidents whose view is not loaded yet
        self._late_sources: dict[int, list[date]] = {}
        self._new_rows: list[list[object]] = []
        self._next_id: int | None = None
        self.result = MergeResult()
        self._touched: set[int] = set()

    def assign(self, events: Iterable[EventFacts]) -> dict[int, int]:
        """The incident of each event (by event id), creating incidents as needed."""
        return {event.event_id: self._assign(event) for event in events}

    def take_result(self) -> MergeResult:
        """What the events assigned since the last call created and changed; starts afresh."""
        result, self.result = self.result, MergeResult()
        result.updated -= result.created
        self._touched |= result.created | result.updated
        return result

    def add_source(self, incident_ids: Iterable[int], published: date | None) -> None:
        """A copy of a report now carries these incidents: widen their publication span."""
        self._touched.update(incident_ids)
        if published is None:
            return
        for incident_id in incident_ids:
            view = self._by_id.get(incident_id)
            if view is None:
                self._late_sources.setdefault(incident_id, []).append(published)
            else:
                view.first_seen = _earliest(view.first_seen, published)
                view.last_seen = _latest(view.last_seen, published)

    def refresh(self) -> MergeResult:
        """Insert the new incidents, then recompute every touched one from its stored events."""
        result = self.take_result()
        if self._new_rows:
            self._connection.insert_rows("incidents", self._new_rows)
            self._new_rows = []
        refresh_incidents(self._connection, self._touched)
        self._touched = set()
        return result

    def preload(self, keys: Iterable[tuple[str, str]]) -> None:
        """Load the candidates of many (type, parties) keys with one query."""
        wanted = sorted(set(keys) - set(self._views))
        if not wanted:
            return
        rows = self._connection.execute(
            """SELECT i.type, i.parties, i.incident_id, i.date_start, i.date_end,
                      i.first_seen, i.last_seen, i.equipment
               FROM incidents i
               JOIN (SELECT unnest(?::VARCHAR[]) AS type, unnest(?::VARCHAR[]) AS parties) k
               ON i.type = k.type AND i.parties = k.parties
               ORDER BY i.incident_id""",
            [[k[0] for k in wanted], [k[1] for k in wanted]],
        ).fetchall()
        found: dict[tuple[str, str], list[tuple[object, ...]]] = {key: [] for key in wanted}
        for row in rows:
            found[(row[0], row[1])].append(row[2:])
        for key, loaded in found.items():
            self._views[key] = [self._view(row) for row in loaded]

    def _view(self, row: tuple[object, ...]) -> IncidentView:
        incident_id, date_start, date_end, first_seen, last_seen, equipment = row
        view = IncidentView(
            int(str(incident_id)),
            _as_date(date_start),
            _as_date(date_end),
            _as_date(first_seen),
            _as_date(last_seen),
            [str(item) for item in equipment or ()],  # type: ignore[attr-defined]
        )
        self._by_id[view.incident_id] = view
        for published in self._late_sources.pop(view.incident_id, ()):
            view.first_seen = _earliest(view.first_seen, published)
            view.last_seen = _latest(view.last_seen, published)
        return view

    def _assign(self, event: EventFacts) -> int:
        views = self._candidates(event.type, event.parties)
        view = next((v for v in views if v.accepts(event)), None)
        if view is None:
            view = self._create(event)
            views.append(view)
        else:
            self.result.updated.add(view.incident_id)
        view.absorb(event)
        return view.incident_id

    def _candidates(self, event_type: str, parties: str) -> list[IncidentView]:
        key = (event_type, parties)
        if key not in self._views:
            rows = self._connection.execute(
                """SELECT incident_id, date_start, date_end, first_seen, last_seen, equipment
                   FROM incidents WHERE type = ? AND parties = ? ORDER BY incident_id""",
                [event_type, parties],
            ).fetchall()
            self._views[key] = [self._view(tuple(r)) for r in rows]
        return self._views[key]

    def _create(self, event: EventFacts) -> IncidentView:
        if self._next_id is None:
            row = self._connection.execute(
                "SELECT coalesce(max(incident_id), 0) + 1 FROM incidents"
            ).fetchone()
            self._next_id = int(row[0]) if row else 1
        incident_id, self._next_id = self._next_id, self._next_id + 1
        directed = event.type in DIRECTED_TYPES
        sources = sorted(set(event.sources)) if directed else []
        targets = sorted(set(event.targets)) if directed else []
        everyone = sorted(set(event.sources) | set(event.targets) | set(event.participants))
        # aggregates are placeholders until `refresh` computes them from the events
        self._new_rows.append(
            [
                incident_id,
                event.type,
                event.parties,
                sources,
                targets,
                everyone,
                "requested",
                None,
                None,
                [],
                None,
                None,
                0,
                0,
                0,
                [],
                [],
                False,
            ]
        )
        self.result.created.add(incident_id)
        view = IncidentView(incident_id)
        self._by_id[incident_id] = view
        return view


def _as_date(value: object) -> date | None:
    return value if isinstance(value, date) else None


def rebuild_incidents(connection: Connection) -> int:
    """Drop every incident and merge all events again in article order; returns the count.

    Events a review rejected belong to no incident.
    """
    connection.execute("DELETE FROM incidents")
    connection.execute("UPDATE events SET incident_id = NULL WHERE review = 'rejected'")
    merger = IncidentMerger(connection)
    links = merger.assign(load_event_facts(connection))
    connection.execute(
        """UPDATE events SET incident_id = m.incident_id
           FROM (SELECT unnest(?::BIGINT[]) AS event_id, unnest(?::BIGINT[]) AS incident_id) m
           WHERE events.event_id = m.event_id""",
        [list(links), list(links.values())],
    )
    return len(merger.refresh().created)


def incidents_of_report(connection: Connection, report_id: int) -> set[int]:
    """The incidents an original report's events belong to."""
    rows = connection.execute(
        "SELECT DISTINCT incident_id FROM events WHERE article_id = ? AND incident_id IS NOT NULL",
        [report_id],
    ).fetchall()
    return {int(row[0]) for row in rows}


# ------------------------------------------------------------------ aggregates


@dataclass(frozen=True, slots=True)
class Member:
    """One event of an incident, as far as the aggregates need it."""

    incident_id: int
    article_id: int
    stage: str
    certainty: str
    date_start: date | None
    date_end: date | None
    equipment: tuple[str, ...]
    claimed_by: tuple[str, ...]
    denied_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SourceArticle:
    """An article that carries an incident: a member's report or a near-duplicate copy."""

    article_id: int
    published: date | None
    outlet: str | None


@dataclass(frozen=True, slots=True)
class Aggregates:
    """The summary columns of one incident."""

    stage: str
    date_start: date | None
    date_end: date | None
    equipment: list[str]
    first_seen: date | None
    last_seen: date | None
    n_events: int
    n_articles: int
    n_outlets: int
    claimed_by: list[str]
    denied_by: list[str]
    certainty_conflict: bool


def aggregate(members: list[Member], sources: list[SourceArticle]) -> Aggregates:
    """Summarise an incident from its events and every article that reports them.

    An article without a URL counts as an outlet of its own: nothing shows it
    shares one. Equipment is merged case-insensitively, keeping the first
    spelling seen.
    """
    claimed = sorted({code for m in members for code in m.claimed_by})
    denied = sorted({code for m in members for code in m.denied_by})
    certainties = {m.certainty for m in members}
    published = [s.published for s in sources if s.published is not None]
    outlets = {s.outlet or f"article {s.article_id}" for s in sources}
    return Aggregates(
        stage=max((m.stage for m in members), key=_stage_rank),
        date_start=min(_known(m.date_start for m in members), default=None),
        date_end=max(_known(m.date_end or m.date_start for m in members), default=None),
        equipment=_union_ignoring_case(item for m in members for item in m.equipment),
        first_seen=min(published, default=None),
        last_seen=max(published, default=None),
        n_events=len(members),
        n_articles=len({s.article_id for s in sources}),
        n_outlets=len(outlets),
        claimed_by=claimed,
        denied_by=denied,
        certainty_conflict=bool(certainties & {"stated", "claimed"} and "denied" in certainties)
        or bool(claimed and denied and not set(claimed) & set(denied)),
    )


def _known(dates: Iterable[date | None]) -> list[date]:
    return [d for d in dates if d is not None]


def _stage_rank(stage: str) -> int:
    return STAGE_ORDER.index(stage) if stage in STAGE_ORDER else -1


def _union_ignoring_case(items: Iterable[str]) -> list[str]:
    first: dict[str, str] = {}
    for item in items:
        first.setdefault(item.casefold(), item)
    return sorted(first.values(), key=str.casefold)


def refresh_incidents(connection: Connection, incident_ids: Iterable[int]) -> None:
    """Recompute the aggregates of these incidents from their events and source articles.

    Done in Python rather than SQL: DuckDB's list aggregates cost milliseconds
    of fixed overhead per statement, which dominated a one-article ingest.
    """
    ids = sorted(incident_ids)
    if not ids:
        return
    members = _load_members(connection, ids)
    sources = _load_sources(connection, sorted({m.article_id for m in members}))
    grouped: dict[int, list[Member]] = {}
    for member in members:
        grouped.setdefault(member.incident_id, []).append(member)
    summaries = {
        incident_id: aggregate(
            group,
            list({s.article_id: s for m in group for s in sources.get(m.article_id, ())}.values()),
        )
        for incident_id, group in grouped.items()
    }
    _write_aggregates(connection, summaries)


def _load_members(connection: Connection, ids: list[int]) -> list[Member]:
    rows = connection.execute(
        """SELECT incident_id, article_id, stage, certainty,
                  CASE WHEN date_precision <> 'unknown' THEN date_start END,
                  CASE WHEN date_precision <> 'unknown' THEN date_end END, equipment,
                  claimed_by, denied_by
           FROM events WHERE incident_id IN (SELECT unnest(?::BIGINT[]))""",
        [ids],
    ).fetchall()
    return [
        Member(int(r[0]), int(r[1]), r[2], r[3], r[4], r[5], tuple(r[6]), tuple(r[7]), tuple(r[8]))
        for r in rows
    ]


def _load_sources(connection: Connection, report_ids: list[int]) -> dict[int, list[SourceArticle]]:
    """Every article of these reports (the report itself and its near-duplicates)."""
    rows = connection.execute(
        """SELECT report_id, article_id, published, outlet FROM articles
           WHERE report_id IN (SELECT unnest(?::BIGINT[]))""",
        [report_ids],
    ).fetchall()
    found: dict[int, list[SourceArticle]] = {}
    for report_id, article_id, published, outlet in rows:
        found.setdefault(int(report_id), []).append(
            SourceArticle(int(article_id), published, outlet)
        )
    return found


_WRITE_AGGREGATES = """
UPDATE incidents SET
    stage = u.stage, date_start = u.date_start, date_end = u.date_end,
    equipment = u.equipment, first_seen = u.first_seen, last_seen = u.last_seen,
    n_events = u.n_events, n_articles = u.n_articles, n_outlets = u.n_outlets,
    claimed_by = u.claimed_by, denied_by = u.denied_by,
    certainty_conflict = u.certainty_conflict
FROM (
    SELECT unnest(?::BIGINT[]) AS incident_id, unnest(?::VARCHAR[]) AS stage,
           unnest(?::DATE[]) AS date_start, unnest(?::DATE[]) AS date_end,
           unnest(?::VARCHAR[][]) AS equipment, unnest(?::DATE[]) AS first_seen,
           unnest(?::DATE[]) AS last_seen, unnest(?::INTEGER[]) AS n_events,
           unnest(?::INTEGER[]) AS n_articles, unnest(?::INTEGER[]) AS n_outlets,
           unnest(?::VARCHAR[][]) AS claimed_by, unnest(?::VARCHAR[][]) AS denied_by,
           unnest(?::BOOLEAN[]) AS certainty_conflict
) u
WHERE incidents.incident_id = u.incident_id
"""


_AGGREGATE_COLUMNS = (
    "stage",
    "date_start",
    "date_end",
    "equipment",
    "first_seen",
    "last_seen",
    "n_events",
    "n_articles",
    "n_outlets",
    "claimed_by",
    "denied_by",
    "certainty_conflict",
)

_UPDATE_ONE = (
    "UPDATE incidents SET "
    + ", ".join(f"{name} = ?" for name in _AGGREGATE_COLUMNS)
    + " WHERE incident_id = ?"
)


def _write_aggregates(connection: Connection, summaries: dict[int, Aggregates]) -> None:
    """Write every touched incident's aggregates.

    DuckDB runs one statement per executemany row (about 1.5 ms each), so
    there the column lists travel as array parameters of a single UPDATE;
    PostgreSQL cannot unnest ragged arrays of arrays, and pipelines
    executemany well.
    """
    ids = list(summaries)
    rows = [summaries[i] for i in ids]
    if connection.dialect == "postgresql":
        connection.executemany(
            _UPDATE_ONE,
            [
                [*(getattr(row, name) for name in _AGGREGATE_COLUMNS), i]
                for i, row in zip(ids, rows, strict=True)
            ],
        )
        return
    columns = [ids, *([getattr(row, name) for row in rows] for name in _AGGREGATE_COLUMNS)]
    connection.execute(_WRITE_AGGREGATES, columns)
