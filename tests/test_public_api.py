"""The public Python API: what `import pactwatch` offers and promises."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from datetime import date
from types import ModuleType
from typing import Any

import pytest

import pactwatch
from pactwatch import Actor, Article, Event, EventDate, Evidence, extract

#: Names that start with an underscore but are public all the same.
PUBLIC_DUNDERS = {"__version__"}


def public_names(module: ModuleType) -> set[str]:
    """Public attributes defined by the package itself, not its submodules."""
    return {
        name
        for name, value in vars(module).items()
        if (not name.startswith("_") or name in PUBLIC_DUNDERS)
        and not isinstance(value, ModuleType)
    }


def test_all_lists_exactly_the_public_names() -> None:
    assert set(pactwatch.__all__) == public_names(pactwatch)
    assert pactwatch.__all__ == sorted(pactwatch.__all__)
    assert len(set(pactwatch.__all__)) == len(pactwatch.__all__)


@pytest.mark.parametrize("name", pactwatch.__all__)
def test_each_exported_name_exists(name: str) -> None:
    assert getattr(pactwatch, name) is not None


def test_version_is_a_string() -> None:
    assert isinstance(pactwatch.__version__, str)
    assert pactwatch.__version__.count(".") >= 1


def test_import_does_not_load_spacy() -> None:
    """Importing the package must stay cheap: the model loads on first use only."""
    code = (
        "import sys, pactwatch; "
        "print(sorted(m for m in sys.modules if m == 'spacy' or m.startswith('spacy.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]", result.stdout


# ------------------------------------------------------------------ extract


@pytest.fixture(scope="module")
def drone_events() -> list[Event]:
    return extract("Iran sent drones to Russia last month.", published="2022-12-10")


def test_extract_finds_the_transfer(drone_events: list[Event]) -> None:
    assert len(drone_events) == 1
    (event,) = drone_events
    assert event.type == "arms_transfer"
    assert event.sources() == ["IRN"]
    assert event.targets() == ["RUS"]
    assert event.stage == "occurred"
    assert event.published == date(2022, 12, 10)


def test_extract_resolves_the_relative_date(drone_events: list[Event]) -> None:
    (event,) = drone_events
    assert event.date.start == date(2022, 11, 1)
    assert event.date.end == date(2022, 11, 30)
    assert event.date.precision == "month"


def test_extract_evidence_points_into_the_text(drone_events: list[Event]) -> None:
    text = "Iran sent drones to Russia last month."
    (event,) = drone_events
    assert text[event.evidence.start : event.evidence.end] == event.evidence.sentence
    assert event.rule and event.extractor_version


@pytest.mark.parametrize("published", ["2022-12-10", date(2022, 12, 10)])
def test_extract_accepts_a_date_or_a_string(published: str | date) -> None:
    (event,) = extract("Iran sent drones to Russia last month.", published=published)
    assert event.date.start == date(2022, 11, 1)


def test_extract_without_published_keeps_the_date_text() -> None:
    (event,) = extract("Iran sent drones to Russia last month.")
    assert event.date.precision == "unknown"
    assert event.date.start is None
    assert event.date.text == "last month"


def test_extract_rejects_an_unreadable_date() -> None:
    with pytest.raises(ValueError, match="not-a-date"):
        extract("Iran sent drones to Russia last month.", published="not-a-date")


@pytest.mark.parametrize(
    "text",
    ["", "   ", "The weather in Paris was mild on Tuesday.", "Iran and Russia."],
)
def test_extract_finds_nothing_in_text_without_events(text: str) -> None:
    assert extract(text, published="2022-12-10") == []


# ------------------------------------------------------------- dataclasses

FROZEN_INSTANCES: list[tuple[object, str]] = [
    (Actor(role="source", country="IRN", text="Iran"), "country"),
    (EventDate(start=date(2022, 11, 1)), "start"),
    (Evidence(sentence="x", start=0, end=1), "start"),
    (Article(id="a", text="text"), "text"),
]


@pytest.mark.parametrize(
    ("instance", "field"), FROZEN_INSTANCES, ids=[type(i).__name__ for i, _ in FROZEN_INSTANCES]
)
def test_core_types_are_frozen(instance: object, field: str) -> None:
    assert dataclasses.is_dataclass(instance)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(instance, field, None)


def test_events_are_frozen(drone_events: list[Event]) -> None:
    (event,) = drone_events
    assert dataclasses.is_dataclass(event)
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.type = "sanction"  # type: ignore[misc]


def test_to_dict_round_trips_through_json(drone_events: list[Event]) -> None:
    (event,) = drone_events
    record: dict[str, Any] = event.to_dict()
    assert json.loads(json.dumps(record)) == record
    assert record["date"] == {
        "start": "2022-11-01",
        "end": "2022-11-30",
        "precision": "month",
        "text": "last month",
        "relation": "on",
        "scope": "clause",
    }
    assert [(a["role"], a["country"]) for a in record["actors"]] == [
        ("source", "IRN"),
        ("target", "RUS"),
    ]
