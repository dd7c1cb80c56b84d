"""Request parameters shared by the views: the event filter, the database handle.

The event filter is one FastAPI dependency so that every event endpoint (list, facets, map,
exports) accepts the same parameters with the same validation and documentation.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request

from ..records import PLOVER_TYPES
from .catalog import PRECISIONS, ROLES, catalog, gazetteer_points, side_table
from .db import Cursor, Database
from .query import BadRequest, Bbox, EventFilter

#: date precisions of the records, and "none" for undated events
DATE_PRECISIONS = ("day", "week", "month", "year", "none")
#: where an event's date comes from (``EventDate.basis``)
DATE_BASES = ("text", "narrative", "publication")

#: largest page of /api/events and /api/articles
MAX_LIMIT = 500


def get_db(request: Request) -> Database:
    """The app's database (views are module-level functions on routers, not closures)."""
    db: Database = request.app.state.db
    return db


Db = Annotated[Database, Depends(get_db)]

Str200 = Annotated[str | None, Query(max_length=200)]


def _choices(name: str, values: list[str] | None, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """Repeated or comma-separated choices, each checked: an unknown one is a 400."""
    out: list[str] = []
    for v in values or []:
        for part in v.split(","):
            part = part.strip().lower()
            if not part:
                continue
            if part not in allowed:
                raise BadRequest(
                    f"unknown {name} '{part[:40]}': expected one of {', '.join(allowed)}"
                )
            if part not in out:
                out.append(part)
    return tuple(out)


def event_filter(
    db: Db,
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
            description="An actor: a canonical name or any alias of the actor dictionary"
            " ('ISIL' -> Islamic State; exact case for short acronyms), or a surface text seen"
            " in the database; never a substring ('IS' does not match Israel)",
        ),
    ] = None,
    actor_role: Annotated[
        str,
        Query(pattern="^(either|source|target)$", description="The actor's role: " + ", ".join(ROLES)),
    ] = "either",
    place: Annotated[
        str | None,
        Query(
            max_length=200,
            description="A place: its resolved name, a surface text seen, or any gazetteer name"
            " or spelling variant of it ('Baghouz' = 'Baghuz')",
        ),
    ] = None,
    radius_km: Annotated[
        float, Query(ge=0, le=1000, description="With place: also events within this distance")
    ] = 0.0,
    precision: Annotated[
        list[str] | None,
        Query(
            max_length=4,
            description="Location precision(s): " + ", ".join(PRECISIONS),
        ),
    ] = None,
    date_precision: Annotated[
        list[str] | None,
        Query(max_length=5, description="Date precision(s): " + ", ".join(DATE_PRECISIONS)),
    ] = None,
    date_basis: Annotated[
        list[str] | None,
        Query(
            max_length=3,
            description="Where the date comes from: text (a time expression), narrative"
            " (a dateline or earlier sentence), publication (only the report's date)",
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
    historical: Annotated[
        bool | None,
        Query(
            description="true: only historical events (background the report tells, dated more than"
            " a month before it); false: only current ones; unset: both"
        ),
    ] = None,
    count_by: Annotated[
        str,
        Query(
            pattern="^(mentions|clusters)$",
            description="mentions (default): every coded event; clusters: one per real-world event"
            " (its first report among the matching events; needs `eventcoder clusters`)",
        ),
    ] = "mentions",
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
        ("place", place),
    ):
        if value is not None and "\x00" in value:
            raise BadRequest(f"{name} must not contain NUL characters")
    if date_from and date_to and date_from > date_to:
        raise BadRequest("date_from must not be after date_to")
    precisions = _choices("precision", precision, PRECISIONS)
    extra: dict = {
        "precision": precisions,
        "date_precision": _choices("date_precision", date_precision, DATE_PRECISIONS),
        "date_basis": _choices("date_basis", date_basis, DATE_BASES),
        "actor_role": actor_role,
        "count_by": count_by,
    }
    if count_by == "clusters" or extra["date_basis"]:
        with db.cursor() as cur:
            if count_by == "clusters" and has_cluster_tables(cur):
                extra["clustered"] = bool(side_table(db, cur, "serve_clusters"))
            if extra["date_basis"]:
                extra["basis_side"] = bool(side_table(db, cur, "serve_date_basis"))
    actor = (actor or "").strip() or None
    place = (place or "").strip() or None
    if actor or place or precisions:
        with db.cursor() as cur:
            cat = catalog(db, cur)
        if actor:
            names, texts = cat.resolve_actor(actor)
            extra.update(actor_names=tuple(names), actor_texts=tuple(texts))
        if place:
            rows = cat.resolve_place(place)
            points = [(p.lat, p.lon) for p in rows[:5] if p.lat is not None and p.lon is not None]
            if radius_km > 0 and not points:
                points = gazetteer_points(place)
            extra.update(
                place=place,
                place_ids=tuple(sorted({p.geonameid for p in rows if p.geonameid is not None})),
                place_names=tuple(sorted({p.name for p in rows if p.geonameid is None})),
                place_points=tuple(points),
                radius_km=radius_km,
            )
        if precisions:
            extra["levels"] = cat.level_tuple()
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
        historical=historical,
        **extra,
    )


Filter = Annotated[EventFilter, Depends(event_filter)]


def has_cluster_tables(cur: Cursor) -> bool:
    """Whether ``eventcoder clusters`` has run on the database (its tables exist)."""
    row = cur.one(
        "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('clusters', 'event_clusters')"
    )
    return bool(row and row[0] == 2)
