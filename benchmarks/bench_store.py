"""Store benchmark: ingest throughput, database size and query latency.

Three parts, each in a fresh child process (this script with `--mode`), so
every figure is measured without warm caches from another part and peak
memory is per part:

1. Ingest. A corpus of distinct articles is composed from real text: every
   sentence of the BBC News corpus, the development pages and the samples
   forms the pool, and each article draws 8-25 sentences from it at random
   (fixed seed), including a few of the sentences the extractor reads events
   from, so the store gets events and incidents and not just articles. Each
   article gets a publication date in 2020-2024 and a URL on one of a few dozen
   outlets, and all of them go into one JSON Lines file that `ingest()` reads
   into a fresh DuckDB file. The same file is then ingested again: every
   article is a duplicate, so the second run measures the no-op path.
2. Query latency on that store: median and 95th percentile of repeated runs
   of the `pactwatch events/incidents/dyads/timeline/network` queries, with
   filter values taken from the data (its most reported country and partner).
3. The same queries on a synthetic store of one million events (bulk-loaded
   from Arrow tables, ~50 parties with a Zipf skew, actors, dyads and
   incidents consistent with the events), where the filtered dyad query must
   answer in under a second.

    .venv/bin/python benchmarks/bench_store.py --out benchmarks/results/store.md
    .venv/bin/python benchmarks/bench_store.py --quick   # 500 articles, 100k events
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from pactwatch.actors import load_actor_lexicon
from pactwatch.errors import InputError
from pactwatch.events.lexicon import load_equipment
from pactwatch.ingest import ingest
from pactwatch.models import DIRECTED_TYPES, EVENT_TYPES
from pactwatch.nlp import split_sentences
from pactwatch.pipeline import analyse, prepare_article
from pactwatch.sources import RawDocument, iter_documents
from pactwatch.store import Store, check_integrity, open_store, store_info
from pactwatch.store.connection import Connection
from pactwatch.store.dedupe import signature
from pactwatch.store.incidents import STAGE_ORDER
from pactwatch.store.query import EventFilter, dyads, events, incidents, network, timeline

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
BBC_CORPUS = SHARED / "corpus" / "bbc-news"
DEV_ARTICLES = SHARED / "acceptance" / "dev" / "articles"
SAMPLES = REPO / "samples"
MODES: tuple[str, ...] = ("ingest", "queries", "synthetic")

#: The issue's targets: a store of this many articles, and the filtered dyad
#: query on a million events answering within this many seconds (95th percentile).
TARGET_ARTICLES = 10_000
TARGET_DYAD_SECONDS = 1.0
#: The throughput issue's target: the filtered dyad query on a million events, median, ms.
TARGET_DYAD_MEDIAN_MS = 100.0
DEFAULT_EVENTS = 1_000_000
QUICK_ARTICLES = 500
QUICK_EVENTS = 100_000

SEED = 20_240_101
#: Sentences per generated article, and how many of them are defence sentences
#: (weights for 0, 1, 2, 3): most news mentions defence in passing or not at all.
MIN_SENTENCES, MAX_SENTENCES = 8, 25
DEFENCE_SENTENCE_WEIGHTS = (3, 4, 2, 1)
#: Pool sentences must look like prose, not captions, bylines or headings.
MIN_POOL_WORDS, MAX_POOL_WORDS = 6, 80
FIRST_DAY, LAST_DAY = date(2020, 1, 1), date(2024, 12, 31)
#: Outlet hosts are every "<adjective><noun>.example" (a reserved domain): 36 of them.
OUTLET_ADJECTIVES = ("daily", "global", "world", "evening", "national", "coastal")
OUTLET_NOUNS = ("herald", "times", "post", "tribune", "observer", "monitor")

#: Each query's first run is reported on its own (cold caches); then it runs up
#: to QUERY_RUNS times for the median and p95, stopping early (after at least
#: MIN_QUERY_RUNS) once it has used QUERY_BUDGET_SECONDS, so listing a large
#: share of a million events cannot stretch the benchmark by many minutes.
QUERY_RUNS = 20
MIN_QUERY_RUNS = 5
QUERY_BUDGET_SECONDS = 20.0
#: The substring `--text` searches for, and the window of `--since/--until`.
QUERY_TEXT = "missile"
QUERY_SINCE, QUERY_UNTIL = date(2022, 1, 1), date(2022, 12, 31)

#: Synthetic store: parties, how steeply their frequency falls with rank
#: (Zipf exponent), events per article, and the share of events with a known date.
SYNTHETIC_COUNTRIES = 50
COUNTRY_SKEW = 1.1
TYPE_SKEW = 0.7
EVENTS_PER_ARTICLE = 4
DATED_SHARE = 0.7
EQUIPMENT_SHARE = 0.5
STAGE_WEIGHTS = {"offered": 1, "requested": 1, "planned": 3, "agreed": 3, "occurred": 6}
CERTAINTY_WEIGHTS = {"stated": 85, "claimed": 12, "denied": 3}
SYNTHETIC_VERSION = "synthetic"

#: Fed through the pipeline before the ingest clock starts, so spaCy, the
#: lexicons and MinHash are loaded outside it.
WARM_UP_TEXT = (
    "Germany agreed on Monday to supply Leopard tanks to Poland, the defence ministry said. "
    "Officials in Berlin and Warsaw said the two armies would hold joint exercises next year."
)

_WORDS = re.compile(r"[a-z0-9]+")
_SENTENCE_END = re.compile(r"""[.!?]["'”’)]*$""")


# ------------------------------------------------------------------ corpus


@dataclass(frozen=True, slots=True)
class SentencePool:
    """Real sentences to compose articles from; `defence` are the ones events are read from."""

    filler: tuple[str, ...]
    defence: tuple[str, ...]


@dataclass(slots=True)
class CorpusInfo:
    """What the generated input holds."""

    articles: int
    filler_sentences: int
    defence_sentences: int
    outlets: int
    megabytes: float
    seconds: float


def _normalised(text: str) -> str:
    return " ".join(text.split())


def _is_prose(sentence: str) -> bool:
    """A sentence worth reusing: long enough, not too long, ending like a sentence."""
    words = len(sentence.split())
    return MIN_POOL_WORDS <= words <= MAX_POOL_WORDS and bool(_SENTENCE_END.search(sentence))


def _documents(folders: Sequence[Path]) -> Iterator[RawDocument]:
    for item in iter_documents(folders):
        if not isinstance(item, InputError):
            yield item


def _sentences(text: str) -> list[str]:
    return [_normalised(text[start:end]) for start, end in split_sentences(text)]


def sentence_pool(plain: Sequence[Path], defence_sources: Sequence[Path]) -> SentencePool:
    """Every prose sentence of the sources; event evidence sentences set apart.

    The extractor is run over `defence_sources` (the development pages and the
    samples) and the sentences it reads events from become the defence pool, so
    the generated articles carry events without any list of sentences in code.
    """
    defence: dict[str, None] = {}
    filler: dict[str, None] = {}
    for doc in _documents(defence_sources):
        article, _ = prepare_article(doc)
        for event in analyse(article).events:
            defence.setdefault(_normalised(event.evidence.sentence), None)
        filler.update(dict.fromkeys(_sentences(article.text)))
    for doc in _documents(plain):
        filler.update(dict.fromkeys(_sentences(doc.body)))
    return SentencePool(
        filler=tuple(s for s in filler if _is_prose(s) and s not in defence),
        defence=tuple(defence),
    )


def outlet_hosts() -> list[str]:
    return [
        f"{adjective}{noun}.example" for adjective in OUTLET_ADJECTIVES for noun in OUTLET_NOUNS
    ]


def _paragraphs(rng: random.Random, sentences: list[str]) -> str:
    """Sentences grouped into paragraphs of one to four, as news pages lay them out."""
    paragraphs: list[str] = []
    start = 0
    while start < len(sentences):
        size = rng.randint(1, 4)
        paragraphs.append(" ".join(sentences[start : start + size]))
        start += size
    return "\n\n".join(paragraphs)


def _slug(sentence: str) -> str:
    return "-".join(_WORDS.findall(sentence.lower())[:6]) or "story"


def compose_article(
    rng: random.Random, pool: SentencePool, number: int, hosts: Sequence[str]
) -> dict[str, str]:
    """One JSON Lines record: random real sentences, a date in 2020-2024, an outlet URL."""
    size = rng.randint(MIN_SENTENCES, MAX_SENTENCES)
    counts = range(len(DEFENCE_SENTENCE_WEIGHTS))
    wanted = rng.choices(counts, weights=DEFENCE_SENTENCE_WEIGHTS)[0]
    defence = rng.sample(pool.defence, min(wanted, len(pool.defence)))
    sentences = defence + rng.sample(pool.filler, size - len(defence))
    rng.shuffle(sentences)
    published = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    # A Zipf-like share per outlet: a few big outlets publish most stories.
    host = rng.choices(hosts, weights=[1 / rank for rank in range(1, len(hosts) + 1)])[0]
    url = f"https://www.{host}/{published:%Y/%m}/{_slug(sentences[0])}-{number}"
    return {
        "id": f"bench-{number:06d}",
        "text": _paragraphs(rng, sentences),
        "published": published.isoformat(),
        "url": url,
    }


def write_corpus(path: Path, articles: int, seed: int) -> tuple[CorpusInfo, SentencePool]:
    """Write `articles` distinct generated articles to a JSON Lines file."""
    started = time.perf_counter()
    pool = sentence_pool([BBC_CORPUS], [DEV_ARTICLES, SAMPLES])
    if len(pool.filler) < MAX_SENTENCES or not pool.defence:
        raise SystemExit(f"too few sentences to compose articles from under {SHARED}")
    rng = random.Random(seed)
    hosts = outlet_hosts()
    seen: set[str] = set()
    with path.open("w", encoding="utf-8") as handle:
        number = 0
        while number < articles:
            record = compose_article(rng, pool, number, hosts)
            digest = hashlib.sha256(record["text"].encode()).hexdigest()
            if digest in seen:  # practically never: draw again rather than repeat a text
                continue
            seen.add(digest)
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            number += 1
    info = CorpusInfo(
        articles=articles,
        filler_sentences=len(pool.filler),
        defence_sentences=len(pool.defence),
        outlets=len(hosts),
        megabytes=path.stat().st_size / 1e6,
        seconds=time.perf_counter() - started,
    )
    return info, pool


# ------------------------------------------------------------------ child: ingest


def _peak_rss_mib() -> float:
    """This process's RSS high-water mark (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


@dataclass(slots=True)
class IngestResult:
    """What one ingest run did and how long it took."""

    articles: int = 0
    new: int = 0
    duplicate: int = 0
    near_duplicate: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    incidents_new: int = 0
    load_seconds: float = 0.0
    run_seconds: float = 0.0
    peak_rss_mib: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.run_seconds if self.run_seconds else 0.0

    @property
    def events_per_second(self) -> float:
        return self.events / self.run_seconds if self.run_seconds else 0.0


def _warm_up() -> float:
    """Load spaCy, the lexicons and MinHash; return the seconds it took."""
    started = time.perf_counter()
    doc = RawDocument(id="warm-up", body=WARM_UP_TEXT, is_html=False, path="warm-up")
    article, _ = prepare_article(doc)
    analyse(article)
    signature(article.text)
    return time.perf_counter() - started


def _progress_printer(started: float, every: int = 1_000) -> Callable[[object], None]:
    done = 0

    def report(_: object) -> None:
        nonlocal done
        done += 1
        if done % every == 0:
            rate = done / (time.perf_counter() - started)
            print(f"  ingested {done:,} articles ({rate:.1f}/s)", file=sys.stderr, flush=True)

    return report


def run_ingest(db: Path, source: Path) -> IngestResult:
    """Ingest `source` into `db`; the clock runs until the file is closed (checkpointed)."""
    load_seconds = _warm_up()
    started = time.perf_counter()
    with open_store(db) as store:
        summary = ingest(store, [source], progress=_progress_printer(started))
    return IngestResult(
        articles=summary.articles,
        new=summary.new,
        duplicate=summary.duplicate,
        near_duplicate=summary.near_duplicate,
        skipped=summary.skipped,
        failed=summary.failed,
        events=summary.events,
        incidents_new=summary.incidents_new,
        load_seconds=load_seconds,
        run_seconds=time.perf_counter() - started,
        peak_rss_mib=_peak_rss_mib(),
        failures=summary.failures[:5],
    )


# ------------------------------------------------------------------ child: queries


@dataclass(frozen=True, slots=True)
class Probe:
    """Filter values taken from the data, so every query has rows to find."""

    country: str
    partner: str
    type: str
    stage: str

    @property
    def focused(self) -> EventFilter:
        """'What has <country> done with <partner> of <type> since 2022?'."""
        return EventFilter(
            country=self.country,
            with_country=self.partner,
            types=(self.type,),
            since=QUERY_SINCE,
        )


def _one(store: Store, sql: str, params: Sequence[object] = ()) -> str | None:
    row = store.connection.execute(sql, list(params)).fetchone()
    return None if row is None else str(row[0])


def choose_probe(store: Store) -> Probe | None:
    """The most reported party, its most frequent partner and their most frequent type."""
    country = _one(
        store,
        """SELECT code FROM (SELECT a AS code FROM event_dyads UNION ALL
                             SELECT b FROM event_dyads)
           GROUP BY code ORDER BY count(*) DESC, code LIMIT 1""",
    )
    if country is None:
        return None
    partner = _one(
        store,
        """SELECT CASE WHEN a = ? THEN b ELSE a END AS other FROM event_dyads
           WHERE a = ? OR b = ? GROUP BY other ORDER BY count(*) DESC, other LIMIT 1""",
        [country] * 3,
    )
    event_type = _one(
        store,
        """SELECT type FROM event_dyads WHERE (a = ? AND b = ?) OR (a = ? AND b = ?)
           GROUP BY type ORDER BY count(*) DESC, type LIMIT 1""",
        [country, partner, partner, country],
    )
    stage = _one(store, "SELECT stage FROM events GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
    if partner is None or event_type is None or stage is None:
        return None
    return Probe(country, partner, event_type, stage)


@dataclass(frozen=True, slots=True)
class Query:
    """One CLI-equivalent query; `run` returns its row count. `targeted` ones must be < 1 s."""

    name: str
    run: Callable[[Store], int]
    targeted: bool = False


def _events(flt: EventFilter, limit: int | None = None) -> Callable[[Store], int]:
    return lambda store: events(store, flt, limit=limit).num_rows


def query_plan(probe: Probe) -> list[Query]:
    """The issue's filters, one at a time, then the focused dyad questions and the views."""
    c, p, t, s = probe.country, probe.partner, probe.type, probe.stage
    pair = EventFilter(country=c, with_country=p)
    focused = f"--country {c} --with {p} --type {t} --since {QUERY_SINCE}"
    window = EventFilter(since=QUERY_SINCE, until=QUERY_UNTIL)
    return [
        Query(f"events --country {c}", _events(EventFilter(country=c))),
        Query(f"events --country {c} --limit 100", _events(EventFilter(country=c), 100)),
        Query(f"events --country {c} --with {p}", _events(pair)),
        Query(f"events --type {t}", _events(EventFilter(types=(t,)))),
        Query(f"events --stage {s}", _events(EventFilter(stages=(s,)))),
        Query("events --certainty claimed", _events(EventFilter(certainties=("claimed",)))),
        Query(f"events --since {QUERY_SINCE} --until {QUERY_UNTIL}", _events(window)),
        Query(f"events --text {QUERY_TEXT}", _events(EventFilter(text=QUERY_TEXT))),
        Query(f"events {focused}", _events(probe.focused), targeted=True),
        Query(f"incidents --country {c} --with {p}", lambda st: incidents(st, pair).num_rows),
        Query("dyads", lambda st: dyads(st).num_rows),
        Query(f"dyads {focused}", lambda st: dyads(st, probe.focused).num_rows, targeted=True),
        Query(f"timeline {c} {p}", lambda st: timeline(st, c, p).num_rows),
        Query("network", lambda st: network(st).edges.num_rows),
    ]


@dataclass(slots=True)
class QueryTiming:
    """Latency of one query in milliseconds: its first run, then median and p95 of the rest."""

    name: str
    rows: int
    first_ms: float
    median_ms: float
    p95_ms: float
    runs: int
    targeted: bool


def percentile(samples: Sequence[float], share: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least `share` of them at or below."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def time_query(store: Store, query: Query) -> QueryTiming:
    started = time.perf_counter()
    rows = query.run(store)
    first = time.perf_counter() - started
    samples: list[float] = []
    deadline = time.perf_counter() + QUERY_BUDGET_SECONDS
    while len(samples) < QUERY_RUNS and (
        len(samples) < MIN_QUERY_RUNS or time.perf_counter() < deadline
    ):
        started = time.perf_counter()
        query.run(store)
        samples.append(time.perf_counter() - started)
    return QueryTiming(
        name=query.name,
        rows=rows,
        first_ms=first * 1000,
        median_ms=statistics.median(samples) * 1000,
        p95_ms=percentile(samples, 0.95) * 1000,
        runs=len(samples),
        targeted=query.targeted,
    )


@dataclass(slots=True)
class QueryReport:
    """The latencies measured on one store, and the filter values they used."""

    probe: dict[str, str] | None
    timings: list[QueryTiming]
    peak_rss_mib: float = 0.0
    #: The machine's load average (1/5/15 min) when the queries started and ended.
    load_average: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QueryReport:
        timings = [QueryTiming(**row) for row in data["timings"]]
        return cls(data["probe"], timings, data["peak_rss_mib"], data.get("load_average", ""))


def run_queries(db: Path) -> QueryReport:
    """Open the store read-only, as the query commands do, and time every query."""
    before = _load_average()
    with open_store(db, read_only=True) as store:
        probe = choose_probe(store)
        timings = [] if probe is None else [time_query(store, q) for q in query_plan(probe)]
    load = f"{before} at the start, {_load_average()} at the end"
    return QueryReport(None if probe is None else asdict(probe), timings, _peak_rss_mib(), load)


# ------------------------------------------------------------------ child: synthetic store


@dataclass(frozen=True, slots=True)
class SyntheticSpec:
    """What the synthetic store is made of: size, parties by rank, evidence sentences."""

    events: int
    countries: list[str]
    evidence: list[str]
    seed: int = SEED
    #: How many of `countries` (by rank) take part; the dashboard tests use more.
    max_countries: int = SYNTHETIC_COUNTRIES


@dataclass(slots=True)
class SyntheticResult:
    """The synthetic store's size, how long it took to build, and its query latencies."""

    events: int
    articles: int
    incidents: int
    dyads: int
    actors: int
    countries: int
    build_seconds: float
    check_seconds: float
    integrity_problems: int
    size_bytes: int
    queries: QueryReport

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SyntheticResult:
        return cls(**{**data, "queries": QueryReport.from_dict(data["queries"])})


IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def zipf_weights(count: int, exponent: float) -> FloatArray:
    """Probabilities falling as 1 / rank**exponent, summing to one."""
    weights = 1.0 / np.arange(1, count + 1, dtype=np.float64) ** exponent
    normalised: FloatArray = weights / weights.sum()
    return normalised


def _strings(values: Sequence[str], index: IntArray) -> pa.Array:
    return pa.array(values, pa.string()).take(pa.array(index))


def _lists(mask: BoolArray, values: pa.Array) -> pa.Array:
    """A list per row: [value] where `mask`, [] elsewhere (no per-row Python objects)."""
    offsets = np.concatenate([[0], np.cumsum(mask)]).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), values.filter(pa.array(mask)))


def _dates(days: IntArray, valid: BoolArray | None = None) -> pa.Array:
    """Days after FIRST_DAY as a date column, NULL where not `valid`."""
    mask = None if valid is None else ~valid
    return pa.array(_calendar_days(days), pa.date32(), mask=mask)


def _calendar_days(days: IntArray) -> npt.NDArray[np.datetime64]:
    epoch = np.datetime64(FIRST_DAY.isoformat(), "D")
    calendar: npt.NDArray[np.datetime64] = epoch + days.astype("timedelta64[D]")
    return calendar


@dataclass(frozen=True, slots=True)
class SyntheticParties:
    """Per event: type index and the two party indices (source and target if directed)."""

    types: IntArray
    first: IntArray
    second: IntArray
    directed: BoolArray


def _draw_parties(rng: np.random.Generator, events: int, weights: FloatArray) -> SyntheticParties:
    """Types and party pairs with the skew of real reporting; never a party with itself."""
    types = rng.choice(len(EVENT_TYPES), size=events, p=zipf_weights(len(EVENT_TYPES), TYPE_SKEW))
    first = rng.choice(len(weights), size=events, p=weights)
    second = rng.choice(len(weights), size=events, p=weights)
    clash = first == second
    shift = rng.integers(1, len(weights), size=int(clash.sum()))
    second[clash] = (second[clash] + shift) % len(weights)
    directed = np.isin(types, [EVENT_TYPES.index(name) for name in DIRECTED_TYPES])
    # Undirected pairs are stored sorted (a < b), as the ingest stores them.
    low, high = np.minimum(first, second), np.maximum(first, second)
    return SyntheticParties(
        types=types,
        first=np.where(directed, first, low),
        second=np.where(directed, second, high),
        directed=directed,
    )


def _incident_ids(parties: SyntheticParties, published: IntArray, countries: int) -> IntArray:
    """One incident per (type, parties, month of publication): dense ids from 1."""
    month = _calendar_days(published).astype("datetime64[M]").astype(np.int64)
    month -= month.min()
    key = (parties.types * countries + parties.first) * countries + parties.second
    key = key * (int(month.max()) + 1) + month
    _, inverse = np.unique(key, return_inverse=True)
    ids: IntArray = inverse.astype(np.int64) + 1
    return ids


def _choice(rng: np.random.Generator, weights: dict[str, int], size: int) -> IntArray:
    shares = np.asarray(list(weights.values()), dtype=np.float64)
    picked: IntArray = rng.choice(len(weights), size=size, p=shares / shares.sum())
    return picked


def _article_table(rng: np.random.Generator, articles: int) -> tuple[pa.Table, IntArray]:
    """Article ids, publication days and outlets; the rest is derived in SQL."""
    span = (LAST_DAY - FIRST_DAY).days + 1
    published = rng.integers(0, span, size=articles)
    hosts = outlet_hosts()
    outlet = rng.choice(len(hosts), size=articles, p=zipf_weights(len(hosts), 1.0))
    table = pa.table(
        {
            "article_id": pa.array(np.arange(1, articles + 1)),
            "published": _dates(published),
            "outlet": _strings(hosts, outlet),
        }
    )
    return table, published


def synthetic_tables(
    rng: np.random.Generator, spec: SyntheticSpec, codes: list[str], weights: FloatArray
) -> tuple[pa.Table, pa.Table, pa.Table]:
    """The articles, events and (event, parties) tables of the synthetic store."""
    n = spec.events
    article_table, article_days = _article_table(rng, max(1, n // EVENTS_PER_ARTICLE))
    article_of = np.sort(rng.integers(0, article_table.num_rows, size=n))
    published = article_days[article_of]
    parties = _draw_parties(rng, n, weights)
    dated = rng.random(n) < DATED_SHARE
    start = np.maximum(published - rng.integers(0, 30, size=n), 0)
    evidence = rng.integers(0, len(spec.evidence), size=n)
    lengths = np.asarray([len(sentence) for sentence in spec.evidence])
    equipment_terms = sorted(load_equipment().terms)
    certainty = _choice(rng, CERTAINTY_WEIGHTS, n)
    first_codes = _strings(codes, parties.first)
    second_codes = _strings(codes, parties.second)
    type_names = _strings(EVENT_TYPES, parties.types)
    event_ids = pa.array(np.arange(1, n + 1))
    event_rows = pa.table(
        {
            "event_id": event_ids,
            "article_id": pa.array(article_of + 1),
            "incident_id": pa.array(_incident_ids(parties, published, len(codes))),
            "type": type_names,
            "stage": _strings(list(STAGE_WEIGHTS), _choice(rng, STAGE_WEIGHTS, n)),
            "certainty": _strings(list(CERTAINTY_WEIGHTS), certainty),
            "claimed_by": _lists(certainty == 1, first_codes),
            "denied_by": _lists(certainty == 2, second_codes),
            "equipment": _lists(
                rng.random(n) < EQUIPMENT_SHARE,
                _strings(equipment_terms, rng.integers(0, len(equipment_terms), size=n)),
            ),
            "published": _dates(published),
            "date_start": _dates(start, dated),
            "date_end": _dates(start, dated),
            "date_precision": pa.array(np.where(dated, "day", "unknown")),
            "evidence": _strings(spec.evidence, evidence),
            "evidence_start": pa.array(np.zeros(n, dtype=np.int32)),
            "evidence_end": pa.array(lengths[evidence].astype(np.int32)),
            "confidence": pa.array(rng.uniform(0.5, 1.0, size=n)),
            "rule": pa.array(np.char.add(np.asarray(EVENT_TYPES)[parties.types], ".synthetic")),
            "trigger": pa.array(np.full(n, SYNTHETIC_VERSION)),
            "extractor_version": pa.array(np.full(n, SYNTHETIC_VERSION)),
        }
    )
    pairs = pa.table(
        {
            "event_id": event_ids,
            "type": type_names,
            "directed": pa.array(parties.directed),
            "a": first_codes,
            "b": second_codes,
        }
    )
    return article_table, event_rows, pairs


_LOAD_SQL = (
    """INSERT INTO articles
       SELECT article_id, 'synthetic-' || article_id, 'synthetic-' || article_id,
           'synthetic.jsonl:' || article_id,
           'https://www.' || outlet || strftime(published, '/%Y/%m/story-') || article_id,
           outlet, NULL, published, 'json', 'synthetic article ' || article_id, FALSE,
           'synthetic article ' || article_id, article_id, NULL, 'original', NULL,
           'synthetic', now()::TIMESTAMP
       FROM article_rows""",
    "INSERT INTO events BY NAME SELECT * FROM event_rows",
    "INSERT INTO event_dyads BY NAME SELECT * FROM pair_rows",
    """INSERT INTO event_actors
       SELECT event_id, 0, CASE WHEN directed THEN 'source' ELSE 'participant' END, a, a,
           'state', NULL, NULL, NULL, NULL FROM pair_rows
       UNION ALL
       SELECT event_id, 1, CASE WHEN directed THEN 'target' ELSE 'participant' END, b, b,
           'state', NULL, NULL, NULL, NULL FROM pair_rows""",
)

#: Incidents aggregated from their events, as the ingest's refresh computes them.
_INCIDENTS_SQL = """
INSERT INTO incidents
SELECT e.incident_id, any_value(e.type),
    any_value(d.a || CASE WHEN d.directed THEN '>' ELSE '+' END || d.b),
    any_value(CASE WHEN d.directed THEN [d.a] ELSE []::VARCHAR[] END),
    any_value(CASE WHEN d.directed THEN [d.b] ELSE []::VARCHAR[] END),
    any_value(list_sort([d.a, d.b])),
    arg_max(e.stage, list_position(?::VARCHAR[], e.stage)),
    min(e.date_start), max(e.date_end),
    list_sort(list_distinct(flatten(list(e.equipment)))),
    min(e.published), max(e.published),
    count(*), count(DISTINCT e.article_id), count(DISTINCT a.outlet),
    list_sort(list_distinct(flatten(list(e.claimed_by)))),
    list_sort(list_distinct(flatten(list(e.denied_by)))),
    bool_or(e.certainty = 'denied') AND bool_or(e.certainty <> 'denied')
FROM events e
JOIN event_dyads d ON d.event_id = e.event_id
JOIN articles a ON a.article_id = e.article_id
GROUP BY e.incident_id
"""


def build_synthetic(db: Path, spec: SyntheticSpec) -> None:
    """Create the store with the real schema and bulk-load it in one transaction."""
    rng = np.random.default_rng(spec.seed)
    # Alphabetical order makes index order string order, so sorted pairs are a < b.
    ranked = spec.countries[: spec.max_countries]
    codes = sorted(ranked)
    by_rank = zipf_weights(len(ranked), COUNTRY_SKEW)
    weights = np.asarray([by_rank[ranked.index(code)] for code in codes])
    article_rows, event_rows, pair_rows = synthetic_tables(rng, spec, codes, weights)
    with open_store(db) as store, store.transaction():
        # DuckDB's own API (register Arrow tables), on the session the transaction holds.
        connection = store.connection.claim.raw
        connection.register("article_rows", article_rows)
        connection.register("event_rows", event_rows)
        connection.register("pair_rows", pair_rows)
        for statement in _LOAD_SQL:
            connection.execute(statement)
        connection.execute(_INCIDENTS_SQL, [list(STAGE_ORDER)])
        for name in ("article_rows", "event_rows", "pair_rows"):
            connection.unregister(name)


def _count(connection: Connection, table: str) -> int:
    row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def run_synthetic(db: Path, spec: SyntheticSpec) -> SyntheticResult:
    """Build the synthetic store, check its integrity, then time the queries on it."""
    started = time.perf_counter()
    build_synthetic(db, spec)
    build_seconds = time.perf_counter() - started
    with open_store(db, read_only=True) as store:
        started = time.perf_counter()
        problems = sum(check.problems for check in check_integrity(store))
        check_seconds = time.perf_counter() - started
        counts = {
            name: _count(store.connection, name)
            for name in ("events", "articles", "incidents", "event_dyads", "event_actors")
        }
    queries = run_queries(db)
    return SyntheticResult(
        events=counts["events"],
        articles=counts["articles"],
        incidents=counts["incidents"],
        dyads=counts["event_dyads"],
        actors=counts["event_actors"],
        countries=min(len(spec.countries), spec.max_countries),
        build_seconds=build_seconds,
        check_seconds=check_seconds,
        integrity_problems=problems,
        size_bytes=_file_size(db),
        queries=queries,
    )


def country_ranking(db: Path, count: int) -> list[str]:
    """Parties by how often the ingested store reports them, padded with lexicon states."""
    with open_store(db, read_only=True) as store:
        rows = store.connection.execute(
            """SELECT code FROM (SELECT a AS code FROM event_dyads UNION ALL
                                 SELECT b FROM event_dyads)
               GROUP BY code ORDER BY count(*) DESC, code"""
        ).fetchall()
    ranked = [str(row[0]) for row in rows][:count]
    states = sorted(c for c, e in load_actor_lexicon().entries.items() if e.kind == "state")
    ranked += [code for code in states if code not in ranked][: count - len(ranked)]
    return ranked


# ------------------------------------------------------------------ parent: run and report


def _spawn(mode: str, arguments: list[str], scratch: Path) -> dict[str, Any]:
    """Run one part in a fresh interpreter and read back its JSON."""
    out = scratch / f"{mode}-{time.monotonic_ns()}.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--mode", mode, "--json", str(out)]
    print(f"running {mode} ...", file=sys.stderr, flush=True)
    subprocess.run([*command, *arguments], check=True)
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def _ingest_result(data: dict[str, Any]) -> IngestResult:
    return IngestResult(**data)


def _ingest_dict(result: IngestResult) -> dict[str, Any]:
    data = asdict(result)
    data["articles_per_second"] = round(result.articles_per_second, 2)
    data["events_per_second"] = round(result.events_per_second, 2)
    return data


@dataclass(slots=True)
class StoreFacts:
    """The ingested store after the first run: what it holds and its size on disk."""

    counts: dict[str, int]
    size_bytes: int
    #: A new file holding only the schema, for scale: small stores are mostly this.
    empty_bytes: int

    @property
    def stored_articles(self) -> int:
        return self.counts.get("articles", 0)

    @property
    def kib_per_1000_articles(self) -> float:
        articles = self.stored_articles
        return self.size_bytes / 1024 / articles * 1000 if articles else 0.0


def _file_size(db: Path) -> int:
    """The database file plus its write-ahead log, if one was left."""
    wal = db.with_name(db.name + ".wal")
    return db.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def store_facts(db: Path, empty: Path) -> StoreFacts:
    with open_store(db, read_only=True) as store:
        info = store_info(store)
    with open_store(empty):
        pass
    return StoreFacts(counts=info.counts, size_bytes=_file_size(db), empty_bytes=_file_size(empty))


@dataclass(slots=True)
class Verdict:
    target: str
    met: bool | None  # None: not checked in this run
    detail: str

    @property
    def word(self) -> str:
        return {True: "met", False: "MISSED", None: "not checked"}[self.met]


@dataclass(slots=True)
class Results:
    """Everything the benchmark measured, for the markdown and JSON reports."""

    info: dict[str, str]
    corpus: CorpusInfo
    first: IngestResult
    again: IngestResult
    facts: StoreFacts
    queries: QueryReport
    synthetic: SyntheticResult
    verdicts: list[Verdict]
    quick: bool


def _targeted_median(report: QueryReport) -> float:
    """The slowest median among the filtered dyad queries, in ms."""
    return max(
        (t.median_ms for t in report.timings if t.targeted and t.name.startswith("dyads")),
        default=math.inf,
    )


def _targeted_worst(report: QueryReport) -> float:
    """The slowest p95 among the queries the 1-second target applies to, in seconds."""
    return max((t.p95_ms for t in report.timings if t.targeted), default=math.inf) / 1000


def verdicts(
    quick: bool, first: IngestResult, again: IngestResult, facts: StoreFacts, syn: SyntheticResult
) -> list[Verdict]:
    stored = facts.stored_articles
    worst = _targeted_worst(syn.queries)
    median = _targeted_median(syn.queries)
    return [
        Verdict(
            f"at least {TARGET_ARTICLES:,} articles ingested",
            None if quick else stored >= TARGET_ARTICLES and first.failed == 0,
            f"{stored:,} articles stored, {first.failed} failed",
        ),
        Verdict(
            "re-ingesting the same input changes nothing",
            again.duplicate == again.articles and again.events == 0,
            f"{again.duplicate:,} of {again.articles:,} articles were duplicates, "
            f"{again.events} events added",
        ),
        Verdict(
            f"filtered dyad query on {syn.events:,} synthetic events < {TARGET_DYAD_SECONDS:g} s",
            None if quick else syn.events >= DEFAULT_EVENTS and worst < TARGET_DYAD_SECONDS,
            f"slowest p95 of the filtered dyad queries: {worst * 1000:.0f} ms",
        ),
        Verdict(
            f"filtered dyad query on {syn.events:,} synthetic events, median "
            f"< {TARGET_DYAD_MEDIAN_MS:g} ms",
            None if quick else syn.events >= DEFAULT_EVENTS and median < TARGET_DYAD_MEDIAN_MS,
            f"median {median:.1f} ms; load average {syn.queries.load_average}",
        ),
        Verdict(
            "synthetic store passes `db check`",
            syn.integrity_problems == 0,
            f"{syn.integrity_problems} rows break an invariant",
        ),
    ]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def machine_info() -> dict[str, str]:
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "duckdb": metadata.version("duckdb"),
        "load_average_start": _load_average(),
    }


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f}"


def _ingest_table(results: Results) -> list[str]:
    first, again, facts = results.first, results.again, results.facts
    rows = [
        ("articles in the input", f"{first.articles:,}"),
        (
            "stored: new / near-duplicate / skipped / failed",
            f"{first.new:,} / {first.near_duplicate} / {first.skipped} / {first.failed}",
        ),
        ("events stored", f"{facts.counts.get('events', 0):,}"),
        ("incidents", f"{facts.counts.get('incidents', 0):,}"),
        ("dyad rows", f"{facts.counts.get('dyads', 0):,}"),
        ("load time (spaCy, lexicons, MinHash), s", f"{first.load_seconds:.1f}"),
        ("ingest wall time, s", f"{first.run_seconds:.1f}"),
        ("**articles/s**", f"**{first.articles_per_second:.1f}**"),
        ("events/s", f"{first.events_per_second:.1f}"),
        ("peak memory (RSS high-water mark), MiB", f"{first.peak_rss_mib:.0f}"),
        ("database file, MiB", _mib(facts.size_bytes)),
        ("(a new, empty store file, MiB)", _mib(facts.empty_bytes)),
        (
            "**database size per 1,000 articles, MiB**",
            f"**{facts.kib_per_1000_articles / 1024:.2f}**",
        ),
        (
            "re-ingest of the same input (all duplicates), s",
            f"{again.run_seconds:.1f} ({again.articles_per_second:.0f} articles/s)",
        ),
    ]
    return ["| | |", "|---|---:|", *(f"| {name} | {value} |" for name, value in rows)]


def _latency_table(report: QueryReport) -> list[str]:
    if not report.timings:
        return ["No events stored, so no queries were timed."]
    lines = [
        "| query | rows | first, ms | median, ms | p95, ms | runs |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for t in report.timings:
        bold = "**" if t.targeted else ""  # the queries the 1-second target applies to
        lines.append(
            f"| {bold}`{t.name}`{bold} | {t.rows:,} | {t.first_ms:.1f} | "
            f"{bold}{t.median_ms:.1f}{bold} | {bold}{t.p95_ms:.1f}{bold} | {t.runs} |"
        )
    return lines


def _synthetic_table(syn: SyntheticResult) -> list[str]:
    rows = [
        ("events", f"{syn.events:,}"),
        ("articles", f"{syn.articles:,}"),
        ("incidents", f"{syn.incidents:,}"),
        ("dyad rows / actor rows", f"{syn.dyads:,} / {syn.actors:,}"),
        ("parties (Zipf skew)", f"{syn.countries} (exponent {COUNTRY_SKEW})"),
        ("build time (generate, bulk insert, incidents), s", f"{syn.build_seconds:.1f}"),
        ("`db check` time, s", f"{syn.check_seconds:.1f}"),
        ("integrity problems", str(syn.integrity_problems)),
        ("database file, MiB", _mib(syn.size_bytes)),
    ]
    return ["| | |", "|---|---:|", *(f"| {name} | {value} |" for name, value in rows)]


def render_markdown(results: Results) -> str:
    info, corpus, syn = results.info, results.corpus, results.synthetic
    probe = results.queries.probe or {}
    syn_probe = syn.queries.probe or {}
    scope = " (quick run)" if results.quick else ""
    lines = [
        f"# Store benchmark: ingest, size and query latency{scope}",
        "",
        f"- date: {info['date']}",
        f"- machine: {info['cpu']}, {info['cores']} cores, {info['platform']}",
        f"- Python {info['python']}, DuckDB {info['duckdb']}",
        f"- load average (1 / 5 / 15 min): {info['load_average_start']} at the start, "
        f"{info['load_average_end']} at the end (other processes share the machine)",
        f"- input: {corpus.articles:,} distinct articles composed (seed {SEED}) of "
        f"{MIN_SENTENCES}-{MAX_SENTENCES} real sentences each, drawn from "
        f"{corpus.filler_sentences:,} sentences of the BBC News corpus, the development pages "
        f"and the samples, plus 0-3 of the {corpus.defence_sentences} sentences the extractor "
        f"reads events from; dated 2020-2024, {corpus.outlets} outlets; one JSON Lines file of "
        f"{corpus.megabytes:.1f} MB",
        "- each part runs in a fresh process; ingest time runs from opening the store to "
        "closing it and excludes model loading (reported on its own)",
        "",
        "## Ingest",
        "",
        *_ingest_table(results),
        "",
        "## Query latency on the ingested store",
        "",
        f"Filter values from the data: country `{probe.get('country')}` (most reported), "
        f"partner `{probe.get('partner')}`, type `{probe.get('type')}`, "
        f"stage `{probe.get('stage')}`. Each query returns every matching row (no limit, "
        f"as the CLI does by default) unless `--limit` is shown; first run, then median and "
        f"p95 of up to {QUERY_RUNS} runs (fewer for queries that used {QUERY_BUDGET_SECONDS:.0f} "
        "s). The store is opened read-only, as the query commands open it. Load average "
        f"during these queries: {results.queries.load_average}.",
        "",
        *_latency_table(results.queries),
        "",
        f"## {syn.events:,} synthetic events",
        "",
        "Built with the real schema (its migrations), bulk-loaded from Arrow tables in one "
        "transaction: party pairs and types with a Zipf skew, stages and certainties in "
        "plausible shares, evidence sentences from the real pool, one incident per type, "
        "parties and month. Articles carry a placeholder text and no MinHash index, so the "
        "file size is that of the event tables rather than of a real store.",
        "",
        *_synthetic_table(syn),
        "",
        f"Filter values: country `{syn_probe.get('country')}`, partner "
        f"`{syn_probe.get('partner')}`, type `{syn_probe.get('type')}`, "
        f"stage `{syn_probe.get('stage')}`. The filtered queries (bold) carry the targets. "
        f"Load average during these queries: {syn.queries.load_average}.",
        "",
        *_latency_table(syn.queries),
        "",
        "## Verdict",
        "",
        *(f"- {v.target}: **{v.word}** ({v.detail})" for v in results.verdicts),
        "",
    ]
    return "\n".join(lines)


def render_json(results: Results) -> str:
    facts = results.facts
    report = {
        "machine": results.info,
        "quick": results.quick,
        "seed": SEED,
        "corpus": asdict(results.corpus),
        "ingest": _ingest_dict(results.first),
        "reingest": _ingest_dict(results.again),
        "store": {
            "counts": facts.counts,
            "size_bytes": facts.size_bytes,
            "empty_store_bytes": facts.empty_bytes,
            "mib_per_1000_articles": round(facts.kib_per_1000_articles / 1024, 3),
        },
        "queries": asdict(results.queries),
        "synthetic": asdict(results.synthetic),
        "targets": {
            "articles": TARGET_ARTICLES,
            "dyad_query_seconds": TARGET_DYAD_SECONDS,
            "dyad_query_median_ms": TARGET_DYAD_MEDIAN_MS,
        },
        "verdicts": [{**asdict(v), "verdict": v.word} for v in results.verdicts],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def print_summary(results: Results) -> None:
    first, facts, syn = results.first, results.facts, results.synthetic
    print(
        f"ingest: {first.articles:,} articles in {first.run_seconds:.1f} s = "
        f"{first.articles_per_second:.1f} articles/s, {facts.counts.get('events', 0):,} events, "
        f"{facts.counts.get('incidents', 0):,} incidents, peak {first.peak_rss_mib:.0f} MiB"
    )
    print(
        f"  size: {_mib(facts.size_bytes)} MiB = "
        f"{facts.kib_per_1000_articles / 1024:.2f} MiB per 1,000 articles; re-ingest "
        f"{results.again.run_seconds:.1f} s"
    )
    for label, report in (("ingested", results.queries), (f"{syn.events:,} events", syn.queries)):
        slowest = max(report.timings, key=lambda t: t.p95_ms, default=None)
        if slowest is not None:
            print(
                f"  queries on {label}: slowest p95 {slowest.p95_ms:.0f} ms ({slowest.name}); "
                f"filtered dyad p95 {_targeted_worst(report) * 1000:.0f} ms"
            )
    for verdict in results.verdicts:
        print(f"  {verdict.word:>11}: {verdict.target} ({verdict.detail})")


def run_benchmark(articles: int, synthetic_events: int, quick: bool, out: Path | None) -> int:
    """Run the three parts and write the reports; exit 1 if a checked target is missed."""
    info = machine_info()
    with tempfile.TemporaryDirectory(prefix="pactwatch-bench-store-") as folder:
        scratch = Path(folder)
        source, db = scratch / "articles.jsonl", scratch / "ingested.duckdb"
        print(f"composing {articles:,} articles ...", file=sys.stderr, flush=True)
        corpus, pool = write_corpus(source, articles, SEED)
        arguments = ["--db", str(db), "--input", str(source)]
        first = _ingest_result(_spawn("ingest", arguments, scratch))
        facts = store_facts(db, scratch / "empty.duckdb")
        again = _ingest_result(_spawn("ingest", arguments, scratch))
        queries = QueryReport.from_dict(_spawn("queries", ["--db", str(db)], scratch))
        spec = SyntheticSpec(
            events=synthetic_events,
            countries=country_ranking(db, SYNTHETIC_COUNTRIES),
            evidence=list(pool.defence),
        )
        spec_path = scratch / "synthetic-spec.json"
        spec_path.write_text(json.dumps(asdict(spec)), encoding="utf-8")
        synthetic_db = scratch / "synthetic.duckdb"
        synthetic = SyntheticResult.from_dict(
            _spawn("synthetic", ["--db", str(synthetic_db), "--input", str(spec_path)], scratch)
        )
    info["load_average_end"] = _load_average()
    results = Results(
        info=info,
        corpus=corpus,
        first=first,
        again=again,
        facts=facts,
        queries=queries,
        synthetic=synthetic,
        verdicts=verdicts(quick, first, again, facts, synthetic),
        quick=quick,
    )
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_markdown(results), encoding="utf-8")
        json_out = out.with_suffix(".json")
        json_out.write_text(render_json(results), encoding="utf-8")
        print(f"wrote {out} and {json_out}")
    print_summary(results)
    return 1 if any(v.met is False for v in results.verdicts) else 0


# ------------------------------------------------------------------------------ CLI


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, help="markdown report (JSON written beside it)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK_ARTICLES} articles and {QUICK_EVENTS:,} synthetic events (quick check)",
    )
    parser.add_argument(
        "--articles", type=int, help=f"articles to ingest (default {TARGET_ARTICLES:,})"
    )
    parser.add_argument("--events", type=int, help=f"synthetic events (default {DEFAULT_EVENTS:,})")
    parser.add_argument("--mode", choices=MODES, help=argparse.SUPPRESS)  # child process only
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)  # child's result file
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)  # child's database
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)  # child's input file
    args = parser.parse_args(argv)
    if args.mode and not (args.json and args.db):
        parser.error("--mode needs --json and --db")
    for name in ("articles", "events"):
        value = getattr(args, name)
        if value is not None and value < 1:
            parser.error(f"--{name} must be at least 1")
    if not args.mode and not BBC_CORPUS.is_dir():
        parser.error(f"no BBC News corpus at {BBC_CORPUS}")
    return args


def _run_child(args: argparse.Namespace) -> dict[str, Any]:
    if args.mode == "ingest":
        return asdict(run_ingest(args.db, args.input))
    if args.mode == "queries":
        return asdict(run_queries(args.db))
    spec = SyntheticSpec(**json.loads(args.input.read_text(encoding="utf-8")))
    return asdict(run_synthetic(args.db, spec))


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    if args.mode:
        result = _run_child(args)
        args.json.write_text(json.dumps(result, ensure_ascii=False), "utf-8")
        return 0
    articles = args.articles or (QUICK_ARTICLES if args.quick else TARGET_ARTICLES)
    synthetic_events = args.events or (QUICK_EVENTS if args.quick else DEFAULT_EVENTS)
    return run_benchmark(articles, synthetic_events, args.quick, args.out)


if __name__ == "__main__":
    sys.exit(main())
