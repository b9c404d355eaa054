"""Stale articles: extracted by another extractor version, found and redone alone."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import pactwatch
from pactwatch.fingerprint import extractor_version
from pactwatch.ingest import reprocess
from pactwatch.pipeline import EXTRACTOR_VERSION
from pactwatch.store import Store, check_integrity, store_info

from .conftest import RunStoreCli, Scalar

OLD = "rules-0.0.1+00000000"


def test_an_edited_lexicon_is_a_new_extractor_version(tmp_path: Path) -> None:
    package = tmp_path / "pactwatch"
    shutil.copytree(Path(pactwatch.__file__).parent, package)
    assert extractor_version(package) == EXTRACTOR_VERSION  # same files, same version
    lexicon = package / "lexicons" / "triggers.yaml"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n# a user's note\n", "utf-8")
    edited = extractor_version(package)
    assert edited != EXTRACTOR_VERSION
    assert edited.split("+")[0] == EXTRACTOR_VERSION.split("+")[0]  # same release


def test_reprocess_stale_redoes_only_articles_of_another_version(
    samples_store: Store, scalar: Scalar
) -> None:
    connection = samples_store.connection
    connection.execute(
        f"UPDATE articles SET extractor_version = '{OLD}' WHERE article_id IN (2, 4)"
    )
    connection.execute(f"UPDATE events SET extractor_version = '{OLD}' WHERE article_id IN (2, 4)")
    assert store_info(samples_store).stale_articles(EXTRACTOR_VERSION) == 2
    untouched = scalar(samples_store, "SELECT count(*) FROM events WHERE article_id = 1")

    summary = reprocess(samples_store, only_stale=True)

    assert summary.articles == 2
    assert store_info(samples_store).stale_articles(EXTRACTOR_VERSION) == 0
    assert (
        scalar(
            samples_store,
            "SELECT count(*) FROM events WHERE extractor_version <> ?",
            EXTRACTOR_VERSION,
        )
        == 0
    )
    assert scalar(samples_store, "SELECT count(*) FROM events WHERE article_id = 1") == untouched
    assert all(check.ok for check in check_integrity(samples_store))
    assert reprocess(samples_store, only_stale=True).articles == 0


def test_db_info_names_stale_articles_and_the_command(
    samples_store: Store, run_store_cli: RunStoreCli
) -> None:
    samples_store.connection.execute(
        f"UPDATE articles SET extractor_version = '{OLD}' WHERE article_id = 3"
    )
    location = samples_store.location
    samples_store.close()
    info = run_store_cli("db", "info", "--db", location)
    assert info.returncode == 0, info.stderr
    assert re.search(rf"^this extractor: +{re.escape(EXTRACTOR_VERSION)}$", info.stdout, re.M)
    assert re.search(r"^stale articles: +1 \(.*pactwatch reprocess --stale\)$", info.stdout, re.M)
    redo = run_store_cli("reprocess", "--stale", "--db", location)
    assert redo.returncode == 0, redo.stderr
    assert redo.stdout.startswith("1 articles reprocessed")
    after = run_store_cli("db", "info", "--db", location)
    assert re.search(r"^stale articles: +0$", after.stdout, re.M), after.stdout


def test_a_user_lexicon_folder_is_part_of_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = Path(pactwatch.__file__).parent
    overlay = tmp_path / "mine"
    overlay.mkdir()
    (overlay / "companies.yaml").write_text("ACME Arms: {code: USA}\n", encoding="utf-8")
    monkeypatch.setenv("PACTWATCH_LEXICONS", str(overlay))
    with_overlay = extractor_version(package)
    assert with_overlay != EXTRACTOR_VERSION
    (overlay / "companies.yaml").write_text("ACME Arms: {code: CAN}\n", encoding="utf-8")
    assert extractor_version(package) not in (with_overlay, EXTRACTOR_VERSION)
