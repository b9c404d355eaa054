"""Web benchmark: the JSON API against datasette on the same 100,000 events, side by side.

1. A synthetic store of 100,000 events is bulk-loaded with the real schema by
   `bench_store.build_synthetic` (Zipf-skewed parties, dated and undated
   events, actors, dyads and incidents consistent with the events).
2. The same events are exported to an indexed SQLite file (one denormalised
   `events` table with the columns the API answers, `event_dyads`, and
   indexes on what the requests filter and sort by).
3. `pactwatch serve` (read-only, as by default) and datasette 0.65
   (`datasette serve -i`, immutable, from its own virtualenv: `make bench`
   creates `benchmarks/.venv-datasette` from `datasette-requirements.txt`;
   datasette is never a dependency of pactwatch) run at the same time as real
   processes on 127.0.0.1.
4. This process, a third one, runs 32 concurrent keep-alive clients (a
   minimal HTTP/1.1 client on asyncio, so the load generator costs the two
   cores as little as possible) against one endpoint of one server for a few
   seconds, then the same endpoint of the other server. Rounds alternate
   which server goes first; each figure is the median over the rounds. The
   requests ask both servers for the same rows: events of the busiest pair
   and type, a page of a year's events (pactwatch by offset, datasette by its
   `_next` key to the same row), one event drawn from all 100,000, a health
   check, and the top 100 pairs (datasette computes them with SQL).
5. pactwatch's other endpoints (incidents, network, timeline, articles, one
   incident) run under the same 32 clients, for the p95 target.

Repeated requests are answered from pactwatch's cache of finished answers
(the read-only store cannot change). "One event" draws from 100,000 ids, so
it shows the uncached path; the "varied pair" row draws from 200 pairs, so
once pactwatch has answered each of them its later answers come from the
cache (datasette has no such cache). The pactwatch-only row of 200 pairs at
60 offsets each rarely repeats a page; the last row, a new minimum
confidence each time, is the uncached list path (answered from the server's
in-memory event index, `store/index.py`). Each server's resident memory at
the end of the run is reported too.

    make bench                                      # creates the datasette venv, runs all
    .venv/bin/python benchmarks/bench_web.py --out benchmarks/results/web.md
    .venv/bin/python benchmarks/bench_web.py --quick  # 1 round of 2 s per run
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urlencode

from bench_store import SyntheticSpec, build_synthetic, machine_info, percentile

from pactwatch.actors import load_actor_lexicon
from pactwatch.store import open_store
from pactwatch.web.handle import INDEX_ROWS_MAX_EVENTS

REPO = Path(__file__).resolve().parents[1]
DATASETTE = REPO / "benchmarks" / ".venv-datasette" / "bin" / "datasette"
DEFAULT_EVENTS = 100_000
CLIENTS = 32
ROUNDS = 3
RUN_SECONDS = 5.0
QUICK_RUN_SECONDS = 2.0
SEED = 20_240_101
HOST = "127.0.0.1"
SERVER_START_SECONDS = 120.0
REQUEST_TIMEOUT_SECONDS = 60.0
#: The p95 every pactwatch endpoint must stay under at 32 clients, in ms.
P95_TARGET_MS = 100.0
#: How many of the busiest pairs the "varied pair" row draws from.
VARIED_PAIRS = 200
#: Offsets the uncached row draws from (each of the 200 pairs has over 70 events of its type).
UNCACHED_OFFSETS = 60
#: Evidence sentences of the synthetic events: varied wording, some with the searched word.
EVIDENCE_TEMPLATES = (
    "The defence ministry said the {n} shipment of missiles had arrived at the border.",
    "Officials confirmed talks on the {n} training programme for air force pilots.",
    "The two navies held their {n} joint exercise in the Gulf, state media reported.",
    "Ministers signed the {n} agreement on military cooperation in the capital.",
    "The government condemned the {n} missile test as a threat to regional security.",
)


# ------------------------------------------------------------------ the stores


@dataclass(frozen=True, slots=True)
class Probe:
    """Filter values and ids taken from the store, so every request finds rows."""

    a: str
    b: str
    event_type: str
    pairs: list[tuple[str, str, str]]
    event_ids: list[int]
    incident_ids: list[int]
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
    """The busiest pairs with their most frequent type, and every event and incident id."""
    with open_store(db, read_only=True) as store:
        connection = store.connection
        pairs = connection.execute(
            "SELECT a, b, type FROM event_dyads GROUP BY ALL ORDER BY count(*) DESC, a, b, type "
            f"LIMIT {VARIED_PAIRS}"
        ).fetchall()
        event_ids = connection.execute("SELECT event_id FROM events ORDER BY 1").fetchall()
        incident_ids = connection.execute("SELECT incident_id FROM incidents ORDER BY 1").fetchall()
    top = pairs[0]
    return Probe(
        a=str(top[0]),
        b=str(top[1]),
        event_type=str(top[2]),
        pairs=[(str(a), str(b), str(t)) for a, b, t in pairs],
        event_ids=[int(row[0]) for row in event_ids],
        incident_ids=[int(row[0]) for row in incident_ids],
        events=len(event_ids),
        incidents=len(incident_ids),
    )


_EXPORT_SQL = """
SELECT e.event_id, a.doc_id AS article, e.article_id, e.published, e.type,
    coalesce(r.sources, []) AS sources, coalesce(r.targets, []) AS targets,
    coalesce(r.participants, []) AS participants, e.stage, e.certainty, e.claimed_by,
    e.denied_by, e.equipment, e.date_start, e.date_end, e.date_precision, e.date_text,
    e.evidence, e.evidence_start, e.evidence_end, e.rule, e.confidence, e.incident_id,
    e.extractor_version, a.url, a.outlet, coalesce(e.date_start, e.published) AS sort_date,
    (SELECT least(d.a, d.b) || '-' || greatest(d.a, d.b) FROM event_dyads d
     WHERE d.event_id = e.event_id LIMIT 1) AS pair
FROM events e
JOIN articles a ON a.article_id = e.article_id
LEFT JOIN (
    SELECT event_id,
        list(country ORDER BY position) FILTER (WHERE role = 'source') AS sources,
        list(country ORDER BY position) FILTER (WHERE role = 'target') AS targets,
        list(country ORDER BY position) FILTER (WHERE role = 'participant') AS participants
    FROM event_actors GROUP BY event_id
) r ON r.event_id = e.event_id
ORDER BY e.event_id
"""
_LIST_COLUMNS = ("sources", "targets", "participants", "claimed_by", "denied_by", "equipment")
_SQLITE_INDEXES = (
    "CREATE INDEX events_sort ON events (sort_date, event_id)",
    "CREATE INDEX events_pair ON events (pair, type, sort_date, event_id)",
    "CREATE INDEX events_start ON events (date_start, event_id)",
    "CREATE INDEX dyads_pair ON event_dyads (a, b, type)",
    "CREATE INDEX dyads_event ON event_dyads (event_id)",
)


def export_sqlite(db: Path, target: Path) -> float:
    """The store's events as the SQLite file datasette serves; returns the seconds it took.

    Lists become JSON text (as datasette shows them); dates ISO text. Each
    synthetic event has one pair of parties, kept in a `pair` column
    ("AFG-AGO") with an index on (pair, type, sort_date): the best shape for
    datasette's filters, so its pair requests are single index range scans.
    """
    started = time.perf_counter()
    with open_store(db, read_only=True) as store:
        table = store.connection.arrow(_EXPORT_SQL)
        dyads = store.connection.arrow("SELECT event_id, type, directed, a, b FROM event_dyads")
    columns = table.column_names
    rows = table.to_pylist()
    with sqlite3.connect(target) as sqlite:
        sqlite.execute(
            "CREATE TABLE events ("
            + ", ".join(f"{name} {'INTEGER PRIMARY KEY' if i == 0 else ''}".strip()
                        for i, name in enumerate(columns))
            + ")"
        )  # fmt: skip
        placeholders = ", ".join("?" * len(columns))
        sqlite.executemany(
            f"INSERT INTO events VALUES ({placeholders})",
            (
                [
                    json.dumps(row[name]) if name in _LIST_COLUMNS
                    else row[name].isoformat() if hasattr(row[name], "isoformat")
                    else row[name]
                    for name in columns
                ]
                for row in rows
            ),
        )  # fmt: skip
        sqlite.execute("CREATE TABLE event_dyads (event_id INTEGER, type, directed, a, b)")
        sqlite.executemany(
            "INSERT INTO event_dyads VALUES (?, ?, ?, ?, ?)",
            (tuple(row.values()) for row in dyads.to_pylist()),
        )
        for statement in _SQLITE_INDEXES:
            sqlite.execute(statement)
        sqlite.execute("ANALYZE")
    return time.perf_counter() - started


# ------------------------------------------------------------------ the servers


@dataclass(slots=True)
class Server:
    name: str
    process: subprocess.Popen[str]
    base_url: str


def _wait_ready(name: str, process: subprocess.Popen[str], url: str) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    stop_server(process)
    raise RuntimeError(f"no answer from {url} within {SERVER_START_SECONDS:.0f} s")


def start_pactwatch(db: Path) -> Server:
    """A read-only `pactwatch serve` on a free loopback port."""
    env = {key: value for key, value in os.environ.items() if key != "PACTWATCH_TOKEN"}
    process = subprocess.Popen(
        [sys.executable, "-m", "pactwatch.cli", "serve", "--db", str(db), "--host", HOST,
         "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )  # fmt: skip
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+", line)
    if found is None:
        stop_server(process)
        raise RuntimeError(f"pactwatch serve did not print its address: {line!r}")
    _wait_ready("pactwatch serve", process, f"{found.group(0)}/api/health")
    return Server("pactwatch", process, found.group(0))


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_datasette(datasette: Path, sqlite_file: Path) -> Server:
    """datasette serving the SQLite file immutable (`-i`), its default settings otherwise.

    Facet suggestions are off (they would cost datasette queries pactwatch
    does not run) and the time limit is a minute (so the dyads query answers
    instead of failing after datasette's default second).
    """
    port = _free_port()
    process = subprocess.Popen(
        [str(datasette), "serve", "-i", str(sqlite_file), "--host", HOST, "--port", str(port),
         "--setting", "suggest_facets", "off", "--setting", "sql_time_limit_ms", "60000"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )  # fmt: skip
    base_url = f"http://{HOST}:{port}"
    _wait_ready("datasette", process, f"{base_url}/-/versions.json")
    return Server("datasette", process, base_url)


def memory_mib(process: subprocess.Popen[str]) -> dict[str, float]:
    """A running server's resident memory now and at its peak (VmRSS, VmHWM), in MiB."""
    found: dict[str, float] = {}
    try:
        status = Path(f"/proc/{process.pid}/status").read_text(encoding="ascii")
    except OSError:
        return found
    for line in status.splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = int(value.split()[0]) / 1024
    return found


def stop_server(process: subprocess.Popen[str]) -> None:
    """Ctrl+C (uvicorn shuts down gracefully), then kill if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ------------------------------------------------------------------ the requests

Route = Callable[[random.Random], str]


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the comparison: the same question put to both servers."""

    name: str
    pactwatch: Route
    datasette: Route | None = None


def _ds_pair(a: str, b: str, event_type: str) -> dict[str, str]:
    """datasette's filter for the events of a pair (either direction) and a type."""
    return {"pair": f"{min(a, b)}-{max(a, b)}", "type": event_type}


def _ds_events(**params: str) -> str:
    return "/events/events.json?" + urlencode({**params, "_shape": "objects"}, quote_via=quote)


_DS_DYADS = """
select min(a, b) as a, max(a, b) as b, count(*) as total,
    sum(directed and a < b) as n_a_to_b, sum(directed and a > b) as n_b_to_a
from event_dyads group by 1, 2 order by total desc, a, b limit 100
"""


def comparison_rows(probe: Probe, year_key: str) -> list[Row]:
    """The rows of the issue's table, and one of distinct pairs, on both servers."""
    pair = f"country={probe.a}&with={probe.b}&type={probe.event_type}"
    year = "since=2022-01-01&until=2022-12-31"
    return [
        Row(
            "events for a pair and a type, 50 rows",
            lambda _: f"/api/events?{pair}&limit=50",
            lambda _: _ds_events(
                **_ds_pair(probe.a, probe.b, probe.event_type), _sort="sort_date", _size="50"
            ),
        ),
        Row(
            "events in a year, 100 rows at offset 600",
            lambda _: f"/api/events?{year}&limit=100&offset=600",
            lambda _: _ds_events(
                date_start__gte="2022-01-01", date_start__lte="2022-12-31", _sort="date_start",
                _size="100", _next=year_key,
            ),
        ),
        Row(
            "one event (any of 100,000)",
            lambda rng: f"/api/events/{rng.choice(probe.event_ids)}",
            lambda rng: f"/events/events/{rng.choice(probe.event_ids)}.json?_shape=objects",
        ),
        Row("health", lambda _: "/api/health", lambda _: "/-/versions.json"),
        Row(
            "dyads, top 100 pairs",
            lambda _: "/api/dyads?limit=100",
            lambda _: "/events.json?" + urlencode({"sql": _DS_DYADS, "_shape": "objects"}),
        ),
        Row(
            f"events for one of {VARIED_PAIRS} pairs and its type, 50 rows",
            lambda rng: "/api/events?country={}&with={}&type={}&limit=50".format(
                *rng.choice(probe.pairs)
            ),
            lambda rng: _ds_events(
                **_ds_pair(*rng.choice(probe.pairs)), _sort="sort_date", _size="50"
            ),
        ),
    ]  # fmt: skip


def pactwatch_rows(probe: Probe) -> list[Row]:
    """The rest of the dashboard's requests, pactwatch alone."""
    return [
        Row("incidents of a party, 50 rows", lambda _: f"/api/incidents?country={probe.a}"
            "&limit=50"),
        Row("one incident", lambda rng: f"/api/incidents/{rng.choice(probe.incident_ids)}"),
        Row("network", lambda _: "/api/network"),
        Row("timeline of a pair", lambda _: f"/api/timeline?a={probe.a}&b={probe.b}"),
        Row("articles, 50 rows", lambda _: "/api/articles?limit=50"),
        Row(
            "events since 2023, undated left out",
            lambda _: f"/api/events?country={probe.a}&since=2023&limit=100",
        ),
        # 200 pairs x 60 offsets: few pages repeat (a page of a filter already asked).
        Row(
            f"events for one of {VARIED_PAIRS} pairs, 10 rows at any of 60 offsets "
            "(page not cached)",
            lambda rng: "/api/events?country={}&with={}&type={}&limit=10&offset={}".format(
                *rng.choice(probe.pairs), rng.randrange(UNCACHED_OFFSETS)
            ),
        ),
        # A minimum confidence drawn from 1,000 values: nearly every request is a filter
        # the server has never seen (answered from its event index, not its cache).
        Row(
            f"events for one of {VARIED_PAIRS} pairs, a new minimum confidence each time "
            "(uncached)",
            lambda rng: "/api/events?country={}&with={}&type={}&limit=10".format(
                *rng.choice(probe.pairs)
            ) + f"&min_confidence=0.{rng.randrange(1000):03d}",
        ),
        Row(
            f"events for one of {VARIED_PAIRS} pairs with a word of the evidence, a new minimum "
            "confidence each time (uncached)",
            lambda rng: "/api/events?country={}&with={}&type={}&text=Missile&limit=10".format(
                *rng.choice(probe.pairs)
            ) + f"&min_confidence=0.{rng.randrange(1000):03d}",
        ),
    ]  # fmt: skip


def _ids(url: str, key: str) -> list[int]:
    with urllib.request.urlopen(url, timeout=60) as response:
        body = json.loads(response.read())
    rows = body["items"] if "items" in body else body["rows"]
    return [int(row[key]) for row in rows]


def same_rows(servers: list[Server], rows: list[Row]) -> dict[str, bool]:
    """Whether both servers answer the event rows (first two rows) with the same events."""
    checked = {}
    for row in rows[:2]:
        assert row.datasette is not None
        ours = _ids(servers[0].base_url + row.pactwatch(random.Random(SEED)), "event_id")
        theirs = _ids(servers[1].base_url + row.datasette(random.Random(SEED)), "event_id")
        checked[row.name] = bool(ours) and ours == theirs
    return checked


def year_page_key(datasette: Server) -> str:
    """datasette's `_next` key to the 601st event of 2022 (it pages by key, not offset)."""
    url = datasette.base_url + _ds_events(
        date_start__gte="2022-01-01", date_start__lte="2022-12-31", _sort="date_start",
        _size="600",
    )  # fmt: skip
    with urllib.request.urlopen(url, timeout=60) as response:
        return str(json.loads(response.read())["next"])


# ------------------------------------------------------------------ the load


class Connection:
    """One keep-alive HTTP/1.1 connection: a request, then its whole answer."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, int]:
        """(status, body bytes); reconnects if the server closed the connection."""
        for attempt in (1, 2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            assert self.reader is not None and self.writer is not None
            try:
                self.writer.write(
                    f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode()
                )
                return await self._response(self.reader)
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _response(self, reader: asyncio.StreamReader) -> tuple[int, int]:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {
            k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])
        }
        if "content-length" in headers:
            size = int(headers["content-length"])
            await reader.readexactly(size)
        else:  # chunked
            size = 0
            while True:
                chunk = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await reader.readexactly(chunk + 2)
                size += chunk
                if chunk == 0:
                    break
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, size

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass(slots=True)
class Run:
    """Every request of one run: latencies (s), statuses, and the run's length."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0


async def _client(
    base_url: str, route: Route, seed: int, deadline: float, run: Run, at_least: int = 0
) -> None:
    host, port = base_url.removeprefix("http://").split(":")
    connection = Connection(host, int(port))
    rng = random.Random(seed)
    done = 0
    try:
        while time.perf_counter() < deadline or done < at_least:
            done += 1
            started = time.perf_counter()
            try:
                status, _ = await asyncio.wait_for(
                    connection.get(route(rng)), REQUEST_TIMEOUT_SECONDS
                )
            except (OSError, TimeoutError, asyncio.IncompleteReadError):
                status = 0
                connection.close()
            run.latencies.append(time.perf_counter() - started)
            run.errors += status != 200
    finally:
        connection.close()


async def _load(base_url: str, route: Route, clients: int, seconds: float, seed: int) -> Run:
    run = Run()
    # Warm-up: every client connects and asks once, outside the measured window.
    await asyncio.gather(*(_client(base_url, route, seed + i, 0.0, Run(), 1) for i in range(2)))
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(
        *(_client(base_url, route, seed + i, deadline, run) for i in range(clients))
    )
    run.seconds = time.perf_counter() - started
    return run


def load(base_url: str, route: Route, clients: int, seconds: float, seed: int) -> Run:
    return asyncio.run(_load(base_url, route, clients, seconds, seed))


# ------------------------------------------------------------------ figures


@dataclass(frozen=True, slots=True)
class Figures:
    """Medians over the rounds of one row on one server."""

    requests: int
    errors: int
    per_second: float
    p50_ms: float
    p95_ms: float
    rounds: list[dict[str, float]]


def figures(runs: Sequence[Run]) -> Figures:
    per_round = [
        {
            "requests": len(run.latencies),
            "per_second": len(run.latencies) / run.seconds if run.seconds else 0.0,
            "p50_ms": percentile([x * 1000 for x in run.latencies] or [0.0], 0.50),
            "p95_ms": percentile([x * 1000 for x in run.latencies] or [0.0], 0.95),
        }
        for run in runs
    ]
    return Figures(
        requests=sum(len(run.latencies) for run in runs),
        errors=sum(run.errors for run in runs),
        per_second=statistics.median(r["per_second"] for r in per_round),
        p50_ms=statistics.median(r["p50_ms"] for r in per_round),
        p95_ms=statistics.median(r["p95_ms"] for r in per_round),
        rounds=per_round,
    )


@dataclass(slots=True)
class Results:
    info: dict[str, str]
    events: int
    incidents: int
    build_seconds: float
    export_seconds: float
    clients: int
    rounds: int
    run_seconds: float
    probe: dict[str, str]
    compared: dict[str, dict[str, Figures]]
    alone: dict[str, Figures]
    requests: dict[str, dict[str, str]]
    same_rows: dict[str, bool]
    quick: bool
    #: Per server, its resident memory at the end and at its peak, MiB.
    memory: dict[str, dict[str, float]] = field(default_factory=dict)


def _ratio(ours: Figures, theirs: Figures) -> str:
    return f"{ours.per_second / theirs.per_second:,.1f}x" if theirs.per_second else "n/a"


def render_markdown(results: Results) -> str:
    info, probe = results.info, results.probe
    lines = [
        "# Web benchmark: pactwatch's JSON API against datasette, same events, side by side",
        "",
        f"- date: {info['date']}",
        f"- machine: {info['cpu']}, {info['cores']} cores, {info['platform']}",
        f"- Python {info['python']}, DuckDB {info['duckdb']}, datasette {info['datasette']}",
        f"- store: {results.events:,} synthetic events, {results.incidents:,} incidents "
        f"(bulk-loaded in {results.build_seconds:.1f} s; exported to an indexed SQLite file "
        f"for datasette in {results.export_seconds:.1f} s)",
        "- servers: `pactwatch serve` (read-only) and `datasette serve -i` (immutable, "
        "`suggest_facets` off, `sql_time_limit_ms` 60000, otherwise default settings) running "
        "at the same time on 127.0.0.1; each one uvicorn process",
        f"- load: {results.clients} concurrent keep-alive clients in a third process on the same "
        f"2 cores, {results.run_seconds:.0f} s per server and row; {results.rounds} rounds, "
        "alternating which server goes first; figures are medians over the rounds; latency "
        "as the client sees it (queueing included)",
        f"- filter values from the store: pair {probe['a']}–{probe['b']}, type "
        f"{probe['event_type']}; ids drawn at random from every event",
        f"- load average (1/5/15 min) before: {info['load_average_start']}, "
        f"after: {info.get('load_average_end', '?')} (the whole machine: other work included)",
        "",
        "| request | pactwatch req/s | p50 / p95 ms | datasette req/s | p50 / p95 ms "
        "| pactwatch / datasette |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, pair in results.compared.items():
        ours, theirs = pair["pactwatch"], pair["datasette"]
        lines.append(
            f"| {name} | {ours.per_second:,.0f} | {ours.p50_ms:,.1f} / {ours.p95_ms:,.1f} | "
            f"{theirs.per_second:,.0f} | {theirs.p50_ms:,.1f} / {theirs.p95_ms:,.1f} | "
            f"**{_ratio(ours, theirs)}** |"
        )
    lines += [
        "",
        "pactwatch's other endpoints under the same load:",
        "",
        "| request | req/s | p50 ms | p95 ms |",
        "|---|---:|---:|---:|",
    ]
    for name, item in results.alone.items():
        lines.append(
            f"| {name} | {item.per_second:,.0f} | {item.p50_ms:,.1f} | {item.p95_ms:,.1f} |"
        )
    every = [pair["pactwatch"] for pair in results.compared.values()] + list(results.alone.values())
    worst = max(item.p95_ms for item in every)
    slower = [
        name
        for name, pair in results.compared.items()
        if pair["pactwatch"].per_second < pair["datasette"].per_second
    ]
    errors = sum(item.errors for item in every) + sum(
        pair["datasette"].errors for pair in results.compared.values()
    )
    lines += [
        "",
        "## Verdict",
        "",
        f"- at least as fast as datasette on every row: "
        f"**{'met' if not slower else 'not met'}**"
        + (f" (slower: {', '.join(slower)})" if slower else ""),
        f"- p95 under {P95_TARGET_MS:.0f} ms at {results.clients} clients on every pactwatch "
        f"endpoint: **{'met' if worst < P95_TARGET_MS else 'not met'}** (worst p95 "
        f"{worst:,.1f} ms)",
        f"- errors (non-200 answers or failed requests): {errors}",
        "- the same events from both servers: "
        + "; ".join(f"{name}: {'yes' if ok else 'NO'}" for name, ok in results.same_rows.items()),
        "",
        "Repeated requests are served from pactwatch's cache of finished answers (the "
        "read-only store cannot change under the server). A read-only server also indexes "
        "its events in memory when it starts (`store/index.py`: each pair's, party's and "
        "direction's events, the columns the filters test, the orders, and on stores of up to "
        f"{INDEX_ROWS_MAX_EVENTS:,} events every event's list row, actors, articles and "
        "incidents), so a filter it has not seen, one event and one incident cost no "
        "statement. The one-event and one-incident rows draw from every id, so they show the "
        "uncached path. The varied-pair row draws from 200 pairs, so once each has been "
        "answered, pactwatch serves it from the cache (datasette keeps no such cache). The "
        "200 pairs at 60 offsets rarely repeat a page, and the last two rows ask a filter the "
        "server has not seen on nearly every request (the last one with a word of the "
        "evidence): the uncached list path.",
        "",
        "Server memory at the end of the run (resident now / peak, MiB): "
        + "; ".join(
            f"{name} {mib.get('VmRSS', 0):,.0f} / {mib.get('VmHWM', 0):,.0f}"
            for name, mib in results.memory.items()
        )
        + " (pactwatch's includes its answer cache and its event index).",
        "",
        "Requests:",
        "",
    ]
    for name, urls in results.requests.items():
        shown = "; ".join(f"{server}: `{url}`" for server, url in urls.items())
        lines.append(f"- {name}: {shown}")
    if results.quick:
        lines += ["", "_Quick run (`--quick`): short runs, one round; not the figures to quote._"]
    return "\n".join(lines) + "\n"


def render_json(results: Results) -> str:
    return json.dumps(asdict(results), indent=2, ensure_ascii=False) + "\n"


def print_summary(results: Results) -> None:
    for name, pair in results.compared.items():
        ours, theirs = pair["pactwatch"], pair["datasette"]
        print(
            f"{name:<48} pactwatch {ours.per_second:7.0f} req/s p95 {ours.p95_ms:7.1f} ms | "
            f"datasette {theirs.per_second:7.0f} req/s p95 {theirs.p95_ms:7.1f} ms"
        )
    for name, item in results.alone.items():
        print(f"{name:<48} pactwatch {item.per_second:7.0f} req/s p95 {item.p95_ms:7.1f} ms")


# ------------------------------------------------------------------ main


def _datasette_version(datasette: Path) -> str:
    output = subprocess.run(
        [str(datasette), "--version"], capture_output=True, text=True, check=True
    ).stdout
    return output.strip().rsplit(" ", 1)[-1]


def run_benchmark(args: argparse.Namespace) -> int:
    if not args.datasette.exists():
        print(
            f"no datasette at {args.datasette}: `make bench` creates its virtualenv "
            "(or: python3.11 -m venv benchmarks/.venv-datasette && "
            "benchmarks/.venv-datasette/bin/pip install -r benchmarks/datasette-requirements.txt)",
            file=sys.stderr,
        )
        return 2
    info = machine_info()
    info["datasette"] = _datasette_version(args.datasette)
    compared: dict[str, dict[str, list[Run]]] = {}
    alone: dict[str, list[Run]] = {}
    requests: dict[str, dict[str, str]] = {}
    memory: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="pactwatch-bench-web-") as folder:
        db, sqlite_file = Path(folder) / "web.duckdb", Path(folder) / "events.db"
        print(f"building a store of {args.events:,} events ...", file=sys.stderr, flush=True)
        build_seconds = build_store(db, args.events)
        export_seconds = export_sqlite(db, sqlite_file)
        probe = choose_probe(db)
        servers = [start_pactwatch(db), start_datasette(args.datasette, sqlite_file)]
        try:
            rows = comparison_rows(probe, year_page_key(servers[1]))
            others = pactwatch_rows(probe)
            checked = same_rows(servers, rows)
            sample = random.Random(SEED)
            for row in [*rows, *others]:
                requests[row.name] = {"pactwatch": row.pactwatch(sample)}
                if row.datasette is not None:
                    requests[row.name]["datasette"] = row.datasette(sample)
            for number in range(args.rounds):
                order = servers if number % 2 == 0 else servers[::-1]
                print(f"round {number + 1} of {args.rounds} ...", file=sys.stderr, flush=True)
                for row in rows:
                    for server in order:
                        route = row.pactwatch if server.name == "pactwatch" else row.datasette
                        assert route is not None
                        run = load(server.base_url, route, args.clients, args.seconds, SEED)
                        compared.setdefault(row.name, {}).setdefault(server.name, []).append(run)
                for row in others:
                    run = load(servers[0].base_url, row.pactwatch, args.clients, args.seconds, SEED)
                    alone.setdefault(row.name, []).append(run)
        finally:
            for server in servers:
                memory[server.name] = memory_mib(server.process)
                stop_server(server.process)
    info["load_average_end"] = "{:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg())
    results = Results(
        info=info,
        events=probe.events,
        incidents=probe.incidents,
        build_seconds=build_seconds,
        export_seconds=export_seconds,
        clients=args.clients,
        rounds=args.rounds,
        run_seconds=args.seconds,
        probe={"a": probe.a, "b": probe.b, "event_type": probe.event_type},
        compared={
            name: {server: figures(runs) for server, runs in by_server.items()}
            for name, by_server in compared.items()
        },
        alone={name: figures(runs) for name, runs in alone.items()},
        requests=requests,
        same_rows=checked,
        quick=args.quick,
        memory=memory,
    )
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(render_markdown(results), encoding="utf-8")
        json_out = args.out.with_suffix(".json")
        json_out.write_text(render_json(results), encoding="utf-8")
        print(f"wrote {args.out} and {json_out}")
    print_summary(results)
    failed = sum(f.errors for f in results.alone.values()) + sum(
        pair["pactwatch"].errors for pair in results.compared.values()
    )
    return 1 if failed else 0


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, help="markdown report (JSON written beside it)")
    parser.add_argument("--quick", action="store_true", help="one round of short runs")
    parser.add_argument("--events", type=int, default=DEFAULT_EVENTS, help="synthetic events")
    parser.add_argument("--clients", type=int, default=CLIENTS, help="concurrent clients")
    parser.add_argument("--rounds", type=int, help=f"interleaved rounds (default {ROUNDS})")
    parser.add_argument("--seconds", type=float, help="seconds per server and row")
    parser.add_argument("--datasette", type=Path, default=DATASETTE, help="datasette program")
    args = parser.parse_args(argv)
    if args.rounds is None:
        args.rounds = 1 if args.quick else ROUNDS
    if args.seconds is None:
        args.seconds = QUICK_RUN_SECONDS if args.quick else RUN_SECONDS
    for name in ("events", "clients", "rounds"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.seconds <= 0:
        parser.error("--seconds must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    return run_benchmark(_parse_args(argv))


if __name__ == "__main__":
    started = datetime.now()
    status = main()
    print(f"done in {(datetime.now() - started).total_seconds():.0f} s", file=sys.stderr)
    sys.exit(status)
