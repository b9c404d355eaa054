"""A real HTTP server on 127.0.0.1 serving fixture feeds and pages, and the fixture content.

Each route is a small description (status, body, type, validators, delay) the
tests change as they go, so one server plays a news site whose feed updates,
whose pages break in every way a real one does, and a webhook that records
what it is sent. Only 127.0.0.1 (and "localhost", the same server under a
second host name, i.e. a second outlet) is ever contacted.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from pactwatch.monitor.fetch import FetchSettings

#: Limits that keep every test fast: short timeouts, no politeness delays, tiny back-off;
#: the fixture server is on 127.0.0.1, which pactwatch reaches only when told to.
FAST = FetchSettings(
    connect_timeout=0.5,
    read_timeout=0.5,
    total_timeout=5.0,
    attempts=2,
    backoff=0.01,
    min_interval=0.0,
    max_bytes=5_000_000,
    max_redirects=5,
    allow_private_addresses=True,
)

Body = bytes | Callable[[], Iterable[bytes]]


@dataclass
class Route:
    """How the server answers one path."""

    body: Body = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    #: answer 304 to a request carrying this in If-None-Match
    etag: str | None = None
    last_modified: str | None = None
    #: seconds to wait before answering (to make the client time out)
    delay: float = 0.0
    #: send Content-Length (else the body ends when the connection closes)
    declare_length: bool = True


@dataclass(frozen=True)
class Seen:
    """One request the server received."""

    method: str
    host: str
    path: str
    headers: dict[str, str]
    at: float
    body: bytes = b""


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client hanging up mid-response is what the tests provoke; anything else shows."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class FixtureServer:
    """A ThreadingHTTPServer on 127.0.0.1 whose routes and log the test controls."""

    def __init__(self, port: int = 0, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        self.host = host
        self._stop = threading.Event()
        self._httpd = _QuietServer((host, port), _handler_for(self))
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def url(self, path: str, host: str | None = None) -> str:
        return f"http://{host or self.host}:{self.port}{path}"

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]

    def stop(self) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def wait(self, seconds: float) -> None:
        """Sleep in a handler, cut short when the server stops."""
        self._stop.wait(seconds)


def _handler_for(server: FixtureServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the tests read `server.seen` instead."""

        def do_GET(self) -> None:
            self._record(b"")
            route = server.routes.get(self.path.split("?", 1)[0])
            if route is None:
                self._send(Route(b"<h1>not found</h1>", status=404))
                return
            if route.delay:
                server.wait(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self._send(Route(status=304, content_type=None, etag=route.etag))
                return
            self._send(route)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self._record(self.rfile.read(length))
            if self.path not in server.routes:
                self._send(Route(b"", status=404))
                return
            self._send(Route(b'{"ok": true}', content_type="application/json"))

        def _record(self, body: bytes) -> None:
            server.seen.append(
                Seen(
                    self.command,
                    (self.headers.get("Host") or "").rsplit(":", 1)[0],
                    self.path,
                    dict(self.headers.items()),
                    time.monotonic(),
                    body,
                )
            )

        def _send(self, route: Route) -> None:
            chunks = [route.body] if isinstance(route.body, bytes) else route.body()
            self.send_response(route.status)
            if route.content_type:
                self.send_header("Content-Type", route.content_type)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            if isinstance(route.body, bytes) and route.declare_length:
                self.send_header("Content-Length", str(len(route.body)))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            try:
                for chunk in chunks:
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up, as it should on a huge page

    return Handler


def free_port() -> int:
    """A port with nothing listening on it (for a webhook that is down)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# ------------------------------------------------------------------ content

#: Neutral paragraphs, one set per article variant, so two test articles never look
#: like copies of one wire story (near-duplicates share no events of their own).
_FILLERS = (
    (
        "The statement came as diplomats in several capitals prepared for a week of talks on "
        "trade, energy prices and shipping routes.",
        "Analysts said the talks were expected to be long and that few details would be made "
        "public before the end of the month.",
    ),
    (
        "Farmers in the north reported an early harvest after a dry spring, and grain prices "
        "fell slightly at the regional exchange.",
        "A spokesman for the transport ministry said repairs to the coastal railway would "
        "finish in the autumn, two years later than planned.",
    ),
    (
        "The city council approved a new budget for schools and libraries after a debate that "
        "lasted well into the night.",
        "Tourism officials expect visitor numbers to rise this summer as new hotels open near "
        "the old harbour and the museum quarter.",
    ),
    (
        "Heavy rain closed several mountain roads over the weekend, and forecasters warned of "
        "more storms later in the week.",
        "Shares in telecom companies rose after the regulator published its long-awaited "
        "report on broadband competition.",
    ),
)


def article_html(title: str, lead: str, published: str = "2024-03-01", variant: int = 0) -> bytes:
    """A news page trafilatura reads: a headline, a date, the lead and neutral paragraphs."""
    filler = _FILLERS[variant % len(_FILLERS)]
    paragraphs = "".join(f"<p>{text}</p>" for text in (lead, *filler))
    return (
        "<!DOCTYPE html><html><head>"
        f"<title>{title}</title>"
        f'<meta property="article:published_time" content="{published}T09:00:00Z">'
        "</head><body><header><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"</header><article><h1>{title}</h1><p>Published {published}</p>{paragraphs}</article>"
        "<footer><p>Copyright 2024 Example News. All rights reserved.</p></footer>"
        "</body></html>"
    ).encode()


def rss(items: Iterable[tuple[str, str]], title: str = "Example News") -> bytes:
    """An RSS 2.0 feed of (guid, link) items."""
    entries = "".join(
        f"<item><title>Story {guid}</title><link>{link}</link><guid>{guid}</guid>"
        "<pubDate>Fri, 01 Mar 2024 09:00:00 GMT</pubDate></item>"
        for guid, link in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://127.0.0.1/</link><description>news</description>"
        f"{entries}</channel></rss>"
    ).encode()


def lazy_body(total: int, chunk: int = 65_536) -> Callable[[], Iterator[bytes]]:
    """A body of `total` bytes made chunk by chunk, so a 20 MB page never sits in memory."""

    def chunks() -> Iterator[bytes]:
        block = b"<p>" + b"x" * (chunk - 7) + b"</p>\n"
        sent = 0
        while sent < total:
            yield block
            sent += len(block)

    return chunks
