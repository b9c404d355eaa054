"""Writing query results: tables as text/CSV/JSON Lines/Parquet, networks, timelines.

- `write_table` renders any query table. Lists become `;`-joined cells in CSV
  and nested records (an incident's reports) JSON text; JSON Lines and Parquet
  keep them nested. Parquet is binary and needs a file.
- `write_network` writes a `query.Network` as GraphML, GEXF or node-link JSON
  (networkx), chosen by the file suffix.
- `export_parquet` writes the whole store as Hive-partitioned Parquet
  datasets (events by type and year, year=undated without a date of their
  own; incidents, articles without their text, actors, dyads) for Spark,
  DuckDB, pandas or polars, streaming and atomically.
- `draw_timeline` draws `query.timeline` as a terminal bar chart;
  `save_timeline` as a PNG or SVG stacked bar chart (matplotlib, no display
  needed).

networkx and matplotlib are imported only by the functions that use them.
"""

from __future__ import annotations

import csv
import gc
import json
import math
import shutil
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from pactwatch.actors import load_actor_lexicon
from pactwatch.errors import PactwatchError
from pactwatch.models import EVENT_TYPES

if TYPE_CHECKING:
    from pactwatch.store.query import HasConnection, Network

TABLE_FORMATS = ("table", "csv", "jsonl", "parquet")
NETWORK_SUFFIXES = (".graphml", ".gexf", ".json")
CHART_SUFFIXES = (".png", ".svg")

#: Widest cell in the text table; evidence sentences are cut to this with an ellipsis.
CELL_WIDTH = 60
#: Widest bar of the terminal timeline, in characters.
BAR_WIDTH = 50

#: One letter per type in the terminal timeline (a legend line spells them out).
TYPE_LETTERS: dict[str, str] = {
    "arms_transfer": "A",
    "military_aid": "M",
    "training": "T",
    "joint_exercise": "X",
    "defense_agreement": "G",
    "basing_access": "B",
    "defense_industry": "I",
    "defense_meeting": "D",
    "security_cooperation": "S",
    "sanction": "N",
    "condemnation": "C",
}


class ExportError(PactwatchError):
    """A result cannot be written as asked (format, destination or suffix)."""


# ---------------------------------------------------------------- cells


def _json_default(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _scalar_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def cell_text(value: object, list_separator: str = ";") -> str:
    """One cell as text: lists of scalars joined, nested records as JSON."""
    if isinstance(value, list):
        if any(isinstance(item, dict | list) for item in value):
            return json.dumps(value, ensure_ascii=False, default=_json_default)
        return list_separator.join(_scalar_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    return _scalar_text(value)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------- tables


def format_table(
    table: pa.Table, columns: Sequence[str] | None = None, width: int = CELL_WIDTH
) -> str:
    """An aligned plain-text table; long cells (evidence) are cut to `width`."""
    names = list(columns) if columns else table.column_names
    numeric = {
        name
        for name in names
        if pa.types.is_integer(table.schema.field(name).type)
        or pa.types.is_floating(table.schema.field(name).type)
    }
    rows = [
        [_shorten(_display(row[name]), width) for name in names]
        for row in table.select(names).to_pylist()
    ]
    widths = [max([len(name), *(len(row[i]) for row in rows)]) for i, name in enumerate(names)]

    def line(cells: Sequence[str]) -> str:
        padded = (
            cell.rjust(w) if name in numeric else cell.ljust(w)
            for cell, w, name in zip(cells, widths, names, strict=True)
        )
        return "  ".join(padded).rstrip()

    separator = "  ".join("-" * w for w in widths)
    return "\n".join([line(names), separator, *(line(row) for row in rows)]) + "\n"


def _display(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list) and all(not isinstance(item, dict) for item in value):
        return ",".join(_scalar_text(item) for item in value)
    if isinstance(value, list):
        return f"{len(value)} records"
    return cell_text(value)


def _write_csv(table: pa.Table, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.column_names)
    for row in table.to_pylist():
        writer.writerow(cell_text(value) for value in row.values())


def _write_jsonl(table: pa.Table, out: TextIO) -> None:
    for row in table.to_pylist():
        out.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")


@contextmanager
def _text_output(out: str | Path | TextIO) -> Iterator[TextIO]:
    if isinstance(out, str | Path):
        try:
            with open(out, "w", encoding="utf-8", newline="") as handle:
                yield handle
        except OSError as exc:
            raise ExportError(f"{out}: cannot write: {exc.strerror}") from None
    else:
        yield out


def write_table(
    table: pa.Table,
    fmt: str,
    out: str | Path | TextIO,
    *,
    columns: Sequence[str] | None = None,
) -> None:
    """Write `table` as `fmt` (table, csv, jsonl or parquet) to a file path or text stream.

    `columns` picks and orders the columns of the text table only; the data
    formats always carry every column.
    """
    if fmt not in TABLE_FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use {', '.join(TABLE_FORMATS)}")
    if fmt == "parquet":
        if not isinstance(out, str | Path):
            raise ExportError("parquet is a binary file format: give an output file (-o FILE)")
        try:
            pq.write_table(table, str(out))
        except OSError as exc:
            raise ExportError(f"{out}: cannot write: {exc}") from None
        return
    with _text_output(out) as stream:
        if fmt == "csv":
            _write_csv(table, stream)
        elif fmt == "jsonl":
            _write_jsonl(table, stream)
        else:
            stream.write(format_table(table, columns))


# ---------------------------------------------------------------- networks


def to_networkx(network: Network) -> Any:
    """An undirected `networkx.Graph`: nodes by code, one weighted edge per pair.

    Edge attributes are the dyad columns (a, b keep the row's orientation, so
    n_a_to_b reads unambiguously); missing dates are left out because GraphML
    and GEXF have no null.
    """
    import networkx as nx

    graph = nx.Graph()
    for node in network.nodes.to_pylist():
        code = node.pop("code")
        graph.add_node(code, **node)
    for edge in network.edges.to_pylist():
        attributes = {k: _scalar_text(v) if isinstance(v, date) else v for k, v in edge.items()}
        graph.add_edge(
            edge["a"], edge["b"], **{k: v for k, v in attributes.items() if v is not None}
        )
    return graph


def write_network(network: Network, path: str | Path) -> None:
    """Write the network as .graphml, .gexf or .json (networkx node-link data)."""
    import networkx as nx

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in NETWORK_SUFFIXES:
        raise ExportError(
            f"{path}: cannot tell the network format from {suffix or 'no suffix'}: "
            f"use {', '.join(NETWORK_SUFFIXES)}"
        )
    graph = to_networkx(network)
    try:
        if suffix == ".graphml":
            nx.write_graphml(graph, path)
        elif suffix == ".gexf":
            nx.write_gexf(graph, path)
        else:
            data = nx.node_link_data(graph, edges="edges")
            path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError as exc:
        raise ExportError(f"{path}: cannot write: {exc.strerror}") from None


# ---------------------------------------------------------------- timelines


def _months_and_counts(table: pa.Table) -> tuple[list[str], dict[str, list[int]]]:
    """Month labels (YYYY-MM) and, per type present at all, its counts per month."""
    months = [month.strftime("%Y-%m") for month in table["month"].to_pylist()]
    counts = {name: table[name].to_pylist() for name in EVENT_TYPES}
    return months, {name: values for name, values in counts.items() if any(values)}


def _pair_title(a: str, b: str) -> str:
    lexicon = load_actor_lexicon()
    return f"{lexicon.name_of(a)} – {lexicon.name_of(b)}: events per month"


def _bar(counts: dict[str, int], scale: float) -> str:
    """Letters per type, scaled to fit; a type with any event keeps at least one letter."""
    return "".join(TYPE_LETTERS[name] * max(1, round(n * scale)) for name, n in counts.items() if n)


def draw_timeline(table: pa.Table, a: str, b: str) -> str:
    """A terminal bar chart of `query.timeline`: one line per month, a letter per event."""
    months, counts = _months_and_counts(table)
    if not months:
        return f"{_pair_title(a, b)}\n(no dated events)\n"
    totals = table["total"].to_pylist()
    scale = min(1.0, BAR_WIDTH / max(max(totals), 1))
    lines = [_pair_title(a, b)]
    for row, month in enumerate(months):
        bar = _bar({name: values[row] for name, values in counts.items()}, scale)
        lines.append(f"{month} |{bar.ljust(math.ceil(max(totals) * scale))} {totals[row]}")
    if scale < 1:
        lines.append(f"(one letter is about {1 / scale:.1f} events)")
    lines.append("legend: " + "  ".join(f"{TYPE_LETTERS[name]} {name}" for name in counts))
    return "\n".join(lines) + "\n"


def save_timeline(table: pa.Table, a: str, b: str, path: str | Path) -> None:
    """Save `query.timeline` as a stacked bar chart, PNG or SVG by the file suffix.

    Bars sit on a real date axis, so matplotlib thins the month labels of a
    long timeline instead of printing hundreds of them.
    """
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure  # a bare Figure renders with Agg, no display
    from matplotlib.ticker import MaxNLocator

    path = Path(path)
    if path.suffix.lower() not in CHART_SUFFIXES:
        raise ExportError(f"{path}: save the chart as {' or '.join(CHART_SUFFIXES)}")
    months = table["month"].to_pylist()
    _, counts = _months_and_counts(table)
    figure = Figure(figsize=(10, 4.5), layout="constrained")
    axes = figure.add_subplot()
    colors = _type_colors()
    bottom = [0] * len(months)
    for name, values in counts.items():
        axes.bar(
            months, values, width=27, align="edge", bottom=bottom, label=name, color=colors[name]
        )
        bottom = [x + y for x, y in zip(bottom, values, strict=True)]
    locator = AutoDateLocator()  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(_pair_title(a, b))
    axes.set_ylabel("events")
    if counts:
        axes.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    try:
        figure.savefig(path)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write: {exc.strerror}") from None


def _type_colors() -> dict[str, Any]:
    """A fixed colour per type, so every chart uses the same colours."""
    from matplotlib import colormaps

    cmap = colormaps["tab20"]
    return {name: cmap(index) for index, name in enumerate(EVENT_TYPES)}


# ---------------------------------------------------------------- parquet datasets

#: The datasets of a Parquet export, each a directory of its own under the export.
PARQUET_DATASETS = ("events", "incidents", "articles", "event_actors", "event_dyads")
#: Article columns left out of the export: the raw input and the cleaned text are
#: most of the store's bytes and belong to reprocessing, not analysis.
_ARTICLE_TEXT_COLUMNS = frozenset({"body", "text"})
#: Marks a directory as a pactwatch export (so --overwrite never replaces anything
#: else); the leading underscore makes Spark, DuckDB and pyarrow skip it.
EXPORT_MANIFEST = "_pactwatch_export.json"
#: The `year` partition of events without a date of their own (precision day, month or
#: year): a named partition, since a null key (__HIVE_DEFAULT_PARTITION__) in an integer
#: column is unreadable for pandas.
UNDATED_PARTITION = "undated"
#: Rows fetched from the store at a time: the export streams, whatever the store's size.
_FETCH_ROWS = 65_536
_MAX_ROWS_PER_FILE = 1_000_000


@dataclass(frozen=True, slots=True)
class ParquetExport:
    """What `export_parquet` wrote: rows and files per dataset."""

    directory: Path
    rows: dict[str, int]
    files: dict[str, int]

    def line(self) -> str:
        counts = ", ".join(f"{self.rows[name]} {name}" for name in PARQUET_DATASETS)
        return f"{self.directory}: {counts} ({sum(self.files.values())} Parquet files)"


def export_parquet(
    store: HasConnection, directory: str | Path, *, overwrite: bool = False
) -> ParquetExport:
    """Write the store as Hive-partitioned Parquet datasets under `directory`.

    events/ is partitioned by `type` and `year`: the year of the event's own
    date, or `undated` (`UNDATED_PARTITION`) for an event without one, so no
    partition key is null and pandas, polars, pyarrow and DuckDB all read it;
    the other datasets are not partitioned. Everything is written to a hidden sibling
    directory and renamed into place at the end, so readers never see half an
    export. A non-empty `directory` is refused unless `overwrite` is set and
    it holds an earlier pactwatch export.
    """
    target = Path(directory)
    _check_export_target(target, overwrite)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")
    staging.mkdir()
    try:
        rows, files = _write_datasets(store, staging)
        manifest = {"datasets": list(PARQUET_DATASETS), "rows": rows, "files": files}
        (staging / EXPORT_MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        _move_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ParquetExport(target, rows, files)


def _check_export_target(target: Path, overwrite: bool) -> None:
    if not target.exists():
        return
    if not target.is_dir():
        raise ExportError(f"{target}: exists and is not a directory")
    if not any(target.iterdir()):
        return
    if not overwrite:
        raise ExportError(f"{target}: not empty; choose a new directory or give --overwrite")
    if not (target / EXPORT_MANIFEST).is_file():
        raise ExportError(
            f"{target}: not empty and not a pactwatch export, so --overwrite will not replace it"
        )


def _move_into_place(staging: Path, target: Path) -> None:
    """Rename the finished export to `target`, swapping out an earlier export if any."""
    if not target.exists() or not any(target.iterdir()):
        staging.replace(target)  # rename(2) replaces an empty directory atomically
        return
    previous = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.old")
    target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous, ignore_errors=True)


def _dataset_queries(store: HasConnection) -> dict[str, str]:
    """The SELECT of each dataset, made of table and column names only (no values)."""
    article_columns = store.connection.columns("articles")
    kept = ", ".join(f'"{name}"' for name in article_columns if name not in _ARTICLE_TEXT_COLUMNS)
    return {
        "events": (
            "SELECT *, CASE WHEN date_start IS NOT NULL AND date_precision IN "
            "('day', 'month', 'year') "
            "THEN CAST(CAST(EXTRACT(YEAR FROM date_start) AS INTEGER) AS VARCHAR) "
            f"ELSE '{UNDATED_PARTITION}' END AS year "
            "FROM events ORDER BY event_id"
        ),
        "incidents": "SELECT * FROM incidents ORDER BY incident_id",
        "articles": f"SELECT {kept} FROM articles ORDER BY article_id",
        "event_actors": "SELECT * FROM event_actors ORDER BY event_id, position",
        "event_dyads": "SELECT * FROM event_dyads ORDER BY event_id, a, b",
    }


def _write_datasets(store: HasConnection, root: Path) -> tuple[dict[str, int], dict[str, int]]:
    """Stream every dataset from one snapshot of the store into `root`."""
    import pyarrow.dataset as ds

    queries = _dataset_queries(store)
    rows: dict[str, int] = {}
    files: dict[str, int] = {}
    with store.connection.cursor() as session:
        session.begin(snapshot=True)  # one snapshot; closing the session ends it
        for name, sql in queries.items():
            reader = session.arrow_batches(sql, _FETCH_ROWS)
            written: list[Any] = []
            ds.write_dataset(
                reader,
                root / name,
                format="parquet",
                partitioning=_event_partitioning() if name == "events" else None,
                basename_template="part-{i}.parquet",
                max_rows_per_file=_MAX_ROWS_PER_FILE,
                max_rows_per_group=_FETCH_ROWS,
                file_visitor=written.append,
            )
            if not written:
                _write_empty(reader.schema, root / name)
            rows[name] = sum(file.metadata.num_rows for file in written)
            files[name] = max(1, len(written))
            # Release Arrow's readers now: one left for the interpreter's final
            # teardown can abort the process (apache/arrow#34314).
            reader.close()
            del reader
            gc.collect()
    return rows, files


def _event_partitioning() -> Any:
    """events/type=.../year=.../: the two columns nearly every analysis filters on."""
    import pyarrow.dataset as ds

    keys = pa.schema([("type", pa.string()), ("year", pa.string())])
    return ds.partitioning(keys, flavor="hive")


def _write_empty(schema: pa.Schema, directory: Path) -> None:
    """One empty file, so an empty dataset still has its columns for every reader."""
    directory.mkdir(parents=True, exist_ok=True)
    pq.write_table(schema.empty_table(), directory / "part-0.parquet")
