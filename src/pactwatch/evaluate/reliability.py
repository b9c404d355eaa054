"""Does `confidence` mean what it says? Reliability tables against gold.

Each predicted tuple is judged as `score` judges it (rules in the package
docstring): correct, spurious, or ignored (it matches only optional gold and
counts for nothing). A tuple takes the highest confidence of the events that
produced it. Tuples are put in buckets of confidence 0.1 wide; a bucket shows
how many tuples it holds, their mean confidence and the share that is correct
(its observed precision). A calibrated extractor has each bucket's precision
close to its mean confidence; the expected calibration error (ECE) is the
count-weighted mean of their gaps.

`event_labels` gives the same judgements per event (the share of its judged
tuples that are correct, and how many were judged), which is what
`pactwatch calibrate` fits the confidence model on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pactwatch.evaluate.loading import Gold, PredictedEvent, PredictionFileError, prediction_problem
from pactwatch.evaluate.scoring import _score_article

#: Bucket width of the reliability table.
WIDTH = 0.1


@dataclass(frozen=True, slots=True)
class JudgedTuple:
    """One predicted tuple with a verdict that counts (correct or spurious)."""

    article: str
    confidence: float
    correct: bool
    #: positions in the predictions of the events that produced it
    events: tuple[int, ...]


def judged_tuples(gold: Gold, records: Sequence[Mapping[str, Any]]) -> list[JudgedTuple]:
    """Every predicted tuple in a gold article that is correct or spurious (ignored left out)."""
    by_article: dict[str, list[PredictedEvent]] = defaultdict(list)
    for order, record in enumerate(records):
        problem = prediction_problem(record)
        if problem:
            raise PredictionFileError(f"prediction {order + 1}: {problem}")
        event = PredictedEvent.from_record(order, record)
        by_article[event.article].append(event)
    judged: list[JudgedTuple] = []
    for name, article in gold.articles.items():
        outcome = _score_article(article, by_article.get(name, []))
        for predicted in outcome.predicted:
            if predicted.verdict == "ignored":
                continue
            orders = tuple(event.order for event in predicted.events)
            confidence = max(float(records[order].get("confidence", 0.0)) for order in orders)
            judged.append(JudgedTuple(name, confidence, predicted.verdict == "correct", orders))
    return judged


def event_labels(judged: Iterable[JudgedTuple]) -> dict[int, tuple[float, int]]:
    """Per event (position in the predictions): (share of its judged tuples correct, count)."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for item in judged:
        for order in item.events:
            counts[order][0] += item.correct
            counts[order][1] += 1
    return {order: (right / total, total) for order, (right, total) in counts.items()}


@dataclass(frozen=True, slots=True)
class Bucket:
    low: float
    high: float
    count: int
    mean_confidence: float | None
    precision: float | None

    @property
    def gap(self) -> float | None:
        if self.mean_confidence is None or self.precision is None:
            return None
        return abs(self.precision - self.mean_confidence)

    def to_dict(self) -> dict[str, Any]:
        return {
            "low": round(self.low, 2),
            "high": round(self.high, 2),
            "count": self.count,
            "mean_confidence": _rounded(self.mean_confidence),
            "precision": _rounded(self.precision),
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def buckets(pairs: Iterable[tuple[float, bool]], width: float = WIDTH) -> list[Bucket]:
    """(confidence, correct) pairs grouped into buckets [0, 0.1), [0.1, 0.2) ... [0.9, 1.0]."""
    count = round(1 / width)
    grouped: list[list[tuple[float, bool]]] = [[] for _ in range(count)]
    for confidence, correct in pairs:
        grouped[min(count - 1, max(0, int(confidence / width)))].append((confidence, correct))
    table = []
    for index, members in enumerate(grouped):
        mean = sum(c for c, _ in members) / len(members) if members else None
        precision = sum(ok for _, ok in members) / len(members) if members else None
        table.append(Bucket(index * width, (index + 1) * width, len(members), mean, precision))
    return table


def calibration_error(table: Sequence[Bucket]) -> float:
    """Expected calibration error: the count-weighted mean gap between confidence and precision."""
    total = sum(bucket.count for bucket in table)
    if not total:
        return 0.0
    return sum(bucket.count * (bucket.gap or 0.0) for bucket in table) / total


def reliability(gold: Gold, records: Sequence[Mapping[str, Any]]) -> list[Bucket]:
    """The reliability table of predictions against gold."""
    return buckets((item.confidence, item.correct) for item in judged_tuples(gold, records))


def reliability_text(table: Sequence[Bucket], title: str = "Reliability") -> str:
    """The table as aligned text, with the totals and the ECE below it."""
    lines = [
        f"{title} (predicted tuples judged correct or spurious, by confidence)",
        f"{'confidence':<12}{'tuples':>8}{'mean conf.':>12}{'precision':>11}{'gap':>7}",
    ]
    for bucket in table:
        if not bucket.count:
            continue
        mean, precision, gap = bucket.mean_confidence, bucket.precision, bucket.gap
        assert mean is not None and precision is not None and gap is not None
        lines.append(
            f"{bucket.low:.1f}-{bucket.high:.1f}{'':<5}{bucket.count:>8}{mean:>12.3f}"
            f"{precision:>11.3f}{gap:>7.3f}"
        )
    total = sum(bucket.count for bucket in table)
    right = sum(round((bucket.precision or 0) * bucket.count) for bucket in table)
    lines.append(
        f"{total} tuples, {right} correct; expected calibration error "
        f"{calibration_error(table):.3f}"
    )
    return "\n".join(lines) + "\n"
