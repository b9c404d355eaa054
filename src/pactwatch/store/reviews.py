"""Reviews: an analyst accepts, rejects or corrects an event, and the store remembers.

Reviews are kept apart from extraction output, in the `reviews` table
(migration 3): one row per action, with who, when, a note, and the event's
reviewable fields before and after it. The reviews of one event share a
`subject_id` (the id of its first review) and an *anchor*: the event as the
extractor made it when it was first reviewed (article, evidence sentence
and offsets, trigger, rule, type and parties).

The effective state of a subject folds its reviews in order: a rejection
rejects, a later acceptance takes it back, and corrections (type, direction,
parties, stage, date) accumulate, a later one overriding an earlier on the
same field. That state is *materialised* into the event's own rows (its
type, stage, date, actors and dyads, and `events.review` = accepted,
corrected or rejected) and its incident, so every reader (queries, the web
API, exports, alerts) sees corrected fields without knowing about reviews. A
rejected event leaves its incident (`incident_id` NULL) and the queries hide
it unless asked.

Reprocessing or a new extractor replaces an article's events, so after each
article is re-extracted `apply_reviews` finds, for every subject of that
article, the new event that best matches its anchor or its corrected state
(the same evidence sentence, or overlapping offsets, or a sentence at least
80% alike when the cleaning moved or changed it; then the same type and
parties), and materialises the review onto it. A subject whose event the
extractor no longer makes stays in the table, unattached, and is listed as
such; it attaches again if a later extractor makes the event again.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import combinations
from typing import Any, Literal, get_args

from pactwatch.actors import load_actor_lexicon
from pactwatch.models import DIRECTED_TYPES, EVENT_TYPES, STAGES
from pactwatch.store.connection import Connection, placeholders
from pactwatch.store.database import Store
from pactwatch.store.errors import StoreError
from pactwatch.store.incidents import IncidentMerger, load_event_facts, refresh_incidents

Action = Literal["accept", "reject", "correct"]
ACTIONS: tuple[str, ...] = get_args(Action)
#: `events.review`: what the reviews of an event amount to (NULL: never reviewed).
REVIEW_STATES: tuple[str, ...] = ("accepted", "corrected", "rejected")
PRECISIONS: tuple[str, ...] = ("day", "month", "year", "unknown")
#: A sentence this alike (difflib ratio) is the same evidence, moved or re-cleaned.
SIMILAR_SENTENCE = 0.8


class ReviewError(StoreError):
    """A review that cannot be made: no such event, a bad correction ..."""


# ---------------------------------------------------------------- what a review changes


@dataclass(frozen=True, slots=True)
class Correction:
    """Fields an analyst sets; None leaves a field as the extractor (or an earlier review) has it.

    `reverse` swaps sources and targets (a reversed supplier). Parties are
    codes of the actor lexicon. A date gives start, end and precision.
    """

    type: str | None = None
    sources: tuple[str, ...] | None = None
    targets: tuple[str, ...] | None = None
    participants: tuple[str, ...] | None = None
    reverse: bool = False
    stage: str | None = None
    date_start: date | None = None
    date_end: date | None = None
    date_precision: str | None = None

    @property
    def empty(self) -> bool:
        return self == Correction()

    def to_dict(self) -> dict[str, Any]:
        """The fields set, JSON-ready."""
        out: dict[str, Any] = {}
        for name in ("type", "stage", "date_precision"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        for name in ("sources", "targets", "participants"):
            if getattr(self, name) is not None:
                out[name] = list(getattr(self, name))
        for name in ("date_start", "date_end"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value.isoformat()
        if self.reverse:
            out["reverse"] = True
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Correction:
        def codes(name: str) -> tuple[str, ...] | None:
            value = data.get(name)
            return None if value is None else tuple(str(v) for v in value)

        def day(name: str) -> date | None:
            value = data.get(name)
            return None if value is None else date.fromisoformat(str(value))

        return cls(
            type=data.get("type"),
            sources=codes("sources"),
            targets=codes("targets"),
            participants=codes("participants"),
            reverse=bool(data.get("reverse", False)),
            stage=data.get("stage"),
            date_start=day("date_start"),
            date_end=day("date_end"),
            date_precision=data.get("date_precision"),
        )


def check_correction(correction: Correction, current: EventState) -> None:
    """Raise ReviewError naming the field when a correction cannot apply to this event."""
    if correction.empty:
        raise ReviewError("correction", "nothing to correct: give a field to change")
    if correction.type is not None and correction.type not in EVENT_TYPES:
        raise ReviewError("type", f"unknown type {correction.type!r}: use {', '.join(EVENT_TYPES)}")
    if correction.stage is not None and correction.stage not in STAGES:
        raise ReviewError("stage", f"unknown stage {correction.stage!r}: use {', '.join(STAGES)}")
    if correction.date_precision is not None and correction.date_precision not in PRECISIONS:
        raise ReviewError(
            "date_precision",
            f"unknown precision {correction.date_precision!r}: use {', '.join(PRECISIONS)}",
        )
    if (
        correction.date_start
        and correction.date_end
        and correction.date_start > correction.date_end
    ):
        raise ReviewError("date", f"starts {correction.date_start} after it ends")
    entries = load_actor_lexicon().entries
    for name in ("sources", "targets", "participants"):
        for code in getattr(correction, name) or ():
            entry = entries.get(code)
            if entry is None or entry.kind == "group":
                raise ReviewError(name, f"{code!r} is not a party code of the actor lexicon")
    after = current.corrected(correction)
    if after == current:
        raise ReviewError("correction", "changes nothing: the event already reads so")
    if after.directed:
        if not after.sources or not after.targets:
            raise ReviewError("parties", f"{after.type} is directed: give sources and targets")
        if set(after.sources) & set(after.targets):
            raise ReviewError("parties", "a party cannot be both source and target")
    elif len(set(after.participants)) < 2:
        raise ReviewError("participants", f"{after.type} needs two or more participants")


# ---------------------------------------------------------------- an event's reviewable state


@dataclass(frozen=True, slots=True)
class EventState:
    """The fields of an event a review can see or change."""

    type: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    participants: tuple[str, ...]
    stage: str
    date_start: date | None
    date_end: date | None
    date_precision: str

    @property
    def directed(self) -> bool:
        return self.type in DIRECTED_TYPES

    @property
    def parties(self) -> frozenset[str]:
        return frozenset((*self.sources, *self.targets, *self.participants))

    def corrected(self, correction: Correction) -> EventState:
        """This state with a correction applied (roles follow a change of type)."""
        state = self
        if correction.reverse:
            state = replace(state, sources=state.targets, targets=state.sources)
        new_type = correction.type or state.type
        sources, targets, participants = state.sources, state.targets, state.participants
        if new_type in DIRECTED_TYPES and not state.directed:
            sources, targets, participants = participants[:1], participants[1:], ()
        elif new_type not in DIRECTED_TYPES and state.directed:
            sources, targets, participants = (), (), (*sources, *targets)
        if correction.sources is not None:
            sources = correction.sources
        if correction.targets is not None:
            targets = correction.targets
        if correction.participants is not None:
            participants = correction.participants
        if new_type in DIRECTED_TYPES:
            participants = ()
        else:
            participants = tuple(dict.fromkeys((*participants, *sources, *targets)))
            sources = targets = ()
        start = correction.date_start if correction.date_start else state.date_start
        end = correction.date_end if correction.date_end else state.date_end
        if correction.date_start and not correction.date_end:
            end = correction.date_start if state.date_end is None else state.date_end
            end = max(end, correction.date_start)
        precision = correction.date_precision or (
            "day" if correction.date_start and state.date_precision == "unknown" else None
        )
        return EventState(
            type=new_type,
            sources=tuple(dict.fromkeys(sources)),
            targets=tuple(dict.fromkeys(targets)),
            participants=participants,
            stage=correction.stage or state.stage,
            date_start=start,
            date_end=end,
            date_precision=precision or state.date_precision,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "sources": list(self.sources),
            "targets": list(self.targets),
            "participants": list(self.participants),
            "stage": self.stage,
            "date_start": self.date_start.isoformat() if self.date_start else None,
            "date_end": self.date_end.isoformat() if self.date_end else None,
            "date_precision": self.date_precision,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EventState:
        def day(name: str) -> date | None:
            value = data.get(name)
            return None if value is None else date.fromisoformat(str(value))

        return cls(
            type=str(data["type"]),
            sources=tuple(data.get("sources", ())),
            targets=tuple(data.get("targets", ())),
            participants=tuple(data.get("participants", ())),
            stage=str(data["stage"]),
            date_start=day("date_start"),
            date_end=day("date_end"),
            date_precision=str(data.get("date_precision") or "unknown"),
        )


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event as stored now: its state, where its evidence is, and its review columns."""

    event_id: int
    article_id: int
    state: EventState
    evidence: str
    evidence_start: int
    evidence_end: int
    trigger: str
    rule: str
    extractor_version: str
    incident_id: int | None
    review: str | None
    review_subject: int | None

    def anchor(self, content_hash: str) -> dict[str, Any]:
        """What identifies this event across re-extraction (stored with its first review)."""
        return {
            "article_id": self.article_id,
            "content_hash": content_hash,
            "evidence": self.evidence,
            "evidence_start": self.evidence_start,
            "evidence_end": self.evidence_end,
            "trigger": self.trigger,
            "rule": self.rule,
            "extractor_version": self.extractor_version,
            **self.state.to_dict(),
        }


_EVENTS_SQL = """
SELECT e.event_id, e.article_id, e.type, e.stage, e.date_start, e.date_end, e.date_precision,
    e.evidence, e.evidence_start, e.evidence_end, e.trigger, e.rule, e.extractor_version,
    e.incident_id, e.review, e.review_subject,
    x.sources, x.targets, x.participants
FROM events e
LEFT JOIN (
    SELECT event_id,
        array_agg(country ORDER BY position) FILTER (WHERE role = 'source') AS sources,
        array_agg(country ORDER BY position) FILTER (WHERE role = 'target') AS targets,
        array_agg(country ORDER BY position) FILTER (WHERE role = 'participant') AS participants
    FROM event_actors WHERE event_id IN (SELECT event_id FROM events e WHERE {where})
    GROUP BY event_id
) x ON x.event_id = e.event_id
WHERE {where}
ORDER BY e.event_id
"""


def _stored_events(
    connection: Connection, where: str, params: Sequence[object]
) -> list[StoredEvent]:
    sql = _EVENTS_SQL.format(where=where)
    rows = connection.execute(sql, [*params, *params]).fetchall()
    return [
        StoredEvent(
            event_id=int(r[0]),
            article_id=int(r[1]),
            state=EventState(
                type=r[2],
                sources=tuple(r[16] or ()),
                targets=tuple(r[17] or ()),
                participants=tuple(r[18] or ()),
                stage=r[3],
                date_start=r[4],
                date_end=r[5],
                date_precision=r[6],
            ),
            evidence=r[7],
            evidence_start=int(r[8]),
            evidence_end=int(r[9]),
            trigger=r[10],
            rule=r[11],
            extractor_version=r[12],
            incident_id=None if r[13] is None else int(r[13]),
            review=r[14],
            review_subject=None if r[15] is None else int(r[15]),
        )
        for r in rows
    ]


def stored_event(connection: Connection, event_id: int) -> StoredEvent | None:
    found = _stored_events(connection, "e.event_id = ?", [event_id])
    return found[0] if found else None


# ---------------------------------------------------------------- reviews and subjects


@dataclass(frozen=True, slots=True)
class Review:
    """One review action as stored."""

    review_id: int
    subject_id: int
    event_id: int | None
    article_id: int
    action: str
    reviewer: str
    note: str | None
    reviewed_at: datetime
    before: dict[str, Any]
    after: dict[str, Any]
    correction: Correction
    anchor: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "review_id": self.review_id,
            "subject_id": self.subject_id,
            "event_id": self.event_id,
            "article_id": self.article_id,
            "action": self.action,
            "reviewer": self.reviewer,
            "note": self.note,
            "reviewed_at": self.reviewed_at.isoformat(timespec="seconds"),
            "before": self.before,
            "after": self.after,
            "correction": self.correction.to_dict(),
        }


@dataclass(slots=True)
class Subject:
    """All reviews of one event, oldest first, and what they amount to."""

    subject_id: int
    article_id: int
    anchor: dict[str, Any]
    reviews: list[Review] = field(default_factory=list)

    @property
    def corrections(self) -> list[Correction]:
        """The corrections in the order made: each applies to the state the one before left."""
        return [review.correction for review in self.reviews if review.action == "correct"]

    @property
    def state(self) -> str:
        """accepted, corrected or rejected: the last accept/reject decides, corrections show."""
        last = next(
            (r.action for r in reversed(self.reviews) if r.action in ("accept", "reject")), None
        )
        if last == "reject":
            return "rejected"
        return "corrected" if self.corrections else "accepted"


def corrected(state: EventState, corrections: Iterable[Correction]) -> EventState:
    """A state with corrections applied in turn."""
    for correction in corrections:
        state = state.corrected(correction)
    return state


_REVIEW_COLUMNS = """review_id, subject_id, event_id, article_id, action, reviewer, note,
    reviewed_at, before_json, after_json, correction_json, anchor_json"""


def _review(row: Sequence[Any]) -> Review:
    return Review(
        review_id=int(row[0]),
        subject_id=int(row[1]),
        event_id=None if row[2] is None else int(row[2]),
        article_id=int(row[3]),
        action=str(row[4]),
        reviewer=str(row[5]),
        note=row[6],
        reviewed_at=row[7],
        before=json.loads(row[8]),
        after=json.loads(row[9]),
        correction=Correction.from_dict(json.loads(row[10])),
        anchor=json.loads(row[11]),
    )


def list_reviews(
    connection: Connection,
    *,
    event_id: int | None = None,
    subject_id: int | None = None,
    limit: int | None = None,
) -> list[Review]:
    """Reviews newest first: all, those of one subject, or those of the event now reviewed."""
    where, params = "TRUE", list[object]()
    if subject_id is not None:
        where, params = "subject_id = ?", [subject_id]
    elif event_id is not None:
        where = "subject_id IN (SELECT review_subject FROM events WHERE event_id = ?)"
        params = [event_id]
    rows = connection.execute(
        f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE {where} ORDER BY review_id DESC LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [_review(row) for row in rows]


def _subjects(connection: Connection, article_ids: Iterable[int] | None) -> list[Subject]:
    where, params = "TRUE", list[object]()
    if article_ids is not None:
        ids = sorted(set(article_ids))
        if not ids:
            return []
        where, params = f"article_id IN ({placeholders(len(ids))})", list(ids)
    rows = connection.execute(
        f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE {where} ORDER BY review_id", params
    ).fetchall()
    subjects: dict[int, Subject] = {}
    for row in rows:
        review = _review(row)
        subject = subjects.setdefault(
            review.subject_id, Subject(review.subject_id, review.article_id, review.anchor)
        )
        subject.reviews.append(review)
    return list(subjects.values())


# ---------------------------------------------------------------- writing a review


def review_event(
    store: Store,
    event_id: int,
    action: str,
    *,
    reviewer: str,
    note: str | None = None,
    correction: Correction | None = None,
) -> Review:
    """Record one review of a stored event and show it in the event, its incident and queries.

    Raises ReviewError for an unknown event, action, reviewer or a
    correction that cannot apply; nothing is written then.
    """
    if action not in ACTIONS:
        raise ReviewError("action", f"unknown action {action!r}: use {', '.join(ACTIONS)}")
    reviewer = reviewer.strip()
    if not reviewer:
        raise ReviewError("reviewer", "say who reviews (a name or initials)")
    correction = correction or Correction()
    if action != "correct" and not correction.empty:
        raise ReviewError("action", f"{action} takes no fields to change; use correct")
    with store.transaction() as connection:
        event = stored_event(connection, event_id)
        if event is None:
            raise ReviewError("event", f"no event {event_id}")
        if action == "correct":
            check_correction(correction, event.state)
        subject = _subject_of(connection, event)
        review_id = _next_review_id(connection)
        if subject is None:
            subject = Subject(review_id, event.article_id, event.anchor(_hash(connection, event)))
        before = {"review": event.review, **event.state.to_dict()}
        review = Review(
            review_id=review_id,
            subject_id=subject.subject_id,
            event_id=event.event_id,
            article_id=event.article_id,
            action=action,
            reviewer=reviewer,
            note=note.strip() if note and note.strip() else None,
            reviewed_at=datetime.now().replace(microsecond=0),
            before=before,
            after={},
            correction=correction,
            anchor=subject.anchor,
        )
        subject.reviews.append(review)
        # The event shows the earlier reviews already: only this correction is new to it.
        new = [correction] if action == "correct" else []
        after_state = corrected(event.state, new)
        review = replace(review, after={"review": subject.state, **after_state.to_dict()})
        _insert_review(connection, review)
        _materialise(connection, event, subject.subject_id, subject.state, new)
        _relink(connection, event.event_id)
    return review


def _subject_of(connection: Connection, event: StoredEvent) -> Subject | None:
    if event.review_subject is None:
        return None
    found = [
        s for s in _subjects(connection, [event.article_id]) if s.subject_id == event.review_subject
    ]
    return found[0] if found else None


def _hash(connection: Connection, event: StoredEvent) -> str:
    row = connection.execute(
        "SELECT content_hash FROM articles WHERE article_id = ?", [event.article_id]
    ).fetchone()
    return str(row[0]) if row else ""


def _next_review_id(connection: Connection) -> int:
    row = connection.execute("SELECT coalesce(max(review_id), 0) + 1 FROM reviews").fetchone()
    return int(row[0]) if row else 1


def _insert_review(connection: Connection, review: Review) -> None:
    connection.execute(
        f"INSERT INTO reviews ({_REVIEW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            review.review_id,
            review.subject_id,
            review.event_id,
            review.article_id,
            review.action,
            review.reviewer,
            review.note,
            review.reviewed_at,
            json.dumps(review.before, ensure_ascii=False),
            json.dumps(review.after, ensure_ascii=False),
            json.dumps(review.correction.to_dict(), ensure_ascii=False),
            json.dumps(review.anchor, ensure_ascii=False),
        ],
    )


# ---------------------------------------------------------------- materialising


def _materialise(
    connection: Connection,
    event: StoredEvent,
    subject_id: int,
    state: str,
    corrections: Sequence[Correction],
) -> None:
    """Write what the reviews say into the event's own rows (not its incident)."""
    after = corrected(event.state, corrections)
    connection.execute(
        """UPDATE events SET review = ?, review_subject = ?, type = ?, stage = ?,
               date_start = ?, date_end = ?, date_precision = ?
           WHERE event_id = ?""",
        [
            state,
            subject_id,
            after.type,
            after.stage,
            after.date_start,
            after.date_end,
            after.date_precision,
            event.event_id,
        ],
    )
    if after.type != event.state.type or (
        (after.sources, after.targets, after.participants)
        != (event.state.sources, event.state.targets, event.state.participants)
    ):
        _rewrite_parties(connection, event, after)


def _rewrite_parties(connection: Connection, event: StoredEvent, after: EventState) -> None:
    """New actors and dyads; an actor the extractor found keeps its text, kind and details."""
    rows = connection.execute(
        """SELECT role, country, text, kind, name, person, title, base FROM event_actors
           WHERE event_id = ? ORDER BY position""",
        [event.event_id],
    ).fetchall()
    known = {row[1]: row for row in rows}
    lexicon = load_actor_lexicon()
    roles = [("source", c) for c in after.sources] + [("target", c) for c in after.targets]
    roles += [("participant", c) for c in after.participants]
    actors: list[list[object]] = []
    for position, (role, code) in enumerate(roles):
        if code in known:
            _, _, text, kind, name, person, title, base = known[code]
        else:
            entry = lexicon.entries.get(code)
            text, kind = lexicon.name_of(code), (entry.kind if entry else "other")
            name = person = title = None
            base = entry.base if entry else None
        actors.append([event.event_id, position, role, code, text, kind, name, person, title, base])
    connection.execute("DELETE FROM event_actors WHERE event_id = ?", [event.event_id])
    connection.execute("DELETE FROM event_dyads WHERE event_id = ?", [event.event_id])
    for actor in actors:
        connection.execute("INSERT INTO event_actors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", actor)
    for a, b in _dyads(after):
        connection.execute(
            "INSERT INTO event_dyads VALUES (?, ?, ?, ?, ?)",
            [event.event_id, after.type, after.directed, a, b],
        )


def _dyads(state: EventState) -> list[tuple[str, str]]:
    """The scored tuples, as ingest stores them: (source, target), or each pair a < b."""
    if state.directed:
        pairs = [(s, t) for s in state.sources for t in state.targets if s != t]
    else:
        pairs = list(combinations(sorted(set(state.participants)), 2))
    return list(dict.fromkeys(pairs))


def _relink(connection: Connection, event_id: int) -> None:
    """Move one event to the incident its reviewed state belongs to (none when rejected)."""
    row = connection.execute(
        "SELECT incident_id, review FROM events WHERE event_id = ?", [event_id]
    ).fetchone()
    if row is None:
        return
    old, review = row
    connection.execute("UPDATE events SET incident_id = NULL WHERE event_id = ?", [event_id])
    if old is not None:
        _refresh_or_drop(connection, [int(old)])
    if review == "rejected":
        return
    merger = IncidentMerger(connection)
    links = merger.assign(load_event_facts(connection, [event_id]))
    connection.execute(
        "UPDATE events SET incident_id = ? WHERE event_id = ?", [links[event_id], event_id]
    )
    merger.refresh()


def _refresh_or_drop(connection: Connection, incident_ids: list[int]) -> None:
    """Recompute incidents that lost an event; delete those left with none."""
    rows = connection.execute(
        f"SELECT DISTINCT incident_id FROM events WHERE incident_id IN "
        f"({placeholders(len(incident_ids))})",
        incident_ids,
    ).fetchall()
    alive = {int(r[0]) for r in rows}
    empty = [i for i in incident_ids if i not in alive]
    if empty:
        connection.execute(
            f"DELETE FROM incidents WHERE incident_id IN ({placeholders(len(empty))})", empty
        )
    refresh_incidents(connection, alive)


# ---------------------------------------------------------------- after re-extraction


@dataclass(frozen=True, slots=True)
class Applied:
    """What `apply_reviews` did: subjects attached to an event, and those left without one."""

    attached: int
    unattached: int


def apply_reviews(connection: Connection, article_ids: Iterable[int] | None = None) -> Applied:
    """Attach every review subject of these articles (all when None) to its event again.

    Run inside the transaction that re-extracted the articles. Each subject
    takes the best-matching current event of its article (see the module
    docstring); its state is written into that event's rows. Incidents are
    left to the caller (reprocess rebuilds them all, skipping rejected events).
    """
    subjects = _subjects(connection, article_ids)
    attached = 0
    by_article: dict[int, list[Subject]] = {}
    for subject in subjects:
        by_article.setdefault(subject.article_id, []).append(subject)
    for article_id, group in sorted(by_article.items()):
        # Only fresh events: one that shows a review already would be corrected twice.
        events = [
            event
            for event in _stored_events(connection, "e.article_id = ?", [article_id])
            if event.review_subject is None
        ]
        for subject, event in _match(group, events):
            _materialise(connection, event, subject.subject_id, subject.state, subject.corrections)
            attached += 1
    return Applied(attached, len(subjects) - attached)


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _score(subject: Subject, event: StoredEvent) -> float:
    """How surely `event` is the one the subject reviewed; 0 when it cannot be."""
    anchor = subject.anchor
    first = EventState.from_dict(anchor)
    wanted = [first, corrected(first, subject.corrections)]
    if _normal(event.evidence) == _normal(anchor["evidence"]):
        score = 4.0
    elif (
        event.evidence_start < anchor["evidence_end"]
        and anchor["evidence_start"] < event.evidence_end
        and _alike(event.evidence, anchor["evidence"], 0.5)
    ) or _alike(event.evidence, anchor["evidence"], SIMILAR_SENTENCE):
        score = 3.0
    else:
        return 0.0
    state = event.state
    same_type = any(state.type == w.type for w in wanted)
    same_parties = any(state.parties == w.parties for w in wanted)
    if not (same_type or same_parties) or not any(state.parties & w.parties for w in wanted):
        return 0.0
    score += 2.0 * same_type + 2.0 * same_parties
    if any((state.sources, state.targets) == (w.sources, w.targets) for w in wanted):
        score += 1.0
    if event.trigger == anchor.get("trigger"):
        score += 1.0
    # nearer offsets break ties between events of one sentence
    return score - abs(event.evidence_start - int(anchor["evidence_start"])) / 1e9


def _alike(first: str, second: str, threshold: float) -> bool:
    return difflib.SequenceMatcher(None, _normal(first), _normal(second)).ratio() >= threshold


def _match(subjects: list[Subject], events: list[StoredEvent]) -> list[tuple[Subject, StoredEvent]]:
    """Best pairs first, each subject and each event used once."""
    scored = sorted(
        (
            (-score, subject.subject_id, event.event_id, subject, event)
            for subject in subjects
            for event in events
            if (score := _score(subject, event)) > 0
        ),
        key=lambda item: item[:3],
    )
    taken_subjects: set[int] = set()
    taken_events: set[int] = set()
    pairs = []
    for _, subject_id, event_id, subject, event in scored:
        if subject_id in taken_subjects or event_id in taken_events:
            continue
        taken_subjects.add(subject_id)
        taken_events.add(event_id)
        pairs.append((subject, event))
    return pairs


# ---------------------------------------------------------------- gold


def reviewed_gold(connection: Connection) -> dict[str, Any]:
    """The reviewed events in the gold format `pactwatch eval` reads (seeds.gold.json).

    One entry per article with an attached review: accepted and corrected
    events as required events (type, parties, stage and date as reviewed),
    rejected ones under `must_not`. Notes say who reviewed and the event id.
    """
    rows = connection.execute(
        """SELECT e.event_id, a.doc_id, a.published, e.review
           FROM events e JOIN articles a ON a.article_id = e.article_id
           WHERE e.review IS NOT NULL
           ORDER BY a.doc_id, e.event_id"""
    ).fetchall()
    reviewers = _last_reviewers(connection)
    articles: dict[str, dict[str, Any]] = {}
    for event_id, doc_id, published, review in rows:
        event = stored_event(connection, int(event_id))
        assert event is not None
        name = str(doc_id).replace("\\", "/").rsplit("/", 1)[-1]
        entry = articles.setdefault(
            name,
            {
                "article": name,
                "published": published.isoformat() if published else None,
                "events": [],
                "must_not": [],
            },
        )
        gold = _gold_event(event.state)
        who = reviewers.get(event.review_subject or -1, "")
        gold["note"] = f"{review} by {who}: event {event_id}" if who else f"event {event_id}"
        (entry["must_not"] if review == "rejected" else entry["events"]).append(gold)
    return {
        "about": "Events reviewed in a pactwatch store (pactwatch export --reviewed): "
        "accepted and corrected events are required, rejected ones must not be found.",
        "articles": list(articles.values()),
    }


def _gold_event(state: EventState) -> dict[str, Any]:
    event: dict[str, Any] = {"types": [state.type]}
    if state.directed:
        event["source"] = list(state.sources)
        event["target"] = list(state.targets)
    else:
        event["participants"] = list(state.participants)
    event["stage"] = state.stage
    if state.date_start is not None:
        event["date"] = {
            "start": state.date_start.isoformat(),
            "end": (state.date_end or state.date_start).isoformat(),
            "precision": state.date_precision,
        }
    event["required"] = True
    return event


def _last_reviewers(connection: Connection) -> dict[int, str]:
    rows = connection.execute(
        "SELECT subject_id, reviewer FROM reviews ORDER BY review_id"
    ).fetchall()
    return {int(subject): str(who) for subject, who in rows}
