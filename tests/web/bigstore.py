"""The dashboard tests' big store: 5,000 synthetic events over every state, plus real pages.

Built once per session (the `big_store` fixture, registered in conftest.py)
from the web benchmark's synthetic generator, then the samples and the 50 dev
pages ingested on top through the pipeline, so evidence, articles and
incidents are real where the tests open them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from pactwatch.actors import load_actor_lexicon
from pactwatch.ingest import ingest
from pactwatch.store import open_store

REPO = Path(__file__).resolve().parents[2]
DEV_ARTICLES = REPO.parent / "shared" / "acceptance" / "dev" / "articles"
SYNTHETIC_EVENTS = 5_000


def _synthetic(db: Path) -> None:
    """The web benchmark's generator, over every state of the lexicon."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from bench_store import SyntheticSpec, build_synthetic
        from bench_web import EVIDENCE_TEMPLATES
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    states = sorted(c for c, e in load_actor_lexicon().entries.items() if e.kind == "state")
    evidence = [
        template.format(n=ordinal)
        for ordinal in ("first", "second", "latest")
        for template in EVIDENCE_TEMPLATES
    ]
    spec = SyntheticSpec(
        events=SYNTHETIC_EVENTS, countries=states, evidence=evidence, max_countries=len(states)
    )
    build_synthetic(db, spec)


#: The pair most reported by the dev pages (real articles and evidence), as (focus, partner).
DEV_PAIR_SQL = """
SELECT least(d.a, d.b), greatest(d.a, d.b)
FROM event_dyads d JOIN events e USING (event_id) JOIN articles a USING (article_id)
WHERE a.doc_id NOT LIKE 'synthetic-%' AND a.path LIKE '%/acceptance/dev/%'
GROUP BY ALL ORDER BY count(*) DESC, 1, 2 LIMIT 1
"""


@dataclass(frozen=True)
class BigStore:
    path: Path
    focus: str
    partner: str


@pytest.fixture(scope="session")
def big_store(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> BigStore:
    """5,000 synthetic events, then the samples and dev pages ingested on top (ids follow on).

    The README's pictures show only the samples' text (the dev pages may not be
    quoted in the repository); the tests open the dev pages' evidence too.
    """
    path = tmp_path_factory.mktemp("big") / "big.duckdb"
    _synthetic(path)
    with open_store(path) as store:
        summary = ingest(store, [samples_dir, DEV_ARTICLES])
    assert summary.failed == 0 and summary.new == 55
    with open_store(path, read_only=True) as store:
        row = store.connection.execute(
            "SELECT (SELECT count(*) FROM events), count(DISTINCT code) FROM "
            "(SELECT a AS code FROM event_dyads UNION ALL SELECT b FROM event_dyads)"
        ).fetchone()
        pair = store.connection.execute(DEV_PAIR_SQL).fetchone()
    assert row is not None and pair is not None
    events, parties = row
    assert events >= 5_000 and parties >= 150
    return BigStore(path, focus=str(pair[1]), partner=str(pair[0]))
