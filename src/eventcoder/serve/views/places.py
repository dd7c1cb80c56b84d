"""``GET /api/places`` (autocomplete over resolved places and their variants) and
``GET /api/places/labels`` (offline place names for the basemap).

A place is what the geoparser resolved (a GeoNames id, a name, a point, a precision) with
its event count and the spellings seen for it; a query matches the name, those spellings
and every gazetteer name or variant of the same id ("Baghouz" finds Baghuz Fawqani).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from .. import models
from ..catalog import catalog, labels
from ..params import Db
from ..query import BadRequest, Bbox
from ..responses import json_response

router = APIRouter()

#: most labels of one answer
MAX_LABELS = 150


@router.get(
    "/api/places",
    response_model=models.PlaceList,
    tags=["places"],
    summary="Resolved places with counts and spellings, for a place search",
)
def list_places(
    db: Db,
    q: Annotated[
        str | None, Query(max_length=200, description="A place name, variant or its beginning")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="Most places")] = 20,
) -> Response:
    if q is not None and "\x00" in q:
        raise BadRequest("q must not contain NUL characters")
    with db.cursor() as cur:
        cat = catalog(db, cur)
    return json_response({"ok": True, "items": cat.place_list(q, limit)})


@router.get(
    "/api/places/labels",
    response_model=models.LabelList,
    tags=["places"],
    summary="Place names for the basemap (capitals, cities, first-level divisions) in a view",
)
def place_labels(
    view: Annotated[
        str, Query(max_length=200, description="The visible map area, minlon,minlat,maxlon,maxlat")
    ],
    zoom: Annotated[int, Query(ge=0, le=22, description="Map zoom")] = 5,
    limit: Annotated[int, Query(ge=1, le=MAX_LABELS)] = 60,
) -> Response:
    box = Bbox.parse(view, "view")
    # closer zooms show smaller places: a population floor halving with each zoom level
    floor = 0 if zoom >= 9 else 10_000_000 // (4 ** max(0, zoom - 2))
    out: list[dict[str, Any]] = []
    for lb in labels():
        if lb.population < floor and lb.kind != "capital":
            break
        if not (box.minlat <= lb.lat <= box.maxlat):
            continue
        inside = (
            box.minlon <= lb.lon <= box.maxlon
            if box.minlon <= box.maxlon
            else (lb.lon >= box.minlon or lb.lon <= box.maxlon)
        )
        if not inside or (lb.kind == "admin1" and zoom < 6):
            continue
        out.append(
            {"name": lb.name, "lat": lb.lat, "lon": lb.lon, "kind": lb.kind, "population": lb.population}
        )
        if len(out) >= limit:
            break
    return json_response({"ok": True, "items": out})
