"""Request parameters shared by the views: the event filter, the database handle.

The event filter is one FastAPI dependency so that every event endpoint (list, facets, map,
exports) accepts the same parameters with the same validation and documentation.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request

from ..records import PLOVER_TYPES
from .db import Database
from .query import BadRequest, Bbox, EventFilter

#: largest page of /api/events and /api/articles
MAX_LIMIT = 500


def get_db(request: Request) -> Database:
    """The app's database (views are module-level functions on routers, not closures)."""
    db: Database = request.app.state.db
    return db


Db = Annotated[Database, Depends(get_db)]

Str200 = Annotated[str | None, Query(max_length=200)]


def event_filter(
    type: Annotated[
        list[str] | None,
        Query(
            description="PLOVER type(s); repeat the parameter or separate with commas (e.g. ASSAULT,COERCE)",
            max_length=20,
        ),
    ] = None,
    acled_event_type: Annotated[
        str | None,
        Query(max_length=100, description="ACLED event type, e.g. 'Battles' (case-insensitive)"),
    ] = None,
    actor: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Substring of the source or target actor's name or text (case-insensitive)",
        ),
    ] = None,
    country: Annotated[
        str | None,
        Query(
            max_length=3,
            pattern="^[A-Za-z]{2,3}$",
            description="ISO3 country of the event location",
        ),
    ] = None,
    bbox: Annotated[
        str | None,
        Query(
            max_length=200,
            description="minlon,minlat,maxlon,maxlat (WGS84); minlon > maxlon crosses the antimeridian",
        ),
    ] = None,
    date_from: Annotated[
        date | None, Query(description="First day (YYYY-MM-DD), inclusive")
    ] = None,
    date_to: Annotated[date | None, Query(description="Last day (YYYY-MM-DD), inclusive")] = None,
    source: Annotated[
        str | None, Query(max_length=200, description="Article source, exact (case-insensitive)")
    ] = None,
    article_id: Annotated[
        str | None, Query(max_length=200, description="Only events of this article")
    ] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Text that the event's sentence contains")
    ] = None,
    min_confidence: Annotated[
        float | None, Query(ge=0, le=1, description="Lowest confidence, 0..1")
    ] = None,
    include_negated: Annotated[
        bool, Query(description="Also return negated events ('did not attack')")
    ] = False,
    include_hypothetical: Annotated[
        bool, Query(description="Also return hypothetical events ('threatened to', 'may attack')")
    ] = False,
) -> EventFilter:
    """The filter of every event endpoint, checked beyond the types FastAPI validates.

    Values that pass validation but make no sense (unknown PLOVER type, NUL characters that
    DuckDB rejects, date_from after date_to, a bad bbox) raise ``BadRequest``: a 400 that says
    what is wrong, never a 500 or an empty answer that looks like "no events".
    """
    types: list[str] = []
    for t in type or []:
        for part in t.split(","):
            part = part.strip().upper()
            if not part:
                continue
            if part not in PLOVER_TYPES:
                raise BadRequest(
                    f"unknown type '{part[:40]}': expected one of {', '.join(PLOVER_TYPES)}"
                )
            if part not in types:
                types.append(part)
    for name, value in (
        ("actor", actor),
        ("source", source),
        ("q", q),
        ("acled_event_type", acled_event_type),
    ):
        if value is not None and "\x00" in value:
            raise BadRequest(f"{name} must not contain NUL characters")
    if date_from and date_to and date_from > date_to:
        raise BadRequest("date_from must not be after date_to")
    return EventFilter(
        types=tuple(types),
        acled_event_type=acled_event_type or None,
        actor=actor or None,
        country=country or None,
        bbox=Bbox.parse(bbox) if bbox else None,
        date_from=date_from,
        date_to=date_to,
        source=source or None,
        article_id=article_id or None,
        q=q or None,
        min_confidence=min_confidence,
        include_negated=include_negated,
        include_hypothetical=include_hypothetical,
    )


Filter = Annotated[EventFilter, Depends(event_filter)]
