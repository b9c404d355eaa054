"""Monitoring commands: `fetch URL...` and `watch FEEDS.yaml`.

Each is a few lines around `pactwatch.monitor`: a PactwatchError (a bad
FEEDS.yaml, a locked database) becomes one line on stderr and exit status 1;
a URL that cannot be fetched is named on stderr and the others go on.
"""

from __future__ import annotations

import dataclasses
import sys

import click

from pactwatch.commands.store import EXIT_FAILED_INPUTS, clean_errors, db_option


@click.command("fetch")
@click.argument("urls", nargs=-1, required=True)
@db_option
@click.option(
    "--min-interval",
    type=click.FloatRange(min=0),
    default=2.0,
    show_default=True,
    help="Seconds between two requests to the same host.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=20.0,
    show_default=True,
    help="Seconds to wait for the server to connect or send.",
)
@click.option(
    "--allow-private-addresses",
    is_flag=True,
    help="Also fetch from loopback, private-network and link-local addresses.",
)
def fetch_command(
    urls: tuple[str, ...],
    db_path: str,
    min_interval: float,
    timeout: float,
    allow_private_addresses: bool,
) -> None:
    """Download the articles at URLS and store them and their events.

    Polite by default: robots.txt is obeyed, one host is asked at most every
    --min-interval seconds, pages over 5 MB or not HTML are refused. Only
    public addresses are fetched (also after redirects) unless
    --allow-private-addresses is given. Exit status 3 when some URLs failed
    (each is named on stderr).
    """
    from pactwatch.monitor import Fetcher, FetchError, FetchSettings, fetch_article
    from pactwatch.store.database import open_store

    settings = dataclasses.replace(
        FetchSettings(),
        min_interval=min_interval,
        read_timeout=timeout,
        connect_timeout=timeout,
        allow_private_addresses=allow_private_addresses,
    )
    failed = 0
    with clean_errors(), open_store(db_path) as store, Fetcher(settings) as fetcher:
        for url in urls:
            try:
                outcome = fetch_article(store, fetcher, url)
            except FetchError as exc:
                failed += 1
                click.echo(f"pactwatch: failed {exc}", err=True)
                continue
            if outcome.status == "failed":
                failed += 1
            detail = f"{outcome.events} events" if outcome.status == "new" else outcome.message
            click.echo(f"{outcome.status}: {url}" + (f" ({detail})" if detail else ""), err=True)
    click.echo(f"{len(urls)} URLs: {len(urls) - failed} stored or already known, {failed} failed")
    if failed:
        sys.exit(EXIT_FAILED_INPUTS)


@click.command("watch")
@click.argument("feeds_file", type=click.Path(dir_okay=False))
@db_option
@click.option("--once", is_flag=True, help="Run one cycle (poll the due feeds) and exit.")
@click.option(
    "--max-cycles",
    type=click.IntRange(min=1),
    help="Stop after this many cycles (default: run until Ctrl+C).",
)
def watch_command(feeds_file: str, db_path: str, once: bool, max_cycles: int | None) -> None:
    """Poll the feeds of FEEDS_FILE, store new articles, and alert on watched changes.

    Each feed is polled on its own schedule (`every:`), new items are stored
    once (the state is in the database, so a restart resumes), and alerts are
    printed, appended to the alerts file and POSTed to the webhook. Errors of
    one feed or article are logged as warnings and the watcher goes on.
    """
    from pactwatch.monitor import Alert, load_config
    from pactwatch.monitor.alerts import AlertBook
    from pactwatch.monitor.watch import Watcher
    from pactwatch.store.database import open_store

    def announce(alert: Alert) -> None:
        click.echo(alert.line())

    cycles = 1 if once else max_cycles
    with clean_errors():
        config = load_config(feeds_file)
        with open_store(db_path) as store:
            book = AlertBook(store, config.rules, config.alerts, announce=announce)
            watcher = Watcher(store, config, alerts=book)
            try:
                watcher.run(max_cycles=cycles, on_cycle=lambda r: click.echo(r.line(), err=True))
            except KeyboardInterrupt:
                click.echo("pactwatch: watch stopped", err=True)
            finally:
                watcher.close()


def register(main: click.Group) -> None:
    """Add `fetch` and `watch` to the `pactwatch` group."""
    main.add_command(fetch_command)
    main.add_command(watch_command)
