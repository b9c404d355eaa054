"""Queries over a hand-built store (every answer known) and over the ingested samples."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pactwatch.models import EVENT_TYPES, STAGES
from pactwatch.store import Store, open_store
from pactwatch.store.query import (
    EVENT_SORTS,
    EventFilter,
    count_undated,
    dyads,
    event_ids,
    events,
    events_page,
    incidents,
    network,
    resolve_country,
    timeline,
    timeline_filter,
)

from .fixtures_store import _PUBLISHED, ALL_IDS, EVENT_BY_ID

D = date


@pytest.fixture
def hand(hand_db: str) -> Iterator[Store]:
    with open_store(hand_db, read_only=True) as store:
        yield store


# ---------------------------------------------------------------- events

EVENT_CASES = [
    (EventFilter(), ALL_IDS),
    (EventFilter(country="IRN"), [1, 2, 12, 4, 3, 5, 6, 8, 9, 7, 11]),
    (EventFilter(country="irn"), [1, 2, 12, 4, 3, 5, 6, 8, 9, 7, 11]),
    # a dyad in either direction; the condemnation of both (USA→IRN, USA→RUS) is no IRN–RUS dyad
    (EventFilter(country="RUS", with_country="IRN"), [1, 2, 12, 3, 5, 6, 8, 11]),
    (EventFilter(country="IRN", with_country="RUS"), [1, 2, 12, 3, 5, 6, 8, 11]),
    (EventFilter(country="IRN", with_country="RUS", types=("arms_transfer",)), [1, 2, 3, 6, 11]),
    (EventFilter(country="USA"), [4, 9, 10]),
    (EventFilter(country="UKR"), [10]),
    (EventFilter(country="CHN"), [5]),
    (EventFilter(country="CHN", with_country="USA"), []),
    (EventFilter(country="IRN", with_country="SYR"), [7]),
    (EventFilter(country="FRA"), []),
    (EventFilter(types=("joint_exercise", "defense_agreement")), [5, 7]),
    (EventFilter(types=("basing_access",)), []),
    (EventFilter(stages=("agreed",)), [3, 7]),
    (EventFilter(stages=("offered", "planned")), [10, 11]),
    (EventFilter(certainties=("claimed",)), [1, 3]),
    (EventFilter(certainties=("denied",)), [6]),
    # dates: the event's own range only; undated events (3, 6, 11) are left out unless asked
    (EventFilter(since=D(2023, 1, 1)), [5, 8, 9, 7, 10]),
    (EventFilter(since=D(2023, 1, 1), include_undated=True), [3, 5, 6, 8, 9, 7, 10, 11]),
    (EventFilter(until=D(2022, 12, 31), country="USA"), [4]),
    (EventFilter(until=D(2022, 3, 1)), [1, 2]),
    (EventFilter(since=D(2022, 2, 15), until=D(2022, 3, 9)), [1, 2, 12]),
    (EventFilter(since=D(2022, 3, 1), until=D(2022, 3, 31)), [12]),
    (EventFilter(since=D(2022, 11, 19), until=D(2022, 11, 20)), [4]),
    # event 3 was published that day, but a publication day is not the event's date
    (EventFilter(since=D(2022, 11, 20), until=D(2022, 11, 20)), []),
    (EventFilter(since=D(2024, 6, 1)), [10]),
    (EventFilter(until=D(2021, 12, 31)), []),
    # direction: the source (--from) and target (--to) of directed events only
    (EventFilter(source="IRN"), [1, 2, 6, 8]),
    (EventFilter(source="usa"), [4, 9, 10]),
    (EventFilter(target="IRN"), [4, 3, 9, 11]),
    (EventFilter(source="USA", target="RUS"), [4]),
    (EventFilter(source="RUS", country="IRN"), [3, 11]),
    (EventFilter(source="IRN", target="SYR"), []),  # a defence agreement has no direction
    (EventFilter(source="CHN"), []),  # a joint exercise neither
    # confidence: every hand event has 0.8
    (EventFilter(min_confidence=0.8), ALL_IDS),
    (EventFilter(min_confidence=0.81), []),
    # text: case-insensitive substring, % and _ are plain characters
    (EventFilter(text="drone"), [1, 2, 8, 9]),
    (EventFilter(text="DRONES"), [1, 2, 8]),
    (EventFilter(text="50%"), [11]),
    (EventFilter(text="%"), [11]),
    (EventFilter(text="_"), []),
    (EventFilter(text="x'; DROP TABLE events; --"), []),
    (
        EventFilter(
            country="IRN",
            certainties=("stated",),
            since=D(2023, 1, 1),
            types=("training", "sanction"),
        ),
        [8, 9],
    ),
    (EventFilter(country="RUS", stages=("occurred",), text="drones"), [1, 2, 8]),
]


@pytest.mark.parametrize(("flt", "expected"), EVENT_CASES)
def test_events_filters_return_exactly_the_expected_rows(
    hand: Store, flt: EventFilter, expected: list[int]
) -> None:
    assert events(hand, flt)["event_id"].to_pylist() == expected


def test_events_columns_and_one_row(hand: Store) -> None:
    table = events(hand, EventFilter(certainties=("denied",)))
    assert table.column_names == [
        "event_id", "article", "published", "type", "sources", "targets", "participants",
        "stage", "certainty", "claimed_by", "denied_by", "equipment", "date_start", "date_end",
        "date_precision", "date_text", "evidence", "rule", "confidence", "incident_id",
        "extractor_version", "url", "outlet", "review",
    ]  # fmt: skip
    row = table.to_pylist()[0]
    assert row["article"] == "a3.txt"
    assert row["sources"] == ["IRN"]
    assert row["targets"] == ["RUS"]
    assert row["participants"] == []
    assert row["denied_by"] == ["IRN"]
    assert row["equipment"] == ["missiles"]
    assert row["evidence"] == EVENT_BY_ID[6].evidence
    assert row["outlet"] == "TASS"
    assert row["published"] == D(2023, 2, 5)


def test_undirected_events_list_participants(hand: Store) -> None:
    row = events(hand, EventFilter(types=("joint_exercise",))).to_pylist()[0]
    assert (row["sources"], row["targets"], row["participants"]) == ([], [], ["CHN", "IRN", "RUS"])


@pytest.mark.parametrize("page_size", [1, 2, 5, 12, 50])
def test_pages_concatenate_to_the_full_sorted_list(hand: Store, page_size: int) -> None:
    seen: list[int] = []
    for offset in range(0, len(ALL_IDS), page_size):
        seen += events(hand, limit=page_size, offset=offset)["event_id"].to_pylist()
    assert seen == ALL_IDS


@pytest.mark.parametrize(
    ("flt", "left_out"),
    [
        (EventFilter(), 0),
        (EventFilter(since=D(2023, 1, 1)), 3),  # events 3, 6 and 11
        (EventFilter(until=D(2030, 1, 1), types=("arms_transfer",)), 3),
        (EventFilter(since=D(2023, 1, 1), country="USA"), 0),
        (EventFilter(since=D(2023, 1, 1), source="RUS"), 2),  # 3 and 11
        (EventFilter(since=D(2023, 1, 1), include_undated=True), 0),
    ],
)
def test_count_undated_says_what_a_date_bound_left_out(
    hand: Store, flt: EventFilter, left_out: int
) -> None:
    assert count_undated(hand, flt) == left_out
    if flt.since or flt.until:
        kept = dataclasses.replace(flt, include_undated=True)
        assert events(hand, kept).num_rows == events(hand, flt).num_rows + left_out


def _sorted_ids(sort: str) -> list[int]:
    """The hand events in `sort` order, worked out here from EVENTS: ties by date then id
    (reversed with "-"), an unknown value (and the undated event 11) last either way."""
    key, descending = sort.removeprefix("-"), sort.startswith("-")
    # ALL_IDS is the date order; reversed, the undated event 11 stays last.
    base = [*reversed(ALL_IDS[:-1]), 11] if descending else ALL_IDS
    values: dict[str, Callable[[int], Any]] = {
        "date": lambda _: 0,
        "published": lambda i: _PUBLISHED[EVENT_BY_ID[i].article_id],
        "confidence": lambda _: 0.8,
        "type": lambda i: EVENT_BY_ID[i].type,
        "stage": lambda i: STAGES.index(EVENT_BY_ID[i].stage),
    }
    value = values[key]
    known = [i for i in base if value(i) is not None]
    return sorted(known, key=value, reverse=descending) + [i for i in base if value(i) is None]


@pytest.mark.parametrize("sort", EVENT_SORTS)
def test_events_sorted_by_each_order(hand: Store, sort: str) -> None:
    expected = _sorted_ids(sort)
    assert events(hand, sort=sort)["event_id"].to_pylist() == expected
    # Pages of any order concatenate to the whole list, and the total is the same.
    seen: list[int] = []
    for offset in range(0, len(ALL_IDS), 5):
        page, total = events_page(hand, EventFilter(), limit=5, offset=offset, sort=sort)
        assert total == len(ALL_IDS)
        seen += page["event_id"].to_pylist()
    assert seen == expected
    # The ids alone (what the server keeps per filter) in the same order, cut by `limit`.
    assert event_ids(hand, EventFilter(), sort=sort) == expected
    assert event_ids(hand, EventFilter(), sort=sort, limit=3) == expected[:3]


def test_sorting_by_stage_follows_the_stage_life_and_filters_still_apply(hand: Store) -> None:
    rows = events(hand, EventFilter(country="RUS", with_country="IRN"), sort="-stage").to_pylist()
    assert [row["stage"] for row in rows] == ["occurred"] * 6 + ["agreed", "offered"]
    assert [row["event_id"] for row in rows] == [8, 6, 5, 12, 2, 1, 3, 11]


def test_an_unknown_sort_names_the_allowed_ones(hand: Store) -> None:
    with pytest.raises(ValueError, match="unknown sort 'size': use date, -date, published"):
        events(hand, sort="size")
    with pytest.raises(ValueError, match="unknown sort"):
        events(hand, sort="date; DROP TABLE events")


def test_sorting_is_stable_across_runs(hand: Store) -> None:
    runs = [events(hand, EventFilter(country="IRN"))["event_id"].to_pylist() for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]


def test_a_user_value_never_reaches_the_sql(hand: Store) -> None:
    evil = "'); DROP TABLE events; --"
    assert events(hand, EventFilter(text=evil, country=evil[:3])).num_rows == 0
    assert events(hand).num_rows == len(ALL_IDS)


# ---------------------------------------------------------------- the filter


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"types": ("arms_sale",)}, "unknown type 'arms_sale': use arms_transfer, military_aid"),
        ({"stages": ("done",)}, "unknown stage 'done': use offered, requested"),
        ({"certainties": ("sure",)}, "unknown certainty 'sure': use stated, claimed, denied"),
        ({"since": D(2023, 1, 2), "until": D(2023, 1, 1)}, "since 2023-01-02 is after until"),
        ({"with_country": "RUS"}, "with_country needs country"),
        ({"country": "IRN", "with_country": "irn"}, "both IRN"),
        ({"source": "IRN", "target": "irn"}, "source and target are both IRN"),
        ({"min_confidence": 1.5}, "not between 0 and 1"),
    ],
)
def test_filter_rejects_bad_values(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        EventFilter(**kwargs)  # type: ignore[arg-type]


def test_filter_accepts_lists_and_a_single_string() -> None:
    flt = EventFilter(types=["sanction", "training"], stages="agreed")  # type: ignore[arg-type]
    assert flt.types == ("sanction", "training")
    assert flt.stages == ("agreed",)
    assert hash(flt) == hash(EventFilter(types=("sanction", "training"), stages=("agreed",)))


# ---------------------------------------------------------------- incidents

INCIDENT_CASES = [
    (EventFilter(), [100, 110, 102, 101, 103, 104, 106, 107, 105, 108, 109]),
    (
        EventFilter(country="IRN", with_country="RUS", types=("arms_transfer",)),
        [100, 101, 104, 109],
    ),
    (EventFilter(certainties=("claimed",)), [100, 101]),
    (EventFilter(text="shahed"), [100]),
    (EventFilter(country="USA", since=D(2023, 1, 1)), [107, 108]),
]


@pytest.mark.parametrize(("flt", "expected"), INCIDENT_CASES)
def test_incidents_filters(hand: Store, flt: EventFilter, expected: list[int]) -> None:
    assert incidents(hand, flt)["incident_id"].to_pylist() == expected


def test_an_incident_lists_every_source_with_its_evidence(hand: Store) -> None:
    row = incidents(hand, EventFilter(text="shahed")).to_pylist()[0]
    assert row["outlets"] == ["AP", "Reuters", "Yahoo"]
    reports = [(r["article"], r["outlet"], r["syndicated"], r["evidence"]) for r in row["reports"]]
    assert reports == [
        ("a1.txt", "Reuters", False, EVENT_BY_ID[1].evidence),
        ("a2.txt", "AP", False, EVENT_BY_ID[2].evidence),
        ("a6.txt", "Yahoo", True, EVENT_BY_ID[2].evidence),  # the syndicated copy of a2
    ]


def test_incidents_page(hand: Store) -> None:
    first = incidents(hand, limit=2)["incident_id"].to_pylist()
    rest = incidents(hand, limit=20, offset=2)["incident_id"].to_pylist()
    assert first + rest == INCIDENT_CASES[0][1]


# ---------------------------------------------------------------- dyads

DYADS_ALL = [
    # a, b, total, {type: n}, n_a_to_b, n_b_to_a, balance, first, last
    ("IRN", "RUS", 8, {"arms_transfer": 5, "training": 1, "joint_exercise": 1,
                       "defense_meeting": 1}, 4, 2, 2, D(2022, 2, 1), D(2023, 6, 30)),
    ("IRN", "USA", 2, {"sanction": 1, "condemnation": 1}, 0, 2, -2, D(2022, 11, 19),
     D(2023, 7, 10)),
    ("CHN", "IRN", 1, {"joint_exercise": 1}, 0, 0, 0, D(2023, 1, 15), D(2023, 1, 19)),
    ("CHN", "RUS", 1, {"joint_exercise": 1}, 0, 0, 0, D(2023, 1, 15), D(2023, 1, 19)),
    ("IRN", "SYR", 1, {"defense_agreement": 1}, 0, 0, 0, D(2023, 7, 14), D(2023, 7, 14)),
    ("RUS", "USA", 1, {"condemnation": 1}, 0, 1, -1, D(2022, 11, 19), D(2022, 11, 19)),
    ("UKR", "USA", 1, {"military_aid": 1}, 0, 1, -1, D(2024, 1, 1), D(2024, 12, 31)),
]  # fmt: skip


def _dyad_rows(table_rows: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [
        (
            row["a"], row["b"], row["total"],
            {name: row[name] for name in EVENT_TYPES if row[name]},
            row["n_a_to_b"], row["n_b_to_a"], row["balance"], row["first_date"], row["last_date"],
        )
        for row in table_rows
    ]  # fmt: skip


def test_dyads_one_row_per_pair(hand: Store) -> None:
    assert _dyad_rows(dyads(hand).to_pylist()) == DYADS_ALL


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        # the country asked for comes first, so the balance reads from its side
        (
            EventFilter(country="USA"),
            [("USA", "IRN", 2, 2, 0, 2), ("USA", "RUS", 1, 1, 0, 1), ("USA", "UKR", 1, 1, 0, 1)],
        ),
        (EventFilter(country="RUS", with_country="IRN"), [("RUS", "IRN", 8, 2, 4, -2)]),
        (
            EventFilter(types=("arms_transfer",), since=D(2022, 1, 1), until=D(2022, 12, 31)),
            [("IRN", "RUS", 2, 2, 0, 2)],
        ),
        (EventFilter(types=("arms_transfer",), since=D(2022, 6, 1)), []),
        (
            EventFilter(types=("arms_transfer",), since=D(2022, 6, 1), include_undated=True),
            [("IRN", "RUS", 3, 1, 2, -1)],
        ),
        # a direction keeps the pairs of that direction only
        (
            EventFilter(source="USA"),
            [("IRN", "USA", 2, 0, 2, -2), ("RUS", "USA", 1, 0, 1, -1), ("UKR", "USA", 1, 0, 1, -1)],
        ),
        (
            EventFilter(country="IRN", target="IRN"),
            [("IRN", "RUS", 2, 0, 2, -2), ("IRN", "USA", 2, 0, 2, -2)],
        ),
        (EventFilter(country="FRA"), []),
    ],
)
def test_dyads_with_filters(
    hand: Store, flt: EventFilter, expected: list[tuple[object, ...]]
) -> None:
    rows = dyads(hand, flt).to_pylist()
    got = [(r["a"], r["b"], r["total"], r["n_a_to_b"], r["n_b_to_a"], r["balance"]) for r in rows]
    assert got == expected


def test_dyads_has_a_count_column_per_type_even_when_empty(hand: Store) -> None:
    table = dyads(hand, EventFilter(country="FRA"))
    assert set(EVENT_TYPES) <= set(table.column_names)
    assert table.num_rows == 0


# ---------------------------------------------------------------- timeline


def test_timeline_counts_every_month_between_first_and_last(hand: Store) -> None:
    table = timeline(hand, "RUS", "IRN")
    months = table["month"].to_pylist()
    assert months[0] == D(2022, 2, 1)
    assert months[-1] == D(2023, 6, 1)
    assert len(months) == 17  # empty months included
    nonzero = {
        (row["month"], name): row[name]
        for row in table.to_pylist()
        for name in EVENT_TYPES
        if row[name]
    }
    assert nonzero == {
        (D(2022, 2, 1), "arms_transfer"): 2,
        (D(2022, 3, 1), "defense_meeting"): 1,
        (D(2023, 1, 1), "joint_exercise"): 1,
        (D(2023, 6, 1), "training"): 1,
    }
    assert sum(table["total"].to_pylist()) == 5
    # events 3, 6 and 11 have no date of their own: counted apart, never in a month
    assert count_undated(hand, timeline_filter("RUS", "IRN"), always=True) == 3


@pytest.mark.parametrize(
    ("a", "b", "flt", "totals"),
    [
        ("IRN", "RUS", EventFilter(types=("arms_transfer",)), [2]),
        ("USA", "UKR", EventFilter(), [1]),
        ("CHN", "USA", EventFilter(), []),
        # the filter's own parties are replaced by the pair
        ("IRN", "SYR", EventFilter(country="USA"), [1]),
    ],
)
def test_timeline_filters(hand: Store, a: str, b: str, flt: EventFilter, totals: list[int]) -> None:
    assert timeline(hand, a, b, flt)["total"].to_pylist() == totals


# ---------------------------------------------------------------- network


def test_network_nodes_and_edges(hand: Store) -> None:
    graph = network(hand)
    nodes = {r["code"]: (r["label"], r["events"]) for r in graph.nodes.to_pylist()}
    assert nodes == {
        "IRN": ("Iran", 11),
        "RUS": ("Russia", 9),
        "USA": ("United States", 3),
        "CHN": ("China", 1),
        "SYR": ("Syria", 1),
        "UKR": ("Ukraine", 1),
    }
    edges = {(r["a"], r["b"]): (r["weight"], r["dominant_type"]) for r in graph.edges.to_pylist()}
    assert edges == {
        ("IRN", "RUS"): (8, "arms_transfer"),
        ("IRN", "USA"): (2, "sanction"),  # a tie goes to the type the spec lists first
        ("CHN", "IRN"): (1, "joint_exercise"),
        ("CHN", "RUS"): (1, "joint_exercise"),
        ("IRN", "SYR"): (1, "defense_agreement"),
        ("RUS", "USA"): (1, "condemnation"),
        ("UKR", "USA"): (1, "military_aid"),
    }


def test_network_with_a_filter(hand: Store) -> None:
    graph = network(hand, EventFilter(since=D(2023, 7, 1)))
    assert graph.nodes["code"].to_pylist() == ["IRN", "USA", "SYR", "UKR"]
    assert graph.nodes["events"].to_pylist() == [2, 2, 1, 1]
    pairs = list(zip(graph.edges["a"].to_pylist(), graph.edges["b"].to_pylist(), strict=True))
    assert pairs == [("IRN", "SYR"), ("IRN", "USA"), ("UKR", "USA")]


# ---------------------------------------------------------------- country names


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("IRN", "IRN"),
        ("irn", "IRN"),
        ("Iran", "IRN"),
        ("iran", "IRN"),
        (" IRAN ", "IRN"),
        ("Iranian", "IRN"),
        ("Tehran", "IRN"),
        ("russia", "RUS"),
        ("United States", "USA"),
        ("nato", "NATO"),
        ("Hezbollah", "HEZBOLLAH"),
    ],
)
def test_resolve_country(text: str, code: str) -> None:
    assert resolve_country(text) == code


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [("Iram", "Iran (IRN)"), ("Rusia", "Russia (RUS)"), ("qqqq", "give a code such as IRN")],
)
def test_unknown_country_suggests_close_names(text: str, suggestion: str) -> None:
    with pytest.raises(ValueError, match=rf"unknown country '{text}'.*{re.escape(suggestion)}"):
        resolve_country(text)


# ---------------------------------------------------------------- the samples, ingested


def test_samples_iran_russia_arms_transfers(samples_store_file: Path) -> None:
    flt = EventFilter(country="IRN", with_country="RUS", types=("arms_transfer",))
    with open_store(samples_store_file, read_only=True) as store:
        rows = events(store, flt).to_pylist()
        everything = events(store).num_rows
    assert 0 < len(rows) < everything
    for row in rows:
        assert row["type"] == "arms_transfer"
        assert {*row["sources"], *row["targets"]} >= {"IRN", "RUS"}
        assert row["evidence"].strip()
        assert row["extractor_version"]


def test_samples_every_query_runs(samples_store_file: Path) -> None:
    with open_store(samples_store_file, read_only=True) as store:
        flt = EventFilter(country="IRN", with_country="RUS")
        pair = dyads(store, flt).to_pylist()
        assert len(pair) == 1
        assert pair[0]["total"] == events(store, flt).num_rows
        assert sum(timeline(store, "IRN", "RUS")["total"].to_pylist()) <= pair[0]["total"]
        assert incidents(store).num_rows > 0
        assert network(store).nodes.num_rows > 2
