"""Web benchmark: latency and throughput of the JSON API under 32 concurrent clients.

1. A synthetic store of at least 100,000 events is bulk-loaded with the real
   schema by `bench_store.build_synthetic` (Zipf-skewed parties, dated and
   undated events, actors, dyads and incidents consistent with the events).
2. `pactwatch serve` runs it as a real server process on 127.0.0.1 (read-only,
   as by default), on a free port it prints.
3. This process, a second one, runs 32 concurrent clients (one keep-alive
   httpx.AsyncClient each) for a fixed time or until a request cap, each
   cycling through the dashboard's endpoints: events filtered by a pair and a
   type, a page of events in a date window, one event, incidents of a party,
   dyads, the network, a pair's timeline, and health. Filter values come from
   the store (its busiest pair and type), ids are drawn at random.
4. Per endpoint and overall: requests, errors, requests/s, p50/p95/max latency
   (measured by the client: queueing included), next to the p50 of one lone
   client measured just before (the service time without queueing).
   Markdown and JSON reports.

Every request goes to 127.0.0.1; the server is stopped at the end.

    .venv/bin/python benchmarks/bench_web.py --out benchmarks/results/web.md
    .venv/bin/python benchmarks/bench_web.py --quick     # 5 s of load instead of 20 s
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import httpx
from bench_store import SyntheticSpec, build_synthetic, machine_info, percentile

from pactwatch.actors import load_actor_lexicon
from pactwatch.store import open_store

DEFAULT_EVENTS = 100_000
CLIENTS = 32
DURATION_SECONDS = 20.0
QUICK_DURATION_SECONDS = 5.0
#: A single client first, so the report can tell service time from queueing.
BASELINE_SECONDS = 5.0
QUICK_BASELINE_SECONDS = 2.0
#: Requests over all clients after which the run stops even before its time is up.
REQUEST_CAP = 200_000
WARM_UP_ROUNDS = 2
SEED = 20_240_101
HOST = "127.0.0.1"
SERVER_START_SECONDS = 60.0
REQUEST_TIMEOUT_SECONDS = 60.0
#: Evidence sentences of the synthetic events: varied wording, some with the searched word.
EVIDENCE_TEMPLATES = (
    "The defence ministry said the {n} shipment of missiles had arrived at the border.",
    "Officials confirmed talks on the {n} training programme for air force pilots.",
    "The two navies held their {n} joint exercise in the Gulf, state media reported.",
    "Ministers signed the {n} agreement on military cooperation in the capital.",
    "The government condemned the {n} missile test as a threat to regional security.",
)


# ------------------------------------------------------------------ the store


@dataclass(frozen=True, slots=True)
class Probe:
    """Filter values and ids taken from the store, so every request finds rows."""

    a: str
    b: str
    event_type: str
    event_ids: list[int]
    events: int
    incidents: int


def build_store(db: Path, events: int) -> float:
    """Bulk-load the synthetic store; returns the seconds it took."""
    states = sorted(c for c, e in load_actor_lexicon().entries.items() if e.kind == "state")
    evidence = [
        template.format(n=ordinal)
        for ordinal in ("first", "second", "third", "latest", "new")
        for template in EVIDENCE_TEMPLATES
    ]
    started = time.perf_counter()
    build_synthetic(db, SyntheticSpec(events=events, countries=states, evidence=evidence))
    return time.perf_counter() - started


def choose_probe(db: Path) -> Probe:
    """The busiest pair and its most frequent type, and a sample of event ids."""
    with open_store(db, read_only=True) as store:
        connection = store.connection
        pair = connection.execute(
            "SELECT a, b, type FROM event_dyads GROUP BY ALL ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        counts = connection.execute(
            "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM incidents)"
        ).fetchone()
        ids = connection.execute(
            f"SELECT event_id FROM events USING SAMPLE reservoir(1000 ROWS) REPEATABLE ({SEED})"
        ).fetchall()
    assert pair is not None and counts is not None
    return Probe(
        a=str(pair[0]),
        b=str(pair[1]),
        event_type=str(pair[2]),
        event_ids=[int(row[0]) for row in ids],
        events=int(counts[0]),
        incidents=int(counts[1]),
    )


# ------------------------------------------------------------------ the server


def serve_argv() -> list[str]:
    """`pactwatch serve`: through the CLI once the command is registered there."""
    from pactwatch.cli import main

    if "serve" in main.commands:
        return [sys.executable, "-m", "pactwatch.cli", "serve"]
    return [sys.executable, "-c", "from pactwatch.commands.web import serve_command as c; c()"]


def start_server(db: Path) -> tuple[subprocess.Popen[str], str]:
    """A read-only `pactwatch serve` on a free loopback port; returns it and its address."""
    env = {key: value for key, value in os.environ.items() if key != "PACTWATCH_TOKEN"}
    process = subprocess.Popen(
        [*serve_argv(), "--db", str(db), "--host", HOST, "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+", line)
    if found is None:
        stop_server(process)
        raise RuntimeError(f"pactwatch serve did not print its address: {line!r}")
    base_url = found.group(0)
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}/api/health", timeout=5).status_code == 200:
                return process, base_url
        except httpx.TransportError:
            time.sleep(0.1)
    stop_server(process)
    raise RuntimeError(f"no answer from {base_url} within {SERVER_START_SECONDS:.0f} s")


def stop_server(process: subprocess.Popen[str]) -> None:
    """Ctrl+C (uvicorn shuts down gracefully), then kill if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ------------------------------------------------------------------ the load

Route = Callable[[random.Random], str]


def endpoints(probe: Probe) -> dict[str, Route]:
    """The requests of a dashboard session, by name; each draws its own variable parts."""
    pair = f"country={probe.a}&with={probe.b}"
    return {
        "events: pair + type": lambda _: f"/api/events?{pair}&type={probe.event_type}&limit=50",
        "events: year, page": lambda rng: (
            f"/api/events?since=2022-01-01&until=2022-12-31&limit=100"
            f"&offset={rng.randrange(0, 2_000, 100)}"
        ),
        "one event": lambda rng: f"/api/events/{rng.choice(probe.event_ids)}",
        "incidents: party": lambda _: f"/api/incidents?country={probe.a}&limit=50",
        "dyads": lambda _: "/api/dyads?limit=100",
        "network": lambda _: "/api/network",
        "timeline": lambda _: f"/api/timeline?a={probe.a}&b={probe.b}",
        "health": lambda _: "/api/health",
    }


@dataclass(slots=True)
class Sample:
    endpoint: str
    seconds: float
    status: int


@dataclass(slots=True)
class Load:
    """Every request of the measured run, and how long the run lasted."""

    samples: list[Sample] = field(default_factory=list)
    seconds: float = 0.0


async def _client(
    base_url: str,
    routes: dict[str, Route],
    index: int,
    deadline: float,
    cap: int,
    load: Load,
) -> None:
    """One client: cycle through the endpoints (from its own starting point) until told to stop."""
    rng = random.Random(SEED + index)
    names = list(routes)
    turn = index
    async with httpx.AsyncClient(base_url=base_url, timeout=REQUEST_TIMEOUT_SECONDS) as http:
        while time.perf_counter() < deadline and len(load.samples) < cap:
            name = names[turn % len(names)]
            turn += 1
            started = time.perf_counter()
            try:
                status = (await http.get(routes[name](rng))).status_code
            except httpx.HTTPError:
                status = 0
            load.samples.append(Sample(name, time.perf_counter() - started, status))


async def _warm_up(base_url: str, routes: dict[str, Route]) -> None:
    """Touch every endpoint first, so lexicon loading and cold caches stay out of the figures."""
    rng = random.Random(SEED)
    async with httpx.AsyncClient(base_url=base_url, timeout=REQUEST_TIMEOUT_SECONDS) as http:
        for _ in range(WARM_UP_ROUNDS):
            for route in routes.values():
                response = await http.get(route(rng))
                response.raise_for_status()


async def run_load(
    base_url: str, routes: dict[str, Route], clients: int, duration: float, cap: int
) -> Load:
    await _warm_up(base_url, routes)
    load = Load()
    started = time.perf_counter()
    deadline = started + duration
    await asyncio.gather(
        *(_client(base_url, routes, i, deadline, cap, load) for i in range(clients))
    )
    load.seconds = time.perf_counter() - started
    return load


# ------------------------------------------------------------------ figures


@dataclass(frozen=True, slots=True)
class EndpointFigures:
    name: str
    requests: int
    errors: int
    per_second: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    mean_ms: float


def figures(name: str, samples: Sequence[Sample], seconds: float) -> EndpointFigures:
    latencies = [sample.seconds * 1000 for sample in samples] or [0.0]
    return EndpointFigures(
        name=name,
        requests=len(samples),
        errors=sum(sample.status != 200 for sample in samples),
        per_second=len(samples) / seconds if seconds else 0.0,
        p50_ms=percentile(latencies, 0.50),
        p95_ms=percentile(latencies, 0.95),
        max_ms=max(latencies),
        mean_ms=statistics.fmean(latencies),
    )


@dataclass(slots=True)
class Results:
    info: dict[str, str]
    events: int
    incidents: int
    build_seconds: float
    clients: int
    duration_seconds: float
    measured_seconds: float
    request_cap: int
    probe: dict[str, str]
    endpoints: list[EndpointFigures]
    overall: EndpointFigures
    baseline: list[EndpointFigures]
    quick: bool


def summarise(
    load: Load, routes: dict[str, Route]
) -> tuple[list[EndpointFigures], EndpointFigures]:
    by_endpoint = [
        figures(name, [s for s in load.samples if s.endpoint == name], load.seconds)
        for name in routes
    ]
    return by_endpoint, figures("all endpoints", load.samples, load.seconds)


def _row(item: EndpointFigures, alone: EndpointFigures | None) -> str:
    lone = f"{alone.p50_ms:,.1f}" if alone else ""
    return (
        f"| {item.name} | {item.requests:,} | {item.errors:,} | {item.per_second:,.1f} | "
        f"{item.p50_ms:,.1f} | {item.p95_ms:,.1f} | {item.max_ms:,.1f} | {lone} |"
    )


def render_markdown(results: Results, routes: dict[str, Route]) -> str:
    info = results.info
    probe = results.probe
    lines = [
        "# Web benchmark: the JSON API under concurrent clients",
        "",
        f"- date: {info['date']}",
        f"- machine: {info['cpu']}, {info['cores']} cores, {info['platform']}",
        f"- Python {info['python']}, DuckDB {info['duckdb']}",
        f"- store: {results.events:,} synthetic events, {results.incidents:,} incidents "
        f"(bulk-loaded in {results.build_seconds:.1f} s)",
        f"- server: `pactwatch serve` on 127.0.0.1 (one uvicorn process, read-only); "
        f"clients: {results.clients} concurrent keep-alive httpx clients in a second process "
        f"on the same machine, for {results.duration_seconds:.0f} s "
        f"(cap {results.request_cap:,} requests; measured {results.measured_seconds:.1f} s)",
        f"- filter values from the store: pair {probe['a']}–{probe['b']}, "
        f"type {probe['event_type']}",
        "- latency is measured by the client, so it includes queueing behind the other "
        "clients; the last column is the p50 of one lone client just before (service time); "
        "the load average is that of the whole machine, other work included",
        "- dyads, network and timeline answers are cached in memory per filter (the read-only "
        "store cannot change under the server), so after the first request they skip DuckDB",
        f"- load average (1/5/15 min) before: {info['load_average_start']}, "
        f"after: {info.get('load_average_end', '?')}",
        "",
        "| endpoint | requests | errors | requests/s | p50 ms | p95 ms | max ms "
        "| p50 ms, 1 client |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        *(
            _row(item, alone)
            for item, alone in zip(results.endpoints, results.baseline, strict=True)
        ),
        _row(results.overall, None).replace(results.overall.name, f"**{results.overall.name}**"),
        "",
        "Requests per endpoint:",
        "",
    ]
    sample = random.Random(SEED)
    lines += [f"- {name}: `{route(sample)}`" for name, route in routes.items()]
    if results.quick:
        lines += ["", "_Quick run (`--quick`): shorter load; not the figures to quote._"]
    return "\n".join(lines) + "\n"


def render_json(results: Results) -> str:
    return json.dumps(asdict(results), indent=2, ensure_ascii=False) + "\n"


def print_summary(results: Results) -> None:
    overall = results.overall
    print(
        f"{results.clients} clients, {results.measured_seconds:.1f} s, {results.events:,} events: "
        f"{overall.requests:,} requests, {overall.per_second:,.0f} req/s, "
        f"p50 {overall.p50_ms:.1f} ms, p95 {overall.p95_ms:.1f} ms, {overall.errors} errors"
    )
    for item in results.endpoints:
        print(
            f"  {item.name:<20} {item.per_second:8.1f} req/s  p50 {item.p50_ms:8.1f} ms  "
            f"p95 {item.p95_ms:8.1f} ms  errors {item.errors}"
        )


# ------------------------------------------------------------------ main


def run_benchmark(args: argparse.Namespace) -> int:
    info = machine_info()
    with tempfile.TemporaryDirectory(prefix="pactwatch-bench-web-") as folder:
        db = Path(folder) / "web.duckdb"
        print(f"building a store of {args.events:,} events ...", file=sys.stderr, flush=True)
        build_seconds = build_store(db, args.events)
        probe = choose_probe(db)
        routes = endpoints(probe)
        process, base_url = start_server(db)
        try:
            print(
                f"{args.clients} clients against {base_url} for {args.duration:.0f} s ...",
                file=sys.stderr,
                flush=True,
            )
            lone = asyncio.run(run_load(base_url, routes, 1, args.baseline, args.cap))
            load = asyncio.run(run_load(base_url, routes, args.clients, args.duration, args.cap))
        finally:
            stop_server(process)
    info["load_average_end"] = "{:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg())
    by_endpoint, overall = summarise(load, routes)
    results = Results(
        info=info,
        events=probe.events,
        incidents=probe.incidents,
        build_seconds=build_seconds,
        clients=args.clients,
        duration_seconds=args.duration,
        measured_seconds=load.seconds,
        request_cap=args.cap,
        probe={"a": probe.a, "b": probe.b, "event_type": probe.event_type},
        endpoints=by_endpoint,
        overall=overall,
        baseline=summarise(lone, routes)[0],
        quick=args.quick,
    )
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(render_markdown(results, routes), encoding="utf-8")
        json_out = args.out.with_suffix(".json")
        json_out.write_text(render_json(results), encoding="utf-8")
        print(f"wrote {args.out} and {json_out}")
    print_summary(results)
    return 1 if overall.errors else 0


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, help="markdown report (JSON written beside it)")
    parser.add_argument(
        "--quick", action="store_true", help=f"{QUICK_DURATION_SECONDS:.0f} s of load"
    )
    parser.add_argument("--events", type=int, default=DEFAULT_EVENTS, help="synthetic events")
    parser.add_argument("--clients", type=int, default=CLIENTS, help="concurrent clients")
    parser.add_argument("--duration", type=float, help=f"seconds (default {DURATION_SECONDS:.0f})")
    parser.add_argument("--cap", type=int, default=REQUEST_CAP, help="stop after this many")
    args = parser.parse_args(argv)
    if args.duration is None:
        args.duration = QUICK_DURATION_SECONDS if args.quick else DURATION_SECONDS
    args.baseline = QUICK_BASELINE_SECONDS if args.quick else BASELINE_SECONDS
    for name in ("events", "clients", "cap"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.duration <= 0:
        parser.error("--duration must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    return run_benchmark(_parse_args(argv))


if __name__ == "__main__":
    started = datetime.now()
    status = main()
    print(f"done in {(datetime.now() - started).total_seconds():.0f} s", file=sys.stderr)
    sys.exit(status)
