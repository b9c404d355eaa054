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
    EVENT_SORTS,
    EventFilter,
    count_events,
    count_undated,
    event_ids,
    event_ids_page,
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
FILTERS = [flt for flt, _ in EVENT_CASES if EventIndex.answers(flt)] + REVIEW_CASES


@pytest.fixture(scope="module")
def reviewed_hand(hand_db: str) -> Iterator[tuple[Store, EventIndex]]:
    with open_store(hand_db) as store:
        review_event(store, REJECTED, "reject", reviewer="ana")
        review_event(store, ACCEPTED, "accept", reviewer="ana")
        review_event(store, REVERSED, "correct", reviewer="bo", correction=Correction(reverse=True))
    with open_store(hand_db, read_only=True) as store:
        index = EventIndex.build(store)
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


def test_a_text_filter_is_left_to_the_query(reviewed_hand: tuple[Store, EventIndex]) -> None:
    _, index = reviewed_hand
    assert not index.answers(EventFilter(text="drone"))
    with pytest.raises(ValueError, match="text filter"):
        index.count(EventFilter(text="drone"))


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
