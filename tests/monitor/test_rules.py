"""Watch rules match incidents, and alerts name exactly what changed."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from pactwatch.monitor.alerts import Mark, changes
from pactwatch.monitor.rules import IncidentState, WatchRule

DRONES = IncidentState(
    incident_id=7,
    type="arms_transfer",
    parties="IRN>RUS",
    sources=("IRN",),
    targets=("RUS",),
    participants=("IRN", "RUS"),
    stage="occurred",
    certainty="claimed",
    certainty_conflict=False,
    n_articles=1,
    n_outlets=1,
    claimed_by=("UKR",),
    denied_by=(),
    equipment=("drones",),
    date_start=None,
    date_end=None,
)


@pytest.mark.parametrize(
    ("rule", "matches"),
    [
        (WatchRule("all"), True),
        (WatchRule("t", types=frozenset({"arms_transfer", "training"})), True),
        (WatchRule("t", types=frozenset({"sanction"})), False),
        (WatchRule("i", involving=frozenset({"IRN", "CHN"})), True),
        (WatchRule("i", involving=frozenset({"CHN"})), False),
        (WatchRule("b", between=frozenset({"RUS", "IRN"})), True),
        (WatchRule("b", between=frozenset({"RUS", "PRK"})), False),
        (WatchRule("s", stages=frozenset({"planned"})), False),
    ],
)
def test_rule_matching(rule: WatchRule, matches: bool) -> None:
    assert rule.matches(DRONES) is matches


def now(**changed: Any) -> IncidentState:
    return dataclasses.replace(DRONES, **changed)


BEFORE = Mark.of(DRONES)


@pytest.mark.parametrize(
    ("before", "incident", "kinds"),
    [
        (None, DRONES, [("incident", "new")]),
        (BEFORE, DRONES, []),
        (BEFORE, now(n_articles=2), []),
        (BEFORE, now(n_articles=2, n_outlets=2), [("source", "outlets=2")]),
        (BEFORE, now(stage="agreed"), [("stage", "occurred->agreed")]),
        (
            BEFORE,
            now(certainty="disputed", certainty_conflict=True, denied_by=("IRN",)),
            [("certainty", "claimed->disputed"), ("denial", "conflict")],
        ),
        (
            None,
            now(certainty="disputed", certainty_conflict=True),
            [("incident", "new"), ("denial", "conflict")],
        ),
    ],
)
def test_changes_name_what_is_new(
    before: Mark | None, incident: IncidentState, kinds: list[tuple[str, str]]
) -> None:
    assert [(c.kind, c.detail) for c in changes(before, incident)] == kinds
