"""Outbound requests reach public addresses only: a feed or redirect cannot point inwards.

The fixture servers run on loopback addresses, which is exactly what the guard
refuses; so each test allows what it needs (all private addresses, or only
127.0.0.1) and shows that everything else on the machine or network is refused,
after DNS resolution and on every redirect hop.
"""

from __future__ import annotations

import dataclasses
import ipaddress
from collections.abc import Iterator
from datetime import datetime

import pytest

from pactwatch.monitor.alerts import Alert, Webhook
from pactwatch.monitor.fetch import Fetcher, FetchError
from pactwatch.monitor.guard import address_kind

from .http_fixtures import FAST, FixtureServer, Route, article_html, free_port

NOW = datetime(2024, 3, 1, 9, 0)
PAGE = article_html("Talks", "Officials met in Vienna on Friday.")
#: Public addresses only: the default for every fetch, feed and webhook.
GUARDED = dataclasses.replace(FAST, allow_private_addresses=False, attempts=1)
#: The fixture server's address allowed, nothing else on the machine.
ONLY_FIXTURE = dataclasses.replace(GUARDED, private_networks=("127.0.0.1",))


@pytest.fixture
def second_host() -> Iterator[FixtureServer]:
    """Another service on the same machine, at 127.0.0.2 (all of 127/8 is loopback)."""
    running = FixtureServer(host="127.0.0.2")
    try:
        yield running
    finally:
        running.stop()


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.1.2.3", "private network"),
        ("192.168.0.10", "private network"),
        ("172.16.5.4", "private network"),
        ("fd00:ec2::254", "private network"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("100.100.100.200", "not a public"),
        ("0.0.0.0", "private network"),
        ("224.0.0.1", "not a unicast"),
    ],
)
def test_addresses_that_are_not_public_are_named(address: str, kind: str) -> None:
    found = address_kind(ipaddress.ip_address(address))
    assert found is not None and kind in found


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::6810:84e5", "8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert address_kind(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_loopback_page_is_refused_by_default(server: FixtureServer, host: str) -> None:
    """By address or by a name that resolves to one: the check is after DNS."""
    server.routes["/page"] = Route(PAGE)
    url = server.url("/page", host=host)
    with Fetcher(GUARDED) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(url)
    assert str(caught.value).startswith(f"{url}: refused to connect to {host} (")
    assert "a loopback address" in caught.value.problem
    assert server.seen == []  # not even robots.txt was asked for


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("http://127.0.0.2:{port}/secret", "a loopback address"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://10.0.0.1/admin", "a private network address"),
    ],
)
def test_a_redirect_into_the_machine_or_network_is_refused(
    server: FixtureServer, second_host: FixtureServer, target: str, kind: str
) -> None:
    second_host.routes["/secret"] = Route(b"<p>internal</p>")
    location = target.format(port=second_host.port)
    server.routes["/page"] = Route(b"", status=302, headers={"Location": location})
    with Fetcher(ONLY_FIXTURE) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(server.url("/page"))
    assert kind in caught.value.problem
    assert second_host.seen == []


def test_an_allowed_private_address_is_fetched(server: FixtureServer) -> None:
    server.routes["/page"] = Route(PAGE)
    with Fetcher(ONLY_FIXTURE) as fetcher:
        assert fetcher.get(server.url("/page")).body == PAGE


def test_credentials_in_a_url_log_in_but_are_never_kept(server: FixtureServer) -> None:
    server.routes["/page"] = Route(PAGE)
    url = f"http://reader:s3cret@127.0.0.1:{server.port}/page"
    with Fetcher(FAST) as fetcher:
        page = fetcher.get(url)
    assert page.url == server.url("/page")
    assert server.requests_to("/page")[0].headers["Authorization"].startswith("Basic ")
    server.routes["/gone"] = Route(b"", status=404)
    with Fetcher(FAST) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(f"http://reader:s3cret@127.0.0.1:{server.port}/gone")
    assert "s3cret" not in str(caught.value) and "reader" not in str(caught.value)


def test_a_webhook_on_a_private_address_is_refused_without_retries(server: FixtureServer) -> None:
    server.routes["/hook"] = Route()
    alert = Alert(id=1, rule="r", kind="incident", incident_id=1, created_at=NOW, payload={})
    webhook = Webhook(server.url("/hook"), attempts=3, backoff=30.0)
    try:
        problem = webhook.post(alert)
    finally:
        webhook.close()
    assert problem is not None and "a loopback address" in problem
    assert server.seen == []
    allowed = Webhook(server.url("/hook"), private_networks=("127.0.0.0/8",))
    try:
        assert allowed.post(alert) is None
    finally:
        allowed.close()


def test_an_unused_port_on_the_machine_is_refused_before_connecting() -> None:
    with Fetcher(GUARDED) as fetcher, pytest.raises(FetchError, match="loopback"):
        fetcher.get(f"http://127.0.0.1:{free_port()}/")
