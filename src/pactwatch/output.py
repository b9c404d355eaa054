"""Output for the CLI: events as JSON Lines (the spec's form), CSV and a table; tables and
incidents drawn for a terminal (rich), fitted to its width."""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, TextIO

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pactwatch.models import Event

CSV_COLUMNS = (
    "article",
    "published",
    "type",
    "source",
    "target",
    "participants",
    "stage",
    "certainty",
    "claimed_by",
    "denied_by",
    "equipment",
    "date_start",
    "date_end",
    "date_precision",
    "date_text",
    "confidence",
    "rule",
    "evidence",
    "evidence_start",
    "evidence_end",
)


def event_row(event: Event) -> dict[str, str]:
    def codes(role: str) -> str:
        return ";".join(a.country for a in event.actors if a.role == role)

    return {
        "article": event.article,
        "published": event.published.isoformat() if event.published else "",
        "type": event.type,
        "source": codes("source"),
        "target": codes("target"),
        "participants": codes("participant"),
        "stage": event.stage,
        "certainty": event.certainty,
        "claimed_by": ";".join(event.claimed_by),
        "denied_by": ";".join(event.denied_by),
        "equipment": ";".join(event.equipment),
        "date_start": event.date.start.isoformat() if event.date.start else "",
        "date_end": event.date.end.isoformat() if event.date.end else "",
        "date_precision": event.date.precision,
        "date_text": event.date.text or "",
        "confidence": f"{event.confidence:.2f}",
        "rule": event.rule,
        "evidence": event.evidence.sentence,
        "evidence_start": str(event.evidence.start),
        "evidence_end": str(event.evidence.end),
    }


def write_jsonl(events: Iterable[Event], out: TextIO) -> None:
    for event in events:
        out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")


class CsvWriter:
    """CSV with one header, written as events stream in."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        self._writer.writeheader()

    def write(self, events: Iterable[Event]) -> None:
        for event in events:
            self._writer.writerow(event_row(event))


def parties(event: Event) -> str:
    if event.directed:
        return f"{','.join(event.sources())} -> {','.join(event.targets())}"
    return " + ".join(event.participants())


def format_table(events: list[Event], width: int | None = None) -> str:
    """A readable table: one block per event with its evidence wrapped below."""
    width = width or min(shutil.get_terminal_size((120, 20)).columns, 140)
    buffer = io.StringIO()
    header = f"{'type':<21} {'parties':<22} {'stage':<9} {'certainty':<9} {'date':<23} article"
    buffer.write(header + "\n" + "-" * min(width, len(header) + 30) + "\n")
    for event in events:
        when = event.date.text or ""
        start, end = event.date.start, event.date.end
        if start:
            when = start.isoformat() + (f"..{end.isoformat()}" if end and end != start else "")
        buffer.write(
            f"{event.type:<21} {parties(event):<22} {event.stage:<9} {event.certainty:<9} "
            f"{when:<23} {event.article}\n"
        )
        quote = textwrap.shorten(event.evidence.sentence, width=max(40, width - 8) * 2)
        for line in textwrap.wrap(f"“{quote}”", width=max(40, width - 6)):
            buffer.write(f"      {line}\n")
    return buffer.getvalue()


# ---------------------------------------------------------------- terminal rendering (rich)

#: Columns that hold prose: they take the width the others leave, and wrap with --full.
PROSE_COLUMNS = frozenset({"evidence", "outlets", "note"})
#: The most a short column (a code, a date, a type) takes on a terminal, and the least.
_MAX_SHORT, _MIN_SHORT = 24, 5
#: The least a prose column gets.
_MIN_PROSE = 24


def terminal_table(
    rows: list[dict[str, Any]],
    columns: Sequence[str],
    *,
    width: int,
    numeric: frozenset[str] = frozenset(),
    full: bool = False,
) -> Table:
    """A table `width` characters wide: prose cut with "…" to one line, or wrapped with `full`.

    Short columns (codes, dates, types) keep their natural width up to 24;
    when even that is too wide the widest are narrowed (cut with "…"), and
    the prose columns (evidence, outlets) share what is left.
    """
    columns = _fitting_columns(rows, columns, width)
    cells = [[_cell(row.get(name)) for name in columns] for row in rows]
    natural = [
        max([len(name), *(len(row[index]) for row in cells)]) for index, name in enumerate(columns)
    ]
    prose = [name in PROSE_COLUMNS for name in columns]
    widths = [
        0 if is_prose else min(n, _MAX_SHORT) for n, is_prose in zip(natural, prose, strict=True)
    ]
    # rich puts a divider and a space each side between columns, and a space at each edge
    overhead = 3 * len(columns) + 1
    room = width - overhead - (_MIN_PROSE * sum(prose))
    while sum(widths) > room and max(widths) > _MIN_SHORT:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    share = max(_MIN_PROSE, (width - overhead - sum(widths)) // max(1, sum(prose)))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, header_style="bold")
    for index, name in enumerate(columns):
        table.add_column(
            name,
            justify="right" if name in numeric else "left",
            no_wrap=not (prose[index] and full),
            overflow="fold" if prose[index] and full else "ellipsis",
            width=min(share, natural[index]) if prose[index] else widths[index],
        )
    for row in cells:
        table.add_row(*(Text(cell) for cell in row))
    return table


#: Left out first, in this order, when a terminal is too narrow for every column.
_DROPPABLE = ("outlet", "review", "published", "first_seen", "certainty", "n_outlets", "date_end")


def _fitting_columns(rows: list[dict[str, Any]], columns: Sequence[str], width: int) -> list[str]:
    """The columns to show at `width`: the least useful go before any is cut short.

    `review` shows only when some row has been reviewed.
    """
    kept = [name for name in columns if name != "review" or any(row.get(name) for row in rows)]

    def needed(names: list[str]) -> int:
        short = sum(
            min(_MAX_SHORT, max([len(n), *(len(_cell(r.get(n))) for r in rows)]))
            for n in names
            if n not in PROSE_COLUMNS
        )
        return short + 3 * len(names) + 1 + _MIN_PROSE * sum(n in PROSE_COLUMNS for n in names)

    for name in _DROPPABLE:
        if needed(kept) <= width:
            break
        if name in kept:
            kept.remove(name)
    return kept


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ",".join("" if v is None else str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def print_renderable(renderable: Any, out: TextIO) -> None:
    """Print to `out`: fitted to the terminal when it is one, else at full length on one line."""
    interactive = out.isatty()
    console = Console(
        file=out,
        width=None if interactive else 10_000,
        soft_wrap=not interactive,
        color_system="auto" if interactive else None,
        highlight=False,
    )
    console.print(renderable)


def _parties_of(incident: dict[str, Any]) -> str:
    if incident.get("sources") or incident.get("targets"):
        return f"{','.join(incident['sources'])} → {','.join(incident['targets'])}"
    return " + ".join(incident.get("participants") or [])


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def incident_text(incident: dict[str, Any]) -> Group:
    """One incident for the terminal: what, who, when, and every source with its evidence."""
    start, end = incident.get("date_start"), incident.get("date_end")
    when = "undated"
    if start:
        when = start.isoformat() + (f" to {end.isoformat()}" if end and end != start else "")
    head = Text()
    head.append(f"Incident {incident['incident_id']}: ", style="bold")
    head.append(f"{incident['type']}  {_parties_of(incident)}", style="bold cyan")
    head.append(f"  ({incident['stage']}, {when})")
    facts = [
        f"{_count(incident['n_articles'], 'article')} from "
        f"{_count(incident['n_outlets'], 'outlet')}, "
        f"first seen {_cell(incident.get('first_seen')) or '?'}, "
        f"last seen {_cell(incident.get('last_seen')) or '?'}",
    ]
    if incident.get("equipment"):
        facts.append("equipment: " + ", ".join(incident["equipment"]))
    claims = []
    if incident.get("claimed_by"):
        claims.append("claimed by " + ", ".join(incident["claimed_by"]))
    if incident.get("denied_by"):
        claims.append("denied by " + ", ".join(incident["denied_by"]))
    if incident.get("certainty_conflict"):
        claims.append("the claims conflict")
    if claims:
        facts.append("; ".join(claims))
    parts: list[Any] = [head, *(Text("  " + fact) for fact in facts), Text("")]
    events = {event["event_id"]: event for event in incident.get("events", [])}
    reports = incident.get("reports", [])
    parts.append(Text(f"Sources ({len(reports)}):", style="bold"))
    for number, report in enumerate(reports, start=1):
        event = events.get(report.get("event_id"), {})
        line = Text(f"{number:>3}. ")
        line.append(_cell(report.get("published")) or "undated", style="green")
        line.append(f"  {report.get('outlet') or 'no outlet'}  {report.get('article')}")
        details = [f"event {report.get('event_id')}", str(report.get("certainty") or "")]
        if report.get("syndicated"):
            details.append("syndicated copy")
        if event.get("review"):
            details.append(f"review: {event['review']}")
        if event.get("confidence") is not None:
            details.append(f"confidence {event['confidence']:.2f}")
        line.append(f"  [{', '.join(d for d in details if d)}]", style="dim")
        parts.append(line)
        if report.get("url"):
            parts.append(Text(f"     {report['url']}", style="blue"))
        parts.append(Padding(Text(f"“{report.get('evidence') or ''}”"), (0, 0, 0, 5)))
    return Group(*parts)
