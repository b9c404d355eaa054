"""`pactwatch review` and `pactwatch export --reviewed` as a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb

from .conftest import RunStoreCli


def _targets(db: Path, event_id: int) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as connection:
        rows = connection.execute(
            "SELECT country FROM event_actors WHERE event_id = ? AND role = 'target' "
            "ORDER BY position",
            [event_id],
        ).fetchall()
    return [str(row[0]) for row in rows]


def _event_id(db: Path, event_type: str, party: str) -> int:
    with duckdb.connect(str(db), read_only=True) as connection:
        row = connection.execute(
            """SELECT min(e.event_id) FROM events e JOIN event_actors x USING (event_id)
               WHERE e.type = ? AND x.country = ?""",
            [event_type, party],
        ).fetchone()
    assert row is not None and row[0] is not None
    return int(row[0])


def test_review_from_the_command_line_and_export_the_gold(
    run_store_cli: RunStoreCli, samples_store_file: Path, tmp_path: Path
) -> None:
    db = tmp_path / "reviewed.duckdb"
    shutil.copyfile(samples_store_file, db)
    transfer = _event_id(db, "arms_transfer", "RUS")
    condemnation = _event_id(db, "condemnation", "USA")
    targets = _targets(db, transfer)

    rejected = run_store_cli("review", "reject", condemnation, "--db", db, "--by", "ana")
    assert rejected.returncode == 0, rejected.stderr
    assert f"event {condemnation}: reject by ana" in rejected.stdout
    corrected = run_store_cli(
        "review",
        "correct",
        transfer,
        "--db",
        db,
        "--reverse",
        "--date",
        "2022-11",
        "--by",
        "bo",
        "--note",
        "Russia supplies Iran",
    )
    assert corrected.returncode == 0, corrected.stderr
    assert "date_precision" in corrected.stdout and "- Russia supplies Iran" in corrected.stdout

    bad = run_store_cli("review", "correct", transfer, "--db", db, "--source", "Atlantis")
    assert bad.returncode == 2 and "unknown country 'Atlantis'" in bad.stderr
    nothing = run_store_cli("review", "correct", transfer, "--db", db)
    assert nothing.returncode == 2 and "nothing to correct" in nothing.stderr
    missing = run_store_cli("review", "accept", "999999", "--db", db)
    assert missing.returncode == 1 and "no event 999999" in missing.stderr

    listed = run_store_cli("review", "list", "--db", db, "--format", "jsonl")
    actions = [json.loads(line)["action"] for line in listed.stdout.splitlines()]
    assert actions == ["correct", "reject"]
    events = run_store_cli("events", "--db", db, "--format", "csv")
    assert f"\n{condemnation}," not in events.stdout and f"\n{transfer}," in events.stdout

    gold = tmp_path / "reviewed.gold.json"
    exported = run_store_cli("export", "--reviewed", gold, "--db", db)
    assert exported.returncode == 0, exported.stderr
    assert "1 reviewed events and 1 rejected in 2 articles" in exported.stdout
    data = json.loads(gold.read_text(encoding="utf-8"))
    required = [e for a in data["articles"] for e in a["events"]]
    assert required[0]["source"] == targets and required[0]["date"]["precision"] == "month"
    neither = run_store_cli("export", "--db", db)
    assert neither.returncode == 2 and "one of them" in neither.stderr
