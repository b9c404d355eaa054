"""How many pages get a publication date, and how many events a date of their own.

Runs the extractor over the development pages (dev, and dev2's tune half
e001-e060 only: the check half is never opened) with their sidecar indexes,
and prints, per set, the pages by where their publication date came from and
the events by the precision and relation of their date. `--no-index` runs
without the indexes, as pactwatch read a folder of text files before them.
`--sample N` also draws N events at random (seeded) for a hand-check and
lists them with their sentence and date (printed only, never stored: the
pages' text stays out of the repository).

    .venv/bin/python benchmarks/date_coverage.py
    .venv/bin/python benchmarks/date_coverage.py --no-index
    .venv/bin/python benchmarks/date_coverage.py --sample 100 --seed 14
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pactwatch.errors import InputError
from pactwatch.models import Event
from pactwatch.pipeline import ArticleResult, process

ACCEPTANCE = Path(__file__).resolve().parents[2] / "shared" / "acceptance"
SOURCES = ("argument", "json", "sidecar", "html", "url", "text", "unknown")


@dataclass
class Coverage:
    name: str
    pages: int = 0
    sources: Counter[str] = field(default_factory=Counter)
    precisions: Counter[str] = field(default_factory=Counter)
    relations: Counter[str] = field(default_factory=Counter)
    events: list[tuple[str, Event]] = field(default_factory=list)

    def add(self, result: ArticleResult) -> None:
        self.pages += 1
        self.sources[result.article.published_from] += 1
        for event in result.events:
            self.precisions[event.date.precision] += 1
            self.relations[event.date.relation] += 1
            self.events.append((self.name, event))

    @property
    def dated(self) -> int:
        return sum(n for precision, n in self.precisions.items() if precision != "unknown")


def _tune_files(folder: Path) -> tuple[list[Path], list[dict[str, object]]]:
    """dev2's tune half by its index (`half`), so no file of the check half is opened."""
    rows = [json.loads(line) for line in (folder / "index.jsonl").read_text().splitlines()]
    tune = [row for row in rows if row.get("half") == "tune"]
    return [folder / "articles" / str(row["file"]) for row in tune], tune


def _sets(scratch: Path) -> Iterator[tuple[str, list[Path], Path]]:
    """Each set's files and index; the indexes sit beside the articles folders, not in them."""
    dev = ACCEPTANCE / "dev"
    yield "dev", sorted((dev / "articles").glob("*.txt")), dev / "index.jsonl"
    files, rows = _tune_files(ACCEPTANCE / "dev2")
    index = scratch / "dev2-tune-index.jsonl"
    index.write_text("".join(json.dumps(row) + "\n" for row in rows))
    yield "dev2 tune", files, index


def measure(with_index: bool) -> list[Coverage]:
    found: list[Coverage] = []
    with tempfile.TemporaryDirectory() as scratch:
        for name, files, index in _sets(Path(scratch)):
            coverage = Coverage(name)
            for result in process(files, index=index if with_index else None):
                if isinstance(result, InputError):
                    raise SystemExit(f"unexpected input error: {result}")
                coverage.add(result)
            found.append(coverage)
    return found


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "0/0"


def report(found: list[Coverage], with_index: bool) -> str:
    lines = [
        f"Index files {'used' if with_index else 'not used'}.",
        "",
        "| set | pages with a publication date | from |",
        "|---|---|---|",
    ]
    for c in found:
        dated = c.pages - c.sources["unknown"]
        sources = ", ".join(f"{s} {c.sources[s]}" for s in SOURCES if c.sources[s])
        lines.append(f"| {c.name} | {_share(dated, c.pages)} | {sources} |")
    lines += [
        "",
        "| set | events | with a day/month/year date | day | month | year | bound only or none |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for c in found:
        total = sum(c.precisions.values())
        p = c.precisions
        lines.append(
            f"| {c.name} | {total} | {_share(c.dated, total)} | {p['day']} | {p['month']} "
            f"| {p['year']} | {p['unknown']} |"
        )
    lines += ["", "Relations: " + "; ".join(f"{c.name}: {dict(c.relations)}" for c in found)]
    return "\n".join(lines) + "\n"


def sample(found: list[Coverage], size: int, seed: int) -> str:
    events = [item for c in found for item in c.events]
    drawn = random.Random(seed).sample(events, min(size, len(events)))
    lines = []
    for number, (name, event) in enumerate(drawn, start=1):
        d = event.date
        lines.append(
            f"{number:3} {name} {event.article} pub={event.published} {event.type} "
            f"{event.stage} | {d.start}..{d.end} {d.precision} {d.relation} {d.scope} "
            f"{d.text!r}\n      {event.evidence.sentence[:400]}"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-index", action="store_true", help="Leave the sidecar indexes out.")
    parser.add_argument("--sample", type=int, default=0, help="Draw this many events to check.")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    found = measure(with_index=not args.no_index)
    print(report(found, not args.no_index), end="")
    if args.sample:
        print()
        print(sample(found, args.sample, args.seed), end="")


if __name__ == "__main__":
    main()
