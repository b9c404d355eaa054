"""Query commands: events, incidents, dyads, timeline and network over a stored database.

Each command parses its options into an `EventFilter`, opens the store
read-only (a query never creates or changes a file) and hands the table from
`pactwatch.store.query` to `pactwatch.store.export`. Bad option values are
usage errors (exit 2); a missing or unreadable database is a one-line error
(exit 1). A date bound that left undated events out says how many on stderr.
"""

from __future__ import annotations

import calendar
import dataclasses
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click
import pyarrow as pa

from pactwatch.commands.store import DB_HELP
from pactwatch.errors import PactwatchError
from pactwatch.models import EVENT_TYPES, STAGES
from pactwatch.output import print_renderable, terminal_table
from pactwatch.store import export, query
from pactwatch.store.database import DEFAULT_PATH, ENVIRONMENT_VARIABLE, Store, open_store
from pactwatch.store.locations import is_postgres_url
from pactwatch.store.query import CERTAINTIES, EventFilter

F = TypeVar("F", bound=Callable[..., Any])


#: The columns the text table shows; the data formats carry them all.
EVENT_COLUMNS = (
    "event_id",
    "date_start",
    "published",
    "type",
    "sources",
    "targets",
    "participants",
    "stage",
    "certainty",
    "review",
    "outlet",
    "evidence",
)
INCIDENT_COLUMNS = (
    "incident_id",
    "date_start",
    "first_seen",
    "type",
    "sources",
    "targets",
    "participants",
    "stage",
    "n_articles",
    "n_outlets",
    "certainty_conflict",
    "outlets",
)
DYAD_COLUMNS = ("a", "b", "total", "n_a_to_b", "n_b_to_a", "balance", "first_date", "last_date")


# ---------------------------------------------------------------- option types


class CountryType(click.ParamType[str]):
    """A party given as a code or a name ("IRN", "Iran", "iran"), turned into its code."""

    name = "country"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return query.resolve_country(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class DateBound(click.ParamType[date]):
    """YYYY-MM-DD, YYYY-MM or YYYY; a month or year means its first or last day."""

    name = "date"

    def __init__(self, end: bool) -> None:
        self.end = end

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        text = str(value).strip()
        try:
            return self._parse(text)
        except ValueError:
            self.fail(f"{text!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY", param, ctx)

    def _parse(self, text: str) -> date:
        parts = [int(part) for part in text.split("-")] if text else []
        if len(parts) == 3 and len(text) == 10:
            return date(*parts)
        if len(parts) == 2 and len(text) == 7:
            year, month = parts
            day = calendar.monthrange(year, month)[1] if self.end else 1
            return date(year, month, day)
        if len(parts) == 1 and len(text) == 4:
            return date(parts[0], 12, 31) if self.end else date(parts[0], 1, 1)
        raise ValueError(text)


COUNTRY = CountryType()


# ---------------------------------------------------------------- shared options


def _apply(decorators: list[Callable[[F], F]], function: F) -> F:
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def db_option(function: F) -> F:
    return click.option(
        "--db",
        type=str,
        default=DEFAULT_PATH,
        envvar=ENVIRONMENT_VARIABLE,
        show_default=True,
        show_envvar=True,
        metavar="FILE|URL",
        help=DB_HELP,
    )(function)


def filter_options(*, parties: bool = True) -> Callable[[F], F]:
    """The EventFilter options; `parties=False` for commands that name the pair themselves."""
    options: list[Callable[[F], F]] = []
    if parties:
        options += [
            click.option("--country", type=COUNTRY, help="A party (code or name)."),
            click.option(
                "--with", "with_country", type=COUNTRY, help="The other party, with --country."
            ),
            click.option(
                "--from",
                "source",
                type=COUNTRY,
                help="The supplier, sender or accuser of a directed event.",
            ),
            click.option(
                "--to", "target", type=COUNTRY, help="The recipient or target of a directed event."
            ),
        ]
    options += [
        click.option(
            "--type", "types", multiple=True, type=click.Choice(EVENT_TYPES), help="Repeatable."
        ),
        click.option(
            "--stage", "stages", multiple=True, type=click.Choice(STAGES), help="Repeatable."
        ),
        click.option(
            "--certainty",
            "certainties",
            multiple=True,
            type=click.Choice(CERTAINTIES),
            help="Repeatable.",
        ),
        click.option(
            "--since", type=DateBound(end=False), help="From this date (or YYYY-MM, YYYY)."
        ),
        click.option(
            "--until", type=DateBound(end=True), help="Up to this date (or YYYY-MM, YYYY)."
        ),
        click.option(
            "--include-undated",
            is_flag=True,
            help="With --since/--until, keep events that have no date of their own.",
        ),
        click.option(
            "--min-confidence",
            type=click.FloatRange(0.0, 1.0),
            help="Only events with at least this confidence (0 to 1).",
        ),
        click.option("--text", help="Only events whose evidence contains this (any case)."),
        click.option(
            "--reviewed",
            "reviewed",
            multiple=True,
            type=click.Choice(query.REVIEW_FILTERS),
            help="Review states to keep (repeatable); rejected events only if named.",
        ),
        click.option("--include-rejected", is_flag=True, help="Keep events an analyst rejected."),
    ]
    return lambda function: _apply(options, function)


def output_options(function: F) -> F:
    return _apply(
        [
            click.option(
                "--format",
                "fmt",
                type=click.Choice(export.TABLE_FORMATS),
                default="table",
                show_default=True,
                help="parquet needs -o FILE.",
            ),
            click.option(
                "-o",
                "--output",
                type=click.Path(dir_okay=False, path_type=Path),
                help="Write here.",
            ),
            click.option(
                "--full",
                is_flag=True,
                help="Table: show the evidence in full (wrapped on a terminal).",
            ),
        ],
        function,
    )


def _filter(options: dict[str, Any]) -> EventFilter:
    """The EventFilter from the parsed options; a contradiction is a usage error."""
    country, with_country = options.get("country"), options.get("with_country")
    if with_country and not country:
        raise click.UsageError("--with names the other party: give --country too")
    if country and country == with_country:
        raise click.UsageError(f"--country and --with are both {country}")
    source, target = options.get("source"), options.get("target")
    if source and source == target:
        raise click.UsageError(f"--from and --to are both {source}")
    # Options carry the field's name, so a new EventFilter field needs only its option.
    given = {
        field.name: options[field.name]
        for field in dataclasses.fields(EventFilter)
        if options.get(field.name) is not None
    }
    try:
        return EventFilter(**given)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def _say_undated(store: Store, flt: EventFilter, *, chart: bool = False) -> None:
    """The stderr line that keeps a date bound from dropping events silently."""
    left_out = query.count_undated(store, flt, always=chart)
    if not left_out:
        return
    noun = "event" if left_out == 1 else "events"
    if chart:
        click.echo(f"{left_out} undated {noun} of the pair not in the chart", err=True)
    else:
        click.echo(
            f"{left_out} undated {noun} left out (no date of their own); "
            "--include-undated keeps them",
            err=True,
        )


@contextmanager
def clean_errors() -> Iterator[None]:
    """Our errors (a bad file, a locked store) as one-line messages, exit 1, no traceback."""
    try:
        yield
    except PactwatchError as exc:
        raise click.ClickException(str(exc)) from None


@contextmanager
def reading(db: str) -> Iterator[Store]:
    """The store opened read-only, refusing a missing file rather than creating one."""
    if not is_postgres_url(db) and not Path(db).exists():
        raise click.ClickException(
            f"no database at {db}: run `pactwatch ingest PATH... --db {db}` first"
        )
    with clean_errors(), open_store(db, read_only=True) as store:
        yield store


def _check_destination(fmt: str, output: Path | None) -> None:
    if fmt == "parquet" and output is None:
        raise click.UsageError("--format parquet writes a binary file: give -o FILE.parquet")


def _emit(table: Any, fmt: str, output: Path | None, columns: tuple[str, ...], noun: str) -> None:
    """Write the table; the row count goes to stderr so stdout stays pure data.

    A text table on a terminal fits its width (evidence cut with "…", or
    wrapped in full with --full); elsewhere it keeps every column on one line.
    """
    full = bool(click.get_current_context().params.get("full"))
    if fmt == "table" and output is None and sys.stdout.isatty():
        rows = table.select(list(columns)).to_pylist()
        numeric = frozenset(
            name
            for name in columns
            if pa.types.is_integer(table.schema.field(name).type)
            or pa.types.is_floating(table.schema.field(name).type)
        )
        width = shutil.get_terminal_size().columns
        drawn = terminal_table(rows, columns, width=width, numeric=numeric, full=full)
        print_renderable(drawn, sys.stdout)
    elif fmt == "table" and full:
        text = export.format_table(table, columns, width=1_000_000)
        if output is None:
            sys.stdout.write(text)
        else:
            try:
                output.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise click.ClickException(f"{output}: cannot write: {exc.strerror}") from None
    else:
        with clean_errors():
            export.write_table(table, fmt, output or sys.stdout, columns=columns)
    if output is not None:
        click.echo(f"{table.num_rows} {noun} written to {output}", err=True)
    elif fmt == "table":
        click.echo(f"{table.num_rows} {noun}", err=True)


# ---------------------------------------------------------------- commands


@click.command("events")
@db_option
@filter_options()
@click.option("--limit", type=click.IntRange(min=1), help="At most this many rows.")
@click.option(
    "--sort",
    type=click.Choice(query.EVENT_SORTS),
    default=query.DEFAULT_EVENT_SORT,
    show_default=True,
    help="Order: date, published, confidence, type or stage (stages in their life order); "
    "a leading - reverses it (--sort=-confidence). Ties go by date, then id.",
)
@output_options
def events_command(
    db: str, limit: int | None, sort: str, fmt: str, output: Path | None, **options: Any
) -> None:
    """Stored events matching the filters, with their evidence and source.

    Filters combine: --country IRN --with RUS --type arms_transfer --since 2022
    lists Iran–Russia arms transfers (either direction) dated 2022 or later.
    """
    _check_destination(fmt, output)
    flt = _filter(options)
    with reading(db) as store:
        table = query.events(store, flt, limit=limit, sort=sort)
        _say_undated(store, flt)
    _emit(table, fmt, output, EVENT_COLUMNS, "events")


@click.command("incidents")
@db_option
@filter_options()
@click.option("--limit", type=click.IntRange(min=1), help="At most this many rows.")
@output_options
def incidents_command(
    db: str, limit: int | None, fmt: str, output: Path | None, **options: Any
) -> None:
    """Incidents (one happening, every source reporting it) with a matching event."""
    _check_destination(fmt, output)
    flt = _filter(options)
    with reading(db) as store:
        table = query.incidents(store, flt, limit=limit)
        _say_undated(store, flt)
    _emit(table, fmt, output, INCIDENT_COLUMNS, "incidents")


@click.command("dyads")
@db_option
@filter_options()
@click.option("--limit", type=click.IntRange(min=1), help="At most this many rows.")
@output_options
def dyads_command(
    db: str, limit: int | None, fmt: str, output: Path | None, **options: Any
) -> None:
    """One row per pair of parties: counts by type, first/last event, direction balance."""
    _check_destination(fmt, output)
    flt = _filter(options)
    with reading(db) as store:
        table = query.dyads(store, flt, limit=limit)
        _say_undated(store, flt)
    used = tuple(name for name in EVENT_TYPES if any(table[name].to_pylist()))
    _emit(table, fmt, output, (*DYAD_COLUMNS[:3], *used, *DYAD_COLUMNS[3:]), "pairs")


@click.command("timeline")
@click.argument("a", type=COUNTRY)
@click.argument("b", type=COUNTRY)
@db_option
@filter_options(parties=False)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also save the chart as FILE.png or FILE.svg.",
)
def timeline_command(a: str, b: str, db: str, out: Path | None, **options: Any) -> None:
    """Monthly event counts by type between A and B (codes or names), drawn here."""
    if out is not None and out.suffix.lower() not in export.CHART_SUFFIXES:
        raise click.BadParameter("give a .png or .svg file", param_hint="--out")
    if a == b:
        raise click.UsageError(f"A and B are both {a}: give two different parties")
    flt = _filter(options)
    with reading(db) as store:
        table = query.timeline(store, a, b, flt)
        _say_undated(store, query.timeline_filter(a, b, flt), chart=True)
    click.echo(export.draw_timeline(table, a, b), nl=False)
    if out is not None:
        with clean_errors():
            export.save_timeline(table, a, b, out)
        click.echo(f"chart saved to {out}", err=True)


@click.command("network")
@db_option
@filter_options()
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="FILE.graphml, FILE.gexf or FILE.json (node-link).",
)
def network_command(db: str, out: Path, **options: Any) -> None:
    """Write who cooperates with whom (weighted by events) for Gephi, networkx or D3."""
    if out.suffix.lower() not in export.NETWORK_SUFFIXES:
        raise click.BadParameter(
            f"give a {', '.join(export.NETWORK_SUFFIXES)} file", param_hint="--out"
        )
    flt = _filter(options)
    with reading(db) as store:
        graph = query.network(store, flt)
        _say_undated(store, flt)
    with clean_errors():
        export.write_network(graph, out)
    click.echo(
        f"{graph.nodes.num_rows} parties and {graph.edges.num_rows} pairs written to {out}",
        err=True,
    )


COMMANDS = (events_command, incidents_command, dyads_command, timeline_command, network_command)


def register(main: click.Group) -> None:
    """Add the query commands to the `pactwatch` group."""
    for command in COMMANDS:
        main.add_command(command)
