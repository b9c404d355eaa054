"""The JSON API under /api: the CLI's queries over HTTP, plus ingesting one article.

Each read route is a few lines around `pactwatch.store.query` (or, for what
that module does not answer, `pactwatch.web.queries`). Routes are `async`:
the parameters are parsed on the event loop, and the answer is either taken
from the handle's cache as finished JSON bytes, or built on one of the
handle's worker threads (the request's one thread hop) and serialised there
with orjson. On a read-only server, the handle's event index answers an
event list (which events, their total, their items), one event and one
incident from memory, on the event loop when that is quick. Otherwise events
and incidents by id are read through the handle's batchers, with the ids
other requests wait for, and an event list first reads which events (a
short statement of ids), then their records that way. The
data is the server's own, built from the store, so it is not passed through
pydantic again: the `response_model` of each route is the
documented shape (`/api/openapi.json`), and `_shaped` keeps exactly its
fields (a test checks every answer against its model). POST /api/articles
needs the server's token and ingests through `pactwatch.ingest`
(prepare outside the writers' lock, then store).
"""

from __future__ import annotations

import functools
import hmac
from array import array
from collections.abc import Callable, Hashable, Iterator
from typing import Annotated, Any, TypeVar, cast

import orjson
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ValidationError

from pactwatch import __version__
from pactwatch.actors import load_actor_lexicon
from pactwatch.errors import InputError
from pactwatch.ingest import ArticleOutcome, prepare_document, store_prepared
from pactwatch.models import EVENT_TYPES
from pactwatch.pipeline import DEFAULT_TIME_BUDGET, EXTRACTOR_VERSION
from pactwatch.sources import RawDocument, checked_document, decode_bytes, parse_json
from pactwatch.store import query
from pactwatch.store.index import EventIndex, StaleIndexError
from pactwatch.store.query import EventFilter
from pactwatch.store.schema import SCHEMA_VERSION
from pactwatch.web import queries
from pactwatch.web.handle import Batcher, StoreHandle
from pactwatch.web.params import (
    Page,
    Pair,
    SortParam,
    article_window,
    common_filter,
    event_filter,
    page,
    pair,
)
from pactwatch.web.queries import ArticleFilter, Reader, Row
from pactwatch.web.schemas import (
    ActorOut,
    ArticleIn,
    ArticleOut,
    DyadOut,
    EventDetailOut,
    EventOut,
    FilteredPageOut,
    HealthOut,
    IncidentDetailOut,
    IncidentOut,
    IngestOut,
    NetworkOut,
    PageOut,
    ReportOut,
    TimelineOut,
    VersionOut,
)

router = APIRouter(prefix="/api")
T = TypeVar("T")

#: Ids are DuckDB BIGINTs; a larger number could only fail inside the query.
MAX_ID = 2**63 - 1
IdPath = Annotated[int, Path(ge=0, le=MAX_ID)]


def get_handle(request: Request) -> StoreHandle:
    return cast(StoreHandle, request.app.state.store)


def get_reader(request: Request) -> Iterator[Reader]:
    """A session on the store for a plain (thread-pool) route such as /api/alerts."""
    with get_handle(request).reader() as reader:
        yield reader


ReaderDep = Annotated[Reader, Depends(get_reader)]
FilterDep = Annotated[EventFilter, Depends(event_filter)]
PageDep = Annotated[Page, Depends(page)]


class JSONBytes(Response):
    """A response whose body is JSON the server already serialised."""

    media_type = "application/json"


async def _answer(request: Request, key: Hashable, build: Callable[[Reader], Any]) -> JSONBytes:
    """The answer under `key`: cached bytes, or `build(reader)` on a worker, serialised there."""
    body = await get_handle(request).answer(key, lambda reader: orjson.dumps(build(reader)))
    return JSONBytes(body)


@functools.cache
def _fields(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(model.model_fields)


def _shaped(row: Row, model: type[BaseModel]) -> Row:
    """Exactly the fields of `model`, in its order: what the schema documents."""
    return {name: row[name] for name in _fields(model)}


def _page_of(items: list[Any], total: int, window: Page, **more: Any) -> dict[str, Any]:
    """The shape every list endpoint answers with (PageOut, FilteredPageOut)."""
    return {"items": items, "total": total, "limit": window.limit, "offset": window.offset, **more}


def _undated(request_handle: StoreHandle, reader: Reader, flt: EventFilter) -> int:
    """How many undated events the filter's date bounds left out (remembered per filter)."""
    if not flt.dated_only:
        return 0  # no bound left anything out: nothing to count or to remember
    return request_handle.memo(("undated", flt), lambda: query.count_undated(reader, flt))


def _counted(
    handle: StoreHandle,
    reader: Reader,
    kind: str,
    flt: EventFilter,
    read: Callable[[bool], tuple[list[T], int | None]],
) -> tuple[list[T], int, int]:
    """`read(count_total)`'s rows, their total counted once per filter, and the undated count."""
    generation = handle.generation
    known = handle.recall((kind, "total", flt))
    items, total = read(known is None)
    if total is not None:
        handle.remember((kind, "total", flt), total, generation)
    return items, cast(int, known if total is None else total), _undated(handle, reader, flt)


def _filtered_page(
    handle: StoreHandle,
    reader: Reader,
    kind: str,
    flt: EventFilter,
    window: Page,
    read: Callable[[bool], tuple[list[Row], int | None]],
) -> dict[str, Any]:
    """A page of `read(count_total)`, its total counted once per filter, and the undated count."""
    items, total, undated = _counted(handle, reader, kind, flt, read)
    return _page_of(items, total, window, undated_left_out=undated)


def _not_found(what: str, key: int) -> HTTPException:
    return HTTPException(status_code=404, detail=f"no {what} {key}")


def _counts(row: Row) -> dict[str, int]:
    """The per-type count columns of a dyad or timeline row, without the zeros."""
    return {name: int(row[name]) for name in EVENT_TYPES if row[name]}


def _label(code: str) -> str:
    return load_actor_lexicon().name_of(code)


# ---------------------------------------------------------------- service


@router.get("/health", response_model=HealthOut)
async def health(request: Request) -> JSONBytes:
    """Whether the store answers, how much it holds, and whether POST is enabled."""
    read_only = get_handle(request).read_only

    def build(reader: Reader) -> dict[str, Any]:
        events, articles = queries.store_counts(reader)
        return {"status": "ok", "events": events, "articles": articles, "read_only": read_only}

    return await _answer(request, ("health",), build)


_VERSION = orjson.dumps(
    {"pactwatch": __version__, "extractor": EXTRACTOR_VERSION, "schema": SCHEMA_VERSION}
)


@router.get("/version", response_model=VersionOut)
async def version() -> JSONBytes:
    return JSONBytes(_VERSION)


# ---------------------------------------------------------------- events


@router.get("/events", response_model=FilteredPageOut[EventOut])
async def list_events(
    request: Request, flt: FilterDep, window: PageDep, sort: SortParam = "date"
) -> JSONBytes:
    """Events matching the filters, by date (undated last) then id, or in `sort` order.

    With since/until, `undated_left_out` says how many events with no date of
    their own the bounds left out; `include_undated=true` keeps them.
    """
    handle = get_handle(request)

    def page_ids(reader: Reader) -> tuple[list[int], int, int]:
        index = handle.event_index()
        if index is not None and index.answers(flt):
            try:
                if not index.has_order(sort):
                    index.read_order(reader, sort)
                return _indexed_page(index, flt, window, sort)
            except StaleIndexError:
                pass  # the store changed under the index: the statements below read it now
        order = _kept_order(handle, reader, flt, sort)
        if order is not None:
            ids = list(order[window.offset : window.offset + window.limit])
            return ids, len(order), _undated(handle, reader, flt)

        def read(total: bool) -> tuple[list[int], int | None]:
            return query.event_ids_page(
                reader, flt, limit=window.limit, offset=window.offset, sort=sort, total=total
            )

        return _counted(handle, reader, "events", flt, read)

    async def produce() -> bytes:
        # Which events (from the index or a slice of the filter's kept order, on the event
        # loop when that is quick, else on a worker: the index, or one short statement),
        # then their items: the index's list rows, else finished JSON kept from earlier
        # answers or read together with other requests' events.
        kept = handle.recall(("event order", flt, sort))
        index = handle.event_index()
        if isinstance(kept, array) and not flt.dated_only:
            end = window.offset + window.limit
            ids, total, undated = list(kept[window.offset : end]), len(kept), 0
        elif (
            index is not None
            and index.answers(flt)
            and index.has_order(sort)
            and index.rows_read(flt) <= INDEX_ROWS_ON_LOOP
        ):
            ids, total, undated = _indexed_page(index, flt, window, sort)
        else:
            ids, total, undated = await handle.run(page_ids)
        items = handle.batcher("event items", _event_items, keep=EVENT_ITEMS_KEPT)
        found = _indexed_items(handle, items, ids)
        if found is None:
            found = await items.get_many(ids)
        page = [found[i] for i in ids if i in found]
        return orjson.dumps(_page_of(page, total, window, undated_left_out=undated))

    return JSONBytes(await handle.answer_from(("events", flt, window, sort), produce))


#: An indexed filter whose parties leave at most this many events is answered on the event
#: loop (a fraction of a millisecond); a larger one on a worker.
INDEX_ROWS_ON_LOOP = 20_000


def _indexed_page(
    index: EventIndex, flt: EventFilter, window: Page, sort: str
) -> tuple[list[int], int, int]:
    """A page of ids, the total and the undated count, from the event index."""
    ids, total = index.page(flt, limit=window.limit, offset=window.offset, sort=sort)
    return ids, total, index.count_undated(flt)


#: Event list items kept as finished JSON (about 1 KB each) while the store cannot change.
EVENT_ITEMS_KEPT = 20_000
#: A filter matching at most this many events has its whole order kept (8 bytes an id;
#: the handle keeps MEMO_SIZE values, so at most a few tens of MB of orders).
ORDER_KEPT = 5_000


def _kept_order(
    handle: StoreHandle, reader: Reader, flt: EventFilter, sort: str
) -> array[int] | None:
    """Every id `flt` matches, in `sort` order, kept while the store cannot change; None
    when answers cannot be kept now, or when the filter matches over ORDER_KEPT events.

    A list statement costs a few milliseconds of CPU however short its page
    (the filter is evaluated over the whole table), so once a filter has been
    asked, every later page of it, at any offset, and its total come from memory.
    """
    if handle.generation is None:
        return None

    def read() -> array[int] | bool:
        ids = query.event_ids(reader, flt, sort=sort, limit=ORDER_KEPT + 1)
        return array("q", ids) if len(ids) <= ORDER_KEPT else False

    order = handle.memo(("event order", flt, sort), read)
    return order if isinstance(order, array) else None


def _indexed_items(
    handle: StoreHandle, items: Batcher[int, orjson.Fragment], event_ids: list[int]
) -> dict[int, orjson.Fragment] | None:
    """The page's items: kept ones, the others from the index's list rows (no statement, on
    the event loop) and kept in turn; None when the index holds no rows."""
    generation = handle.generation
    index = handle.event_index()
    if index is None or not index.has_rows:
        return None
    found = items.recall(event_ids)
    missing = [i for i in event_ids if i not in found]
    try:
        read = _fragments(index.rows(missing))
    except StaleIndexError:
        return None  # the store changed since the ids were read: read the rows by id
    items.keep(read, generation)
    return {**found, **read}


def _fragments(rows: list[Row]) -> dict[int, orjson.Fragment]:
    """Events as list items (EventOut), serialised once: a page is put together from them."""
    return {row["event_id"]: orjson.Fragment(orjson.dumps(_shaped(row, EventOut))) for row in rows}


def _event_items(reader: Reader, event_ids: list[int]) -> dict[int, orjson.Fragment]:
    """Events as list items read by id (statements)."""
    return _fragments(list(queries.events_by_ids(reader, event_ids).values()))


def _event_detail(event: Row) -> Row:
    """The detail answer of an event record (left as it is: other requests share it)."""
    article = {
        "article_id": event["article_id"],
        "doc_id": event["article"],
        "title": event["title"],
        "url": event["url"],
        "published": event["article_published"],
        "outlet": event["outlet"],
    }
    actors = [
        _shaped({**actor, "label": _label(actor["country"])}, ActorOut) for actor in event["actors"]
    ]
    return _shaped({**event, "article": article, "actors": actors}, EventDetailOut)


@router.get(
    "/events/{event_id}",
    response_model=EventDetailOut,
    responses={404: {"description": "No such event"}},
)
async def get_event(request: Request, event_id: IdPath) -> JSONBytes:
    """One event with its actors, evidence and source article."""
    handle = get_handle(request)

    async def produce() -> bytes:
        # From the event index when it holds the rows (no statement: on the event loop),
        # else read by id together with other requests' events.
        index = handle.event_index()
        event: Row | None = None
        if index is not None and index.has_rows:
            try:
                event = queries.event_from_index(index, event_id)
            except StaleIndexError:
                index = None
        if index is None or not index.has_rows:
            event = await handle.events.get(event_id)
        if event is None:
            raise _not_found("event", event_id)
        return orjson.dumps(_event_detail(event))

    return JSONBytes(await handle.answer_from(("event", event_id), produce))


# ---------------------------------------------------------------- incidents


def _incident_item(row: Row, reports: list[Row]) -> Row:
    row["reports"] = [_shaped(report, ReportOut) for report in reports]
    return _shaped(row, IncidentOut)


@router.get("/incidents", response_model=FilteredPageOut[IncidentOut])
async def list_incidents(request: Request, flt: FilterDep, window: PageDep) -> JSONBytes:
    """Incidents with a matching event, each with every article that reports it."""
    handle = get_handle(request)

    def build(reader: Reader) -> dict[str, Any]:
        def read(total: bool) -> tuple[list[Row], int | None]:
            table, reports, count = query.incidents_page(
                reader, flt, limit=window.limit, offset=window.offset, total=total
            )
            rows = table.to_pylist()
            return [_incident_item(row, reports[row["incident_id"]]) for row in rows], count

        return _filtered_page(handle, reader, "incidents", flt, window, read)

    return await _answer(request, ("incidents", flt, window), build)


@router.get(
    "/incidents/{incident_id}",
    response_model=IncidentDetailOut,
    responses={404: {"description": "No such incident"}},
)
async def get_incident(request: Request, incident_id: IdPath) -> JSONBytes:
    """One incident with its reports and its events (each with its evidence)."""
    handle = get_handle(request)

    async def produce() -> bytes:
        # From the event index when it holds the rows (no statement: on the event loop),
        # else read by id together with other requests' incidents.
        index = handle.event_index()
        if index is not None and index.has_rows:
            incident = queries.incidents_from_index(index, [incident_id]).get(incident_id)
        else:
            incident = await handle.incidents.get(incident_id)
        if incident is None:
            raise _not_found("incident", incident_id)
        shaped = {
            **incident,
            "events": [_shaped(event, EventOut) for event in incident["events"]],
            "reports": [_shaped(report, ReportOut) for report in incident["reports"]],
        }
        return orjson.dumps(_shaped(shaped, IncidentDetailOut))

    return JSONBytes(await handle.answer_from(("incident", incident_id), produce))


# ---------------------------------------------------------------- pairs


def _dyad_items(reader: Reader, flt: EventFilter) -> list[Row]:
    return [
        {
            **{key: row[key] for key in ("a", "b", "total", "n_a_to_b", "n_b_to_a", "balance")},
            "a_name": _label(row["a"]),
            "b_name": _label(row["b"]),
            "counts": _counts(row),
            "first_date": row["first_date"],
            "last_date": row["last_date"],
        }
        for row in query.dyads(reader, flt).to_pylist()
    ]


@router.get("/dyads", response_model=FilteredPageOut[DyadOut])
async def list_dyads(request: Request, flt: FilterDep, window: PageDep) -> JSONBytes:
    """Pairs of parties by number of events (largest first), then codes."""
    handle = get_handle(request)

    def build(reader: Reader) -> dict[str, Any]:
        items = handle.memo(("dyads", flt), lambda: _dyad_items(reader, flt))
        return _page_of(
            items[window.offset : window.offset + window.limit],
            len(items),
            window,
            undated_left_out=_undated(handle, reader, flt),
        )

    return await _answer(request, ("dyads", flt, window), build)


def _network(reader: Reader, flt: EventFilter) -> dict[str, Any]:
    graph = query.network(reader, flt)
    nodes = [
        {"id": row["code"], "label": row["label"], "kind": row["kind"], "events": row["events"]}
        for row in graph.nodes.to_pylist()
    ]
    edges = [
        {
            "source": row["a"],
            "target": row["b"],
            "weight": row["weight"],
            "counts": _counts(row),
            "dominant_type": row["dominant_type"],
        }
        for row in graph.edges.to_pylist()
    ]
    return {"nodes": nodes, "edges": edges}


@router.get("/network", response_model=NetworkOut)
async def get_network(request: Request, flt: FilterDep) -> JSONBytes:
    """Parties as nodes (with their number of events), pairs as weighted edges."""
    handle = get_handle(request)

    def build(reader: Reader) -> dict[str, Any]:
        return {**_network(reader, flt), "undated_left_out": _undated(handle, reader, flt)}

    return await _answer(request, ("network", flt), build)


def _timeline(reader: Reader, parties: Pair, flt: EventFilter) -> dict[str, Any]:
    table = query.timeline(reader, parties.a, parties.b, flt)
    months = [
        {"month": row["month"].strftime("%Y-%m"), "counts": _counts(row), "total": row["total"]}
        for row in table.to_pylist()
    ]
    undated = query.count_undated(
        reader, query.timeline_filter(parties.a, parties.b, flt), always=True
    )
    return {"a": parties.a, "b": parties.b, "months": months, "undated": undated}


@router.get("/timeline", response_model=TimelineOut)
async def get_timeline(
    request: Request,
    parties: Annotated[Pair, Depends(pair)],
    flt: Annotated[EventFilter, Depends(common_filter)],
) -> JSONBytes:
    """Monthly counts by type for the pair a–b (either direction), empty months included.

    Months come from the events' own dates; `undated` counts the pair's
    events that have none.
    """
    return await _answer(
        request, ("timeline", parties, flt), lambda reader: _timeline(reader, parties, flt)
    )


# ---------------------------------------------------------------- articles


@router.get("/articles", response_model=PageOut[ArticleOut])
async def list_articles(
    request: Request,
    flt: Annotated[ArticleFilter, Depends(article_window)],
    window: PageDep,
) -> JSONBytes:
    """Stored articles by publication day (undated last) then id, with their event ids."""

    def build(reader: Reader) -> dict[str, Any]:
        items = queries.articles(reader, flt, limit=window.limit, offset=window.offset)
        return _page_of(items, queries.count_articles(reader, flt), window)

    return await _answer(request, ("articles", flt, window), build)


@router.get(
    "/articles/{article_id}",
    response_model=ArticleOut,
    responses={404: {"description": "No such article"}},
)
async def get_article(request: Request, article_id: IdPath) -> JSONBytes:
    """One article's cleaned text (what evidence offsets point into) and its event ids."""

    def build(reader: Reader) -> Row:
        article = queries.article_by_id(reader, article_id)
        if article is None:
            raise _not_found("article", article_id)
        return article

    return await _answer(request, ("article", article_id), build)


# ---------------------------------------------------------------- ingest

_bearer = HTTPBearer(auto_error=False, description="The server's PACTWATCH_TOKEN.")


def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """403 on a read-only server; 401 unless the bearer token is the server's."""
    token: str | None = request.app.state.token
    if token is None:
        raise HTTPException(
            status_code=403,
            detail="this server is read-only: restart it with PACTWATCH_TOKEN set to ingest",
        )
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        raise HTTPException(
            status_code=401,
            detail="send the server's token as 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )


def _body_error(message: str) -> RequestValidationError:
    return RequestValidationError([{"type": "value_error", "loc": ("body",), "msg": message}])


def _json_document(data: bytes) -> RawDocument:
    try:
        record = ArticleIn.model_validate(parse_json(data))
    except InputError as exc:
        raise _body_error(exc.problem) from None
    except ValidationError as exc:
        errors = [{**error, "loc": ("body", *error["loc"])} for error in exc.errors()]
        raise RequestValidationError(errors) from None
    body = record.text if (record.text or "").strip() else record.html
    return checked_document(
        RawDocument(
            id=record.id,
            body=body or "",
            is_html=body is record.html,
            path=f"api:{record.id}",
            published=record.published,
            url=record.url,
            title=record.title,
        )
    )


def _text_document(data: bytes, is_html: bool, fields: dict[str, str | None]) -> RawDocument:
    doc_id = (fields["id"] or "").strip()
    if not doc_id:
        raise RequestValidationError(
            [
                {
                    "type": "missing",
                    "loc": ("query", "id"),
                    "msg": "a text/plain or text/html body needs ?id=... (the article's id)",
                }
            ]
        )
    try:
        body = decode_bytes(data, f"api:{doc_id}")
    except InputError as exc:
        raise _body_error(exc.problem) from None
    return RawDocument(
        id=doc_id,
        body=body,
        is_html=is_html,
        path=f"api:{doc_id}",
        published=fields["published"],
        url=fields["url"],
        title=fields["title"],
    )


_MEDIA_TYPES = {"application/json": None, "text/plain": False, "text/html": True}


async def _document(request: Request, fields: dict[str, str | None]) -> RawDocument:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in _MEDIA_TYPES:
        raise HTTPException(
            status_code=415, detail="send application/json, text/plain or text/html"
        )
    data = await request.body()
    is_html = _MEDIA_TYPES[media]
    return _json_document(data) if is_html is None else _text_document(data, is_html, fields)


def _ingest(
    handle: StoreHandle, doc: RawDocument, time_budget: float | None = DEFAULT_TIME_BUDGET
) -> dict[str, Any]:
    """Ingest one document; a duplicate reports the id of the article it repeats.

    The document is cleaned and analysed before the writers' lock is taken,
    so a long article does not hold up other POSTs; a document that cannot
    be read or analysed is a 422 naming the problem.
    """
    prepared = prepare_document(doc, time_budget=time_budget)
    if isinstance(prepared, ArticleOutcome):
        raise _body_error(prepared.message or "the article could not be read")
    with handle.writer() as store:
        outcome = store_prepared(store, prepared)
        article_id = outcome.article_id
        if outcome.status == "duplicate":
            article_id = queries.article_id_by_hash(Reader(store.connection), prepared.digest)
    if outcome.status == "failed":
        raise _body_error(outcome.message or "the article could not be stored")
    message = outcome.message if outcome.status != "new" else None
    return {
        "article_id": article_id,
        "status": outcome.status,
        "events": outcome.events,
        "message": message,
    }


TextField = Annotated[str | None, Query(max_length=2_000)]


@router.post(
    "/articles",
    response_model=IngestOut,
    status_code=201,
    dependencies=[Depends(require_token)],
    responses={
        200: {"description": "Already stored (duplicate)"},
        401: {"description": "Missing or wrong token"},
        403: {"description": "Read-only server"},
        413: {"description": "Body too large"},
        415: {"description": "Unsupported content type"},
    },
)
async def post_article(
    request: Request,
    response: Response,
    id: Annotated[str | None, Query(max_length=300, description="For text bodies.")] = None,
    published: TextField = None,
    url: TextField = None,
    title: TextField = None,
) -> dict[str, Any]:
    """Ingest one article: JSON `{"id", "text" or "html", ...}`, or a text/HTML body with ?id=.

    201 when stored (new, near-duplicate or skipped), 200 when already stored.
    """
    fields = {"id": id, "published": published, "url": url, "title": title}
    doc = await _document(request, fields)
    budget: float | None = request.app.state.time_budget
    result = await run_in_threadpool(_ingest, get_handle(request), doc, budget)
    if result["status"] == "duplicate":
        response.status_code = 200
    return result
