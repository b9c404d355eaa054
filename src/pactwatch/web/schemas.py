"""The JSON the API returns and accepts, as pydantic models (they are the OpenAPI schema).

Dates are ISO strings (YYYY-MM-DD), party codes ISO3 or organisation codes,
and `counts` maps an event type to its number of events (types with none are
left out). Lists are pages: `{"items", "total", "limit", "offset"}`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Item = TypeVar("Item")


class PageOut(BaseModel, Generic[Item]):
    items: list[Item]
    total: int = Field(description="Rows matching the filters, over all pages.")
    limit: int
    offset: int


_UNDATED = (
    "Events the since/until bounds left out for having no date of their own "
    "(0 without a bound, or with include_undated=true, which keeps them)."
)


class FilteredPageOut(PageOut[Item], Generic[Item]):
    """A page of a list read through the event filters."""

    undated_left_out: int = Field(description=_UNDATED)


class HealthOut(BaseModel):
    status: Literal["ok"]
    events: int
    articles: int
    read_only: bool = Field(description="True unless the server was started with a token.")


class VersionOut(BaseModel):
    pactwatch: str
    extractor: str
    schema_: int = Field(alias="schema", serialization_alias="schema")

    model_config = ConfigDict(populate_by_name=True)


# ---------------------------------------------------------------- events


class _EventFields(BaseModel):
    event_id: int
    article_id: int = Field(description="The source article: GET /api/articles/{article_id}.")
    published: date | None = Field(description="The source article's publication day.")
    type: str
    sources: list[str]
    targets: list[str]
    participants: list[str]
    stage: str
    certainty: str
    claimed_by: list[str]
    denied_by: list[str]
    equipment: list[str]
    date_start: date | None
    date_end: date | None
    date_precision: str
    date_text: str | None
    evidence: str = Field(description="The sentence the event was read from.")
    evidence_start: int = Field(description="Offset of the evidence in the article's text.")
    evidence_end: int
    rule: str
    confidence: float
    incident_id: int | None
    extractor_version: str
    url: str | None
    outlet: str | None
    review: str | None = Field(
        default=None,
        description="accepted, corrected or rejected by an analyst; null if never reviewed.",
    )


class EventOut(_EventFields):
    article: str = Field(description="The article's own id (file name or JSON id).")


class ActorOut(BaseModel):
    position: int
    role: str
    country: str
    label: str = Field(description="The party's name (from the lexicon).")
    text: str = Field(description="The words in the evidence that name the actor.")
    kind: str
    name: str | None
    person: str | None
    title: str | None
    base: str | None


class ArticleRef(BaseModel):
    article_id: int
    doc_id: str
    title: str | None
    url: str | None
    published: date | None
    outlet: str | None


class EventDetailOut(_EventFields):
    article: ArticleRef
    actors: list[ActorOut]


# ---------------------------------------------------------------- incidents


class ReportOut(BaseModel):
    article_id: int
    article: str
    url: str | None
    outlet: str | None
    published: date | None
    evidence: str
    event_id: int
    certainty: str
    syndicated: bool = Field(description="A near-duplicate copy of the original report.")


class IncidentOut(BaseModel):
    incident_id: int
    type: str
    parties: str
    sources: list[str]
    targets: list[str]
    participants: list[str]
    stage: str
    date_start: date | None
    date_end: date | None
    equipment: list[str]
    first_seen: date | None
    last_seen: date | None
    n_events: int
    n_articles: int
    n_outlets: int
    claimed_by: list[str]
    denied_by: list[str]
    certainty_conflict: bool
    outlets: list[str]
    reports: list[ReportOut]


class IncidentDetailOut(IncidentOut):
    events: list[EventOut]


# ---------------------------------------------------------------- pairs


class DyadOut(BaseModel):
    a: str
    b: str
    a_name: str
    b_name: str
    total: int
    counts: dict[str, int]
    first_date: date | None
    last_date: date | None
    n_a_to_b: int
    n_b_to_a: int
    balance: int = Field(description="n_a_to_b - n_b_to_a.")


class NodeOut(BaseModel):
    id: str
    label: str
    kind: str
    events: int


class EdgeOut(BaseModel):
    source: str
    target: str
    weight: int
    counts: dict[str, int]
    dominant_type: str


class NetworkOut(BaseModel):
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    undated_left_out: int = Field(description=_UNDATED)


class MonthOut(BaseModel):
    month: str = Field(description="YYYY-MM")
    counts: dict[str, int]
    total: int


class TimelineOut(BaseModel):
    a: str
    b: str
    months: list[MonthOut]
    undated: int = Field(
        description="Events of the pair (matching the other filters) with no date of their "
        "own: they have no month, so they are counted here instead."
    )


# ---------------------------------------------------------------- articles


class ArticleOut(BaseModel):
    article_id: int
    doc_id: str
    title: str | None
    url: str | None
    outlet: str | None
    published: date | None
    text: str = Field(description="The cleaned text every evidence offset points into.")
    status: str
    report_id: int
    skip_reason: str | None
    events: list[int]


NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class ArticleIn(BaseModel):
    """An article to ingest; the same fields as a line of a JSON Lines input file."""

    id: Annotated[NonEmpty, StringConstraints(max_length=300)]
    text: str | None = None
    html: str | None = None
    published: Annotated[str | None, StringConstraints(max_length=100)] = None
    url: Annotated[str | None, StringConstraints(max_length=2_000)] = None
    title: Annotated[str | None, StringConstraints(max_length=1_000)] = None

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        if not (self.text or "").strip() and not (self.html or "").strip():
            raise ValueError('give a non-empty "text" or "html"')
        return self


class IngestOut(BaseModel):
    article_id: int | None
    status: Literal["new", "duplicate", "near-duplicate", "skipped"]
    events: int
    message: str | None = None
