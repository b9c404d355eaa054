"""The JSON API under /api: the CLI's queries over HTTP, plus ingesting one article.

Each route is a few lines around `pactwatch.store.query` (or, for what that
module does not answer, `pactwatch.web.queries`) on the request's own cursor.
Read routes are plain functions, so FastAPI runs them on its thread pool and
DuckDB queries of concurrent requests overlap. POST /api/articles needs the
server's token and ingests through `pactwatch.ingest.ingest_document`.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterator
from typing import Annotated, Any, cast

import pyarrow as pa
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError

from pactwatch import __version__
from pactwatch.actors import load_actor_lexicon
from pactwatch.errors import InputError
from pactwatch.ingest import ingest_document
from pactwatch.models import EVENT_TYPES
from pactwatch.pipeline import EXTRACTOR_VERSION, prepare_article
from pactwatch.sources import RawDocument, decode_bytes
from pactwatch.store import query
from pactwatch.store.query import EventFilter
from pactwatch.store.schema import SCHEMA_VERSION
from pactwatch.store.write import content_hash
from pactwatch.web import queries
from pactwatch.web.handle import StoreHandle
from pactwatch.web.params import Page, Pair, article_window, common_filter, event_filter, page, pair
from pactwatch.web.queries import ArticleFilter, Reader, Row
from pactwatch.web.schemas import (
    ArticleIn,
    ArticleOut,
    DyadOut,
    EventDetailOut,
    EventOut,
    HealthOut,
    IncidentDetailOut,
    IncidentOut,
    IngestOut,
    NetworkOut,
    PageOut,
    TimelineOut,
    VersionOut,
)

router = APIRouter(prefix="/api")

#: Ids are DuckDB BIGINTs; a larger number could only fail inside the query.
MAX_ID = 2**63 - 1
IdPath = Annotated[int, Path(ge=0, le=MAX_ID)]


def get_handle(request: Request) -> StoreHandle:
    return cast(StoreHandle, request.app.state.store)


def get_reader(request: Request) -> Iterator[Reader]:
    """The request's own cursor, closed when the response is built."""
    with get_handle(request).reader() as reader:
        yield reader


ReaderDep = Annotated[Reader, Depends(get_reader)]
FilterDep = Annotated[EventFilter, Depends(event_filter)]
PageDep = Annotated[Page, Depends(page)]


def _page_of(items: list[Any], total: int, window: Page) -> dict[str, Any]:
    """The shape every list endpoint answers with (PageOut)."""
    return {"items": items, "total": total, "limit": window.limit, "offset": window.offset}


def _not_found(what: str, key: int) -> HTTPException:
    return HTTPException(status_code=404, detail=f"no {what} {key}")


def _counts(row: Row) -> dict[str, int]:
    """The per-type count columns of a dyad or timeline row, without the zeros."""
    return {name: int(row[name]) for name in EVENT_TYPES if row[name]}


def _label(code: str) -> str:
    return load_actor_lexicon().name_of(code)


# ---------------------------------------------------------------- service


@router.get("/health", response_model=HealthOut)
def health(request: Request, reader: ReaderDep) -> dict[str, Any]:
    """Whether the store answers, how much it holds, and whether POST is enabled."""
    events, articles = queries.store_counts(reader)
    return {
        "status": "ok",
        "events": events,
        "articles": articles,
        "read_only": get_handle(request).read_only,
    }


@router.get("/version", response_model=VersionOut)
def version() -> dict[str, Any]:
    return {"pactwatch": __version__, "extractor": EXTRACTOR_VERSION, "schema": SCHEMA_VERSION}


# ---------------------------------------------------------------- events


def _event_items(reader: Reader, table: pa.Table) -> list[Row]:
    """query.events rows plus their article ids and evidence offsets."""
    rows: list[Row] = table.to_pylist()
    extras = queries.evidence_offsets(reader, [row["event_id"] for row in rows])
    for row in rows:
        row.update(extras[row["event_id"]])
    return rows


@router.get("/events", response_model=PageOut[EventOut])
def list_events(reader: ReaderDep, flt: FilterDep, window: PageDep) -> dict[str, Any]:
    """Events matching the filters, by date (undated last) then id."""
    table = query.events(reader, flt, limit=window.limit, offset=window.offset)
    return _page_of(_event_items(reader, table), queries.count_events(reader, flt), window)


def _event_detail(event: Row) -> Row:
    event["article"] = {
        "article_id": event["article_id"],
        "doc_id": event["article"],
        "title": event.pop("title"),
        "url": event["url"],
        "published": event.pop("article_published"),
        "outlet": event["outlet"],
    }
    for actor in event["actors"]:
        actor["label"] = _label(actor["country"])
    return event


@router.get(
    "/events/{event_id}",
    response_model=EventDetailOut,
    responses={404: {"description": "No such event"}},
)
def get_event(reader: ReaderDep, event_id: IdPath) -> Row:
    """One event with its actors, evidence and source article."""
    event = queries.event_by_id(reader, event_id)
    if event is None:
        raise _not_found("event", event_id)
    return _event_detail(event)


# ---------------------------------------------------------------- incidents


@router.get("/incidents", response_model=PageOut[IncidentOut])
def list_incidents(reader: ReaderDep, flt: FilterDep, window: PageDep) -> dict[str, Any]:
    """Incidents with a matching event, each with every article that reports it."""
    table, reports = query.incidents_with_reports(
        reader, flt, limit=window.limit, offset=window.offset
    )
    rows: list[Row] = table.to_pylist()
    for row in rows:
        row["reports"] = reports[row["incident_id"]]
    return _page_of(rows, queries.count_incidents(reader, flt), window)


@router.get(
    "/incidents/{incident_id}",
    response_model=IncidentDetailOut,
    responses={404: {"description": "No such incident"}},
)
def get_incident(reader: ReaderDep, incident_id: IdPath) -> Row:
    """One incident with its reports and its events (each with its evidence)."""
    incident = queries.incident_by_id(reader, incident_id)
    if incident is None:
        raise _not_found("incident", incident_id)
    return incident


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


@router.get("/dyads", response_model=PageOut[DyadOut])
def list_dyads(
    request: Request, reader: ReaderDep, flt: FilterDep, window: PageDep
) -> dict[str, Any]:
    """Pairs of parties by number of events (largest first), then codes."""
    items = get_handle(request).cached(("dyads", flt), lambda: _dyad_items(reader, flt))
    return _page_of(items[window.offset : window.offset + window.limit], len(items), window)


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
def get_network(request: Request, reader: ReaderDep, flt: FilterDep) -> dict[str, Any]:
    """Parties as nodes (with their number of events), pairs as weighted edges."""
    return get_handle(request).cached(("network", flt), lambda: _network(reader, flt))


def _timeline(reader: Reader, parties: Pair, flt: EventFilter) -> dict[str, Any]:
    table = query.timeline(reader, parties.a, parties.b, flt)
    months = [
        {"month": row["month"].strftime("%Y-%m"), "counts": _counts(row), "total": row["total"]}
        for row in table.to_pylist()
    ]
    return {"a": parties.a, "b": parties.b, "months": months}


@router.get("/timeline", response_model=TimelineOut)
def get_timeline(
    request: Request,
    reader: ReaderDep,
    parties: Annotated[Pair, Depends(pair)],
    flt: Annotated[EventFilter, Depends(common_filter)],
) -> dict[str, Any]:
    """Monthly counts by type for the pair a–b (either direction), empty months included."""
    key = ("timeline", parties, flt)
    return get_handle(request).cached(key, lambda: _timeline(reader, parties, flt))


# ---------------------------------------------------------------- articles


@router.get("/articles", response_model=PageOut[ArticleOut])
def list_articles(
    reader: ReaderDep,
    flt: Annotated[ArticleFilter, Depends(article_window)],
    window: PageDep,
) -> dict[str, Any]:
    """Stored articles by publication day (undated last) then id, with their event ids."""
    items = queries.articles(reader, flt, limit=window.limit, offset=window.offset)
    return _page_of(items, queries.count_articles(reader, flt), window)


@router.get(
    "/articles/{article_id}",
    response_model=ArticleOut,
    responses={404: {"description": "No such article"}},
)
def get_article(reader: ReaderDep, article_id: IdPath) -> Row:
    """One article's cleaned text (what evidence offsets point into) and its event ids."""
    article = queries.article_by_id(reader, article_id)
    if article is None:
        raise _not_found("article", article_id)
    return article


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
        record = ArticleIn.model_validate(json.loads(data))
    except json.JSONDecodeError as exc:
        raise _body_error(f"malformed JSON: {exc.msg} (line {exc.lineno})") from None
    except ValidationError as exc:
        errors = [{**error, "loc": ("body", *error["loc"])} for error in exc.errors()]
        raise RequestValidationError(errors) from None
    body = record.text if (record.text or "").strip() else record.html
    return RawDocument(
        id=record.id,
        body=body or "",
        is_html=body is record.html,
        path=f"api:{record.id}",
        published=record.published,
        url=record.url,
        title=record.title,
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


def _ingest(handle: StoreHandle, doc: RawDocument) -> dict[str, Any]:
    """Ingest one document; a duplicate reports the id of the article it repeats."""
    with handle.writer() as store:
        outcome = ingest_document(store, doc)
        article_id = outcome.article_id
        if outcome.status == "duplicate":
            article, _ = prepare_article(doc)
            article_id = queries.article_id_by_hash(
                Reader(store.connection), content_hash(article.text)
            )
    if outcome.status == "failed":
        raise _body_error(outcome.message or "the article could not be read")
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
    result = await run_in_threadpool(_ingest, get_handle(request), doc)
    if result["status"] == "duplicate":
        response.status_code = 200
    return result
