"""The `pactwatch` command: thin wrappers around the Python API."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from pactwatch import __version__
from pactwatch.commands.options import time_budget_option
from pactwatch.errors import GoldFileError, InputError, PactwatchError
from pactwatch.models import Event
from pactwatch.output import CsvWriter, format_table, parties, write_jsonl
from pactwatch.pipeline import DEFAULT_TIME_BUDGET, ArticleResult, process
from pactwatch.progress import ProgressReport, count_inputs
from pactwatch.sidecar import INDEX_HELP

log = logging.getLogger("pactwatch")

#: exit status when some inputs were skipped but the rest were processed
EXIT_SKIPPED = 3


def _published(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD") from None


index_option = click.option(
    "--index", type=click.Path(exists=True, dir_okay=False), help=INDEX_HELP
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pactwatch")
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
def main(verbose: bool) -> None:
    """Turn news articles into sourced defence-cooperation events.

    Run `pactwatch COMMAND --help` for each command.
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(message)s",
    )


def _run(
    paths: tuple[str, ...],
    published: date | None,
    keep_readings: bool = False,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
    index: str | None = None,
    progress: ProgressReport | None = None,
    jobs: int = 1,
) -> tuple[list[ArticleResult], int]:
    """Process inputs, reporting each bad one on stderr; returns results and problem count.

    A file of another kind met in a folder is named as skipped but is no problem.
    With `progress`, each document advances it and messages print above its bar.
    """
    results: list[ArticleResult] = []
    problems = 0

    def say(line: str) -> None:
        if progress is not None:
            progress.note(line)
        else:
            click.echo(line, err=True)

    for item in process(
        paths,
        published,
        keep_readings=keep_readings,
        time_budget=time_budget,
        index=index,
        jobs=jobs,
    ):
        if isinstance(item, InputError):
            problems += not item.skipped
            say(f"pactwatch: skipped {item}")
            if progress is not None:
                progress.advance()
            continue
        for warning in item.warnings:
            say(f"pactwatch: warning: {item.article.path}: {warning}")
        if item.skipped:
            problems += 1
            say(f"pactwatch: skipped {item.article.path}: {item.skipped}")
        results.append(item)
        if progress is not None:
            line = f"[{progress.done + 1}] {item.article.path}: {len(item.events)} events"
            progress.advance(line)
    return results, problems


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--published", help="Publication date (YYYY-MM-DD) for inputs that lack one.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "table", "csv"]),
    default="jsonl",
    show_default=True,
    help="Output format.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here, not stdout.")
@time_budget_option
@index_option
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Extract in N worker processes (one per core); same events, same order.",
)
def extract(
    paths: tuple[str, ...],
    published: str | None,
    fmt: str,
    output: str | None,
    time_budget: float,
    index: str | None,
    jobs: int,
) -> None:
    """Extract events from PATHS (.txt, .html, .jsonl files or folders of them).

    Exit status 0 when every input was read, 3 when some could not be (each is
    named on stderr), 1 on a fatal error.
    """
    total = count_inputs(paths) if sys.stderr.isatty() else None
    with ProgressReport("extract", total=total, unit="articles") as progress:
        results, problems = _run(
            paths,
            _published(published),
            time_budget=time_budget or None,
            index=index,
            progress=progress,
            jobs=jobs,
        )
    events = [e for r in results for e in r.events]
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
    try:
        if fmt == "jsonl":
            write_jsonl(events, out)
        elif fmt == "csv":
            CsvWriter(out).write(events)
        else:
            out.write(format_table(events))
            parsed = sum(r.parsed for r in results)
            total = sum(r.sentences for r in results)
            out.write(
                f"\n{len(events)} events from {len(results)} articles "
                f"({parsed} of {total} sentences parsed)\n"
            )
    finally:
        if output:
            out.close()
    if problems:
        sys.exit(EXIT_SKIPPED)


@main.command()
@click.argument("path", type=click.Path())
@click.option("--published", help="Publication date (YYYY-MM-DD) if the file lacks one.")
@click.option("--all", "show_all", is_flag=True, help="Also list sentences with no trigger.")
@index_option
def explain(path: str, published: str | None, show_all: bool, index: str | None) -> None:
    """Show, sentence by sentence, the actors found and why each rule fired or not."""
    results, problems = _run((path,), _published(published), keep_readings=True, index=index)
    for result in results:
        article = result.article
        click.echo(
            f"# {article.id}  published {article.published or 'unknown'} "
            f"(from {article.published_from}); {result.parsed} of "
            f"{result.sentences} sentences parsed"
        )
        for line, reason in result.dropped_lines:
            click.echo(f"  dropped ({reason}): {line[:100]}")
        for reading in result.readings:
            if not reading.decisions and not show_all:
                continue
            click.echo(f"\n[{reading.sentence.index}] {reading.sentence.text}")
            actors = ", ".join(
                f"{span.actor.text}={span.actor.country} ({span.via})" for span in reading.actors
            )
            click.echo(f"    actors: {actors or '-'}")
            for decision in reading.decisions:
                if decision.event is not None:
                    click.echo(f"    + {decision.rule}: {_describe(decision.event)}")
                else:
                    click.echo(f"    - {decision.rule} on {decision.trigger!r}: {decision.reason}")
                if decision.slots:
                    slots = ", ".join(f"{k}:{v}" for k, v in decision.slots.items())
                    click.echo(f"        slots {slots}")
    if problems:
        sys.exit(EXIT_SKIPPED)


def _describe(event: Event) -> str:
    extra = f" claimed by {','.join(event.claimed_by)}" if event.claimed_by else ""
    extra += f" denied by {','.join(event.denied_by)}" if event.denied_by else ""
    when = f" date {event.date.text}" if event.date.text else ""
    return f"{event.type} {parties(event)} stage={event.stage} {event.certainty}{extra}{when}"


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("predictions", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--run",
    "run_dir",
    type=click.Path(exists=True),
    help="Extract from this folder first instead of reading PREDICTIONS.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--brief", is_flag=True, help="Figures only, without the list of errors.")
@click.option(
    "--half",
    help="Score only the articles the index.jsonl beside GOLD marks with this half "
    "(dev2: tune or check); with --run, only their files are read.",
)
@click.option(
    "--calibration",
    is_flag=True,
    help="Also print the reliability table: per 0.1 of confidence, tuples, mean "
    "confidence and observed precision.",
)
def evaluate(
    gold: str,
    predictions: str | None,
    run_dir: str | None,
    fmt: str,
    brief: bool,
    half: str | None,
    calibration: bool,
) -> None:
    """Score events against GOLD (the format of shared/acceptance/seeds.gold.json).

    Give either PREDICTIONS (a JSON Lines file from `pactwatch extract`) or --run DIR.
    """
    from pactwatch.evaluate import (
        load_gold,
        load_predictions,
        restrict_to_half,
        score,
        with_nearest_rules,
    )
    from pactwatch.evaluate.reliability import reliability, reliability_text

    if bool(predictions) == bool(run_dir):
        raise click.UsageError("give either PREDICTIONS or --run DIR (one of them)")
    try:
        gold_file = load_gold(gold)
        if half:
            gold_file = restrict_to_half(gold_file, half)
        if run_dir:
            inputs: tuple[str, ...] = (run_dir,)
            if half:
                inputs = tuple(
                    str(path)
                    for path in sorted(Path(run_dir).iterdir())
                    if path.name in gold_file.articles
                )
            results, _ = _run(inputs, None, keep_readings=True)
            records = [e.to_dict() for r in results for e in r.events]
        else:
            assert predictions is not None
            records = load_predictions(predictions)
        report = score(gold_file, records)
        if run_dir:
            report = with_nearest_rules(report, _nearest_rules(results))
    except GoldFileError as exc:
        raise click.ClickException(str(exc)) from None
    table = reliability(gold_file, records) if calibration else None
    if fmt == "json":
        data = report.to_dict()
        if table is not None:
            data["reliability"] = [bucket.to_dict() for bucket in table if bucket.count]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(report.to_text(details=not brief))
        if table is not None:
            click.echo(reliability_text(table))


def _register_commands() -> None:
    """The store and query commands live in pactwatch.commands, one module per area."""
    from pactwatch.commands import calibrate, incident, monitor, query, review, store, web

    calibrate.register(main)
    incident.register(main)
    review.register(main)
    store.register(main)
    query.register(main)
    web.register(main)
    monitor.register(main)


_register_commands()


def _nearest_rules(results: list[ArticleResult]) -> Callable[[str, Any], tuple[str, ...]]:
    """For a missed gold tuple: the rules that ran on sentences naming both its parties."""
    by_article = {Path(r.article.id).name: r for r in results}

    def nearest(article: str, gold: Any) -> tuple[str, ...]:
        result = by_article.get(Path(article).name)
        if result is None:
            return ()
        hints: list[str] = []
        for reading in result.readings:
            codes = {span.actor.country for span in reading.actors}
            if not {gold.first, gold.second} <= codes:
                continue
            for decision in reading.decisions:
                if decision.event is None:
                    hints.append(f"[{reading.sentence.index}] {decision.rule}: {decision.reason}")
        return tuple(hints[:4])

    return nearest


def run() -> None:
    try:
        main()
    except PactwatchError as exc:
        click.echo(f"pactwatch: {exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    run()
