"""Bounded work: the time to analyse one sentence grows linearly with its length.

Before issue 13, a run-on sentence cost the cube of its length (the equipment
look-up scanned every token for every trigger) and spaCy refused one over a
million characters. Now a sentence over 2,000 characters is parsed in pieces
and every step is (near-)linear, so the time per kilobyte stays flat from a
1 KB to a 1 MB sentence. Two kinds of sentence are timed, each in one text of
one sentence (no full stop), with the time budget off:

- "trigger storm": "Iran sent drones to Russia, and ..." repeated, the worst
  case: every 30 characters a trigger and two countries, all parsed;
- "run-on prose": real sentences of the BBC corpus joined by ", and ", where
  the pre-filter decides, as in a page whose full stops were lost.

Everything runs in this one process, one size after the other, after a
warm-up that loads spaCy and the lexicons; the load average is recorded,
since other work on the machine slows every size alike.

    .venv/bin/python benchmarks/bench_robust.py --out benchmarks/results/robust.md
    .venv/bin/python benchmarks/bench_robust.py --max-kb 64     # quick check
"""

from __future__ import annotations

import argparse
import os
import platform
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


@dataclass(frozen=True, slots=True)
class Timing:
    kind: str
    kb: int
    seconds: float
    events: int
    pieces: int

    @property
    def ms_per_kb(self) -> float:
        return 1000 * self.seconds / self.kb


def storm(chars: int) -> str:
    return (STORM * (chars // len(STORM) + 1))[:chars].rstrip(", and") + "."


def prose_source(corpus: Path) -> str:
    """BBC sentences (no full stops inside), joined into one long run-on sentence."""
    parts: list[str] = []
    for path in sorted(corpus.glob("*.txt"))[:400]:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            for sentence in line.split(". "):
                sentence = sentence.strip().rstrip(".")
                if len(sentence.split()) >= 6:
                    parts.append(sentence)
    return ", and ".join(parts)


def run_on(source: str) -> Callable[[int], str]:
    def make(chars: int) -> str:
        text = source
        while len(text) < chars:
            text += ", and " + source
        return text[:chars].rsplit(" ", 1)[0] + "."

    return make


def time_one(kind: str, kb: int, text: str) -> Timing:
    started = time.perf_counter()
    result = analyse(Article(id=f"{kind}-{kb}kb", text=text), time_budget=None)
    seconds = time.perf_counter() - started
    return Timing(kind, kb, seconds, len(result.events), result.sentences)


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
                f"{kind:>14} {kb:>5} KB: {timing.seconds:8.2f} s, "
                f"{timing.ms_per_kb:7.1f} ms/KB, {timing.pieces} pieces, {timing.events} events",
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
        "in pieces.",
        "",
        "| sentence | " + " | ".join(f"{kb:,} KB" for kb in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    verdicts: list[str] = []
    for kind in kinds:
        row = [t for t in timings if t.kind == kind]
        lines.append(
            f"| {kind}, ms per KB | " + " | ".join(f"{t.ms_per_kb:,.1f}" for t in row) + " |"
        )
        lines.append(f"| {kind}, seconds | " + " | ".join(f"{t.seconds:,.2f}" for t in row) + " |")
        lines.append(f"| {kind}, events | " + " | ".join(str(t.events) for t in row) + " |")
        # the 1 KB text is too short to time well; flatness is judged from 4 KB up
        judged = [t.ms_per_kb for t in row if t.kb >= 4] or [t.ms_per_kb for t in row]
        ratio = max(judged) / min(judged)
        verdicts.append(
            f"- {kind}: the slowest size takes {ratio:.2f}x the fastest size's time per KB "
            f"(from 4 KB up; flat means within {FLAT_WITHIN:g}x): "
            + ("**flat**" if ratio <= FLAT_WITHIN else "**NOT flat**")
        )
    lines += ["", *verdicts, ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
