"""Bad inputs: one real `ingest` (and `extract`) over a folder holding every kind at once.

Each input is either worked around (stored, with a warning naming the file
and line) or fails alone (one line naming it and the problem); the good
inputs are stored all the same, the exit status is 3, the store passes
`db check`, and no traceback is ever printed. The run happens once per
module; each case is then its own test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import (
    SAMPLES,
    Run,
    RunPactwatch,
    article_text,
    db_check,
    failed_sources,
    stored_sources,
    unprivileged,
)

LONG_SENTENCE_CHARS = 1_100_000


@dataclass(frozen=True)
class Case:
    """One input of the folder: its file, what becomes of it, and the words that say so."""

    source: str
    stored: bool
    words: str
    warned: bool = False


CASES = [
    Case("bad\ufffdbyte.txt", True, "file name is not valid UTF-8", warned=True),
    Case("utf16-without-bom.txt", True, ""),
    Case("damaged-utf8.txt", True, "line 3: 2 invalid UTF-8 byte sequences", warned=True),
    Case("long-sentence.txt", True, "parsed in pieces of at most 2,000", warned=True),
    Case("records.jsonl:1", True, '"text" held 1 lone UTF-16 surrogate', warned=True),
    Case("records.jsonl:2", False, "JSON nested too deeply to read"),
    Case("records.jsonl:3", True, "\"published\" '2023-02-30' is not a date", warned=True),
    Case("records.jsonl:4", True, '"url" held a user name or password', warned=True),
    Case("records.jsonl:5", False, "malformed JSON: Exceeds the limit (4300 digits)"),
    Case("records.jsonl:6", False, "malformed JSON: Expecting"),
    Case("records.jsonl:7", False, 'missing "text" or "html"'),
    Case("locked", False, "cannot read folder: Permission denied"),
    Case("empty.txt", False, "file is empty"),
    Case("image.txt", False, "binary file (a PNG image)"),
    Case("nul-bytes.txt", False, "binary file (holds NUL bytes)"),
    Case("huge.txt", False, "over the 10.0 MB limit"),
    Case("german.txt", True, "not English"),
]


def _record(**fields: object) -> str:
    return json.dumps(fields, ensure_ascii=True)


def build_inbox(root: Path) -> Path:
    """Every bad input of docs/reliability.md beside the five samples, on disk."""
    inbox = root / "inbox"
    inbox.mkdir()
    for sample in SAMPLES.glob("*.txt"):
        shutil.copy(sample, inbox / sample.name)
    name = os.fsencode(inbox) + b"/bad\xffbyte.txt"
    Path(os.fsdecode(name)).write_text(article_text(1), encoding="utf-8")
    (inbox / "utf16-without-bom.txt").write_bytes(article_text(2).encode("utf-16-le"))
    lines = article_text(3).encode("utf-8").split(b"\n")
    lines[2] = lines[2][:30] + b"\xff\xfe" + lines[2][30:]  # in the first paragraph
    (inbox / "damaged-utf8.txt").write_bytes(b"\n".join(lines))
    filler = "and the talks went on through the night in the capital "
    long = "Iran sent drones to Russia, " + filler * (LONG_SENTENCE_CHARS // len(filler))
    (inbox / "long-sentence.txt").write_text(long.rstrip() + ".\n", encoding="utf-8")
    surrogate = _record(id="s", text=article_text(4)).replace("Report 4", "Report \\ud800 4")
    records = [
        surrogate,
        '{"id": "n", "text": ' + "[" * 5_000 + "]" * 5_000 + "}",
        _record(id="p", text=article_text(5), published="2023-02-30"),
        _record(id="u", text=article_text(6), url="https://reader:s3cret@example.org/a"),
        '{"id": "big", "text": "x", "n": ' + "9" * 5_000 + "}",
        '{"id": "cut", "text": ',
        _record(id="no-text"),
    ]
    (inbox / "records.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    locked = inbox / "locked"
    locked.mkdir()
    (locked / "hidden-away.txt").write_text(article_text(7), encoding="utf-8")
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (inbox / "nul-bytes.txt").write_bytes(b"text\x00with\x00nul bytes " * 20)
    with (inbox / "huge.txt").open("wb") as handle:
        handle.truncate(10_000_001)  # sparse: refused by its size before it is read
    german = "Die Regierung in Berlin hat am Freitag neue Gespräche mit Paris angekündigt. " * 8
    (inbox / "german.txt").write_text(german, encoding="utf-8")
    locked.chmod(0)
    return inbox


@dataclass(frozen=True)
class Ingested:
    inbox: Path
    db: Path
    run: Run
    extract: Run
    output: Path


@pytest.fixture(scope="module")
def ingested(module_dir: Path) -> Ingested:
    inbox = build_inbox(module_dir)
    db = module_dir / "inbox.duckdb"
    output = module_dir / "events.jsonl"
    runs = []
    for args in (
        ["ingest", str(inbox), "--db", str(db)],
        ["extract", str(inbox), "-o", str(output)],
    ):
        argv = unprivileged([sys.executable, "-m", "pactwatch.cli", *args])
        done = subprocess.run(argv, capture_output=True, timeout=600, check=False)
        runs.append(
            Run(
                tuple(args),
                done.returncode,
                done.stdout.decode("utf-8", "replace"),
                done.stderr.decode("utf-8", "replace"),
            )
        )
    (inbox / "locked").chmod(0o755)
    return Ingested(inbox, db, runs[0], runs[1], output)


def _source(inbox: Path, case: Case) -> str:
    return str(inbox / case.source)


@pytest.mark.parametrize("case", CASES, ids=[c.source for c in CASES])
def test_each_bad_input_is_one_line_and_stored_or_not(ingested: Ingested, case: Case) -> None:
    source = _source(ingested.inbox, case)
    said = [line for line in ingested.run.stderr.splitlines() if source in line]
    assert "Traceback" not in ingested.run.stderr
    if case.words:
        assert any(case.words in line for line in said), (case, said)
    if case.warned:
        assert any(line.startswith(f"pactwatch: warning: {source}: ") for line in said), said
    stored = source in stored_sources(ingested.db)
    assert stored is case.stored, (case, ingested.run.stderr)


def test_the_run_goes_on_and_says_some_inputs_failed(
    ingested: Ingested, pactwatch: RunPactwatch
) -> None:
    run = ingested.run
    assert run.status == 3, run.stderr
    stored = stored_sources(ingested.db)
    for sample in SAMPLES.glob("*.txt"):
        assert str(ingested.inbox / sample.name) in stored
    failed = sum(not case.stored for case in CASES)
    assert f"{failed} failed;" in run.stdout
    db_check(pactwatch, ingested.db)


def test_what_was_worked_around_is_stored_as_it_should_read(ingested: Ingested) -> None:
    from pactwatch.store import open_store

    with open_store(str(ingested.db), read_only=True) as store:
        rows = dict(store.connection.execute("SELECT path, text FROM articles").fetchall())
        url = store.connection.execute(
            "SELECT url FROM articles WHERE path LIKE '%records.jsonl:4'"
        ).fetchone()
    damaged = rows[str(ingested.inbox / "damaged-utf8.txt")]
    assert "\ufffd\ufffd" in damaged and "â€" not in damaged  # UTF-8 kept, no cp1252 mojibake
    assert "Report \ufffd 4" in rows[str(ingested.inbox / "records.jsonl:1")]
    assert url == ("https://example.org/a",)
    assert rows[str(ingested.inbox / "utf16-without-bom.txt")].startswith("Report 2")


def test_extract_writes_every_event_even_past_a_name_that_is_not_utf8(ingested: Ingested) -> None:
    run = ingested.extract
    assert run.status == 3 and "Traceback" not in run.stderr
    lines = ingested.output.read_text(encoding="utf-8").splitlines()
    events = [json.loads(line) for line in lines]
    articles = {event["article"] for event in events}
    assert "bad\ufffdbyte.txt" in articles
    assert "long-sentence.txt" in articles
    assert len(events) >= 40


def test_a_document_that_fails_is_skipped_by_reruns_until_retried(
    tmp_path: Path, pactwatch: RunPactwatch
) -> None:
    """The time budget is a real way for one document to fail after it was read."""
    inbox = tmp_path / "storm"
    inbox.mkdir()
    text = ("Iran sent drones to Russia, and " * 700).rstrip(", and") + ".\n"
    (inbox / "storm.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "storm.duckdb"
    source = str(inbox / "storm.txt")

    first = pactwatch("ingest", inbox, "--db", db, "--time-budget", "0.5")
    assert first.status == 3
    assert first.lines(f"pactwatch: failed {source}: analysis stopped at sentence ")
    assert "time budget" in first.stderr and "--time-budget" in first.stderr
    assert failed_sources(db) == {source: "time budget"}
    db_check(pactwatch, db)

    again = pactwatch("ingest", inbox, "--db", db)
    assert again.status == 3
    (line,) = again.lines(f"pactwatch: failed {source}: ")
    assert "failed before (once, in time budget" in line and "--retry-failed" in line
    assert stored_sources(db) == []

    retried = pactwatch("ingest", inbox, "--db", db, "--retry-failed")
    assert retried.status == 0, retried.stderr
    assert retried.stdout.startswith("1 article: 1 new")
    assert stored_sources(db) == [source] and failed_sources(db) == {}
    db_check(pactwatch, db)
