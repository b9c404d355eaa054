"""Fetcher against a live local server: every way a page can fail is one clear FetchError."""

from __future__ import annotations

import dataclasses
import itertools
import time

import pytest

from pactwatch.monitor.fetch import FEED_TYPES, USER_AGENT, Fetcher, FetchError

from .http_fixtures import FAST, FixtureServer, Route, article_html, free_port, lazy_body

PAGE = article_html("Talks", "Officials met in Vienna on Friday.")
MB = 1_000_000

#: (route at /page, words the error must contain)
FAILURES = [
    pytest.param(Route(b"gone", status=404), "HTTP 404", id="404"),
    pytest.param(Route(b"oops", status=500), "HTTP 500", id="500"),
    pytest.param(Route(PAGE, delay=2.0), "timed out", id="timeout"),
    pytest.param(Route(b"%PDF-1.4", content_type="application/pdf"), "application/pdf", id="pdf"),
    pytest.param(Route(b"{}", content_type="application/json"), "application/json", id="json"),
    pytest.param(Route(b"\x89PNG", content_type="image/png"), "image/png", id="image"),
    pytest.param(
        Route(lazy_body(20 * MB), declare_length=False), "over the 5.0 MB limit", id="20MB-stream"
    ),
    pytest.param(
        Route(b"x" * (6 * MB)), "page is 6.0 MB, over the 5.0 MB limit", id="6MB-declared"
    ),
    pytest.param(Route(b"\x00\x01\x02" * 100, content_type=None), "binary", id="untyped-binary"),
]


@pytest.mark.parametrize(("route", "words"), FAILURES)
def test_a_bad_page_is_one_clear_error(server: FixtureServer, route: Route, words: str) -> None:
    server.routes["/page"] = route
    url = server.url("/page")
    started = time.monotonic()
    with Fetcher(FAST) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(url).text()
    assert words in caught.value.problem
    assert str(caught.value).startswith(f"{url}: ") and "\n" not in str(caught.value)
    assert time.monotonic() - started < 5


def test_a_page_is_fetched_with_its_validators_and_user_agent(server: FixtureServer) -> None:
    server.routes["/page"] = Route(PAGE, etag='"v1"', last_modified="Fri, 01 Mar 2024 09:00:00 GMT")
    with Fetcher(FAST) as fetcher:
        page = fetcher.get(server.url("/page"))
    assert (page.status, page.body, page.etag) == (200, PAGE, '"v1"')
    assert page.last_modified == "Fri, 01 Mar 2024 09:00:00 GMT"
    assert "Vienna" in page.text()
    assert server.requests_to("/page")[0].headers["User-Agent"] == USER_AGENT


def test_a_conditional_get_returns_not_modified(server: FixtureServer) -> None:
    server.routes["/page"] = Route(PAGE, etag='"v1"')
    with Fetcher(FAST) as fetcher:
        page = fetcher.get(server.url("/page"), etag='"v1"')
    assert page.not_modified and page.body == b""


@pytest.mark.parametrize(
    ("redirects", "words"),
    [
        ({"/a": "/b", "/b": "/a"}, "redirect loop"),
        ({f"/r{i}": f"/r{i + 1}" for i in range(8)}, "more than 5 redirects"),
    ],
    ids=["loop", "too-many"],
)
def test_redirects_are_bounded(
    server: FixtureServer, redirects: dict[str, str], words: str
) -> None:
    for source, target in redirects.items():
        server.routes[source] = Route(status=302, headers={"Location": target})
    first = next(iter(redirects))
    with Fetcher(FAST) as fetcher, pytest.raises(FetchError, match=words):
        fetcher.get(server.url(first))
    assert len(server.seen) <= 10


def test_a_redirect_is_followed_to_the_page(server: FixtureServer) -> None:
    server.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    server.routes["/new"] = Route(PAGE)
    with Fetcher(FAST) as fetcher:
        page = fetcher.get(server.url("/old"))
    assert page.url == server.url("/new") and page.body == PAGE


def test_a_server_error_is_retried_a_bounded_number_of_times(server: FixtureServer) -> None:
    server.routes["/page"] = Route(b"busy", status=503)
    settings = dataclasses.replace(FAST, attempts=3)
    with Fetcher(settings) as fetcher, pytest.raises(FetchError, match="HTTP 503"):
        fetcher.get(server.url("/page"))
    assert len(server.requests_to("/page")) == 3


def test_a_connection_refused_is_retried_then_reported() -> None:
    url = f"http://127.0.0.1:{free_port()}/page"
    with Fetcher(FAST) as fetcher, pytest.raises(FetchError, match="cannot connect"):
        fetcher.get(url)


def test_feeds_accept_xml_and_pages_refuse_it(server: FixtureServer) -> None:
    server.routes["/feed"] = Route(b"<rss/>", content_type="application/rss+xml")
    with Fetcher(FAST) as fetcher:
        assert fetcher.get(server.url("/feed"), accept=FEED_TYPES).body == b"<rss/>"
        with pytest.raises(FetchError, match="application/rss\\+xml"):
            fetcher.get(server.url("/feed"))


@pytest.mark.parametrize(
    ("robots", "allowed"),
    [
        (Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"), False),
        (Route(b"User-agent: pactwatch\nDisallow: /\n", content_type="text/plain"), False),
        (Route(b"User-agent: otherbot\nDisallow: /\n", content_type="text/plain"), True),
        (Route(b"", status=404), True),
        (Route(b"", status=403), False),
        (Route(b"", status=500), False),
    ],
    ids=["star", "by-name", "other-bot", "missing", "forbidden", "server-error"],
)
def test_robots_txt_is_obeyed(server: FixtureServer, robots: Route, allowed: bool) -> None:
    server.routes["/robots.txt"] = robots
    server.routes["/private/page"] = Route(PAGE)
    with Fetcher(FAST) as fetcher:
        if allowed:
            assert fetcher.get(server.url("/private/page")).body == PAGE
        else:
            with pytest.raises(FetchError, match=r"robots\.txt"):
                fetcher.get(server.url("/private/page"))
    assert bool(server.requests_to("/private/page")) == allowed


def test_robots_txt_is_read_once_per_host(server: FixtureServer) -> None:
    server.routes["/a"] = Route(PAGE)
    server.routes["/b"] = Route(PAGE)
    with Fetcher(FAST) as fetcher:
        fetcher.get(server.url("/a"))
        fetcher.get(server.url("/b"))
        fetcher.get(server.url("/a", host="localhost"))
    hosts = [seen.host for seen in server.requests_to("/robots.txt")]
    assert sorted(hosts) == ["127.0.0.1", "localhost"]


def test_requests_to_one_host_keep_the_minimum_interval(server: FixtureServer) -> None:
    server.routes["/page"] = Route(PAGE)
    settings = dataclasses.replace(FAST, min_interval=0.2)
    with Fetcher(settings) as fetcher:
        for _ in range(3):
            fetcher.get(server.url("/page"))
    times = [seen.at for seen in server.seen]  # robots.txt, then the page three times
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert len(times) == 4
    assert all(gap >= 0.18 for gap in gaps), gaps
    assert times[-1] - times[0] < 3


def test_the_rate_limit_is_per_host(server: FixtureServer) -> None:
    server.routes["/page"] = Route(PAGE)
    waits: list[float] = []
    settings = dataclasses.replace(FAST, min_interval=10.0)
    with Fetcher(settings, sleep=waits.append) as fetcher:
        fetcher.get(server.url("/page"))
        fetcher.get(server.url("/page", host="localhost"))
    # robots.txt then page on each host: only the second request of a host waits
    assert len(waits) == 2 and all(9 < wait <= 10 for wait in waits)
