"""Options several commands share, defined once so their help says the same."""

from __future__ import annotations

import click

from pactwatch.pipeline import DEFAULT_TIME_BUDGET

time_budget_option = click.option(
    "--time-budget",
    type=click.FloatRange(min=0),
    default=DEFAULT_TIME_BUDGET,
    show_default=True,
    metavar="SECONDS",
    help="Give up a document whose analysis takes longer (0: no limit).",
)
