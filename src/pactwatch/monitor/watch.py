"""The watcher: poll due feeds, ingest new items once, raise and deliver alerts, repeat.

A cycle polls every feed whose interval has passed since its last poll (the
times are in the store, so a restart keeps the schedule), then files and
delivers pending alerts. Nothing a server does stops a cycle: a feed or item
failure is logged, recorded in the store and the next one is taken. Each feed
and each item is processed inside its own error boundary, so even a pactwatch
bug met on one item fails that item alone (recorded in `feed_items`, retried
a few times when its feed changes, then left); only faults of the store
itself (StoreError: a full disk, a damaged file) stop the watcher. Work is
bounded: a cycle fetches each due feed once and at most MAX_ITEMS_PER_POLL
items of it, and `run` stops after `max_cycles`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from pactwatch.errors import PactwatchError, unexpected
from pactwatch.ingest import ArticleOutcome, ingest_document
from pactwatch.monitor.alerts import Alert, AlertBook
from pactwatch.monitor.config import FeedConfig, MonitorConfig
from pactwatch.monitor.feeds import (
    FeedItem,
    ParsedFeed,
    item_needs_work,
    load_feed_state,
    parse_feed,
    record_item,
    save_feed_state,
)
from pactwatch.monitor.fetch import FEED_TYPES, HTML_TYPES, Fetcher, FetchError, Page
from pactwatch.monitor.pages import fetch_article
from pactwatch.sources import RawDocument, checked_document, strip_credentials
from pactwatch.store.database import Store

log = logging.getLogger("pactwatch.monitor")

#: Feeds are XML, but some servers label them text/html; feedparser tells them apart.
FEED_ACCEPT = FEED_TYPES | HTML_TYPES
#: Longest sleep between cycles, so a stop request or new due feed is noticed in time.
MAX_SLEEP = 60.0


@dataclass(slots=True)
class CycleReport:
    """What one cycle did, for the closing line and for tests."""

    polled: int = 0
    not_modified: int = 0
    items: int = 0
    ingested: list[ArticleOutcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    delivered: int = 0

    def line(self) -> str:
        new = sum(outcome.status == "new" for outcome in self.ingested)
        return (
            f"{self.polled} feeds polled ({self.not_modified} unchanged), {self.items} new items, "
            f"{new} new articles, {len(self.errors)} errors, {len(self.alerts)} alerts"
        )


class Watcher:
    """Polls the feeds of a MonitorConfig into a store; one object per running watch."""

    def __init__(
        self,
        store: Store,
        config: MonitorConfig,
        *,
        fetcher: Fetcher | None = None,
        alerts: AlertBook | None = None,
        clock: Callable[[], datetime] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.store = store
        self.config = config
        self.fetcher = fetcher or Fetcher(config.fetch)
        self.alerts = alerts or AlertBook(store, config.rules, config.alerts)
        self._clock = clock or _utc_now
        self._sleep = sleep

    def run(
        self,
        *,
        max_cycles: int | None = None,
        on_cycle: Callable[[CycleReport], None] | None = None,
    ) -> int:
        """Cycle until `max_cycles` (forever with None), sleeping until the next feed is due.

        Returns the number of cycles run; `on_cycle` hears each cycle's report.
        """
        done = 0
        while max_cycles is None or done < max_cycles:
            report = self.run_cycle()
            done += 1
            if on_cycle is not None:
                on_cycle(report)
            if max_cycles is not None and done >= max_cycles:
                break
            self._sleep(self.seconds_until_due())
        return done

    def run_cycle(self) -> CycleReport:
        """Poll each due feed once, then file and deliver the alerts still pending."""
        report = CycleReport()
        for feed in self.due_feeds():
            self.poll(feed, report)
        self.alerts.file_pending()
        report.delivered = self.alerts.deliver_pending()
        return report

    def due_feeds(self) -> list[FeedConfig]:
        now = self._clock()
        due = []
        for feed in self.config.feeds:
            polled = load_feed_state(self.store, _key(feed)).last_polled
            if polled is None or now - polled >= timedelta(seconds=feed.every):
                due.append(feed)
        return due

    def seconds_until_due(self) -> float:
        """Seconds until the next feed is due: at least 1, at most MAX_SLEEP."""
        now = self._clock()
        waits = []
        for feed in self.config.feeds:
            polled = load_feed_state(self.store, _key(feed)).last_polled
            due = polled + timedelta(seconds=feed.every) if polled else now
            waits.append((due - now).total_seconds())
        return min(max(min(waits, default=MAX_SLEEP), 1.0), MAX_SLEEP)

    # ------------------------------------------------------------------ feeds

    def poll(self, feed: FeedConfig, report: CycleReport) -> None:
        """Fetch one feed (conditionally) and take its new items; errors are logged and kept."""
        state = load_feed_state(self.store, _key(feed))
        report.polled += 1
        polled_at = self._clock()
        try:
            page = self.fetcher.get(
                feed.url,
                accept=FEED_ACCEPT,
                etag=state.etag,
                last_modified=state.last_modified,
            )
            if page.not_modified:
                report.not_modified += 1
                save_feed_state(self.store, replace(state, last_polled=polled_at, last_error=None))
                return
            parsed = _parsed(page)
        except FetchError as exc:
            self._problem(report, f"{_label(feed)}: {exc}")
            save_feed_state(self.store, replace(state, last_polled=polled_at, last_error=str(exc)))
            return
        if parsed.warning:
            self._problem(report, f"{_label(feed)}: {page.url}: {parsed.warning}")
        for item in parsed.items:
            if item_needs_work(self.store, _key(feed), item.item_id):
                self.take(feed, item, report)
        # Validators are saved only now: a crash above re-reads the whole feed next time,
        # and the items already taken are skipped by their feed_items rows.
        save_feed_state(
            self.store,
            replace(
                state,
                etag=page.etag,
                last_modified=page.last_modified,
                last_polled=polled_at,
                last_error=parsed.warning,
            ),
        )

    def take(self, feed: FeedConfig, item: FeedItem, report: CycleReport) -> None:
        """Ingest one new item (its linked page, else its content) and check the alerts."""
        report.items += 1
        source = strip_credentials(item.link) if item.link else f"{_key(feed)}#{item.item_id}"
        try:
            outcome = self._ingest(feed, item)
        except FetchError as exc:
            outcome = ArticleOutcome(source, "failed", exc.problem)
        except PactwatchError:
            raise  # the store's own faults stop the watcher: every item would meet them
        except Exception as exc:
            outcome = ArticleOutcome(source, "failed", unexpected(exc, "taking the item"))
        error = outcome.message if outcome.status == "failed" else None
        if error:
            self._problem(report, f"{_label(feed)}: item {source}: {error}")
        else:
            report.ingested.append(outcome)
            log.info(
                "feed %s: %s %s (%d events)", feed.name, outcome.status, source, outcome.events
            )
        record_item(
            self.store,
            _key(feed),
            item.item_id,
            seen_at=self._clock(),
            article_id=outcome.article_id,
            error=error,
        )
        touched = outcome.incidents_created | outcome.incidents_updated
        report.alerts.extend(self.alerts.check(touched, trigger=source if item.link else None))

    def _ingest(self, feed: FeedConfig, item: FeedItem) -> ArticleOutcome:
        if item.link is not None:
            return fetch_article(self.store, self.fetcher, item.link, published=item.published)
        document = checked_document(
            RawDocument(
                id=f"{_key(feed)}#{item.item_id}",
                body=item.content or "",
                is_html=True,
                path=f"{_key(feed)}#{item.item_id}",
                published=item.published,
                title=item.title,
            )
        )
        return ingest_document(self.store, document)

    def _problem(self, report: CycleReport, message: str) -> None:
        log.warning("%s", message)
        report.errors.append(message)

    def close(self) -> None:
        self.fetcher.close()
        self.alerts.close()


def _parsed(page: Page) -> ParsedFeed:
    """The feed's items; any failure of the parser is the feed's FetchError."""
    try:
        return parse_feed(page)
    except FetchError:
        raise
    except Exception as exc:
        raise FetchError(page.url, unexpected(exc, "reading the feed")) from exc


def _key(feed: FeedConfig) -> str:
    """A feed as the store knows it: its URL without any user name or password."""
    return strip_credentials(feed.url)


def _label(feed: FeedConfig) -> str:
    """How messages name a feed: "feed 'Name'", or just "feed" before its URL."""
    return "feed" if feed.name == feed.url else f"feed {feed.name!r}"


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
