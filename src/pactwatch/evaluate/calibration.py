"""Fitting the confidence model (`pactwatch calibrate`): logistic regression on gold.

Every event the extractor makes on a gold set becomes one example: its
features (`events.confidence.features`, kept in the event's extras) and its
label, the share of its judged tuples that are correct (`reliability`), weighted
by how many were judged, so the model estimates the precision of tuples,
which is what the reliability table measures. Events whose tuples all match
only optional gold say nothing and are left out.

The model is an L2-penalised logistic regression fitted by Newton's method
(numpy only: a few hundred examples and fifty features), with an intercept
per gold set (see `fit`). The penalty, and which sets' level of correctness
the shipped bias takes, are chosen by cross-validation: the articles of the
checked sets are split into folds by a stable hash of their names; each
fold is predicted by a model fitted on everything else (the other folds and
the sets used only for fitting), and the choice with the lowest held-out
log-loss wins. The held-out predictions give the cross-validated
reliability table that docs/accuracy.md shows.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pactwatch.evaluate.loading import Gold
from pactwatch.evaluate.reliability import (
    Bucket,
    buckets,
    calibration_error,
    event_labels,
    judged_tuples,
)
from pactwatch.events.confidence import CEILING, FLOOR, Model

#: Penalties tried (on the weights, not the bias), weakest to strongest.
PENALTIES: tuple[float, ...] = (1.0, 3.0, 10.0, 30.0, 100.0)
DEFAULT_FOLDS = 5


@dataclass(slots=True)
class Example:
    """One event of a gold set: what the model reads and how right it was."""

    set_name: str
    article: str
    features: dict[str, float]
    label: float
    weight: int


@dataclass(slots=True)
class GoldRun:
    """One gold set's extraction: the records (events as JSON) and their features."""

    name: str
    gold: Gold
    records: list[dict[str, Any]]
    features: list[dict[str, float]]
    #: whether its articles are cross-validated (else it is only fitted on)
    checked: bool = True
    examples: list[Example] = field(default_factory=list)

    def __post_init__(self) -> None:
        labels = event_labels(judged_tuples(self.gold, self.records))
        for order, (label, weight) in sorted(labels.items()):
            record = self.records[order]
            article = str(record["article"]).replace("\\", "/").rsplit("/", 1)[-1]
            self.examples.append(Example(self.name, article, self.features[order], label, weight))


# ---------------------------------------------------------------- the fit


def _design(examples: Sequence[Example], names: Sequence[str]) -> np.ndarray:
    index = {name: i for i, name in enumerate(names)}
    matrix = np.zeros((len(examples), len(names)))
    for row, example in enumerate(examples):
        for name, value in example.features.items():
            column = index.get(name)
            if column is not None:
                matrix[row, column] = value
    return matrix


def fit(examples: Sequence[Example], penalty: float, level: Sequence[str] = ()) -> dict[str, float]:
    """Weights of an L2-penalised logistic regression (Newton's method).

    Each gold set gets an unpenalised intercept of its own, so the feature
    weights learn what tells events apart within a set, not which set an
    event came from (dev, tuned on for months, is right 98% of the time;
    pages new to the rules much less often). The shipped bias is the mean of
    the intercepts of the `level` sets (all sets when empty) weighted by
    their judged tuples: the level of correctness the model promises.
    """
    sets = sorted({example.set_name for example in examples})
    names = sorted({name for e in examples for name in e.features if name != "bias"})
    columns = [*names, *(f"set={name}" for name in sets)]
    x = _design(
        [
            Example(e.set_name, e.article, {**e.features, f"set={e.set_name}": 1.0}, 0, 0)
            for e in examples
        ],
        columns,
    )
    y = np.array([example.label for example in examples])
    w = np.array([example.weight for example in examples], dtype=float)
    ridge = np.array([penalty] * len(names) + [1e-6] * len(sets))
    beta = np.zeros(len(columns))
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -30, 30)))
        gradient = x.T @ (w * (p - y)) + ridge * beta
        hessian = (x.T * (w * p * (1 - p))) @ x + np.diag(ridge)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if float(np.max(np.abs(step))) < 1e-8:
            break
    weights = {name: round(float(value), 4) for name, value in zip(names, beta, strict=False)}
    chosen = [name for name in sets if not level or name in level]
    judged = {name: sum(e.weight for e in examples if e.set_name == name) for name in chosen}
    intercepts = dict(zip(sets, (float(b) for b in beta[len(names) :]), strict=True))
    total = sum(judged[name] * intercepts[name] for name in chosen)
    weights["bias"] = round(total / max(1, sum(judged.values())), 4)
    return weights


def predict(weights: dict[str, float], features: dict[str, float]) -> float:
    probability = Model(weights, {}).probability(features)
    return round(min(CEILING, max(FLOOR, probability)), 3)


def log_loss(examples: Sequence[Example], predictions: Sequence[float]) -> float:
    """Weighted cross-entropy of predictions against the examples' labels."""
    total = weight = 0.0
    for example, p in zip(examples, predictions, strict=True):
        total -= example.weight * (
            example.label * math.log(p) + (1 - example.label) * math.log(1 - p)
        )
        weight += example.weight
    return total / weight if weight else 0.0


def fold_of(example: Example, folds: int) -> int:
    """A stable fold per article, so an article's events are held out together."""
    digest = hashlib.sha256(f"{example.set_name}/{example.article}".encode()).digest()
    return digest[0] % folds


# ---------------------------------------------------------------- cross-validation


@dataclass(frozen=True, slots=True)
class CrossValidation:
    """Held-out predictions of the checked sets under one penalty."""

    penalty: float
    level: tuple[str, ...]
    log_loss: float
    table: list[Bucket]

    @property
    def error(self) -> float:
        return calibration_error(self.table)


def cross_validate(
    runs: Sequence[GoldRun], penalty: float, folds: int, level: Sequence[str] = ()
) -> CrossValidation:
    """Predict each checked article from a model that never saw it; judge its tuples."""
    every = [example for run in runs for example in run.examples]
    held: list[Example] = []
    predicted: list[float] = []
    confidences: dict[tuple[str, int], float] = {}
    for fold in range(folds):
        out = [e for run in runs if run.checked for e in run.examples if fold_of(e, folds) == fold]
        if not out:
            continue
        ids = {id(e) for e in out}
        weights = fit([e for e in every if id(e) not in ids], penalty, level)
        held += out
        predicted += [predict(weights, e.features) for e in out]
        for run in runs:
            if not run.checked:
                continue
            for order, features in enumerate(run.features):
                article = str(run.records[order]["article"]).replace("\\", "/").rsplit("/", 1)[-1]
                probe = Example(run.name, article, features, 0.0, 0)
                if fold_of(probe, folds) == fold:
                    confidences[(run.name, order)] = predict(weights, features)
    pairs: list[tuple[float, bool]] = []
    for run in runs:
        if not run.checked:
            continue
        records = [
            {**record, "confidence": confidences[(run.name, order)]}
            for order, record in enumerate(run.records)
        ]
        pairs += [(t.confidence, t.correct) for t in judged_tuples(run.gold, records)]
    return CrossValidation(penalty, tuple(level), log_loss(held, predicted), buckets(pairs))


def shipped_table(runs: Sequence[GoldRun]) -> list[Bucket]:
    """The reliability of the confidences the extractor gave now (the shipped model)."""
    pairs = [
        (t.confidence, t.correct)
        for run in runs
        if run.checked
        for t in judged_tuples(run.gold, run.records)
    ]
    return buckets(pairs)
