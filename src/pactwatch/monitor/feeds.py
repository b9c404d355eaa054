"""RSS/Atom feeds: parsing a fetched body, and the polling state kept in the store.

feedparser only ever sees bytes already fetched by the Fetcher, so every
network limit applies to feeds too and feedparser never opens a URL itself.
The state lives in the store (`feeds`, `feed_items`) rather than in memory,
so a restarted watcher sends the same conditional GET and skips the items it
has already seen.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import datetime

import feedparser

from pactwatch.monitor.fetch import FetchError, Page
from pactwatch.store.database import Store

#: A failed item (its page 404s, times out...) is retried when its feed changes, this often.
MAX_ITEM_ATTEMPTS = 3
#: Items taken from one feed body: a feed with thousands of entries is an archive, not news.
MAX_ITEMS_PER_POLL = 200
#: feedparser's warnings that do not mean the XML is broken (a feed served as
#: text/html is common, and is parsed all the same).
_HARMLESS_BOZO = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed: where its article is, or its content when it has no link."""

    item_id: str
    link: str | None
    title: str | None
    #: ISO date (YYYY-MM-DD) of publication, when the feed gives one
    published: str | None
    content: str | None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    items: tuple[FeedItem, ...]
    #: set when the XML is malformed but the lenient parser recovered some items
    warning: str | None = None


def parse_feed(page: Page) -> ParsedFeed:
    """The items of a fetched feed; FetchError when the body is not a usable feed.

    Malformed XML that still yields items is read (feedparser's lenient parser
    recovers most real-world mistakes, such as a bare "&") with a warning;
    malformed XML that yields nothing is an error.
    """
    parsed = feedparser.parse(
        page.body, response_headers={"content-type": page.content_type or "application/xml"}
    )
    problem = _bozo_problem(parsed)
    entries = list(parsed.entries)[:MAX_ITEMS_PER_POLL]
    if not entries:
        if problem:
            raise FetchError(page.url, f"malformed feed XML: {problem}")
        if not parsed.get("version"):
            raise FetchError(page.url, "not an RSS or Atom feed")
    items = tuple(item for item in (_item(entry) for entry in entries) if item is not None)
    warning = f"malformed feed XML ({problem}); read {len(items)} items anyway" if problem else None
    return ParsedFeed(items, warning)


def _bozo_problem(parsed: feedparser.FeedParserDict) -> str | None:
    if not parsed.get("bozo"):
        return None
    exception = parsed.get("bozo_exception")
    if isinstance(exception, _HARMLESS_BOZO):
        return None
    message = getattr(exception, "getMessage", None)
    return str(message() if callable(message) else exception)


def _item(entry: feedparser.FeedParserDict) -> FeedItem | None:
    """A FeedItem, or None for an entry with neither a link nor content to read."""
    link = _http_link(entry.get("link"))
    content = _content(entry)
    if link is None and content is None:
        return None
    identity = entry.get("id") or link or _digest(content or "")
    return FeedItem(
        item_id=str(identity),
        link=link,
        title=entry.get("title"),
        published=_published(entry),
        content=content,
    )


def _http_link(value: object) -> str | None:
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return value
    return None


def _content(entry: feedparser.FeedParserDict) -> str | None:
    """The entry's full content, else its summary: HTML either way."""
    for part in entry.get("content") or ():
        value = part.get("value")
        if isinstance(value, str) and value.strip():
            return value
    summary = entry.get("summary")
    return summary if isinstance(summary, str) and summary.strip() else None


def _published(entry: feedparser.FeedParserDict) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if isinstance(parsed, time.struct_time):
        return time.strftime("%Y-%m-%d", parsed)
    return None


def _digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------ state


@dataclass(frozen=True, slots=True)
class FeedState:
    """What the store remembers of a feed between polls (and restarts)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_polled: datetime | None = None
    last_error: str | None = None


def load_feed_state(store: Store, url: str) -> FeedState:
    row = store.connection.execute(
        "SELECT etag, last_modified, last_polled, last_error FROM feeds WHERE url = ?", [url]
    ).fetchone()
    if row is None:
        return FeedState(url)
    return FeedState(url, row[0], row[1], row[2], row[3])


def save_feed_state(store: Store, state: FeedState) -> None:
    with store.transaction() as connection:
        connection.execute(
            """INSERT INTO feeds (url, etag, last_modified, last_polled, last_error)
               VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,
                   last_modified = excluded.last_modified,
                   last_polled = excluded.last_polled, last_error = excluded.last_error""",
            [state.url, state.etag, state.last_modified, state.last_polled, state.last_error],
        )


def item_needs_work(store: Store, feed_url: str, item_id: str) -> bool:
    """True for an item never seen, or one that failed fewer than MAX_ITEM_ATTEMPTS times."""
    row = store.connection.execute(
        "SELECT status, attempts FROM feed_items WHERE feed_url = ? AND item_id = ?",
        [feed_url, item_id],
    ).fetchone()
    if row is None:
        return True
    return bool(row[0] == "failed" and int(row[1]) < MAX_ITEM_ATTEMPTS)


def record_item(
    store: Store,
    feed_url: str,
    item_id: str,
    *,
    seen_at: datetime,
    article_id: int | None,
    error: str | None,
) -> None:
    """Remember an item as ingested (error None) or failed, counting its attempts."""
    status = "failed" if error else "ingested"
    with store.transaction() as connection:
        connection.execute(
            """INSERT INTO feed_items (feed_url, item_id, first_seen, article_id, status, error,
                   attempts)
               VALUES (?, ?, ?, ?, ?, ?, 1)
               ON CONFLICT (feed_url, item_id) DO UPDATE SET article_id = excluded.article_id,
                   status = excluded.status, error = excluded.error,
                   attempts = feed_items.attempts + 1""",
            [feed_url, item_id, seen_at, article_id, status, error],
        )
