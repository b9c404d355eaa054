"""The evaluation report: its figures as values, and its text and JSON renderings.

Kept apart from scoring so a caller (or a CI gate) can read and print a report without the
matching machinery, and so the text report's wording can change without touching scoring.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pactwatch.evaluate.loading import PredictedEvent
from pactwatch.evaluate.tuples import EventTuple, GoldTuple


def ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def harmonic_mean(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


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
        return ratio(self.correct, self.correct + self.spurious)

    @property
    def recall(self) -> float:
        return ratio(self.matched, self.required)

    @property
    def f1(self) -> float:
        return harmonic_mean(self.precision, self.recall)

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
