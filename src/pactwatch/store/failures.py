"""Documents that failed, remembered so a re-run skips them instead of failing again.

A document that can be read but breaks a later stage (a pactwatch bug, a run
out time budget) would otherwise fail on every `ingest` or `watch` cycle, and
before each run's boundary existed, kill it. It is recorded in
`failed_documents` under its source and the sha256 of its raw body: the same
document from the same place is skipped with its recorded problem, a changed
one is tried afresh, and `ingest --retry-failed` tries them all again.
Faults of the store itself (a full disk) are not recorded: they are not the
document's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pactwatch.store.database import Store


@dataclass(frozen=True, slots=True)
class Failure:
    """A document's recorded failure: where it broke, why, and how often."""

    source: str
    stage: str
    problem: str
    attempts: int

    def line(self) -> str:
        """What a re-run says instead of trying again."""
        tries = "once" if self.attempts == 1 else f"{self.attempts} times"
        return (
            f"failed before ({tries}, in {self.stage}: {self.problem}); "
            "skipped: give --retry-failed to try it again"
        )


def recorded_failures(store: Store) -> dict[tuple[str, str], Failure]:
    """Every recorded failure by (source, content hash): read once per run, kept small."""
    rows = store.connection.execute(
        "SELECT source, content_hash, stage, problem, attempts FROM failed_documents"
    ).fetchall()
    return {
        (str(row[0]), str(row[1])): Failure(str(row[0]), str(row[2]), str(row[3]), int(row[4]))
        for row in rows
    }


def recorded_failure(store: Store, source: str, digest: str) -> Failure | None:
    """The failure recorded for this document, None if it never failed (or was retried)."""
    row = store.connection.execute(
        "SELECT stage, problem, attempts FROM failed_documents "
        "WHERE source = ? AND content_hash = ?",
        [source, digest],
    ).fetchone()
    return None if row is None else Failure(source, str(row[0]), str(row[1]), int(row[2]))


def record_failure(store: Store, source: str, digest: str, stage: str, problem: str) -> None:
    """Remember that this document failed (once more) at `stage`."""
    now = datetime.now()
    with store.transaction() as connection:
        connection.execute(
            """INSERT INTO failed_documents (source, content_hash, stage, problem,
                   first_failed, last_failed, attempts)
               VALUES (?, ?, ?, ?, ?, ?, 1)
               ON CONFLICT (source, content_hash) DO UPDATE SET stage = excluded.stage,
                   problem = excluded.problem, last_failed = excluded.last_failed,
                   attempts = failed_documents.attempts + 1""",
            [source, digest, stage, problem, now, now],
        )


def forget_failure(store: Store, source: str, digest: str) -> None:
    """A document that failed before and now went through: drop its record."""
    with store.transaction() as connection:
        connection.execute(
            "DELETE FROM failed_documents WHERE source = ? AND content_hash = ?",
            [source, digest],
        )


def failure_count(store: Store) -> int:
    row = store.connection.execute("SELECT count(*) FROM failed_documents").fetchone()
    return int(row[0]) if row else 0
