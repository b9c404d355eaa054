"""The events' filter columns and every order in memory, for a store that cannot change.

Why: a list statement costs DuckDB a few milliseconds of planning and a scan
of the events however short its page, and a server on a read-only store asks
one for every filter it has not seen (a new minimum confidence, a new pair).
`EventIndex` reads, once, what `query._matching_events` tests (type, stage,
certainty, dates, confidence, review state, and the parties of every dyad)
and the orders of `query.EVENT_SORTS` (the default one at once, each other one
when first asked), and answers a filter with numpy: the
events of a pair or a party are looked up, the other conditions applied to
those rows only, the page sliced from the filter's order, the total counted.

The answers are those of `query.event_ids_page` and `query.count_undated`:
the orders come from the store's own ORDER BY (so ties, NULLs and string
order are the database's), and every condition keeps the SQL's NULL
semantics. A text filter (a substring of the evidence in any case) is
answered when the index holds the rows, whose evidence it keeps lower-cased
by the database's own `lower`, and the text is ASCII (whose lower case
Python and the database agree on); otherwise not (`answers` says so).

The index is a snapshot: whoever holds it must drop it when the store
changes (the web server keeps it per state of a store it owns). It takes
about 200 bytes per event (and about 1 KB more with `rows`).

    >>> index = EventIndex.build(store)
    >>> ids, total = index.page(EventFilter(country="RUS", min_confidence=0.5), limit=10)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from pactwatch.store.query import (
    _DATED,
    _WHEN,
    ACTOR_COLUMNS,
    ARTICLE_REF_COLUMNS,
    DEFAULT_EVENT_SORT,
    INCIDENT_COLUMNS,
    EventFilter,
    HasConnection,
    _event_order,
    check_event_sort,
)

Positions = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]

_EPOCH = date(1970, 1, 1)
_NONE: Positions = np.zeros(0, dtype=np.int64)
#: Above this share of all events, a filter's order is read off the whole order with a
#: mask (one pass) instead of sorting its rows by rank.
_MASK_SHARE = 8

_COLUMNS_SQL = f"""
SELECT e.event_id, e.type, e.stage, e.certainty, e.review, e.confidence, e.incident_id,
    e.date_start, coalesce(e.date_end, e.date_start) AS date_last, {_DATED} AS dated
FROM events e
ORDER BY e.event_id
"""
_DYADS_SQL = "SELECT d.event_id, d.a, d.b, d.directed FROM event_dyads d"
_ORDER_SQL = "SELECT e.event_id FROM events e ORDER BY {order}"
#: The events' own columns of a list row (`query.events_page`), in the default order;
#: the article's and the parties' columns are joined in memory.
_ROWS_SQL = """
SELECT e.event_id, e.article_id, e.published, e.type, e.stage, e.certainty, e.claimed_by,
    e.denied_by, e.equipment, e.date_start, e.date_end, e.date_precision, e.date_text,
    e.evidence, e.evidence_start, e.evidence_end, e.rule, e.confidence, e.incident_id,
    e.extractor_version, e.review, lower(e.evidence) AS evidence_lower
FROM events e
ORDER BY {order}
"""
#: The list row's columns taken from the event's article, and the roles listed per event.
_ARTICLE_FIELDS = ("article", "url", "outlet")
_ROLES = (("source", "sources"), ("target", "targets"), ("participant", "participants"))
_INCIDENTS_SQL = f"SELECT {INCIDENT_COLUMNS} FROM incidents ORDER BY incident_id"
_ARTICLES_SQL = f"SELECT {ARTICLE_REF_COLUMNS} FROM articles ORDER BY report_id, article_id"
_ACTORS_SQL = f"SELECT {ACTOR_COLUMNS} FROM event_actors ORDER BY event_id, position"


class StaleIndexError(RuntimeError):
    """The store changed while the index was read: its parts do not agree."""


@dataclass(frozen=True, slots=True)
class _Codes:
    """A string column as small integer codes (-1 for NULL) and the code of each value."""

    codes: npt.NDArray[np.int32]
    of: dict[str, int]

    @classmethod
    def of_column(cls, column: pa.ChunkedArray) -> _Codes:
        encoded = column.combine_chunks().dictionary_encode()
        codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int32)
        values = encoded.dictionary.to_pylist()
        return cls(codes, {value: code for code, value in enumerate(values)})

    def isin(self, values: Sequence[str], rows: Positions | None) -> Mask:
        wanted = [self.of[value] for value in values if value in self.of]
        codes = self.codes if rows is None else self.codes[rows]
        return np.isin(codes, np.array(wanted, dtype=np.int32))

    def code(self, value: str) -> int:
        """The value's code, or -2 (matches no row) when no event has it."""
        return self.of.get(value, -2)


class _Groups:
    """Rows grouped by an integer key: per key, its sorted distinct rows (slices of one array,
    found by binary search: no Python object per key)."""

    def __init__(self, keys: npt.NDArray[np.int64], rows: Positions) -> None:
        order = np.lexsort((rows, keys))
        keys, rows = keys[order], rows[order]
        fresh = np.ones(len(keys), dtype=np.bool_)
        fresh[1:] = (keys[1:] != keys[:-1]) | (rows[1:] != rows[:-1])
        keys, rows = keys[fresh], rows[fresh]
        first = np.ones(len(keys), dtype=np.bool_)
        first[1:] = keys[1:] != keys[:-1]
        starts = np.flatnonzero(first)
        self._keys = keys[starts]
        self._bounds = np.append(starts, len(keys))
        self._rows = rows

    def get(self, key: int, default: Positions) -> Positions:
        at = int(np.searchsorted(self._keys, key))
        if at >= len(self._keys) or self._keys[at] != key:
            return default
        return self._rows[self._bounds[at] : self._bounds[at + 1]]


#: Up to this many rows are read as one-row slices (no copy), more by one `take` (which
#: costs about as much as three slices however few rows it takes).
_SLICED = 3


def _picked(table: pa.Table, at: npt.NDArray[np.int64]) -> list[dict[str, Any]]:
    """These rows of the table as dicts: a take costs a copy of every column, so a few
    rows are read as slices (consecutive rows as one)."""
    if len(at) and (np.diff(at) == 1).all():
        rows: list[dict[str, Any]] = table.slice(int(at[0]), len(at)).to_pylist()
        return rows
    if len(at) > _SLICED:
        rows = table.take(at).to_pylist()
        return rows
    return [table.slice(int(i), 1).to_pylist()[0] for i in at]


def _days(column: pa.ChunkedArray) -> npt.NDArray[np.int64]:
    """A DATE column as days since 1970 (0 where NULL: only read where the event is dated)."""
    days = column.cast(pa.date32()).cast(pa.int32()).fill_null(0)
    return np.asarray(days.to_numpy(), dtype=np.int64)


class EventIndex:
    """Every event's filter columns, its parties and each order, read once from a store."""

    def __init__(
        self,
        events: pa.Table,
        dyads: pa.Table,
        orders: dict[str, pa.Array],
        list_rows: pa.Table | None = None,
        details: tuple[pa.Table, pa.Table, pa.Table] | None = None,
    ) -> None:
        self._ids = events["event_id"].to_numpy().astype(np.int64)
        size = len(self._ids)
        # Ids are mostly dense: a table from id to row looks them up in one pass.
        self._first = int(self._ids[0]) if size else 0
        span = int(self._ids[-1]) - self._first + 1 if size else 0
        self._lookup: Positions | None = None
        if span <= 4 * size + 1024:
            self._lookup = np.full(span, -1, dtype=np.int64)
            self._lookup[self._ids - self._first] = np.arange(size, dtype=np.int64)
        self._type = _Codes.of_column(events["type"])
        self._stage = _Codes.of_column(events["stage"])
        self._certainty = _Codes.of_column(events["certainty"])
        self._review = _Codes.of_column(events["review"])
        self._confidence = events["confidence"].to_numpy().astype(np.float64)
        self._start = _days(events["date_start"])
        self._last = _days(events["date_last"])
        dated = events["dated"].combine_chunks()
        # The SQL's three values: a NULL is neither dated nor undated.
        self._dated = dated.fill_null(False).to_numpy(zero_copy_only=False)
        self._undated = pc.invert(dated).fill_null(False).to_numpy(zero_copy_only=False)
        rows = self._positions(dyads["event_id"].to_numpy())
        parties = (
            pa.chunked_array([*dyads["a"].chunks, *dyads["b"].chunks], pa.string())
            .combine_chunks()
            .dictionary_encode()
        )
        #: Each party's number, and how many there are (a pair's key is low * count + high).
        self._party = {code: number for number, code in enumerate(parties.dictionary.to_pylist())}
        self._parties = max(len(self._party), 1)
        both = parties.indices.to_numpy().astype(np.int64)
        a, b = both[: len(rows)], both[len(rows) :]
        directed = dyads["directed"].to_numpy(zero_copy_only=False).astype(np.bool_)
        low, high = np.minimum(a, b), np.maximum(a, b)
        self._by_pair = _Groups(low * self._parties + high, rows)
        self._by_party = _Groups(both, np.concatenate([rows, rows]))
        self._by_source = _Groups(a[directed], rows[directed])
        self._by_target = _Groups(b[directed], rows[directed])
        self._by_direction = _Groups(a[directed] * self._parties + b[directed], rows[directed])
        incident = events["incident_id"].combine_chunks()
        linked = np.flatnonzero(incident.is_valid().to_numpy(zero_copy_only=False))
        self._by_incident = _Groups(
            incident.fill_null(0).to_numpy().astype(np.int64)[linked], linked.astype(np.int64)
        )
        self._orders: dict[str, Positions] = {}
        self._ranks: dict[str, npt.NDArray[np.int64]] = {}
        for sort, ids in orders.items():
            self._add_order(sort, ids)
        #: Every event's list row (`query.events_page`'s columns), in the default order.
        self._rows: pa.Table | None = None
        #: With the rows: each event's evidence as the database lower-cases it, by position.
        self._lower: pa.Array | None = None
        #: With the list rows: every incident (by id), article reference and actor.
        self._incidents: pa.Table | None = None
        self._articles: pa.Table | None = None
        self._actors: pa.Table | None = None
        if details is not None:
            incidents, articles, actors = (table.combine_chunks() for table in details)
            self._incidents, self._articles, self._actors = incidents, articles, actors
            self._incident_ids = incidents["incident_id"].to_numpy().astype(np.int64)
            reports = articles["report_id"].to_numpy().astype(np.int64)
            self._by_report = _Groups(reports, np.arange(len(reports), dtype=np.int64))
            article_ids = articles["article_id"].to_numpy().astype(np.int64)
            self._article_order = np.argsort(article_ids, kind="stable")
            self._article_ids = article_ids[self._article_order]
            owners = self._positions(actors["event_id"].to_numpy().astype(np.int64))
            self._by_event = _Groups(owners, np.arange(len(owners), dtype=np.int64))
            if list_rows is not None:
                own = list_rows.combine_chunks()
                lower = own["evidence_lower"].combine_chunks()
                self._lower = lower.take(self._ranks[DEFAULT_EVENT_SORT])
                self._rows = self._list_rows(own.drop_columns(["evidence_lower"]), owners)

    def _list_rows(self, own: pa.Table, owners: Positions) -> pa.Table:
        """`query.events_page`'s rows: the events' own columns (in the default order), their
        article's columns and their parties by role, put together here rather than by a
        join and an aggregation, which cost DuckDB several times the table's memory."""
        assert self._articles is not None and self._actors is not None
        wanted = own["article_id"].to_numpy().astype(np.int64)
        at = np.searchsorted(self._article_ids, wanted)
        at = np.minimum(at, len(self._article_ids) - 1)
        if (len(wanted) and (at < 0).any()) or not np.array_equal(self._article_ids[at], wanted):
            raise StaleIndexError("an event's article was not read")
        articles = self._articles.take(self._article_order[at])
        columns = {name: own[name] for name in own.column_names}
        columns.update({name: articles[name] for name in _ARTICLE_FIELDS})
        row_of = self._ranks[DEFAULT_EVENT_SORT][owners]
        roles = self._actors["role"].to_numpy(zero_copy_only=False)
        countries = self._actors["country"].combine_chunks()
        for role, name in _ROLES:
            mine = np.flatnonzero(roles == role)
            # Actors come by event then position: a stable sort by row keeps the positions.
            picked = mine[np.argsort(row_of[mine], kind="stable")]
            counts = np.bincount(row_of[mine], minlength=len(self))
            offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
            columns[name] = pa.ListArray.from_arrays(pa.array(offsets), countries.take(picked))
        return pa.table(columns)

    def _add_order(self, sort: str, ids: pa.Array) -> None:
        """Keep `sort`'s order (event ids as the store's ORDER BY lists them) and its ranks."""
        size = len(self)
        order = self._positions(ids.to_numpy(zero_copy_only=False))
        rank = np.full(size, -1, dtype=np.int64)
        rank[order] = np.arange(len(order), dtype=np.int64)
        if len(order) != size or (rank < 0).any():
            raise StaleIndexError(f"the {sort} order does not list every event once")
        self._ranks[sort], self._orders[sort] = rank, order

    def has_order(self, sort: str) -> bool:
        """Whether `sort` is read: the default order is read with the index, the others
        by `read_order` when first asked (most lists use the default)."""
        return sort in self._orders

    def read_order(self, store: HasConnection, sort: str) -> None:
        """Read `sort`'s order from the store (the same state the index was read from)."""
        order = _event_order(check_event_sort(sort), "e.", _WHEN)
        ids = store.connection.arrow(_ORDER_SQL.format(order=order)).column(0)
        self._add_order(sort, ids.combine_chunks())

    @classmethod
    def build(cls, store: HasConnection, *, rows: bool = False) -> EventIndex:
        """Read the index from one snapshot of the store (about a second per million events).

        With `rows`, every event's list row, its actors, every article's
        reference and every incident are kept too, so a page, one event and one
        incident need no statement either (`rows`, `event_actors`, `article`,
        `incidents`, `report_articles`).
        """
        connection = store.connection
        connection.begin(snapshot=True)
        try:
            events = connection.arrow(_COLUMNS_SQL)
            dyads = connection.arrow(_DYADS_SQL)
            table: pa.Table | None = None
            details: tuple[pa.Table, pa.Table, pa.Table] | None = None
            order = _event_order(DEFAULT_EVENT_SORT, "e.", _WHEN)
            if rows:
                table = connection.arrow(_ROWS_SQL.format(order=order))
                ids = table["event_id"]
                details = (
                    connection.arrow(_INCIDENTS_SQL),
                    connection.arrow(_ARTICLES_SQL),
                    connection.arrow(_ACTORS_SQL),
                )
            else:
                ids = connection.arrow(_ORDER_SQL.format(order=order)).column(0)
        finally:
            connection.rollback()
        return cls(events, dyads, {DEFAULT_EVENT_SORT: ids.combine_chunks()}, table, details)

    def __len__(self) -> int:
        return len(self._ids)

    def _known(self, ids: npt.NDArray[np.int64]) -> Mask:
        """Which of these ids are events read."""
        at = np.searchsorted(self._ids, ids)
        inside = at < len(self._ids)
        known = np.zeros(len(ids), dtype=np.bool_)
        known[inside] = self._ids[at[inside]] == ids[inside]
        return known

    def _positions(self, ids: npt.NDArray[np.int64]) -> Positions:
        """Rows of these event ids; StaleIndexError when one is not an event read."""
        if self._lookup is not None:
            offsets = ids.astype(np.int64) - self._first
            inside = (offsets >= 0) & (offsets < len(self._lookup))
            positions = self._lookup[np.where(inside, offsets, 0)]
            if not inside.all() or (positions < 0).any():
                raise StaleIndexError("an event's dyad or order names no event read")
            return positions
        positions = np.searchsorted(self._ids, ids).astype(np.int64)
        inside = positions < len(self._ids)
        if not inside.all() or not np.array_equal(self._ids[positions], ids):
            raise StaleIndexError("an event's dyad or order names no event read")
        return positions

    # ------------------------------------------------------------ answering

    def answers(self, flt: EventFilter) -> bool:
        """Whether the index answers `flt`: every filter, but a text search only with the
        rows and an ASCII text."""
        return flt.text is None or (self._lower is not None and flt.text.isascii())

    def _candidates(self, flt: EventFilter) -> Positions | None:
        """The rows the parties allow (sorted), or None when the filter names no party."""
        found: list[Positions] = []
        number = self._party.get
        if flt.country and flt.with_country:
            x, y = number(flt.country, -1), number(flt.with_country, -1)
            pair = min(x, y) * self._parties + max(x, y) if min(x, y) >= 0 else -1
            found.append(self._by_pair.get(pair, _NONE))
        elif flt.country:
            found.append(self._by_party.get(number(flt.country, -1), _NONE))
        if flt.source and flt.target:
            x, y = number(flt.source, -1), number(flt.target, -1)
            direction = x * self._parties + y if min(x, y) >= 0 else -1
            found.append(self._by_direction.get(direction, _NONE))
        elif flt.source:
            found.append(self._by_source.get(number(flt.source, -1), _NONE))
        elif flt.target:
            found.append(self._by_target.get(number(flt.target, -1), _NONE))
        if not found:
            return None
        rows = found[0]
        for more in found[1:]:
            rows = np.intersect1d(rows, more, assume_unique=True)
        return rows

    def rows_read(self, flt: EventFilter) -> int:
        """How many rows answering `flt` reads: its parties' events, else every event."""
        rows = self._candidates(flt)
        return len(self) if rows is None else len(rows)

    def _keep(self, flt: EventFilter, rows: Positions | None) -> Mask:
        """Which of `rows` (every row when None) meet the conditions on the event itself."""

        def column(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
            return values if rows is None else values[rows]

        keep = np.ones(len(self) if rows is None else len(rows), dtype=np.bool_)
        for codes, values in (
            (self._type, flt.types),
            (self._stage, flt.stages),
            (self._certainty, flt.certainties),
        ):
            if values:
                keep &= codes.isin(values, rows)
        if flt.since or flt.until:
            window = column(self._dated).copy()
            if flt.since:
                window &= column(self._last) >= (flt.since - _EPOCH).days
            if flt.until:
                window &= column(self._start) <= (flt.until - _EPOCH).days
            keep &= (column(self._undated) | window) if flt.include_undated else window
        if flt.min_confidence is not None:
            keep &= column(self._confidence) >= flt.min_confidence
        keep &= self._review_keep(flt, rows)
        if flt.text is not None and self._lower is not None:
            # Last, on the rows every other condition kept: a substring search costs the most.
            left = np.flatnonzero(keep)
            if rows is None and len(left) * _MASK_SHARE > len(self):
                keep &= self._contains(self._lower, flt.text)
            else:
                at = left if rows is None else rows[left]
                keep[left] = self._contains(self._lower.take(at), flt.text)
        return keep

    @staticmethod
    def _contains(evidence: pa.Array, text: str) -> Mask:
        """Which lower-cased evidence holds `text` (ASCII) in any case: the SQL's
        `strpos(lower(evidence), lower(text)) > 0`."""
        found: Mask = pc.match_substring(evidence, text.lower()).to_numpy(zero_copy_only=False)
        return found

    def _review_keep(self, flt: EventFilter, rows: Positions | None) -> Mask:
        """`query._review_where`: the states asked for; a rejected event only when asked for."""
        codes = self._review.codes if rows is None else self._review.codes[rows]
        keep = np.ones(len(codes), dtype=np.bool_)
        if flt.reviewed:
            states = [state for state in flt.reviewed if state != "unreviewed"]
            either = self._review.isin(states, rows)
            if "unreviewed" in flt.reviewed:
                either |= codes == -1
            keep &= either
        if not flt.include_rejected and "rejected" not in flt.reviewed:
            keep &= codes != self._review.code("rejected")
        return keep

    def _chosen(self, flt: EventFilter) -> Positions | Mask:
        """The rows `flt` matches: sorted positions when the parties leave few, else a mask
        over every row (cheaper than gathering most of the columns' values)."""
        if not self.answers(flt):
            raise ValueError("the index does not answer this text filter: use the query")
        rows = self._candidates(flt)
        if rows is not None and len(rows) * _MASK_SHARE <= len(self):
            return rows[self._keep(flt, rows)]
        keep = self._keep(flt, None)
        if rows is not None:
            among = np.zeros(len(self), dtype=np.bool_)
            among[rows] = True
            keep &= among
        return keep

    def _ordered(self, chosen: Positions | Mask, sort: str) -> Positions:
        """The chosen rows in `sort` order."""
        if sort not in self._orders:
            raise KeyError(f"the {check_event_sort(sort)} order is not read: call read_order")
        if chosen.dtype == np.bool_:
            order = self._orders[sort]
            return order[chosen[order]]
        rows = cast(Positions, chosen)
        return rows[np.argsort(self._ranks[sort][rows], kind="stable")]

    @staticmethod
    def _size(chosen: Positions | Mask) -> int:
        return int(np.count_nonzero(chosen)) if chosen.dtype == np.bool_ else len(chosen)

    def event_ids(self, flt: EventFilter, *, sort: str = DEFAULT_EVENT_SORT) -> list[int]:
        """Every matching event id in `sort` order (`query.event_ids`)."""
        ids: list[int] = self._ids[self._ordered(self._chosen(flt), sort)].tolist()
        return ids

    def page(
        self, flt: EventFilter, *, limit: int, offset: int = 0, sort: str = DEFAULT_EVENT_SORT
    ) -> tuple[list[int], int]:
        """A page of matching event ids in `sort` order and how many match in all
        (`query.event_ids_page`)."""
        chosen = self._chosen(flt)
        page = self._ordered(chosen, sort)[offset : offset + limit]
        ids: list[int] = self._ids[page].tolist()
        return ids, self._size(chosen)

    def count(self, flt: EventFilter) -> int:
        """How many events match (`query.count_events`)."""
        return self._size(self._chosen(flt))

    @property
    def has_rows(self) -> bool:
        """Whether the list rows, incidents and article references were read
        (`build(..., rows=True)`)."""
        return self._rows is not None

    def rows(self, event_ids: Sequence[int], *, known: bool = False) -> list[dict[str, Any]]:
        """These events' list rows (`query.events_page`'s columns), in the order given.

        An id of no event read is StaleIndexError, or (with `known`) left out.
        """
        if self._rows is None:
            raise KeyError("the list rows are not read: build the index with rows=True")
        wanted = np.asarray(event_ids, dtype=np.int64)
        if known:
            wanted = wanted[self._known(wanted)]
        if not len(wanted):
            return []
        positions = self._positions(wanted)
        at = self._ranks[DEFAULT_EVENT_SORT][positions]
        found = _picked(self._rows, at)
        return found

    def incidents(self, incident_ids: Sequence[int]) -> list[dict[str, Any]]:
        """The incidents' own rows (`query.INCIDENT_COLUMNS`) of these ids, unknown ones left
        out, in the order given."""
        if self._incidents is None:
            raise KeyError("the incidents are not read: build the index with rows=True")
        wanted = np.asarray(incident_ids, dtype=np.int64)
        at = np.searchsorted(self._incident_ids, wanted)
        inside = at < len(self._incident_ids)
        at, wanted = at[inside], wanted[inside]
        found = at[self._incident_ids[at] == wanted]
        rows = _picked(self._incidents, found)
        return rows

    def report_articles(self, article_ids: Sequence[int]) -> list[dict[str, Any]]:
        """Every article reporting what these articles report: each one and its syndicated
        copies (`query.ARTICLE_REF_COLUMNS`), by original then id."""
        if self._articles is None:
            raise KeyError("the articles are not read: build the index with rows=True")
        groups = [self._by_report.get(int(i), _NONE) for i in sorted(set(article_ids))]
        at = np.concatenate(groups) if groups else _NONE
        rows = _picked(self._articles, at)
        return rows

    def article(self, article_id: int) -> dict[str, Any] | None:
        """One article's reference (`query.ARTICLE_REF_COLUMNS`), or None."""
        if self._articles is None:
            raise KeyError("the articles are not read: build the index with rows=True")
        at = int(np.searchsorted(self._article_ids, article_id))
        if at >= len(self._article_ids) or self._article_ids[at] != article_id:
            return None
        found: dict[str, Any] = self._articles.slice(int(self._article_order[at]), 1).to_pylist()[0]
        return found

    def event_actors(self, event_id: int) -> list[dict[str, Any]]:
        """An event's actors (`query.ACTOR_COLUMNS`) by position; none for an unknown id."""
        if self._actors is None:
            raise KeyError("the actors are not read: build the index with rows=True")
        wanted = np.asarray([event_id], dtype=np.int64)
        if not self._known(wanted).all():
            return []
        position = int(self._positions(wanted)[0])
        actors = _picked(self._actors, self._by_event.get(position, _NONE))
        return actors

    def incident_event_ids(self, incident_id: int) -> list[int]:
        """The ids of an incident's events, by date then id (the default order)."""
        rows = self._by_incident.get(incident_id, _NONE)
        ordered = rows[np.argsort(self._ranks[DEFAULT_EVENT_SORT][rows], kind="stable")]
        ids: list[int] = self._ids[ordered].tolist()
        return ids

    def count_undated(self, flt: EventFilter, *, always: bool = False) -> int:
        """`query.count_undated`: the undated events the date bounds of `flt` left out."""
        if not (always or flt.dated_only):
            return 0
        chosen = self._chosen(replace(flt, since=None, until=None, include_undated=False))
        if chosen.dtype == np.bool_:
            return int(np.count_nonzero(self._undated & chosen))
        return int(np.count_nonzero(self._undated[chosen]))
