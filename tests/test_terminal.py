"""The terminal: progress bars (on a real pseudo-terminal), fitted tables, `pactwatch incident`."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console

from pactwatch.output import terminal_table
from pactwatch.progress import ProgressReport, count_inputs
from pactwatch.store import open_store, query

LONG = "Iran sent drones to Russia last month, officials said, " * 6


def test_plain_progress_prints_every_nth_line_and_the_last() -> None:
    stream = io.StringIO()
    with ProgressReport("reprocess", total=5, every=2, stream=stream, interactive=False) as bar:
        for done in range(1, 6):
            bar.advance(f"reprocessed {done} of 5")
        bar.note("a failure, always shown")
    assert stream.getvalue().splitlines() == [
        "reprocessed 2 of 5",
        "reprocessed 4 of 5",
        "reprocessed 5 of 5",
        "a failure, always shown",
    ]


def test_count_inputs_counts_files_and_json_lines(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.html").write_text("x")
    (tmp_path / "notes.md").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "batch.jsonl").write_text('{"id": 1}\n\n{"id": 2}\n{"id": 3}\n')
    assert count_inputs([tmp_path]) == 5
    assert count_inputs([tmp_path / "a.txt", tmp_path / "batch.jsonl"]) == 4


def _on_a_terminal(argv: list[str], columns: int = 100, timeout: float = 300) -> str:
    """Run a command with stdout and stderr on a pseudo-terminal; everything it drew."""
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": str(columns), "TERM": "xterm"}
    process = subprocess.Popen(argv, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
        assert time.monotonic() < deadline, "the command did not finish"
    process.wait(timeout=60)
    os.close(leader)
    assert process.returncode == 0, b"".join(chunks).decode(errors="replace")
    text = b"".join(chunks).decode("utf-8", errors="replace")
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)


def test_ingest_and_reprocess_show_a_bar_with_count_rate_and_eta(
    tmp_path: Path, samples_dir: Path
) -> None:
    db = tmp_path / "bar.duckdb"
    cli = [sys.executable, "-m", "pactwatch.cli"]
    drawn = _on_a_terminal([*cli, "ingest", str(samples_dir), "--db", str(db)])
    assert re.search(r"ingest .*5/5 +[\d.]+ articles/s +eta", drawn), drawn
    assert "5 articles: 5 new" in drawn
    assert "[1] new:" not in drawn  # the per-article lines are for logs, not terminals
    again = _on_a_terminal([*cli, "reprocess", "--db", str(db)])
    assert re.search(r"reprocess .*5/5 +[\d.]+ articles/s", again), again


def test_extract_shows_a_bar_on_a_terminal_and_lines_in_a_pipe(samples_dir: Path) -> None:
    cli = [sys.executable, "-m", "pactwatch.cli"]
    drawn = _on_a_terminal([*cli, "extract", str(samples_dir), "--format", "csv"])
    assert re.search(r"extract .*5/5 .*articles/s", drawn), drawn
    piped = subprocess.run(
        [*cli, "extract", str(samples_dir)], capture_output=True, text=True, check=True
    )
    lines = [line for line in piped.stderr.splitlines() if line.startswith("[")]
    assert len(lines) == 5 and lines[0].startswith("[1] ") and "events" in lines[0]
    assert "\x1b" not in piped.stderr and piped.stdout.count("\n") > 10


# ---------------------------------------------------------------- tables


@pytest.mark.parametrize("width", [60, 100, 160])
def test_a_terminal_table_fits_its_width(width: int) -> None:
    rows = [
        {"event_id": 7, "type": "arms_transfer", "sources": ["IRN"], "evidence": LONG},
        {"event_id": 12, "type": "joint_exercise", "sources": [], "evidence": "Short."},
    ]
    columns = ["event_id", "type", "sources", "evidence"]
    console = Console(width=width, file=io.StringIO(), color_system=None)
    with console.capture() as captured:
        console.print(terminal_table(rows, columns, width=width, numeric=frozenset({"event_id"})))
    lines = captured.get().splitlines()
    assert max(len(line.rstrip()) for line in lines) <= width
    body = [line for line in lines if "IRN" in line]
    assert len(body) == 1 and body[0].rstrip().endswith("…")
    with console.capture() as captured:
        console.print(terminal_table(rows, columns, width=width, full=True))
    wrapped = " ".join(part.strip() for part in captured.get().split())
    assert max(len(line.rstrip()) for line in captured.get().splitlines()) <= width
    assert "officials said," in wrapped and wrapped.count("drones") == 6


# ---------------------------------------------------------------- one incident


def test_incident_prints_every_source_with_its_evidence(tmp_path: Path, samples_dir: Path) -> None:
    db = tmp_path / "incident.duckdb"
    shutil.copytree(samples_dir, tmp_path / "samples")
    cli = [sys.executable, "-m", "pactwatch.cli"]
    subprocess.run(
        [*cli, "ingest", str(tmp_path / "samples"), "--db", str(db)],
        check=True,
        capture_output=True,
    )
    with open_store(db, read_only=True) as store:
        table = query.incidents(store).to_pylist()
    busiest = max(table, key=lambda incident: len(incident["reports"]))
    shown = subprocess.run(
        [*cli, "incident", str(busiest["incident_id"]), "--db", str(db)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert shown.startswith(f"Incident {busiest['incident_id']}: {busiest['type']}")
    assert f"Sources ({len(busiest['reports'])}):" in shown
    for report in busiest["reports"]:
        assert report["evidence"] in shown.replace("\n", " ")
    as_json = subprocess.run(
        [*cli, "incident", str(busiest["incident_id"]), "--db", str(db), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(as_json)["events"][0]["event_id"] in {
        r["event_id"] for r in busiest["reports"]
    }
    missing = subprocess.run(
        [*cli, "incident", "99999", "--db", str(db)], capture_output=True, text=True
    )
    assert missing.returncode == 1 and "no incident 99999" in missing.stderr
