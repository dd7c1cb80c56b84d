"""``GET /api/facets``: counts by type, country, ACLED type, source and day for a filter.

Each facet ignores its own filter (the type counts stay those of every type while one is
selected), so the explorer can show what else there is.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from .. import models
from ..params import Db, Filter
from ..query import EVENT_DAY
from ..responses import iso, json_response

router = APIRouter()

#: most buckets of one facet
FACET_LIMIT = 200
#: most buckets of the timeline
TIMELINE_LIMIT = 5_000
#: (answer key, column, the filter field the facet ignores)
_FACETS = (
    ("types", "e.type", "types"),
    ("countries", "e.country", "country"),
    ("acled_event_types", "e.acled_event_type", "acled_event_type"),
    ("sources", "e.article_source", "source"),
)


@router.get(
    "/api/facets",
    response_model=models.Facets,
    tags=["events"],
    summary="Counts by type, country, ACLED type, source and day for a filter",
)
def facets(
    db: Db,
    f: Filter,
    interval: Annotated[
        str,
        Query(
            pattern="^(auto|day|week|month)$",
            description="Timeline bucket; auto: day unless the span is long",
        ),
    ] = "auto",
) -> Response:
    out: dict[str, Any] = {"ok": True}
    with db.cursor() as cur:
        p: list[Any] = []
        out["total"] = int(cur.one(f"SELECT count(*) FROM events e WHERE {f.where(p)}", p)[0])
        for key, column, skip in _FACETS:
            p = []
            w = f.without(skip).where(p)
            rows = cur.all(
                f"SELECT {column} AS v, count(*) AS n FROM events e WHERE {w} GROUP BY v ORDER BY n DESC, v LIMIT ?",
                [*p, FACET_LIMIT],
            )
            out[key] = [{"value": v, "count": int(n)} for v, n in rows]
        p = []
        w = f.without("date_from", "date_to").where(p)
        if interval == "auto":
            span = cur.one(f"SELECT min({EVENT_DAY}), max({EVENT_DAY}) FROM events e WHERE {w}", p)
            days = (span[1] - span[0]).days if span and span[0] and span[1] else 0
            interval = "day" if days <= 1500 else ("week" if days <= 7 * 1500 else "month")
        rows = cur.all(
            f"SELECT CAST(date_trunc('{interval}', {EVENT_DAY}) AS DATE) AS d, count(*) FROM events e"
            f" WHERE {w} AND {EVENT_DAY} IS NOT NULL GROUP BY d ORDER BY d LIMIT ?",
            [*p, TIMELINE_LIMIT],
        )
        out["interval"] = interval
        out["timeline"] = [{"date": iso(d), "count": int(n)} for d, n in rows]
    return json_response(out)
