"""Store commands: `ingest`, `reprocess`, `export`, `db check`, `db info`, `db migrate`.

Each is a few lines around a call of `pactwatch.store`; a PactwatchError
(locked, read-only or too new a database...) becomes one line on stderr and
exit status 1, never a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import click

from pactwatch.commands.options import time_budget_option
from pactwatch.errors import PactwatchError
from pactwatch.ingest import DEFAULT_BATCH_SIZE, ArticleOutcome, ingest, reprocess
from pactwatch.pipeline import EXTRACTOR_VERSION
from pactwatch.progress import ProgressReport, count_inputs
from pactwatch.sidecar import INDEX_HELP
from pactwatch.store.database import (
    DEFAULT_PATH,
    ENVIRONMENT_VARIABLE,
    check_integrity,
    open_store,
    store_info,
)
from pactwatch.store.export import export_parquet
from pactwatch.store.reviews import reviewed_gold

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


def _outcome_line(done: int, outcome: ArticleOutcome) -> str:
    detail = f"{outcome.events} events" if outcome.status == "new" else outcome.message
    return f"[{done}] {outcome.status}: {outcome.source}" + (f" ({detail})" if detail else "")


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--published", help="Publication date (YYYY-MM-DD) for every input.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Extract in N local worker processes, forked with the models loaded; default one process.",
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
    help="Documents sent to a worker at a time, then written in one transaction "
    "(with --workers or --scheduler).",
)
@click.option("--index", type=click.Path(exists=True, dir_okay=False), help=INDEX_HELP)
@time_budget_option
@click.option(
    "--retry-failed",
    is_flag=True,
    help="Try again the documents earlier runs recorded as failed (they are skipped otherwise).",
)
def ingest_command(
    paths: tuple[str, ...],
    db_path: str,
    published: str | None,
    workers: int | None,
    scheduler: str | None,
    batch_size: int,
    index: str | None,
    time_budget: float,
    retry_failed: bool,
) -> None:
    """Store the articles in PATHS (.txt, .html, .jsonl files or folders) and their events.

    Re-ingesting a file changes nothing; a near-duplicate (the same wire story
    elsewhere) becomes one more source of its original. With --workers or
    --scheduler the extraction runs in parallel and this process writes the
    database, with the same result as one process. Exit status 3 when some
    inputs could not be read or processed (each is named on stderr), 1 on a
    fatal error (the store cannot be written: disk full, damaged file...). A
    document that fails is recorded in the store and skipped by later runs
    until --retry-failed (or until its content changes).
    """
    if workers is not None and scheduler is not None:
        raise click.UsageError(
            "--workers starts local workers and --scheduler uses a cluster's: give one of them"
        )
    when = _published(published)
    total = count_inputs(paths) if sys.stderr.isatty() else None
    with (
        clean_errors(),
        open_store(db_path) as store,
        ProgressReport("ingest", total=total, unit="articles") as progress,
    ):

        def report(outcome: ArticleOutcome) -> None:
            progress.advance(_outcome_line(progress.done + 1, outcome))
            if outcome.status == "failed" and progress.interactive:
                progress.note(f"pactwatch: failed {outcome.source}: {outcome.message}")
            for warning in outcome.warnings:
                progress.note(f"pactwatch: warning: {outcome.source}: {warning}")

        summary = ingest(
            store,
            paths,
            published=when,
            progress=report,
            workers=workers or 1,
            scheduler=scheduler,
            batch_size=batch_size,
            index=index,
            time_budget=time_budget or None,
            retry_failed=retry_failed,
        )
    if not sys.stderr.isatty():
        for failure in summary.failures:
            click.echo(f"pactwatch: failed {failure}", err=True)
    click.echo(summary.line())
    if summary.failed:
        sys.exit(EXIT_FAILED_INPUTS)


@click.command("reprocess")
@db_option
@click.option(
    "--stale",
    is_flag=True,
    help="Only articles extracted by another extractor version (see `db info`).",
)
def reprocess_command(db_path: str, stale: bool) -> None:
    """Re-extract every stored article with the current extractor, then rebuild incidents."""
    with clean_errors(), open_store(db_path, create=False) as store:
        progress = ProgressReport("reprocess", unit="articles", every=100)

        def report(done: int, total: int) -> None:
            """A bar on a terminal; "reprocessed 12 of 40" every 100th and the last otherwise."""
            progress.set_total(total)
            progress.advance(f"reprocessed {done} of {total} articles")

        with progress:
            summary = reprocess(store, progress=report, only_stale=stale)
    for failure in summary.failures:
        click.echo(f"pactwatch: failed {failure}", err=True)
    click.echo(summary.line())
    if summary.failures:
        sys.exit(EXIT_FAILED_INPUTS)


@click.command("export")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
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
@click.option(
    "--reviewed",
    "reviewed_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Instead, write the reviewed events to FILE as gold for `pactwatch eval`.",
)
def export_command(
    directory: str | None, db_path: str, fmt: str, overwrite: bool, reviewed_file: Path | None
) -> None:
    """Write the whole store to DIRECTORY as Parquet datasets for Spark, DuckDB or pandas.

    events/ (partitioned by type and year, year=undated without a date of its
    own), incidents/, articles/ (without the raw and cleaned text),
    event_actors/ and event_dyads/. The directory appears complete or not at all.
    With --reviewed FILE, write instead the events analysts reviewed, in the
    gold format of `pactwatch eval` (accepted and corrected events required,
    rejected ones under must_not).
    """
    if (directory is None) == (reviewed_file is None):
        raise click.UsageError("give DIRECTORY (Parquet) or --reviewed FILE (gold), one of them")
    if reviewed_file is not None:
        with clean_errors(), open_store(db_path, read_only=True, create=False) as store:
            gold = reviewed_gold(store.connection)
        reviewed_file.write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n")
        kept = sum(len(article["events"]) for article in gold["articles"])
        rejected = sum(len(article["must_not"]) for article in gold["articles"])
        click.echo(
            f"{reviewed_file}: {kept} reviewed events and {rejected} rejected "
            f"in {len(gold['articles'])} articles"
        )
        return
    assert directory is not None
    with clean_errors(), open_store(db_path, read_only=True, create=False) as store:
        written = export_parquet(store, directory, overwrite=overwrite)
    click.echo(written.line())


@click.group("db")
def db_group() -> None:
    """Inspect and maintain the pactwatch database."""


@db_group.command("check")
@db_option
def check_command(db_path: str) -> None:
    """Check the database's integrity: exit 0 when every check passes, 1 otherwise.

    Reads every table in full and, for a DuckDB file, checks every block
    against its checksum, besides the invariants the writers keep.
    """
    with clean_errors(), open_store(db_path, read_only=True) as store:
        checks = check_integrity(store)
    for check in checks:
        mark = "ok  " if check.ok else "FAIL"
        detail = f" ({check.detail})" if check.detail else ""
        click.echo(f"{mark} {check.name}: {check.problems}{detail}")
    failed = sum(not check.ok for check in checks)
    verdict = (
        f"{failed} check{'s' if failed != 1 else ''} failed" if failed else "all checks passed"
    )
    click.echo(f"{store.location}: {verdict}")
    if failed:
        sys.exit(1)


@db_group.command("info")
@db_option
def info_command(db_path: str) -> None:
    """Show the schema version, row counts and the extractor versions of stored events."""
    with clean_errors(), open_store(db_path, read_only=True) as store:
        info = store_info(store)
    versions = ", ".join(f"{v} ({n:,} events)" for v, n in info.extractor_versions.items())
    stale = info.stale_articles(EXTRACTOR_VERSION)
    click.echo(
        aligned(
            [
                ("database", f"{info.location} ({info.backend}, {info.size_bytes / 1e6:.1f} MB)"),
                ("schema version", str(info.schema_version)),
                *((name, f"{count:,}") for name, count in info.counts.items()),
                ("extractors", versions or "-"),
                ("this extractor", EXTRACTOR_VERSION),
                (
                    "stale articles",
                    f"{stale:,} (extracted by another version: pactwatch reprocess --stale)"
                    if stale
                    else "0",
                ),
            ]
        ),
        nl=False,
    )


def aligned(rows: list[tuple[str, str]]) -> str:
    """Label: value lines with every value in one column; counts right-aligned among themselves."""
    label = max(len(name) for name, _ in rows) + 2
    numbers = [value for _, value in rows if value.replace(",", "").isdigit()]
    digits = max((len(value) for value in numbers), default=0)
    lines = []
    for name, value in rows:
        shown = value.rjust(digits) if value in numbers else value
        lines.append(f"{name + ':':<{label}}{shown}")
    return "\n".join(lines) + "\n"


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
