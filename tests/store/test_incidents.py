"""Incidents: events of several reports that describe one happening are merged."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pactwatch.ingest import ingest
from pactwatch.store import Store, check_integrity
from pactwatch.store.incidents import (
    EventFacts,
    IncidentView,
    dates_compatible,
    equipment_overlaps,
    parties_key,
)

D = date


@pytest.mark.parametrize(
    ("event_type", "sources", "targets", "participants", "expected"),
    [
        ("arms_transfer", ["IRN"], ["RUS"], [], "IRN>RUS"),
        ("condemnation", ["USA"], ["RUS", "IRN"], [], "USA>IRN,RUS"),
        ("condemnation", ["USA"], ["IRN", "RUS", "IRN"], [], "USA>IRN,RUS"),
        ("sanction", ["USA", "GBR"], ["IRN"], [], "GBR,USA>IRN"),
        ("joint_exercise", [], [], ["RUS", "IRN"], "IRN+RUS"),
        ("defense_meeting", [], [], ["RUS", "CHN", "IRN"], "CHN+IRN+RUS"),
    ],
)
def test_parties_are_canonical(
    event_type: str, sources: list[str], targets: list[str], participants: list[str], expected: str
) -> None:
    assert parties_key(event_type, sources, targets, participants) == expected


def _facts(
    start: date | None = None, end: date | None = None, published: date | None = None
) -> EventFacts:
    return EventFacts(1, "arms_transfer", ("IRN",), ("RUS",), (), start, end, published, ())


def _view(
    start: date | None = None,
    end: date | None = None,
    first: date | None = None,
    last: date | None = None,
) -> IncidentView:
    return IncidentView(1, start, end, first, last)


@pytest.mark.parametrize(
    ("event", "incident", "compatible"),
    [
        # both dated: the ranges must overlap
        (_facts(D(2022, 11, 1), D(2022, 11, 30)), _view(D(2022, 11, 15), D(2022, 11, 15)), True),
        (_facts(D(2022, 11, 1), D(2022, 11, 30)), _view(D(2022, 12, 9), D(2022, 12, 9)), False),
        (_facts(D(2022, 12, 9)), _view(D(2022, 12, 9)), True),
        (_facts(D(2022, 12, 9), published=D(2022, 12, 10)), _view(D(2021, 1, 1)), False),
        # a date unknown: publication within 60 days of the incident's reports
        (_facts(published=D(2022, 12, 10)), _view(first=D(2022, 12, 1), last=D(2022, 12, 5)), True),
        (_facts(published=D(2023, 1, 28)), _view(first=D(2022, 11, 1), last=D(2022, 11, 29)), True),
        (_facts(published=D(2023, 6, 1)), _view(first=D(2022, 11, 1), last=D(2022, 12, 1)), False),
        (_facts(published=D(2022, 8, 1)), _view(first=D(2022, 11, 1), last=D(2022, 12, 1)), False),
        (_facts(D(2022, 12, 9), published=D(2022, 12, 10)), _view(first=D(2022, 12, 1)), True),
        # a publication date unknown: compatible
        (_facts(), _view(first=D(2015, 1, 1), last=D(2015, 1, 1)), True),
        (_facts(published=D(2022, 12, 10)), _view(), True),
    ],
)
def test_dates_are_compatible(event: EventFacts, incident: IncidentView, compatible: bool) -> None:
    assert dates_compatible(event, incident) is compatible


@pytest.mark.parametrize(
    ("first", "second", "overlap"),
    [
        ([], ["S-400"], True),
        (["drones"], [], True),
        (["Drones"], ["drones"], True),
        (["drones"], ["Shahed drones"], True),
        (["S-400", "S-400 air defence"], ["air defence systems"], True),
        (["drones"], ["ballistic missiles"], False),
        (["Su-35"], ["S-400"], False),
        (["air jet"], ["jet air"], False),  # words under four letters do not count
    ],
)
def test_equipment_overlaps(first: list[str], second: list[str], overlap: bool) -> None:
    assert equipment_overlaps(first, second) is overlap
    assert equipment_overlaps(second, first) is overlap


def _incidents(store: Store) -> list[dict[str, Any]]:
    cursor = store.connection.execute("SELECT * FROM incidents ORDER BY incident_id")
    names = [column[0] for column in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_the_two_reports_of_the_us_statement_share_incidents(
    store: Store, samples_dir: Path
) -> None:
    """Kirby (002, AFP) and Price (004) report one US statement on Iran–Russia ties."""
    ingest(store, [samples_dir / "002_1afe1fed452732b0.txt"])
    ingest(store, [samples_dir / "004_105da86cbff68d84.txt"])
    incidents = _incidents(store)
    shared = {(i["type"], i["parties"]) for i in incidents if i["n_articles"] == 2}
    wanted = {("military_aid", "RUS>IRN"), ("arms_transfer", "IRN>RUS")}
    assert wanted <= shared, "\n".join(map(str, incidents))
    for incident in incidents:
        if incident["n_articles"] == 2:
            assert incident["n_outlets"] == 2  # files without URL: each its own outlet
            assert incident["first_seen"] == incident["last_seen"] == D(2022, 12, 10)
    assert all(check.ok for check in check_integrity(store))


#: One happening (Russia's first S-400 delivery to Turkey) told by four outlets,
#: one of which denies it, and two other happenings of the same type and parties.
S400_REPORTS = [
    (
        "reuters-1",
        "https://www.reuters.com/a",
        "2019-07-13",
        "Russia delivered the first S-400 air defence missiles to Turkey on Friday, the Turkish "
        "defence ministry said. More deliveries are expected in the coming weeks, according to "
        "officials in Ankara.",
    ),
    (
        "ap-1",
        "https://apnews.com/b",
        "2019-07-14",
        "Moscow shipped the S-400 air defence systems to Ankara on Friday despite objections "
        "from its NATO allies. Washington has warned that the purchase could bring sanctions.",
    ),
    (
        "reuters-2",
        "https://reuters.com/c",
        "2019-07-15",
        "A second Russian cargo plane carrying S-400 missile parts landed near Ankara on "
        "Saturday. Turkey began receiving the S-400 systems from Russia on July 12, the "
        "ministry said.",
    ),
    (
        "tass-1",
        "https://tass.com/d",
        "2019-07-16",
        "The Kremlin denied on Tuesday that Russia had delivered S-400 missiles to Turkey, "
        "calling the reports premature. Officials in Moscow declined to comment further on the "
        "matter.",
    ),
    (
        "jets",
        "https://apnews.com/e",
        "2019-07-14",
        "Russia delivered Su-35 fighter jets to Turkey on Friday, officials said, in a move "
        "that surprised the NATO allies of Ankara and drew criticism from Washington.",
    ),
    (
        "next-year",
        "https://reuters.com/f",
        "2020-08-29",
        "Russia delivered a second batch of S-400 air defence missiles to Turkey on Friday, "
        "the Turkish defence ministry said, a year after the first deliveries to Ankara.",
    ),
]


def _write_feed(path: Path, reports: list[tuple[str, str, str, str]]) -> Path:
    lines = [
        json.dumps({"id": doc_id, "url": url, "published": published, "text": text})
        for doc_id, url, published, text in reports
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_an_incident_counts_articles_outlets_and_conflict(store: Store, tmp_path: Path) -> None:
    summary = ingest(store, [_write_feed(tmp_path / "s400.jsonl", S400_REPORTS)])
    assert summary.new == len(S400_REPORTS)
    transfers = [i for i in _incidents(store) if i["type"] == "arms_transfer"]
    first, jets, later = transfers  # other types the texts may also yield are not at issue
    assert (first["type"], first["parties"], first["stage"]) == (
        "arms_transfer",
        "RUS>TUR",
        "occurred",
    )
    assert (first["n_events"], first["n_articles"], first["n_outlets"]) == (4, 4, 3)
    assert (first["date_start"], first["date_end"]) == (D(2019, 7, 12), D(2019, 7, 12))
    assert (first["first_seen"], first["last_seen"]) == (D(2019, 7, 13), D(2019, 7, 16))
    assert (first["sources"], first["targets"], first["participants"]) == (
        ["RUS"],
        ["TUR"],
        ["RUS", "TUR"],
    )
    assert first["denied_by"] == ["RUS"] and first["certainty_conflict"] is True
    assert "S-400" in first["equipment"]
    assert (jets["n_articles"], jets["certainty_conflict"]) == (1, False)
    assert "Su-35" in jets["equipment"]
    assert (later["date_start"], later["n_articles"]) == (D(2020, 8, 28), 1)


def test_an_incident_is_updated_by_a_later_report(store: Store, tmp_path: Path) -> None:
    ingest(store, [_write_feed(tmp_path / "early.jsonl", S400_REPORTS[:1])])
    (before,) = _incidents(store)
    summary = ingest(store, [_write_feed(tmp_path / "late.jsonl", S400_REPORTS[2:3])])
    (after,) = _incidents(store)
    assert (summary.incidents_new, summary.incidents_changed) == (0, 1)
    assert after["incident_id"] == before["incident_id"]
    assert (before["n_articles"], after["n_articles"]) == (1, 2)
    assert (before["last_seen"], after["last_seen"]) == (D(2019, 7, 13), D(2019, 7, 15))
