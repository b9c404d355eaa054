"""The typed core every pipeline stage passes along.

Spans leave a stage only as character offsets into the cleaned article text,
so evidence can always be traced back to the words it came from.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal, get_args

EventType = Literal[
    "arms_transfer",
    "military_aid",
    "training",
    "joint_exercise",
    "defense_agreement",
    "basing_access",
    "defense_industry",
    "defense_meeting",
    "security_cooperation",
    "sanction",
    "condemnation",
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]

#: Types whose actors are source -> target; the others list participants.
DIRECTED_TYPES: frozenset[str] = frozenset(
    {"arms_transfer", "military_aid", "training", "basing_access", "sanction", "condemnation"}
)

Stage = Literal["offered", "requested", "planned", "agreed", "occurred"]
STAGES: tuple[str, ...] = Stage.__args__  # type: ignore[attr-defined]
Certainty = Literal["stated", "claimed", "denied"]
Precision = Literal["day", "month", "year", "unknown"]
DateRelation = Literal["on", "since", "by", "until", "before"]
ActorKind = Literal[
    "state", "government", "military", "official", "organization", "armed_group", "company", "other"
]
ACTOR_KINDS: tuple[ActorKind, ...] = get_args(ActorKind)
Role = Literal["source", "target", "participant"]


@dataclass(frozen=True, slots=True)
class Article:
    """One input document after cleaning: the text every offset points into."""

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    path: str | None = None
    #: Where `published` came from: "argument", "json", "sidecar", "html", "url", "text"
    #: or "unknown" (the order of trust `pipeline.published_source` follows).
    published_from: str = "unknown"
    #: The outlet a sidecar index names; None lets the store take the URL's host.
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class Token:
    """A parsed word, free of spaCy so no stage downstream of nlp/ depends on it."""

    i: int  # index within the sentence
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int  # index within the sentence of the syntactic head (itself for the root)
    start: int  # character offsets into Article.text
    end: int
    ent_type: str = ""


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...] = ()


@dataclass(frozen=True, slots=True)
class Actor:
    """A party to an event, resolved to a country or organisation code.

    `role` is empty while an actor is only found in a sentence, before a frame
    gives it its part in an event.
    """

    role: Role | Literal[""]
    country: str
    text: str
    kind: ActorKind = "state"
    name: str | None = None
    person: str | None = None
    title: str | None = None
    base: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True, slots=True)
class EventDate:
    """When an event happened, as far as its text says (see `pactwatch.dates.choice`).

    `start`..`end` is the span the event falls in; either may be None (unbounded).
    `precision` is day, month or year when the text dates the event itself, and
    "unknown" for a bound alone ("on or before publication": start None, end the
    publication day). `relation` says how the event stands to the span: "on" (it
    happened then), "since" (it began at start and goes on), "by" (a deadline: planned
    to happen by end), "until" (it lasts until end) or "before" (on or before end).
    `scope` is where the date was found: the event's own "clause", its "sentence", or
    the "article" (its publication day).
    """

    start: date | None = None
    end: date | None = None
    precision: Precision = "unknown"
    text: str | None = None
    relation: DateRelation = "on"
    scope: str = ""

    @property
    def dated(self) -> bool:
        """A date of the event's own (day, month or year), not just a bound."""
        return self.start is not None and self.precision != "unknown"

    @property
    def deadline(self) -> bool:
        """The event is due by `end` ("by 2026", "until 2030"): planned, not occurred."""
        return self.relation in ("by", "until")

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "precision": self.precision,
            "text": self.text,
            "relation": self.relation,
            "scope": self.scope or None,
        }


UNKNOWN_DATE = EventDate()


@dataclass(frozen=True, slots=True)
class Evidence:
    sentence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Location:
    name: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One extracted event, with everything needed to trust or reject it."""

    article: str
    type: EventType
    actors: tuple[Actor, ...]
    stage: Stage
    evidence: Evidence
    certainty: Certainty = "stated"
    published: date | None = None
    claimed_by: tuple[str, ...] = ()
    denied_by: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    date: EventDate = UNKNOWN_DATE
    location: Location | None = None
    confidence: float = 0.5
    #: Which rule produced the event and the trigger word it fired on (for `explain`).
    rule: str = ""
    trigger: str = ""
    extractor_version: str = ""
    extras: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def directed(self) -> bool:
        return self.type in DIRECTED_TYPES

    def sources(self) -> list[str]:
        return [a.country for a in self.actors if a.role == "source"]

    def targets(self) -> list[str]:
        return [a.country for a in self.actors if a.role == "target"]

    def participants(self) -> list[str]:
        return [a.country for a in self.actors if a.role == "participant"]

    def to_dict(self) -> dict[str, Any]:
        """The spec's JSON form (shared/spec/events.md) plus rule and version."""
        return {
            "article": self.article,
            "published": self.published.isoformat() if self.published else None,
            "type": self.type,
            "actors": [a.to_dict() for a in self.actors],
            "stage": self.stage,
            "certainty": self.certainty,
            "claimed_by": list(self.claimed_by),
            "denied_by": list(self.denied_by),
            "equipment": list(self.equipment),
            "date": self.date.to_dict(),
            "location": (
                {"name": self.location.name, "country": self.location.country}
                if self.location
                else None
            ),
            "evidence": {
                "sentence": self.evidence.sentence,
                "start": self.evidence.start,
                "end": self.evidence.end,
            },
            "confidence": round(self.confidence, 3),
            "rule": self.rule,
            "trigger": self.trigger,
            "extractor_version": self.extractor_version,
        }
