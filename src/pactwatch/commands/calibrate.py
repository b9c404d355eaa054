"""`pactwatch calibrate`: fit the confidence model on gold sets and show how well it holds.

    pactwatch calibrate GOLD[@HALF]... [--also-fit GOLD[@HALF]]... [--folds 5] [--write]

Each GOLD is a gold file whose articles are in the `articles/` folder beside
it (as in shared/acceptance); `@tune` keeps only the articles its
index.jsonl marks as that half. The positional sets are cross-validated and
fitted on; `--also-fit` sets are only fitted on (never judged). `--write`
replaces the shipped model (src/pactwatch/events/confidence.json); `-o FILE`
writes elsewhere. `make calibrate` runs the documented refit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from pactwatch.errors import GoldFileError, InputError

#: What --write replaces: the model the extractor loads.
SHIPPED = Path(__file__).resolve().parents[1] / "events" / "confidence.json"


def _load_run(spec: str, checked: bool) -> Any:
    """Extract the articles of one gold set (GOLD or GOLD@HALF) and judge the events."""
    from pactwatch.evaluate import load_gold, restrict_to_half
    from pactwatch.evaluate.calibration import GoldRun
    from pactwatch.events.confidence import FEATURES_KEY
    from pactwatch.pipeline import process

    path, _, half = spec.partition("@")
    gold = load_gold(path)
    if half:
        gold = restrict_to_half(gold, half)
    folder = Path(path).parent / "articles"
    files = [folder / name for name in sorted(gold.articles)]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise click.ClickException(f"{spec}: articles missing beside the gold: {missing[:3]}")
    records: list[dict[str, Any]] = []
    features: list[dict[str, float]] = []
    for result in process(files):
        if isinstance(result, InputError):
            click.echo(f"pactwatch: skipped {result}", err=True)
            continue
        for event in result.events:
            records.append(event.to_dict())
            features.append(event.extras[FEATURES_KEY])
    name = f"{Path(path).parent.name}{'@' + half if half else ''}"
    run = GoldRun(name, gold, records, features, checked=checked)
    judged = sum(e.weight for e in run.examples)
    click.echo(
        f"{name}: {len(files)} articles, {len(records)} events, {judged} judged tuples"
        f"{'' if checked else ' (fitted on only)'}",
        err=True,
    )
    return run


@click.command("calibrate")
@click.argument("sets", nargs=-1, required=True, metavar="GOLD[@HALF]...")
@click.option(
    "--also-fit",
    multiple=True,
    metavar="GOLD[@HALF]",
    help="Fit on this set too, without judging it (repeatable).",
)
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True)
@click.option("--penalty", type=float, help="L2 penalty to use instead of the best in CV.")
@click.option("--write", is_flag=True, help="Replace the shipped model with the new fit.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the model here."
)
def calibrate_command(
    sets: tuple[str, ...],
    also_fit: tuple[str, ...],
    folds: int,
    penalty: float | None,
    write: bool,
    output: Path | None,
) -> None:
    """Fit `confidence` on gold sets: cross-validated reliability, then the final model.

    GOLD is a gold file with its articles in articles/ beside it; GOLD@HALF
    keeps the half its index.jsonl marks (dev2: tune). Tries each penalty and
    level (which sets' share of right events the model promises) by
    cross-validation, prints the held-out reliability table of the best
    (buckets of 0.1: tuples, mean confidence, precision), then fits on every
    set.
    """
    from pactwatch.evaluate.calibration import PENALTIES, cross_validate, fit, shipped_table
    from pactwatch.evaluate.reliability import reliability_text
    from pactwatch.events.confidence import Model
    from pactwatch.pipeline import EXTRACTOR_VERSION

    try:
        runs = [_load_run(spec, True) for spec in sets]
        runs += [_load_run(spec, False) for spec in also_fit]
    except GoldFileError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(reliability_text(shipped_table(runs), "Shipped model, in sample"))
    levels = _levels(runs)
    trials = [
        cross_validate(runs, p, folds, level)
        for p in ((penalty,) if penalty else PENALTIES)
        for level in levels
    ]
    click.echo(f"Cross-validation, {folds} folds by article (level: the sets whose intercept")
    click.echo("the shipped bias takes):")
    for trial in trials:
        click.echo(
            f"  penalty {trial.penalty:<5g} level {_named(trial.level):<22} "
            f"held-out log-loss {trial.log_loss:.4f}, calibration error {trial.error:.3f}"
        )
    best = min(trials, key=lambda trial: trial.log_loss)
    click.echo()
    title = f"Held out, penalty {best.penalty:g}, level {_named(best.level)}"
    click.echo(reliability_text(best.table, title))
    examples = [example for run in runs for example in run.examples]
    weights = fit(examples, best.penalty, best.level)
    about = {
        "what": "logistic regression: confidence = 1 / (1 + exp(-sum(weight * feature)))",
        "fitted_on": [run.name for run in runs],
        "events": len(examples),
        "judged_tuples": sum(e.weight for e in examples),
        "penalty": best.penalty,
        "level": _named(best.level),
        "held_out": {
            "folds": folds,
            "sets": [run.name for run in runs if run.checked],
            "log_loss": round(best.log_loss, 4),
            "calibration_error": round(best.error, 4),
        },
        "extractor_version": EXTRACTOR_VERSION,
        "refit": "make calibrate",
    }
    model = Model(weights, about)
    target = output or (SHIPPED if write else None)
    if target is not None:
        target.write_text(model.to_json(), encoding="utf-8")
        click.echo(f"model with {len(weights)} weights written to {target}", err=True)
    else:
        click.echo("(not written: give --write to replace the shipped model)", err=True)


def _levels(runs: list[Any]) -> list[tuple[str, ...]]:
    """Every set's own level, and all sets' together."""
    return [(), *((run.name,) for run in runs)] if len(runs) > 1 else [()]


def _named(level: tuple[str, ...]) -> str:
    return ", ".join(level) or "all sets"


def register(main: click.Group) -> None:
    main.add_command(calibrate_command)
