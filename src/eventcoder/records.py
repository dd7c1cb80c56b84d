"""The typed records that flow one way through the pipeline.

``RawRecord`` (ingest) -> ``Article`` (ingest/clean) -> ``CodedArticle`` (pipeline) which
carries ``Place``, ``Event`` and the spans inside them. Every ``start``/``end`` offset in
these records indexes ``Article.text`` (the cleaned body); ``Article.offset_map`` maps a
cleaned offset back to the raw input, so a span can be shown on the page as it was scraped.

Plain dataclasses rather than pydantic: they are created by the million in a big run and
must stay cheap; the HTTP API validates at its own boundary.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .plover import TYPES

#: an HTML character reference, as ``clean`` decodes them (one cleaned character maps to the
#: reference's first raw character)
CHARREF = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

PLOVER_TYPES = TYPES  # the codebook's types, from data/plover.yaml (eventcoder.plover)

DATE_PRECISIONS = ("day", "week", "month", "year")


def content_hash(*parts: str, length: int = 16) -> str:
    """Stable id from content: the same input always gets the same id, across runs and machines."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


#: field values ``dataclasses.asdict`` hands back as they are (its deep copy of one is itself)
_ATOMIC = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _as_dict(obj: Any) -> dict[str, Any]:
    """``dataclasses.asdict(obj)``: the same dict, without its recursion and deep copies when
    every field holds a str, int, float, bool or None (the records' usual case: the store
    turns every place, actor, location and date of a run into a dict)."""
    cls = type(obj)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(obj))
    values = [getattr(obj, n) for n in names]
    if all(type(v) in _ATOMIC for v in values):
        return dict(zip(names, values, strict=True))
    return asdict(obj)


@dataclass(slots=True)
class Origin:
    """Where a record came from, precisely enough to find it again in a million-file crawl."""

    path: str
    line: int | None = None  # 1-based line for line-oriented formats
    offset: int | None = None  # byte offset for WARC records
    member: str | None = None  # archive member / WARC target URI

    def __str__(self) -> str:
        s = self.path
        if self.line is not None:
            s += f":{self.line}"
        if self.offset is not None:
            s += f"@{self.offset}"
        if self.member:
            s += f"#{self.member}"
        return s

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in _as_dict(self).items() if v is not None}


@dataclass(slots=True)
class RawRecord:
    """One input record as read, before cleaning: fields exactly as the reader found them."""

    text: str
    origin: Origin
    title: str | None = None
    source: str | None = None
    tags: list[str] = field(default_factory=list)
    published: str | None = None
    url: str | None = None
    id: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    #: problems the reader noticed but tolerated (e.g. a tags line that was not JSON)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Article:
    id: str
    title: str | None
    source: str | None
    tags: list[str]
    published: str | None
    url: str | None
    language: str | None
    text: str
    captions: list[str]
    removed: list[str]
    origin: Origin
    raw_text: str = ""
    #: offset_map[i] is the raw_text offset of text[i] (len(text)+1 entries)
    offset_map: list[int] = field(default_factory=list, repr=False)
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: countries (ISO3) the article is about, most salient first; filled by the pipeline
    countries: list[str] = field(default_factory=list)
    region: str | None = None

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span on the cleaned text back to the raw text."""
        if not self.offset_map:
            return start, end
        end_raw = self.offset_map[end - 1] + 1 if end > start else self.offset_map[start]
        if end > start and self.raw_text[end_raw - 1 : end_raw] == "&":
            # the span ends in a character decoded from a reference ("Jos&#233;"): take it whole
            m = CHARREF.match(self.raw_text, end_raw - 1)
            if m:
                end_raw = m.end()
        return self.offset_map[start], end_raw

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "tags": list(self.tags),
            "published": self.published,
            "url": self.url,
            "language": self.language,
            "text": self.text,
            "captions": list(self.captions),
            "removed": list(self.removed),
            "origin": self.origin.to_dict(),
            "meta": self.meta,
            "warnings": list(self.warnings),
            "countries": list(self.countries),
            "region": self.region,
        }


@dataclass(slots=True)
class Actor:
    text: str
    name: str | None
    country: str | None
    sector: str | None
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


@dataclass(slots=True)
class Place:
    """A toponym resolved against the gazetteer (or left unresolved with geonameid None)."""

    text: str
    start: int
    end: int
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO3
    admin1: str | None = None
    feature: str | None = None  # GeoNames class.code, e.g. "P.PPL", "A.PCLI", "H.STM"
    score: float = 0.0
    role: str = "place"  # "place" | "actor" | "team" (a side or a company named after it)
    #: how precise the coordinates are, like ACLED's geo-precision: "point" | "admin2" |
    #: "admin1" | "country" (None: no coordinates); see eventcoder.geo.precision
    precision: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


@dataclass(slots=True)
class Location:
    text: str
    name: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    start: int
    end: int
    basis: str = "sentence"  # "trigger" | "sentence" | "article"
    feature: str | None = None
    #: the place's precision ("point" | "admin2" | "admin1" | "country"); an article-basis
    #: location keeps the precision of the place it uses
    precision: str | None = None

    @classmethod
    def from_place(cls, place: Place, basis: str) -> Location:
        return cls(
            text=place.text,
            name=place.name,
            geonameid=place.geonameid,
            lat=place.lat,
            lon=place.lon,
            country=place.country,
            admin1=place.admin1,
            start=place.start,
            end=place.end,
            basis=basis,
            feature=place.feature,
            precision=place.precision,
        )

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


@dataclass(slots=True)
class EventDate:
    value: str | None = None
    precision: str | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None
    #: where the date comes from: "text" (a time expression of the clause of one of the
    #: event's mentions, or of a "the X happened at ..." re-statement),
    #: "narrative" (a dateline or an earlier sentence's date), "publication" (nothing in the
    #: text dates it: the report's date, precision "week", as ACLED dates such events), or
    #: None when there is no date
    basis: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


@dataclass(slots=True)
class Attribution:
    text: str
    name: str | None
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


@dataclass(slots=True, frozen=True)
class Event:
    """A coded event, frozen once the components have filled its draft
    (``components.base.EventDraft``)."""

    article_id: str
    type: str
    mode: str | None
    trigger: str
    trigger_start: int
    trigger_end: int
    sentence: str
    start: int  # sentence start in Article.text
    end: int
    source_actor: Actor | None = None
    target_actor: Actor | None = None
    location: Location | None = None
    date: EventDate = field(default_factory=EventDate)
    reported_by: list[Attribution] = field(default_factory=list)
    negated: bool = False
    hypothetical: bool = False
    #: the event's own date is more than about a month before publication (background)
    historical: bool = False
    acled: dict[str, str] | None = None
    confidence: float = 0.0
    event_id: str = ""
    #: how central the event is to its report (main clause, resolved participants): ranks the
    #: events of one report when one must stand for it (ACLED export, PLOVER primary event)
    salience: float = 0.0
    #: every mention of this event in the article, the main one included, in text order:
    #: ``{sentence, start, end, trigger: {text, start, end}}``
    mentions: tuple[dict[str, Any], ...] = ()

    def __post_init__(self) -> None:
        if not self.event_id:
            # stable across runs: same article, same trigger span, same type -> same id
            object.__setattr__(
                self, "event_id", content_hash(self.article_id, str(self.trigger_start), str(self.trigger_end), self.type)
            )

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "type": self.type,
            "mode": self.mode,
            "acled": self.acled,
            "source_actor": self.source_actor.to_dict() if self.source_actor else None,
            "target_actor": self.target_actor.to_dict() if self.target_actor else None,
            "location": self.location.to_dict() if self.location else None,
            "date": self.date.to_dict(),
            "reported_by": [a.to_dict() for a in self.reported_by],
            "negated": self.negated,
            "hypothetical": self.hypothetical,
            "historical": self.historical,
            "trigger": {"text": self.trigger, "start": self.trigger_start, "end": self.trigger_end},
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "confidence": round(self.confidence, 3),
            "salience": round(self.salience, 3),
            "mentions": [dict(m) for m in self.mentions],
        }


@dataclass(slots=True)
class Skip:
    """An input that was read fine but deliberately not coded, with the reason as data."""

    article_id: str | None
    origin: Origin
    reason: str  # e.g. "language: fr", "duplicate", "no text after cleaning"
    #: the cleaned article, when there is one: stored with status 'skipped' and its reason
    article: Article | None = None


@dataclass(slots=True)
class Quarantine:
    """An input that could not be processed, with the error code and message as data."""

    origin: Origin
    code: str
    error: str
    article_id: str | None = None
    excerpt: str | None = None


@dataclass(slots=True)
class CodedArticle:
    article: Article
    events: list[Event] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    #: no sentence could carry an event: coded with zero events, no component run (pipeline.py)
    gated: bool = False
