"""The fault and bad-input suite: real files, real `pactwatch` processes, a real server.

Every case is run the way a user meets it: a file written to disk, a command
run as a subprocess (so the exit status and stderr are what a terminal
shows), a database file on disk that `pactwatch db check` then inspects.
`docs/reliability.md` lists every case with what happens.
"""

from __future__ import annotations

import functools
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"

#: Run without the power to read or write any file (root's DAC override), so that
#: permissions mean as much to a test run as root as to a user.
SETPRIV = shutil.which("setpriv")
NO_OVERRIDE = (
    "--inh-caps=-dac_override,-dac_read_search",
    "--bounding-set=-dac_override,-dac_read_search",
)


def unprivileged(argv: list[str]) -> list[str]:
    """`argv` run so that file permissions hold even for root (CI runs as root)."""
    if os.geteuid() != 0:
        return argv
    if SETPRIV is None:
        import pytest

        pytest.fail("as root, util-linux's setpriv is needed to drop the power to read any file")
    return [SETPRIV, *NO_OVERRIDE, *argv]


@functools.cache
def _pool() -> tuple[str, ...]:
    return tuple(
        line.strip()
        for sample in sorted(SAMPLES.glob("*.txt"))
        for line in sample.read_text(encoding="utf-8").splitlines()
        if len(line.split()) >= 8
    )


def article_text(number: int) -> str:
    """A distinct article: a random handful of sample paragraphs (no two near-duplicates)."""
    return f"Report {number}\n\n" + "\n\n".join(random.Random(number).sample(_pool(), 6)) + "\n"


def write_articles(folder: Path, count: int, first: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(first, first + count):
        (folder / f"article_{number:03d}.txt").write_text(article_text(number), encoding="utf-8")
    return folder


@dataclass(frozen=True)
class Run:
    """A finished `pactwatch` process."""

    args: tuple[str, ...]
    status: int
    stdout: str
    stderr: str

    def lines(self, text: str) -> list[str]:
        """The stderr lines that mention `text`."""
        return [line for line in self.stderr.splitlines() if text in line]


RunPactwatch = Callable[..., Run]


def pactwatch_argv() -> list[str]:
    return [sys.executable, "-m", "pactwatch.cli"]


def _run(
    *args: str | Path,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 300,
    as_user: bool = False,
) -> Run:
    """`as_user`: without root's power over file permissions (see `unprivileged`)."""
    argv = [*pactwatch_argv(), *(os.fsdecode(arg) for arg in args)]
    process = subprocess.run(
        unprivileged(argv) if as_user else argv,
        capture_output=True,
        env=env,
        cwd=cwd or REPO,
        timeout=timeout,
        check=False,
    )
    return Run(
        tuple(os.fsdecode(arg) for arg in args),
        process.returncode,
        process.stdout.decode("utf-8", "replace"),
        process.stderr.decode("utf-8", "replace"),
    )


@pytest.fixture(scope="session")
def pactwatch() -> RunPactwatch:
    """Run `pactwatch ARGS...` as a process; stderr and stdout are decoded leniently,
    so output that is not UTF-8 shows up in an assertion rather than breaking it."""
    return _run


def db_check(run: RunPactwatch, db: Path | str) -> Run:
    """`pactwatch db check`, asserted to pass."""
    result = run("db", "check", "--db", db)
    assert result.status == 0, result.stdout + result.stderr
    assert "all checks passed" in result.stdout and "FAIL" not in result.stdout
    return result


def stored_sources(db: Path | str) -> list[str]:
    """The `path` of every stored article, read directly from the database."""
    from pactwatch.store import open_store

    with open_store(str(db), read_only=True) as store:
        rows = store.connection.execute("SELECT path FROM articles ORDER BY path").fetchall()
    return [str(row[0]) for row in rows]


def failed_sources(db: Path | str) -> dict[str, str]:
    """Documents recorded as failed, by source, with their stage."""
    from pactwatch.store import open_store

    with open_store(str(db), read_only=True) as store:
        rows = store.connection.execute(
            "SELECT source, stage FROM failed_documents ORDER BY source"
        ).fetchall()
    return {str(row[0]): str(row[1]) for row in rows}


@pytest.fixture(scope="session")
def pristine_samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DuckDB store holding the five samples, made once by a real `ingest`."""
    db = tmp_path_factory.mktemp("pristine") / "samples.duckdb"
    result = _run("ingest", SAMPLES, "--db", db)
    assert result.status == 0, result.stderr
    return db


@pytest.fixture
def sample_store(tmp_path: Path, pristine_samples: Path) -> Path:
    """A copy of the samples' store for one test to damage."""
    db = tmp_path / "samples.duckdb"
    shutil.copy(pristine_samples, db)
    return db


@pytest.fixture(scope="module")
def module_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("reliability")
