"""Adding to each miss the extractor rules that came closest to producing it.

Scoring needs only predictions, never the extractor; the nearest rules come from the
sentence readings `explain` shows, which only an evaluation with `--run` has, so the caller
supplies them afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from pactwatch.evaluate.report import EvalReport
from pactwatch.evaluate.tuples import GoldTuple


def with_nearest_rules(
    report: EvalReport, nearest: Callable[[str, GoldTuple], tuple[str, ...]]
) -> EvalReport:
    """The report with, for every miss, the rules that came closest (from `explain`)."""
    misses = tuple(
        replace(miss, nearest=nearest(miss.article, miss.gold)) for miss in report.misses
    )
    return replace(report, misses=misses)
