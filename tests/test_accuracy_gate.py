"""The regression gate: accuracy may not fall below the floors pinned in accuracy_floor.yaml.

Every set the project is measured on has its floors, and a set or figure missing from
the floor file fails, so no figure can silently drop out of the gate. dev2's check half
is scored for its totals only: a failure there prints the headline figures and never
the list of its misses or spurious events (those pages are never read or tuned on).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
import yaml

from pactwatch.evaluate import EvalReport, load_gold, restrict_to_half, score
from pactwatch.pipeline import ArticleResult, process

ROOT = Path(__file__).resolve().parents[1]
ACCEPTANCE = ROOT.parent / "shared" / "acceptance"
FLOORS: dict[str, Any] = yaml.safe_load((Path(__file__).parent / "accuracy_floor.yaml").read_text())

#: set name -> (gold file, articles folder, half of the index or None)
SETS: dict[str, tuple[Path, Path, str | None]] = {
    "seeds": (ACCEPTANCE / "seeds.gold.json", ROOT / "samples", None),
    "dev": (ACCEPTANCE / "dev" / "gold.json", ACCEPTANCE / "dev" / "articles", None),
    "dev2_tune": (ACCEPTANCE / "dev2" / "gold.json", ACCEPTANCE / "dev2" / "articles", "tune"),
    "dev2_check": (ACCEPTANCE / "dev2" / "gold.json", ACCEPTANCE / "dev2" / "articles", "check"),
}
#: sets whose errors may be shown when a floor fails
READABLE = frozenset({"seeds", "dev", "dev2_tune"})
FIGURES = ("f1", "precision", "recall", "stage_accuracy")


def _events(paths: list[Path]) -> list[dict[str, Any]]:
    results = [r for r in process(paths) if isinstance(r, ArticleResult)]
    return [event.to_dict() for result in results for event in result.events]


@functools.cache
def report_for(name: str) -> EvalReport:
    gold_path, folder, half = SETS[name]
    gold = load_gold(gold_path)
    if half is None:
        return score(gold, _events([folder]))
    gold = restrict_to_half(gold, half)
    return score(gold, _events([folder / article for article in sorted(gold.articles)]))


def test_every_set_has_every_floor() -> None:
    missing = [
        f"{name}.{figure}"
        for name in SETS
        for figure in (*FIGURES, "max_direction_error_rate")
        if figure not in FLOORS.get(name, {})
    ]
    missing += [] if "max_events" in FLOORS.get("bbc", {}) else ["bbc.max_events"]
    assert not missing, f"accuracy_floor.yaml lacks: {', '.join(missing)}"


@pytest.mark.parametrize("figure", FIGURES)
@pytest.mark.parametrize("name", list(SETS))
def test_set_stays_above_its_floor(name: str, figure: str) -> None:
    report = report_for(name)
    value = getattr(report, figure)
    floor = FLOORS[name][figure]
    summary = report.to_text(details=False).split("\n\n")[0]
    details = report.to_text() if name in READABLE else "(totals only for this set)"
    assert value is not None and value >= floor, (
        f"{name} {figure} {value} < {floor}\n{summary}\n{details}"
    )


@pytest.mark.parametrize("name", list(SETS))
def test_direction_errors_stay_rare(name: str) -> None:
    report = report_for(name)
    rate = report.direction_error_rate or 0.0
    summary = report.to_text(details=False).split("\n\n")[0]
    assert rate <= FLOORS[name]["max_direction_error_rate"], summary


def test_general_news_yields_almost_no_events() -> None:
    events = _events([ROOT.parent / "shared" / "corpus" / "bbc-news"])
    listing = "\n".join(f"{e['article']}: {e['type']} {e['evidence']['sentence']}" for e in events)
    assert len(events) <= FLOORS["bbc"]["max_events"], listing
