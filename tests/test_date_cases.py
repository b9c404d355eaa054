"""The hand-written date table in cases/date_cases.yaml: one pytest case per sentence.

Each case runs the whole extractor (`pactwatch.extract`) with its publication date and
checks the date of the events it names: which mention dates the event, how it resolves
against the publication day, and what it says about the event (relation, scope).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from pactwatch import extract
from pactwatch.models import EventDate

CASES_FILE = Path(__file__).parent / "cases" / "date_cases.yaml"
_REQUIRED = ("start", "end", "precision", "relation")
_OPTIONAL = ("text", "scope")


@dataclass(frozen=True, slots=True)
class DateCase:
    id: str
    text: str
    published: date | None
    type: str | None
    expected: dict[str, Any]


def _day(value: object) -> str | None:
    """YAML reads 2023-05-12 as a date; compare as ISO text, like EventDate.to_dict."""
    return value.isoformat() if isinstance(value, date) else (None if value is None else str(value))


def _load() -> list[DateCase]:
    raw = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    cases = []
    for entry in raw:
        expected = dict(entry["date"])
        missing = [key for key in _REQUIRED if key not in expected]
        unknown = set(expected) - set(_REQUIRED) - set(_OPTIONAL)
        assert not missing and not unknown, f"{entry['id']}: missing {missing}, unknown {unknown}"
        for key in ("start", "end"):
            expected[key] = _day(expected[key])
        cases.append(
            DateCase(entry["id"], entry["text"], entry["published"], entry.get("type"), expected)
        )
    return cases


CASES = _load()


def test_the_table_is_large_and_ids_are_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) >= 150 and len(set(ids)) == len(ids)
    assert any(c.published is None for c in CASES) and any(c.published for c in CASES)


def _shown(found: EventDate, keys: dict[str, Any]) -> dict[str, Any]:
    got = found.to_dict()
    return {key: got[key] for key in keys}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_date_case(case: DateCase) -> None:
    events = extract(case.text, case.published)
    chosen = [e for e in events if case.type is None or e.type == case.type]
    assert chosen, f"no {case.type or ''} event in {case.text!r}: {[e.type for e in events]}"
    for event in chosen:
        assert _shown(event.date, case.expected) == case.expected, (event.type, event.date)
