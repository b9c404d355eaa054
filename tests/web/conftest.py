"""Web fixtures: a real DuckDB store of the samples and real uvicorn servers on 127.0.0.1.

`live_server(db_path, token=None) -> base_url` starts `create_app(db_path,
token=token)` under uvicorn on a free loopback port in a background thread
and returns "http://127.0.0.1:PORT"; every server stops at the end of the
session. The same (file, token) gets the same server. `api_url` is such a
server over the samples. `serve_store(db_path, token=None)` is the same as a
context manager whose server stops (and closes its file) on exit. A server holds its
file open (read-only without a token, read-write with one), and DuckDB lets a
process open a file only one way: give a token server its own copy
(`writable_db`), never `sample_db`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn

from pactwatch.commands.web import bind
from pactwatch.ingest import ingest
from pactwatch.store import open_store
from pactwatch.store.locations import is_postgres_url
from pactwatch.web import create_app

from .bigstore import big_store
from .browser import browser

#: Fixtures of the dashboard tests: the session's headless Chromium and big store.
__all__ = ["big_store", "browser"]

LiveServer = Callable[..., str]

#: How long a server may take to start or stop.
SERVER_TIMEOUT = 15.0


class ThreadServer:
    """uvicorn serving one app on 127.0.0.1 from a daemon thread."""

    def __init__(self, db_path: str | Path, token: str | None) -> None:
        sock = bind("127.0.0.1", 0)
        self.base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        config = uvicorn.Config(
            create_app(db_path, token=token), log_level="warning", access_log=False
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self.thread.start()
        self._wait_started()

    def _wait_started(self) -> None:
        deadline = time.monotonic() + SERVER_TIMEOUT
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn did not start on {self.base_url}")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(SERVER_TIMEOUT)


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    """Factory: live_server(db_path_or_url, token=None) -> "http://127.0.0.1:PORT"."""
    servers: dict[tuple[str, str | None], ThreadServer] = {}

    def start(db_path: str | Path, token: str | None = None) -> str:
        location = str(db_path)
        if not is_postgres_url(location):
            location = str(Path(location).resolve())
        key = (location, token)
        if key not in servers:
            servers[key] = ThreadServer(location, token)
        return servers[key].base_url

    yield start
    for server in servers.values():
        server.stop()


ServeStore = Callable[..., AbstractContextManager[str]]


@contextmanager
def _serving(db_path: str | Path, token: str | None = None) -> Iterator[str]:
    server = ThreadServer(db_path, token)
    try:
        yield server.base_url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def serve_store() -> ServeStore:
    """Factory: `with serve_store(db_path, token=None) as base_url:` a server for the block."""
    return _serving


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> Path:
    """The five sample articles ingested into a real DuckDB file, once per session."""
    path = tmp_path_factory.mktemp("web_store") / "samples.duckdb"
    with open_store(path) as store:
        summary = ingest(store, [samples_dir])
    assert summary.failed == 0, summary.failures
    return path


@pytest.fixture
def writable_db(sample_db: Path, tmp_path: Path) -> Path:
    """A copy of the sample store of this test's own, for a server that writes."""
    path = tmp_path / "writable.duckdb"
    shutil.copyfile(sample_db, path)
    return path


@pytest.fixture(scope="session")
def api_url(live_server: LiveServer, sample_db: Path) -> str:
    """A read-only server over the sample store, shared by the session."""
    return live_server(sample_db)


@pytest.fixture
def client(api_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_url, timeout=60) as http:
        yield http


# ---------------------------------------------------------------- pactwatch serve


def serve_argv() -> list[str]:
    """argv of `pactwatch serve`: through the CLI once `serve` is registered there."""
    from pactwatch.cli import main

    if "serve" in main.commands:
        return [sys.executable, "-m", "pactwatch.cli", "serve"]
    runner = "from pactwatch.commands.web import serve_command; serve_command()"
    return [sys.executable, "-c", runner]


@pytest.fixture(scope="session")
def run_serve() -> Callable[..., subprocess.Popen[str]]:
    """Start `pactwatch serve ARGS...` as a real process (the caller stops it)."""

    def start(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [*serve_argv(), *(str(arg) for arg in args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )

    return start
