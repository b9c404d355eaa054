"""pactwatch.pool: work in forked processes, results in input order, dead workers replaced."""

from __future__ import annotations

import functools
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pactwatch import pool
from pactwatch.pool import MAX_ATTEMPTS, WorkerError, ahead, chunks_in_order, in_order


def _square_unless_fatal(numbers: list[int], *, fatal: int, marker: Path, once: bool) -> list[int]:
    """Squares; the worker given `fatal` dies (only the first time with `once`)."""
    if fatal in numbers and not (once and marker.exists()):
        with marker.open("a") as tally:
            tally.write("x")
        os.kill(os.getpid(), signal.SIGKILL)
    return [n * n for n in numbers]


def test_results_come_in_input_order_whole_chunks_at_least_two_at_a_time(
    tmp_path: Path,
) -> None:
    work = functools.partial(_square_unless_fatal, fatal=-1, marker=tmp_path / "m", once=True)
    handed = list(chunks_in_order(range(20), work, jobs=2, chunk=3, least=2))
    assert [n for results in handed for n in results] == [n * n for n in range(20)]
    assert all(len(results) >= 6 and len(results) % 3 == 0 for results in handed[:-1])
    assert len(handed[-1]) in (2, 5, 8, 11, 14)  # whole chunks and the short last one


def test_a_worker_killed_once_loses_and_doubles_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "killed"
    work = functools.partial(_square_unless_fatal, fatal=11, marker=marker, once=True)
    assert list(in_order(range(40), work, jobs=2, chunk=2)) == [n * n for n in range(40)]
    assert marker.read_text() == "x"


def test_a_chunk_that_keeps_killing_its_worker_ends_the_run_naming_it(tmp_path: Path) -> None:
    marker = tmp_path / "killed"
    work = functools.partial(_square_unless_fatal, fatal=11, marker=marker, once=False)
    with pytest.raises(WorkerError, match=r"died 3 times while the 2 documents from 10 were out"):
        list(in_order(range(40), work, jobs=2, chunk=2))
    assert marker.read_text() == "x" * MAX_ATTEMPTS


def _pid_and_square(numbers: list[int]) -> list[tuple[int, int]]:
    return [(os.getpid(), n * n) for n in numbers]


def _numbers_then_fail(count: int) -> Iterator[int]:
    yield from range(count)
    raise OSError("disk gone")


def test_ahead_works_in_another_process_and_keeps_the_order() -> None:
    """The first stage of `extract --jobs`: one more process, started at once, that
    iterates the items itself (more than its queue holds) and hands results in order."""
    found = list(ahead(iter(range(500)), _pid_and_square, chunk=7))
    assert [square for _, square in found] == [n * n for n in range(500)]
    assert {pid for pid, _ in found} != {os.getpid()} and len({pid for pid, _ in found}) == 1


def test_ahead_says_when_its_items_fail_and_when_its_process_dies(tmp_path: Path) -> None:
    with pytest.raises(WorkerError, match="reading the documents failed: OSError: disk gone"):
        list(ahead(_numbers_then_fail(20), _pid_and_square, chunk=3))
    marker = tmp_path / "killed"
    work = functools.partial(_square_unless_fatal, fatal=5, marker=marker, once=False)
    with pytest.raises(WorkerError, match="the process reading the documents died"):
        list(ahead(iter(range(20)), work, chunk=2))


def _counted(numbers: list[int], *, tally: Path) -> list[int]:
    with tally.open("a") as out:
        out.write("x")
    return numbers


def _settled_count(tally: Path) -> int:
    """Chunks worked on so far, once the reading process has stopped for a moment."""
    while not tally.exists():
        time.sleep(0.05)
    before, now = -1, len(tally.read_text())
    while now != before:
        time.sleep(0.3)
        before, now = now, len(tally.read_text())
    return now


def test_ahead_runs_further_until_the_caller_takes_its_first_chunk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the caller loads spaCy (before it takes anything) the reading process goes
    on for AHEAD_WHILE_LOADING chunks; once it takes, it stays AHEAD_CHUNKS ahead."""
    monkeypatch.setattr(pool, "AHEAD_WHILE_LOADING", 6)
    monkeypatch.setattr(pool, "AHEAD_CHUNKS", 2)
    tally = tmp_path / "tally"
    taken = ahead(iter(range(100)), functools.partial(_counted, tally=tally), chunk=1)
    assert _settled_count(tally) == 6 + 1  # six handed over, the seventh done and waiting
    assert next(taken) == 0
    assert _settled_count(tally) == 7  # 6 put, 1 taken: still more than 2 ahead
    assert [next(taken) for _ in range(4)] == [1, 2, 3, 4]
    assert _settled_count(tally) == 8  # 7 put, 5 taken: room for one more
    assert list(taken) == list(range(5, 100))
