"""Event output formats for the CLI: JSON Lines (the spec's form), CSV and a table."""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from collections.abc import Iterable
from typing import TextIO

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
