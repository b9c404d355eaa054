"""`pactwatch review`: accept, reject or correct stored events, and list the reviews.

    pactwatch review accept EVENT_ID [--by NAME] [--note TEXT]
    pactwatch review reject EVENT_ID [--by NAME] [--note TEXT]
    pactwatch review correct EVENT_ID [--type T] [--source C]... [--target C]...
                             [--participant C]... [--reverse] [--stage S] [--date D]
    pactwatch review list [EVENT_ID] [--limit N]

Each is a few lines around `pactwatch.store.reviews`; a bad value is one
line naming it (exit 2), a missing event or store one line (exit 1).
"""

from __future__ import annotations

import getpass
import json
import os
from datetime import date
from typing import Any

import click

from pactwatch.commands.query import COUNTRY, DateBound, clean_errors, db_option, reading
from pactwatch.models import EVENT_TYPES, STAGES
from pactwatch.store.database import open_store
from pactwatch.store.reviews import Correction, Review, ReviewError, list_reviews, review_event


class ReviewDate(click.ParamType[tuple[date, date, str]]):
    """YYYY-MM-DD, YYYY-MM or YYYY: the first and last day it covers, and its precision."""

    name = "date"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[date, date, str]:
        if isinstance(value, tuple):
            return value
        text = str(value).strip()
        precision = {10: "day", 7: "month", 4: "year"}.get(len(text))
        try:
            if precision is None:
                raise ValueError(text)
            return DateBound(end=False)._parse(text), DateBound(end=True)._parse(text), precision
        except ValueError:
            self.fail(f"{text!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY", param, ctx)


def _default_reviewer() -> str:
    try:
        return os.environ.get("PACTWATCH_REVIEWER") or getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


def _who(function: Any) -> Any:
    function = click.option(
        "--by",
        "reviewer",
        default=_default_reviewer,
        show_default="$PACTWATCH_REVIEWER or your login",
        help="Who reviews (recorded with the review).",
    )(function)
    return click.option("--note", help="Why: kept with the review.")(function)


@click.group("review")
def review_group() -> None:
    """Accept, reject or correct stored events; reviews survive reprocess and new extractors.

    A rejected event is hidden from queries, incidents, exports and the
    dashboard (unless asked for); a corrected one shows its corrected fields
    everywhere. `pactwatch export --reviewed FILE` writes them as gold.
    """


def _review(
    db: str,
    event_id: int,
    action: str,
    reviewer: str,
    note: str | None,
    correction: Correction | None = None,
) -> None:
    with clean_errors(), open_store(db, create=False) as store:
        try:
            review = review_event(
                store, event_id, action, reviewer=reviewer, note=note, correction=correction
            )
        except ReviewError as exc:
            if exc.path == "event":
                raise click.ClickException(f"{exc.problem} in {db}") from None
            raise click.UsageError(f"{exc.path}: {exc.problem}") from None
    click.echo(describe(review))


@review_group.command("accept")
@click.argument("event_id", type=click.IntRange(min=0))
@db_option
@_who
def accept_command(event_id: int, db: str, reviewer: str, note: str | None) -> None:
    """Mark EVENT_ID as right as extracted."""
    _review(db, event_id, "accept", reviewer, note)


@review_group.command("reject")
@click.argument("event_id", type=click.IntRange(min=0))
@db_option
@_who
def reject_command(event_id: int, db: str, reviewer: str, note: str | None) -> None:
    """Mark EVENT_ID as wrong: hidden from queries, incidents and exports."""
    _review(db, event_id, "reject", reviewer, note)


@review_group.command("correct")
@click.argument("event_id", type=click.IntRange(min=0))
@db_option
@click.option("--type", "event_type", type=click.Choice(EVENT_TYPES), help="The right type.")
@click.option(
    "--source", "sources", multiple=True, type=COUNTRY, help="Supplier/sender (repeatable)."
)
@click.option(
    "--target", "targets", multiple=True, type=COUNTRY, help="Recipient/target (repeatable)."
)
@click.option(
    "--participant",
    "participants",
    multiple=True,
    type=COUNTRY,
    help="Party of an undirected event (repeatable).",
)
@click.option("--reverse", is_flag=True, help="Swap sources and targets (a reversed direction).")
@click.option("--stage", type=click.Choice(STAGES), help="The right stage.")
@click.option(
    "--date",
    "when",
    type=ReviewDate(),
    help="The event's date: YYYY-MM-DD, YYYY-MM or YYYY (its precision follows).",
)
@_who
def correct_command(
    event_id: int,
    db: str,
    event_type: str | None,
    sources: tuple[str, ...],
    targets: tuple[str, ...],
    participants: tuple[str, ...],
    reverse: bool,
    stage: str | None,
    when: tuple[date, date, str] | None,
    reviewer: str,
    note: str | None,
) -> None:
    """Correct EVENT_ID's type, direction, parties, stage or date."""
    start, end, precision = when if when is not None else (None, None, None)
    correction = Correction(
        type=event_type,
        sources=sources or None,
        targets=targets or None,
        participants=participants or None,
        reverse=reverse,
        stage=stage,
        date_start=start,
        date_end=end,
        date_precision=precision,
    )
    _review(db, event_id, "correct", reviewer, note, correction)


@review_group.command("list")
@click.argument("event_id", required=False, type=click.IntRange(min=0))
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text")
def list_command(event_id: int | None, db: str, limit: int, fmt: str) -> None:
    """The latest reviews (of EVENT_ID only, if given), newest first, with before and after."""
    with reading(db) as store:
        reviews = list_reviews(store.connection, event_id=event_id, limit=limit)
    for review in reviews:
        if fmt == "jsonl":
            click.echo(json.dumps(review.to_dict(), ensure_ascii=False))
        else:
            click.echo(describe(review))
    if fmt == "text":
        click.echo(f"{len(reviews)} reviews", err=True)


def _parties(state: dict[str, Any]) -> str:
    if state.get("participants"):
        return "+".join(state["participants"])
    return f"{','.join(state.get('sources', []))}>{','.join(state.get('targets', []))}"


def describe(review: Review) -> str:
    """One line: who did what to which event, and what changed."""
    changes = []
    before, after = review.before, review.after
    for name in ("type", "stage", "date_start", "date_end", "date_precision"):
        if before.get(name) != after.get(name):
            changes.append(f"{name} {before.get(name)} -> {after.get(name)}")
    if _parties(before) != _parties(after):
        changes.append(f"parties {_parties(before)} -> {_parties(after)}")
    what = f" ({'; '.join(changes)})" if changes else ""
    note = f" - {review.note}" if review.note else ""
    target = f"event {review.event_id}" if review.event_id is not None else "an event"
    when = review.reviewed_at.isoformat(sep=" ", timespec="minutes")
    return f"[{review.review_id}] {when} {target}: {review.action} by {review.reviewer}{what}{note}"


def register(main: click.Group) -> None:
    main.add_command(review_group)
