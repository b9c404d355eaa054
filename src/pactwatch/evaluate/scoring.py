"""Matching predictions to gold and counting, by the rules in the package docstring.

The one place those rules are applied: loading only validates the inputs and the report
only presents what this module counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pactwatch.evaluate.loading import (
    Gold,
    GoldArticle,
    PredictedEvent,
    PredictionFileError,
    prediction_problem,
)
from pactwatch.evaluate.report import (
    Counts,
    EvalReport,
    Miss,
    MustNotHit,
    Spurious,
    TypeScores,
    harmonic_mean,
    ratio,
)
from pactwatch.evaluate.tuples import EventTuple, GoldTuple
from pactwatch.models import EVENT_TYPES

Verdict = Literal["correct", "spurious", "ignored"]


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
    precision = ratio(counts.correct, counts.correct + counts.spurious)
    recall = ratio(counts.matched, counts.required)
    direction_errors = sum(m.direction_error for m in misses)
    direction_base = counts.directed_matched + direction_errors
    return EvalReport(
        precision=precision,
        recall=recall,
        f1=harmonic_mean(precision, recall),
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
