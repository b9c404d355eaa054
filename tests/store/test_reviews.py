"""Reviews: accept, reject and correct events; every reader sees them; they survive re-extraction.

On a writable copy of the five samples, on DuckDB and on PostgreSQL. The
events reviewed are picked by what they are (type and parties), not by id.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pactwatch import pipeline
from pactwatch.evaluate import load_gold, score
from pactwatch.ingest import reprocess
from pactwatch.store import Store, check_integrity, query
from pactwatch.store.query import EventFilter
from pactwatch.store.reviews import (
    Correction,
    ReviewError,
    apply_reviews,
    list_reviews,
    review_event,
    reviewed_gold,
)

from .conftest import Scalar


def _event(store: Store, event_type: str, *parties: str) -> dict[str, Any]:
    """The first stored event of this type naming these parties."""
    rows = query.events(store, EventFilter(types=(event_type,))).to_pylist()
    for row in rows:
        if set(parties) <= {*row["sources"], *row["targets"], *row["participants"]}:
            return row
    raise AssertionError(f"no {event_type} event with {parties}")


def _ids(store: Store, flt: EventFilter | None = None) -> set[int]:
    return set(query.events(store, flt or EventFilter())["event_id"].to_pylist())


def _incident_of(store: Store, event_id: int) -> int | None:
    row = store.connection.execute(
        "SELECT incident_id FROM events WHERE event_id = ?", [event_id]
    ).fetchone()
    assert row is not None
    return None if row[0] is None else int(row[0])


def _checks_pass(store: Store) -> None:
    failed = [check.name for check in check_integrity(store) if not check.ok]
    assert not failed, failed


@pytest.fixture
def reviewed(samples_store: Store) -> tuple[Store, dict[str, int]]:
    """The samples with one event rejected, one reversed and restaged, one accepted."""
    store = samples_store
    rejected = _event(store, "condemnation", "USA")["event_id"]
    reversed_ = _event(store, "arms_transfer", "IRN", "RUS")["event_id"]
    accepted = _event(store, "joint_exercise", "IRN", "RUS")["event_id"]
    review_event(store, rejected, "reject", reviewer="ana", note="not about cooperation")
    review_event(store, reversed_, "correct", reviewer="ana", correction=Correction(reverse=True))
    review_event(store, reversed_, "correct", reviewer="bo", correction=Correction(stage="planned"))
    review_event(store, accepted, "accept", reviewer="bo")
    return store, {"rejected": rejected, "corrected": reversed_, "accepted": accepted}


def test_every_reader_shows_the_reviews(reviewed: tuple[Store, dict[str, int]]) -> None:
    store, ids = reviewed
    visible = _ids(store)
    assert ids["rejected"] not in visible and ids["corrected"] in visible
    assert ids["rejected"] in _ids(store, EventFilter(include_rejected=True))
    assert _ids(store, EventFilter(reviewed=("rejected",))) == {ids["rejected"]}
    assert _ids(store, EventFilter(reviewed=("accepted", "corrected"))) == {
        ids["accepted"],
        ids["corrected"],
    }
    assert ids["corrected"] not in _ids(store, EventFilter(reviewed=("unreviewed",)))
    row = next(r for r in query.events(store).to_pylist() if r["event_id"] == ids["corrected"])
    assert (row["sources"], row["targets"], row["stage"], row["review"]) == (
        ["RUS"],
        ["IRN"],
        "planned",
        "corrected",
    )
    # the pair's direction balance and the incidents follow the correction
    pair = query.dyads(store, EventFilter(country="RUS", with_country="IRN")).to_pylist()[0]
    assert pair["n_a_to_b"] >= 1
    incident = _incident_of(store, ids["corrected"])
    found = query.incidents(store, EventFilter(types=("arms_transfer",))).to_pylist()
    parties = {i["incident_id"]: i["parties"] for i in found}
    assert parties[incident] == "RUS>IRN"
    assert _incident_of(store, ids["rejected"]) is None
    _checks_pass(store)


def test_reviews_keep_who_when_before_and_after(reviewed: tuple[Store, dict[str, int]]) -> None:
    store, ids = reviewed
    history = list_reviews(store.connection, event_id=ids["corrected"])
    assert [(r.action, r.reviewer) for r in history] == [("correct", "bo"), ("correct", "ana")]
    stage, direction = history
    assert direction.before["sources"] == ["IRN"] and direction.after["sources"] == ["RUS"]
    assert stage.before["stage"] != "planned" and stage.after["stage"] == "planned"
    assert stage.subject_id == direction.subject_id == direction.review_id
    assert direction.anchor["evidence"] and direction.anchor["type"] == "arms_transfer"
    rejection = list_reviews(store.connection, event_id=ids["rejected"])[0]
    assert rejection.note == "not about cooperation" and rejection.after["review"] == "rejected"


@pytest.mark.parametrize(
    ("action", "correction", "field"),
    [
        ("correct", Correction(), "correction"),
        ("correct", Correction(type="arms_sale"), "type"),
        ("correct", Correction(stage="rumoured"), "stage"),
        ("correct", Correction(sources=("XXX",)), "sources"),
        ("correct", Correction(type="joint_exercise", participants=("RUS",)), "participants"),
        ("correct", Correction(targets=("IRN",)), "parties"),
        ("accept", Correction(stage="planned"), "action"),
        ("approve", Correction(), "action"),
    ],
)
def test_a_bad_review_names_the_field_and_writes_nothing(
    samples_store: Store, scalar: Scalar, action: str, correction: Correction, field: str
) -> None:
    event = _event(samples_store, "arms_transfer", "IRN", "RUS")["event_id"]
    with pytest.raises(ReviewError) as caught:
        review_event(samples_store, event, action, reviewer="ana", correction=correction)
    assert caught.value.path == field
    assert scalar(samples_store, "SELECT count(*) FROM reviews") == 0
    with pytest.raises(ReviewError, match="no event 99999"):
        review_event(samples_store, 99999, "accept", reviewer="ana")


def test_rejecting_then_accepting_brings_the_event_back(samples_store: Store) -> None:
    event = _event(samples_store, "arms_transfer", "IRN", "RUS")["event_id"]
    review_event(samples_store, event, "reject", reviewer="ana")
    assert event not in _ids(samples_store)
    review_event(samples_store, event, "accept", reviewer="bo", note="it did happen")
    assert event in _ids(samples_store, EventFilter(reviewed=("accepted",)))
    assert _incident_of(samples_store, event) is not None
    _checks_pass(samples_store)


def test_a_type_change_moves_roles_and_incident(samples_store: Store) -> None:
    exercise = _event(samples_store, "joint_exercise", "IRN", "RUS")
    review_event(
        samples_store,
        exercise["event_id"],
        "correct",
        reviewer="ana",
        correction=Correction(type="training", sources=("RUS",), targets=("IRN",)),
    )
    row = _event(samples_store, "training", "RUS", "IRN")
    assert row["event_id"] == exercise["event_id"]
    assert (row["sources"], row["targets"], row["participants"]) == (["RUS"], ["IRN"], [])
    _checks_pass(samples_store)


# ---------------------------------------------------------------- surviving re-extraction


def test_reviews_survive_reprocess_and_a_new_extractor_that_moves_the_events(
    reviewed: tuple[Store, dict[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, ids = reviewed
    before = {
        name: _state(store, event_id, include_rejected=True) for name, event_id in ids.items()
    }
    offsets = _offsets(store, ids["corrected"])
    # A new extractor, and a cleaner that now keeps a line it dropped before: every
    # event gets a new id and its evidence moves.
    monkeypatch.setattr(pipeline, "EXTRACTOR_VERSION", "rules-99.0.0")
    store.connection.execute(
        "UPDATE articles SET body = 'Updated with more reporting on Monday.' || chr(10) || "
        "chr(10) || body"
    )
    summary = reprocess(store)
    assert summary.events_after == summary.events_before
    survivors = {
        row["event_id"]: row
        for row in query.events(store, EventFilter(include_rejected=True)).to_pylist()
        if row["review"] is not None
    }
    assert len(survivors) == 3 and not set(survivors) & set(ids.values())
    after = {row["review"]: _state(store, event_id, True) for event_id, row in survivors.items()}
    assert after["rejected"] == before["rejected"]
    assert after["corrected"] == before["corrected"]
    assert after["accepted"] == before["accepted"]
    moved = next(i for i, r in survivors.items() if r["review"] == "corrected")
    assert _offsets(store, moved)[0] > offsets[0]
    assert {r["extractor_version"] for r in survivors.values()} == {"rules-99.0.0"}
    assert not {r["review"] for r in query.events(store).to_pylist()} & {"rejected"}
    # the history follows the event to its new id
    assert [r.action for r in list_reviews(store.connection, event_id=moved)] == [
        "correct",
        "correct",
    ]
    _checks_pass(store)


def _state(store: Store, event_id: int, include_rejected: bool) -> tuple[Any, ...]:
    rows = query.events(store, EventFilter(include_rejected=include_rejected)).to_pylist()
    row = next(r for r in rows if r["event_id"] == event_id)
    keys = ("type", "sources", "targets", "participants", "stage", "review", "evidence")
    return tuple(row[key] for key in keys)


def _offsets(store: Store, event_id: int) -> tuple[int, int]:
    row = store.connection.execute(
        "SELECT evidence_start, evidence_end FROM events WHERE event_id = ?", [event_id]
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def test_a_review_whose_event_is_gone_waits_unattached(
    reviewed: tuple[Store, dict[str, int]], scalar: Scalar
) -> None:
    store, ids = reviewed
    article = scalar(store, "SELECT article_id FROM events WHERE event_id = ?", ids["accepted"])
    subjects = scalar(
        store, "SELECT count(DISTINCT subject_id) FROM reviews WHERE article_id = ?", article
    )
    with store.transaction() as connection:
        for table in ("event_dyads", "event_actors"):
            connection.execute(
                f"DELETE FROM {table} WHERE event_id IN "
                "(SELECT event_id FROM events WHERE article_id = ?)",
                [article],
            )
        connection.execute("DELETE FROM events WHERE article_id = ?", [article])
        applied = apply_reviews(connection, [article])
    assert (applied.attached, applied.unattached) == (0, subjects)
    assert scalar(store, "SELECT count(*) FROM reviews") == 4


# ---------------------------------------------------------------- gold


def test_the_reviewed_gold_scores_one_against_the_reviewed_events(
    reviewed: tuple[Store, dict[str, int]], tmp_path: Path
) -> None:
    store, _ = reviewed
    gold_path = tmp_path / "reviewed.gold.json"
    gold_path.write_text(json.dumps(reviewed_gold(store.connection)), encoding="utf-8")
    gold = load_gold(gold_path)
    assert sum(len(a.required) for a in gold.articles.values()) >= 2
    assert sum(len(a.must_not) for a in gold.articles.values()) >= 1
    kept = query.events(store, EventFilter(reviewed=("accepted", "corrected"))).to_pylist()
    report = score(gold, [_spec_record(row) for row in kept])
    assert (report.precision, report.recall, report.f1, report.stage_accuracy) == (1.0,) * 4
    # a rejected event among the predictions would be a must-not hit
    everything = query.events(store, EventFilter(include_rejected=True)).to_pylist()
    rejected = [_spec_record(r) for r in everything if r["review"] == "rejected"]
    assert score(gold, [_spec_record(r) for r in kept] + rejected).must_not_hits


def _spec_record(row: dict[str, Any]) -> dict[str, Any]:
    """A stored event in the spec's JSON form, as `pactwatch eval` reads predictions."""
    actors = [{"role": "source", "country": c} for c in row["sources"]]
    actors += [{"role": "target", "country": c} for c in row["targets"]]
    actors += [{"role": "participant", "country": c} for c in row["participants"]]
    return {"article": row["article"], "type": row["type"], "actors": actors, "stage": row["stage"]}
