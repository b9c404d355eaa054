"""Store commands: `ingest`, `reprocess`, `export`, `db check`, `db info`, `db migrate`.

Each is a few lines around a call of `pactwatch.store`; a PactwatchError
(locked, read-only or too new a database...) becomes one line on stderr and
exit status 1, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import click

from pactwatch.errors import PactwatchError
from pactwatch.ingest import DEFAULT_BATCH_SIZE, ArticleOutcome, ingest, reprocess
from pactwatch.sidecar import INDEX_HELP
from pactwatch.store.database import (
    DEFAULT_PATH,
    ENVIRONMENT_VARIABLE,
    check_integrity,
    open_store,
    store_info,
)
from pactwatch.store.export import export_parquet

#: exit status when some inputs could not be read but the rest were stored
EXIT_FAILED_INPUTS = 3

#: What --db says in every command's help.
DB_HELP = (
    "The store: a DuckDB file, or a PostgreSQL database as "
    "postgresql://USER@HOST[:PORT]/DBNAME for several users and processes."
)

db_option = click.option(
    "--db",
    "db_path",
    type=str,
    default=DEFAULT_PATH,
    envvar=ENVIRONMENT_VARIABLE,
    show_default=True,
    show_envvar=True,
    metavar="FILE|URL",
    help=DB_HELP,
)


@contextmanager
def clean_errors() -> Iterator[None]:
    """Report an expected failure as one line and exit 1."""
    try:
        yield
    except PactwatchError as exc:
        click.echo(f"pactwatch: {exc}", err=True)
        sys.exit(1)


def _published(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD") from None


class ProgressLine:
    """Per-article progress on stderr: a rewritten line on a terminal, else a line each."""

    def __init__(self) -> None:
        self._tty = sys.stderr.isatty()
        self._done = 0

    def __call__(self, outcome: ArticleOutcome) -> None:
        self._done += 1
        detail = f"{outcome.events} events" if outcome.status == "new" else outcome.message
        line = f"[{self._done}] {outcome.status}: {outcome.source}" + (
            f" ({detail})" if detail else ""
        )
        if self._tty:
            width = 100
            click.echo(f"\r{line[:width]:<{width}}", err=True, nl=False)
        else:
            click.echo(line, err=True)

    def finish(self) -> None:
        if self._tty and self._done:
            click.echo("", err=True)


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--published", help="Publication date (YYYY-MM-DD) for every input.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Extract in N local worker processes (dask.distributed); default one process.",
)
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    help="Extract on the running dask.distributed cluster at this scheduler address.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Documents per task sent to a worker (with --workers or --scheduler).",
)
@click.option("--index", type=click.Path(exists=True, dir_okay=False), help=INDEX_HELP)
def ingest_command(
    paths: tuple[str, ...],
    db_path: str,
    published: str | None,
    workers: int | None,
    scheduler: str | None,
    batch_size: int,
    index: str | None,
) -> None:
    """Store the articles in PATHS (.txt, .html, .jsonl files or folders) and their events.

    Re-ingesting a file changes nothing; a near-duplicate (the same wire story
    elsewhere) becomes one more source of its original. With --workers or
    --scheduler the extraction runs in parallel and this process writes the
    database, with the same result as one process. Exit status 3 when some
    inputs could not be read (each is named on stderr), 1 on a fatal error.
    """
    if workers is not None and scheduler is not None:
        raise click.UsageError(
            "--workers starts local workers and --scheduler uses a cluster's: give one of them"
        )
    when = _published(published)
    progress = ProgressLine()
    with clean_errors(), open_store(db_path) as store:
        try:
            summary = ingest(
                store,
                paths,
                published=when,
                progress=progress,
                workers=workers or 1,
                scheduler=scheduler,
                batch_size=batch_size,
                index=index,
            )
        finally:
            progress.finish()
    for failure in summary.failures:
        click.echo(f"pactwatch: failed {failure}", err=True)
    click.echo(summary.line())
    if summary.failed:
        sys.exit(EXIT_FAILED_INPUTS)


@click.command("reprocess")
@db_option
def reprocess_command(db_path: str) -> None:
    """Re-extract every stored article with the current extractor, then rebuild incidents."""
    with clean_errors(), open_store(db_path, create=False) as store:
        summary = reprocess(store, progress=_count_line)
    click.echo(summary.line())


def _count_line(done: int, total: int) -> None:
    """ "reprocessed 12 of 40": rewritten on a terminal, every 100th and the last otherwise."""
    line = f"reprocessed {done} of {total} articles"
    if sys.stderr.isatty():
        click.echo(f"\r{line}", err=True, nl=done == total)
    elif done % 100 == 0 or done == total:
        click.echo(line, err=True)


@click.command("export")
@click.argument("directory", type=click.Path(file_okay=False))
@db_option
@click.option(
    "--to",
    "fmt",
    type=click.Choice(["parquet"]),
    default="parquet",
    show_default=True,
    help="Output format.",
)
@click.option("--overwrite", is_flag=True, help="Replace DIRECTORY if it holds an earlier export.")
def export_command(directory: str, db_path: str, fmt: str, overwrite: bool) -> None:
    """Write the whole store to DIRECTORY as Parquet datasets for Spark, DuckDB or pandas.

    events/ (partitioned by type and year, year=undated without a date of its
    own), incidents/, articles/ (without the raw and cleaned text),
    event_actors/ and event_dyads/. The directory appears complete or not at all.
    """
    with clean_errors(), open_store(db_path, read_only=True, create=False) as store:
        written = export_parquet(store, directory, overwrite=overwrite)
    click.echo(written.line())


@click.group("db")
def db_group() -> None:
    """Inspect and maintain the pactwatch database."""


@db_group.command("check")
@db_option
def check_command(db_path: str) -> None:
    """Check the database's integrity: exit 0 when every check passes, 1 otherwise."""
    with clean_errors(), open_store(db_path, read_only=True) as store:
        checks = check_integrity(store)
    for check in checks:
        mark = "ok  " if check.ok else "FAIL"
        click.echo(f"{mark} {check.name}: {check.problems}")
    failed = sum(not check.ok for check in checks)
    verdict = f"{failed} checks failed" if failed else "all checks passed"
    click.echo(f"{store.location}: {verdict}")
    if failed:
        sys.exit(1)


@db_group.command("info")
@db_option
def info_command(db_path: str) -> None:
    """Show the schema version, row counts and the extractor versions of stored events."""
    with clean_errors(), open_store(db_path, read_only=True) as store:
        info = store_info(store)
    click.echo(f"database        {info.location} ({info.backend}, {info.size_bytes / 1e6:.1f} MB)")
    click.echo(f"schema version  {info.schema_version}")
    for name, count in info.counts.items():
        click.echo(f"{name:<16}{count}")
    versions = ", ".join(f"{v} ({n} events)" for v, n in info.extractor_versions.items())
    click.echo(f"extractors      {versions or '-'}")


@db_group.command("migrate")
@db_option
def migrate_command(db_path: str) -> None:
    """Upgrade a database written by an older pactwatch to the current schema."""
    with clean_errors(), open_store(db_path, create=False) as store:
        version = store.schema_version
    click.echo(f"{db_path}: schema {version}")


def register(main: click.Group) -> None:
    """Add the store commands to the `pactwatch` group."""
    main.add_command(ingest_command)
    main.add_command(reprocess_command)
    main.add_command(export_command)
    main.add_command(db_group)
