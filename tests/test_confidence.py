"""Calibrated confidence: the features, the shipped model, reliability tables and the refit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pactwatch import extract
from pactwatch.cli import main
from pactwatch.evaluate import load_gold
from pactwatch.evaluate.reliability import (
    buckets,
    calibration_error,
    judged_tuples,
    reliability,
    reliability_text,
)
from pactwatch.events.confidence import (
    FEATURES_KEY,
    Model,
    load_model,
    rule_parts,
)

# ---------------------------------------------------------------- the model


def test_the_shipped_model_is_a_readable_fit_with_its_provenance() -> None:
    model = load_model()
    assert "bias" in model.weights and len(model.weights) > 20
    assert model.about["refit"] == "make calibrate"
    assert set(model.about["held_out"]["sets"]) >= {"dev", "dev2@tune"}


@pytest.mark.parametrize(
    ("rule", "frame", "modifiers"),
    [
        ("arms_transfer.give[send]", "give", ()),
        (
            "joint_exercise.symmetric_noun[drill]+earlier-mention",
            "symmetric_noun",
            ("earlier-mention",),
        ),
        ("sanction.restricts[halt]+arms_transfer.give[sell]", "restricts", ("arms_transfer.give",)),
        ("arms_transfer.made_in[made]", "made_in", ()),
    ],
)
def test_rule_parts(rule: str, frame: str, modifiers: tuple[str, ...]) -> None:
    assert rule_parts(rule) == (frame, modifiers)


def test_every_event_gets_the_models_probability_of_its_features() -> None:
    events = extract(
        "Iran sent drones to Russia last month, Ukrainian officials said on Monday. "
        "NATO and Sweden signed an agreement on defence cooperation.",
        published="2022-12-10",
    )
    assert len(events) >= 2
    model = load_model()
    for event in events:
        features = event.extras[FEATURES_KEY]
        assert features["bias"] == 1.0 and f"type={event.type}" in features
        assert 0.02 <= event.confidence <= 0.98
        assert event.confidence == pytest.approx(model.probability(features), abs=0.001)
    drones = next(e for e in events if e.type == "arms_transfer")
    features = drones.extras[FEATURES_KEY]
    assert features["words_apart"] > 0 and features["hops_apart"] > 0
    assert features["certainty=claimed"] == 1.0
    assert drones.to_dict()["confidence"] == drones.confidence


def test_a_feature_the_model_lacks_weighs_nothing() -> None:
    model = Model({"bias": 0.0, "type=sanction": 2.0}, {})
    assert model.probability({"bias": 1.0}) == 0.5
    assert model.probability({"bias": 1.0, "frame=new_rule": 1.0}) == 0.5
    assert model.probability({"bias": 1.0, "type=sanction": 1.0}) == pytest.approx(0.8808, 1e-3)
    assert Model.from_json(model.to_json()) == model


# ---------------------------------------------------------------- reliability


def _pred(article: str, source: str, target: str, confidence: float) -> dict[str, Any]:
    return {
        "article": article,
        "type": "arms_transfer",
        "actors": [
            {"role": "source", "country": source},
            {"role": "target", "country": target},
        ],
        "stage": "occurred",
        "confidence": confidence,
    }


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    events = [
        {"types": ["arms_transfer"], "source": "IRN", "target": "RUS"},
        {"types": ["arms_transfer"], "source": "CHN", "target": "SRB"},
        {"types": ["arms_transfer"], "source": "USA", "target": "UKR", "required": False},
    ]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"articles": [{"article": "a.txt", "events": events}]}))
    return path


def test_reliability_buckets_judged_tuples_by_their_highest_confidence(gold_file: Path) -> None:
    records = [
        _pred("a.txt", "IRN", "RUS", 0.95),
        _pred("a.txt", "IRN", "RUS", 0.40),  # the same tuple again: counted once, at 0.95
        _pred("a.txt", "CHN", "SRB", 0.91),
        _pred("a.txt", "RUS", "IRN", 0.93),  # reversed: spurious
        _pred("a.txt", "USA", "UKR", 0.35),  # optional only: not judged
        _pred("a.txt", "FRA", "MLI", 0.15),  # spurious
    ]
    gold = load_gold(gold_file)
    judged = judged_tuples(gold, records)
    assert sorted((t.confidence, t.correct) for t in judged) == [
        (0.15, False),
        (0.91, True),
        (0.93, False),
        (0.95, True),
    ]
    table = reliability(gold, records)
    top, low = table[9], table[1]
    assert (top.count, top.precision) == (3, pytest.approx(2 / 3))
    assert top.mean_confidence == pytest.approx((0.95 + 0.91 + 0.93) / 3)
    assert (low.count, low.precision) == (1, 0.0)
    assert calibration_error(table) == pytest.approx((3 * abs(2 / 3 - 0.93) + 0.15) / 4)
    text = reliability_text(table)
    assert "0.9-1.0" in text and "4 tuples, 2 correct" in text


def test_a_perfectly_calibrated_table_has_no_error() -> None:
    pairs = [(0.75, True)] * 3 + [(0.75, False)] + [(0.25, True)] + [(0.25, False)] * 3
    table = buckets(pairs)
    assert calibration_error(table) == 0.0
    assert [b.count for b in table if b.count] == [4, 4]


def test_eval_prints_the_reliability_table(gold_file: Path, tmp_path: Path) -> None:
    predictions = tmp_path / "pred.jsonl"
    lines = [_pred("a.txt", "IRN", "RUS", 0.85), _pred("a.txt", "CHN", "SRB", 0.82)]
    predictions.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    result = CliRunner().invoke(
        main, ["eval", str(gold_file), str(predictions), "--brief", "--calibration"]
    )
    assert result.exit_code == 0, result.output
    assert "0.8-0.9" in result.output and "2 tuples, 2 correct" in result.output
    as_json = CliRunner().invoke(
        main, ["eval", str(gold_file), str(predictions), "--format", "json", "--calibration"]
    )
    rows = json.loads(as_json.output)["reliability"]
    assert rows == [
        {"low": 0.8, "high": 0.9, "count": 2, "mean_confidence": 0.835, "precision": 1.0}
    ]


# ---------------------------------------------------------------- the refit


def test_calibrate_fits_cross_validates_and_writes_a_model_the_extractor_reads(
    tmp_path: Path, samples_dir: Path, seeds_gold: Path
) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(samples_dir, folder / "articles")
    shutil.copyfile(seeds_gold, folder / "gold.json")
    target = tmp_path / "model.json"
    result = CliRunner().invoke(
        main, ["calibrate", str(folder / "gold.json"), "--folds", "2", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert "Cross-validation, 2 folds by article" in result.output
    assert "Held out, penalty" in result.output and "expected calibration error" in result.output
    model = load_model(str(target))
    assert model.about["fitted_on"] == ["seeds"] and model.about["events"] > 10
    assert model.weights["bias"] != 0.0
