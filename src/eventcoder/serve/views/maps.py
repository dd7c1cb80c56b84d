"""``GET /api/events.geojson``: the map layer, events clustered on a screen grid in SQL.

Clustering on the server keeps the answer small (at most ``limit`` features) whatever the
number of events; a cell with one event is a point the explorer can open. Events are
clustered by location precision too: towns and points on the grid, admin-level places on
the grid apart from them, and country-level locations (a country's centroid) as one total
per country, which the explorer draws as a hollow ring, never as a town.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace
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
    box = Bbox.parse(view, "view") if view else None
    world = 256.0 * (2**zoom)
    with db.cursor() as cur:
        cat = catalog(db, cur)
        vparams = list(params)
        vwhere = where + (" AND " + box.sql(vparams) if box else "")
        if f.cluster_fast() and box is None:
            # real-world events of the whole map: located mentions less the located later reports
            mentions = replace(f, count_by="mentions")
            mparams: list[Any] = []
            mwhere = mentions.where(mparams) + " AND e.lat IS NOT NULL AND e.lon IS NOT NULL"
            total = int(cur.one(f"SELECT count(*) FROM events e WHERE {mwhere}", mparams)[0]) - int(
                cur.one("SELECT count(*) FROM serve_clusters WHERE later AND located")[0]
            )
        else:
            total = int(cur.one(f"SELECT count(*) FROM events e WHERE {vwhere}", vparams)[0])
        if cluster and zoom <= CACHE_MAX_ZOOM:
            # the world's cells at this zoom, once per filter: a pan only picks cells
            key = (id(db), cat.n_events, where, repr(params), zoom, cell_px)
            cells = _world_cache.get(key)
            if cells is None:
                cells = _cells(cur, cat, where, params, world, cell_px)
                _world_cache.put(key, cells)
            rows = [c for c in cells if box is None or _inside(box, c[1], c[2])][: limit + 1]
        elif cluster:
            rows = _cells(cur, cat, vwhere, vparams, world, cell_px, limit + 1)
        else:
            pparams: list[Any] = []
            prec = precision_sql(cat.level_tuple(), pparams)
            rows = cur.all(
                f"SELECT 1, e.lat, e.lon, e.type, e.event_id, e.trigger, e.location_name, CAST({EVENT_DAY} AS VARCHAR),"
                f" NULL, e.lon, e.lat, e.lon, e.lat, {prec}, {prec}, e.country FROM events e WHERE {vwhere}"
                f" ORDER BY {EVENT_SORT} LIMIT ?",
                [*pparams, *pparams, *vparams, limit + 1],
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


#: zooms whose whole-world cells are cached per filter (a few thousand cells at most)
CACHE_MAX_ZOOM = 7


class _Lru:
    """A small LRU of computed world cells, keyed by database version, filter and zoom."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self.data: OrderedDict[tuple, list[tuple[Any, ...]]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> list[tuple[Any, ...]] | None:
        with self.lock:
            v = self.data.get(key)
            if v is not None:
                self.data.move_to_end(key)
            return v

    def put(self, key: tuple, value: list[tuple[Any, ...]]) -> None:
        with self.lock:
            self.data[key] = value
            self.data.move_to_end(key)
            while len(self.data) > self.size:
                self.data.popitem(last=False)


_world_cache = _Lru()


def _inside(box: Bbox, lat: float, lon: float) -> bool:
    if not box.minlat <= lat <= box.maxlat:
        return False
    if box.minlon <= box.maxlon:
        return box.minlon <= lon <= box.maxlon
    return lon >= box.minlon or lon <= box.maxlon


def _cells(
    cur: Any, cat: Any, where: str, params: list[Any], world: float, cell_px: int, limit: int | None = None
) -> list[tuple[Any, ...]]:
    """Clusters: events grouped by precision class and screen cell (country totals whole).

    Two levels: (cell, type) first, with sums instead of ``mode``/``histogram`` over a
    million rows, then the cells from those few thousand groups.
    """
    pparams: list[Any] = []
    prec = precision_sql(cat.level_tuple(), pparams)
    pclass = "CASE p.prec WHEN 'country' THEN 'country' WHEN 'point' THEN 'point' ELSE 'admin' END"
    gx = _GX.replace("e.", "p.")
    gy = _GY.replace("e.", "p.")
    sql = (
        f"WITH p AS (SELECT e.lat, e.lon, e.type, e.event_id, e.trigger, e.location_name, e.country,"
        f" {EVENT_DAY} AS day, {prec} AS prec FROM events e WHERE {where}),"
        f" t AS (SELECT {pclass} AS pc, CASE WHEN p.prec = 'country' THEN p.country END AS cc,"
        f" CASE WHEN p.prec = 'country' THEN 0 ELSE {gx} END AS gx,"
        f" CASE WHEN p.prec = 'country' THEN 0 ELSE {gy} END AS gy, p.type,"
        " count(*) AS n, sum(p.lat) AS slat, sum(p.lon) AS slon, min(p.event_id) AS eid,"
        " min(p.trigger) AS trig, min(p.location_name) AS place, min(CAST(p.day AS VARCHAR)) AS day,"
        " min(p.lon) AS w, min(p.lat) AS s, max(p.lon) AS e, max(p.lat) AS nn,"
        " any_value(p.prec) AS prec, any_value(p.country) AS country FROM p GROUP BY ALL)"
        " SELECT sum(n) AS n, sum(slat) / sum(n), sum(slon) / sum(n), arg_max(type, n), min(eid), min(trig),"
        " min(place), min(day), map(list(type), list(n)), min(w), min(s), max(e), max(nn), pc,"
        " any_value(prec), any_value(country) FROM t GROUP BY pc, cc, gx, gy ORDER BY n DESC"
        + (" LIMIT ?" if limit else "")
    )
    args = [*pparams, *params, world, cell_px, world, cell_px]
    return cur.all(sql, [*args, limit] if limit else args)


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
        types = dict(hist) if hist else {}  # a DuckDB MAP arrives as a dict
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
