"""Query parameters: parsed and checked before any SQL runs, as the CLI checks its options.

Each dependency turns the raw parameters into the value the query functions
take (an `EventFilter`, a `Page`), or raises a 422 that names the parameter
and says what is allowed. Types, stages and certainties are Literals, so the
OpenAPI schema lists their values and FastAPI rejects the rest. A parameter
no route declares is a 422 too (`reject_unknown_parameters`), naming it and
the ones the endpoint takes.

The names are the CLI's options without their dashes, `-` written `_`:
`country`, `with`, `from`, `to`, `type`, `stage`, `certainty`, `since`,
`until`, `include_undated`, `min_confidence`, `text`, `limit`, `sort`.
"""

from __future__ import annotations

import calendar
import dataclasses
import difflib
import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

from pactwatch.models import Certainty, EventType, Stage
from pactwatch.store.query import EventFilter, resolve_country
from pactwatch.web.queries import ArticleFilter

#: `reviewed` values (store.query.REVIEW_FILTERS), a Literal so the schema lists them.
ReviewState = Literal["accepted", "corrected", "rejected", "unreviewed"]
#: The event list's orders (store.query.EVENT_SORTS), a Literal so the schema lists them.
EventSort = Literal[
    "date",
    "-date",
    "published",
    "-published",
    "confidence",
    "-confidence",
    "type",
    "-type",
    "stage",
    "-stage",
]

MAX_LIMIT = 500
DEFAULT_LIMIT = 100
#: Far beyond any store, small enough that DuckDB never sees an out-of-range integer.
MAX_OFFSET = 1_000_000_000
MAX_TEXT = 200

_DATE_FORMS = re.compile(r"\d{4}(-\d{2}){0,2}")
_DATE_HELP = "YYYY-MM-DD, YYYY-MM or YYYY"


def invalid(param: str, message: str, value: object = None) -> RequestValidationError:
    """A 422 for one query parameter, in the shape FastAPI's own validation errors take."""
    return RequestValidationError(
        [{"type": "value_error", "loc": ("query", param), "msg": message, "input": value}]
    )


# ---------------------------------------------------------------- values


def parse_date_bound(param: str, text: str | None, *, end: bool) -> date | None:
    """A day, or a month or year taken as its first (since) or last (until) day."""
    if text is None or not text.strip():
        return None
    value = text.strip()
    problem = f"{value!r} is not a date: use {_DATE_HELP}"
    if not _DATE_FORMS.fullmatch(value):
        raise invalid(param, problem, text)
    parts = [int(part) for part in value.split("-")]
    try:
        if len(parts) == 3:
            return date(*parts)
        if len(parts) == 2:
            year, month = parts
            return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)
    except (ValueError, calendar.IllegalMonthError):
        raise invalid(param, problem, text) from None


def parse_country(param: str, text: str | None) -> str | None:
    """A party code from a code or a name, as `--country` takes it."""
    if text is None or not text.strip():
        return None
    try:
        return resolve_country(text)
    except ValueError as exc:
        raise invalid(param, str(exc), text) from None


# ---------------------------------------------------------------- dependencies
#
# Every dependency is `async def`: they only parse, so they run on the event
# loop instead of costing each request a trip to a worker thread.

CountryParam = Annotated[
    str | None,
    Query(max_length=100, description="A party: code (IRN) or name (Iran, Iranian, Tehran)."),
]
SinceParam = Annotated[
    str | None, Query(max_length=10, description=f"From this date ({_DATE_HELP}).")
]
UntilParam = Annotated[
    str | None, Query(max_length=10, description=f"Up to this date ({_DATE_HELP}).")
]
TextParam = Annotated[
    str | None,
    Query(max_length=MAX_TEXT, description="A substring of the evidence (any case)."),
]


@dataclass(frozen=True, slots=True)
class Page:
    """Which slice of a sorted list to return."""

    limit: int
    offset: int


async def page(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"Rows per page (1 to {MAX_LIMIT}).")
    ] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip (0 or more).")] = 0,
) -> Page:
    return Page(limit=limit, offset=offset)


SortParam = Annotated[
    EventSort,
    Query(
        description="Order of the rows: date, published, confidence, type or stage "
        "(stages in their life order); a leading - reverses it. Ties go by date, then id."
    ),
]


def _checked_window(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise invalid("since", f"since {since} is after until {until}", str(since))


async def common_filter(
    types: Annotated[
        list[EventType] | None, Query(alias="type", description="Event types (repeatable).")
    ] = None,
    stages: Annotated[
        list[Stage] | None, Query(alias="stage", description="Stages (repeatable).")
    ] = None,
    certainties: Annotated[
        list[Certainty] | None,
        Query(alias="certainty", description="Certainties (repeatable)."),
    ] = None,
    since: SinceParam = None,
    until: UntilParam = None,
    include_undated: Annotated[
        bool,
        Query(
            description="With since/until, keep events that have no date of their own "
            "(the answer's undated_left_out says how many a bound left out)."
        ),
    ] = False,
    min_confidence: Annotated[
        float | None,
        Query(ge=0.0, le=1.0, description="Only events with at least this confidence (0 to 1)."),
    ] = None,
    text: TextParam = None,
    reviewed: Annotated[
        list[ReviewState] | None,
        Query(description="Review states to keep (repeatable); rejected only if named."),
    ] = None,
    include_rejected: Annotated[
        bool, Query(description="Keep events an analyst rejected (hidden by default).")
    ] = False,
) -> EventFilter:
    """Every filter but the parties: for the timeline, whose pair is `a` and `b`."""
    since_day = parse_date_bound("since", since, end=False)
    until_day = parse_date_bound("until", until, end=True)
    _checked_window(since_day, until_day)
    return EventFilter(
        types=tuple(types or ()),
        stages=tuple(stages or ()),
        certainties=tuple(certainties or ()),
        since=since_day,
        until=until_day,
        include_undated=include_undated,
        min_confidence=min_confidence,
        text=text if text else None,
        reviewed=tuple(reviewed or ()),
        include_rejected=include_rejected,
    )


async def event_filter(
    base: Annotated[EventFilter, Depends(common_filter)],
    country: CountryParam = None,
    with_country: Annotated[
        str | None,
        Query(alias="with", max_length=100, description="The other party (needs country)."),
    ] = None,
    source: Annotated[
        str | None,
        Query(
            alias="from",
            max_length=100,
            description="The supplier, sender or accuser of a directed event (CLI --from).",
        ),
    ] = None,
    target: Annotated[
        str | None,
        Query(
            alias="to",
            max_length=100,
            description="The recipient or target of a directed event (CLI --to).",
        ),
    ] = None,
) -> EventFilter:
    """The CLI's filters: `country`, `with`, `from`, `to`, `type`, `stage`, `since`, ..."""
    code = parse_country("country", country)
    other = parse_country("with", with_country)
    if other and not code:
        raise invalid("with", "with names the other party: give country too", with_country)
    if code and code == other:
        raise invalid("with", f"country and with are both {code}", with_country)
    supplier = parse_country("from", source)
    recipient = parse_country("to", target)
    if supplier and supplier == recipient:
        raise invalid("to", f"from and to are both {supplier}", target)
    return dataclasses.replace(
        base, country=code, with_country=other, source=supplier, target=recipient
    )


@dataclass(frozen=True, slots=True)
class Pair:
    """The two parties of a timeline."""

    a: str
    b: str


async def pair(
    a: Annotated[str, Query(max_length=100, description="One party (code or name).")],
    b: Annotated[str, Query(max_length=100, description="The other party (code or name).")],
) -> Pair:
    first, second = parse_country("a", a), parse_country("b", b)
    if first is None or second is None:
        raise invalid("a" if first is None else "b", "give a party code or name", "")
    if first == second:
        raise invalid("b", f"a and b are both {first}: give two different parties", b)
    return Pair(first, second)


async def article_window(
    text: Annotated[
        str | None,
        Query(max_length=MAX_TEXT, description="A substring of the title or text (any case)."),
    ] = None,
    since: SinceParam = None,
    until: UntilParam = None,
) -> ArticleFilter:
    """The article list's filters: text and a publication window."""
    since_day = parse_date_bound("since", since, end=False)
    until_day = parse_date_bound("until", until, end=True)
    _checked_window(since_day, until_day)
    return ArticleFilter(text=text if text else None, since=since_day, until=until_day)


# ---------------------------------------------------------------- unknown parameters


def _query_names(dependant: Dependant) -> set[str]:
    """The query parameter names a route reads, its dependencies' included."""
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


#: Per route: the query parameters it knows (found once, on its first request).
_KNOWN: dict[int, frozenset[str]] = {}


def known_parameters(route: APIRoute) -> frozenset[str]:
    """Every query parameter name `route` accepts."""
    known = _KNOWN.get(id(route))
    if known is None:
        known = _KNOWN[id(route)] = frozenset(_query_names(route.dependant))
    return known


async def reject_unknown_parameters(request: Request) -> None:
    """A 422 naming a query parameter the route does not know (`?contry=IRN`), never ignored.

    A misspelt filter that was silently dropped would return everything and
    look like an answer.
    """
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not request.url.path.startswith("/api/"):
        return
    known = known_parameters(route)
    unknown = [name for name in request.query_params if name not in known]
    if not unknown:
        return
    errors = []
    for name in dict.fromkeys(unknown):
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}? " if close else ""
        valid = ", ".join(sorted(known)) or "none"
        message = f"unknown parameter {name!r}: {hint}this endpoint takes {valid}"
        errors.append({"type": "value_error", "loc": ("query", name), "msg": message})
    raise RequestValidationError(errors)
