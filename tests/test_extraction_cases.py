"""Run the hand-written extraction table in cases/extraction_cases.yaml against `extract`.

Each case is a short text with the complete set of scored tuples a careful analyst would
record. Tuples are formed exactly as the scoring section of shared/spec/events.md says:
a directed event gives one (type, source, target) per source x target, an undirected one
gives one (type, {a, b}) per pair of participants. A case passes when every expected tuple
is produced, nothing outside expect + optional is produced, and each checked attribute
(stage, certainty, claimed_by, denied_by, date, equipment) holds on one event that
produces the tuple.

Loading and validating the table never imports the extractor, so the structure tests
run (and guard the table) even while the extractor is broken or missing.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from pactwatch.models import (
    DIRECTED_TYPES,
    EVENT_TYPES,
    STAGES,
    Certainty,
    Event,
    Precision,
)

CASES_FILE = Path(__file__).parent / "cases" / "extraction_cases.yaml"

MIN_CASES = 230
MIN_NEGATIVES = 30
MIN_CASES_PER_FAMILY = 3
MIN_CASES_PER_TYPE = 3
#: The phrasing families the table was asked to cover; each needs MIN_CASES_PER_FAMILY cases.
REQUIRED_FAMILIES = frozenset(
    {
        "active supplier",
        "active recipient",
        "passive",
        "nominalisation",
        "made-in and possessive",
        "headline",
        "attribution",
        "accusation",
        "negation and denial",
        "modality",
        "country list",
        "later reference",
        "capital or institution",
        "demonym",
        "company",
        "organisation",
        "armed group",
        "training",
        "basing",
        "condemnation",
        "sanction",
        "dates",
        "hard negative",
    }
)

#: Non-ISO actor codes the spec and guidelines allow (organisations, armed groups).
NON_STATE_CODES = frozenset(
    {"NATO", "EU", "UN", "CSTO", "SCO", "GCC", "AU", "ASEAN", "ECOWAS"}
    | {"HEZBOLLAH", "HOUTHIS", "WAGNER", "HAMAS"}
)
ISO_ALPHA3 = re.compile(r"[A-Z]{3}")
CASE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CERTAINTIES: tuple[str, ...] = get_args(Certainty)
PRECISIONS: tuple[str, ...] = get_args(Precision)

CASE_KEYS = frozenset({"id", "family", "text", "published", "expect", "optional", "note"})
EXPECTATION_KEYS = frozenset(
    {
        "type",
        "types",
        "source",
        "target",
        "participants",
        "stage",
        "certainty",
        "claimed_by",
        "denied_by",
        "date",
        "equipment_includes",
        "note",
    }
)
DATE_KEYS = frozenset({"start", "end", "precision", "text"})


# --------------------------------------------------------------------------- scored tuples


@dataclass(frozen=True, slots=True, order=True)
class ScoredTuple:
    """One unit of scoring; undirected pairs are stored in sorted order so they compare."""

    type: str
    first: str
    second: str
    directed: bool

    @classmethod
    def of(cls, event_type: str, first: str, second: str) -> ScoredTuple:
        directed = event_type in DIRECTED_TYPES
        if not directed and second < first:
            first, second = second, first
        return cls(event_type, first, second, directed)

    def __str__(self) -> str:
        arrow = "->" if self.directed else "<->"
        return f"{self.type}({self.first} {arrow} {self.second})"


def actor_pairs(event: Event) -> list[tuple[str, str]]:
    """Source x target for directed events, every unordered pair of participants otherwise."""
    if event.directed:
        return [(s, t) for s in event.sources() for t in event.targets() if s != t]
    participants = sorted(set(event.participants()))
    return list(itertools.combinations(participants, 2))


def scored_tuples(event: Event) -> frozenset[ScoredTuple]:
    return frozenset(ScoredTuple.of(event.type, a, b) for a, b in actor_pairs(event))


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True, slots=True)
class DateCheck:
    """Only the keys a case gives are checked, so fuzzy dates need not fix every field."""

    start: date | None = None
    end: date | None = None
    precision: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Expectation:
    types: tuple[str, ...]
    sources: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    stage: str | None = None
    certainty: str | None = None
    claimed_by: frozenset[str] | None = None
    denied_by: frozenset[str] | None = None
    date: DateCheck | None = None
    equipment_includes: tuple[str, ...] = ()

    def pairs(self) -> list[tuple[str, str]]:
        if self.participants:
            return list(itertools.combinations(self.participants, 2))
        return [(s, t) for s in self.sources for t in self.targets]

    def alternatives(self) -> list[frozenset[ScoredTuple]]:
        """One set per actor pair: producing any member of a set satisfies that pair."""
        return [frozenset(ScoredTuple.of(t, a, b) for t in self.types) for a, b in self.pairs()]

    def has_checks(self) -> bool:
        checks = (self.stage, self.certainty, self.claimed_by, self.denied_by, self.date)
        return any(c is not None for c in checks) or bool(self.equipment_includes)

    def describe(self) -> str:
        label = "|".join(self.types)
        actors = (
            ", ".join(self.participants)
            if self.participants
            else f"{'+'.join(self.sources)} -> {'+'.join(self.targets)}"
        )
        checks = {
            "stage": self.stage,
            "certainty": self.certainty,
            "claimed_by": sorted(self.claimed_by) if self.claimed_by is not None else None,
            "denied_by": sorted(self.denied_by) if self.denied_by is not None else None,
            "date": self.date,
            "equipment_includes": list(self.equipment_includes) or None,
        }
        shown = ", ".join(f"{k}={v}" for k, v in checks.items() if v is not None)
        return f"{label}({actors})" + (f" [{shown}]" if shown else "")


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    family: str
    text: str
    published: date | None
    expect: tuple[Expectation, ...]
    optional: tuple[Expectation, ...]

    def allowed(self) -> frozenset[ScoredTuple]:
        groups = (g for e in self.expect + self.optional for g in e.alternatives())
        return frozenset(itertools.chain.from_iterable(groups))


ActorCodes = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


@dataclass(slots=True)
class CaseParser:
    """Turns raw YAML into typed cases, recording every problem instead of stopping at one."""

    problems: list[str] = field(default_factory=list)

    def report(self, where: str, problem: str) -> None:
        self.problems.append(f"{where}: {problem}")

    def cases(self, raw: object) -> list[Case]:
        if not isinstance(raw, list):
            self.report(str(CASES_FILE), "the file must be a YAML list of cases")
            return []
        parsed = (self.case(item, f"case #{n}") for n, item in enumerate(raw, start=1))
        return [case for case in parsed if case is not None]

    def case(self, raw: object, where: str) -> Case | None:
        if not isinstance(raw, Mapping):
            self.report(where, "a case must be a mapping")
            return None
        where = f"{where} ({raw.get('id')})"
        self.unknown_keys(raw, CASE_KEYS, where)
        case_id, family, text = (
            self.text(raw.get(k), f"{where}.{k}") for k in ("id", "family", "text")
        )
        if case_id and not CASE_ID.fullmatch(case_id):
            self.report(where, f"id {case_id!r} must be lower-case words joined by '-'")
        published = self.day(raw.get("published"), f"{where}.published")
        if "published" not in raw:
            self.report(where, "give `published` (null when the text has no date)")
        expect = self.expectations(raw.get("expect"), f"{where}.expect", required=True)
        optional = self.expectations(raw.get("optional", []), f"{where}.optional", required=False)
        case = Case(case_id, family, text, published, expect, optional)
        self.no_overlap(case, where)
        return case

    def expectations(self, raw: object, where: str, *, required: bool) -> tuple[Expectation, ...]:
        if not isinstance(raw, list):
            self.report(where, "must be a list (use [] for a case that yields nothing)")
            return ()
        parsed = (self.expectation(item, f"{where}[{n}]", required) for n, item in enumerate(raw))
        return tuple(e for e in parsed if e is not None)

    def expectation(self, raw: object, where: str, required: bool) -> Expectation | None:
        if not isinstance(raw, Mapping):
            self.report(where, "an expectation must be a mapping")
            return None
        self.unknown_keys(raw, EXPECTATION_KEYS, where)
        types = self.event_types(raw, where)
        sources, targets, participants = self.actors(raw, types, where)
        if not required and any(k in raw for k in ("stage", "certainty", "date")):
            self.report(where, "optional tuples are never checked: drop stage/certainty/date")
        return Expectation(
            types=types,
            sources=sources,
            targets=targets,
            participants=participants,
            stage=self.choice(raw.get("stage"), STAGES, f"{where}.stage"),
            certainty=self.choice(raw.get("certainty"), CERTAINTIES, f"{where}.certainty"),
            claimed_by=self.code_set(raw.get("claimed_by"), f"{where}.claimed_by"),
            denied_by=self.code_set(raw.get("denied_by"), f"{where}.denied_by"),
            date=self.date_check(raw.get("date"), f"{where}.date"),
            equipment_includes=self.strings(raw.get("equipment_includes", []), where),
        )

    def event_types(self, raw: Mapping[str, Any], where: str) -> tuple[str, ...]:
        if ("type" in raw) == ("types" in raw):
            self.report(where, "give exactly one of `type` and `types`")
            return ()
        names = [raw["type"]] if "type" in raw else raw["types"]
        if not isinstance(names, list) or not names:
            self.report(where, "`types` must be a non-empty list")
            return ()
        for name in names:
            if name not in EVENT_TYPES:
                self.report(where, f"unknown event type {name!r}")
        return tuple(str(n) for n in names)

    def actors(self, raw: Mapping[str, Any], types: Sequence[str], where: str) -> ActorCodes:
        """(sources, targets, participants): directed types need the first two."""
        if "participants" in raw:
            participants = self.codes(raw["participants"], f"{where}.participants")
            if any(t in DIRECTED_TYPES for t in types):
                self.report(where, "directed types need source and target, not participants")
            if "source" in raw or "target" in raw:
                self.report(where, "give participants or source+target, not both")
            if len(set(participants)) < 2 or len(set(participants)) != len(participants):
                self.report(where, "participants must list at least two distinct actors")
            return (), (), participants
        sources = self.codes(raw.get("source"), f"{where}.source")
        targets = self.codes(raw.get("target"), f"{where}.target")
        if set(sources) & set(targets):
            self.report(where, "an actor cannot be both source and target")
        return sources, targets, ()

    def codes(self, raw: object, where: str) -> tuple[str, ...]:
        values = raw if isinstance(raw, list) else [raw]
        if not values or any(not self.is_code(v) for v in values):
            self.report(where, f"expected actor code(s), got {raw!r}")
            return ()
        return tuple(str(v) for v in values)

    def code_set(self, raw: object, where: str) -> frozenset[str] | None:
        return None if raw is None else frozenset(self.codes(raw, where))

    @staticmethod
    def is_code(value: object) -> bool:
        return isinstance(value, str) and (
            value in NON_STATE_CODES or ISO_ALPHA3.fullmatch(value) is not None
        )

    def choice(self, raw: object, allowed: Sequence[str], where: str) -> str | None:
        if raw is not None and raw not in allowed:
            self.report(where, f"{raw!r} is not one of {', '.join(allowed)}")
        return None if raw is None else str(raw)

    def date_check(self, raw: object, where: str) -> DateCheck | None:
        if raw is None:
            return None
        if not isinstance(raw, Mapping) or not raw:
            self.report(where, "must be a mapping with start/end/precision/text")
            return None
        self.unknown_keys(raw, DATE_KEYS, where)
        check = DateCheck(
            start=self.day(raw.get("start"), f"{where}.start"),
            end=self.day(raw.get("end"), f"{where}.end"),
            precision=self.choice(raw.get("precision"), PRECISIONS, f"{where}.precision"),
            text=None if raw.get("text") is None else str(raw["text"]),
        )
        if check.start and check.end and check.start > check.end:
            self.report(where, "start is after end")
        return check

    def day(self, raw: object, where: str) -> date | None:
        """YAML reads bare 2023-05-12 as a date already; a quoted one is parsed here."""
        if raw is None or isinstance(raw, date):
            return raw
        try:
            return date.fromisoformat(str(raw))
        except ValueError:
            self.report(where, f"{raw!r} is not an ISO date")
            return None

    def text(self, raw: object, where: str) -> str:
        if not isinstance(raw, str) or not raw.strip():
            self.report(where, "must be a non-empty string")
            return ""
        return raw

    def strings(self, raw: object, where: str) -> tuple[str, ...]:
        if not isinstance(raw, list) or not all(isinstance(s, str) and s for s in raw):
            self.report(where, "equipment_includes must be a list of non-empty strings")
            return ()
        return tuple(raw)

    def unknown_keys(self, raw: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
        unknown = sorted(set(raw) - allowed)
        if unknown:
            self.report(where, f"unknown keys {unknown}")

    def no_overlap(self, case: Case, where: str) -> None:
        """A tuple both required and optional, or required twice, is a table mistake."""
        required = [t for e in case.expect for g in e.alternatives() for t in g]
        optional = {t for e in case.optional for g in e.alternatives() for t in g}
        for tuple_, count in Counter(required).items():
            if count > 1:
                self.report(where, f"{tuple_} is expected more than once")
            if tuple_ in optional:
                self.report(where, f"{tuple_} is both expected and optional")


@dataclass(frozen=True, slots=True)
class Table:
    cases: tuple[Case, ...]
    problems: tuple[str, ...]


@functools.cache
def load_table() -> Table:
    """Parse the YAML once per session; collection and both structure tests share it."""
    parser = CaseParser()
    cases = parser.cases(yaml.safe_load(CASES_FILE.read_text(encoding="utf-8")))
    for case_id, count in Counter(c.id for c in cases).items():
        if count > 1:
            parser.report(case_id, f"id used by {count} cases")
    return Table(tuple(cases), tuple(parser.problems))


# --------------------------------------------------------------------------- structure tests


def test_case_file_is_well_formed() -> None:
    problems = load_table().problems
    assert not problems, "extraction_cases.yaml has problems:\n" + "\n".join(problems)


def coverage_gaps(cases: Sequence[Case]) -> list[str]:
    """What the table still lacks against the brief: size, negatives, families, types."""
    gaps: list[str] = []
    if len(cases) < MIN_CASES:
        gaps.append(f"{len(cases)} cases, need at least {MIN_CASES}")
    negatives = sum(1 for c in cases if not c.expect and not c.optional)
    if negatives < MIN_NEGATIVES:
        gaps.append(f"{negatives} cases that must yield nothing, need {MIN_NEGATIVES}")
    families = Counter(c.family for c in cases)
    for family in sorted(REQUIRED_FAMILIES | set(families)):
        if families[family] < MIN_CASES_PER_FAMILY:
            gaps.append(f"family {family!r} has {families[family]} cases")
    covered = Counter(t for c in cases for t in {t for e in c.expect for t in e.types})
    for event_type in EVENT_TYPES:
        if covered[event_type] < MIN_CASES_PER_TYPE:
            gaps.append(f"type {event_type} is expected in {covered[event_type]} cases")
    return gaps


def test_case_file_covers_the_brief() -> None:
    gaps = coverage_gaps(load_table().cases)
    assert not gaps, "extraction_cases.yaml is missing coverage:\n" + "\n".join(gaps)


# --------------------------------------------------------------------------- extraction tests


def attribute_mismatches(expected: Expectation, event: Event) -> list[str]:
    """Every checked attribute of `expected` that `event` gets wrong."""
    wrong: list[str] = []
    for name in ("stage", "certainty"):
        want, got = getattr(expected, name), getattr(event, name)
        if want is not None and got != want:
            wrong.append(f"{name} {got!r} != {want!r}")
    for name in ("claimed_by", "denied_by"):
        want_set, got_set = getattr(expected, name), frozenset(getattr(event, name))
        if want_set is not None and got_set != want_set:
            wrong.append(f"{name} {sorted(got_set)} != {sorted(want_set)}")
    wrong.extend(date_mismatches(expected.date, event))
    equipment = [item.lower() for item in event.equipment]
    for wanted in expected.equipment_includes:
        if not any(wanted.lower() in item for item in equipment):
            wrong.append(f"equipment {list(event.equipment)} lacks {wanted!r}")
    return wrong


def date_mismatches(expected: DateCheck | None, event: Event) -> list[str]:
    if expected is None:
        return []
    got = event.date
    wrong = [
        f"date.{name} {getattr(got, name)} != {getattr(expected, name)}"
        for name in ("start", "end", "precision")
        if getattr(expected, name) is not None and getattr(got, name) != getattr(expected, name)
    ]
    if expected.text is not None and expected.text.lower() not in (got.text or "").lower():
        wrong.append(f"date.text {got.text!r} does not contain {expected.text!r}")
    return wrong


def events_by_tuple(events: Iterable[Event]) -> dict[ScoredTuple, list[Event]]:
    producers: dict[ScoredTuple, list[Event]] = defaultdict(list)
    for event in events:
        for scored in scored_tuples(event):
            producers[scored].append(event)
    return producers


def judge(case: Case, events: Sequence[Event]) -> list[str]:
    """Everything wrong with `events` for `case`, one line per finding."""
    produced = events_by_tuple(events)
    findings = [f"unexpected {t}" for t in sorted(set(produced) - case.allowed())]
    for expected in case.expect:
        for group in expected.alternatives():
            producers = [e for t in sorted(group) for e in produced.get(t, [])]
            if not producers:
                findings.append(f"missing {' or '.join(str(t) for t in sorted(group))}")
                continue
            if not expected.has_checks():
                continue
            verdicts = [
                (n, attribute_mismatches(expected, e)) for n, e in numbered(producers, events)
            ]
            if all(wrong for _, wrong in verdicts):
                details = "; ".join(f"event #{n}: {', '.join(wrong)}" for n, wrong in verdicts)
                findings.append(f"wrong attributes for {min(group)}: {details}")
    return findings


def numbered(chosen: Iterable[Event], events: Sequence[Event]) -> list[tuple[int, Event]]:
    """Pair each chosen event with its 1-based position in the extractor's output."""
    positions = {id(e): n for n, e in enumerate(events, start=1)}
    unique = {id(e): e for e in chosen}
    return [(positions[key], e) for key, e in unique.items()]


def describe_event(event: Event) -> str:
    actors = ", ".join(f"{a.role}={a.country}({a.text})" for a in event.actors)
    return (
        f"{event.type} [{actors}] stage={event.stage} certainty={event.certainty}"
        f" claimed_by={list(event.claimed_by)} denied_by={list(event.denied_by)}"
        f" equipment={list(event.equipment)} date={event.date.to_dict()}"
        f"\n      rule={event.rule!r} trigger={event.trigger!r}"
        f" evidence={event.evidence.sentence!r}"
    )


def failure_report(case: Case, events: Sequence[Event], findings: Sequence[str]) -> str:
    lines = [
        f"case {case.id} ({case.family})",
        f"  text: {case.text}",
        f"  published: {case.published}",
        "  findings:",
        *(f"    - {f}" for f in findings),
        "  expected:",
        *([f"    {e.describe()}" for e in case.expect] or ["    (nothing)"]),
        *(
            ["  optional:"] + [f"    {e.describe()}" for e in case.optional]
            if case.optional
            else []
        ),
        f"  got {len(events)} event(s):",
        *(f"    #{n} {describe_event(e)}" for n, e in enumerate(events, start=1)),
    ]
    return "\n".join(lines)


KNOWN_FAILURES_FILE = Path(__file__).parent / "cases" / "known_failures.yaml"


def run_case(case: Case) -> list[str]:
    # Imported here so the structure tests above run even while the extractor is broken.
    from pactwatch import extract

    published = case.published.isoformat() if case.published else None
    events = list(extract(case.text, published=published))
    findings = judge(case, events)
    return [failure_report(case, events, findings)] if findings else []


@functools.cache
def known_failures() -> dict[str, str]:
    """Case id -> why the rules do not handle it yet (each runs as a strict xfail)."""
    raw = yaml.safe_load(KNOWN_FAILURES_FILE.read_text(encoding="utf-8")) or {}
    assert isinstance(raw, dict), f"{KNOWN_FAILURES_FILE}: expected a mapping of id: reason"
    return {str(k): str(v) for k, v in raw.items()}


def test_known_failures_name_real_cases() -> None:
    ids = {case.id for case in load_table().cases}
    stale = sorted(set(known_failures()) - ids)
    assert not stale, f"known_failures.yaml lists ids that are no case: {stale}"
    unexplained = sorted(cid for cid, why in known_failures().items() if len(why) < 10)
    assert not unexplained, f"give each known failure its reason: {unexplained}"


def _case_params() -> list[Any]:
    params = []
    for case in load_table().cases:
        reason = known_failures().get(case.id)
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        params.append(pytest.param(case, id=case.id, marks=marks))
    return params


@pytest.mark.parametrize("case", _case_params())
def test_extraction_case(case: Case) -> None:
    """Each hand-written case yields exactly its tuples; a known failure that starts
    passing fails too (strict xfail), so known_failures.yaml stays true."""
    reports = run_case(case)
    assert not reports, reports[0]
