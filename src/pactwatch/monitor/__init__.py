"""Live monitoring: fetch pages politely, poll RSS/Atom feeds, alert on watched changes.

- fetch.py: Fetcher (timeouts, retries, per-host rate limit, robots.txt, size
  and type limits) and FetchError.
- pages.py: a fetched page into the store, its raw HTML kept compressed.
- feeds.py: feed parsing (feedparser) and the polling state in the store.
- rules.py / config.py: watch rules and FEEDS.yaml.
- alerts.py: what changed in a watched incident, recorded once, filed, delivered.
- watch.py: the Watcher loop that ties them together.
"""

from __future__ import annotations

from pactwatch.monitor.alerts import Alert, AlertBook, Webhook, recent_alerts
from pactwatch.monitor.config import ConfigError, MonitorConfig, load_config
from pactwatch.monitor.fetch import Fetcher, FetchError, FetchSettings, Page
from pactwatch.monitor.pages import fetch_article, ingest_page
from pactwatch.monitor.rules import IncidentState, WatchRule
from pactwatch.monitor.watch import CycleReport, Watcher

__all__ = [
    "Alert",
    "AlertBook",
    "ConfigError",
    "CycleReport",
    "FetchError",
    "FetchSettings",
    "Fetcher",
    "IncidentState",
    "MonitorConfig",
    "Page",
    "WatchRule",
    "Watcher",
    "Webhook",
    "fetch_article",
    "ingest_page",
    "load_config",
    "recent_alerts",
]
