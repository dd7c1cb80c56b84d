"""``GET /api/events.geojson``: the map layer, events clustered on a screen grid in SQL.

Clustering on the server keeps the answer small (at most ``limit`` features) whatever the
number of events; a cell with one event is a point the explorer can open. Events are
clustered by location precision too: towns and points on the grid, admin-level places on
the grid apart from them, and country-level locations (a country's centroid) as one total
per country, which the explorer draws as a hollow ring, never as a town.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from .. import models
from ..catalog import catalog
from ..params import Db, Filter
from ..query import EVENT_DAY, EVENT_SORT, Bbox, precision_sql
from ..responses import json_response

router = APIRouter()

#: most features of one map answer
MAX_FEATURES = 5_000

# web-mercator grid cell of an event at a zoom: world pixels / cell pixels
_LAT = "greatest(least(e.lat, 85.05112878), -85.05112878)"
_GX = "floor((e.lon + 180.0) / 360.0 * ? / ?)"
_GY = f"floor((1.0 - ln(tan(radians({_LAT})) + 1.0 / cos(radians({_LAT}))) / pi()) / 2.0 * ? / ?)"


@router.get(
    "/api/events.geojson",
    response_model=models.FeatureCollection,
    tags=["map"],
    summary="Events for the map, clustered on a screen grid at the given zoom",
)
def events_geojson(
    db: Db,
    f: Filter,
    zoom: Annotated[int, Query(ge=0, le=22, description="Map zoom (web-mercator tile zoom)")] = 2,
    view: Annotated[
        str | None,
        Query(max_length=200, description="The visible map area, minlon,minlat,maxlon,maxlat"),
    ] = None,
    cluster: Annotated[
        bool, Query(description="Cluster on a grid of cell_px screen pixels")
    ] = True,
    cell_px: Annotated[
        int, Query(ge=8, le=256, description="Grid cell size in screen pixels")
    ] = 48,
    limit: Annotated[
        int, Query(ge=1, le=MAX_FEATURES, description="Most features returned")
    ] = MAX_FEATURES,
) -> Response:
    params: list[Any] = []
    where = f.where(params) + " AND e.lat IS NOT NULL AND e.lon IS NOT NULL"
    if view:
        where += " AND " + Bbox.parse(view, "view").sql(params)
    world = 256.0 * (2**zoom)
    with db.cursor() as cur:
        levels = catalog(db, cur).level_tuple()
        pparams: list[Any] = []
        prec = precision_sql(levels, pparams)
        inner = f"SELECT e.*, {prec} AS prec FROM events e WHERE {where}"
        total = int(cur.one(f"SELECT count(*) FROM events e WHERE {where}", params)[0])
        if cluster:
            # country totals stay whole (one per country); the rest on the screen grid
            pclass = "CASE e.prec WHEN 'country' THEN 'country' WHEN 'point' THEN 'point' ELSE 'admin' END"
            gx = f"CASE WHEN e.prec = 'country' THEN 0 ELSE {_GX} END"
            gy = f"CASE WHEN e.prec = 'country' THEN 0 ELSE {_GY} END"
            sql = (
                f"SELECT count(*) AS n, avg(e.lat), avg(e.lon), mode(e.type), min(e.event_id), min(e.trigger),"
                f" min(e.location_name), min(CAST({EVENT_DAY} AS VARCHAR)), histogram(e.type),"
                f" min(e.lon), min(e.lat), max(e.lon), max(e.lat), {pclass}, any_value(e.prec), any_value(e.country)"
                f" FROM ({inner}) e GROUP BY {pclass}, CASE WHEN e.prec = 'country' THEN e.country END, {gx}, {gy}"
                " ORDER BY n DESC LIMIT ?"
            )
            rows = cur.all(
                sql, [*pparams, *params, world, cell_px, world, cell_px, limit + 1]
            )
        else:
            rows = cur.all(
                f"SELECT 1, e.lat, e.lon, e.type, e.event_id, e.trigger, e.location_name, CAST({EVENT_DAY} AS VARCHAR),"
                f" NULL, e.lon, e.lat, e.lon, e.lat, e.prec, e.prec, e.country FROM ({inner}) e"
                f" ORDER BY {EVENT_SORT} LIMIT ?",
                [*pparams, *params, limit + 1],
            )
    return json_response(
        {
            "type": "FeatureCollection",
            "features": [_cluster_feature(r) for r in rows[:limit]],
            "total": total,
            "clustered": cluster,
            "truncated": len(rows) > limit,
            "zoom": zoom,
        }
    )


def _cluster_feature(r: tuple[Any, ...]) -> dict[str, Any]:
    n, lat, lon, typ, event_id, trigger, place, day, hist, minlon, minlat, maxlon, maxlat = r[:13]
    pclass, prec, country = r[13:16]
    props: dict[str, Any] = {"count": int(n), "type": typ, "precision": prec if n == 1 else pclass}
    if pclass == "country":
        props["country"] = country
        props["location_name"] = place
    if n == 1:
        props.update(
            cluster=False, event_id=event_id, trigger=trigger, location_name=place, date=day
        )
    else:
        types = dict(hist) if hist else {}
        props.update(
            cluster=True,
            types=dict(sorted(((str(k), int(v)) for k, v in types.items()), key=lambda kv: -kv[1])),
            bbox=[minlon, minlat, maxlon, maxlat],
        )
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": props,
    }
