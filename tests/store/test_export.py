"""Exports read back: CSV, JSON Lines and Parquet round-trip; networks and charts load."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pactwatch.models import EVENT_TYPES
from pactwatch.store import Store, open_store
from pactwatch.store.export import (
    BAR_WIDTH,
    CELL_WIDTH,
    ExportError,
    cell_text,
    draw_timeline,
    format_table,
    save_timeline,
    write_network,
    write_table,
)
from pactwatch.store.query import EventFilter, dyads, events, incidents, network, timeline

from .fixtures_store import ALL_IDS, build_store

Query = Callable[[Store], pa.Table]

QUERIES: dict[str, Query] = {
    "events": lambda store: events(store),
    "incidents": lambda store: incidents(store),
    "dyads": lambda store: dyads(store),
    "timeline": lambda store: timeline(store, "IRN", "RUS"),
}


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("export") / "hand.duckdb")


@pytest.fixture
def hand(hand_db: Path) -> Iterator[Store]:
    with open_store(hand_db, read_only=True) as store:
        yield store


def _jsonable(value: object) -> object:
    """What JSON gives back for a value of a query table."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    return value


# ---------------------------------------------------------------- tables


@pytest.mark.parametrize("name", QUERIES)
def test_csv_round_trip(hand: Store, tmp_path: Path, name: str) -> None:
    table = QUERIES[name](hand)
    path = tmp_path / "out.csv"
    write_table(table, "csv", path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == table.num_rows
    expected = [{k: cell_text(v) for k, v in row.items()} for row in table.to_pylist()]
    assert rows == expected


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (["IRN", "RUS"], "IRN;RUS"),
        ([], ""),
        (date(2022, 2, 1), "2022-02-01"),
        (True, "true"),
        (0.8, "0.8"),
        ([{"outlet": "AP", "on": date(2022, 1, 2)}], '[{"outlet": "AP", "on": "2022-01-02"}]'),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


@pytest.mark.parametrize("name", QUERIES)
def test_jsonl_round_trip(hand: Store, tmp_path: Path, name: str) -> None:
    table = QUERIES[name](hand)
    path = tmp_path / "out.jsonl"
    write_table(table, "jsonl", path)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert rows == [_jsonable(row) for row in table.to_pylist()]


@pytest.mark.parametrize("name", QUERIES)
def test_parquet_round_trip(hand: Store, tmp_path: Path, name: str) -> None:
    table = QUERIES[name](hand)
    path = tmp_path / "out.parquet"
    write_table(table, "parquet", path)
    assert pq.read_table(path).equals(table)


def test_jsonl_to_a_stream(hand: Store) -> None:
    out = io.StringIO()
    write_table(events(hand, EventFilter(country="UKR")), "jsonl", out)
    assert [json.loads(line)["event_id"] for line in out.getvalue().splitlines()] == [10]


@pytest.mark.parametrize(
    ("fmt", "out", "message"),
    [
        ("parquet", io.StringIO(), "parquet is a binary file format: give an output file"),
        ("xlsx", io.StringIO(), "unknown format 'xlsx': use table, csv, jsonl, parquet"),
    ],
)
def test_write_table_refuses(hand: Store, fmt: str, out: io.StringIO, message: str) -> None:
    with pytest.raises(ExportError, match=message):
        write_table(events(hand), fmt, out)


def test_write_table_to_a_missing_folder(hand: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot write"):
        write_table(events(hand), "csv", tmp_path / "no" / "such" / "out.csv")


def test_text_table_is_aligned_and_shortens_evidence(hand: Store) -> None:
    columns = ("event_id", "type", "sources", "targets", "evidence")
    lines = format_table(events(hand), columns).splitlines()
    assert lines[0].split() == list(columns)
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert len(lines) == 2 + len(ALL_IDS)
    assert [int(line.split()[0]) for line in lines[2:]] == ALL_IDS
    evidence_at = lines[0].index("evidence")
    cells = [line[evidence_at:] for line in lines[2:]]
    assert max(len(cell) for cell in cells) == CELL_WIDTH
    assert any(cell.endswith("…") for cell in cells)
    row_4 = next(line for line in lines[2:] if line.split()[0] == "4")
    assert row_4.split()[1:4] == ["condemnation", "USA", "IRN,RUS"]


def test_text_table_of_incidents_counts_nested_reports(hand: Store) -> None:
    text = format_table(incidents(hand, EventFilter(text="shahed")), ("incident_id", "reports"))
    assert text.splitlines()[2].split() == ["100", "3", "records"]


# ---------------------------------------------------------------- networks

EXPECTED_WEIGHTS = {
    frozenset({"IRN", "RUS"}): 8,
    frozenset({"IRN", "USA"}): 2,
    frozenset({"CHN", "IRN"}): 1,
    frozenset({"CHN", "RUS"}): 1,
    frozenset({"IRN", "SYR"}): 1,
    frozenset({"RUS", "USA"}): 1,
    frozenset({"UKR", "USA"}): 1,
}

READERS: dict[str, Callable[[Path], nx.Graph]] = {
    ".graphml": nx.read_graphml,
    ".gexf": nx.read_gexf,
    ".json": lambda path: nx.node_link_graph(json.loads(path.read_text()), edges="edges"),
}


@pytest.mark.parametrize("suffix", READERS)
def test_network_files_load_back(hand: Store, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"graph{suffix}"
    write_network(network(hand), path)
    graph = READERS[suffix](path)
    assert set(graph.nodes) == {"IRN", "RUS", "USA", "CHN", "SYR", "UKR"}
    assert graph.nodes["IRN"]["label"] == "Iran"
    assert int(graph.nodes["IRN"]["events"]) == 11
    weights = {frozenset((u, v)): int(data["weight"]) for u, v, data in graph.edges(data=True)}
    assert weights == EXPECTED_WEIGHTS
    irn_rus = graph.edges["IRN", "RUS"]
    assert irn_rus["dominant_type"] == "arms_transfer"
    assert int(irn_rus["arms_transfer"]) == 5
    assert int(irn_rus["n_a_to_b"]) == 4


def test_network_refuses_an_unknown_suffix(hand: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"use \.graphml, \.gexf, \.json"):
        write_network(network(hand), tmp_path / "graph.txt")


# ---------------------------------------------------------------- timelines

MONTH_LINE = re.compile(r"^\d{4}-\d{2} \|")


def test_terminal_timeline_has_one_line_per_month(hand: Store) -> None:
    table = timeline(hand, "IRN", "RUS")
    lines = draw_timeline(table, "IRN", "RUS").splitlines()
    assert lines[0] == "Iran – Russia: events per month"
    month_lines = [line for line in lines if MONTH_LINE.match(line)]
    assert len(month_lines) == table.num_rows == 17
    assert month_lines[0].split("|")[1].split() == ["AA", "2"]
    assert month_lines[1].split("|")[1].split() == ["D", "1"]
    assert month_lines[2].split("|")[1].split() == ["0"]
    assert lines[-1] == "legend: A arms_transfer  T training  X joint_exercise  D defense_meeting"


def _synthetic_timeline(counts: dict[str, list[int]]) -> pa.Table:
    months = len(next(iter(counts.values())))
    columns: dict[str, list[object]] = {
        "month": [date(2020, 1 + m, 1) for m in range(months)],
        "total": [sum(values[m] for values in counts.values()) for m in range(months)],
    }
    for name in EVENT_TYPES:
        columns[name] = list(counts.get(name, [0] * months))
    return pa.table(columns)


def test_terminal_timeline_scales_long_bars() -> None:
    table = _synthetic_timeline({"arms_transfer": [400, 10], "sanction": [100, 0]})
    lines = draw_timeline(table, "RUS", "IRN").splitlines()
    bars = [line.split("|")[1].split()[0] for line in lines if MONTH_LINE.match(line)]
    assert bars == ["A" * 40 + "N" * 10, "A"]  # a type with events keeps at least one letter
    assert all(len(bar) <= BAR_WIDTH for bar in bars)
    assert "(one letter is about 10.0 events)" in lines


def test_terminal_timeline_without_events(hand: Store) -> None:
    assert draw_timeline(timeline(hand, "CHN", "USA"), "CHN", "USA").splitlines()[1] == (
        "(no dated events)"
    )


@pytest.mark.parametrize(("pair"), [("IRN", "RUS"), ("CHN", "USA")])
def test_png_chart(hand: Store, tmp_path: Path, pair: tuple[str, str]) -> None:
    path = tmp_path / "chart.png"
    save_timeline(timeline(hand, *pair), *pair, path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_svg_chart(hand: Store, tmp_path: Path) -> None:
    path = tmp_path / "chart.svg"
    save_timeline(timeline(hand, "IRN", "RUS"), "IRN", "RUS", path)
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "Iran – Russia: events per month" in path.read_text(encoding="utf-8")


def test_chart_refuses_an_unknown_suffix(hand: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"save the chart as \.png or \.svg"):
        save_timeline(timeline(hand, "IRN", "RUS"), "IRN", "RUS", tmp_path / "chart.jpg")
