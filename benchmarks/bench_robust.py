"""Bounded work: the time to analyse one sentence grows linearly with its length.

Before issue 13, a run-on sentence cost the cube of its length (the equipment
look-up scanned every token for every trigger, and the slot of every actor
walked the dependency tree to its root for every trigger) and spaCy refused
one over a million characters. Now a sentence over 2,000 characters is parsed
in pieces and every step is (near-)linear, so the time per kilobyte stays flat
from a 1 KB to a 1 MB sentence. Two kinds of sentence are timed, each in one
text of one sentence (no full stop), with the time budget off:

- "trigger storm": "Iran sent drones to Russia, and ..." repeated, the worst
  case: every 30 characters a trigger and two countries, all parsed;
- "run-on prose": real sentences of the BBC corpus, shuffled, joined by
  ", and ", where the pre-filter decides, as in a page whose full stops were lost.

Everything runs in this one process, one size after the other, after a
warm-up that loads spaCy and the lexicons. Flatness is judged on the
process's CPU time, which other work on the shared machine changes far less
than the wall-clock time (both are shown, with the load average). A short text
is analysed again until MIN_SECONDS of CPU time are spent on it and its
fastest run counts, so a 1 KB text that takes milliseconds is timed as well
as a 1 MB one; every size, 1 KB included, is judged.

    .venv/bin/python benchmarks/bench_robust.py --out benchmarks/results/robust.md
    .venv/bin/python benchmarks/bench_robust.py --max-kb 64     # quick check
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pactwatch.models import Article
from pactwatch.pipeline import MAX_SENTENCE_CHARS, analyse

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bbc-news"
SIZES_KB: tuple[int, ...] = (1, 4, 16, 64, 256, 1024)
STORM = "Iran sent drones to Russia, and "
#: The slowest size may take at most this many times the fastest size's time per KB.
FLAT_WITHIN = 2.0
#: A size is analysed again until this much CPU time is spent on it (its fastest run counts).
MIN_SECONDS = 2.0
#: ... but at most this many times.
MAX_RUNS = 50


@dataclass(frozen=True, slots=True)
class Timing:
    kind: str
    kb: int
    seconds: float  # wall clock, fastest run
    cpu: float  # CPU time of this process, fastest run
    runs: int
    events: int
    pieces: int
    parsed: int

    @property
    def ms_per_kb(self) -> float:
        return 1000 * self.cpu / self.kb

    @property
    def wall_ms_per_kb(self) -> float:
        return 1000 * self.seconds / self.kb


def storm(chars: int) -> str:
    return (STORM * (chars // len(STORM) + 1))[:chars].rstrip(", and") + "."


def prose_source(corpus: Path) -> str:
    """BBC sentences (no full stops inside), joined into one long run-on sentence."""
    parts: list[str] = []
    for path in sorted(corpus.rglob("*.txt"))[:400]:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            for sentence in line.split(". "):
                sentence = sentence.strip().rstrip(".")
                if len(sentence.split()) >= 6:
                    parts.append(sentence)
    # shuffled (always alike), so a text of any length holds the same mix of
    # sentences: in corpus order, the first kilobyte holds no party at all
    random.Random(0).shuffle(parts)
    return ", and ".join(parts)


def run_on(source: str) -> Callable[[int], str]:
    def make(chars: int) -> str:
        text = source
        while len(text) < chars:
            text += ", and " + source
        return text[:chars].rsplit(" ", 1)[0] + "."

    return make


def time_one(kind: str, kb: int, text: str) -> Timing:
    """The fastest of as many runs as fill MIN_SECONDS of CPU time (at least one)."""
    walls: list[float] = []
    cpus: list[float] = []
    while not walls or (sum(cpus) < MIN_SECONDS and len(walls) < MAX_RUNS):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = analyse(Article(id=f"{kind}-{kb}kb", text=text), time_budget=None)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu_started)
    return Timing(
        kind,
        kb,
        min(walls),
        min(cpus),
        len(walls),
        len(result.events),
        result.sentences,
        result.parsed,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the Markdown report here")
    parser.add_argument("--max-kb", type=int, default=SIZES_KB[-1])
    args = parser.parse_args()
    sizes = [kb for kb in SIZES_KB if kb <= args.max_kb]
    analyse(Article(id="warm-up", text=storm(3000)), time_budget=None)  # spaCy, lexicons
    makers: dict[str, Callable[[int], str]] = {
        "trigger storm": storm,
        "run-on prose": run_on(prose_source(CORPUS)),
    }
    loads = [os.getloadavg()[0]]
    timings: list[Timing] = []
    started = time.perf_counter()
    for kind, make in makers.items():
        for kb in sizes:
            timing = time_one(kind, kb, make(kb * 1000))
            timings.append(timing)
            loads.append(os.getloadavg()[0])
            print(
                f"{kind:>14} {kb:>5} KB: {timing.cpu:8.2f} s CPU ({timing.seconds:.2f} s), "
                f"{timing.ms_per_kb:7.1f} ms/KB, {timing.runs} runs, {timing.pieces} pieces, "
                f"{timing.events} events",
                flush=True,
            )
    report = render(timings, sizes, loads, time.perf_counter() - started)
    print(report)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report, encoding="utf-8")


def render(timings: list[Timing], sizes: list[int], loads: list[float], total: float) -> str:
    kinds = list(dict.fromkeys(t.kind for t in timings))
    lines = [
        "# Bounded work: time per KB of one long sentence",
        "",
        f"`benchmarks/bench_robust.py`, {datetime.now():%Y-%m-%d %H:%M}, "
        f"{platform.node()} ({os.cpu_count()} cores), Python {platform.python_version()}; "
        f"load average {min(loads):.1f} to {max(loads):.1f} during the run "
        f"({total:.0f} s in all). One text of one sentence per row, analysed with "
        f"no time budget; sentences over {MAX_SENTENCE_CHARS:,} characters are parsed "
        f"in pieces. CPU time of the process, the fastest of as many runs as fill "
        f"{MIN_SECONDS:g} s (at most {MAX_RUNS}); wall-clock time of that same kind of "
        "run beside it.",
        "",
        "| sentence | " + " | ".join(f"{kb:,} KB" for kb in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    verdicts: list[str] = []
    for kind in kinds:
        row = [t for t in timings if t.kind == kind]
        cells = {
            "CPU ms per KB": [f"{t.ms_per_kb:,.1f}" for t in row],
            "wall ms per KB": [f"{t.wall_ms_per_kb:,.1f}" for t in row],
            "CPU seconds": [f"{t.cpu:,.2f}" for t in row],
            "runs": [str(t.runs) for t in row],
            "pieces (parsed)": [f"{t.pieces:,} ({t.parsed:,})" for t in row],
            "events": [f"{t.events:,}" for t in row],
        }
        lines += [
            f"| {kind}, {name} | " + " | ".join(values) + " |" for name, values in cells.items()
        ]
        judged = [t.ms_per_kb for t in row]
        ratio = max(judged) / min(judged)
        verdicts.append(
            f"- {kind}: the slowest size takes {ratio:.2f}x the fastest size's CPU time per KB "
            f"(every size from {row[0].kb:,} KB; flat means within {FLAT_WITHIN:g}x): "
            + ("**flat**" if ratio <= FLAT_WITHIN else "**NOT flat**")
        )
    lines += ["", *verdicts, ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
