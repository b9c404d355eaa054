"""A real `pactwatch serve` process on 127.0.0.1 against slow, idle and broken clients.

- 300 connections that send half a request head do not keep a real request
  out, and are closed after the header timeout.
- A POSTed article whose analysis breaks (here: runs past the time budget)
  is a 422 naming the problem, and a small POST meanwhile is answered at once
  (analysis runs outside the writers' lock).
- JSON nested thousands deep is a 422; lone surrogates are replaced.
- A token too short to keep anyone out is refused at start.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .conftest import RunPactwatch, pactwatch_argv

TOKEN = "reliability-suite-token-0123456789"
HEADER_TIMEOUT = 5.0
HALF_OPEN = 300


def _environment(token: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PACTWATCH_TOKEN"}
    if token is not None:
        env["PACTWATCH_TOKEN"] = token
    return env


@pytest.fixture(scope="module")
def server(pristine_samples: Path, module_dir: Path) -> Iterator[str]:
    """`pactwatch serve` with a token over a copy of the samples' store; its base URL."""
    db = module_dir / "served.duckdb"
    shutil.copy(pristine_samples, db)
    process = subprocess.Popen(
        [
            *pactwatch_argv(),
            "serve",
            "--db",
            str(db),
            "--port",
            "0",
            "--header-timeout",
            str(HEADER_TIMEOUT),
            "--time-budget",
            "3",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment(TOKEN),
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("pactwatch dashboard: http://127.0.0.1:"), line
        base = line.split()[2].rstrip("/")
        with httpx.Client(timeout=120) as client:  # the first answer waits for start-up
            assert client.get(f"{base}/api/health").status_code == 200
        yield base
    finally:
        process.terminate()
        process.wait(timeout=60)


def _half_open(base: str, count: int) -> list[socket.socket]:
    host, port = base.removeprefix("http://").split(":")
    sockets = []
    for _ in range(count):
        sock = socket.create_connection((host, int(port)), timeout=10)
        sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
        sockets.append(sock)
    return sockets


def test_half_open_connections_do_not_keep_real_requests_out(server: str) -> None:
    """Without the limit's eviction a real request got 503 behind them (issue 13)."""
    sockets = _half_open(server, HALF_OPEN)
    try:
        response = httpx.get(f"{server}/api/health", timeout=60)
        assert response.status_code == 200 and response.json()["articles"] >= 5
        open_left = _open_after(sockets, HEADER_TIMEOUT + 60)
        assert open_left == 0, f"{open_left} half-open connections outlived the header timeout"
    finally:
        for sock in sockets:
            sock.close()


def _open_after(sockets: list[socket.socket], deadline: float) -> int:
    """How many of `sockets` the server has not closed once `deadline` seconds have passed."""
    waiting = list(sockets)
    ends = time.monotonic() + deadline
    while waiting and time.monotonic() < ends:
        still = []
        for sock in waiting:
            sock.settimeout(0.01)
            try:
                if sock.recv(1) != b"":
                    still.append(sock)
            except ConnectionResetError:
                pass
            except TimeoutError:
                still.append(sock)
        waiting = still
        time.sleep(0.5)
    return len(waiting)


def _post(base: str, body: bytes, media: str = "application/json", **params: str) -> httpx.Response:
    return httpx.post(
        f"{base}/api/articles",
        content=body,
        params=params,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": media},
        timeout=120,
    )


def test_a_post_whose_analysis_fails_is_a_422_and_does_not_hold_others(server: str) -> None:
    """The small POST is answered before the long one gives up: analysis runs outside the
    writers' lock (before, a 30 kB POST held a small one for minutes)."""
    # 96 kB, several times the 3 s budget of work; the small POST takes well under
    # 3 s even on a loaded machine (with a 1 s budget it did not, there)
    storm = ("Iran sent drones to Russia, and " * 3_000).encode()
    finished: dict[str, tuple[float, httpx.Response]] = {}

    def post(name: str, body: bytes) -> None:
        response = _post(server, body, "text/plain", id=name)
        finished[name] = (time.monotonic(), response)

    slow = threading.Thread(target=post, args=("storm", storm))
    slow.start()
    time.sleep(0.2)
    post("small", b"Poland signed a contract on Friday to buy 180 K2 tanks from South Korea.")
    slow.join(timeout=300)
    (small_at, small), (slow_at, failed) = finished["small"], finished["storm"]
    assert small.status_code == 201, small.text
    assert failed.status_code == 422, failed.text
    assert "time budget" in failed.json()["detail"]
    assert small_at < slow_at


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        (b'{"id": "deep", "text": ' + b"[" * 5_000 + b"]" * 5_000 + b"}", 422, "nested too deeply"),
        (b'{"id": "big", "text": "x", "n": ' + b"9" * 5_000 + b"}", 422, "malformed JSON"),
        (
            b'{"id": "lone", "text": "Iran sent drones \\ud800 to Russia last month."}',
            201,
            "",
        ),
    ],
    ids=["nested", "long-number", "lone-surrogate"],
)
def test_json_bodies_python_cannot_hold(server: str, body: bytes, status: int, words: str) -> None:
    response = _post(server, body)
    assert response.status_code == status, response.text
    if words:
        assert words in response.json()["detail"]
    else:
        article = httpx.get(f"{server}/api/articles/{response.json()['article_id']}").json()
        assert "drones \ufffd to Russia" in article["text"]


@pytest.mark.parametrize("token", ["x", "short-token", "aaaaaaaaaaaaaaaaaaaaaaaa"])
def test_a_weak_token_is_refused_at_start(
    pristine_samples: Path, pactwatch: RunPactwatch, token: str
) -> None:
    run = pactwatch("serve", "--db", pristine_samples, "--port", "0", env=_environment(token))
    assert run.status == 1 and "Traceback" not in run.stderr
    (line,) = run.stderr.strip().splitlines()
    assert line.startswith("Error: PACTWATCH_TOKEN: the token is ")
    assert "secrets.token_urlsafe" in line
