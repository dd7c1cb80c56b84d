"""``GET /api/facets``: counts by type, country, ACLED type, source, day and current vs
historical for a filter.

Each facet ignores its own filter (the type counts stay those of every type while one is
selected), so the explorer can show what else there is.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from .. import models
from ..params import Db, Filter
from ..query import EVENT_DAY, HISTORICAL, UNDATED_BACKGROUND, BadRequest
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
    window_from: Annotated[
        date | None,
        Query(description="First day of the timeline window (default: the bulk of the data)"),
    ] = None,
    window_to: Annotated[date | None, Query(description="Last day of the timeline window")] = None,
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
        # The window: asked for, else the bulk of the data: the 10th..90th percentile days
        # widened by half their span on each side (and to the date filter), so background
        # dates decades back do not squeeze the news into a pixel; what falls outside is
        # counted as before/after
        span = cur.one(
            f"SELECT min({EVENT_DAY}), max({EVENT_DAY}), quantile_disc({EVENT_DAY}, 0.1),"
            f" quantile_disc({EVENT_DAY}, 0.9) FROM events e WHERE {w}",
            p,
        )
        lo = hi = None
        if span and span[0] is not None:
            half = max(timedelta(days=3), (span[3] - span[2]) / 2)
            lo = max(span[0], span[2] - half)
            hi = min(span[1], span[3] + half)
            # then shrink to the first and last day that has events inside those bounds
            lo, hi = cur.one(
                f"SELECT min({EVENT_DAY}), max({EVENT_DAY}) FROM events e WHERE {w}"
                f" AND {EVENT_DAY} BETWEEN ? AND ?",
                [*p, lo, hi],
            )
        lo = window_from or lo
        hi = window_to or hi
        if window_from is None and f.date_from and lo and f.date_from < lo:
            lo = f.date_from
        if window_to is None and f.date_to and hi and f.date_to > hi:
            hi = f.date_to
        if lo and hi and lo > hi:
            raise BadRequest("window_from must not be after window_to")
        if interval == "auto":
            days = (hi - lo).days if lo and hi else 0
            interval = "day" if days <= 1000 else ("week" if days <= 7 * 1000 else "month")
        rows = []
        before = after = 0
        if lo and hi:
            rows = cur.all(
                f"SELECT CAST(date_trunc('{interval}', {EVENT_DAY}) AS DATE) AS d, count(*) FROM events e"
                f" WHERE {w} AND {EVENT_DAY} BETWEEN ? AND ? GROUP BY d ORDER BY d LIMIT ?",
                [*p, lo, hi, TIMELINE_LIMIT],
            )
            before, after = cur.one(
                f"SELECT count(*) FILTER ({EVENT_DAY} < ?), count(*) FILTER ({EVENT_DAY} > ?)"
                f" FROM events e WHERE {w}",
                [lo, hi, *p],
            )
        out["interval"] = interval
        out["timeline"] = [{"date": iso(d), "count": int(n)} for d, n in rows]
        out["window"] = {"from": iso(lo), "to": iso(hi), "min": iso(span[0]) if span else None,
                         "max": iso(span[1]) if span else None}  # fmt: skip
        out["before"] = int(before or 0)
        out["after"] = int(after or 0)
        # background the report tells without a date: no day to draw it at (EVENT_DAY is NULL),
        # counted beside the timeline instead of on the report's day
        out["undated_background"] = int(
            cur.one(f"SELECT count(*) FROM events e WHERE {w} AND {UNDATED_BACKGROUND}", p)[0]
        )
        ph: list[Any] = []
        wh = f.without("historical").where(ph)
        rows = cur.all(
            f"SELECT CASE WHEN {HISTORICAL} THEN 'historical' ELSE 'current' END AS v, count(*) AS n"
            f" FROM events e WHERE {wh} GROUP BY v ORDER BY n DESC, v",
            ph,
        )
        out["historical"] = [{"value": v, "count": int(n)} for v, n in rows]
        pp: list[Any] = []
        wp = f.without("date_precision").where(pp)
        rows = cur.all(
            "SELECT coalesce(e.date_precision, 'none') AS v, count(*) AS n FROM events e"
            f" WHERE {wp} GROUP BY v ORDER BY n DESC LIMIT 10",
            pp,
        )
        out["date_precisions"] = [{"value": v, "count": int(n)} for v, n in rows]
    return json_response(out)
