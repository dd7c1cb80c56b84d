"""Event filters -> SQL ``WHERE`` clauses with bound parameters, and the opaque cursors.

Nothing from a request is ever formatted into SQL text: each filter adds a fixed SQL
fragment with ``?`` placeholders and appends its values to the parameter list.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, replace
from datetime import date

#: the date an event is placed at on the timeline: its own date, else the article's
EVENT_DAY = "coalesce(e.date, e.published)"
#: total order of events (keyset pagination): day (undated last), article, position, id
EVENT_SORT_COLS = (
    "coalesce(e.date, e.published, DATE '9999-12-31')",
    "e.article_id",
    "coalesce(e.start_char, 0)",
    "e.event_id",
)
EVENT_SORT = ", ".join(EVENT_SORT_COLS)


class BadRequest(ValueError):
    """A parameter that passed type validation but makes no sense (bad bbox, bad cursor)."""


@dataclass(frozen=True)
class Bbox:
    minlon: float
    minlat: float
    maxlon: float
    maxlat: float

    @classmethod
    def parse(cls, value: str, name: str = "bbox") -> Bbox:
        parts = value.split(",")
        if len(parts) != 4:
            raise BadRequest(f"{name} must be minlon,minlat,maxlon,maxlat (4 numbers)")
        try:
            minlon, minlat, maxlon, maxlat = (float(p) for p in parts)
        except ValueError:
            raise BadRequest(f"{name} must be minlon,minlat,maxlon,maxlat (4 numbers)") from None
        for v in (minlon, minlat, maxlon, maxlat):
            if v != v or v in (float("inf"), float("-inf")):
                raise BadRequest(f"{name} must hold finite numbers")
        if not (-90 <= minlat <= 90 and -90 <= maxlat <= 90):
            raise BadRequest(f"{name} latitudes must be within -90..90")
        if minlat > maxlat:
            raise BadRequest(f"{name} minlat must not exceed maxlat")
        if maxlon - minlon >= 360:
            minlon, maxlon = -180.0, 180.0
        # Longitudes from a map that was panned around the globe: wrap into -180..180.
        minlon = _wrap(minlon)
        maxlon = _wrap(maxlon)
        return cls(minlon, minlat, maxlon, maxlat)

    def sql(self, params: list) -> str:
        params += [self.minlat, self.maxlat]
        lat = "e.lat BETWEEN ? AND ?"
        if self.minlon <= self.maxlon:
            params += [self.minlon, self.maxlon]
            return f"({lat} AND e.lon BETWEEN ? AND ?)"
        # crosses the antimeridian
        params += [self.minlon, self.maxlon]
        return f"({lat} AND (e.lon >= ? OR e.lon <= ?))"


def _wrap(lon: float) -> float:
    if -180 <= lon <= 180:
        return lon
    return ((lon + 180) % 360) - 180


@dataclass(frozen=True)
class EventFilter:
    types: tuple[str, ...] = ()
    acled_event_type: str | None = None
    actor: str | None = None
    country: str | None = None
    bbox: Bbox | None = None
    date_from: date | None = None
    date_to: date | None = None
    source: str | None = None
    article_id: str | None = None
    q: str | None = None
    min_confidence: float | None = None
    include_negated: bool = False
    include_hypothetical: bool = False

    def without(self, *names: str) -> EventFilter:
        """The same filter with some fields cleared (facets ignore their own filter)."""
        empty = EventFilter()
        return replace(self, **{n: getattr(empty, n) for n in names})

    def where(self, params: list) -> str:
        """SQL condition on the events table aliased ``e``; appends to ``params``."""
        c: list[str] = []
        if self.types:
            c.append("e.type IN (" + ",".join("?" * len(self.types)) + ")")
            params += list(self.types)
        if self.acled_event_type:
            c.append("lower(e.acled_event_type) = lower(?)")
            params.append(self.acled_event_type)
        if self.actor:
            c.append(
                "(strpos(lower(coalesce(e.source_name, '')), lower(?)) > 0"
                " OR strpos(lower(coalesce(e.target_name, '')), lower(?)) > 0"
                " OR strpos(lower(coalesce(json_extract_string(e.record, '$.source_actor.text'), '')), lower(?)) > 0"
                " OR strpos(lower(coalesce(json_extract_string(e.record, '$.target_actor.text'), '')), lower(?)) > 0)"
            )
            params += [self.actor] * 4
        if self.country:
            c.append("upper(e.country) = upper(?)")
            params.append(self.country)
        if self.bbox is not None:
            c.append(self.bbox.sql(params))
        if self.date_from is not None:
            c.append(f"{EVENT_DAY} >= ?")
            params.append(self.date_from)
        if self.date_to is not None:
            c.append(f"{EVENT_DAY} <= ?")
            params.append(self.date_to)
        if self.source:
            c.append("lower(e.article_source) = lower(?)")
            params.append(self.source)
        if self.article_id:
            c.append("e.article_id = ?")
            params.append(self.article_id)
        if self.q:
            c.append("strpos(lower(coalesce(e.sentence, '')), lower(?)) > 0")
            params.append(self.q)
        if self.min_confidence is not None:
            c.append("e.confidence >= ?")
            params.append(self.min_confidence)
        if not self.include_negated:
            c.append("NOT coalesce(e.negated, false)")
        if not self.include_hypothetical:
            c.append("NOT coalesce(e.hypothetical, false)")
        return " AND ".join(c) if c else "TRUE"


def encode_cursor(kind: str, key: str) -> str:
    raw = json.dumps([kind, key], separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(kind: str, cursor: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        k, key = json.loads(raw.decode("utf-8"))
    except (ValueError, binascii.Error, UnicodeDecodeError, TypeError):
        raise BadRequest("cursor is not valid: pass the next_cursor of a previous page") from None
    if k != kind or not isinstance(key, str):
        raise BadRequest("cursor is not valid: pass the next_cursor of a previous page")
    return key
