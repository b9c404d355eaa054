"""Reviews over HTTP: accept, reject or correct an event with the server's token; read them.

- `POST /api/events/{event_id}/review` with `Authorization: Bearer <token>`
  and a JSON body `{"action": "accept" | "reject" | "correct", "reviewer":
  "...", "note": "...", ...}`; a correction names the fields it changes
  (`type`, `sources`, `targets`, `participants`, `reverse`, `stage`,
  `date_start`, `date_end`, `date_precision`). Answers the review and the
  event as it now reads. 401/403 without the token (as POST /api/articles),
  404 for an unknown event, 422 naming the field for a bad value or an
  unknown field.
- `GET /api/events/{event_id}/reviews`: that event's reviews, newest first.
- `GET /api/reviews?limit=`: the latest reviews of the store.

The routes are a thin layer over `pactwatch.store.reviews`; a review is
written through the server's writer (one at a time), which empties the
answer cache so every view shows it at once.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field

from pactwatch.store.reviews import Correction, Review, ReviewError, list_reviews, review_event
from pactwatch.web.api import IdPath, ReaderDep, get_handle, require_token
from pactwatch.web.handle import StoreHandle
from pactwatch.web.queries import Reader, event_by_id

router = APIRouter(prefix="/api")

#: Most reviews one request lists.
MAX_REVIEWS = 500
Codes = Annotated[list[Annotated[str, Field(min_length=1, max_length=20)]], Field(max_length=50)]


class ReviewIn(BaseModel):
    """One review: the action, who makes it, and for a correction the fields it sets."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["accept", "reject", "correct"]
    reviewer: str = Field(min_length=1, max_length=100, description="Who reviews.")
    note: str | None = Field(default=None, max_length=2_000)
    type: str | None = None
    sources: Codes | None = None
    targets: Codes | None = None
    participants: Codes | None = None
    reverse: bool = Field(default=False, description="Swap sources and targets.")
    stage: str | None = None
    date_start: date | None = None
    date_end: date | None = None
    date_precision: Literal["day", "month", "year", "unknown"] | None = None

    def correction(self) -> Correction:
        def codes(values: list[str] | None) -> tuple[str, ...] | None:
            return None if values is None else tuple(v.strip().upper() for v in values)

        return Correction(
            type=self.type,
            sources=codes(self.sources),
            targets=codes(self.targets),
            participants=codes(self.participants),
            reverse=self.reverse,
            stage=self.stage,
            date_start=self.date_start,
            date_end=self.date_end,
            date_precision=self.date_precision,
        )


class ReviewOut(BaseModel):
    review_id: int
    subject_id: int = Field(description="The first review of this event; all its reviews share it.")
    event_id: int | None
    article_id: int
    action: str
    reviewer: str
    note: str | None
    reviewed_at: str
    before: dict[str, Any] = Field(description="The event's reviewed fields before the review.")
    after: dict[str, Any] = Field(description="... and after it.")
    correction: dict[str, Any] = Field(description="The fields this review set.")


class ReviewedOut(BaseModel):
    review: ReviewOut
    event: dict[str, Any] = Field(description="The event as it now reads (GET /api/events/{id}).")


class ReviewsOut(BaseModel):
    items: list[ReviewOut]
    count: int


def _review(handle: StoreHandle, event_id: int, body: ReviewIn) -> dict[str, Any]:
    with handle.writer() as store:
        try:
            review = review_event(
                store,
                event_id,
                body.action,
                reviewer=body.reviewer,
                note=body.note,
                correction=body.correction(),
            )
        except ReviewError as exc:
            if exc.path == "event":
                raise HTTPException(status_code=404, detail=exc.problem) from None
            raise RequestValidationError(
                [{"type": "value_error", "loc": ("body", exc.path), "msg": exc.problem}]
            ) from None
        event = event_by_id(Reader(store.connection), event_id)
    return {"review": review.to_dict(), "event": _jsonable(event or {})}


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    """Dates as ISO strings, as the rest of the API gives them."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, date):
            out[key] = value.isoformat()
        elif isinstance(value, list):
            out[key] = [_jsonable(v) if isinstance(v, dict) else v for v in value]
        elif isinstance(value, dict):
            out[key] = _jsonable(value)
        else:
            out[key] = value
    return out


@router.post(
    "/events/{event_id}/review",
    response_model=ReviewedOut,
    dependencies=[Depends(require_token)],
    responses={
        401: {"description": "Missing or wrong token"},
        403: {"description": "Read-only server"},
        404: {"description": "No such event"},
    },
)
async def post_review(request: Request, event_id: IdPath, body: ReviewIn) -> dict[str, Any]:
    """Accept, reject or correct one event; every view shows the change at once."""
    return await run_in_threadpool(_review, get_handle(request), event_id, body)


def _items(reviews: list[Review]) -> dict[str, Any]:
    return {"items": [review.to_dict() for review in reviews], "count": len(reviews)}


@router.get("/events/{event_id}/reviews", response_model=ReviewsOut)
def get_event_reviews(reader: ReaderDep, event_id: IdPath) -> dict[str, Any]:
    """The reviews of one event, newest first (empty when never reviewed)."""
    return _items(list_reviews(reader.connection, event_id=event_id))


@router.get("/reviews", response_model=ReviewsOut)
def get_reviews(
    reader: ReaderDep, limit: Annotated[int, Query(ge=1, le=MAX_REVIEWS)] = 50
) -> dict[str, Any]:
    """The latest reviews in the store, newest first."""
    return _items(list_reviews(reader.connection, limit=limit))


def register(app: FastAPI) -> None:
    """Serve the review routes from `app`."""
    app.include_router(router)
