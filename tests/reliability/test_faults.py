"""Faults of the machine and the database file: each is one line saying what to do.

- A full disk: a real 3 MB tmpfs (mounting needs root, which CI has; without
  it the test fails saying so rather than skipping).
- SIGKILL of `ingest` and `reprocess` at several points.
- A database file truncated to half, and one with three bytes flipped inside
  a block of table data.
- A database file the user may not write.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import (
    SAMPLES,
    Run,
    RunPactwatch,
    db_check,
    pactwatch_argv,
    stored_sources,
    write_articles,
)

ONE_LINE_ERROR = "pactwatch: "


def one_line_failure(run: Run, words: str) -> str:
    """The run failed with exit status 1 and a last stderr line holding `words`, no traceback."""
    assert run.status == 1, (run.status, run.stdout, run.stderr)
    assert "Traceback" not in run.stderr, run.stderr
    last = run.stderr.strip().splitlines()[-1]
    assert words in last, run.stderr
    return last


# ------------------------------------------------------------------ disk full


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs mounted for the test (and unmounted after)."""
    mount = shutil.which("mount")
    if os.geteuid() != 0 or mount is None:
        pytest.fail(
            "the disk-full test mounts a 3 MB tmpfs, which needs root (as in CI); "
            "run the suite as root to cover it"
        )
    point = tmp_path / "small"
    point.mkdir()
    done = subprocess.run(
        [mount, "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"cannot mount a 3 MB tmpfs for the disk-full test: {done.stderr.strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def test_a_full_disk_is_one_line_and_keeps_what_was_committed(
    small_disk: Path, tmp_path: Path, pactwatch: RunPactwatch
) -> None:
    inbox = write_articles(tmp_path / "inbox", 40)
    filler = small_disk / "filler"
    # room for some of the articles only: 200 kB of the disk left (batched writes put
    # about 9 kB of WAL per article of this inbox on disk, one per transaction 30 kB)
    disk = os.statvfs(small_disk)
    filler.write_bytes(bytes(disk.f_bavail * disk.f_frsize - 200_000))
    db = small_disk / "store.duckdb"

    full = pactwatch("ingest", inbox, "--db", db)
    last = one_line_failure(full, "the disk is full")
    assert last == (
        f"pactwatch: {db}: the disk is full; everything committed before is kept: "
        "free some space (or give --db a file on another disk) and run the command again"
    )
    committed = full.stderr.count("] new: ")
    assert 0 < committed < 40
    db_check(pactwatch, db)
    assert len(stored_sources(db)) == committed

    filler.unlink()
    rest = pactwatch("ingest", inbox, "--db", db)
    assert rest.status == 0, rest.stderr
    assert rest.stdout.startswith(f"40 articles: {40 - committed} new, {committed} duplicates")
    db_check(pactwatch, db)


# ---------------------------------------------------------------- SIGKILL


def _kill_when(argv: list[str], ready: str, count: int) -> None:
    """Start `argv`, SIGKILL it once `count` stderr lines contain `ready` (0: at once)."""
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        seen = 0
        while seen < count:
            line = process.stderr.readline()
            assert line, f"the process ended before it could be killed ({seen} of {count})"
            seen += ready in line
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL


def _holds_tables(db: Path) -> bool:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as connection:
        return bool(connection.execute("SHOW TABLES").fetchall())


def _events(db: Path) -> list[tuple[object, ...]]:
    from pactwatch.store import open_store

    with open_store(str(db), read_only=True) as store:
        return store.connection.execute(
            """SELECT a.path, e.type, e.evidence_start FROM events e JOIN articles a
               USING (article_id) ORDER BY 1, 2, 3"""
        ).fetchall()


@pytest.fixture(scope="module")
def kill_inbox(module_dir: Path) -> Path:
    return write_articles(module_dir / "kill-inbox", 12)


@pytest.fixture(scope="module")
def uninterrupted(module_dir: Path, kill_inbox: Path, pactwatch: RunPactwatch) -> Path:
    db = module_dir / "whole.duckdb"
    assert pactwatch("ingest", kill_inbox, "--db", db).status == 0
    return db


@pytest.mark.parametrize("commits", [0, 1, 7], ids=["at-start", "after-1", "after-7"])
def test_sigkill_during_ingest_leaves_a_sound_store_a_rerun_completes(
    tmp_path: Path,
    kill_inbox: Path,
    uninterrupted: Path,
    pactwatch: RunPactwatch,
    commits: int,
) -> None:
    db = tmp_path / "killed.duckdb"
    argv = [*pactwatch_argv(), "ingest", str(kill_inbox), "--db", str(db)]
    if commits == 0:  # killed while starting: loading, creating and migrating the store
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        process.kill()
        process.wait(timeout=60)
    else:
        _kill_when(argv, "] new: ", commits)
    if db.exists() and _holds_tables(db):
        db_check(pactwatch, db)
        assert len(stored_sources(db)) >= commits
    elif db.exists():
        # killed after DuckDB made the file, before the schema was committed: an
        # empty file, which `db check` names as no store yet and a rerun fills
        check = pactwatch("db", "check", "--db", db)
        assert check.status == 1 and "no pactwatch database here" in check.stderr
    rerun = pactwatch("ingest", kill_inbox, "--db", db)
    assert rerun.status == 0, rerun.stderr
    db_check(pactwatch, db)
    assert _events(db) == _events(uninterrupted)


def test_sigkill_during_reprocess_leaves_a_store_reprocess_repairs(
    tmp_path: Path, uninterrupted: Path, pactwatch: RunPactwatch
) -> None:
    db = tmp_path / "reprocessed.duckdb"
    shutil.copy(uninterrupted, db)
    process = subprocess.Popen(
        [*pactwatch_argv(), "reprocess", "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(4.0)  # spaCy loaded, some articles rewritten
    process.kill()
    process.wait(timeout=60)
    finished = pactwatch("reprocess", "--db", db)
    assert finished.status == 0, finished.stderr
    db_check(pactwatch, db)
    assert sorted(_events(db)) == sorted(_events(uninterrupted))


# ------------------------------------------------------------ damaged files


def test_a_truncated_database_is_one_line_everywhere(
    sample_store: Path, pactwatch: RunPactwatch
) -> None:
    with sample_store.open("r+b") as handle:
        handle.truncate(sample_store.stat().st_size // 2)
    for args in (("db", "check"), ("db", "info"), ("ingest", str(SAMPLES))):
        run = pactwatch(*args, "--db", sample_store)
        line = one_line_failure(run, "the database file is damaged")
        assert "restore it from a backup" in line
    events = pactwatch("events", "--db", sample_store)
    assert events.status != 0 and "Traceback" not in events.stderr
    assert "the database file is damaged" in events.stderr


def _data_block(db: Path) -> int:
    """A block holding table data (from DuckDB's own storage map)."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as connection:
        rows = connection.execute(
            "SELECT block_id FROM pragma_storage_info('articles') WHERE block_id >= 0"
        ).fetchall()
    return max(int(row[0]) for row in rows)


def test_bytes_flipped_inside_the_file_fail_db_check(
    sample_store: Path, pactwatch: RunPactwatch
) -> None:
    block = _data_block(sample_store)
    offset = 3 * 4096 + block * 262_144 + 100_000
    with sample_store.open("r+b") as handle:
        handle.seek(offset)
        original = handle.read(3)
        handle.seek(offset)
        handle.write(bytes(b ^ 0xFF for b in original))
    check = pactwatch("db", "check", "--db", sample_store)
    assert check.status == 1 and "Traceback" not in check.stderr
    assert f"FAIL blocks whose checksum does not match: 1 (damaged blocks {block};" in check.stdout
    assert check.stdout.strip().endswith("checks failed")
    for args in (("events",), ("ingest", str(SAMPLES))):
        run = pactwatch(*args, "--db", sample_store)
        assert "Traceback" not in run.stderr, run.stderr
        assert run.status == 0 or "the database file is damaged" in run.stderr


def test_stale_bytes_in_a_freed_block_are_not_damage(tmp_path: Path) -> None:
    """A checkpoint cut short by SIGKILL leaves half-written blocks that DuckDB then
    frees: they are no data, so `db check` must not call the file damaged."""
    import duckdb

    from pactwatch.store.duckdb import damaged_blocks

    path = tmp_path / "freed.duckdb"
    with duckdb.connect(str(path)) as connection:
        connection.execute("CREATE TABLE kept AS SELECT range AS i FROM range(200000)")
        connection.execute(
            "CREATE TABLE dropped AS SELECT md5(range::VARCHAR) AS s FROM range(400000)"
        )
        connection.execute("CHECKPOINT")
        dropped = {
            row[0]
            for row in connection.execute(
                "SELECT block_id FROM pragma_storage_info('dropped') WHERE block_id >= 0"
            ).fetchall()
        }
        connection.execute("DROP TABLE dropped")
        connection.execute("CHECKPOINT")
    freed = min(dropped)
    with path.open("r+b") as handle:
        handle.seek(3 * 4096 + freed * 262_144 + 100)
        handle.write(b"stale half-written bytes")
    assert damaged_blocks(path) == [freed]  # by the bytes alone it looks damaged
    with duckdb.connect(str(path)) as connection:
        from pactwatch.store.duckdb import _blocks_in_use, _free_blocks

        in_use, free = _blocks_in_use(connection), _free_blocks(connection)
    assert freed not in in_use and free >= 1
    assert damaged_blocks(path, in_use=in_use, free=free) == []


def test_a_database_the_user_may_not_write_is_one_line(
    sample_store: Path, tmp_path: Path, pactwatch: RunPactwatch
) -> None:
    sample_store.chmod(0o444)
    try:
        run = pactwatch("ingest", SAMPLES, "--db", sample_store, as_user=True)
    finally:
        sample_store.chmod(0o644)
    one_line_failure(run, "use a writable --db path")
