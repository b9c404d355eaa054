"""Shared fixtures: where the sample articles and the shared data live, and a CLI runner."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLES = REPO / "samples"

#: A real subprocess per call, so exit statuses and stderr are what a user sees.
RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return SHARED


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def seeds_gold() -> Path:
    return SHARED / "acceptance" / "seeds.gold.json"


def _run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pactwatch.cli", *(str(arg) for arg in args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd or REPO,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="session")
def run_cli() -> RunCli:
    """Run `pactwatch ARGS...` as a subprocess; returns the CompletedProcess."""
    return _run_cli
