"""A throw-away PostgreSQL server for the tests and benchmarks.

`initdb` and `pg_ctl` from Debian's postgresql (PACTWATCH_PG_BIN overrides
where they are) build a cluster in a fresh temporary directory, listening on
127.0.0.1 at a free port and on a socket in that directory. PostgreSQL
refuses to run as root, so under root (as in CI) the cluster belongs to, and
runs as, the unprivileged `postgres` user. Each store gets a schema of its
own, named in its URL (`options=-csearch_path=...`), so tests never share
state and need no database creation.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg


def _server_programs() -> Path:
    """PACTWATCH_PG_BIN, else Debian's newest installed server (15 on bookworm)."""
    if "PACTWATCH_PG_BIN" in os.environ:
        return Path(os.environ["PACTWATCH_PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _server_programs()
#: The unprivileged account the server runs as when we are root.
SERVER_USER = "postgres"
_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ThrowawayPostgres:
    """A PostgreSQL cluster that exists from `start()` to `stop()`."""

    def __init__(self, *, durable: bool = False) -> None:
        self.durable = durable
        self.root = Path(tempfile.mkdtemp(prefix="pactwatch-pg-"))
        self.port = _free_port()
        self._as_user: dict[str, Any] = {}
        if os.geteuid() == 0:
            account = pwd.getpwnam(SERVER_USER)
            os.chown(self.root, account.pw_uid, account.pw_gid)
            self._as_user = {"user": account.pw_uid, "group": account.pw_gid}
        self.root.chmod(0o755)

    def _run(self, *argv: str) -> None:
        done = subprocess.run(
            argv, capture_output=True, text=True, check=False, cwd=self.root, **self._as_user
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stdout}\n{done.stderr}")

    def start(self) -> ThrowawayPostgres:
        if not (PG_BIN / "initdb").exists():
            raise RuntimeError(
                f"no PostgreSQL server programs in {PG_BIN}: install Debian's postgresql "
                "(`sudo make system-deps`) or set PACTWATCH_PG_BIN"
            )
        data = self.root / "data"
        self._run(
            str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
            "--no-sync", "--encoding=UTF8", "--no-locale",
        )  # fmt: skip
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        if not self.durable:  # tests only: nothing here must survive a power cut
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(self.root / "server.log"),
            "-o", options, "-w", "start",
        )  # fmt: skip
        return self

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def schema_url(self, schema: str) -> str:
        """A new, empty schema and the store URL that lives in it."""
        if not _NAME.fullmatch(schema):
            raise ValueError(f"not a plain schema name: {schema!r}")
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            connection.execute(f"CREATE SCHEMA {schema}")
        return f"{self.url}?options={quote(f'-csearch_path={schema}')}"

    def clone_schema(self, source: str, target: str) -> str:
        """A copy of `source`'s tables (indexes and keys included) as a new store URL."""
        url = self.schema_url(target)
        with psycopg.connect(self.url, autocommit=True) as connection:
            tables = connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                [source],
            ).fetchall()
            with connection.transaction():
                for (table,) in tables:
                    connection.execute(
                        f"CREATE TABLE {target}.{table} (LIKE {source}.{table} INCLUDING ALL)"
                    )
                    connection.execute(
                        f"INSERT INTO {target}.{table} SELECT * FROM {source}.{table}"
                    )
        return url

    def stop(self) -> None:
        try:
            self._run(
                str(PG_BIN / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "stop"
            )
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
