"""What storing adds to extracting: `pactwatch ingest` against `pactwatch extract`.

Both commands run as a user runs them (a fresh process each, start-up and
model loading included) over the same documents, interleaved in one run:

- defence-heavy: the pages of ../shared/acceptance/dev and dev2's tune half
  (e001-e060, chosen by dev2's index, so no file of the check half is opened),
  with their sidecar indexes, linked into one scratch folder;
- BBC: the 2,095 articles of ../shared/corpus/bbc-news.

`extract` writes its JSON Lines to a scratch file, `ingest` into a new DuckDB
file. Each pair is timed `--rounds` times (the order alternates between
rounds) and the median wall time is reported with the CPU time of the child
(user + system), which other processes on the machine disturb less, and the
load average. The target (issue 16) is ingest at most 1.25x extract.

`--profile` also ingests each corpus in this process under cProfile and
reports where the time goes (analysis, cleaning, MinHash, the write stage).
`--write-stage` times storing the defence pages alone (analysed beforehand)
on DuckDB and PostgreSQL, one article per transaction and in ingest's batches.

    .venv/bin/python benchmarks/bench_ingest.py --profile --write-stage \
        --out benchmarks/results/ingest.md
    .venv/bin/python benchmarks/bench_ingest.py --rounds 1 --corpus defence   # quick check
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ACCEPTANCE = SHARED / "acceptance"
BBC = SHARED / "corpus" / "bbc-news"
PACTWATCH = Path(sys.executable).parent / "pactwatch"
TARGET = 1.25
CORPORA = ("defence", "bbc")

#: Functions whose cumulative time the profile reports (summed), with what they stand for.
STAGES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("pactwatch/ingest/run.py", ("ingest",), "whole ingest (after start-up)"),
    ("pactwatch/sources.py", ("_iter_paths",), "reading files"),
    ("pactwatch/pipeline.py", ("prepare_article",), "cleaning (prepare_article)"),
    (
        "pactwatch/pipeline.py",
        ("analyse", "analyse_articles"),
        "analysis (analyse_articles: spaCy and the rules)",
    ),
    ("pactwatch/store/dedupe.py", ("signature",), "MinHash signatures"),
    (
        "pactwatch/store/dedupe.py",
        ("_stored_digests", "_stored_candidates"),
        "duplicate checks: the store's side (two queries a batch)",
    ),
    (
        "pactwatch/store/dedupe.py",
        ("near_duplicate", "admit"),
        "duplicate checks: candidates compared, the batch's own originals",
    ),
    ("pactwatch/store/write.py", ("flush",), "bulk inserts and incident refresh (flush)"),
    ("pactwatch/store/incidents.py", ("refresh_incidents",), "of which incident aggregates"),
    ("pactwatch/store/database.py", ("transaction",), "transactions (begin, lock, commit)"),
)
#: The write stage: write_batch less the analysis it triggers for documents found new.
WRITE = ("pactwatch/store/write.py", ("write_batch",))


def defence_folder(scratch: Path) -> Path:
    """dev's pages and dev2's tune half, linked into one folder with one merged index."""
    folder = scratch / "defence"
    folder.mkdir()
    rows: list[dict[str, Any]] = []
    for name in ("dev", "dev2"):
        index = ACCEPTANCE / name / "index.jsonl"
        for line in index.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if name == "dev2" and row.get("half") != "tune":
                continue  # the check half is never opened
            (folder / str(row["file"])).symlink_to(ACCEPTANCE / name / "articles" / row["file"])
            rows.append(row)
    (folder / "index.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows))
    return folder


@dataclass
class Timing:
    """Wall and CPU seconds of one command over one corpus, a value per round."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def median_wall(self) -> float:
        return statistics.median(self.wall)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)


def run_command(args: list[str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds of the child, and its stderr's last line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 3):  # 3: some inputs could not be read, named on stderr
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    tail = (done.stdout.strip() or done.stderr.strip()).splitlines()
    return wall, cpu, tail[-1] if tail else ""


def measure(
    folders: dict[str, Path], rounds: int, scratch: Path
) -> tuple[dict[tuple[str, str], Timing], dict[str, str]]:
    """Interleaved runs: per round and corpus, extract then ingest (reversed every other round)."""
    timings: dict[tuple[str, str], Timing] = {}
    summaries: dict[str, str] = {}
    for round_number in range(rounds):
        for corpus, folder in folders.items():
            commands = {
                "extract": [str(PACTWATCH), "extract", str(folder), "-o", str(scratch / "x.jsonl")],
                "ingest": [
                    str(PACTWATCH),
                    "ingest",
                    str(folder),
                    "--db",
                    str(scratch / f"{corpus}-{round_number}.duckdb"),
                ],
            }
            order = ["extract", "ingest"] if round_number % 2 == 0 else ["ingest", "extract"]
            for command in order:
                wall, cpu, last = run_command(commands[command])
                timing = timings.setdefault((corpus, command), Timing())
                timing.wall.append(wall)
                timing.cpu.append(cpu)
                if command == "ingest":
                    summaries[corpus] = last
                print(
                    f"round {round_number + 1} {corpus:8} {command:8} "
                    f"wall {wall:6.1f} s  cpu {cpu:6.1f} s  load {os.getloadavg()[0]:.2f}",
                    file=sys.stderr,
                    flush=True,
                )
    return timings, summaries


def profile(folder: Path, scratch: Path) -> list[tuple[str, float]]:
    """Cumulative seconds of each stage of one in-process ingest (cProfile adds overhead)."""
    from pactwatch.ingest import ingest
    from pactwatch.pipeline import process
    from pactwatch.store import open_store

    list(process(sorted((ROOT / "samples").glob("*.txt"))[:1]))  # spaCy loaded off the clock
    profiler = cProfile.Profile()
    with open_store(scratch / f"profile-{folder.name}.duckdb") as store:
        profiler.enable()
        ingest(store, [folder])
        profiler.disable()
    stats: dict[Any, Any] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    found = [(label, _cumulative(stats, path, name)) for path, name, label in STAGES]
    analysis = next(seconds for label, seconds in found if label.startswith("analysis"))
    write = _cumulative(stats, *WRITE) - analysis
    found.append(("the store's write stage (write_batch less analysis)", write))
    return found


def _cumulative(stats: dict[Any, Any], path: str, names: tuple[str, ...]) -> float:
    return float(
        sum(
            cumulative
            for (file, _line, function), (_cc, _nc, _tt, cumulative, _callers) in stats.items()
            if function in names and file.endswith(path)
        )
    )


def write_stage(folder: Path, scratch: Path) -> list[tuple[str, int, float, float]]:
    """The write stage alone, one article per transaction (as before) and in ingest's batches.

    Every document is analysed first, off the clock; then the same prepared
    documents go into a new store on each backend (PostgreSQL: a throwaway
    durable server, tests/pg_cluster.py). Rows: backend, batch size, seconds,
    articles/s.
    """
    from pactwatch.ingest import prepare_document, store_batch
    from pactwatch.ingest.run import WRITE_BATCH, growing_batches
    from pactwatch.sources import iter_documents
    from pactwatch.store import open_store

    sys.path.insert(0, str(ROOT / "tests"))
    from pg_cluster import ThrowawayPostgres

    prepared = [prepare_document(item) for item in iter_documents([folder])]
    server = ThrowawayPostgres(durable=True).start()
    rows: list[tuple[str, int, float, float]] = []
    try:
        for backend in ("DuckDB", "PostgreSQL"):
            for size in (WRITE_BATCH, 1):  # any first-use cost counts against batches
                name = f"write_{size}"
                url = str(scratch / f"{name}.duckdb") if backend == "DuckDB" else None
                with open_store(url or server.schema_url(name)) as store:
                    started = time.perf_counter()
                    for batch in growing_batches(prepared, size):
                        store_batch(store, batch)
                    seconds = time.perf_counter() - started
                rows.append((backend, size, seconds, len(prepared) / seconds))
                print(f"write stage {backend} x{size}: {seconds:.2f} s", file=sys.stderr)
    finally:
        server.stop()
    return rows


def render(
    timings: dict[tuple[str, str], Timing],
    summaries: dict[str, str],
    profiles: dict[str, list[tuple[str, float]]],
    writes: list[tuple[str, int, float, float]],
    counts: dict[str, int],
    rounds: int,
    loads: tuple[tuple[float, float, float], tuple[float, float, float]],
) -> str:
    names = {"defence": "defence-heavy (dev + dev2 tune)", "bbc": "BBC News"}
    lines = [
        "# Ingest against extract",
        "",
        f"Run {datetime.now():%Y-%m-%d %H:%M} on {os.cpu_count()} cores; "
        f"load average {loads[0][0]:.2f} / {loads[0][1]:.2f} / {loads[0][2]:.2f} before, "
        f"{loads[1][0]:.2f} / {loads[1][1]:.2f} / {loads[1][2]:.2f} after "
        "(other work shared the machine).",
        "",
        "`pactwatch extract DIR -o FILE` against `pactwatch ingest DIR --db NEW.duckdb`, "
        "each a fresh process (start-up and model loading included), interleaved, "
        f"median of {rounds} round{'s' if rounds > 1 else ''}. Target: ingest at most "
        f"{TARGET}x extract. CPU is the child's user + system time.",
        "",
        "| corpus | documents | extract wall s | ingest wall s | ratio (wall) "
        "| extract CPU s | ingest CPU s | ratio (CPU) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for corpus in (c for c in CORPORA if (c, "extract") in timings):
        extract, ingest = timings[(corpus, "extract")], timings[(corpus, "ingest")]
        lines.append(
            f"| {names[corpus]} | {counts[corpus]:,} | {extract.median_wall:.1f} "
            f"| {ingest.median_wall:.1f} | **{ingest.median_wall / extract.median_wall:.2f}x** "
            f"| {extract.median_cpu:.1f} | {ingest.median_cpu:.1f} "
            f"| {ingest.median_cpu / extract.median_cpu:.2f}x |"
        )
    lines += ["", "Every round (wall seconds):", ""]
    for (corpus, command), timing in sorted(timings.items()):
        runs = ", ".join(f"{value:.1f}" for value in timing.wall)
        lines.append(f"- {corpus} {command}: {runs}")
    lines += ["", "What ingest stored:", ""]
    lines += [f"- {corpus}: {summary}" for corpus, summary in summaries.items()]
    for corpus, stages in profiles.items():
        total = stages[0][1] or 1.0
        lines += [
            "",
            f"## Where ingest's time goes: {names[corpus]} (cProfile, in-process)",
            "",
            "| stage | seconds | share |",
            "|---|---:|---:|",
        ]
        lines += [f"| {label} | {sec:.2f} | {100 * sec / total:.0f}% |" for label, sec in stages]
    if writes:
        lines += [
            "",
            "## The write stage alone: defence-heavy pages analysed beforehand",
            "",
            "Storing the same prepared documents into a new store, timed alone.",
            "",
            "| backend | articles per transaction | seconds | articles/s |",
            "|---|---|---:|---:|",
        ]
        lines += [
            f"| {backend} | {'1' if size == 1 else f'1, 2, 4 ... {size}'} | {seconds:.2f} "
            f"| {rate:.0f} |"
            for backend, size, seconds, rate in writes
        ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--corpus", choices=CORPORA, action="append")
    parser.add_argument("--profile", action="store_true", help="also profile ingest in-process")
    parser.add_argument(
        "--write-stage", action="store_true", help="also time the write stage alone"
    )
    parser.add_argument("--out", type=Path, help="write the Markdown report (and .json) here")
    args = parser.parse_args(argv)
    chosen = args.corpus or list(CORPORA)
    before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as name:
        scratch = Path(name)
        folders = {
            corpus: defence_folder(scratch) if corpus == "defence" else BBC for corpus in chosen
        }
        counts = {
            corpus: sum(1 for p in folder.rglob("*") if p.suffix in (".txt", ".html"))
            for corpus, folder in folders.items()
        }
        timings, summaries = measure(folders, args.rounds, scratch)
        writes = []
        if args.write_stage and "defence" in folders:
            print("write stage alone", file=sys.stderr, flush=True)
            writes = write_stage(folders["defence"], scratch)
        profiles = {}
        if args.profile:
            for corpus, folder in folders.items():
                print(f"profiling ingest of {corpus}", file=sys.stderr, flush=True)
                profiles[corpus] = profile(folder, scratch)
    report = render(
        timings, summaries, profiles, writes, counts, args.rounds, (before, os.getloadavg())
    )
    print(report)
    if args.out is not None:
        args.out.write_text(report, encoding="utf-8")
        data = {
            f"{corpus} {command}": {"wall": t.wall, "cpu": t.cpu}
            for (corpus, command), t in timings.items()
        }
        data["profiles"] = profiles  # type: ignore[assignment]
        data["write_stage"] = writes  # type: ignore[assignment]
        args.out.with_suffix(".json").write_text(json.dumps(data, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
