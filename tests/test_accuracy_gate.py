"""The regression gate: accuracy may not fall below the floors pinned in accuracy_floor.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from pactwatch.evaluate import EvalReport, load_gold, score
from pactwatch.pipeline import ArticleResult, process

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FLOORS: dict[str, Any] = yaml.safe_load((Path(__file__).parent / "accuracy_floor.yaml").read_text())


def _events(folder: Path) -> list[dict[str, Any]]:
    results = [r for r in process([folder]) if isinstance(r, ArticleResult)]
    return [event.to_dict() for result in results for event in result.events]


def _report(gold: Path, articles: Path) -> EvalReport:
    return score(load_gold(gold), _events(articles))


@pytest.fixture(scope="module")
def seeds_report() -> EvalReport:
    return _report(SHARED / "acceptance" / "seeds.gold.json", ROOT / "samples")


@pytest.fixture(scope="module")
def dev_report() -> EvalReport:
    return _report(
        SHARED / "acceptance" / "dev" / "gold.json", SHARED / "acceptance" / "dev" / "articles"
    )


@pytest.mark.parametrize("figure", ["f1", "stage_accuracy"])
def test_seeds_stay_above_their_floor(seeds_report: EvalReport, figure: str) -> None:
    value = getattr(seeds_report, figure)
    assert value is not None and value >= FLOORS["seeds"][figure], seeds_report.to_text()


@pytest.mark.parametrize("figure", ["f1", "precision", "recall", "stage_accuracy"])
def test_dev_stays_above_its_floor(dev_report: EvalReport, figure: str) -> None:
    value = getattr(dev_report, figure)
    assert value is not None and value >= FLOORS["dev"][figure], dev_report.to_text()


def test_dev_direction_errors_stay_rare(dev_report: EvalReport) -> None:
    rate = dev_report.direction_error_rate or 0.0
    assert rate <= FLOORS["dev"]["max_direction_error_rate"], dev_report.to_text()


def test_general_news_yields_almost_no_events() -> None:
    events = _events(SHARED / "corpus" / "bbc-news")
    listing = "\n".join(f"{e['article']}: {e['type']} {e['evidence']['sentence']}" for e in events)
    assert len(events) <= FLOORS["bbc"]["max_events"], listing
