"""Where a store lives: a DuckDB file path or a PostgreSQL URL, told apart without a driver.

Kept apart from `pactwatch.store.postgres` so that opening a DuckDB store, and
the commands that only look at a location, do not import psycopg (a tenth of
a second at every start).
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

#: URL schemes that put the store on PostgreSQL.
SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(location: str) -> bool:
    return location.startswith(SCHEMES)


def redact(url: str) -> str:
    """The URL without its password, for messages and `db info`."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))
