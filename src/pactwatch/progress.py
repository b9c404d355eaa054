"""Progress of long commands (ingest, extract, reprocess) on stderr.

On a terminal: one bar with the count done (of the total, when known), the
rate and the time left, redrawn in place (rich), with messages such as
failures printed above it. Otherwise (a pipe, a log file, CI): plain lines,
one per item or every `every` items, so logs stay greppable and a killed run
shows how far it got. stdout is never touched: it carries the command's data.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from pactwatch.sources import HTML_SUFFIXES, TEXT_SUFFIXES


class _Rate(ProgressColumn):
    """Items per second, in the unit of the command ("articles/s")."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        shown = "-" if speed is None else f"{speed:.1f}" if speed < 100 else f"{speed:.0f}"
        return Text(f"{shown} {self.unit}/s", style="progress.data.speed")


class ProgressReport:
    """Count, rate and ETA of a run: a live bar on a terminal, lines elsewhere.

        with ProgressReport("ingest", total=120, unit="articles") as progress:
            for item in work:
                progress.advance(f"new: {item} (3 events)")

    `advance(line)` counts one item; without a terminal the line is printed
    (every `every`-th item, and the last). `note(line)` prints a line above the
    bar, or as is.
    """

    def __init__(
        self,
        label: str,
        *,
        total: int | None = None,
        unit: str = "articles",
        every: int = 1,
        stream: TextIO | None = None,
        interactive: bool | None = None,
    ) -> None:
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self.total = total
        self.every = max(1, every)
        self.done = 0
        self._bar: Progress | None = None
        if self.interactive:
            console = Console(file=self.stream, stderr=self.stream is sys.stderr)
            self._bar = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                _Rate(unit),
                TextColumn("eta"),
                TimeRemainingColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=False,
            )
            self._task = self._bar.add_task(label, total=total)

    def __enter__(self) -> ProgressReport:
        if self._bar is not None:
            self._bar.start()
        return self

    def set_total(self, total: int) -> None:
        """The total, once the work knows it."""
        if total != self.total:
            self.total = total
            if self._bar is not None:
                self._bar.update(self._task, total=total)

    def advance(self, line: str | None = None) -> None:
        self.done += 1
        if self._bar is not None:
            self._bar.advance(self._task)
            return
        last = self.total is not None and self.done == self.total
        if line is not None and (self.done % self.every == 0 or last):
            print(line, file=self.stream, flush=True)

    def note(self, line: str) -> None:
        """A message that must stay visible (a failure, a warning)."""
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False)
        else:
            print(line, file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def count_inputs(paths: Iterable[str | Path]) -> int | None:
    """How many documents the inputs hold (files in folders, lines of JSON Lines), for the bar.

    A cheap pass over names and lines, made only for a terminal; None when a
    path cannot be read (the run itself will report it).
    """
    total = 0
    suffixes = TEXT_SUFFIXES | HTML_SUFFIXES
    try:
        for given in paths:
            path = Path(given)
            files = sorted(path.rglob("*")) if path.is_dir() else [path]
            for file in files:
                if any(part.startswith(".") for part in file.relative_to(path).parts if part):
                    continue
                suffix = file.suffix.lower()
                if suffix in (".jsonl", ".ndjson"):
                    with file.open("rb") as handle:
                        total += sum(1 for line in handle if line.strip())
                elif suffix in suffixes or not path.is_dir():
                    total += 1
    except OSError:
        return None
    return total
