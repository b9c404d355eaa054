"""Polite HTTP fetching: one GET at a time, bounded in every way a server can misbehave.

A news server can be slow, down, overloaded, redirect forever, send a 20 MB
page or a PDF. Each of those ends in a FetchError naming the URL and the
problem in one line, so a watcher logs it and goes on. Politeness is built in:
a User-Agent saying who we are, robots.txt obeyed (checked on every redirect
hop, since a redirect can lead to another host), and a minimum interval between
two requests to one host. Redirects are followed here rather than by httpx for
the same reason: each hop is a request to be checked and rate limited. Every
connection goes only to a public address (`guard.py`) unless the settings
allow private ones, and a `user:password@` in a URL is used to log in but
never kept in a Page or shown in an error.
"""

from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from pactwatch import __version__
from pactwatch.errors import InputError, PactwatchError
from pactwatch.monitor.guard import AddressRefused, networks, outbound_transport
from pactwatch.sources import decode_bytes, strip_credentials

USER_AGENT = f"pactwatch/{__version__} (news research; defence-cooperation monitoring)"
#: The product token robots.txt rules are matched against.
ROBOTS_AGENT = "pactwatch"

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml"}
)
#: Statuses worth another try: the server says it is busy or broken for now.
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: Stand-in robots.txt files for a site without one and for one that refuses or fails.
_ALLOW_ALL: list[str] = []
_DISALLOW_ALL = ["User-agent: *", "Disallow: /"]


class FetchError(PactwatchError):
    """A URL could not be fetched; `problem` says why in words a user can act on."""

    def __init__(self, url: str, problem: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {problem}")
        self.url = url
        self.problem = problem
        #: the HTTP status that caused it, None for network and content problems
        self.status = status


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Every limit of a Fetcher; the defaults suit polling news sites."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    #: Longest a whole body may take, so a server trickling bytes cannot hold us.
    total_timeout: float = 60.0
    #: Tries per request, counting the first (connect errors, 429 and 5xx are retried).
    attempts: int = 3
    #: Wait before the first retry; doubled for each further one, capped by max_backoff.
    backoff: float = 1.0
    max_backoff: float = 30.0
    #: Seconds between the starts of two requests to the same host.
    min_interval: float = 2.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    obey_robots: bool = True
    #: How long a host's robots.txt is trusted before it is read again.
    robots_ttl: float = 3600.0
    #: Connect to loopback, private and link-local addresses too (your own network, tests).
    allow_private_addresses: bool = False
    #: Only these private addresses or networks ("10.0.0.0/8"), when not all are allowed.
    private_networks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Page:
    """One response: 200 with a body, or 304 (not modified) without one."""

    url: str
    status: int
    content_type: str | None
    body: bytes
    etag: str | None
    last_modified: str | None
    fetched_at: datetime

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        """The body decoded by its declared charset, else by pactwatch's usual guessing."""
        charset = _charset(self.content_type)
        if charset:
            try:
                return self.body.decode(charset, errors="replace")
            except LookupError:
                pass  # an unknown charset name: guess as for a file
        try:
            return decode_bytes(self.body, self.url)
        except InputError as exc:
            raise FetchError(self.url, exc.problem) from None


@dataclass(slots=True)
class _Robots:
    rules: urllib.robotparser.RobotFileParser
    read_at: float


@dataclass(frozen=True, slots=True)
class _Redirect:
    target: str


class Fetcher:
    """A polite, bounded HTTP client; use as a context manager to close its connections.

    `clock` and `sleep` are injectable so the rate limit and back-off can be
    measured in tests; `transport` lets a caller route requests differently
    (it then decides which addresses may be reached).
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings = settings or FetchSettings()
        self._clock = clock
        self._sleep = sleep
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}
        self._client = httpx.Client(
            timeout=httpx.Timeout(
                self.settings.read_timeout, connect=self.settings.connect_timeout
            ),
            follow_redirects=False,
            headers={"User-Agent": self.settings.user_agent},
            transport=transport
            or outbound_transport(
                allow_private=self.settings.allow_private_addresses,
                allowed=networks(self.settings.private_networks),
            ),
            trust_env=False,
        )

    def get(
        self,
        url: str,
        *,
        accept: frozenset[str] = HTML_TYPES,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Page:
        """GET `url`, following redirects; raise FetchError for anything but a usable page.

        With `etag`/`last_modified` the request is conditional and may return a
        Page with status 304. `accept` lists the content types wanted.
        """
        headers = _conditional_headers(etag, last_modified)
        shown = strip_credentials(url)
        seen = [url]
        try:
            while True:
                current = seen[-1]
                _check_scheme(current)
                self._check_robots(current)
                hop = self._request(current, headers, accept)
                if isinstance(hop, Page):
                    return hop
                if hop.target in seen:
                    loop = " -> ".join(strip_credentials(u) for u in [*seen, hop.target])
                    raise FetchError(shown, f"redirect loop ({loop})")
                if len(seen) > self.settings.max_redirects:
                    raise FetchError(shown, f"more than {self.settings.max_redirects} redirects")
                seen.append(hop.target)
        except FetchError as exc:
            if exc.url == shown or "@" not in exc.url:
                raise
            raise FetchError(strip_credentials(exc.url), exc.problem, exc.status) from None

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------ one request

    def _request(
        self, url: str, headers: dict[str, str], accept: frozenset[str] | None
    ) -> Page | _Redirect:
        """One hop, retried on connect errors, 429 and 5xx: a Page or where it redirects.

        `accept` None takes any content type (robots.txt comes labelled every way).
        """
        for attempt in range(1, self.settings.attempts + 1):
            last = attempt == self.settings.attempts
            self._wait_for_host(url)
            try:
                with self._client.stream("GET", url, headers=headers) as response:
                    if response.status_code in _RETRY_STATUSES and not last:
                        self._sleep(self._backoff(attempt, response))
                        continue
                    return self._handle(url, response, accept)
            except AddressRefused as exc:
                raise FetchError(url, str(exc)) from None
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                if last:
                    raise FetchError(url, _network_problem(exc)) from None
                self._sleep(self._backoff(attempt, None))
            except httpx.TimeoutException as exc:
                raise FetchError(url, _network_problem(exc)) from None
            except httpx.HTTPError as exc:
                raise FetchError(url, _network_problem(exc)) from None
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _handle(
        self, url: str, response: httpx.Response, accept: frozenset[str] | None
    ) -> Page | _Redirect:
        status = response.status_code
        if status in _REDIRECT_STATUSES:
            location = response.headers.get("Location")
            if not location:
                raise FetchError(url, f"HTTP {status} redirect without a Location header", status)
            return _Redirect(urljoin(url, location))
        if status == 304:
            return self._page(url, response, b"")
        if status != 200:
            reason = response.reason_phrase or "error"
            raise FetchError(url, f"HTTP {status} {reason}", status)
        if accept is not None:
            _check_type(url, response.headers.get("Content-Type"), accept)
        return self._page(url, response, self._read_body(url, response))

    def _page(self, url: str, response: httpx.Response, body: bytes) -> Page:
        return Page(
            url=strip_credentials(url),
            status=response.status_code,
            content_type=response.headers.get("Content-Type"),
            body=body,
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            fetched_at=datetime.now(UTC).replace(tzinfo=None),
        )

    def _read_body(self, url: str, response: httpx.Response) -> bytes:
        """The body, read in chunks and abandoned as soon as it passes max_bytes."""
        limit = self.settings.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"page is {_size(int(declared))}, over the {_size(limit)} limit")
        chunks: list[bytes] = []
        received = 0
        deadline = self._clock() + self.settings.total_timeout
        for chunk in response.iter_bytes():
            received += len(chunk)
            if received > limit:
                raise FetchError(url, f"page is over the {_size(limit)} limit; download stopped")
            if self._clock() > deadline:
                raise FetchError(
                    url, f"download took over {self.settings.total_timeout:g} s; stopped"
                )
            chunks.append(chunk)
        return b"".join(chunks)

    def _backoff(self, attempt: int, response: httpx.Response | None) -> float:
        """Exponential back-off, or the server's Retry-After (seconds) when it gives one."""
        wait = self.settings.backoff * 2.0 ** (attempt - 1)
        retry_after = response.headers.get("Retry-After", "") if response is not None else ""
        if retry_after.isdigit():
            wait = float(retry_after)
        return min(wait, self.settings.max_backoff)

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).hostname or ""
        previous = self._last_request.get(host)
        if previous is not None:
            remaining = previous + self.settings.min_interval - self._clock()
            if remaining > 0:
                self._sleep(remaining)
        self._last_request[host] = self._clock()

    # ---------------------------------------------------------------- robots

    def _check_robots(self, url: str) -> None:
        if not self.settings.obey_robots:
            return
        if not self._robots_for(url).can_fetch(ROBOTS_AGENT, url):
            raise FetchError(url, "robots.txt of this site disallows fetching this page")

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser:
        """The site's robots.txt rules, read once per robots_ttl and host."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(site)
        if cached is not None and self._clock() - cached.read_at < self.settings.robots_ttl:
            return cached.rules
        try:
            rules = self._read_robots(f"{site}/robots.txt")
        except FetchError as exc:  # the site is unreachable: say so about the page asked for
            raise FetchError(url, exc.problem) from None
        self._robots[site] = _Robots(rules, self._clock())
        return rules

    def _read_robots(self, robots_url: str) -> urllib.robotparser.RobotFileParser:
        """Rules per RFC 9309: a missing file allows all; 401/403 or a server error forbid all.

        A network failure is raised (and nothing cached): the page cannot be
        fetched either, and the next try reads robots.txt again.
        """
        rules = urllib.robotparser.RobotFileParser(robots_url)
        try:
            page = self._request(robots_url, {}, None)
        except FetchError as exc:
            if exc.status is None:
                raise
            missing = 400 <= exc.status < 500 and exc.status not in (401, 403)
            rules.parse(_ALLOW_ALL if missing else _DISALLOW_ALL)
            return rules
        if isinstance(page, _Redirect):  # rare; RFC 9309 lets a crawler treat it as absent
            rules.parse(_ALLOW_ALL)
        else:
            rules.parse(page.body.decode("utf-8", errors="replace").splitlines())
        return rules


def _conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "not an http(s) URL")


def _check_type(url: str, content_type: str | None, accept: frozenset[str]) -> None:
    """Refuse a body of the wrong kind before downloading it (a PDF, an image, JSON...)."""
    media = _media_type(content_type)
    if media is None or media in accept:
        return  # an undeclared type is judged by decoding the body
    wanted = ", ".join(sorted(accept))
    raise FetchError(url, f"content type {media} is not one pactwatch reads ({wanted})")


def _media_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def _charset(content_type: str | None) -> str | None:
    for parameter in (content_type or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return None


def _network_problem(exc: httpx.HTTPError) -> str:
    """One line for a network failure: what happened, without httpx's traceback."""
    kinds: tuple[tuple[type[httpx.HTTPError], str], ...] = (
        (httpx.ConnectTimeout, "timed out connecting to the server"),
        (httpx.ReadTimeout, "the server stopped sending (read timed out)"),
        (httpx.TimeoutException, "timed out"),
        (httpx.ConnectError, "cannot connect to the server"),
        (httpx.RemoteProtocolError, "the server broke the HTTP protocol"),
    )
    for kind, words in kinds:
        if isinstance(exc, kind):
            detail = str(exc).strip()
            return f"{words} ({detail})" if detail else words
    return f"request failed: {exc}"


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1_000:.1f} kB"
