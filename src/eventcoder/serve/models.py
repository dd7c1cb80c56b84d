"""Response models: they document the API in OpenAPI (/openapi.json, /docs).

The handlers build plain dicts and return them as JSON directly (validating thousands of
nested records per request through pydantic would cost more than the query); these models
describe exactly what they return, and the tests check responses against the schema.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Error(BaseModel):
    """The one error shape of every error response."""

    ok: Literal[False] = False
    error: str = Field(description="What went wrong, in words")
    status: int = Field(description="The HTTP status code, repeated")


class Span(_Open):
    text: str | None = None
    start: int | None = None
    end: int | None = None


class Actor(_Open):
    text: str | None = None
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    start: int | None = None
    end: int | None = None


class Location(_Open):
    text: str | None = None
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    start: int | None = None
    end: int | None = None
    basis: str | None = None
    #: "point" | "admin2" | "admin1" | "country": how precise lat/lon are (ACLED's geo-precision)
    precision: str | None = None


class EventDate(_Open):
    value: str | None = None
    precision: str | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None


class Attribution(_Open):
    text: str | None = None
    name: str | None = None
    start: int | None = None
    end: int | None = None


class ArticleRef(_Open):
    id: str
    title: str | None = None
    source: str | None = None
    published: str | None = None
    url: str | None = None


class Event(_Open):
    """An event record as in the output contract; offsets index the article's cleaned text."""

    event_id: str
    article_id: str
    type: str = Field(description="PLOVER event type")
    mode: str | None = None
    acled: dict[str, Any] | None = None
    source_actor: Actor | None = None
    target_actor: Actor | None = None
    location: Location | None = None
    date: EventDate | None = None
    reported_by: list[Attribution] = []
    negated: bool | None = None
    hypothetical: bool | None = None
    historical: bool | None = Field(
        None,
        description="Background, not current news: the event's own date is more than a month"
        " before publication, or the report tells it as past background (null: coded before the flag)",
    )
    trigger: Span | None = None
    sentence: str | None = None
    start: int | None = None
    end: int | None = None
    confidence: float | None = None
    article: ArticleRef | None = Field(None, description="The article the event was coded from")


class EventPage(BaseModel):
    ok: Literal[True] = True
    total: int = Field(description="Events matching the filter (all pages)")
    items: list[Event]
    next_cursor: str | None = Field(
        description="Pass as ?cursor= for the next page; null on the last page"
    )


class HighlightSpan(BaseModel):
    role: Literal["trigger", "source_actor", "target_actor", "location", "date", "reported_by"]
    text: str | None = None
    start: int
    end: int


class EventDetail(BaseModel):
    ok: Literal[True] = True
    event: Event
    article: ArticleRef
    spans: list[HighlightSpan] = Field(description="Provenance spans on the article's cleaned text")


class Place(_Open):
    start: int
    end: int
    text: str | None = None
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    feature: str | None = None
    score: float | None = None
    role: str | None = None


class ArticleSummary(_Open):
    id: str
    status: str | None = None
    skip_reason: str | None = None
    title: str | None = None
    source: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None
    tags: list[Any] = []
    countries: list[Any] = []
    n_events: int | None = None
    n_warnings: int = 0


class ArticlePage(BaseModel):
    ok: Literal[True] = True
    total: int
    items: list[ArticleSummary]
    next_cursor: str | None


class Article(ArticleSummary):
    text: str | None = None
    captions: list[Any] = []
    caption_spans: list[Any] = []
    removed: list[Any] = []
    warnings: list[Any] = []
    region: str | None = None
    origin: str | None = None


class ArticleDetail(BaseModel):
    ok: Literal[True] = True
    article: Article
    events: list[Event]
    places: list[Place]


class Bucket(BaseModel):
    value: str | None
    count: int


class DayBucket(BaseModel):
    date: str
    count: int


class Facets(BaseModel):
    ok: Literal[True] = True
    total: int
    types: list[Bucket] = Field(description="Counts by PLOVER type (ignoring the type filter)")
    countries: list[Bucket] = Field(
        description="Counts by location country (ignoring the country filter)"
    )
    acled_event_types: list[Bucket]
    sources: list[Bucket]
    interval: Literal["day", "week", "month"]
    timeline: list[DayBucket] = Field(
        description="Counts per interval inside the window (ignoring date_from/date_to, so a"
        " brush shows its context)"
    )
    window: dict[str, str | None] | None = Field(
        None,
        description="from/to: the timeline window (window_from/window_to, else the bulk: the"
        " 10th..90th percentile days widened by half their span); min/max: the first and last day",
    )
    before: int = Field(0, description="Events dated before the window (grouped outliers)")
    after: int = Field(0, description="Events dated after the window")
    undated_background: int = Field(
        0,
        description="Historical (background) events without a date of their own: off the"
        " timeline, their day unknown (an undated current event sits at its report's day)",
    )
    historical: list[Bucket] = Field(
        [], description="Counts of 'current' and 'historical' events (ignoring the historical filter)"
    )
    date_precisions: list[Bucket] = Field(
        [], description="Counts by date precision ('none': undated)"
    )


class GeoFeature(BaseModel):
    type: Literal["Feature"] = "Feature"
    geometry: dict[str, Any]
    properties: dict[str, Any]


class FeatureCollection(BaseModel):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[GeoFeature]
    total: int | None = Field(None, description="Events with coordinates matching the filter")
    clustered: bool | None = None
    truncated: bool | None = Field(None, description="True when the feature limit cut the answer")
    zoom: int | None = None


class ActorItem(BaseModel):
    name: str
    country: str | None = None
    sector: str | None = None
    aliases: list[str] = Field(description="The dictionary's aliases, then surface texts seen")
    count: int
    as_source: int
    as_target: int


class ActorList(BaseModel):
    ok: Literal[True] = True
    total: int = Field(description="Canonical actors in the database")
    resolved: list[str] = Field(description="The canonical names the actor filter matches for q")
    items: list[ActorItem]


class PlaceItem(BaseModel):
    name: str
    geonameid: int | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: Literal["point", "admin2", "admin1", "country"]
    count: int
    variants: list[str] = Field(description="Other spellings seen in the articles")
    matched: str | None = Field(None, description="The name or spelling the query matched")


class PlaceList(BaseModel):
    ok: Literal[True] = True
    items: list[PlaceItem]


class Label(BaseModel):
    name: str
    lat: float
    lon: float
    kind: Literal["capital", "city", "admin1"]
    population: int


class LabelList(BaseModel):
    ok: Literal[True] = True
    items: list[Label]


class Health(BaseModel):
    ok: Literal[True] = True
    version: str
    database: str
    read_only: bool
    ingest: bool
    counts: dict[str, int]


class IngestResult(BaseModel):
    ok: Literal[True] = True
    article: ArticleRef | None
    events: list[Event]
    skipped: str | None = Field(None, description="Why the article was not coded, if it was not")
    quarantined: str | None = Field(None, description="The error, if the input could not be coded")
    already_stored: bool = Field(
        False, description="The same article was stored before; nothing was written"
    )
