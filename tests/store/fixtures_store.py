"""A small hand-written store whose every query answer is known exactly.

Twelve events across six articles (one a syndicated copy), several dyads in
both directions, every type of date (day, month, year, publication day only,
none), each stage and certainty used, and incidents with one or several
sources. The tests' expected rows are read off the table in EVENTS.

Effective date (the event's start, else its publication day) and the sort
order it gives: 1, 2 (both 2022-02, tie broken by id), 12, 4, 3, 5, 6, 8, 9,
7, 10, 11 (undated).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from itertools import combinations
from pathlib import Path

from pactwatch.models import DIRECTED_TYPES
from pactwatch.store.connection import Connection
from pactwatch.store.database import open_store


@dataclass(frozen=True)
class ArticleRow:
    article_id: int
    doc_id: str
    outlet: str
    published: date | None
    report_id: int | None = None  # the original this is a near-duplicate of

    @property
    def status(self) -> str:
        return "near-duplicate" if self.report_id else "original"


@dataclass(frozen=True)
class EventRow:
    event_id: int
    article_id: int
    incident_id: int
    type: str
    parties: tuple[str, ...]  # directed: (source, target, [target2]); else participants
    stage: str
    certainty: str
    evidence: str
    start: date | None = None
    end: date | None = None
    precision: str = "unknown"
    claimed_by: tuple[str, ...] = ()
    denied_by: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()

    @property
    def directed(self) -> bool:
        return self.type in DIRECTED_TYPES

    def actors(self) -> list[tuple[str, str]]:
        """(role, country) pairs: the first party is the source of a directed type."""
        if self.directed:
            source, *targets = self.parties
            return [("source", source), *(("target", t) for t in targets)]
        return [("participant", p) for p in self.parties]

    def dyads(self) -> list[tuple[str, str]]:
        if self.directed:
            source, *targets = self.parties
            return [(source, t) for t in targets]
        return [tuple(sorted(pair)) for pair in combinations(self.parties, 2)]  # type: ignore[misc]


ARTICLES = (
    ArticleRow(1, "a1.txt", "Reuters", date(2022, 3, 10)),
    ArticleRow(2, "a2.txt", "AP", date(2022, 11, 20)),
    ArticleRow(3, "a3.txt", "TASS", date(2023, 2, 5)),
    ArticleRow(4, "a4.txt", "IRNA", date(2023, 7, 15)),
    ArticleRow(5, "a5.txt", "Reuters", None),
    ArticleRow(6, "a6.txt", "Yahoo", date(2022, 11, 21), report_id=2),
)
_PUBLISHED = {a.article_id: a.published for a in ARTICLES}

D = date
EVENTS = (
    EventRow(1, 1, 100, "arms_transfer", ("IRN", "RUS"), "occurred", "claimed",
             "US officials say Iran sent drones to Russia last month.",
             D(2022, 2, 1), D(2022, 2, 28), "month", claimed_by=("USA",), equipment=("drones",)),
    EventRow(2, 2, 100, "arms_transfer", ("IRN", "RUS"), "occurred", "stated",
             "Iran delivered Shahed drones to Russia in February.",
             D(2022, 2, 1), D(2022, 2, 28), "month", equipment=("drones",)),
    EventRow(3, 2, 101, "arms_transfer", ("RUS", "IRN"), "agreed", "claimed",
             "Russia agreed to sell Su-35 fighter jets to Iran, Washington says.",
             claimed_by=("USA",), equipment=("Su-35",)),
    EventRow(4, 2, 102, "condemnation", ("USA", "IRN", "RUS"), "occurred", "stated",
             "The United States condemned the military partnership between Iran and Russia.",
             D(2022, 11, 19), D(2022, 11, 19), "day"),
    EventRow(5, 3, 103, "joint_exercise", ("CHN", "IRN", "RUS"), "occurred", "stated",
             "China, Iran and Russia held joint naval drills in the Gulf of Oman.",
             D(2023, 1, 15), D(2023, 1, 19), "day"),
    EventRow(6, 3, 104, "arms_transfer", ("IRN", "RUS"), "occurred", "denied",
             "Tehran denied supplying ballistic missiles to Moscow.",
             denied_by=("IRN",), equipment=("missiles",)),
    EventRow(7, 4, 105, "defense_agreement", ("IRN", "SYR"), "agreed", "stated",
             "Iran and Syria signed a military cooperation agreement.",
             D(2023, 7, 14), D(2023, 7, 14), "day"),
    EventRow(8, 4, 106, "training", ("IRN", "RUS"), "occurred", "stated",
             "Iranian instructors trained Russian troops to fly drones in June.",
             D(2023, 6, 1), D(2023, 6, 30), "month"),
    EventRow(9, 4, 107, "sanction", ("USA", "IRN"), "occurred", "stated",
             "Washington sanctioned Iranian drone makers.",
             D(2023, 7, 10), D(2023, 7, 10), "day"),
    EventRow(10, 5, 108, "military_aid", ("USA", "UKR"), "planned", "stated",
             "The US plans a new military aid package for Ukraine in 2024.",
             D(2024, 1, 1), D(2024, 12, 31), "year"),
    EventRow(11, 5, 109, "arms_transfer", ("RUS", "IRN"), "offered", "stated",
             "Russia offered Iran S-400 air-defence systems at 50% of the cost."),
    EventRow(12, 1, 110, "defense_meeting", ("IRN", "RUS"), "occurred", "stated",
             "Iranian and Russian defence ministers met in Moscow.",
             D(2022, 3, 9), D(2022, 3, 9), "day"),
)  # fmt: skip
EVENT_BY_ID = {e.event_id: e for e in EVENTS}

#: Sorted by date then id, as every events query returns them.
ALL_IDS = [1, 2, 12, 4, 3, 5, 6, 8, 9, 7, 10, 11]


def _insert_article(connection: Connection, row: ArticleRow) -> None:
    connection.execute(
        "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            row.article_id, f"hash{row.article_id}", row.doc_id, f"/in/{row.doc_id}",
            f"https://news.example/{row.doc_id}", row.outlet, f"Title {row.article_id}",
            row.published, "text" if row.published else "unknown", "body", False, "text",
            row.report_id or row.article_id, 0.9 if row.report_id else None, row.status,
            None, "test", datetime(2024, 1, 1),
        ],
    )  # fmt: skip


def _insert_event(connection: Connection, row: EventRow) -> None:
    execute = connection.execute
    execute(
        "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, NULL, NULL)",
        [
            row.event_id, row.article_id, row.incident_id, row.type, row.stage, row.certainty,
            list(row.claimed_by), list(row.denied_by), list(row.equipment),
            _PUBLISHED[row.article_id], row.start, row.end, row.precision, None, None, None,
            row.evidence, 0, len(row.evidence), 0.8, "test_rule", "trigger", "test-1",
        ],
    )  # fmt: skip
    for position, (role, country) in enumerate(row.actors()):
        execute(
            "INSERT INTO event_actors VALUES (?, ?, ?, ?, ?, 'state', NULL, NULL, NULL, NULL)",
            [row.event_id, position, role, country, country],
        )
    for a, b in row.dyads():
        execute(
            "INSERT INTO event_dyads VALUES (?, ?, ?, ?, ?)",
            [row.event_id, row.type, row.directed, a, b],
        )


def _insert_incident(connection: Connection, incident_id: int, rows: list[EventRow]) -> None:
    first = rows[0]
    roles = first.actors()
    seen = [day for r in rows if (day := _PUBLISHED[r.article_id]) is not None]
    articles = [
        a for a in ARTICLES if (a.report_id or a.article_id) in {r.article_id for r in rows}
    ]
    connection.execute(
        "INSERT INTO incidents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            incident_id, first.type, ">".join(first.parties),
            [c for role, c in roles if role == "source"],
            [c for role, c in roles if role == "target"],
            [c for role, c in roles if role == "participant"],
            first.stage, first.start, first.end, list(first.equipment),
            min(seen) if seen else None, max(seen) if seen else None,
            len(rows), len(articles), len({a.outlet for a in articles}),
            sorted({c for r in rows for c in r.claimed_by}),
            sorted({c for r in rows for c in r.denied_by}), False,
        ],
    )  # fmt: skip


def build_store(location: str | Path) -> str:
    """Create a store at `location` holding ARTICLES and EVENTS; returns the location."""
    with open_store(location) as store, store.transaction() as connection:
        for article in ARTICLES:
            _insert_article(connection, article)
        for event in EVENTS:
            _insert_event(connection, event)
        by_incident: dict[int, list[EventRow]] = {}
        for event in EVENTS:
            by_incident.setdefault(event.incident_id, []).append(event)
        for incident_id, rows in by_incident.items():
            _insert_incident(connection, incident_id, rows)
    return str(location)
