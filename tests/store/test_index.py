"""The in-memory event index answers every filter exactly as the statements do, on both backends.

The hand store (every answer known) with one event rejected, one accepted and
one corrected (reversed), read by `EventIndex` and by the query functions:
each filter of test_query's table that the index answers, and the review
rules, in every order, by whole list, page, total and undated count.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date

import pytest

from pactwatch.store import Store, open_store
from pactwatch.store.index import EventIndex
from pactwatch.store.query import (
    ACTOR_COLUMNS,
    ARTICLE_REF_COLUMNS,
    EVENT_SORTS,
    INCIDENT_COLUMNS,
    EventFilter,
    count_events,
    count_undated,
    event_ids,
    event_ids_page,
    events_page,
)
from pactwatch.store.reviews import Correction, review_event

from .test_query import EVENT_CASES

D = date

#: Event 3 (RUS -> IRN, undated) rejected, 8 accepted, 1 reversed (now RUS -> IRN).
REJECTED, ACCEPTED, REVERSED = 3, 8, 1

REVIEW_CASES = [
    EventFilter(),
    EventFilter(include_rejected=True),
    EventFilter(reviewed=("rejected",)),
    EventFilter(reviewed=("accepted",)),
    EventFilter(reviewed=("corrected", "unreviewed")),
    EventFilter(reviewed=("unreviewed",), include_rejected=True),
    EventFilter(reviewed=("accepted", "rejected"), country="IRN"),
    EventFilter(source="RUS", include_rejected=True),
    EventFilter(source="IRN", target="RUS"),
    EventFilter(country="RUS", with_country="IRN", since=D(2022, 1, 1), include_undated=True),
    EventFilter(country="RUS", with_country="IRN", since=D(2022, 1, 1), include_rejected=True),
    EventFilter(country="ZZZ"),
    EventFilter(source="ZZZ", target="IRN"),
    EventFilter(country="IRN", with_country="ZZZ"),
    EventFilter(min_confidence=0.8, stages=("occurred", "agreed"), certainties=("stated",)),
]
FILTERS = (
    [flt for flt, _ in EVENT_CASES]
    + REVIEW_CASES
    + [
        EventFilter(text="Drone", include_rejected=True),
        EventFilter(text="", country="IRN"),
    ]
)


@pytest.fixture(scope="module")
def reviewed_hand(hand_db: str) -> Iterator[tuple[Store, EventIndex]]:
    with open_store(hand_db) as store:
        review_event(store, REJECTED, "reject", reviewer="ana")
        review_event(store, ACCEPTED, "accept", reviewer="ana")
        review_event(store, REVERSED, "correct", reviewer="bo", correction=Correction(reverse=True))
    with open_store(hand_db, read_only=True) as store:
        index = EventIndex.build(store, rows=True)
        for sort in EVENT_SORTS:
            if not index.has_order(sort):
                index.read_order(store, sort)
        yield store, index


@pytest.mark.parametrize("flt", FILTERS, ids=repr)
def test_the_index_lists_what_the_query_lists(
    reviewed_hand: tuple[Store, EventIndex], flt: EventFilter
) -> None:
    store, index = reviewed_hand
    for sort in EVENT_SORTS:
        assert index.event_ids(flt, sort=sort) == event_ids(store, flt, sort=sort), sort
    assert index.page(flt, limit=3, offset=2) == event_ids_page(store, flt, limit=3, offset=2)
    assert index.count(flt) == count_events(store, flt)
    for always in (False, True):
        assert index.count_undated(flt, always=always) == count_undated(store, flt, always=always)
    bounded = dataclasses.replace(flt, since=D(2022, 3, 1), until=D(2023, 6, 30))
    assert index.event_ids(bounded) == event_ids(store, bounded)
    assert index.count_undated(bounded) == count_undated(store, bounded)


def test_the_reviews_show_in_the_index(reviewed_hand: tuple[Store, EventIndex]) -> None:
    _, index = reviewed_hand
    assert REJECTED not in index.event_ids(EventFilter())
    assert index.event_ids(EventFilter(reviewed=("rejected",))) == [REJECTED]
    assert REVERSED in index.event_ids(EventFilter(source="RUS", target="IRN"))
    assert REVERSED not in index.event_ids(EventFilter(source="IRN", target="RUS"))


def test_a_text_filter_without_the_rows_or_in_other_letters_is_left_to_the_query(
    reviewed_hand: tuple[Store, EventIndex], hand_db: str
) -> None:
    _, index = reviewed_hand
    assert index.answers(EventFilter(text="DRONES"))
    assert not index.answers(EventFilter(text="Ümit"))
    with open_store(hand_db, read_only=True) as store:
        plain = EventIndex.build(store)
    assert not plain.answers(EventFilter(text="drone"))
    with pytest.raises(ValueError, match="text filter"):
        plain.count(EventFilter(text="drone"))


def test_an_order_not_read_yet_is_asked_for(hand_db: str) -> None:
    with open_store(hand_db, read_only=True) as store:
        index = EventIndex.build(store)
        assert index.has_order("date") and not index.has_order("-confidence")
        with pytest.raises(KeyError, match="read_order"):
            index.page(EventFilter(), limit=5, sort="-confidence")
        index.read_order(store, "-confidence")
        assert index.event_ids(EventFilter(), sort="-confidence") == event_ids(
            store, EventFilter(), sort="-confidence"
        )


def test_the_list_rows_are_the_pages_rows(hand_db: str) -> None:
    """`rows` gives what `events_page` lists (rejected events too), in the order asked."""
    with open_store(hand_db, read_only=True) as store:
        index = EventIndex.build(store, rows=True)
        every = EventFilter(include_rejected=True)
        table, _ = events_page(store, every, limit=100, total=False)
        expected = table.to_pylist()
        wanted = [row["event_id"] for row in reversed(expected)]
        assert index.rows(wanted) == expected[::-1]
        assert index.rows([]) == []
        incident = expected[0]["incident_id"]
        in_incident = [row["event_id"] for row in expected if row["incident_id"] == incident]
        assert index.incident_event_ids(incident) == in_incident
        assert not EventIndex.build(store).has_rows


def test_the_incidents_and_article_references_are_the_stores(hand_db: str) -> None:
    with open_store(hand_db, read_only=True) as store:
        index = EventIndex.build(store, rows=True)
        connection = store.connection
        every = connection.arrow(f"SELECT {INCIDENT_COLUMNS} FROM incidents ORDER BY 1").to_pylist()
        ids = [row["incident_id"] for row in every]
        assert index.incidents([*ids[::-1], -5, 10**9]) == every[::-1]
        articles = connection.arrow(
            f"SELECT {ARTICLE_REF_COLUMNS} FROM articles ORDER BY report_id, article_id"
        ).to_pylist()
        originals = sorted({row["report_id"] for row in articles})
        assert index.report_articles(originals[::-1]) == articles
        copied = [row for row in articles if row["report_id"] == originals[0]]
        assert index.report_articles([originals[0], 10**9]) == copied
        assert [index.article(row["article_id"]) for row in articles] == articles
        assert index.article(10**9) is None
        actors = connection.arrow(
            f"SELECT {ACTOR_COLUMNS} FROM event_actors ORDER BY event_id, position"
        ).to_pylist()
        for event_id in {row["event_id"] for row in actors}:
            expected = [row for row in actors if row["event_id"] == event_id]
            assert index.event_actors(event_id) == expected
        assert index.event_actors(10**9) == []
        assert (
            index.rows([10**9, actors[0]["event_id"]], known=True)[0]["event_id"]
            == (actors[0]["event_id"])
        )
