"""Denials that follow a claim: "Ukraine said Iran had sent drones; Tehran denied it."

The denial names no event of its own, only "it", "the claims" or "the
reports", so it is read from the text right after the claim: later in the same
sentence or at the start of the next one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from pactwatch.actors.mentions import Mention
from pactwatch.models import Event

_DENIAL = re.compile(
    r"^[\s;,—–-]*(?:but |however,? |and |while )?(?:the\s+)?(?P<who>.{1,60}?)"
    r"(?:'s [a-z ]{0,30})?\s+(?:has |have |had |quickly |swiftly |strongly |flatly )*"
    r"(?:denied|rejected|dismissed|refuted|denies|rejects|dismisses)\s+"
    r"(?:it|this|that|them|the (?:claims?|allegations?|reports?|accusations?|charges?))\b",
    re.IGNORECASE,
)


def denier(text: str, mentions: Sequence[Mention], offset: int) -> list[str]:
    """Codes of who denies "it" at the start of `text` (offsets of mentions are article-wide)."""
    match = _DENIAL.match(text)
    if not match:
        return []
    start, end = offset + match.start("who"), offset + match.end("who")
    return [m.code for m in mentions if m.start >= start and m.end <= end + 20]


def apply_denial(events: Sequence[Event], codes: Sequence[str]) -> list[Event]:
    """Mark the events as denied by `codes` (a claimant never denies its own claim)."""
    if not codes:
        return list(events)
    out: list[Event] = []
    for event in events:
        deniers = tuple(c for c in codes if c not in event.claimed_by and c not in event.denied_by)
        if not deniers:
            out.append(event)
            continue
        out.append(
            replace(
                event,
                denied_by=event.denied_by + deniers,
                certainty="denied" if event.certainty == "stated" else event.certainty,
                rule=event.rule + "+denied-after",
            )
        )
    return out
