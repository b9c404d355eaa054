"""`pactwatch export --to parquet`: Hive-partitioned datasets every installed reader opens.

The hand-written store (fixtures_store) has events of many types over 2022-2024,
some dated only by their publication day and one with neither, so the expected
partitions are known from its table of events: the year of an event's own date,
else `undated`. pyarrow, pandas and DuckDB are dependencies; polars is read too
when installed.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from pactwatch.store import Store, open_store
from pactwatch.store import export as export_module
from pactwatch.store.export import (
    EXPORT_MANIFEST,
    PARQUET_DATASETS,
    UNDATED_PARTITION,
    ExportError,
    export_parquet,
)

from .conftest import RunStoreCli
from .fixtures_store import EVENTS, EventRow

#: Each dataset's key, to compare rows whatever order the files hold them in.
KEYS = {
    "events": ("event_id",),
    "incidents": ("incident_id",),
    "articles": ("article_id",),
    "event_actors": ("event_id", "position"),
    "event_dyads": ("event_id", "a", "b"),
}


def _year(event: EventRow) -> str:
    """The partition of an event: its own date's year, else undated."""
    own = event.start is not None and event.precision in ("day", "month", "year")
    return str(event.start.year) if own and event.start else UNDATED_PARTITION


def _expected_partitions() -> set[tuple[str, str]]:
    return {(event.type, _year(event)) for event in EVENTS}


@pytest.fixture
def hand(hand_db: str) -> Iterator[Store]:
    with open_store(hand_db, read_only=True) as store:
        yield store


@pytest.fixture
def exported(hand: Store, tmp_path: Path) -> Path:
    target = tmp_path / "export"
    export_parquet(hand, target)
    return target


def _sorted_rows(table: pa.Table, dataset: str) -> list[dict[str, object]]:
    keys = KEYS[dataset]
    return sorted(table.to_pylist(), key=lambda row: tuple(row[k] for k in keys))


def _store_rows(store: Store, dataset: str) -> list[dict[str, object]]:
    table = store.connection.arrow(f"SELECT * FROM {dataset}")
    if dataset == "articles":
        table = table.drop_columns(["body", "text"])
    return _sorted_rows(table, dataset)


def test_the_export_holds_the_expected_partitions(exported: Path) -> None:
    partitions = {
        (path.parent.name.removeprefix("type="), path.name.removeprefix("year="))
        for path in (exported / "events").glob("type=*/year=*")
    }
    assert partitions == _expected_partitions()
    assert ("arms_transfer", UNDATED_PARTITION) in partitions
    assert not list((exported / "events").glob("*/year=__HIVE_DEFAULT_PARTITION__"))
    assert sorted(p.name for p in exported.iterdir()) == sorted(
        [*PARQUET_DATASETS, EXPORT_MANIFEST]
    )


@pytest.mark.parametrize("dataset", PARQUET_DATASETS)
def test_every_dataset_reads_back_with_pyarrow(exported: Path, hand: Store, dataset: str) -> None:
    table = ds.dataset(exported / dataset, format="parquet", partitioning="hive").to_table()
    if dataset == "events":
        table = table.drop_columns(["year"])
    assert _sorted_rows(table, dataset) == _store_rows(hand, dataset)


def test_articles_leave_out_the_raw_and_cleaned_text(exported: Path) -> None:
    names = ds.dataset(exported / "articles", format="parquet").schema.names
    assert "body" not in names and "text" not in names
    assert {"article_id", "content_hash", "url", "outlet", "published"} <= set(names)


def _expected_counts() -> list[tuple[str, str, int]]:
    counts: dict[tuple[str, str], int] = {}
    for event in EVENTS:
        key = (event.type, _year(event))
        counts[key] = counts.get(key, 0) + 1
    return sorted((t, y, n) for (t, y), n in counts.items())


def test_duckdb_reads_the_events_with_their_partitions(exported: Path) -> None:
    pattern = str(exported / "events" / "**" / "*.parquet")
    reader = duckdb.connect()
    got = reader.execute(
        "SELECT type, CAST(year AS VARCHAR), count(*) "
        "FROM read_parquet(?, hive_partitioning = true) GROUP BY ALL ORDER BY ALL",
        [pattern],
    ).fetchall()
    assert got == _expected_counts()
    filtered = reader.execute(
        "SELECT event_id FROM read_parquet(?, hive_partitioning = true) "
        "WHERE type = 'arms_transfer' AND year = '2022' ORDER BY event_id",
        [pattern],
    ).fetchall()
    assert filtered == [
        (e.event_id,) for e in EVENTS if (e.type, _year(e)) == ("arms_transfer", "2022")
    ]
    assert filtered


def _counts_by_pandas(events: Path) -> tuple[list[tuple[str, str, int]], list[int]]:
    """pandas.read_parquet failed on the null integer partition an undated event made."""
    import pandas

    frame = pandas.read_parquet(events)
    got = frame.groupby(["type", "year"], observed=True).size()
    counts = sorted((t, str(y), int(n)) for (t, y), n in got.items())
    return counts, sorted(int(i) for i in frame["event_id"])


def _counts_by_polars(events: Path) -> tuple[list[tuple[str, str, int]], list[int]]:
    import polars

    frame = polars.read_parquet(events / "**" / "*.parquet", hive_partitioning=True)
    counts = sorted((t, str(y), n) for t, y, n in frame.group_by(["type", "year"]).len().rows())
    return counts, sorted(frame["event_id"].to_list())


def _counts_by_pyarrow(events: Path) -> tuple[list[tuple[str, str, int]], list[int]]:
    table = ds.dataset(events, format="parquet", partitioning="hive").to_table()
    rows = table.select(["type", "year"]).to_pylist()
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row["type"], str(row["year"]))
        counts[key] = counts.get(key, 0) + 1
    return sorted((t, y, n) for (t, y), n in counts.items()), sorted(table["event_id"].to_pylist())


#: Every dataframe reader installed here; polars is not a dependency, so it is read
#: only where it is installed (no test is skipped for its absence).
READERS = {
    name: reader
    for name, reader in (
        ("pandas", _counts_by_pandas),
        ("polars", _counts_by_polars),
        ("pyarrow", _counts_by_pyarrow),
    )
    if importlib.util.find_spec(name) is not None
}


@pytest.mark.parametrize("reader", sorted(READERS))
def test_each_installed_reader_opens_the_events(exported: Path, reader: str) -> None:
    counts, ids = READERS[reader](exported / "events")
    assert counts == _expected_counts()
    assert ids == sorted(e.event_id for e in EVENTS)


def test_the_manifest_counts_the_rows(exported: Path, hand: Store) -> None:
    manifest = json.loads((exported / EXPORT_MANIFEST).read_text())
    for dataset in PARQUET_DATASETS:
        row = hand.connection.execute(f"SELECT count(*) FROM {dataset}").fetchone()
        assert row is not None and manifest["rows"][dataset] == row[0]


def test_an_empty_store_exports_empty_datasets_with_their_columns(tmp_path: Path) -> None:
    with open_store(tmp_path / "empty.duckdb") as store:
        written = export_parquet(store, tmp_path / "out")
    assert set(written.rows.values()) == {0}
    events = ds.dataset(tmp_path / "out" / "events", format="parquet").to_table()
    assert events.num_rows == 0 and {"event_id", "type", "year"} <= set(events.column_names)


@pytest.mark.parametrize(
    ("existing", "overwrite", "message"),
    [
        ("file", False, "exists and is not a directory"),
        ("other", False, "not empty; choose a new directory or give --overwrite"),
        ("other", True, "not empty and not a pactwatch export"),
        ("export", False, "not empty; choose a new directory or give --overwrite"),
    ],
)
def test_a_taken_directory_is_refused(
    hand: Store, tmp_path: Path, existing: str, overwrite: bool, message: str
) -> None:
    target = tmp_path / "out"
    if existing == "file":
        target.write_text("x")
    elif existing == "other":
        target.mkdir()
        (target / "notes.txt").write_text("mine")
    else:
        export_parquet(hand, target)
    with pytest.raises(ExportError, match=message):
        export_parquet(hand, target, overwrite=overwrite)
    assert not list(tmp_path.glob(".out.*"))


@pytest.mark.parametrize("existing", ["none", "empty", "export"])
def test_an_export_goes_into_a_new_empty_or_earlier_export_directory(
    hand: Store, tmp_path: Path, existing: str
) -> None:
    target = tmp_path / "out"
    if existing == "empty":
        target.mkdir()
    elif existing == "export":
        export_parquet(hand, target)
        (target / "events" / "stale.parquet").write_text("old")
    export_parquet(hand, target, overwrite=True)
    assert not (target / "events" / "stale.parquet").exists()
    assert (target / EXPORT_MANIFEST).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failed_export_leaves_nothing_behind(
    hand: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The third dataset fails: neither the target nor the staging directory remains."""
    calls: list[Path] = []
    original = ds.write_dataset

    def failing_write(data: object, base_dir: Path, **options: object) -> None:
        calls.append(base_dir)
        if len(calls) == 3:
            raise OSError("disk full")
        original(data, base_dir, **options)

    monkeypatch.setattr(ds, "write_dataset", failing_write)
    with pytest.raises(OSError, match="disk full"):
        export_parquet(hand, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []
    assert export_module.PARQUET_DATASETS[:3] == tuple(p.name for p in calls)


def test_export_through_the_cli(run_store_cli: RunStoreCli, hand_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "out"
    done = run_store_cli("export", "--to", "parquet", target, "--db", hand_db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{target}: 12 events, ")
    again = run_store_cli("export", "--to", "parquet", target, "--db", hand_db)
    assert again.returncode == 1
    assert again.stderr.strip().endswith("give --overwrite")
    replaced = run_store_cli("export", target, "--db", hand_db, "--overwrite")
    assert replaced.returncode == 0, replaced.stderr
