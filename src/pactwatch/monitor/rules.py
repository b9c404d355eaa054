"""Watch rules: which incidents an analyst follows, and which of their changes to hear about.

A rule is a conjunction of filters on an incident (its type, the countries
involved, the pair it is between, its stage) plus the kinds of change it
alerts on. An empty filter matches everything, so `{name: all}` follows every
incident. Rules are pure data here; config.py reads them from FEEDS.yaml and
alerts.py decides what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: What each kind of alert reports, in the order a change is described.
ALERT_KINDS: dict[str, str] = {
    "incident": "a new incident",
    "source": "a new outlet reporting a known incident",
    "stage": "a change of stage (e.g. planned -> occurred)",
    "certainty": "a change of certainty (stated, claimed, denied, disputed)",
    "denial": "a denial of an existing claim (the incident became disputed)",
}


@dataclass(frozen=True, slots=True)
class IncidentState:
    """An incident as the store holds it now: what rules match and alerts compare."""

    incident_id: int
    type: str
    parties: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    participants: tuple[str, ...]
    stage: str
    #: "stated", "claimed" or "denied" from its events, "disputed" when they conflict
    certainty: str
    certainty_conflict: bool
    n_articles: int
    n_outlets: int
    claimed_by: tuple[str, ...]
    denied_by: tuple[str, ...]
    equipment: tuple[str, ...]
    date_start: date | None
    date_end: date | None

    def describe(self) -> str:
        """ "arms_transfer IRN>RUS (occurred, claimed; drones)": one line for a person."""
        equipment = f"; {', '.join(self.equipment)}" if self.equipment else ""
        return f"{self.type} {self.parties} ({self.stage}, {self.certainty}{equipment})"


@dataclass(frozen=True, slots=True)
class WatchRule:
    """One rule of FEEDS.yaml's `watch` list; empty filters match any incident."""

    name: str
    types: frozenset[str] = frozenset()
    #: any of these codes among the incident's parties
    involving: frozenset[str] = frozenset()
    #: all of these codes among the incident's parties
    between: frozenset[str] = frozenset()
    stages: frozenset[str] = frozenset()
    #: the changes this rule alerts on
    kinds: frozenset[str] = frozenset(ALERT_KINDS)

    def matches(self, incident: IncidentState) -> bool:
        parties = set(incident.participants)
        return (
            (not self.types or incident.type in self.types)
            and (not self.involving or bool(parties & self.involving))
            and self.between <= parties
            and (not self.stages or incident.stage in self.stages)
        )

    def wants(self, kind: str) -> bool:
        return kind in self.kinds
