"""Near-duplicates: syndicated copies of one story become extra sources of one report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pactwatch.ingest import ingest, reprocess
from pactwatch.store import Store, check_integrity
from pactwatch.store.dedupe import (
    NEAR_DUPLICATE_THRESHOLD,
    NUM_PERM,
    BatchChecks,
    NearDuplicate,
    band_buckets,
    shingles,
    signature,
    similarity,
)

from .conftest import Scalar

ORIGINAL = "002_1afe1fed452732b0.txt"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One two three four five six", {b"one two three four five", b"two three four five six"}),
        ("Iran, RUSSIA and   the drones.", {b"iran russia and the drones"}),
        ("Too short", {b"too short"}),
        ("", set()),
    ],
)
def test_shingles_are_lower_cased_word_5_grams(text: str, expected: set[bytes]) -> None:
    assert shingles(text) == expected


def test_signatures_are_stable_and_comparable() -> None:
    text = "Russia delivered the first S-400 batteries to Turkey on Friday, officials said."
    values = signature(text)
    assert len(values) == NUM_PERM and values == signature(text)
    assert band_buckets(values) == band_buckets(list(values))
    assert similarity(values, signature(text.upper())) == 1.0
    assert similarity(values, signature("Completely unrelated words about the weather today")) < 0.2


def _furniture(text: str) -> str:
    """Another site's page: other header, headline, byline, footer and link lines."""
    lines = text.splitlines()
    lines = [line for line in lines if not line.startswith(("ALSO READ", " date "))]
    body = "\n".join(lines).replace(
        "US sounds alarm over 'harmful' Iran-Russia military partnership",
        "Washington warns of deepening Russia-Iran defence ties",
    )
    body = body.replace("By AFP", "By Agence France-Presse staff")
    return (
        "Skip to main content\nMenu  Search  Subscribe  Sign in\nWorld | Middle East\n\n"
        + body
        + "\n\nRead more: Ukraine war latest\nShare this article\n"
        "© 2022 The Daily Courier. All rights reserved.\n"
    )


def _edited(text: str) -> str:
    """The same story with a changed word or two and a different byline."""
    return (
        text.replace("expressed alarm over", "voiced alarm about")
        .replace("three Russian-based entities", "3 Russia-based entities")
        .replace("By AFP", "From our wire services")
    )


def _both(text: str) -> str:
    return _edited(_furniture(text))


@pytest.mark.parametrize("variant", [_furniture, _edited, _both], ids=lambda f: f.__name__)
def test_a_syndicated_copy_is_one_more_source_of_the_report(
    store: Store,
    samples_dir: Path,
    tmp_path: Path,
    scalar: Scalar,
    variant: Callable[[str], str],
) -> None:
    original = samples_dir / ORIGINAL
    copy = tmp_path / "copy.txt"
    copy.write_text(variant(original.read_text(encoding="utf-8")), encoding="utf-8")
    first = ingest(store, [original])
    second = ingest(store, [copy])
    assert (second.near_duplicate, second.new, second.events) == (1, 0, 0)
    assert second.incidents_changed == first.incidents_new > 0
    rows = store.connection.execute(
        "SELECT article_id, report_id, status, similarity FROM articles ORDER BY article_id"
    ).fetchall()
    assert [row[:3] for row in rows] == [(1, 1, "original"), (2, 1, "near-duplicate")]
    assert rows[1][3] >= NEAR_DUPLICATE_THRESHOLD
    assert scalar(store, "SELECT count(*) FROM events") == first.events
    n_articles = store.connection.execute("SELECT DISTINCT n_articles FROM incidents").fetchall()
    assert n_articles == [(2,)]
    assert all(check.ok for check in check_integrity(store))


@pytest.mark.parametrize(
    "other", ["004_105da86cbff68d84.txt", "000_56354eb25690a70c.txt", "001_d208d6b12a5320c0.txt"]
)
def test_a_different_article_is_not_a_near_duplicate(
    store: Store, samples_dir: Path, other: str
) -> None:
    """004 reports the same statement in its own words: a report of its own."""
    ingest(store, [samples_dir / ORIGINAL])
    summary = ingest(store, [samples_dir / other])
    assert (summary.new, summary.near_duplicate) == (1, 0)


def test_reprocess_keeps_copies_as_sources(
    store: Store, samples_dir: Path, tmp_path: Path, snapshot: Callable[[Store], object]
) -> None:
    original = samples_dir / ORIGINAL
    copy = tmp_path / "copy.txt"
    copy.write_text(_both(original.read_text(encoding="utf-8")), encoding="utf-8")
    ingest(store, [original, copy])
    before = snapshot(store)
    reprocess(store)
    assert snapshot(store) == before  # same extractor, same input: the same store
    assert all(check.ok for check in check_integrity(store))


def test_a_copy_in_the_batch_goes_to_the_most_similar_original_the_lowest_id_on_a_tie(
    store: Store,
) -> None:
    """Originals admitted earlier in a batch are found by their LSH buckets (all bands
    compared at once); the most similar wins, and of equally similar ones the lowest id."""
    story = "Russia delivered the first S-400 batteries to Turkey on Friday, officials said. "
    values = signature(story * 3)
    other = signature("Completely unrelated words about the weather in Oslo today and tomorrow")
    checks = BatchChecks(store.connection, ["a", "b", "c", "d"], lambda i: [values, other][i % 2])
    assert checks.near_duplicate(0, values) is None  # nothing stored or admitted yet
    checks.admit("a", 7, values)
    checks.admit("b", 5, other)
    checks.admit("c", 3, values)
    assert checks.near_duplicate(3, values) == NearDuplicate(3, 1.0)
    assert checks.near_duplicate(3, other) == NearDuplicate(5, 1.0)
    assert checks.afresh().near_duplicate(3, values) is None
