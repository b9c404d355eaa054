"""The units that are scored: a predicted tuple and a gold tuple with its alternatives.

Loading, scoring and the report all speak in these, so they sit below all three and
depend on nothing but the event types.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pactwatch.models import DIRECTED_TYPES

# --------------------------------------------------------------------------- tuples


def _pair_label(first: str, second: str, directed: bool) -> str:
    return f"{first} -> {second}" if directed else f"{{{first}, {second}}}"


@dataclass(frozen=True, slots=True)
class EventTuple:
    """One scored unit of a prediction; undirected pairs are kept sorted."""

    type: str
    first: str
    second: str
    directed: bool

    @classmethod
    def of(cls, type_: str, a: str, b: str) -> EventTuple:
        if type_ in DIRECTED_TYPES:
            return cls(type_, a, b, True)
        low, high = sorted((a, b))
        return cls(type_, low, high, False)

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.first, self.second))

    def label(self) -> str:
        return f"{self.type} {_pair_label(self.first, self.second, self.directed)}"

    def to_dict(self) -> dict[str, Any]:
        if self.directed:
            return {"type": self.type, "source": self.first, "target": self.second}
        return {"type": self.type, "participants": [self.first, self.second]}


@dataclass(frozen=True, slots=True)
class GoldTuple:
    """One gold unit: a pair with acceptable types, direction when the gold gives one."""

    types: tuple[str, ...]
    first: str
    second: str
    directed: bool
    stages: tuple[str, ...] = ()
    note: str = ""

    @property
    def primary_type(self) -> str:
        return self.types[0]

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.first, self.second))

    @property
    def identity(self) -> tuple[tuple[str, ...], str, str, bool]:
        """What makes two gold tuples the same tuple (stage and note aside)."""
        return (self.types, self.first, self.second, self.directed)

    def accepts(self, predicted: EventTuple) -> bool:
        if predicted.type not in self.types or predicted.pair != self.pair:
            return False
        if self.directed and predicted.directed:
            return (predicted.first, predicted.second) == (self.first, self.second)
        return True

    def reversed_by(self, predicted: EventTuple) -> bool:
        """True when `predicted` names this directed tuple the wrong way round."""
        return (
            self.directed
            and predicted.directed
            and predicted.type in self.types
            and (predicted.first, predicted.second) == (self.second, self.first)
        )

    def label(self) -> str:
        return f"{'|'.join(self.types)} {_pair_label(self.first, self.second, self.directed)}"

    def to_dict(self) -> dict[str, Any]:
        parties: dict[str, Any] = (
            {"source": self.first, "target": self.second}
            if self.directed
            else {"participants": [self.first, self.second]}
        )
        stage = self.stages[0] if self.stages else None
        return {"types": list(self.types), **parties, "stage": stage, "note": self.note}
