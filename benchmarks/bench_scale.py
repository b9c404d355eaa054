"""Scale benchmark: ingest and extract with 1 and 2 workers, and the ingesting process's memory.

Every measurement runs in a fresh child process (this script with `--mode`),
so spaCy is loaded inside the timing as a user would see it and the peak RSS
(`ru_maxrss`) is the ingesting process's alone.

1. Throughput on all 2,095 BBC News articles (general news: few defence
   sentences, so cleaning and storing weigh more) and on 1,000 generated
   defence-rich articles (sample paragraphs mixed with BBC ones: more
   sentences parsed). Each is ingested into a fresh DuckDB file with
   `workers=1` and `workers=2`, and extracted with `process(jobs=1)` and
   `jobs=2` (`pactwatch extract --jobs`); the stored or printed events of
   1 and 2 must be identical. Two rounds, the eight runs interleaved, the
   order alternating; medians reported. Each run gives two figures: the wall
   time including start-up (Python, imports, loading spaCy, forking the
   workers), and the steady-state rate, articles per second from the 10%
   mark to the last article, which leaves start-up and the first batches
   out. The CPU seconds of the run (the process and its workers) show
   whether a second worker adds work or only spreads it; the load average
   before every run shows what else the machine was doing. Starting up is
   measured apart, by ingesting nothing with two workers.
2. Memory: JSON Lines files of N and 10 x N generated articles are streamed
   through `ingest(..., workers=2)`; the ingesting process's RSS is sampled
   every tenth of the run, and DuckDB's own memory (its buffer pool caches
   the growing database) is read at the end. Documents are read lazily and at
   most 2 batches per worker are out at a time, so what grows is the store,
   not the corpus.
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

FULL = {"bbc": 2_095, "defence": 1_000, "memory": 200, "backends": 200}
QUICK = {"bbc": 100, "defence": 40, "memory": 200, "backends": 30}
#: The large memory run streams this many times the small one's articles.
MEMORY_FACTOR = 10
RSS_SAMPLES = 10
#: The steady-state rate counts the articles after this share of the run.
STEADY_FROM = 0.1
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
    return sorted(random.Random(0).sample(files, min(count, len(files))))


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


def _cpu_seconds() -> dict[str, float]:
    """User + system seconds of this process and of its finished children (the workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    main, workers = own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime
    return {
        "cpu_seconds": round(main + workers, 1),
        "cpu_main": round(main, 1),
        "cpu_workers": round(workers, 1),
    }


#: Results closer together than this came out of one batch (a burst of outcomes).
BURST_GAP = 0.002


def _timing(started: float, done_at: list[float]) -> dict[str, float]:
    """When the first result came, and the steady-state rate after the STEADY_FROM mark.

    Results come in bursts, a batch at a time (a transaction, a worker's
    chunk), so the rate is counted from the end of the burst holding the
    mark to the end of the last one: the articles of later bursts over the
    time between.
    """
    if not done_at:
        return {"first_result_s": 0.0, "steady_articles_per_second": 0.0}
    mark = int(len(done_at) * STEADY_FROM)
    while mark + 1 < len(done_at) and done_at[mark + 1] - done_at[mark] < BURST_GAP:
        mark += 1
    span = done_at[-1] - done_at[mark]
    return {
        "first_result_s": round(done_at[0] - started, 2),
        "steady_articles_per_second": round((len(done_at) - 1 - mark) / span, 1) if span else 0.0,
    }


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
    done_at: list[float] = []

    def sample(outcome: ArticleOutcome) -> None:
        done_at.append(time.perf_counter())
        if len(done_at) % every == 0:
            samples.append((len(done_at), round(_rss_mb(), 1)))

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
        **_timing(started, done_at),
        **_cpu_seconds(),
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
    done_at: list[float] = []
    for item in process(paths, jobs=jobs):
        done_at.append(time.perf_counter())
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
        **_timing(started, done_at),
        **_cpu_seconds(),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "events_digest": digest.hexdigest()[:16],
    }


def run_profile(paths: list[str], workers: int) -> dict[str, Any]:
    """One ingest with the main process's parts timed: where its wall time goes.

    The parts are disjoint calls made by the main process (wrapped here with
    a clock, so the code runs at full speed); what is left is importing,
    opening the store and the run's bookkeeping.
    """
    from concurrent.futures import Future

    import pactwatch.ingest.run as run
    import pactwatch.pool as pool
    from pactwatch.store import open_store

    spent = dict.fromkeys(PROFILE_PARTS, 0.0)

    def timed(label: str, function: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - started

        return wrapper

    def timed_taking(*args: Any, **kwargs: Any) -> Iterator[Any]:
        items = taking(*args, **kwargs)
        while True:
            started = time.perf_counter()
            item = next(items, None)
            spent[TAKING] += time.perf_counter() - started
            if item is None:
                return
            yield item

    taking = run._screened_here
    run._screened_here = timed_taking  # type: ignore[assignment]
    pool.warm_up = timed("loading spaCy and the lexicons", pool.warm_up)  # type: ignore[assignment]
    Future.result = timed("waiting for the workers' next batch", Future.result)  # type: ignore[method-assign]
    run.store_batch = timed("writing (duplicate checks, inserts, commit)", run.store_batch)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        with open_store(str(Path(folder) / "bench.duckdb")) as store:
            run.ingest(store, paths, workers=workers)
        seconds = time.perf_counter() - started
    parts = {label: round(value, 2) for label, value in spent.items()}
    parts["the rest (opening the store, forking, bookkeeping)"] = round(
        seconds - sum(spent.values()), 2
    )
    return {"seconds": round(seconds, 2), "parts": parts}


#: The main process taking the cleaned documents from the one that reads them.
TAKING = "taking the cleaned documents (and checking the failure book)"
#: What the main process of a 2-worker ingest does, timed apart by `run_profile`.
PROFILE_PARTS = (
    "loading spaCy and the lexicons",
    TAKING,
    "waiting for the workers' next batch",
    "writing (duplicate checks, inserts, commit)",
)


def child(args: argparse.Namespace) -> None:
    paths = [line for line in Path(args.paths_file).read_text().splitlines() if line]
    if args.mode == "write":
        result = run_write(paths, args.db_url)
    elif args.mode == "profile":
        result = run_profile(paths, args.workers)
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
    load = round(os.getloadavg()[0], 2)
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO)
    result = _result(done.stdout)
    result["load_before"] = load
    if mode == "profile":
        print(f"  profiled ingest, {workers} workers: {result}", file=sys.stderr)
        return result
    if mode == "write":
        print(f"  write stage only: {result['articles_per_second']}/s", file=sys.stderr)
        return result
    print(
        f"  {mode} {expected:>6} articles, {workers} worker(s): {result['seconds']:>7.1f} s, "
        f"{result['articles_per_second']:>6.1f}/s (steady {result['steady_articles_per_second']}"
        f"/s), CPU {result['cpu_seconds']} s, load before {load}, "
        f"peak RSS {result['peak_rss_mb']} MB",
        file=sys.stderr,
    )
    return result


#: Rounds of the 1-vs-2 throughput runs (the order alternating); medians are reported.
ROUNDS = 2


MODES = ("ingest", "extract")


def throughput(
    name: str,
    paths: list[str],
    count: int,
    scratch: Path,
    modes: tuple[str, ...] = MODES,
    rounds: int = ROUNDS,
) -> dict[str, Any]:
    """Ingest and extract with 1 and 2 workers, interleaved, `rounds` times; the median runs."""
    print(f"{name}: {count} articles", file=sys.stderr)
    runs: dict[tuple[str, int], list[dict[str, Any]]] = {}
    order = [(mode, workers) for mode in modes for workers in (1, 2)]
    for round_number in range(rounds):
        for mode, workers in order if round_number % 2 == 0 else order[::-1]:
            result = measure(paths, workers, count, scratch, mode=mode)
            runs.setdefault((mode, workers), []).append(result)
    summary: dict[str, Any] = {"corpus": name, "articles": count}
    for mode in modes:
        one, two = _median_run(runs[(mode, 1)]), _median_run(runs[(mode, 2)])
        digests = {r["events_digest"] for w in (1, 2) for r in runs[(mode, w)]}
        summary[mode] = {
            "one": one,
            "two": two,
            "speedup": _ratio(two, one, "articles_per_second"),
            "steady_speedup": _ratio(two, one, "steady_articles_per_second"),
            "identical_events": len(digests) == 1,
            "seconds": {w: [r["seconds"] for r in runs[(mode, w)]] for w in (1, 2)},
            "steady": {
                w: [r["steady_articles_per_second"] for r in runs[(mode, w)]] for w in (1, 2)
            },
            "load_before": {w: [r["load_before"] for r in runs[(mode, w)]] for w in (1, 2)},
        }
    return summary


def _median_run(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median time (the lower middle one for an even count)."""
    ordered = sorted(results, key=lambda result: result["seconds"])
    return ordered[(len(ordered) - 1) // 2]


def _ratio(two: dict[str, Any], one: dict[str, Any], key: str = "articles_per_second") -> float:
    return round(two[key] / one[key], 2) if one[key] else 0.0


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


def rerun_extract(previous: dict[str, Any], rounds: int) -> dict[str, Any]:
    """The extract rows of `previous` (a full run's JSON) measured again, the rest kept:
    for a change to extraction alone, without re-measuring ingest and the stores."""
    load_before = os.getloadavg()
    for run in previous["throughput"]:
        for mode in MODES:
            for key in ("seconds", "steady", "load_before"):
                # JSON made the worker counts strings
                run[mode][key] = {int(w): v for w, v in run[mode][key].items()}
    for key in ("load_before", "load_after"):
        previous["machine"][key] = tuple(previous["machine"][key])
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        sizes = QUICK if previous["quick"] else FULL
        bbc = [str(path) for path in bbc_files(sizes["bbc"])]
        defence = write_jsonl(scratch / "defence.jsonl", sizes["defence"], seed=1)
        corpora = {
            "BBC News": [*bbc],
            "defence-rich (generated)": [str(defence)],
        }
        for run in previous["throughput"]:
            fresh = throughput(
                run["corpus"],
                corpora[run["corpus"]],
                run["articles"],
                scratch,
                modes=("extract",),
                rounds=rounds,
            )
            run["extract"] = fresh["extract"]
    previous["extract_rerun"] = {
        "generated_at": datetime.now().isoformat(timespec="seconds"),
        "rounds": rounds,
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }
    return previous


def run_all(quick: bool, rounds: int = ROUNDS) -> dict[str, Any]:
    sizes = QUICK if quick else FULL
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        bbc = [str(path) for path in bbc_files(sizes["bbc"])]
        defence = write_jsonl(scratch / "defence.jsonl", sizes["defence"], seed=1)
        corpora = [
            ("BBC News", bbc, sizes["bbc"]),
            ("defence-rich (generated)", [str(defence)], sizes["defence"]),
        ]
        results: dict[str, Any] = {
            "throughput": [
                throughput(name, paths, count, scratch, rounds=rounds)
                for name, paths, count in corpora
            ],
            "profile": [
                {"corpus": name, **measure(paths, 2, count, scratch, mode="profile")}
                for name, paths, count in corpora
            ],
        }
        print("start-up: ingest nothing with 2 workers", file=sys.stderr)
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
    results["rounds"] = rounds
    results["generated_at"] = datetime.now().isoformat(timespec="seconds")
    return results


# ---------------------------------------------------------------- report


def markdown(results: dict[str, Any]) -> str:
    machine = results["machine"]
    rounds = results.get("rounds", ROUNDS)
    lines = [
        "# Scale benchmark: ingest and extract on several cores",
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
        *_rerun_note(results),
        "`ingest` into a fresh DuckDB file (`pactwatch ingest --workers N`) and `extract` "
        "(`pactwatch extract --jobs N`, no database). Both fork their workers from the "
        "main process once spaCy is loaded (`pactwatch.pool`), and with 2 workers one "
        "more process, forked before spaCy is loaded, reads and cleans the files (and "
        "for `ingest` signs them, MinHash), using the core that would idle while spaCy "
        "loads; for `ingest` the main process writes the results, two or more batches "
        "of 64 articles per transaction. "
        f"The median run of {rounds} rounds (with two, the faster); the 8 runs of a "
        "corpus interleaved, the order alternating. **Wall** is the whole run as a user "
        "waits for it, start-up included (Python, imports, loading spaCy, forking); "
        f"**steady** is the rate from the {STEADY_FROM:.0%} mark to the last article, "
        "start-up and the first batches left out. **CPU** is user + system seconds "
        "of the main process and its workers (of which the main process).",
        "",
        "| command | corpus | articles | events | wall 1 (art/s) | wall 2 (art/s) "
        "| **wall speed-up** | steady 1 → 2 (art/s) | **steady speed-up** | CPU 1 → 2 (main) s "
        "| same events |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for mode in MODES:
        for run in results["throughput"]:
            stats = run[mode]
            one, two = stats["one"], stats["two"]
            lines.append(
                f"| {mode} | {run['corpus']} | {run['articles']} | {one['events']} "
                f"| {one['seconds']} s ({one['articles_per_second']}) "
                f"| {two['seconds']} s ({two['articles_per_second']}) "
                f"| **{stats['speedup']}x** "
                f"| {one['steady_articles_per_second']} → {two['steady_articles_per_second']} "
                f"| **{stats['steady_speedup']}x** "
                f"| {one['cpu_seconds']} → {two['cpu_seconds']} ({two['cpu_main']}) "
                f"| {'yes' if stats['identical_events'] else 'NO'} |"
            )
    lines += [
        "",
        "Every run (wall s / steady art/s / 1-minute load average before it):",
        "",
    ]
    for run in results["throughput"]:
        for mode in MODES:
            stats = run[mode]
            for workers in (1, 2):
                lines.append(
                    f"- {run['corpus']}, {mode} {workers}: "
                    + ", ".join(
                        f"{wall} / {steady} / {load}"
                        for wall, steady, load in zip(
                            stats["seconds"][workers],
                            stats["steady"][workers],
                            stats["load_before"][workers],
                            strict=True,
                        )
                    )
                )
    lines += ["", *_where_the_time_goes(results), ""]
    lines += [
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


def _rerun_note(results: dict[str, Any]) -> list[str]:
    rerun = results.get("extract_rerun")
    if rerun is None:
        return []
    return [
        f"The `extract` rows were measured again on {rerun['generated_at']} "
        f"(`--only extract`, {rerun['rounds']} rounds, the median run), the rest is from "
        f"the run above; load average (1/5/15 min) before {tuple(rerun['load_before'])}, "
        f"after {tuple(rerun['load_after'])}.",
        "",
    ]


def _where_the_time_goes(results: dict[str, Any]) -> list[str]:
    """The start-up, the split of CPU time and the main process's profile, in words."""
    lines = [
        "## Where the time of a 2-worker run goes",
        "",
        f"- **Start-up** (ingest nothing with 2 workers: Python, imports, loading spaCy "
        f"and the lexicons once, opening the store): {results['startup_seconds']} s, serial, "
        "paid by 1 and 2 workers alike; it is why the wall speed-up stays below the "
        "steady one.",
    ]
    for run in results["throughput"]:
        ingest_two, ingest_one = run["ingest"]["two"], run["ingest"]["one"]
        extract_one = run["extract"]["one"]
        per = 1000 / run["articles"]
        lines.append(
            f"- **{run['corpus']}**: a 2-worker ingest's main process used "
            f"{ingest_two['cpu_main']} s of CPU ({ingest_two['cpu_main'] * per:.1f} ms per "
            f"article: loading spaCy, writing, start-up), the process reading the files and "
            f"its workers {ingest_two['cpu_workers']} s (reading, cleaning and signing; "
            f"analysing); one process used {ingest_one['cpu_seconds']} s "
            f"for the same ingest and {extract_one['cpu_seconds']} s to extract alone."
        )
    lines += [
        "",
        "The main process of one more 2-worker ingest, its parts timed apart (waiting "
        "for the workers overlaps their work; the rest is opening the store, forking "
        "and bookkeeping):",
        "",
    ]
    labels = list(results["profile"][0]["parts"])
    lines += [
        "| corpus | wall | " + " | ".join(labels) + " |",
        "|---|---:|" + "---:|" * len(labels),
    ]
    for run in results["profile"]:
        lines.append(
            f"| {run['corpus']} | {run['seconds']} s | "
            + " | ".join(
                f"{run['parts'][label]} s ({run['parts'][label] / run['seconds']:.0%})"
                for label in labels
            )
            + " |"
        )
    return lines


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
    parser.add_argument(
        "--only",
        choices=["extract"],
        help="measure only these rows again, keeping the rest of --out's JSON",
    )
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="rounds of the 1-vs-2 runs")
    parser.add_argument(
        "--mode", choices=["ingest", "write", "extract", "profile"], help=argparse.SUPPRESS
    )
    parser.add_argument("--db-url", help=argparse.SUPPRESS)
    parser.add_argument("--paths-file", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--expected", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        child(args)
        return
    if args.only:
        if not args.out:
            parser.error("--only needs --out (the JSON of a full run beside it)")
        previous = json.loads(args.out.with_suffix(".json").read_text(encoding="utf-8"))
        results = rerun_extract(previous, args.rounds)
    else:
        results = run_all(args.quick, args.rounds)
    report = markdown(results)
    print(report)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report, encoding="utf-8")
        args.out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
