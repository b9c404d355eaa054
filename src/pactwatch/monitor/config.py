"""FEEDS.yaml: the feeds to poll, the watch rules and where alerts go.

Every mistake is reported as one ConfigError naming the file and the key
("feeds.yaml: feeds[2].every: ..."), before anything is fetched, so a typo
cannot leave a watcher running half-configured. The format, by example
(examples/feeds.yaml documents every key):

    feeds:
      - {url: "https://example.org/rss", every: 15m, name: Example}
    watch:
      - {name: arms to Iran, types: [arms_transfer, training], involving: [IRN]}
      - {name: Russia and North Korea, between: [RUS, PRK], new: incident}
      - {name: denials, denial_of_claim: true}
    alerts: {file: alerts.jsonl, webhook: "https://hooks.example.org/pactwatch"}
    fetch: {read_timeout: 20, min_interval: 2, allow_private_addresses: false}

Feeds, pages and the webhook are reached only on public addresses unless
`fetch.allow_private_addresses` is true (see `guard.py`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from pactwatch.errors import PactwatchError
from pactwatch.models import EVENT_TYPES, STAGES
from pactwatch.monitor.fetch import FetchSettings
from pactwatch.monitor.guard import networks
from pactwatch.monitor.rules import ALERT_KINDS, WatchRule

#: "90", "30s", "15m", "2h", "1d"
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
#: FEEDS.yaml `fetch:` keys, each a FetchSettings field taking a positive number.
_FETCH_KEYS = {
    "connect_timeout": float,
    "read_timeout": float,
    "total_timeout": float,
    "attempts": int,
    "backoff": float,
    "min_interval": float,
    "max_bytes": int,
    "max_redirects": int,
}
_MAY_BE_ZERO = frozenset({"min_interval", "backoff"})
#: FEEDS.yaml `fetch:` keys besides the numbers: true, false or a list of networks.
_FETCH_FLAGS = frozenset({"allow_private_addresses"})
#: The longest `every:`; a longer one is surely a mistake (and overflows date arithmetic).
MAX_EVERY_SECONDS = 30 * 86400
_CODE = re.compile(r"^[A-Z][A-Z0-9_-]{1,15}$")


class ConfigError(PactwatchError):
    """FEEDS.yaml is unreadable or wrong; the message names the file and the key."""

    def __init__(self, path: Path, key: str, problem: str) -> None:
        where = f"{path}: {key}: " if key else f"{path}: "
        super().__init__(where + problem)
        self.path = path
        self.key = key
        self.problem = problem


@dataclass(frozen=True, slots=True)
class FeedConfig:
    url: str
    #: seconds between two polls
    every: float
    name: str


@dataclass(frozen=True, slots=True)
class AlertTargets:
    """Where alerts go besides the terminal: a JSON Lines file and a webhook, both optional."""

    file: Path | None = None
    webhook: str | None = None
    #: Whether the webhook may be on a loopback or private address, or which ones
    #: (set from `fetch.allow_private_addresses`).
    allow_private_addresses: bool = False
    private_networks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MonitorConfig:
    path: Path
    feeds: tuple[FeedConfig, ...]
    rules: tuple[WatchRule, ...]
    alerts: AlertTargets
    fetch: FetchSettings


def load_config(
    path: str | Path, *, known_codes: Callable[[], set[str]] | None = None
) -> MonitorConfig:
    """Read and check FEEDS.yaml; relative paths in it are relative to its folder.

    `known_codes` gives the actor codes rules may name (default: the actor
    lexicon's), so "IRNN" is caught here rather than silently never matching.
    """
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(path, "", f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        line, byte = exc.object[: exc.start].count(b"\n") + 1, exc.object[exc.start]
        raise ConfigError(
            path, "", f"line {line}: not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8"
        ) from None
    except yaml.YAMLError as exc:
        raise ConfigError(path, "", f"not valid YAML: {_yaml_problem(exc)}") from None
    reader = _Reader(path, known_codes or _lexicon_codes)
    return reader.config(raw)


def parse_duration(value: object) -> float | None:
    """Seconds in 90, "30s", "15m", "2h" or "1d"; None when it is not a duration."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        found = _DURATION.match(value)
        if found:
            return float(found.group(1)) * _UNIT_SECONDS[found.group(2)]
    return None


def _lexicon_codes() -> set[str]:
    from pactwatch.actors.lexicon import load_actor_lexicon

    return set(load_actor_lexicon().entries)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"{problem} (line {mark.line + 1})" if mark is not None else str(problem)


class _Reader:
    """Checks one file's contents, key by key, raising ConfigError at the first mistake."""

    def __init__(self, path: Path, known_codes: Callable[[], set[str]]) -> None:
        self.path = path
        self._known_codes = known_codes
        self._codes: set[str] | None = None

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(self.path, key, problem)

    def config(self, raw: object) -> MonitorConfig:
        top = self.mapping(raw, "", {"feeds", "watch", "alerts", "fetch"})
        feeds = self.feeds(top.get("feeds"))
        rules = tuple(
            self.rule(item, f"watch[{i}]") for i, item in enumerate(self.list(top, "watch"))
        )
        names = [rule.name for rule in rules]
        for i, name in enumerate(names):
            if name in names[:i]:
                raise self.fail(f"watch[{i}].name", f"{name!r} names two rules; names must differ")
        fetch = self.fetch(top.get("fetch"))
        alerts = dataclasses.replace(
            self.alerts(top.get("alerts")),
            allow_private_addresses=fetch.allow_private_addresses,
            private_networks=fetch.private_networks,
        )
        if not feeds:  # checked last, so a mistake in a rule is named first
            raise self.fail("feeds", "no feeds listed: a watcher needs at least one `- {url: ...}`")
        return MonitorConfig(path=self.path, feeds=feeds, rules=rules, alerts=alerts, fetch=fetch)

    # ----------------------------------------------------------------- shapes

    def mapping(self, raw: object, key: str, allowed: set[str]) -> Mapping[str, Any]:
        if raw is None and key == "":
            raise self.fail("", "the file is empty; it needs at least a `feeds:` list")
        if not isinstance(raw, dict):
            raise self.fail(key, f"expected a mapping of keys, got {_kind(raw)}")
        unknown = sorted(str(k) for k in raw if k not in allowed)
        if unknown:
            expected = ", ".join(sorted(allowed))
            raise self.fail(_join(key, unknown[0]), f"unknown key (expected one of: {expected})")
        return raw

    def list(self, parent: Mapping[str, Any], key: str) -> list[Any]:
        value = parent.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(key, f"expected a list, got {_kind(value)}")
        return value

    def text(self, value: object, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"expected a non-empty string, got {_kind(value)}")
        return value.strip()

    def url(self, value: object, key: str) -> str:
        url = self.text(value, key)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise self.fail(key, f"{url!r} is not an http(s) URL")
        return url

    def names(self, value: object, key: str, allowed: set[str] | None = None) -> frozenset[str]:
        """A string or a list of strings, each in `allowed` when given."""
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise self.fail(key, f"expected a name or a list of names, got {_kind(value)}")
        for item in items:
            if allowed is not None and item not in allowed:
                raise self.fail(key, f"{item!r} is not one of: {', '.join(sorted(allowed))}")
        return frozenset(items)

    def codes(self, value: object, key: str) -> frozenset[str]:
        codes = self.names(value, key)
        for code in sorted(codes):
            if not _CODE.match(code):
                raise self.fail(key, f"{code!r} is not an actor code (e.g. IRN, RUS, PRK)")
            if code not in self.known_codes():
                raise self.fail(key, f"{code!r} is not a code in the actor lexicon")
        return codes

    def known_codes(self) -> set[str]:
        if self._codes is None:
            self._codes = self._known_codes()
        return self._codes

    # ------------------------------------------------------------------ parts

    def feeds(self, raw: object) -> tuple[FeedConfig, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            raise self.fail("feeds", f"expected a list of feeds, got {_kind(raw)}")
        feeds = tuple(self.feed(item, f"feeds[{i}]") for i, item in enumerate(raw))
        urls = [feed.url for feed in feeds]
        for i, url in enumerate(urls):
            if url in urls[:i]:
                raise self.fail(f"feeds[{i}].url", f"{url} is listed twice")
        return feeds

    def feed(self, raw: object, key: str) -> FeedConfig:
        if isinstance(raw, str):
            raw = {"url": raw}
        item = self.mapping(raw, key, {"url", "every", "name"})
        if "url" not in item:
            raise self.fail(key, "missing `url`")
        url = self.url(item["url"], f"{key}.url")
        every = parse_duration(item.get("every", "15m"))
        if every is None or not 0 < every <= MAX_EVERY_SECONDS:
            given = repr(item.get("every"))
            given = given if len(given) <= 30 else given[:27] + "..."
            raise self.fail(
                f"{key}.every",
                f"{given} is not a duration from 1s to 30d: give seconds or 30s, 15m, 2h, 1d",
            )
        name = self.text(item["name"], f"{key}.name") if "name" in item else url
        return FeedConfig(url=url, every=every, name=name)

    def rule(self, raw: object, key: str) -> WatchRule:
        allowed = {"name", "types", "involving", "between", "stages", "new", "denial_of_claim"}
        item = self.mapping(raw, key, allowed)
        if "name" not in item:
            raise self.fail(key, "missing `name` (alerts say which rule they come from)")
        kinds = self.rule_kinds(item, key)
        between = self.codes(item["between"], f"{key}.between") if "between" in item else None
        if between is not None and len(between) < 2:
            raise self.fail(f"{key}.between", "give at least two different codes")
        return WatchRule(
            name=self.text(item["name"], f"{key}.name"),
            types=self.optional_names(item, "types", key, set(EVENT_TYPES)),
            involving=self.codes(item["involving"], f"{key}.involving")
            if "involving" in item
            else frozenset(),
            between=between or frozenset(),
            stages=self.optional_names(item, "stages", key, set(STAGES)),
            kinds=kinds,
        )

    def optional_names(
        self, item: Mapping[str, Any], name: str, key: str, allowed: set[str]
    ) -> frozenset[str]:
        if name not in item:
            return frozenset()
        return self.names(item[name], f"{key}.{name}", allowed)

    def rule_kinds(self, item: Mapping[str, Any], key: str) -> frozenset[str]:
        """`new:` lists the kinds of change; `denial_of_claim: true` means denials only."""
        denial = item.get("denial_of_claim", False)
        if not isinstance(denial, bool):
            raise self.fail(
                f"{key}.denial_of_claim", f"expected true or false, got {_kind(denial)}"
            )
        if "new" in item:
            kinds = self.names(item["new"], f"{key}.new", set(ALERT_KINDS))
            if denial and kinds != {"denial"}:
                raise self.fail(key, "`denial_of_claim: true` alerts on denials only; drop `new`")
            return kinds
        return frozenset({"denial"}) if denial else frozenset(ALERT_KINDS)

    def private_addresses(self, value: object) -> dict[str, Any]:
        """`true`, `false`, or a list of the addresses and networks allowed."""
        key = "fetch.allow_private_addresses"
        if isinstance(value, bool):
            return {"allow_private_addresses": value}
        if not isinstance(value, str | list):
            raise self.fail(
                key,
                f"expected true, false or a list of addresses like 10.0.0.0/8, got {_kind(value)}",
            )
        texts = list(self.names(value, key))
        try:
            networks(texts)
        except ValueError as exc:
            raise self.fail(key, f"{exc}; give true, false or addresses like 10.0.0.0/8") from None
        return {"private_networks": tuple(texts)}

    def alerts(self, raw: object) -> AlertTargets:
        if raw is None:
            return AlertTargets()
        item = self.mapping(raw, "alerts", {"file", "webhook"})
        file = None
        if item.get("file") is not None:
            file = self.path.parent / Path(self.text(item["file"], "alerts.file")).expanduser()
        webhook = None
        if item.get("webhook") is not None:
            webhook = self.url(item["webhook"], "alerts.webhook")
        return AlertTargets(file=file, webhook=webhook)

    def fetch(self, raw: object) -> FetchSettings:
        if raw is None:
            return FetchSettings()
        item = self.mapping(raw, "fetch", set(_FETCH_KEYS) | _FETCH_FLAGS)
        values: dict[str, Any] = {}
        if "allow_private_addresses" in item:
            values.update(self.private_addresses(item["allow_private_addresses"]))
        for name, kind in _FETCH_KEYS.items():
            if name not in item:
                continue
            value = item[name]
            least = 0 if name in _MAY_BE_ZERO else 1e-9
            if isinstance(value, bool) or not isinstance(value, int | float) or value < least:
                wanted = "zero or more" if name in _MAY_BE_ZERO else "a positive number"
                raise self.fail(f"fetch.{name}", f"expected {wanted}, got {value!r}")
            if kind is int and not isinstance(value, int):
                raise self.fail(f"fetch.{name}", f"expected a whole number, got {value!r}")
            values[name] = kind(value)
        return dataclasses.replace(FetchSettings(), **values)


def _join(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def _kind(value: object) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "a string"}
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return names.get(type(value), type(value).__name__)
