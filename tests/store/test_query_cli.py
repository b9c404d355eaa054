"""The query commands on real DuckDB files: output, exit statuses and messages."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import click
import duckdb
import networkx as nx
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from pactwatch.commands.query import register

from .fixtures_store import ALL_IDS, build_store


@pytest.fixture(scope="module")
def cli() -> click.Group:
    """A group holding only the query commands, as `pactwatch` will after register()."""
    group = click.Group("pactwatch")
    register(group)
    return group


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("cli") / "hand.duckdb")


def run(cli: click.Group, *args: str | Path, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args], env=env)


def _csv_ids(text: str, column: str = "event_id") -> list[int]:
    return [int(row[column]) for row in csv.DictReader(io.StringIO(text))]


# ---------------------------------------------------------------- events


def test_events_table(cli: click.Group, db: Path) -> None:
    result = run(cli, "events", "--db", db, "--country", "Iran", "--with", "russia", "--type",
                 "arms_transfer")  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["event_id", "date_start", "published", "type"]
    assert [int(line.split()[0]) for line in lines[2:]] == [1, 2, 3, 6, 11]
    assert result.stderr.strip() == "5 events"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), ALL_IDS),
        (("--country", "IRN", "--with", "RUS"), [1, 2, 12, 3, 5, 6, 8, 11]),
        (("--country", "Tehran", "--with", "Moscow"), [1, 2, 12, 3, 5, 6, 8, 11]),
        (("--type", "joint_exercise", "--type", "defense_agreement"), [5, 7]),
        (("--stage", "offered", "--stage", "planned"), [10, 11]),
        (("--certainty", "denied"), [6]),
        (("--since", "2023-01-01"), [5, 8, 9, 7, 10]),
        (("--since", "2023"), [5, 8, 9, 7, 10]),
        (("--since", "2023", "--include-undated"), [3, 5, 6, 8, 9, 7, 10, 11]),
        (("--since", "2022-03", "--until", "2022-03"), [12]),
        (("--until", "2022"), [1, 2, 12, 4]),
        (("--from", "Iran"), [1, 2, 6, 8]),
        (("--to", "IRN"), [4, 3, 9, 11]),
        (("--from", "USA", "--to", "Russia"), [4]),
        (("--country", "IRN", "--from", "RUS"), [3, 11]),
        (("--min-confidence", "0.8"), ALL_IDS),
        (("--min-confidence", "0.9"), []),
        (("--text", "DRONES"), [1, 2, 8]),
        (("--limit", "3"), ALL_IDS[:3]),
        (("--country", "usa", "--since", "2023", "--certainty", "stated"), [9, 10]),
        (("--sort", "-date"), [10, 7, 9, 8, 6, 5, 3, 4, 12, 2, 1, 11]),
        (("--sort=-date", "--limit", "2"), [10, 7]),
        (("--sort", "stage", "--country", "USA"), [10, 4, 9]),
        (("--sort", "-type", "--type", "sanction", "--type", "training"), [8, 9]),
    ],
)
def test_events_csv_rows(
    cli: click.Group, db: Path, args: tuple[str, ...], expected: list[int]
) -> None:
    result = run(cli, "events", "--db", db, "--format", "csv", *args)
    assert result.exit_code == 0, result.output
    assert _csv_ids(result.stdout) == expected
    # stdout is data only; stderr at most says what a date bound left out
    assert all("undated" in line for line in result.stderr.splitlines())


@pytest.mark.parametrize(
    ("command", "args", "line"),
    [
        ("events", ("--since", "2023"), "3 undated events left out (no date of their own); "
                                        "--include-undated keeps them"),
        ("events", ("--until", "2030", "--from", "RUS"), "2 undated events left out"),
        ("incidents", ("--since", "2023"), "3 undated events left out"),
        ("dyads", ("--until", "2023", "--country", "RUS"), "3 undated events left out"),
        ("events", ("--since", "2023", "--country", "USA"), None),
        ("events", ("--since", "2023", "--include-undated"), None),
        ("events", (), None),
    ],
)  # fmt: skip
def test_a_date_bound_says_how_many_undated_events_it_left_out(
    cli: click.Group, db: Path, command: str, args: tuple[str, ...], line: str | None
) -> None:
    result = run(cli, command, "--db", db, "--format", "csv", *args)
    assert result.exit_code == 0, result.output
    if line is None:
        assert "undated" not in result.stderr
    else:
        assert line in result.stderr.splitlines()[0]


def test_events_jsonl_and_parquet_files(cli: click.Group, db: Path, tmp_path: Path) -> None:
    for fmt in ("jsonl", "parquet", "csv"):
        out = tmp_path / f"events.{fmt}"
        result = run(cli, "events", "--db", db, "--country", "USA", "--format", fmt, "-o", out)
        assert result.exit_code == 0, result.output
        assert result.stderr.strip() == f"3 events written to {out}"
    lines = (tmp_path / "events.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["event_id"] for line in lines] == [4, 9, 10]
    assert pq.read_table(tmp_path / "events.parquet")["event_id"].to_pylist() == [4, 9, 10]
    assert _csv_ids((tmp_path / "events.csv").read_text(encoding="utf-8")) == [4, 9, 10]


def test_the_db_can_come_from_the_environment(cli: click.Group, db: Path) -> None:
    result = run(cli, "events", "--format", "csv", env={"PACTWATCH_DB": str(db)})
    assert result.exit_code == 0, result.output
    assert _csv_ids(result.stdout) == ALL_IDS


# ---------------------------------------------------------------- usage errors (exit 2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--since", "2023-02-30"), "Invalid value for '--since': '2023-02-30' is not a date: "
                                    "use YYYY-MM-DD, YYYY-MM or YYYY"),
        (("--until", "yesterday"), "'yesterday' is not a date"),
        (("--since", "2023-05-01", "--until", "2023-01-01"), "since 2023-05-01 is after until"),
        (("--type", "arms_sale"), "'arms_sale' is not one of 'arms_transfer', 'military_aid', "
                                  "'training', 'joint_exercise'"),
        (("--stage", "done"), "'done' is not one of 'offered', 'requested'"),
        (("--certainty", "sure"), "'sure' is not one of 'stated', 'claimed', 'denied'"),
        (("--country", "Iram"), "unknown country 'Iram': did you mean Iraq (IRQ), Iran (IRN)"),
        (("--with", "RUS"), "--with names the other party: give --country too"),
        (("--country", "Iran", "--with", "IRN"), "--country and --with are both IRN"),
        (("--format", "parquet"), "--format parquet writes a binary file: give -o FILE.parquet"),
        (("--limit", "0"), "Invalid value for '--limit'"),
        (("--from", "IRN", "--to", "Iran"), "--from and --to are both IRN"),
        (("--to", "Narnia"), "unknown country 'Narnia'"),
        (("--min-confidence", "1.5"), "Invalid value for '--min-confidence'"),
        (("--sort", "size"), "Invalid value for '--sort': 'size' is not one of 'date', '-date'"),
    ],
)  # fmt: skip
def test_bad_options_are_usage_errors(
    cli: click.Group, db: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(cli, "events", "--db", db, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- the database


def test_missing_database_is_a_clear_error_and_no_file(cli: click.Group, tmp_path: Path) -> None:
    missing = tmp_path / "nothing.duckdb"
    for command in ("events", "incidents", "dyads"):
        result = run(cli, command, "--db", missing)
        assert result.exit_code == 1
        assert f"no database at {missing}: run `pactwatch ingest" in result.stderr
    assert run(cli, "timeline", "IRN", "RUS", "--db", missing).exit_code == 1
    assert run(cli, "network", "--db", missing, "--out", tmp_path / "g.json").exit_code == 1
    assert not missing.exists()


def test_a_file_that_is_not_a_database(cli: click.Group, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.duckdb"
    bogus.write_text("not a database", encoding="utf-8")
    result = run(cli, "events", "--db", bogus)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bogus}: ")
    assert "Traceback" not in result.output


def test_sql_injection_text_matches_nothing_and_drops_nothing(cli: click.Group, db: Path) -> None:
    result = run(cli, "events", "--db", db, "--format", "csv", "--text",
                 "x'; DROP TABLE events; --")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _csv_ids(result.stdout) == []
    with duckdb.connect(str(db), read_only=True) as connection:
        row = connection.execute("SELECT count(*) FROM events").fetchall()
    assert row == [(len(ALL_IDS),)]


# ---------------------------------------------------------------- incidents and dyads


def test_incidents_csv(cli: click.Group, db: Path) -> None:
    result = run(cli, "incidents", "--db", db, "--format", "csv", "--text", "shahed")
    assert result.exit_code == 0, result.output
    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    assert row["incident_id"] == "100"
    assert row["outlets"] == "AP;Reuters;Yahoo"
    assert [r["outlet"] for r in json.loads(row["reports"])] == ["Reuters", "AP", "Yahoo"]


def test_incidents_table(cli: click.Group, db: Path) -> None:
    result = run(cli, "incidents", "--db", db, "--country", "USA")
    assert result.exit_code == 0, result.output
    assert [line.split()[0] for line in result.stdout.splitlines()[2:]] == ["102", "107", "108"]
    assert result.stderr.strip() == "3 incidents"


@pytest.mark.parametrize(
    ("args", "pairs"),
    [
        ((), ["IRN-RUS", "IRN-USA", "CHN-IRN", "CHN-RUS", "IRN-SYR", "RUS-USA", "UKR-USA"]),
        (("--country", "United States"), ["USA-IRN", "USA-RUS", "USA-UKR"]),
        (("--type", "joint_exercise"), ["CHN-IRN", "CHN-RUS", "IRN-RUS"]),
        (("--from", "USA"), ["IRN-USA", "RUS-USA", "UKR-USA"]),
        (("--limit", "2"), ["IRN-RUS", "IRN-USA"]),
    ],
)
def test_dyads_csv(cli: click.Group, db: Path, args: tuple[str, ...], pairs: list[str]) -> None:
    result = run(cli, "dyads", "--db", db, "--format", "csv", *args)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [f"{row['a']}-{row['b']}" for row in rows] == pairs


def test_dyads_table_shows_only_types_that_occur(cli: click.Group, db: Path) -> None:
    result = run(cli, "dyads", "--db", db, "--country", "USA")
    header = result.stdout.splitlines()[0].split()
    assert header == ["a", "b", "total", "military_aid", "sanction", "condemnation",
                      "n_a_to_b", "n_b_to_a", "balance", "first_date", "last_date"]  # fmt: skip


# ---------------------------------------------------------------- timeline and network


def test_timeline_draws_and_saves(cli: click.Group, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "chart.png"
    result = run(cli, "timeline", "Iran", "RUS", "--db", db, "--out", out)
    assert result.exit_code == 0, result.output
    months = [line for line in result.stdout.splitlines() if re.match(r"\d{4}-\d{2} \|", line)]
    assert len(months) == 17
    assert out.read_bytes().startswith(b"\x89PNG")
    assert f"chart saved to {out}" in result.stderr


def test_timeline_with_filters_and_svg(cli: click.Group, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "chart.svg"
    result = run(cli, "timeline", "IRN", "RUS", "--db", db, "--type", "arms_transfer",
                 "--since", "2022-01", "--until", "2022-12", "--out", out)  # fmt: skip
    assert result.exit_code == 0, result.output
    months = [line for line in result.stdout.splitlines() if re.match(r"\d{4}-\d{2} \|", line)]
    assert [line[:7] for line in months] == ["2022-02"]
    # events 3, 6 and 11 have no date of their own, so no month to be drawn in
    assert "3 undated events of the pair not in the chart" in result.stderr
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("IRN", "RUS", "--out", "chart.jpg"), "give a .png or .svg file"),
        (("IRN", "Iran"), "A and B are both IRN"),
        (("IRN", "Narnia"), "unknown country 'Narnia'"),
        (("IRN", "RUS", "--country", "USA"), "No such option"),
    ],
)
def test_timeline_usage_errors(
    cli: click.Group, db: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(cli, "timeline", "--db", db, *args)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".json"])
def test_network_files(cli: click.Group, db: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"graph{suffix}"
    result = run(cli, "network", "--db", db, "--since", "2023-07", "--out", out)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "3 undated events left out (no date of their own); --include-undated keeps them",
        f"4 parties and 3 pairs written to {out}",
    ]
    if suffix == ".json":
        graph = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
    else:
        graph = nx.read_graphml(out) if suffix == ".graphml" else nx.read_gexf(out)
    assert set(graph.nodes) == {"IRN", "SYR", "UKR", "USA"}
    assert graph.number_of_edges() == 3


def test_network_needs_a_known_suffix(cli: click.Group, db: Path, tmp_path: Path) -> None:
    result = run(cli, "network", "--db", db, "--out", tmp_path / "graph.txt")
    assert result.exit_code == 2
    assert "give a .graphml, .gexf, .json file" in result.stderr


# ---------------------------------------------------------------- the samples, ingested


def test_samples_iran_russia_arms_transfers(cli: click.Group, samples_store_file: Path) -> None:
    result = run(cli, "events", "--db", samples_store_file, "--country", "IRN", "--with", "RUS",
                 "--type", "arms_transfer", "--format", "jsonl")  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows
    for row in rows:
        assert row["type"] == "arms_transfer"
        assert {*row["sources"], *row["targets"]} >= {"IRN", "RUS"}
        assert row["evidence"].strip()
