"""Score predicted events against a gold file (`pactwatch eval GOLD.json PRED.jsonl`).

The rules refine "How an extraction is scored" in shared/spec/events.md. Per article:

1. Tuples. A directed event (arms_transfer, military_aid, training, basing_access,
   sanction, condemnation) gives one (type, source, target) per source x target; an
   undirected one gives one (type, {a, b}) per unordered pair of distinct
   participants. A party paired with itself gives nothing. Predicted actors are read
   by the spec's roles (source/target for directed types, participant otherwise), so
   an event with the wrong roles yields no tuples. Identical tuples within an article
   count once, but every event that produced one is kept for stage and the report.
2. Gold. A gold event expands the same way from `source`/`target` (a code or a list)
   or `participants` (two or more). `types` lists acceptable alternatives: a
   predicted tuple matches when its type is one of them and it names the same pair.
   Direction matters only when both sides have one: a directed prediction must agree
   with a gold source -> target, while an undirected alternative, or a gold event
   given as participants, accepts either order. An event whose types are all directed
   must give source and target. `required` defaults to true. Identical required gold
   tuples count once (each of their stages is accepted).
3. Verdicts. A predicted tuple matching a required gold tuple is correct (a true
   positive); else one matching a `must_not` tuple is spurious; else one matching
   only optional gold tuples is ignored; anything else is spurious. Every predicted
   tuple matching a `must_not` tuple is also reported as a must-not hit. A required
   gold tuple that nothing matches is a miss.
4. Figures, micro-averaged over every gold article: precision = correct predicted
   tuples / (correct + spurious); recall = matched required / required; F1 is their
   harmonic mean. A ratio with an empty denominator is 0.0. Per type, a required gold
   tuple and the predictions it matched count under its first type, a spurious
   prediction under its own type.
5. Stage accuracy: over matched required gold tuples that have a stage, the share
   where some event producing a matching tuple has that stage (None when there are
   none). Stage confusion counts gold -> predicted stage; when no stage is right, the
   predicted stage is that of the first such event in prediction order.
6. Direction errors: a missed required directed gold tuple (t, s, g) while (t, g, s)
   is predicted, for t any of its directed types; rate = errors / (matched directed
   required tuples + errors).
7. Type confusion: a missed required gold tuple whose pair was predicted, in either
   order, with a type outside its alternatives counts (first gold type -> predicted).
8. Articles are matched by base name (`samples/002_x.txt` is `002_x.txt`).
   Predictions for articles not in gold are listed and ignored; a gold article
   without predictions contributes misses; a `skip` article has no events, so every
   prediction there is spurious.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path
from typing import Any, Literal

from pactwatch.errors import GoldFileError
from pactwatch.models import DIRECTED_TYPES, EVENT_TYPES, STAGES

Verdict = Literal["correct", "spurious", "ignored"]


class PredictionFileError(GoldFileError):
    """A predictions file or record for `pactwatch eval` is malformed.

    A subclass of GoldFileError so one handler covers both inputs of an evaluation.
    """


def article_key(name: str) -> str:
    """The base name an article is matched by: predictions may keep the path they came from."""
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def _pair_label(first: str, second: str, directed: bool) -> str:
    return f"{first} -> {second}" if directed else f"{{{first}, {second}}}"


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _harmonic(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


# --------------------------------------------------------------------------- tuples


@dataclass(frozen=True, slots=True)
class EventTuple:
    """One scored unit of a prediction; undirected pairs are kept sorted."""

    type: str
    first: str
    second: str
    directed: bool

    @classmethod
    def of(cls, type_: str, a: str, b: str) -> EventTuple:
        if type_ in DIRECTED_TYPES:
            return cls(type_, a, b, True)
        low, high = sorted((a, b))
        return cls(type_, low, high, False)

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.first, self.second))

    def label(self) -> str:
        return f"{self.type} {_pair_label(self.first, self.second, self.directed)}"

    def to_dict(self) -> dict[str, Any]:
        if self.directed:
            return {"type": self.type, "source": self.first, "target": self.second}
        return {"type": self.type, "participants": [self.first, self.second]}


@dataclass(frozen=True, slots=True)
class GoldTuple:
    """One gold unit: a pair with acceptable types, direction when the gold gives one."""

    types: tuple[str, ...]
    first: str
    second: str
    directed: bool
    stages: tuple[str, ...] = ()
    note: str = ""

    @property
    def primary_type(self) -> str:
        return self.types[0]

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.first, self.second))

    @property
    def identity(self) -> tuple[tuple[str, ...], str, str, bool]:
        """What makes two gold tuples the same tuple (stage and note aside)."""
        return (self.types, self.first, self.second, self.directed)

    def accepts(self, predicted: EventTuple) -> bool:
        if predicted.type not in self.types or predicted.pair != self.pair:
            return False
        if self.directed and predicted.directed:
            return (predicted.first, predicted.second) == (self.first, self.second)
        return True

    def reversed_by(self, predicted: EventTuple) -> bool:
        """True when `predicted` names this directed tuple the wrong way round."""
        return (
            self.directed
            and predicted.directed
            and predicted.type in self.types
            and (predicted.first, predicted.second) == (self.second, self.first)
        )

    def label(self) -> str:
        return f"{'|'.join(self.types)} {_pair_label(self.first, self.second, self.directed)}"

    def to_dict(self) -> dict[str, Any]:
        parties: dict[str, Any] = (
            {"source": self.first, "target": self.second}
            if self.directed
            else {"participants": [self.first, self.second]}
        )
        stage = self.stages[0] if self.stages else None
        return {"types": list(self.types), **parties, "stage": stage, "note": self.note}


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True, slots=True)
class GoldArticle:
    name: str
    published: str | None
    skip: str | None
    required: tuple[GoldTuple, ...]
    optional: tuple[GoldTuple, ...]
    must_not: tuple[GoldTuple, ...]


@dataclass(frozen=True, slots=True)
class Gold:
    """A parsed gold file: articles keyed by base name, events already expanded to tuples."""

    path: str
    articles: Mapping[str, GoldArticle]


def load_gold(path: str | Path) -> Gold:
    """Read and validate a gold file; every problem names the file and the entry."""
    source = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFileError(f"{source}: cannot read gold file ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise GoldFileError(
            f"{source}: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        raise GoldFileError(f'{source}: expected a JSON object with an "articles" list')
    articles: dict[str, GoldArticle] = {}
    for index, entry in enumerate(data["articles"], start=1):
        article = _parse_article(entry, f"{source}: articles[{index}]")
        if article.name in articles:
            raise GoldFileError(f"{source}: article {article.name!r} is listed twice")
        articles[article.name] = article
    return Gold(path=source, articles=articles)


def _parse_article(entry: object, where: str) -> GoldArticle:
    if not isinstance(entry, dict):
        raise GoldFileError(f"{where}: expected an object")
    name = entry.get("article")
    if not isinstance(name, str) or not name.strip():
        raise GoldFileError(f'{where}: missing "article" name')
    where = f"{where} ({name})"
    skip = entry.get("skip")
    events = entry.get("events", [] if skip else None)
    must_not = entry.get("must_not", [])
    if not isinstance(events, list):
        raise GoldFileError(f'{where}: "events" must be a list')
    if not isinstance(must_not, list):
        raise GoldFileError(f'{where}: "must_not" must be a list')
    required: list[GoldTuple] = []
    optional: list[GoldTuple] = []
    for number, raw in enumerate(events, start=1):
        tuples, is_required = _parse_event(raw, f"{where}, event {number}")
        (required if is_required else optional).extend(tuples)
    blocked = [
        gold_tuple
        for number, raw in enumerate(must_not, start=1)
        for gold_tuple in _parse_event(raw, f"{where}, must_not {number}")[0]
    ]
    published = entry.get("published")
    return GoldArticle(
        name=article_key(name),
        published=published if isinstance(published, str) else None,
        skip=str(skip) if skip else None,
        required=_merge_identical(required),
        optional=_merge_identical(optional),
        must_not=tuple(blocked),
    )


def _parse_event(raw: object, where: str) -> tuple[list[GoldTuple], bool]:
    """Expand one gold event to its tuples; also say whether it is required."""
    if not isinstance(raw, dict):
        raise GoldFileError(f"{where}: expected an object")
    types = raw.get("types")
    if not isinstance(types, list) or not types or not all(isinstance(t, str) for t in types):
        raise GoldFileError(f'{where}: "types" must be a non-empty list of type names')
    unknown = [t for t in types if t not in EVENT_TYPES]
    if unknown:
        raise GoldFileError(f"{where}: unknown type {unknown[0]!r}")
    stage = raw.get("stage")
    if stage is not None and stage not in STAGES:
        raise GoldFileError(f"{where}: unknown stage {stage!r}")
    required = raw.get("required", True)
    if not isinstance(required, bool):
        raise GoldFileError(f'{where}: "required" must be true or false')
    note = raw.get("note") or ""
    pairs, directed = _gold_pairs(raw, tuple(types), where)
    tuples = [
        GoldTuple(
            types=tuple(types),
            first=first if directed else min(first, second),
            second=second if directed else max(first, second),
            directed=directed,
            stages=(stage,) if stage else (),
            note=str(note),
        )
        for first, second in pairs
    ]
    return tuples, required


def _gold_pairs(
    raw: Mapping[str, Any], types: tuple[str, ...], where: str
) -> tuple[list[tuple[str, str]], bool]:
    """The ordered pairs a gold event names, and whether their order is meaningful."""
    if "source" in raw or "target" in raw:
        sources = _codes(raw.get("source"), f"{where}: source")
        targets = _codes(raw.get("target"), f"{where}: target")
        pairs = [(s, t) for s in sources for t in targets if s != t]
        directed = any(t in DIRECTED_TYPES for t in types)
    elif "participants" in raw:
        if all(t in DIRECTED_TYPES for t in types):
            raise GoldFileError(f"{where}: directed type {types[0]!r} needs source and target")
        participants = list(dict.fromkeys(_codes(raw["participants"], f"{where}: participants")))
        if len(participants) < 2:
            raise GoldFileError(f"{where}: participants must name two or more parties")
        pairs, directed = list(combinations(participants, 2)), False
    else:
        raise GoldFileError(f"{where}: needs source and target, or participants")
    if not pairs:
        raise GoldFileError(f"{where}: source and target name the same party")
    return pairs, directed


def _codes(value: object, where: str) -> list[str]:
    if isinstance(value, str) and value.strip():
        return [value.strip()]
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value]
    raise GoldFileError(f"{where}: expected a code or a non-empty list of codes")


def _merge_identical(tuples: Sequence[GoldTuple]) -> tuple[GoldTuple, ...]:
    """Count identical gold tuples once, keeping every stage and note they carried."""
    merged: dict[tuple[tuple[str, ...], str, str, bool], GoldTuple] = {}
    for gold_tuple in tuples:
        seen = merged.get(gold_tuple.identity)
        if seen is None:
            merged[gold_tuple.identity] = gold_tuple
            continue
        stages = tuple(dict.fromkeys(seen.stages + gold_tuple.stages))
        notes = "; ".join(n for n in dict.fromkeys((seen.note, gold_tuple.note)) if n)
        merged[gold_tuple.identity] = GoldTuple(
            seen.types, seen.first, seen.second, seen.directed, stages, notes
        )
    return tuple(merged.values())


# --------------------------------------------------------------------------- predictions


def load_predictions(path: str | Path) -> list[dict[str, Any]]:
    """Read a JSONL file of predicted events; a bad line is reported as file:line."""
    source = str(path)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise PredictionFileError(f"{source}: cannot read predictions ({exc})") from exc
    records: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PredictionFileError(f"{source}:{number}: not valid JSON ({exc.msg})") from exc
        problem = prediction_problem(record)
        if problem:
            raise PredictionFileError(f"{source}:{number}: {problem}")
        records.append(record)
    return records


def prediction_problem(record: object) -> str | None:
    """Why a predicted event cannot be scored, or None when it can."""
    if not isinstance(record, Mapping):
        return "expected a JSON object"
    article, type_, actors = record.get("article"), record.get("type"), record.get("actors")
    if not isinstance(article, str) or not article.strip():
        return 'missing "article"'
    if type_ not in EVENT_TYPES:
        return f"unknown event type {type_!r}"
    if not isinstance(actors, list):
        return '"actors" must be a list'
    for actor in actors:
        if not isinstance(actor, Mapping) or not all(
            isinstance(actor.get(key), str) for key in ("role", "country")
        ):
            return 'every actor needs a "role" and a "country"'
    return None


@dataclass(frozen=True, slots=True)
class PredictedEvent:
    """The parts of one predicted event that scoring and the report use."""

    order: int  # position in the predictions, so equal-looking events stay distinct
    article: str
    type: str
    stage: str | None
    rule: str
    sentence: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    participants: tuple[str, ...]

    @classmethod
    def from_record(cls, order: int, record: Mapping[str, Any]) -> PredictedEvent:
        def countries(role: str) -> tuple[str, ...]:
            return tuple(a["country"] for a in record["actors"] if a["role"] == role)

        evidence = record.get("evidence")
        sentence = evidence.get("sentence") if isinstance(evidence, Mapping) else None
        stage = record.get("stage")
        return cls(
            order=order,
            article=article_key(record["article"]),
            type=record["type"],
            stage=stage if isinstance(stage, str) else None,
            rule=str(record.get("rule") or ""),
            sentence=sentence if isinstance(sentence, str) else "",
            sources=countries("source"),
            targets=countries("target"),
            participants=countries("participant"),
        )

    def tuples(self) -> list[EventTuple]:
        if self.type in DIRECTED_TYPES:
            pairs = [(s, t) for s in self.sources for t in self.targets if s != t]
        else:
            pairs = list(combinations(dict.fromkeys(self.participants), 2))
        return [EventTuple.of(self.type, first, second) for first, second in pairs]

    def involves(self, pair: frozenset[str]) -> bool:
        return pair <= {*self.sources, *self.targets, *self.participants}

    def to_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "rule": self.rule, "sentence": self.sentence}


# --------------------------------------------------------------------------- report


@dataclass(frozen=True, slots=True)
class TypeScores:
    type: str
    required: int = 0
    matched: int = 0
    correct: int = 0  # predicted tuples credited to this type
    spurious: int = 0

    @property
    def precision(self) -> float:
        return _ratio(self.correct, self.correct + self.spurious)

    @property
    def recall(self) -> float:
        return _ratio(self.matched, self.required)

    @property
    def f1(self) -> float:
        return _harmonic(self.precision, self.recall)

    def to_dict(self) -> dict[str, Any]:
        return {
            "required": self.required,
            "matched": self.matched,
            "correct": self.correct,
            "spurious": self.spurious,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True, slots=True)
class Miss:
    article: str
    gold: GoldTuple
    evidence: tuple[str, ...]  # sentences of predicted events naming both parties
    direction_error: bool
    confused_with: tuple[str, ...]
    #: rules that ran on a sentence naming both parties and why they made no event
    nearest: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "gold": self.gold.to_dict(),
            "evidence": list(self.evidence),
            "direction_error": self.direction_error,
            "confused_with": list(self.confused_with),
            "nearest_rules": list(self.nearest),
        }


@dataclass(frozen=True, slots=True)
class Spurious:
    article: str
    event_tuple: EventTuple
    events: tuple[PredictedEvent, ...]
    must_not_note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "tuple": self.event_tuple.to_dict(),
            "events": [event.to_dict() for event in self.events],
            "must_not": self.must_not_note,
        }


@dataclass(frozen=True, slots=True)
class MustNotHit:
    article: str
    event_tuple: EventTuple
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "tuple": self.event_tuple.to_dict(), "note": self.note}


@dataclass(frozen=True, slots=True)
class Counts:
    """Tallies over the gold articles; predictions for other articles are not counted."""

    articles: int
    predicted_events: int
    predicted_tuples: int
    correct: int
    spurious: int
    ignored: int
    required: int
    matched: int
    stage_scored: int
    stage_correct: int
    directed_matched: int

    @property
    def missed(self) -> int:
        return self.required - self.matched


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Everything `pactwatch eval` prints, as values a caller (or a CI gate) can check."""

    precision: float
    recall: float
    f1: float
    stage_accuracy: float | None
    counts: Counts
    per_type: dict[str, TypeScores]
    stage_confusion: dict[str, dict[str, int]]  # gold stage -> predicted stage -> count
    confusion: dict[str, dict[str, int]]  # gold type -> predicted type -> count
    direction_errors: int
    direction_error_rate: float | None
    misses: tuple[Miss, ...]
    spurious: tuple[Spurious, ...]
    must_not_hits: tuple[MustNotHit, ...]
    not_in_gold: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable form, for `--format json`."""
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "stage_accuracy": self.stage_accuracy,
            "counts": {
                **{name: getattr(self.counts, name) for name in Counts.__dataclass_fields__},
                "missed": self.counts.missed,
            },
            "per_type": {name: scores.to_dict() for name, scores in self.per_type.items()},
            "stage_confusion": self.stage_confusion,
            "confusion": self.confusion,
            "direction_errors": {
                "count": self.direction_errors,
                "rate": self.direction_error_rate,
            },
            "must_not_hits": [hit.to_dict() for hit in self.must_not_hits],
            "not_in_gold": list(self.not_in_gold),
            "misses": [miss.to_dict() for miss in self.misses],
            "spurious": [item.to_dict() for item in self.spurious],
        }

    def to_text(self, *, details: bool = True) -> str:
        """A human report: figures and tables, then (with details) every miss and spurious."""
        sections = [_summary_lines(self), _type_table(self), *_confusion_sections(self)]
        if details:
            sections += [_miss_lines(self.misses), _spurious_lines(self.spurious)]
        return "\n\n".join("\n".join(lines) for lines in sections if lines) + "\n"


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True, slots=True)
class _PredictedOutcome:
    event_tuple: EventTuple
    events: tuple[PredictedEvent, ...]
    verdict: Verdict
    credited_type: str
    must_not_note: str | None


@dataclass(frozen=True, slots=True)
class _GoldOutcome:
    gold: GoldTuple
    matched_by: tuple[PredictedEvent, ...]  # the events producing a matching tuple

    @property
    def matched(self) -> bool:
        return bool(self.matched_by)


@dataclass(frozen=True, slots=True)
class _ArticleOutcome:
    name: str
    events: tuple[PredictedEvent, ...]
    predicted: tuple[_PredictedOutcome, ...]
    gold: tuple[_GoldOutcome, ...]


def score(gold: Gold, predictions: Iterable[Mapping[str, Any]]) -> EvalReport:
    """Score predicted events (the spec's JSON form) against `gold`, by the module's rules."""
    by_article: dict[str, list[PredictedEvent]] = defaultdict(list)
    for order, record in enumerate(predictions):
        problem = prediction_problem(record)
        if problem:
            raise PredictionFileError(f"prediction {order + 1}: {problem}")
        event = PredictedEvent.from_record(order, record)
        by_article[event.article].append(event)
    outcomes = [
        _score_article(article, by_article.get(name, [])) for name, article in gold.articles.items()
    ]
    return _report(outcomes, tuple(sorted(set(by_article) - set(gold.articles))))


def _score_article(article: GoldArticle, events: Sequence[PredictedEvent]) -> _ArticleOutcome:
    produced: dict[EventTuple, list[PredictedEvent]] = {}
    for event in events:
        for event_tuple in event.tuples():
            producers = produced.setdefault(event_tuple, [])
            if event not in producers:
                producers.append(event)
    predicted = tuple(
        _judge(event_tuple, tuple(producers), article)
        for event_tuple, producers in produced.items()
    )
    gold = tuple(_GoldOutcome(g, _events_matching(g, produced)) for g in article.required)
    return _ArticleOutcome(article.name, tuple(events), predicted, gold)


def _judge(
    event_tuple: EventTuple, events: tuple[PredictedEvent, ...], article: GoldArticle
) -> _PredictedOutcome:
    required = [g for g in article.required if g.accepts(event_tuple)]
    blocked = [g for g in article.must_not if g.accepts(event_tuple)]
    verdict: Verdict = "spurious"
    if required:
        verdict = "correct"
    elif not blocked and any(g.accepts(event_tuple) for g in article.optional):
        verdict = "ignored"
    credited = required[0].primary_type if required else event_tuple.type
    must_not_note = blocked[0].note if blocked else None
    return _PredictedOutcome(event_tuple, events, verdict, credited, must_not_note)


def _events_matching(
    gold: GoldTuple, produced: Mapping[EventTuple, Sequence[PredictedEvent]]
) -> tuple[PredictedEvent, ...]:
    found = {e.order: e for t, events in produced.items() if gold.accepts(t) for e in events}
    return tuple(found[order] for order in sorted(found))


def _miss(outcome: _ArticleOutcome, gold: GoldTuple) -> Miss:
    predicted = [p.event_tuple for p in outcome.predicted]
    evidence = (e.sentence for e in outcome.events if e.sentence and e.involves(gold.pair))
    confused = (t.type for t in predicted if t.pair == gold.pair and t.type not in gold.types)
    return Miss(
        article=outcome.name,
        gold=gold,
        evidence=tuple(dict.fromkeys(evidence)),
        direction_error=any(gold.reversed_by(t) for t in predicted),
        confused_with=tuple(dict.fromkeys(confused)),
    )


def _report(outcomes: Sequence[_ArticleOutcome], not_in_gold: tuple[str, ...]) -> EvalReport:
    predicted = [(o.name, p) for o in outcomes for p in o.predicted]
    golds = [g for o in outcomes for g in o.gold]
    misses = tuple(_miss(o, g.gold) for o in outcomes for g in o.gold if not g.matched)
    verdicts = [p.verdict for _, p in predicted]
    stage_confusion, stage_scored, stage_correct = _stage_figures(golds)
    counts = Counts(
        articles=len(outcomes),
        predicted_events=sum(len(o.events) for o in outcomes),
        predicted_tuples=len(predicted),
        correct=verdicts.count("correct"),
        spurious=verdicts.count("spurious"),
        ignored=verdicts.count("ignored"),
        required=len(golds),
        matched=sum(g.matched for g in golds),
        stage_scored=stage_scored,
        stage_correct=stage_correct,
        directed_matched=sum(g.matched and g.gold.directed for g in golds),
    )
    precision = _ratio(counts.correct, counts.correct + counts.spurious)
    recall = _ratio(counts.matched, counts.required)
    direction_errors = sum(m.direction_error for m in misses)
    direction_base = counts.directed_matched + direction_errors
    return EvalReport(
        precision=precision,
        recall=recall,
        f1=_harmonic(precision, recall),
        stage_accuracy=stage_correct / stage_scored if stage_scored else None,
        counts=counts,
        per_type=_per_type(golds, [p for _, p in predicted]),
        stage_confusion=stage_confusion,
        confusion=_nested_counts((m.gold.primary_type, t) for m in misses for t in m.confused_with),
        direction_errors=direction_errors,
        direction_error_rate=direction_errors / direction_base if direction_base else None,
        misses=misses,
        spurious=tuple(
            Spurious(name, p.event_tuple, p.events, p.must_not_note)
            for name, p in predicted
            if p.verdict == "spurious"
        ),
        must_not_hits=tuple(
            MustNotHit(name, p.event_tuple, p.must_not_note)
            for name, p in predicted
            if p.must_not_note is not None
        ),
        not_in_gold=not_in_gold,
    )


def _stage_figures(golds: Iterable[_GoldOutcome]) -> tuple[dict[str, dict[str, int]], int, int]:
    """Stage confusion, and how many matched staged gold tuples were scored / right."""
    pairs: list[tuple[str, str]] = []
    correct = 0
    for outcome in golds:
        if not outcome.matched or not outcome.gold.stages:
            continue
        predicted = [e.stage or "none" for e in outcome.matched_by]
        hit = next((s for s in outcome.gold.stages if s in predicted), None)
        correct += hit is not None
        pairs.append((hit, hit) if hit else (outcome.gold.stages[0], predicted[0]))
    return _nested_counts(pairs), len(pairs), correct


def _nested_counts(pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for row, column in pairs:
        table[row][column] = table[row].get(column, 0) + 1
    return {row: dict(sorted(table[row].items())) for row in sorted(table)}


def _per_type(
    golds: Sequence[_GoldOutcome], predicted: Sequence[_PredictedOutcome]
) -> dict[str, TypeScores]:
    def count(type_: str) -> TypeScores:
        own_golds = [g for g in golds if g.gold.primary_type == type_]
        own_predicted = [p.verdict for p in predicted if p.credited_type == type_]
        return TypeScores(
            type=type_,
            required=len(own_golds),
            matched=sum(g.matched for g in own_golds),
            correct=own_predicted.count("correct"),
            spurious=own_predicted.count("spurious"),
        )

    scores = (count(type_) for type_ in EVENT_TYPES)
    return {s.type: s for s in scores if s.required or s.correct or s.spurious}


# --------------------------------------------------------------------------- text report


def _summary_lines(report: EvalReport) -> list[str]:
    c = report.counts
    stage = "n/a" if report.stage_accuracy is None else f"{report.stage_accuracy:.2f}"
    rate = report.direction_error_rate
    lines = [
        f"precision {report.precision:.3f}  recall {report.recall:.3f}  F1 {report.f1:.3f}"
        f"  stage accuracy {stage} (n={c.stage_scored})",
        f"articles {c.articles}  predicted tuples {c.predicted_tuples}: {c.correct} correct,"
        f" {c.spurious} spurious, {c.ignored} ignored (optional gold)",
        f"required tuples {c.required}: {c.matched} found, {c.missed} missed",
        f"direction errors {report.direction_errors}"
        f" (rate {'n/a' if rate is None else f'{rate:.2f}'})",
    ]
    if report.not_in_gold:
        lines.append(f"not in gold (ignored): {', '.join(report.not_in_gold)}")
    return lines


def _type_table(report: EvalReport) -> list[str]:
    header = f"{'type':<22}{'required':>9}{'found':>7}{'correct':>9}{'spurious':>10}"
    rows = [
        f"{s.type:<22}{s.required:>9}{s.matched:>7}{s.correct:>9}{s.spurious:>10}"
        f"{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
        for s in report.per_type.values()
    ]
    return [f"{header}{'P':>7}{'R':>7}{'F1':>7}", *rows] if rows else []


def _confusion_sections(report: EvalReport) -> list[list[str]]:
    return [
        _count_table("stage confusion (gold -> predicted)", report.stage_confusion),
        _count_table("type confusion on missed tuples (gold -> predicted)", report.confusion),
        _must_not_lines(report.must_not_hits),
    ]


def _must_not_lines(hits: Sequence[MustNotHit]) -> list[str]:
    lines = [f"must-not tuples predicted ({len(hits)})"] if hits else []
    lines += [f"  {h.article}  {h.event_tuple.label()}  {h.note}".rstrip() for h in hits]
    return lines


def _count_table(title: str, table: Mapping[str, Mapping[str, int]]) -> list[str]:
    rows = [
        f"  {gold} -> {predicted}  {n}"
        for gold, row in table.items()
        for predicted, n in row.items()
    ]
    return [title, *rows] if rows else []


def _miss_lines(misses: Sequence[Miss]) -> list[str]:
    lines = [f"misses ({len(misses)})"] if misses else []
    for miss in misses:
        flags = ["direction error"] if miss.direction_error else []
        flags += [f"predicted as {t}" for t in miss.confused_with]
        flagged = "".join(f"  [{flag}]" for flag in flags)
        note = f"  - {miss.gold.note}" if miss.gold.note else ""
        lines.append(f"  {miss.article}  {miss.gold.label()}{flagged}{note}")
        lines += [f'      seen in: "{sentence}"' for sentence in miss.evidence]
        lines += [f"      nearest rule: {hint}" for hint in miss.nearest]
    return lines


def with_nearest_rules(
    report: EvalReport, nearest: Callable[[str, GoldTuple], tuple[str, ...]]
) -> EvalReport:
    """The report with, for every miss, the rules that came closest (from `explain`)."""
    misses = tuple(
        replace(miss, nearest=nearest(miss.article, miss.gold)) for miss in report.misses
    )
    return replace(report, misses=misses)


def _spurious_lines(spurious: Sequence[Spurious]) -> list[str]:
    lines = [f"spurious ({len(spurious)})"] if spurious else []
    for item in spurious:
        first = item.events[0]
        must_not = "" if item.must_not_note is None else "  [must not]"
        lines.append(
            f"  {item.article}  {item.event_tuple.label()}  stage {first.stage or 'none'}"
            f"  rule {first.rule or '?'}{must_not}"
        )
        more = f"  (+{len(item.events) - 1} more events)" if len(item.events) > 1 else ""
        if first.sentence or more:
            lines.append(f'      "{first.sentence}"{more}')
    return lines
