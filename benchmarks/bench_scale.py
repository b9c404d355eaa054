"""Scale benchmark: ingest and extract with 1 and 2 workers, and the ingesting process's memory.

Every measurement runs in a fresh child process (this script with `--mode`),
so spaCy is loaded inside the timing as a user would see it and the peak RSS
(`ru_maxrss`) is the ingesting process's alone; dask workers are separate
processes and not counted.

1. Throughput on the BBC News corpus (general news: few defence sentences,
   so cleaning and storing dominate) and on generated defence-rich articles
   (sample paragraphs mixed with BBC ones: more sentences parsed). Each is
   ingested into a fresh DuckDB file with `workers=1` and `workers=2`; the
   speed-up is the ratio of rates, and the stored events of both runs must be
   identical. `extract --jobs 1` and `--jobs 2` (pactwatch.pool, no
   database) run on the same articles, interleaved with the ingests: two
   rounds, the order alternating, medians reported with the load average.
   The cost of starting the local cluster is measured apart, by ingesting
   nothing with two workers.
2. Memory: JSON Lines files of N and 10 x N generated articles are streamed
   through `ingest(..., workers=2)`; the ingesting process's RSS is sampled
   every tenth of the run, and DuckDB's own memory (its buffer pool caches
   the growing database) is read at the end. Documents are read lazily and at
   most 2 batches per worker thread are out at a time, so what grows is the
   store, not the corpus.
3. Backends: the same defence-rich articles ingested by one process into a
   DuckDB file and into PostgreSQL (a throw-away cluster started here, with
   its durable defaults: fsync on), the write stage alone (documents analysed
   beforehand, so only `store_prepared` is timed), and two `ingest` processes
   writing one PostgreSQL store at once, which DuckDB cannot do.

    .venv/bin/python benchmarks/bench_scale.py --out benchmarks/results/scale.md
    .venv/bin/python benchmarks/bench_scale.py --quick
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
BBC_CORPUS = SHARED / "corpus" / "bbc-news"
SAMPLES = REPO / "samples"

FULL = {"bbc": 1_000, "defence": 300, "memory": 1_000, "backends": 200}
QUICK = {"bbc": 100, "defence": 40, "memory": 200, "backends": 30}
#: The large memory run streams this many times the small one's articles.
MEMORY_FACTOR = 10
RSS_SAMPLES = 10
OUTLETS = ("reuters.com", "apnews.com", "bbc.co.uk", "aljazeera.com", "tass.com", "irna.ir")


# ---------------------------------------------------------------- corpora


def _paragraphs(paths: list[Path]) -> list[str]:
    return [
        block.strip()
        for path in paths
        for block in path.read_text(encoding="utf-8", errors="replace").split("\n")
        if len(block.split()) >= 12
    ]


def bbc_files(count: int) -> list[Path]:
    """`count` BBC articles drawn at random (fixed seed) across the five sections."""
    files = sorted(BBC_CORPUS.rglob("*.txt"))
    return sorted(random.Random(0).sample(files, count))


def generated_records(count: int, seed: int) -> Iterator[dict[str, str]]:
    """Distinct articles: two paragraphs from the defence samples among four from BBC."""
    rng = random.Random(seed)
    defence = _paragraphs(sorted(SAMPLES.glob("*.txt")))
    general = _paragraphs(sorted(BBC_CORPUS.rglob("*.txt")))
    start = date(2020, 1, 1)
    for number in range(count):
        blocks = rng.sample(defence, 2) + rng.sample(general, 4)
        rng.shuffle(blocks)
        yield {
            "id": f"gen-{seed}-{number}",
            "title": f"Report {number}",
            "text": f"Report {number}\n\n" + "\n\n".join(blocks) + "\n",
            "published": (start + timedelta(days=rng.randrange(1826))).isoformat(),
            "url": f"https://www.{rng.choice(OUTLETS)}/news/{seed}-{number}",
        }


def write_jsonl(path: Path, count: int, seed: int) -> Path:
    """Write the generated articles line by line (never all in memory)."""
    with path.open("w", encoding="utf-8") as out:
        for record in generated_records(count, seed):
            out.write(json.dumps(record) + "\n")
    return path


# ---------------------------------------------------------------- child side


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # KiB on Linux


def _events_digest(db: str) -> str:
    from pactwatch.store import open_store

    with open_store(db, read_only=True) as store:
        rows = store.connection.execute("SELECT * FROM events ORDER BY event_id").fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def _duckdb_memory_mb(connection: Any) -> float:
    """What DuckDB itself holds (buffer pool, indexes): the RSS that grows with the store."""
    row = connection.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()
    return float(row[0] or 0) / 1e6


def run_ingest(
    paths: list[str], workers: int, expected: int, db_url: str | None = None
) -> dict[str, Any]:
    """Ingest `paths` into a fresh store; time, counts, RSS every tenth, peak RSS.

    The store is a new DuckDB file unless `db_url` names a PostgreSQL one.
    """
    from pactwatch.ingest import ArticleOutcome, ingest
    from pactwatch.store import open_store

    every = max(1, expected // RSS_SAMPLES)
    samples: list[tuple[int, float]] = [(0, _rss_mb())]
    done = 0

    def sample(outcome: ArticleOutcome) -> None:
        nonlocal done
        done += 1
        if done % every == 0:
            samples.append((done, round(_rss_mb(), 1)))

    with tempfile.TemporaryDirectory() as folder:
        db = db_url or str(Path(folder) / "bench.duckdb")
        started = time.perf_counter()
        with open_store(db) as store:
            summary = ingest(store, paths, workers=workers, progress=sample)
            seconds = time.perf_counter() - started
            duckdb_mb = _duckdb_memory_mb(store.connection) if db_url is None else 0.0
            db_mb = store.connection.size_bytes() / 1e6
        digest = _events_digest(db)
    return {
        "workers": workers,
        "articles": summary.articles,
        "new": summary.new,
        "events": summary.events,
        "incidents": summary.incidents_new,
        "seconds": round(seconds, 2),
        "articles_per_second": round(summary.articles / seconds, 1) if seconds else 0.0,
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "rss_samples": samples,
        "duckdb_memory_mb": round(duckdb_mb, 1),
        "events_digest": digest,
        "db_mb": round(db_mb, 1),
    }


def run_write(paths: list[str], db_url: str | None) -> dict[str, Any]:
    """Analyse every document first (untimed), then time storing them one by one."""
    from pactwatch.ingest import prepare_document, store_prepared
    from pactwatch.sources import iter_documents
    from pactwatch.store import open_store

    prepared = [prepare_document(item) for item in iter_documents(paths)]
    with tempfile.TemporaryDirectory() as folder:
        db = db_url or str(Path(folder) / "bench.duckdb")
        with open_store(db) as store:
            started = time.perf_counter()
            outcomes = [store_prepared(store, item) for item in prepared]
            seconds = time.perf_counter() - started
    return {
        "articles": len(outcomes),
        "new": sum(outcome.status == "new" for outcome in outcomes),
        "seconds": round(seconds, 2),
        "articles_per_second": round(len(outcomes) / seconds, 1) if seconds else 0.0,
    }


def run_extract(paths: list[str], jobs: int) -> dict[str, Any]:
    """`process(paths, jobs=N)` as `pactwatch extract --jobs N` runs it: time, events."""
    from pactwatch.errors import InputError
    from pactwatch.pipeline import process

    started = time.perf_counter()
    articles = 0
    digest = hashlib.sha256()
    events = 0
    for item in process(paths, jobs=jobs):
        if isinstance(item, InputError):
            continue
        articles += 1
        for event in item.events:
            events += 1
            digest.update(json.dumps(event.to_dict(), sort_keys=True).encode())
    seconds = time.perf_counter() - started
    return {
        "workers": jobs,
        "articles": articles,
        "events": events,
        "seconds": round(seconds, 2),
        "articles_per_second": round(articles / seconds, 1) if seconds else 0.0,
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "events_digest": digest.hexdigest()[:16],
    }


def child(args: argparse.Namespace) -> None:
    paths = [line for line in Path(args.paths_file).read_text().splitlines() if line]
    if args.mode == "write":
        result = run_write(paths, args.db_url)
    elif args.mode == "extract":
        result = run_extract(paths, args.workers)
    else:
        result = run_ingest(paths, args.workers, args.expected, args.db_url)
    print(json.dumps(result))


# ---------------------------------------------------------------- parent side


@dataclass(frozen=True, slots=True)
class Machine:
    cpus: int
    python: str
    platform: str
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    versions: dict[str, str]


def _child_command(
    mode: str, paths: list[str], workers: int, expected: int, scratch: Path, db_url: str | None
) -> list[str]:
    listing = scratch / f"paths-{mode}-{workers}-{expected}-{len(paths)}-{time.monotonic_ns()}.txt"
    listing.write_text("\n".join(paths) + "\n")
    command = [sys.executable, __file__, "--mode", mode, "--paths-file", str(listing)]
    command += ["--workers", str(workers), "--expected", str(expected)]
    return command + (["--db-url", db_url] if db_url else [])


def _result(stdout: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    return result


def measure(
    paths: list[str],
    workers: int,
    expected: int,
    scratch: Path,
    db_url: str | None = None,
    mode: str = "ingest",
) -> dict[str, Any]:
    command = _child_command(mode, paths, workers, expected, scratch, db_url)
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO)
    result = _result(done.stdout)
    if mode == "write":
        print(f"  write stage only: {result['articles_per_second']}/s", file=sys.stderr)
        return result
    print(
        f"  {mode} {expected:>6} articles, {workers} worker(s): {result['seconds']:>7.1f} s, "
        f"{result['articles_per_second']:>6.1f}/s, peak RSS {result['peak_rss_mb']} MB",
        file=sys.stderr,
    )
    return result


#: Rounds of the 1-vs-2 throughput runs (the order alternating); medians are reported.
ROUNDS = 2


def throughput(name: str, paths: list[str], count: int, scratch: Path) -> dict[str, Any]:
    """Ingest and extract with 1 and 2 workers, interleaved, ROUNDS times; the median runs."""
    print(f"{name}: {count} articles", file=sys.stderr)
    runs: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for round_number in range(ROUNDS):
        order = [(mode, workers) for mode in ("ingest", "extract") for workers in (1, 2)]
        for mode, workers in order if round_number % 2 == 0 else order[::-1]:
            result = measure(paths, workers, count, scratch, mode=mode)
            runs.setdefault((mode, workers), []).append(result)
    median = {key: _median_run(results) for key, results in runs.items()}
    digests = {result["events_digest"] for key, results in runs.items() for result in results}
    extract_digests = {r["events_digest"] for w in (1, 2) for r in runs[("extract", w)]}
    ingest_digests = digests - extract_digests
    return {
        "corpus": name,
        "articles": count,
        "one_worker": median[("ingest", 1)],
        "two_workers": median[("ingest", 2)],
        "speedup": _ratio(median[("ingest", 2)], median[("ingest", 1)]),
        "identical_events": len(ingest_digests) == 1,
        "extract_one": median[("extract", 1)],
        "extract_two": median[("extract", 2)],
        "extract_speedup": _ratio(median[("extract", 2)], median[("extract", 1)]),
        "extract_identical_events": len(extract_digests) == 1,
        "seconds": {f"{m} {w}": [r["seconds"] for r in rs] for (m, w), rs in runs.items()},
    }


def _median_run(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median time (the lower middle one for an even count)."""
    ordered = sorted(results, key=lambda result: result["seconds"])
    return ordered[(len(ordered) - 1) // 2]


def _ratio(two: dict[str, Any], one: dict[str, Any]) -> float:
    return round(two["articles_per_second"] / one["articles_per_second"], 2)


def concurrent_ingests(halves: list[list[str]], expected: int, scratch: Path, url: str) -> float:
    """Two ingest processes at once into one PostgreSQL store; articles per second overall."""
    commands = [_child_command("ingest", half, 1, expected, scratch, url) for half in halves]
    started = time.perf_counter()
    runs = [subprocess.Popen(c, stdout=subprocess.PIPE, text=True, cwd=REPO) for c in commands]
    results = [_result(run.communicate()[0]) for run in runs]
    seconds = time.perf_counter() - started
    if any(run.returncode for run in runs):
        raise RuntimeError("a concurrent ingest failed")
    articles = sum(result["articles"] for result in results)
    rate = round(articles / seconds, 1)
    print(f"  2 processes into PostgreSQL: {seconds:.1f} s, {rate}/s", file=sys.stderr)
    return rate


def backends(count: int, scratch: Path) -> dict[str, Any]:
    """DuckDB vs PostgreSQL: whole ingest, write stage alone, and two writers at once."""
    sys.path.insert(0, str(REPO / "tests"))
    from pg_cluster import ThrowawayPostgres

    print(f"backends: {count} defence-rich articles", file=sys.stderr)
    halves = [
        [str(write_jsonl(scratch / f"backends-{seed}.jsonl", count // 2, seed=seed))]
        for seed in (3, 4)
    ]
    paths = [path for half in halves for path in half]
    server = ThrowawayPostgres(durable=True).start()
    try:
        results = {
            "articles": count,
            "duckdb": measure(paths, 1, count, scratch),
            "postgresql": measure(paths, 1, count, scratch, server.schema_url("ingest_one")),
            "duckdb_write": measure(paths, 1, count, scratch, mode="write"),
            "postgresql_write": measure(
                paths, 1, count, scratch, server.schema_url("write_only"), mode="write"
            ),
            "postgresql_two_processes": concurrent_ingests(
                halves, count // 2, scratch, server.schema_url("ingest_two")
            ),
        }
    finally:
        server.stop()
    results["same_events"] = (
        results["duckdb"]["events_digest"] == results["postgresql"]["events_digest"]
    )
    return results


def run_all(quick: bool) -> dict[str, Any]:
    sizes = QUICK if quick else FULL
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        bbc = [str(path) for path in bbc_files(sizes["bbc"])]
        defence = write_jsonl(scratch / "defence.jsonl", sizes["defence"], seed=1)
        results: dict[str, Any] = {
            "throughput": [
                throughput("BBC News", bbc, sizes["bbc"], scratch),
                throughput("defence-rich (generated)", [str(defence)], sizes["defence"], scratch),
            ]
        }
        print("cluster start-up: ingest nothing with 2 workers", file=sys.stderr)
        results["startup_seconds"] = measure([], 2, 0, scratch)["seconds"]
        memory = []
        for count in (sizes["memory"], sizes["memory"] * MEMORY_FACTOR):
            print(f"memory: {count} streamed articles", file=sys.stderr)
            corpus = write_jsonl(scratch / f"stream-{count}.jsonl", count, seed=2)
            run = measure([str(corpus)], 2, count, scratch)
            run["jsonl_mb"] = round(corpus.stat().st_size / 1e6, 1)
            memory.append(run)
            corpus.unlink()
        results["memory"] = memory
        results["backends"] = backends(sizes["backends"], scratch)
    results["memory_ratio"] = round(memory[1]["peak_rss_mb"] / memory[0]["peak_rss_mb"], 2)
    machine = Machine(
        cpus=os.cpu_count() or 0,
        python=platform.python_version(),
        platform=platform.platform(),
        load_before=tuple(round(x, 2) for x in load_before),  # type: ignore[arg-type]
        load_after=tuple(round(x, 2) for x in os.getloadavg()),  # type: ignore[arg-type]
        versions={
            name: metadata.version(name)
            for name in ("pactwatch", "dask", "distributed", "duckdb", "psycopg", "spacy")
        },
    )
    results["machine"] = asdict(machine)
    results["quick"] = quick
    results["generated_at"] = datetime.now().isoformat(timespec="seconds")
    return results


# ---------------------------------------------------------------- report


def markdown(results: dict[str, Any]) -> str:
    machine = results["machine"]
    lines = [
        "# Scale benchmark: ingest with dask workers",
        "",
        f"Generated {results['generated_at']} by `benchmarks/bench_scale.py`"
        + (" --quick" if results["quick"] else "")
        + f". Machine: {machine['cpus']} CPUs, Python {machine['python']}, "
        + ", ".join(f"{k} {v}" for k, v in machine["versions"].items())
        + f". Load average (1/5/15 min) before {machine['load_before']}, "
        f"after {machine['load_after']}.",
        "",
        "## Throughput, 1 vs 2 workers",
        "",
        "Wall time of `ingest()` into a fresh DuckDB file, including loading spaCy "
        "and (with workers) starting the local cluster; the median run of "
        f"{ROUNDS} rounds (with two, the faster), interleaved with the extract runs below, "
        "the order alternating.",
        "",
        "| corpus | articles | events | 1 worker (art/s) | 2 workers (art/s) | speed-up "
        "| same events |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for run in results["throughput"]:
        one, two = run["one_worker"], run["two_workers"]
        lines.append(
            f"| {run['corpus']} | {run['articles']} | {one['events']} "
            f"| {one['articles_per_second']} ({one['seconds']} s) "
            f"| {two['articles_per_second']} ({two['seconds']} s) | {run['speedup']}x "
            f"| {'yes' if run['identical_events'] else 'NO'} |"
        )
    lines += [
        "",
        "`pactwatch extract --jobs 1` against `--jobs 2` (pactwatch.pool: forked "
        "processes, no database) on the same articles, start-up included:",
        "",
        "| corpus | articles | events | 1 job (art/s) | 2 jobs (art/s) | speed-up | same events |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for run in results["throughput"]:
        one, two = run["extract_one"], run["extract_two"]
        lines.append(
            f"| {run['corpus']} | {run['articles']} | {one['events']} "
            f"| {one['articles_per_second']} ({one['seconds']} s) "
            f"| {two['articles_per_second']} ({two['seconds']} s) | {run['extract_speedup']}x "
            f"| {'yes' if run['extract_identical_events'] else 'NO'} |"
        )
    lines += [
        "",
        "Every run's wall time, s: "
        + "; ".join(
            f"{run['corpus']}: "
            + ", ".join(f"{key} {seconds}" for key, seconds in run["seconds"].items())
            for run in results["throughput"]
        )
        + ".",
        "",
        f"Starting a 2-worker local cluster and loading spaCy in each worker: "
        f"{results['startup_seconds']} s (included in the 2-worker times above).",
        "",
        "## Memory of the ingesting process (2 workers, streamed JSON Lines)",
        "",
        "| articles | JSON Lines | events | time | art/s | peak RSS | of which DuckDB "
        "| RSS over the run (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in results["memory"]:
        series = ", ".join(f"{mb:.0f}" for _, mb in run["rss_samples"])
        lines.append(
            f"| {run['articles']} | {run['jsonl_mb']} MB | {run['events']} | {run['seconds']} s "
            f"| {run['articles_per_second']} | {run['peak_rss_mb']} MB "
            f"| {run['duckdb_memory_mb']} MB | {series} |"
        )
    lines += [
        "",
        f"Peak RSS with {MEMORY_FACTOR}x the articles: {results['memory_ratio']}x.",
        "",
    ]
    return "\n".join(lines + _backends_section(results["backends"]))


def _backends_section(run: dict[str, Any]) -> list[str]:
    duck, pg = run["duckdb"]["articles_per_second"], run["postgresql"]["articles_per_second"]
    duck_write = run["duckdb_write"]["articles_per_second"]
    pg_write = run["postgresql_write"]["articles_per_second"]
    two = run["postgresql_two_processes"]
    return [
        "## DuckDB vs PostgreSQL",
        "",
        f"{run['articles']} defence-rich articles; PostgreSQL 15 on this machine with its "
        "durable defaults (fsync on). Articles per second:",
        "",
        "| measurement | DuckDB | PostgreSQL | PostgreSQL / DuckDB |",
        "|---|---:|---:|---:|",
        f"| whole ingest, one process (clean, analyse, store) | {duck} | {pg} | {pg / duck:.2f} |",
        f"| write stage alone (`store_prepared`, analysis done before) | {duck_write} "
        f"| {pg_write} | {pg_write / duck_write:.2f} |",
        f"| two ingest processes at once into one store, half the articles each "
        f"| not possible (one writer per file) | {two} ({two / pg:.2f}x one process) | |",
        "",
        f"Same events on both backends: {'yes' if run['same_events'] else 'NO'}.",
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small corpora, for a smoke run")
    parser.add_argument("--out", type=Path, help="Markdown report (JSON next to it)")
    parser.add_argument("--mode", choices=["ingest", "write", "extract"], help=argparse.SUPPRESS)
    parser.add_argument("--db-url", help=argparse.SUPPRESS)
    parser.add_argument("--paths-file", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--expected", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        child(args)
        return
    results = run_all(args.quick)
    report = markdown(results)
    print(report)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report, encoding="utf-8")
        args.out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
