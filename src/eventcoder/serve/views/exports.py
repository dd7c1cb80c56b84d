"""``GET /api/export.csv`` and ``GET /api/export.geojson``: the filtered events as files.

Both stream from their own cursor while the response is written (up to 100,000 rows), with
a longer time limit than the interactive endpoints; the CSV has the columns of
``eventcoder export --to csv`` (``store.FLAT_FIELDS``) so the two exports agree.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from ...store import FLAT_FIELDS, flatten
from ..db import Database
from ..params import Db, Filter
from ..query import EVENT_SORT, EventFilter
from ..responses import loads, to_json

router = APIRouter()

#: most rows of one export
MAX_EXPORT_ROWS = 100_000
#: seconds an export query may run (a whole file, not one page)
EXPORT_TIMEOUT = 120.0
#: rows per streamed chunk
_CHUNK = 500


@router.get(
    "/api/export.csv",
    tags=["export"],
    summary="The filtered events as CSV (the columns of `eventcoder export --to csv`)",
    responses={
        200: {
            "content": {"text/csv": {"schema": {"type": "string"}}},
            "description": "CSV file",
        }
    },
)
def export_csv(
    db: Db,
    f: Filter,
    limit: Annotated[
        int, Query(ge=1, le=MAX_EXPORT_ROWS, description="Most rows")
    ] = MAX_EXPORT_ROWS,
) -> StreamingResponse:
    return StreamingResponse(
        _csv_chunks(_export_rows(db, f, limit)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="events.csv"'},
    )


@router.get(
    "/api/export.geojson",
    tags=["export"],
    summary="The filtered events with coordinates as a GeoJSON FeatureCollection (no clustering)",
    responses={
        200: {
            "content": {"application/geo+json": {"schema": {"type": "object"}}},
            "description": "GeoJSON",
        }
    },
)
def export_geojson(
    db: Db,
    f: Filter,
    limit: Annotated[
        int, Query(ge=1, le=MAX_EXPORT_ROWS, description="Most features")
    ] = MAX_EXPORT_ROWS,
) -> StreamingResponse:
    return StreamingResponse(
        _geojson_chunks(_export_rows(db, f, limit, located=True)),
        media_type="application/geo+json",
        headers={"Content-Disposition": 'attachment; filename="events.geojson"'},
    )


def _export_rows(
    db: Database, f: EventFilter, limit: int, located: bool = False
) -> Iterator[tuple[Any, ...]]:
    """Rows of an export, streamed in chunks from their own cursor while the response is written."""
    params: list[Any] = []
    where = f.where(params)
    if located:
        where += " AND e.lat IS NOT NULL AND e.lon IS NOT NULL"
    sql = f"SELECT e.record FROM events e WHERE {where} ORDER BY {EVENT_SORT} LIMIT ?"
    params.append(limit)
    with db.cursor() as cur:
        cur.timeout = max(cur.timeout, EXPORT_TIMEOUT)
        yield from cur.stream(sql, params)


def _csv_chunks(rows: Iterator[tuple[Any, ...]]) -> Iterator[str]:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FLAT_FIELDS)
    w.writeheader()
    n = 0
    for (rec,) in rows:
        w.writerow(flatten(loads(rec, {})))
        n += 1
        if n % _CHUNK == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _geojson_chunks(rows: Iterator[tuple[Any, ...]]) -> Iterator[str]:
    yield '{"type":"FeatureCollection","features":['
    first = True
    buf: list[str] = []
    for (rec,) in rows:
        r = loads(rec, {})
        loc = r.get("location") or {}
        props = flatten(r)
        props.pop("lat", None)
        props.pop("lon", None)
        feat = {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [loc.get("lon"), loc.get("lat")]},
            "properties": props,
        }
        buf.append(("" if first else ",") + to_json(feat))
        first = False
        if len(buf) >= _CHUNK:
            yield "".join(buf)
            buf.clear()
    yield "".join(buf) + "]}\n"
