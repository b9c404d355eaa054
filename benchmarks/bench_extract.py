"""Throughput benchmark: pactwatch's extraction against the full spaCy pipeline.

Two corpora, measured side by side in one run:

- defence-heavy: the pages of ../shared/acceptance/dev, dev2's tune half
  (e001-e060, chosen by dev2's index, so no page of the check half is opened)
  and the seed articles: the news pactwatch exists for, where the pre-filter
  passes most sentences;
- BBC: the 2,095 articles of ../shared/corpus/bbc-news, mostly unrelated news.

Each is extracted twice: as shipped (the pre-filter picks candidate
sentences, spaCy runs the fast way: nlp/parser.py) and with `parse_all=True`,
where every sentence goes through `en_core_web_sm` as spaCy ships it (all
components, stock settings) and the same rules read it. The second run is the
yardstick: the shipped one must be much faster *and* find exactly the same
events. Both run on one core (a process each, one BLAS thread).

Each (corpus, mode) runs in a fresh child process (this script with
`--mode`), so peak-memory figures are per mode and no run gets warm caches
from another. Model and lexicon loading happen before the clock starts and
are reported on their own. `--rounds N` repeats the four runs, alternating
the order of the modes, and reports medians with the child's CPU time (which
other work on the machine disturbs less) and the load average. `--profile`
adds where the shipped run's time goes on the defence pages (a clock per stage
and per spaCy component).

    .venv/bin/python benchmarks/bench_extract.py --profile --out benchmarks/results/extract.md
    .venv/bin/python benchmarks/bench_extract.py --limit 100 --rounds 1   # quick check
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pactwatch
from pactwatch.errors import InputError
from pactwatch.models import Event
from pactwatch.nlp import pipeline_info
from pactwatch.pipeline import DOCUMENTS_AT_ONCE, analyse, prepare_article, process_documents
from pactwatch.sources import RawDocument, iter_documents

SHARED = Path(__file__).resolve().parents[2] / "shared"
ACCEPTANCE = SHARED / "acceptance"
CORPORA: dict[str, str] = {
    "defence": "defence-heavy: dev, dev2 tune half, seeds",
    "bbc": "BBC News (bbc-news)",
}
MODES: tuple[str, ...] = ("prefilter", "full")
#: How many times faster than the full pipeline extraction must be, per corpus (issue 16).
TARGETS: dict[str, float] = {"defence": 2.5, "bbc": 3.0}
#: Fed through both modes before timing, so spaCy, lexicons and the trigger
#: automaton are loaded outside the clock.
WARM_UP_TEXT = (
    "Germany agreed on Monday to supply Leopard tanks to Poland, the defence ministry said. "
    "Officials in Berlin and Warsaw said the two armies would hold joint exercises next year."
)
#: The profile's rows: (label, clock) in the order shown. Each clock is the CPU time
#: spent inside one wrapped function or spaCy component (see `_Timers`); "rest"
#: is the article loop's CPU time that none of them took.
PROFILE_ROWS: tuple[tuple[str, str], ...] = (
    ("cleaning (prepare_article)", "clean"),
    ("sentences, actor mentions, dates, pre-filter (before parsing)", "begin"),
    ("spaCy tokenizer", "spacy:tokenizer"),
    ("spaCy tok2vec (shared by tagger and parser)", "spacy:tok2vec"),
    ("spaCy tagger", "spacy:tagger"),
    ("spaCy parser", "spacy:parser"),
    ("NER: its own tok2vec and layers, moves chosen batch-wide (nlp/ner.py)", "ner"),
    ("POS and lemmas (memoised ruler and lemmatizer) and Token objects", "tokens"),
    ("rules (read_sentence)", "rules"),
    ("rest: denials, lead dates, confidence, batching", "rest"),
)

#: What the table above cannot show, found with py-spy (sampling with native frames)
#: and by timing spaCy's components one at a time; kept here so the report says it.
PROFILE_NOTES: tuple[str, ...] = (
    "What the clocks cannot split, from py-spy with native frames and from timing each "
    "component alone on the parsed sentences:",
    "",
    "- **NER** was the largest cost (1.1 s of 3.1 s) and every parsed sentence needs it "
    "(the rules read PERSON, ORG, NORP, GPE and LOC): half of it was spaCy's compiled "
    "transition loop asking, for each token, which of its 74 moves are valid, each "
    "question reacquiring the GIL in spaCy's build. `nlp/ner.py` now takes the NER's own "
    "layers and chooses the moves of a whole batch at once in numpy, with the same "
    "arithmetic and the same validity rules (entity labels equal to spaCy's on every "
    "sentence of dev, train, the seeds and BBC); what is left is mostly its own tok2vec.",
    "- The **tok2vec** (shared by tagger and parser) is now the largest: a third is matrix "
    "products in numpy's OpenBLAS (near what one core does), the rest thinc's window "
    "expansion, maxout and layer norm kernels. The **parser** keeps spaCy's compiled loop "
    "(its arc-eager moves are fewer and their rules more involved).",
    "- So spaCy costs a fixed amount per parsed sentence, and the shipped run saves "
    "by parsing fewer: a candidate needs a whole trigger ('military aid', not "
    "'military' alone), which drops the sentences the rules would find nothing in; "
    "every sentence still parsed gives the rules actors to read.",
    "- pactwatch's own Python work around spaCy: the memoised ruler and lemmatizer (the "
    "lemmatizer's word index as sets, not lists scanned for each word) and the Token "
    "objects read from one array per sentence; the rules (`events/`) are the largest "
    "Python cost.",
)

CODE_CHANGED = (
    "pactwatch's code or lexicons changed between the two runs, so differences in their "
    "events may come from that edit rather than from the pre-filter; run again."
)

#: What makes two events "the same" across modes: article, type, parties, evidence start.
EventKey = tuple[str, str, tuple[tuple[str, str], ...], int]


@dataclass(slots=True)
class EventRow:
    """One event, flattened for the JSON hand-off and the report table."""

    article: str
    type: str
    actors: list[tuple[str, str]]
    stage: str
    rule: str
    evidence_start: int
    sentence: str

    @classmethod
    def from_event(cls, event: Event, path: str) -> EventRow:
        return cls(
            article=path,
            type=event.type,
            actors=sorted((actor.role, actor.country) for actor in event.actors),
            stage=event.stage,
            rule=event.rule,
            evidence_start=event.evidence.start,
            sentence=event.evidence.sentence,
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EventRow:
        return cls(**{**data, "actors": [(role, code) for role, code in data["actors"]]})

    def key(self) -> EventKey:
        return (self.article, self.type, tuple(sorted(self.actors)), self.evidence_start)

    def parties(self) -> str:
        """Parties by role, e.g. "source: GBR; target: CHN", in a stable order."""
        by_role: dict[str, list[str]] = {}
        for role, code in sorted(self.actors):
            by_role.setdefault(role, []).append(code)
        return "; ".join(f"{role}: {', '.join(codes)}" for role, codes in sorted(by_role.items()))


@dataclass(slots=True)
class ModeResult:
    """The figures one child process measured for one corpus in one mode."""

    mode: str
    corpus: str = ""
    load_seconds: float = 0.0
    run_seconds: float = 0.0
    cpu_seconds: float = 0.0
    articles: int = 0
    words: int = 0
    sentences: int = 0
    parsed: int = 0
    skipped: int = 0
    input_errors: int = 0
    peak_rss_mib: float = 0.0
    model: str = ""
    code_fingerprint: str = ""
    events: list[EventRow] = field(default_factory=list)
    profile: list[tuple[str, float]] = field(default_factory=list)

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.run_seconds if self.run_seconds else 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.run_seconds if self.run_seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("load_seconds", "run_seconds", "cpu_seconds", "peak_rss_mib"):
            data[name] = round(data[name], 3)
        data["articles_per_second"] = round(self.articles_per_second, 2)
        data["words_per_second"] = round(self.words_per_second, 1)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModeResult:
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        fields["events"] = [EventRow.from_dict(row) for row in data["events"]]
        fields["profile"] = [(name, seconds) for name, seconds in data["profile"]]
        return cls(**fields)


# ------------------------------------------------------------------ child: one mode


def _peak_rss_mib() -> float:
    """This process's RSS high-water mark (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def code_fingerprint() -> str:
    """A hash of pactwatch's code and lexicons, to tell whether all runs ran the same code.

    The tree may be edited while the benchmark runs; a change between two
    child processes would make their events differ for reasons unrelated to
    the pre-filter or the parsing.
    """
    package = Path(pactwatch.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".yaml"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _warm_up(mode: str) -> float:
    """Load spaCy, lexicons and the pre-filter automaton; return the seconds it took."""
    started = time.perf_counter()
    doc = RawDocument(id="warm-up", body=WARM_UP_TEXT, is_html=False, path="warm-up")
    article, _ = prepare_article(doc)
    analyse(article, parse_all=mode == "full")
    return time.perf_counter() - started


def corpus_paths(corpus: str) -> list[Path]:
    """The inputs of a corpus. dev2's pages are picked by its index's `half` field:
    only the tune half is named, so no file of the check half is ever opened."""
    if corpus == "bbc":
        return [SHARED / "corpus" / "bbc-news"]
    paths = [ACCEPTANCE / "dev" / "articles"]
    for line in (ACCEPTANCE / "dev2" / "index.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("half") == "tune":
            paths.append(ACCEPTANCE / "dev2" / "articles" / str(row["file"]))
    return [*paths, SHARED / "seeds"]


def _documents(corpus: str, limit: int | None) -> Iterator[RawDocument | InputError]:
    return itertools.islice(iter_documents(corpus_paths(corpus)), limit)


def run_mode(mode: str, corpus: str, limit: int | None, profile: bool = False) -> ModeResult:
    """Extract events from the corpus in one mode, timing only the article loop."""
    result = ModeResult(mode, corpus, code_fingerprint=code_fingerprint())
    result.load_seconds = _warm_up(mode)
    model = pipeline_info()
    result.model = f"{model['name']} {model['version']}"
    timers = _Timers() if profile else None
    cpu = _cpu_seconds()
    started = time.perf_counter()
    documents = _documents(corpus, limit)
    while group := list(itertools.islice(documents, DOCUMENTS_AT_ONCE)):
        # as `pactwatch extract` does: a few articles' sentences share spaCy's batches
        results = process_documents(group, time_budget=None, parse_all=mode == "full")
        for item, analysed in zip(group, results, strict=True):
            if isinstance(analysed, InputError):
                result.input_errors += 1
                continue
            assert isinstance(item, RawDocument)
            result.articles += 1
            result.words += len(item.body.split())
            result.sentences += analysed.sentences
            result.parsed += analysed.parsed
            result.skipped += analysed.skipped is not None
            result.events.extend(EventRow.from_event(e, item.id) for e in analysed.events)
    result.run_seconds = time.perf_counter() - started
    result.cpu_seconds = _cpu_seconds() - cpu
    result.peak_rss_mib = _peak_rss_mib()
    if timers is not None:
        result.profile = timers.rows(result.cpu_seconds)
    return result


class _Timers:
    """CPU time inside pactwatch's stages and each spaCy component, for `--profile`.

    Wrappers with a clock each, not a profiler: spaCy's parser and NER run
    their transition loops in compiled code that cProfile cannot see, and
    a profiler slows Python code more than compiled code. A spaCy component
    works as a generator pulling Docs from the one before it, so the time
    inside its `pipe` includes the earlier components' time, which is taken
    out. The wrappers reach into the loaded pipeline (`nlp.parser._load`): this
    is a measurement of pactwatch's internals, run in a process of its own.
    """

    def __init__(self) -> None:
        from pactwatch import pipeline
        from pactwatch.nlp import ner, parser

        self.clock: dict[str, float] = dict.fromkeys((key for _, key in PROFILE_ROWS), 0.0)
        self._wrap(pipeline, "prepare_article", "clean")
        self._wrap(pipeline._Analysis, "begin", "begin")
        self._wrap(pipeline, "read_sentence", "rules")
        self._wrap(parser._Pipeline, "tokens", "tokens")
        self._wrap(ner.FastNER, "entity_types", "ner")
        nlp = parser._load().nlp
        self._order = ["spacy:tokenizer"]
        nlp.tokenizer = _TimedCall(nlp.tokenizer, self.clock, "spacy:tokenizer")
        for index, (name, component) in enumerate(nlp._components):
            key = f"spacy:{name}"
            self.clock.setdefault(key, 0.0)
            self._order.append(key)
            nlp._components[index] = (name, _TimedPipe(component, self.clock, key))

    def _wrap(self, owner: Any, name: str, key: str) -> None:
        function = getattr(owner, name)
        clock = self.clock

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                clock[key] += time.process_time() - start

        setattr(owner, name, timed)

    def rows(self, total: float) -> list[tuple[str, float]]:
        own = dict(self.clock)
        # each component's time includes those before it (see the class docstring)
        ran = [key for key in self._order if self.clock[key] > 0]
        for before, key in itertools.pairwise(ran):
            own[key] = self.clock[key] - self.clock[before]
        own["rest"] = total - sum(own[key] for key in own if key != "rest")
        rows = [("whole article loop (CPU)", total)]
        rows += [(label, own.get(key, 0.0)) for label, key in PROFILE_ROWS]
        return rows


class _TimedCall:
    """A callable (spaCy's tokenizer) with a clock."""

    def __init__(self, function: Any, clock: dict[str, float], key: str) -> None:
        self.function, self.clock, self.key = function, clock, key

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return self.function(*args, **kwargs)
        finally:
            self.clock[self.key] += time.process_time() - start

    def __getattr__(self, name: str) -> Any:
        return getattr(self.function, name)


class _TimedPipe:
    """A spaCy component whose `pipe` is timed Doc by Doc (upstream time included)."""

    def __init__(self, component: Any, clock: dict[str, float], key: str) -> None:
        self.component, self.clock, self.key = component, clock, key

    def __call__(self, doc: Any) -> Any:
        start = time.process_time()
        try:
            return self.component(doc)
        finally:
            self.clock[self.key] += time.process_time() - start

    def pipe(self, docs: Any, **kwargs: Any) -> Iterator[Any]:
        inner = iter(self.component.pipe(docs, **kwargs))
        while True:
            start = time.process_time()
            try:
                doc = next(inner)
            except StopIteration:
                return
            finally:
                self.clock[self.key] += time.process_time() - start
            yield doc

    def __getattr__(self, name: str) -> Any:
        return getattr(self.component, name)


# ------------------------------------------------------------ parent: compare, report


def _spawn_mode(
    mode: str, corpus: str, limit: int | None, scratch: Path, profile: bool = False
) -> ModeResult:
    """Run one mode on one corpus in a fresh interpreter and read back its JSON."""
    out = scratch / f"{corpus}-{mode}-{time.monotonic_ns()}.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--mode", mode, "--json", str(out)]
    command += ["--corpus", corpus] + (["--profile"] if profile else [])
    if limit is not None:
        command += ["--limit", str(limit)]
    label = "profile of the shipped run" if profile else mode
    print(f"running {corpus} {label} ...", file=sys.stderr, flush=True)
    subprocess.run(command, check=True)
    return ModeResult.from_dict(json.loads(out.read_text(encoding="utf-8")))


@dataclass(slots=True)
class Comparison:
    """Where the two modes' events agree and differ."""

    only_prefilter: list[EventRow]
    only_full: list[EventRow]
    all_events: list[tuple[str, EventRow]]  # (found by, event), sorted for the table

    @property
    def identical(self) -> bool:
        return not self.only_prefilter and not self.only_full


def compare(prefilter: ModeResult, full: ModeResult) -> Comparison:
    shipped = {row.key(): row for row in prefilter.events}
    reference = {row.key(): row for row in full.events}
    found_by = {key: "both" for key in shipped.keys() & reference.keys()}
    found_by |= {key: "shipped only" for key in shipped.keys() - reference.keys()}
    found_by |= {key: "full pipeline only" for key in reference.keys() - shipped.keys()}
    rows = {**reference, **shipped}
    ordered = sorted(found_by, key=lambda key: (key[0], key[3], key[1], key[2]))
    return Comparison(
        only_prefilter=[rows[key] for key in ordered if found_by[key] == "shipped only"],
        only_full=[rows[key] for key in ordered if found_by[key] == "full pipeline only"],
        all_events=[(found_by[key], rows[key]) for key in ordered],
    )


@dataclass(slots=True)
class CorpusRuns:
    """Every round's run of one corpus in both modes, and what they add up to."""

    corpus: str
    runs: dict[str, list[ModeResult]] = field(default_factory=lambda: {m: [] for m in MODES})

    def median(self, mode: str) -> ModeResult:
        """The run with the median wall time (the lower middle one for an even count)."""
        ordered = sorted(self.runs[mode], key=lambda run: run.run_seconds)
        return ordered[(len(ordered) - 1) // 2]

    def wall(self, mode: str) -> float:
        return statistics.median(run.run_seconds for run in self.runs[mode])

    def cpu(self, mode: str) -> float:
        return statistics.median(run.cpu_seconds for run in self.runs[mode])

    def speedup(self) -> float:
        """Median full-pipeline time / median shipped time."""
        shipped = self.wall("prefilter")
        return self.wall("full") / shipped if shipped else 0.0

    def cpu_speedup(self) -> float:
        shipped = self.cpu("prefilter")
        return self.cpu("full") / shipped if shipped else 0.0

    def comparison(self) -> Comparison:
        return compare(self.runs["prefilter"][0], self.runs["full"][0])

    def same_every_round(self) -> bool:
        """Every run of either mode found the events of the first shipped run."""
        first = sorted(row.key() for row in self.runs["prefilter"][0].events)
        return all(
            sorted(row.key() for row in run.events) == first
            for mode in MODES
            for run in self.runs[mode]
        )

    def same_code(self) -> bool:
        prints = {run.code_fingerprint for mode in MODES for run in self.runs[mode]}
        return len(prints) == 1


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info(model: str) -> dict[str, str]:
    """Where and with what the benchmark ran; `model` as the child processes reported it."""
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "spacy": metadata.version("spacy"),
        "model": model,
    }


def _cell(text: str) -> str:
    """Make text safe inside a markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _figures_table(runs: CorpusRuns) -> list[str]:
    shipped, full = runs.median("prefilter"), runs.median("full")
    rows: list[tuple[str, str, str]] = [
        ("articles", f"{shipped.articles:,}", f"{full.articles:,}"),
        ("words (whitespace-split, raw files)", f"{shipped.words:,}", f"{full.words:,}"),
        (
            "load time (spaCy + lexicons), s",
            f"{shipped.load_seconds:.2f}",
            f"{full.load_seconds:.2f}",
        ),
        (
            "run time, s (median)",
            f"{runs.wall('prefilter'):.2f}",
            f"{runs.wall('full'):.2f}",
        ),
        (
            "CPU time of the run, s (median)",
            f"{runs.cpu('prefilter'):.2f}",
            f"{runs.cpu('full'):.2f}",
        ),
        ("articles/s", f"{shipped.articles_per_second:.1f}", f"{full.articles_per_second:.1f}"),
        ("words/s", f"{shipped.words_per_second:,.0f}", f"{full.words_per_second:,.0f}"),
        (
            "sentences parsed / total",
            f"{shipped.parsed:,} / {shipped.sentences:,}",
            f"{full.parsed:,} / {full.sentences:,}",
        ),
        (
            "peak memory (RSS high-water mark), MiB",
            f"{shipped.peak_rss_mib:.0f}",
            f"{full.peak_rss_mib:.0f}",
        ),
        ("articles skipped (not English)", str(shipped.skipped), str(full.skipped)),
        ("unreadable inputs", str(shipped.input_errors), str(full.input_errors)),
        ("events", str(len(shipped.events)), str(len(full.events))),
    ]
    lines = ["| | pactwatch (shipped) | full pipeline |", "|---|---:|---:|"]
    lines += [f"| {name} | {left} | {right} |" for name, left, right in rows]
    return lines


def _event_lines(rows: Sequence[tuple[str, EventRow]]) -> list[str]:
    if not rows:
        return ["None."]
    lines = [
        "| # | article | type | parties | stage | rule | found by | evidence |",
        "|---:|---|---|---|---|---|---|---|",
    ]
    for number, (found_by, row) in enumerate(rows, 1):
        cells = (row.article, row.type, row.parties(), row.stage, row.rule, found_by, row.sentence)
        lines.append(f"| {number} | " + " | ".join(_cell(cell) for cell in cells) + " |")
    return lines


def _corpus_section(runs: CorpusRuns, rounds: int) -> list[str]:
    ratio, target = runs.speedup(), TARGETS[runs.corpus]
    verdict = "meets" if ratio >= target else "MISSES"
    comparison = runs.comparison()
    lines = [
        f"## {CORPORA[runs.corpus]}",
        "",
        *_figures_table(runs),
        "",
        f"**Speed-up: {ratio:.2f}x** (median full-pipeline time / median shipped time, "
        f"{rounds} round{'s' if rounds != 1 else ''}; CPU time: {runs.cpu_speedup():.2f}x); "
        f"{verdict} the {target:g}x target.",
        "",
    ]
    if comparison.identical and runs.same_every_round():
        lines.append(
            f"**Same events: yes**: every run found the same {len(comparison.all_events)} "
            "events (compared on article, type, actor roles and codes, evidence start)."
        )
    else:
        lines.append("**Same events: NO**: the shipped extraction changes the result.")
        for heading, found_by, rows in (
            ("Lost by the shipped extraction", "full pipeline only", comparison.only_full),
            ("Found only by the shipped extraction", "shipped only", comparison.only_prefilter),
        ):
            tagged = [(found_by, row) for row in rows]
            lines += ["", f"{heading}:", "", *_event_lines(tagged)]
    if not runs.same_code():
        lines += ["", f"**Warning:** {CODE_CHANGED}"]
    if runs.corpus == "bbc":
        lines += ["", "### Every event found", "", *_event_lines(comparison.all_events)]
    return [*lines, ""]


def _profile_section(profile: ModeResult) -> list[str]:
    total = profile.profile[0][1] or 1.0
    lines = [
        "## Where the shipped run's time goes (defence-heavy pages)",
        "",
        "CPU time of one more shipped run, measured by a clock around each stage and "
        "each spaCy component (`--profile`; no profiler, so compiled and Python code "
        "are measured alike):",
        "",
        "| stage | CPU s | share |",
        "|---|---:|---:|",
    ]
    lines += [
        f"| {name} | {seconds:.2f} | {seconds / total:.0%} |" for name, seconds in profile.profile
    ]
    return [*lines, "", *PROFILE_NOTES, ""]


def render_markdown(
    info: dict[str, str],
    corpora: list[CorpusRuns],
    rounds: int,
    load: tuple[tuple[float, ...], tuple[float, ...]],
    limit: int | None,
    profile: ModeResult | None,
) -> str:
    scope = f"the first {limit} articles of each corpus; " if limit is not None else ""
    lines = [
        "# Extraction benchmark: pactwatch against the full spaCy pipeline",
        "",
        f"- date: {info['date']}",
        f"- machine: {info['cpu']}, {info['cores']} cores, {info['platform']}",
        f"- Python {info['python']}, spaCy {info['spacy']}, model {info['model']}",
        f"- load average (1/5/15 min) before {load[0]}, after {load[1]}",
        f"- {scope}each (corpus, mode) in a fresh process on one core, {rounds} "
        "round(s), the order of the modes alternating; the clock covers reading, "
        "cleaning and extraction, not model loading",
        "- shipped: pre-filter, then spaCy the fast way (numpy's OpenBLAS on one thread, "
        "memoised attribute ruler and lemmatizer, the NER's moves chosen for a whole batch "
        "at once); full pipeline: every sentence through "
        "`en_core_web_sm` as spaCy ships it, all components, and the same rules",
        "",
    ]
    for runs in corpora:
        lines += _corpus_section(runs, rounds)
    if profile is not None:
        lines += _profile_section(profile)
    return "\n".join(lines)


def render_json(
    info: dict[str, str],
    corpora: list[CorpusRuns],
    rounds: int,
    load: tuple[tuple[float, ...], tuple[float, ...]],
    limit: int | None,
    profile: ModeResult | None,
) -> str:
    report: dict[str, Any] = {
        "machine": info,
        "load_before": load[0],
        "load_after": load[1],
        "limit": limit,
        "rounds": rounds,
        "corpora": {},
        "profile": profile.profile if profile is not None else None,
    }
    for runs in corpora:
        comparison = runs.comparison()
        report["corpora"][runs.corpus] = {
            "name": CORPORA[runs.corpus],
            "wall_seconds": {mode: [r.run_seconds for r in runs.runs[mode]] for mode in MODES},
            "cpu_seconds": {mode: [r.cpu_seconds for r in runs.runs[mode]] for mode in MODES},
            "median_runs": {
                mode: {k: v for k, v in runs.median(mode).to_dict().items() if k != "events"}
                for mode in MODES
            },
            "speedup": round(runs.speedup(), 2),
            "cpu_speedup": round(runs.cpu_speedup(), 2),
            "target_speedup": TARGETS[runs.corpus],
            "events": len(comparison.all_events),
            "same_events": comparison.identical and runs.same_every_round(),
            "same_code": runs.same_code(),
            "only_shipped": [asdict(row) for row in comparison.only_prefilter],
            "only_full": [asdict(row) for row in comparison.only_full],
        }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def print_summary(corpora: list[CorpusRuns]) -> None:
    for runs in corpora:
        shipped, full = runs.median("prefilter"), runs.median("full")
        print(
            f"{runs.corpus}: shipped {runs.wall('prefilter'):.2f} s (parsed {shipped.parsed:,}/"
            f"{shipped.sentences:,} sentences), full {runs.wall('full'):.2f} s; "
            f"speed-up {runs.speedup():.2f}x (CPU {runs.cpu_speedup():.2f}x, target "
            f"{TARGETS[runs.corpus]:g}x); {len(full.events)} events, same: "
            f"{'yes' if runs.comparison().identical and runs.same_every_round() else 'NO'}"
        )


def run_benchmark(
    corpora: list[str], limit: int | None, out: Path | None, rounds: int, profile: bool
) -> int:
    """Run every corpus in both modes, compare them and write the reports; exit 1 if
    events differ."""
    load_before = tuple(round(x, 2) for x in os.getloadavg())
    results = [CorpusRuns(corpus) for corpus in corpora]
    profiled: ModeResult | None = None
    with tempfile.TemporaryDirectory(prefix="pactwatch-bench-") as folder:
        scratch = Path(folder)
        for round_number in range(rounds):
            order = MODES if round_number % 2 == 0 else MODES[::-1]
            for runs in results:
                for mode in order:
                    runs.runs[mode].append(_spawn_mode(mode, runs.corpus, limit, scratch))
        if profile and "defence" in corpora:
            profiled = _spawn_mode("prefilter", "defence", limit, scratch, profile=True)
    load_after = tuple(round(x, 2) for x in os.getloadavg())
    load = (load_before, load_after)
    info = machine_info(results[0].runs["prefilter"][0].model)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(
            render_markdown(info, results, rounds, load, limit, profiled), encoding="utf-8"
        )
        json_out = out.with_suffix(".json")
        json_out.write_text(render_json(info, results, rounds, load, limit, profiled), "utf-8")
        print(f"wrote {out} and {json_out}")
    print_summary(results)
    print(f"load average before {load_before}, after {load_after}")
    same = all(r.comparison().identical and r.same_every_round() for r in results)
    return 0 if same else 1


# ------------------------------------------------------------------------------ CLI


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, help="markdown report (JSON written beside it)")
    parser.add_argument("--limit", type=int, help="only the first N articles (quick check)")
    parser.add_argument(
        "--corpus",
        choices=[*CORPORA, "both"],
        default="both",
        help="which corpus (default: both, side by side)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds of runs (median)")
    parser.add_argument(
        "--profile", action="store_true", help="also profile a shipped run on the defence pages"
    )
    parser.add_argument("--mode", choices=MODES, help=argparse.SUPPRESS)  # child process only
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)  # child's result file
    args = parser.parse_args(argv)
    if args.mode and (not args.json or args.corpus == "both"):
        parser.error("--mode needs --json and one --corpus")
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    if args.mode:
        result = run_mode(args.mode, args.corpus, args.limit, profile=args.profile)
        args.json.write_text(json.dumps(result.to_dict(), ensure_ascii=False), "utf-8")
        return 0
    corpora = list(CORPORA) if args.corpus == "both" else [args.corpus]
    return run_benchmark(corpora, args.limit, args.out, args.rounds, args.profile)


if __name__ == "__main__":
    sys.exit(main())
