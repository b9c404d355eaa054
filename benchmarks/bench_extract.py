"""Throughput benchmark: pactwatch's pre-filter against parsing every sentence.

Runs the extractor twice over the BBC News corpus (2,095 plain-text articles):
once as shipped, where only candidate sentences reach spaCy, and once with
`parse_all=True`, where every sentence is parsed and the same rules read it.
The second run is the yardstick: the pre-filter is only worth having if it is
much faster *and* finds exactly the same events.

Each mode runs in a fresh child process (this script with `--mode`), so the
peak-memory figures are per mode and the second run gets no warm caches from
the first. Model and lexicon loading happen before the clock starts and are
reported on their own.

    .venv/bin/python benchmarks/bench_extract.py --out benchmarks/results/extract.md
    .venv/bin/python benchmarks/bench_extract.py --limit 100   # quick check
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import platform
import resource
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
from pactwatch.pipeline import analyse, prepare_article
from pactwatch.sources import RawDocument, iter_documents

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bbc-news"
MODES: tuple[str, ...] = ("prefilter", "full")
#: The pre-filter must make extraction at least this many times faster.
TARGET_SPEEDUP = 3.0
#: Fed through both modes before timing, so spaCy, lexicons and the trigger
#: automaton are loaded outside the clock.
WARM_UP_TEXT = (
    "Germany agreed on Monday to supply Leopard tanks to Poland, the defence ministry said. "
    "Officials in Berlin and Warsaw said the two armies would hold joint exercises next year."
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
    """The figures one child process measured for one mode."""

    mode: str
    load_seconds: float = 0.0
    run_seconds: float = 0.0
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

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.run_seconds if self.run_seconds else 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.run_seconds if self.run_seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("load_seconds", "run_seconds", "peak_rss_mib"):
            data[name] = round(data[name], 3)
        data["articles_per_second"] = round(self.articles_per_second, 2)
        data["words_per_second"] = round(self.words_per_second, 1)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModeResult:
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        fields["events"] = [EventRow.from_dict(row) for row in data["events"]]
        return cls(**fields)


# ------------------------------------------------------------------ child: one mode


def _peak_rss_mib() -> float:
    """This process's RSS high-water mark (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def code_fingerprint() -> str:
    """A hash of pactwatch's code and lexicons, to tell whether both modes ran the same code.

    The tree may be edited while the benchmark runs; a change between the two
    child processes would make their events differ for reasons unrelated to
    the pre-filter.
    """
    package = Path(pactwatch.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".yaml"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _warm_up() -> float:
    """Load spaCy, lexicons and the pre-filter automaton; return the seconds it took."""
    started = time.perf_counter()
    doc = RawDocument(id="warm-up", body=WARM_UP_TEXT, is_html=False, path="warm-up")
    article, _ = prepare_article(doc)
    for parse_all in (False, True):
        analyse(article, parse_all=parse_all)
    return time.perf_counter() - started


def _documents(corpus: Path, limit: int | None) -> Iterator[RawDocument | InputError]:
    return itertools.islice(iter_documents([corpus]), limit)


def run_mode(mode: str, corpus: Path, limit: int | None) -> ModeResult:
    """Extract events from the corpus in one mode, timing only the article loop."""
    result = ModeResult(mode, code_fingerprint=code_fingerprint(), load_seconds=_warm_up())
    model = pipeline_info()
    result.model = f"{model['name']} {model['version']}"
    started = time.perf_counter()
    for item in _documents(corpus, limit):
        if isinstance(item, InputError):
            result.input_errors += 1
            continue
        article, _ = prepare_article(item)
        analysed = analyse(article, parse_all=mode == "full")
        result.articles += 1
        result.words += len(item.body.split())
        result.sentences += analysed.sentences
        result.parsed += analysed.parsed
        result.skipped += analysed.skipped is not None
        result.events.extend(EventRow.from_event(event, item.id) for event in analysed.events)
    result.run_seconds = time.perf_counter() - started
    result.peak_rss_mib = _peak_rss_mib()
    return result


# ------------------------------------------------------------ parent: compare, report


def _spawn_mode(mode: str, corpus: Path, limit: int | None, scratch: Path) -> ModeResult:
    """Run one mode in a fresh interpreter and read back its JSON."""
    out = scratch / f"{mode}.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--mode", mode, "--json", str(out)]
    command += ["--corpus", str(corpus)]
    if limit is not None:
        command += ["--limit", str(limit)]
    print(f"running {mode} ...", file=sys.stderr, flush=True)
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
    found_by |= {key: "pre-filter only" for key in shipped.keys() - reference.keys()}
    found_by |= {key: "full parse only" for key in reference.keys() - shipped.keys()}
    rows = {**reference, **shipped}
    ordered = sorted(found_by, key=lambda key: (key[0], key[3], key[1], key[2]))
    return Comparison(
        only_prefilter=[rows[key] for key in ordered if found_by[key] == "pre-filter only"],
        only_full=[rows[key] for key in ordered if found_by[key] == "full parse only"],
        all_events=[(found_by[key], rows[key]) for key in ordered],
    )


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


def _figures_table(prefilter: ModeResult, full: ModeResult) -> list[str]:
    rows: list[tuple[str, str, str]] = [
        ("articles", f"{prefilter.articles:,}", f"{full.articles:,}"),
        ("words (whitespace-split, raw files)", f"{prefilter.words:,}", f"{full.words:,}"),
        (
            "load time (spaCy + lexicons), s",
            f"{prefilter.load_seconds:.2f}",
            f"{full.load_seconds:.2f}",
        ),
        ("run time, s", f"{prefilter.run_seconds:.1f}", f"{full.run_seconds:.1f}"),
        ("articles/s", f"{prefilter.articles_per_second:.1f}", f"{full.articles_per_second:.1f}"),
        ("words/s", f"{prefilter.words_per_second:,.0f}", f"{full.words_per_second:,.0f}"),
        (
            "sentences parsed / total",
            f"{prefilter.parsed:,} / {prefilter.sentences:,}",
            f"{full.parsed:,} / {full.sentences:,}",
        ),
        (
            "peak memory (RSS high-water mark), MiB",
            f"{prefilter.peak_rss_mib:.0f}",
            f"{full.peak_rss_mib:.0f}",
        ),
        ("articles skipped (not English)", str(prefilter.skipped), str(full.skipped)),
        ("unreadable inputs", str(prefilter.input_errors), str(full.input_errors)),
        ("events", str(len(prefilter.events)), str(len(full.events))),
    ]
    lines = ["| | pre-filter (shipped) | full parse |", "|---|---:|---:|"]
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


def speedup(prefilter: ModeResult, full: ModeResult) -> float:
    """How many times faster the shipped mode is than parsing everything."""
    return full.run_seconds / prefilter.run_seconds if prefilter.run_seconds else 0.0


def render_markdown(
    info: dict[str, str],
    prefilter: ModeResult,
    full: ModeResult,
    comparison: Comparison,
    corpus_name: str,
    limit: int | None,
) -> str:
    ratio = speedup(prefilter, full)
    verdict = "meets" if ratio >= TARGET_SPEEDUP else "MISSES"
    scope = f"first {limit} articles of " if limit is not None else ""
    lines = [
        "# Extraction benchmark: pre-filter vs. full parse",
        "",
        f"- date: {info['date']}",
        f"- machine: {info['cpu']}, {info['cores']} cores, {info['platform']}",
        f"- Python {info['python']}, spaCy {info['spacy']}, model {info['model']}",
        f"- corpus: {scope}`{corpus_name}` (each mode in a fresh process; "
        "the clock covers reading, cleaning and extraction, not model loading)",
        "",
        *_figures_table(prefilter, full),
        "",
        f"**Speed-up: {ratio:.1f}x** (full-parse time / pre-filter time); "
        f"{verdict} the {TARGET_SPEEDUP:.0f}x target.",
        "",
    ]
    if comparison.identical:
        lines.append(
            f"**Same events: yes** — both runs found the same {len(full.events)} events "
            "(compared on article, type, actor roles and codes, evidence start)."
        )
    else:
        lines.append("**Same events: NO** — the pre-filter changes the result.")
        for heading, found_by, rows in (
            ("Lost by the pre-filter", "full parse only", comparison.only_full),
            ("Found only with the pre-filter", "pre-filter only", comparison.only_prefilter),
        ):
            tagged = [(found_by, row) for row in rows]
            lines += ["", f"{heading}:", "", *_event_lines(tagged)]
    if prefilter.code_fingerprint != full.code_fingerprint:
        lines += ["", f"**Warning:** {CODE_CHANGED}"]
    lines += ["", "## Every event found", "", *_event_lines(comparison.all_events), ""]
    return "\n".join(lines)


def render_json(
    info: dict[str, str],
    prefilter: ModeResult,
    full: ModeResult,
    comparison: Comparison,
    limit: int | None,
) -> str:
    report = {
        "machine": info,
        "limit": limit,
        "modes": {result.mode: result.to_dict() for result in (prefilter, full)},
        "speedup": round(speedup(prefilter, full), 2),
        "target_speedup": TARGET_SPEEDUP,
        "same_events": comparison.identical,
        "same_code": prefilter.code_fingerprint == full.code_fingerprint,
        "only_prefilter": [asdict(row) for row in comparison.only_prefilter],
        "only_full": [asdict(row) for row in comparison.only_full],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def print_summary(prefilter: ModeResult, full: ModeResult, comparison: Comparison) -> None:
    for result in (prefilter, full):
        print(
            f"{result.mode:>9}: {result.articles_per_second:7.1f} articles/s "
            f"{result.words_per_second:9,.0f} words/s  parsed {result.parsed:,}/"
            f"{result.sentences:,} sentences  peak {result.peak_rss_mib:.0f} MiB  "
            f"{len(result.events)} events  (load {result.load_seconds:.1f} s)"
        )
    print(f"  speed-up: {speedup(prefilter, full):.1f}x (target {TARGET_SPEEDUP:.0f}x)")
    same = "yes"
    if not comparison.identical:
        same = (
            f"NO ({len(comparison.only_full)} only in full parse, "
            f"{len(comparison.only_prefilter)} only with pre-filter)"
        )
    print(f"  same events: {same}")
    if prefilter.code_fingerprint != full.code_fingerprint:
        print(f"  warning: {CODE_CHANGED}")


def run_benchmark(corpus: Path, limit: int | None, out: Path | None) -> int:
    """Run both modes, compare them and write the reports; exit 1 if events differ."""
    with tempfile.TemporaryDirectory(prefix="pactwatch-bench-") as scratch:
        prefilter = _spawn_mode("prefilter", corpus, limit, Path(scratch))
        full = _spawn_mode("full", corpus, limit, Path(scratch))
    comparison = compare(prefilter, full)
    info = machine_info(prefilter.model)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        markdown = render_markdown(info, prefilter, full, comparison, corpus.name, limit)
        out.write_text(markdown, encoding="utf-8")
        json_out = out.with_suffix(".json")
        json_out.write_text(render_json(info, prefilter, full, comparison, limit), "utf-8")
        print(f"wrote {out} and {json_out}")
    print_summary(prefilter, full, comparison)
    return 0 if comparison.identical else 1


# ------------------------------------------------------------------------------ CLI


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, help="markdown report (JSON written beside it)")
    parser.add_argument("--limit", type=int, help="only the first N articles (quick check)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder of articles")
    parser.add_argument("--mode", choices=MODES, help=argparse.SUPPRESS)  # child process only
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)  # child's result file
    args = parser.parse_args(argv)
    if args.mode and not args.json:
        parser.error("--mode needs --json")
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    if not args.corpus.is_dir():
        parser.error(f"no corpus folder at {args.corpus}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    if args.mode:
        result = run_mode(args.mode, args.corpus, args.limit)
        args.json.write_text(json.dumps(result.to_dict(), ensure_ascii=False), "utf-8")
        return 0
    return run_benchmark(args.corpus, args.limit, args.out)


if __name__ == "__main__":
    sys.exit(main())
