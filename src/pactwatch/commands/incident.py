"""`pactwatch incident ID`: one incident with every source's evidence, for reading in a terminal.

The incident (type, parties, stage, dates, outlets, claims) and, per source
article (syndicated copies included), its date, outlet, link, certainty,
review state and the evidence sentence in full, wrapped to the terminal.
`--format json` gives the same as data.
"""

from __future__ import annotations

import json
import sys
from datetime import date

import click

from pactwatch.commands.query import db_option, reading
from pactwatch.output import incident_text, print_renderable
from pactwatch.store import query


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


@click.command("incident")
@click.argument("incident_id", type=click.IntRange(min=0))
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def incident_command(incident_id: int, db: str, fmt: str) -> None:
    """Show INCIDENT_ID with every source's evidence, outlet, date and link."""
    with reading(db) as store:
        found = query.incident_detail(store, incident_id)
    if found is None:
        raise click.ClickException(f"no incident {incident_id} in {db}")
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=1, default=_json_default))
        return
    print_renderable(incident_text(found), sys.stdout)


def register(main: click.Group) -> None:
    main.add_command(incident_command)
