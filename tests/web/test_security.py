"""Security defaults, shown against real servers: read-only, token, body limits, headers.

A read-only server (no token) refuses POST; a token server ingests only with
the right bearer token; bodies over the limit get 413 whether or not they
declare their size; hostile-looking parameters are values, never SQL; every
response carries the Content-Security-Policy and friends; `pactwatch serve`
listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import httpx
import pytest

from pactwatch.commands.web import DEFAULT_HOST, TOKEN_ENV, is_loopback, serve_command
from pactwatch.web.app import DEFAULT_MAX_BODY_BYTES

ServeStore = Callable[..., AbstractContextManager[str]]

TOKEN = "s3cret-test-token-0123456789"
HEADERS = {"Authorization": f"Bearer {TOKEN}"}
SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "002_1afe1fed452732b0.txt"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


@pytest.fixture
def token_client(serve_store: ServeStore, writable_db: Path) -> Iterator[httpx.Client]:
    """A client of a server that ingests into its own copy of the samples store."""
    with (
        serve_store(writable_db, token=TOKEN) as base_url,
        httpx.Client(base_url=base_url, timeout=120) as http,
    ):
        yield http


def _health(client: httpx.Client) -> dict[str, Any]:
    body: dict[str, Any] = client.get("/api/health").json()
    return body


# ---------------------------------------------------------------- read-only by default


def test_read_only_server_refuses_post_and_says_how_to_enable_it(client: httpx.Client) -> None:
    response = client.post("/api/articles", json={"id": "x", "text": "Iran sent drones."})
    assert response.status_code == 403
    assert TOKEN_ENV in response.json()["detail"]
    assert _health(client)["read_only"] is True


def test_the_token_is_an_environment_variable_not_an_option() -> None:
    options = {name for param in serve_command.params for name in param.opts}
    assert not any("token" in name for name in options)


# ---------------------------------------------------------------- the token


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": TOKEN},
    ],
)
def test_a_missing_or_wrong_token_gets_401(
    token_client: httpx.Client, headers: dict[str, str]
) -> None:
    before = _health(token_client)
    response = token_client.post(
        "/api/articles", json={"id": "x", "text": "Iran sent drones."}, headers=headers
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert _health(token_client) == before


def test_the_right_token_ingests_once_then_reports_a_duplicate(token_client: httpx.Client) -> None:
    before = _health(token_client)
    assert before["read_only"] is False
    network_before = token_client.get("/api/network").json()  # now cached by the server
    text = (
        "Ruritania delivered 40 armoured vehicles to Azerbaijan on 3 March 2023, "
        "the defence ministry in Baku said. Azerbaijan and Turkey held joint military "
        "exercises near Baku in April 2023, officials said."
    )
    article = {"id": "api-1", "text": text, "published": "2023-03-05", "url": "https://x.example/a"}
    first = token_client.post("/api/articles", json=article, headers=HEADERS)
    assert first.status_code == 201, first.text
    created = first.json()
    assert created["status"] == "new"
    assert created["events"] >= 1
    stored = token_client.get(f"/api/articles/{created['article_id']}").json()
    assert stored["doc_id"] == "api-1"
    assert stored["outlet"] == "x.example"
    assert len(stored["events"]) == created["events"]
    assert _health(token_client)["articles"] == before["articles"] + 1
    network_after = token_client.get("/api/network").json()
    assert network_after != network_before  # the write emptied the cache
    nodes = {node["id"] for node in network_after["nodes"]}
    for event_id in stored["events"]:
        event = token_client.get(f"/api/events/{event_id}").json()
        assert {actor["country"] for actor in event["actors"]} <= nodes

    again = token_client.post("/api/articles", json=article, headers=HEADERS)
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate"
    assert again.json()["article_id"] == created["article_id"]
    assert _health(token_client)["articles"] == before["articles"] + 1


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/plain; charset=utf-8", b"Iran sent Shahed drones to Russia in October 2022."),
        (
            "text/html",
            b"<html><head><title>Drones</title></head><body><article><p>Iran sent Shahed "
            b"drones to Russia in October 2022, Ukrainian officials said on Monday in Kyiv."
            b"</p></article></body></html>",
        ),
    ],
)
def test_text_and_html_bodies_ingest_with_an_id(
    token_client: httpx.Client, content_type: str, body: bytes
) -> None:
    response = token_client.post(
        "/api/articles",
        content=body,
        params={"id": "posted", "published": "2022-11-01"},
        headers={**HEADERS, "Content-Type": content_type},
    )
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "new"
    article = token_client.get(f"/api/articles/{response.json()['article_id']}").json()
    assert "Shahed" in article["text"]
    assert article["published"] == "2022-11-01"


@pytest.mark.parametrize(
    ("content_type", "body", "params", "status", "words"),
    [
        ("text/plain", b"Iran sent drones to Russia.", {}, 422, "?id="),
        ("application/json", b'{"id": "x", "text": ', {}, 422, "malformed JSON"),
        ("application/json", b'{"id": "x"}', {}, 422, "text"),
        ("application/json", b'{"id": "", "text": "Iran sent drones."}', {}, 422, "id"),
        ("application/json", b'["not", "an", "object"]', {}, 422, "body"),
        ("text/plain", b"\x89PNG\r\n\x1a\nbinary", {"id": "png"}, 422, "binary"),
        ("application/xml", b"<a/>", {}, 415, "application/json"),
    ],
)
def test_bad_bodies_are_refused_with_a_reason(
    token_client: httpx.Client,
    content_type: str,
    body: bytes,
    params: dict[str, str],
    status: int,
    words: str,
) -> None:
    response = token_client.post(
        "/api/articles",
        content=body,
        params=params,
        headers={**HEADERS, "Content-Type": content_type},
    )
    assert response.status_code == status, response.text
    assert words in response.json()["detail"]


# ---------------------------------------------------------------- body size


def test_a_declared_oversized_body_gets_413(token_client: httpx.Client) -> None:
    before = _health(token_client)
    text = "Iran sent drones to Russia. " * (DEFAULT_MAX_BODY_BYTES // 20)
    response = token_client.post("/api/articles", json={"id": "big", "text": text}, headers=HEADERS)
    assert response.status_code == 413
    assert "limit" in response.json()["detail"]
    assert _health(token_client) == before


def test_a_streamed_oversized_body_without_length_gets_413(token_client: httpx.Client) -> None:
    chunk = b"Iran sent drones to Russia. " * 4_000

    def chunks() -> Iterator[bytes]:
        sent = 0
        while sent <= DEFAULT_MAX_BODY_BYTES:
            sent += len(chunk)
            yield chunk

    response = token_client.post(
        "/api/articles",
        content=chunks(),
        params={"id": "streamed"},
        headers={**HEADERS, "Content-Type": "text/plain"},
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413


# ---------------------------------------------------------------- parameters are values

INJECTIONS = [
    {"text": "'; DROP TABLE events; --"},
    {"text": "%' OR 1=1 --"},
    {"country": "IRN'; DROP TABLE events; --"},
    {"type": "arms_transfer' OR '1'='1"},
    {"since": "2022-01-01' OR 1=1"},
    {"stage": "occurred); DELETE FROM articles; --"},
]


@pytest.mark.parametrize("params", INJECTIONS)
@pytest.mark.parametrize("endpoint", ["/api/events", "/api/incidents", "/api/dyads"])
def test_sql_looking_parameters_match_nothing_and_harm_nothing(
    client: httpx.Client, endpoint: str, params: dict[str, str]
) -> None:
    before = _health(client)
    response = client.get(endpoint, params=params)
    if "text" in params:
        assert response.status_code == 200
        assert response.json()["total"] == 0
    else:
        assert response.status_code == 422
    assert _health(client) == before
    assert client.get("/api/events").json()["total"] == before["events"]


def test_sql_looking_article_search_matches_nothing(client: httpx.Client) -> None:
    response = client.get("/api/articles", params={"text": "' OR ''='"})
    assert response.status_code == 200
    assert response.json()["total"] == 0


# ---------------------------------------------------------------- headers, hosts, CORS


@pytest.mark.parametrize("path", ["/", "/docs", "/api/health", "/api/no-such-thing"])
def test_security_headers_on_every_response(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_the_dashboard_page_is_html_with_the_policy(client: httpx.Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == CSP


def test_no_cors_headers_even_for_a_foreign_origin(client: httpx.Client) -> None:
    origin = {"Origin": "https://evil.example"}
    response = client.get("/api/events", headers=origin)
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/api/articles", headers={**origin, "Access-Control-Request-Method": "POST"}
    )
    assert "access-control-allow-origin" not in preflight.headers
    assert preflight.status_code == 405


def test_a_foreign_host_header_is_refused(client: httpx.Client) -> None:
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 gets nothing."""
    response = client.get("/api/events", headers={"Host": "evil.example"})
    assert response.status_code == 400


def test_docs_are_local_and_name_every_route(client: httpx.Client) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page.text)
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/events", "/api/timeline", "/api/articles", "/api/network"):
        assert path in schema["paths"]
        assert f"{path}</code>" in page.text
    assert client.get("/openapi.json").status_code == 404


def test_article_text_is_served_as_json_data_only(token_client: httpx.Client) -> None:
    payload = '<script>alert(1)</script><img src=x onerror="alert(2)"> Iran sent drones to Russia.'
    posted = token_client.post(
        "/api/articles",
        content=payload.encode(),
        params={"id": "payload"},
        headers={**HEADERS, "Content-Type": "text/plain"},
    )
    assert posted.status_code == 201, posted.text
    article = token_client.get(f"/api/articles/{posted.json()['article_id']}")
    assert article.headers["content-type"] == "application/json"
    assert article.headers["x-content-type-options"] == "nosniff"
    assert "<script>alert(1)</script>" in article.json()["text"]


# ---------------------------------------------------------------- pactwatch serve


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.10", False),
        ("example.org", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serve_listens_on_127_0_0_1_by_default() -> None:
    host = next(param for param in serve_command.params if param.name == "host")
    assert host.default == DEFAULT_HOST == "127.0.0.1"


def _address(process: subprocess.Popen[str]) -> str:
    """The dashboard address `serve` prints once it listens."""
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+/", line)
    assert found, f"no address in {line!r}"
    return found.group(0)


@pytest.mark.parametrize(("token", "read_only"), [(None, True), (TOKEN, False)])
def test_serve_prints_the_address_and_serves_it(
    run_serve: Callable[..., subprocess.Popen[str]],
    writable_db: Path,
    token: str | None,
    read_only: bool,
) -> None:
    env = {key: value for key, value in os.environ.items() if key != TOKEN_ENV}
    if token:
        env[TOKEN_ENV] = token
    process = run_serve("--db", writable_db, "--port", "0", env=env)
    try:
        address = _address(process)
        response = httpx.get(f"{address}api/health", timeout=30)
        assert "server" not in response.headers  # no software banner
        health = response.json()
        assert health["read_only"] is read_only
        assert health["articles"] == 5
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_refuses_a_missing_database(
    run_serve: Callable[..., subprocess.Popen[str]], tmp_path: Path
) -> None:
    process = run_serve("--db", tmp_path / "absent.duckdb", "--port", "0")
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "pactwatch ingest" in stderr
    assert not (tmp_path / "absent.duckdb").exists()
