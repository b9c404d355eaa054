"""`pactwatch serve`: the API and dashboard over a stored database, with uvicorn.

Safe by default: it listens on 127.0.0.1 only, and is read-only unless the
environment holds PACTWATCH_TOKEN (an environment variable, never an option,
so the token does not show in `ps` or shell history). It refuses a missing
database rather than serving an empty one, and warns before listening on a
non-loopback address. The socket is bound before the server starts, so a busy
port is one clear line and the printed address is the real one.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import socket
from pathlib import Path

import click

from pactwatch.commands.options import time_budget_option
from pactwatch.commands.store import DB_HELP
from pactwatch.errors import PactwatchError
from pactwatch.store.database import DEFAULT_PATH, ENVIRONMENT_VARIABLE
from pactwatch.store.locations import is_postgres_url, redact

TOKEN_ENV = "PACTWATCH_TOKEN"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: Seconds a connection has to send a whole request head, and to stay idle between requests.
DEFAULT_HEADER_TIMEOUT = 10.0
DEFAULT_KEEP_ALIVE = 5
#: Open connections at most (the oldest idle ones are closed to admit more).
DEFAULT_MAX_CONNECTIONS = 200
#: Connections the kernel queues before the server accepts them (uvicorn's default).
BACKLOG = 2048


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening-ready socket on host:port, or a ClickException saying why not."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto must say TCP: asyncio sets TCP_NODELAY only on sockets that do, and
    # without it Nagle's algorithm adds ~40 ms to every keep-alive response.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
        sock.listen(BACKLOG)  # connections wait in the queue from the moment the address shows
    except OSError as exc:
        sock.close()
        hint = " (choose another with --port)" if port else ""
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {exc.strerror}{hint}"
        ) from None
    return sock


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


@click.command("serve")
@click.option(
    "--db",
    type=str,
    default=DEFAULT_PATH,
    envvar=ENVIRONMENT_VARIABLE,
    show_default=True,
    show_envvar=True,
    metavar="FILE|URL",
    help=DB_HELP,
)
@click.option(
    "--host",
    default=DEFAULT_HOST,
    show_default=True,
    help="Address to listen on; anything but loopback exposes the API to the network.",
)
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True)
@click.option(
    "--header-timeout",
    type=click.FloatRange(min=0.1),
    default=DEFAULT_HEADER_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Close a connection that has not sent a whole request head in this time.",
)
@click.option(
    "--keep-alive",
    type=click.IntRange(min=1),
    default=DEFAULT_KEEP_ALIVE,
    show_default=True,
    metavar="SECONDS",
    help="Close an idle keep-alive connection after this long.",
)
@click.option(
    "--max-connections",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_CONNECTIONS,
    show_default=True,
    help="Open connections at most; past it the oldest idle ones are closed.",
)
@time_budget_option
def serve_command(
    db: str,
    host: str,
    port: int,
    header_timeout: float,
    keep_alive: int,
    max_connections: int,
    time_budget: float,
) -> None:
    """Serve the dashboard and the JSON API (OpenAPI docs at /docs).

    Read-only unless PACTWATCH_TOKEN is set in the environment; then
    POST /api/articles ingests with "Authorization: Bearer <token>". The token
    must be at least 16 characters. Slow or idle connections are closed and
    their number is bounded, so they cannot keep real requests out.
    """
    import uvicorn

    from pactwatch.web.app import LOOPBACK_HOSTS, TokenError, check_token, create_app
    from pactwatch.web.connections import guarded_protocol

    if not is_postgres_url(db) and not Path(db).exists():
        raise click.ClickException(
            f"no database at {db}: create it with `pactwatch ingest PATH... --db {db}` first"
        )
    token = os.environ.get(TOKEN_ENV) or None
    if token is not None:
        try:
            check_token(token)
        except TokenError as exc:
            raise click.ClickException(f"{TOKEN_ENV}: {exc}") from None
    loopback = is_loopback(host)
    if not loopback:
        click.echo(
            f"warning: listening on {host} exposes the API to other machines; "
            "use --host 127.0.0.1 unless you mean to",
            err=True,
        )
    # Host-header check against DNS rebinding; Starlette's check cannot parse IPv6 hosts.
    checked = loopback and ":" not in host
    allowed = [*LOOPBACK_HOSTS, host] if checked else ["*"]
    try:
        app = create_app(db, token=token, allowed_hosts=allowed, time_budget=time_budget or None)
    except PactwatchError as exc:
        raise click.ClickException(str(exc)) from None
    sock = bind(host, port)
    address = _url(host, sock.getsockname()[1])
    mode = "read-write (POST /api/articles needs the token)" if token else "read-only"
    click.echo(f"pactwatch dashboard: {address}  (API docs: {address}docs)")
    click.echo(f"serving {redact(db)} {mode}; press Ctrl+C to stop", err=True)
    verbose = logging.getLogger("pactwatch").getEffectiveLevel() <= logging.INFO
    config = uvicorn.Config(
        app,
        log_level="info" if verbose else "warning",
        access_log=verbose,
        server_header=False,
        proxy_headers=False,
        http=guarded_protocol(header_timeout=header_timeout, max_connections=max_connections),
        timeout_keep_alive=keep_alive,
        # uvicorn's limit counts connections too; the protocol keeps those within
        # max_connections, so this bounds requests in progress (more get 503).
        limit_concurrency=max_connections + 1,
        timeout_graceful_shutdown=5,
    )
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises Ctrl+C after its graceful shutdown
        click.echo("pactwatch: server stopped", err=True)


def register(main: click.Group) -> None:
    """Add `serve` to the `pactwatch` group."""
    main.add_command(serve_command)
