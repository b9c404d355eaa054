"""Outbound requests reach only public addresses: no loopback, private network or cloud metadata.

A feed item, a redirect or a webhook URL is written by someone else. Without
this check a feed could make pactwatch fetch `http://127.0.0.1:5432/`, an
admin page on the private network or the cloud metadata service at
169.254.169.254, then store the answer and serve it through the API. The
check runs where the connection is made, on the address DNS gave, so a name
that resolves to a private address (or is re-pointed between a check and the
connection, "DNS rebinding") is refused too. The connection then goes to the
very address checked; TLS still verifies the certificate against the name.

`allow_private` turns the check off, for feeds on one's own network and for
tests on 127.0.0.1 (FEEDS.yaml `fetch: {allow_private_addresses: true}`,
`pactwatch fetch --allow-private-addresses`); a list of networks instead
(`allow_private_addresses: [192.168.1.0/24]`) allows only those.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from pactwatch.errors import PactwatchError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(PactwatchError):
    """A host resolves to an address pactwatch does not connect to."""

    def __init__(self, host: str, address: str, kind: str) -> None:
        super().__init__(
            f"refused to connect to {host} ({address}, {kind}): pactwatch fetches only public "
            "addresses; set allow_private_addresses to reach your own network"
        )
        self.host = host
        self.address = address


def address_kind(address: Address) -> str | None:
    """Why pactwatch will not connect to `address` ("a loopback address"...), None if public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address_kind(address.ipv4_mapped)
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address (such as the cloud metadata service)"
    if address.is_private:
        return "a private network address"
    if address.is_multicast or address.is_unspecified or address.is_reserved:
        return "not a unicast internet address"
    if not address.is_global:
        return "not a public internet address"
    return None


Networks = tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]


def networks(texts: Iterable[str]) -> Networks:
    """Addresses or networks ("127.0.0.1", "10.0.0.0/8"); ValueError names a bad one."""
    return tuple(ipaddress.ip_network(text, strict=False) for text in texts)


def resolve_public(host: str, port: int, allowed: Networks = ()) -> list[str]:
    """The addresses of `host`, all public or `allowed`; AddressRefused if any is not.

    Every answer is checked, not just the first: a name whose answers mix a
    public and a private address is refused.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise httpcore.ConnectError(f"cannot resolve {host}: {exc.strerror}") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        kind = address_kind(address)
        if kind is not None and not any(address in network for network in allowed):
            raise AddressRefused(host, text, kind)
    return addresses


class _PublicOnlyBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to the checked public addresses of a host."""

    def __init__(self, allowed: Networks) -> None:
        self.allowed = allowed

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        last: Exception | None = None
        for address in resolve_public(host, port, self.allowed):
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:  # try the next address, as a resolver would
                last = exc
        raise last or httpcore.ConnectError(f"{host} has no address")


def outbound_transport(*, allow_private: bool, allowed: Networks = ()) -> httpx.HTTPTransport:
    """An httpx transport for URLs others wrote: public addresses (and `allowed`) only,
    or any address with `allow_private`."""
    transport = httpx.HTTPTransport(trust_env=False)
    if not allow_private:
        # httpx exposes no network backend; its pool is rebuilt with the checking one.
        transport._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=_PublicOnlyBackend(allowed),
        )
    return transport
