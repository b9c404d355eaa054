"""Connections `pactwatch serve` accepts: bounded in number and in idle time.

uvicorn's HTTP/1.1 protocols wait forever for a request's headers, restart
their keep-alive timer on the first byte of a new request, and count every
open connection towards the concurrency limit. So a few hundred clients that
connect and send half a request head (or nothing) hold the server: real
requests get 503 until the idle ones go. `GuardedHttpToolsProtocol` (on
httptools' C parser: about 1.8 times the requests per second of the pure-Python
h11 on a cached answer) adds:

- a header timeout: a connection must deliver a complete request head within
  `header_timeout` seconds of opening, or of its previous response, or it is
  closed (the keep-alive timeout still closes quiet connections sooner);
- a connection limit: past `max_connections` open connections, the oldest
  connections that are not serving a request are closed to make room, so
  half-open connections can never starve a real request; only when every
  connection is busy is a new one refused (closed at once).
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a header timeout and an evicting connection limit.

    The limits are class attributes, set by `guarded_protocol` for one server.
    """

    header_timeout: float = 10.0
    max_connections: int = 200

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self._header_timer: asyncio.TimerHandle | None = None
        self.opened_at = 0.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.opened_at = self.loop.time()
        self._arm_header_timer()
        if len(self.connections) > self.max_connections:
            self._make_room()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_timer()
        super().connection_lost(exc)

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        self._disarm_header_timer()  # a whole request head arrived

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_header_timer()  # the next request's head has as long again

    @property
    def busy(self) -> bool:
        """Serving a request: its head arrived and its response is not finished."""
        return self.cycle is not None and not self.cycle.response_complete

    def _arm_header_timer(self) -> None:
        self._disarm_header_timer()
        self._header_timer = self.loop.call_later(self.header_timeout, self._header_timed_out)

    def _disarm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _header_timed_out(self) -> None:
        self._header_timer = None
        if not self.busy and not self.transport.is_closing():
            self.transport.close()

    def _make_room(self) -> None:
        """Close the oldest idle connections until the count is within the limit."""
        idle = sorted(
            (
                c
                for c in self.connections
                if isinstance(c, GuardedHttpToolsProtocol) and c is not self and not c.busy
            ),
            key=lambda c: c.opened_at,
        )
        excess = len(self.connections) - self.max_connections
        for connection in idle[:excess]:
            connection.transport.close()
            self.connections.discard(connection)
        if len(self.connections) > self.max_connections:
            self.transport.close()  # every other connection is serving a request
            self.connections.discard(self)


def guarded_protocol(
    *, header_timeout: float, max_connections: int
) -> type[GuardedHttpToolsProtocol]:
    """A protocol class with these limits, for `uvicorn.Config(http=...)`."""

    class Limited(GuardedHttpToolsProtocol):
        pass

    Limited.header_timeout = header_timeout
    Limited.max_connections = max_connections
    return Limited
