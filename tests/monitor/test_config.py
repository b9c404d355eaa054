"""FEEDS.yaml: the documented example loads, and each mistake names the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactwatch.monitor.config import ConfigError, MonitorConfig, load_config, parse_duration
from pactwatch.monitor.rules import ALERT_KINDS

REPO = Path(__file__).resolve().parents[2]
CODES = {"IRN", "RUS", "PRK", "USA"}


def load(tmp_path: Path, text: str) -> MonitorConfig:
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, known_codes=lambda: CODES)


def test_the_documented_example_loads() -> None:
    config = load_config(REPO / "examples" / "feeds.yaml")
    assert [feed.every for feed in config.feeds] == [900, 3600]
    assert config.feeds[0].name == "Example World"
    assert config.feeds[1].name == config.feeds[1].url
    iran, korea, denials = config.rules
    assert iran.types == {"arms_transfer", "training"} and iran.involving == {"IRN"}
    assert korea.between == {"RUS", "PRK"} and korea.kinds == {"incident"}
    assert denials.kinds == {"denial"}
    assert config.alerts.file == REPO / "examples" / "alerts.jsonl"
    assert config.fetch.min_interval == 2


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(90, 90), ("30s", 30), ("15m", 900), ("2h", 7200), ("1d", 86400), ("1.5m", 90)],
)
def test_durations(value: object, seconds: float) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("feeds: [", "not valid YAML"),
        ("feed: []", "feed: unknown key"),
        ("feeds: {url: x}", "feeds: expected a list of feeds"),
        ("feeds: [{every: 5m}]", "feeds[0]: missing `url`"),
        ("feeds: [{url: 'ftp://x/rss'}]", "feeds[0].url: 'ftp://x/rss' is not an http(s) URL"),
        ("feeds: [{url: 'http://x/rss', every: 15x}]", "feeds[0].every: '15x' is not a duration"),
        ("feeds: [{url: 'http://x/rss', every: 0}]", "feeds[0].every: 0 is not a duration"),
        (
            "feeds: [{url: 'http://x/rss', every: 99999999999999999999}]",
            "feeds[0].every: 99999999999999999999 is not a duration from 1s to 30d",
        ),
        ("feeds: [{url: 'http://x/rss', every: .inf}]", "feeds[0].every: inf is not a duration"),
        ("feeds: [{url: 'http://x/rss', every: 31d}]", "feeds[0].every: '31d' is not a duration"),
        ("watch: [{name: a}]", "feeds: no feeds listed"),
        ("feeds: []", "feeds: no feeds listed"),
        (
            "fetch: {allow_private_addresses: 1}",
            "fetch.allow_private_addresses: expected true, false or a list",
        ),
        ("fetch: {allow_private_addresses: [lan]}", "does not appear to be an IPv4 or IPv6"),
        ("feeds: ['http://x/a', 'http://x/a']", "feeds[1].url: http://x/a is listed twice"),
        ("watch: [{types: [training]}]", "watch[0]: missing `name`"),
        ("watch: [{name: a, types: [arms]}]", "watch[0].types: 'arms' is not one of"),
        ("watch: [{name: a, involving: [Iran]}]", "watch[0].involving: 'Iran' is not an actor"),
        ("watch: [{name: a, involving: [XYZ]}]", "'XYZ' is not a code in the actor lexicon"),
        ("watch: [{name: a, between: [RUS]}]", "watch[0].between: give at least two"),
        ("watch: [{name: a, new: everything}]", "watch[0].new: 'everything' is not one of"),
        ("watch: [{name: a, denial_of_claim: yes please}]", "watch[0].denial_of_claim: expected"),
        ("watch: [{name: a, new: incident, denial_of_claim: true}]", "denials only"),
        ("watch: [{name: a}, {name: a}]", "watch[1].name: 'a' names two rules"),
        ("watch: [{name: a, colour: red}]", "watch[0].colour: unknown key"),
        ("alerts: {webhook: 'not a url'}", "alerts.webhook: 'not a url' is not an http(s) URL"),
        ("alerts: {file: 3}", "alerts.file: expected a non-empty string"),
        ("fetch: {read_timeout: -1}", "fetch.read_timeout: expected a positive number"),
        ("fetch: {attempts: 2.5}", "fetch.attempts: expected a whole number"),
        ("fetch: {obey_robots: false}", "fetch.obey_robots: unknown key"),
    ],
)
def test_a_mistake_names_the_file_and_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, text)
    assert str(caught.value).startswith(str(tmp_path / "feeds.yaml") + ": ")
    assert message in str(caught.value)


def test_a_file_that_is_not_utf8_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "feeds.yaml"
    path.write_bytes(b"feeds:\n  - {url: 'http://x/rss', name: Caf\xe9}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path, known_codes=lambda: CODES)
    assert str(caught.value) == (
        f"{path}: line 2: not UTF-8 text (byte 0xe9); save the file as UTF-8"
    )


def test_allow_private_addresses_reaches_the_webhook_too(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        "feeds: ['http://127.0.0.1/rss']\nalerts: {webhook: 'http://127.0.0.1:9/h'}\n"
        "fetch: {allow_private_addresses: true}",
    )
    assert config.fetch.allow_private_addresses and config.alerts.allow_private_addresses


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "absent.yaml")


def test_defaults(tmp_path: Path) -> None:
    config = load(tmp_path, "feeds: ['http://x/rss']\nwatch: [{name: all}]")
    assert config.feeds[0].every == 900
    assert config.rules[0].kinds == set(ALERT_KINDS)
    assert config.alerts.file is None and config.alerts.webhook is None
