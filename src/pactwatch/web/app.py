"""The web application: the JSON API, the dashboard's files, and the offline API docs.

`create_app` opens the store once (read-only unless a token is given) and
serves:

- `/api/...` JSON only (see `pactwatch.web.api`); errors are
  `{"detail": "<message>"}`, validation errors add `"errors"` per parameter,
  and an unknown query parameter is such an error, never ignored;
- `/` the dashboard (`web/static/index.html`) and `/static/...` its files;
- `/docs` a plain HTML page of the API built from the OpenAPI schema, which is
  at `/api/openapi.json`. FastAPI's own /docs page loads Swagger UI from a
  CDN, and the swagger-ui assets are not an installed package here, so it is
  replaced rather than pointed at files we do not ship.

Security defaults: no CORS headers (the browser's same-origin rule stands);
a Content-Security-Policy that allows only the server's own scripts and
styles, plus nosniff, no-referrer and no framing on every response; request
bodies over `max_body_bytes` refused with 413 (by Content-Length before
reading, and by counting while reading); Host headers limited to loopback
names unless `allowed_hosts` says otherwise (DNS-rebinding defence).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pactwatch import __version__
from pactwatch.errors import PactwatchError
from pactwatch.pipeline import DEFAULT_TIME_BUDGET
from pactwatch.web import alerts_api, api, review_api
from pactwatch.web.docs import render_docs
from pactwatch.web.handle import StoreHandle
from pactwatch.web.params import reject_unknown_parameters

log = logging.getLogger("pactwatch.web")

STATIC_DIR = Path(__file__).resolve().parent / "static"
DEFAULT_MAX_BODY_BYTES = 2_000_000
#: Host header values a loopback server answers to.
LOOPBACK_HOSTS: tuple[str, ...] = ("127.0.0.1", "localhost")

SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    (
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
)


# ---------------------------------------------------------------- middleware


class SecurityHeaders:
    """Add SECURITY_HEADERS to every response (a pure ASGI wrapper: no per-request task)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(Exception):
    """Raised from `receive` when the streamed body passes the limit."""


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse({"detail": f"request body over the {limit:,} byte limit"}, status_code=413)


class BodyLimit:
    """Refuse bodies over `limit` bytes: by Content-Length up front, else while streaming.

    A client can omit Content-Length (chunked encoding) or lie in it, so the
    bytes are also counted as the application reads them.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.limit:
            await _too_large(self.limit)(scope, receive, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await _too_large(self.limit)(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


# ---------------------------------------------------------------- errors


def _parameter(loc: Sequence[Any]) -> str:
    """The name a user gave: the query/path parameter, or the body field."""
    # Drop where it came from and list indexes: "type", not "query.type.0".
    parts = [
        str(part)
        for part in loc
        if part not in ("query", "path", "header") and not isinstance(part, int)
    ]
    return ".".join(parts) or "request"


def _message(error: dict[str, Any]) -> str:
    message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    value = error.get("input")
    if isinstance(value, str | int) and error.get("type") != "value_error":
        message += f" (got {value!r})"
    return f"{_parameter(error.get('loc', ()))}: {message}"


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    """422 whose `detail` is one readable line; `errors` keeps each problem apart."""
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"param": _parameter(error.get("loc", ())), "message": _message(error)}
        for error in exc.errors()
    ]
    detail = "; ".join(error["message"] for error in errors)
    return JSONResponse({"detail": detail, "errors": errors}, status_code=422)


async def _store_error(_: Request, exc: Exception) -> JSONResponse:
    log.error("store error: %s", exc)
    return JSONResponse({"detail": f"the store cannot answer: {exc}"}, status_code=503)


async def _internal_error(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return JSONResponse({"detail": "internal server error"}, status_code=500)


# ---------------------------------------------------------------- pages


def _add_pages(app: FastAPI) -> None:
    """The dashboard (index.html and /static) and the offline API docs."""

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        index = STATIC_DIR / "index.html"
        if not index.is_file():
            raise HTTPException(status_code=404, detail="the dashboard files are not installed")
        return FileResponse(index, media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(render_docs(app.openapi()))

    if STATIC_DIR.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


# ---------------------------------------------------------------- the app

#: The shortest token accepted: a short one can be guessed by trying.
MIN_TOKEN_LENGTH = 16


class TokenError(PactwatchError):
    """The write token is too weak; the message says what a good one looks like."""


def check_token(token: str) -> None:
    """Refuse a token under MIN_TOKEN_LENGTH characters or with fewer than 8 different ones."""
    advice = "make one with `python3 -c 'import secrets; print(secrets.token_urlsafe(24))'`"
    if len(token) < MIN_TOKEN_LENGTH:
        raise TokenError(
            f"the token is {len(token)} characters long; use at least {MIN_TOKEN_LENGTH} "
            f"random ones: {advice}"
        )
    if len(set(token)) < 8 or token != token.strip():
        raise TokenError(f"the token is too plain (few different characters or spaces): {advice}")


def create_app(
    db_path: str | Path,
    *,
    token: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    allowed_hosts: Sequence[str] = LOOPBACK_HOSTS,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> FastAPI:
    """The application over the store at `db_path` (which must exist).

    Read-only unless `token` is given; then the store is opened for writing
    and POST /api/articles ingests with `Authorization: Bearer <token>`.
    `allowed_hosts` are the Host header names served ("*" for any), loopback
    names by default. `time_budget` bounds the analysis of one POSTed
    article (None: no limit). Raises StoreError when the store cannot be opened and
    TokenError for a token too short or too plain to keep anyone out.
    """
    if token:
        check_token(token)
    handle = StoreHandle.open(db_path, writable=token is not None)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        handle.event_index()  # start indexing the events now, not on the first list
        yield
        handle.close()

    app = FastAPI(
        title="pactwatch",
        version=__version__,
        summary="Sourced interstate defence-cooperation events, queryable.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        # No OpenTelemetry exporters from the environment: the server never calls out.
        telemetry={"auto_configure": False},
        # Every /api route refuses a query parameter it does not know (422 naming it).
        dependencies=[Depends(reject_unknown_parameters)],
    )
    app.state.store = handle
    app.state.token = token or None
    app.state.time_budget = time_budget
    app.include_router(api.router)
    alerts_api.register(app)
    review_api.register(app)
    _add_pages(app)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(PactwatchError, _store_error)
    app.add_exception_handler(Exception, _internal_error)
    # Added last = outermost: headers go on every response, including 400/413.
    app.add_middleware(BodyLimit, limit=max_body_bytes)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(SecurityHeaders)
    return app
