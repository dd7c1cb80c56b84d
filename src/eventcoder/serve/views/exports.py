"""``GET /api/export.{csv,geojson,acled.csv,parquet}``: the filtered events as files.

They stream from their own cursor while the response is written (up to 100,000 rows), with
a longer time limit than the interactive endpoints; the CSV has the columns of
``eventcoder export --to csv`` (``store.FLAT_FIELDS``, with the outlet, publication date,
title and url of each event's article) so the two exports agree. Each file is named after
the filter that made it (``events_actor-ISIL_type-ASSAULT.csv``).
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterator
from itertools import groupby
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from ...store import ACLED_FIELDS, FLAT_FIELDS, flatten, to_acled
from ..db import Database
from ..params import Db, Filter
from ..query import EVENT_SORT, EventFilter
from ..responses import article_ref, loads, to_json

router = APIRouter()

#: most rows of one export
MAX_EXPORT_ROWS = 100_000
#: seconds an export query may run (a whole file, not one page)
EXPORT_TIMEOUT = 120.0
#: rows per streamed chunk
_CHUNK = 500

Rows = Annotated[int, Query(ge=1, le=MAX_EXPORT_ROWS, description="Most rows")]
Features = Annotated[int, Query(ge=1, le=MAX_EXPORT_ROWS, description="Most features")]
EventsRead = Annotated[int, Query(ge=1, le=MAX_EXPORT_ROWS, description="Most events read")]


def _file(media: str, description: str, schema: str = "string") -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of an endpoint that answers with one file."""
    return {200: {"content": {media: {"schema": {"type": schema}}}, "description": description}}


@router.get(
    "/api/export.csv",
    tags=["export"],
    summary="The filtered events as CSV (the columns of `eventcoder export --to csv`)",
    responses=_file("text/csv", "CSV file"),
)
def export_csv(
    request: Request,
    db: Db,
    f: Filter,
    limit: Rows = MAX_EXPORT_ROWS,
) -> StreamingResponse:
    return StreamingResponse(
        _csv_chunks(_export_rows(db, f, limit)),
        media_type="text/csv; charset=utf-8",
        headers=_attachment(request, "csv"),
    )


@router.get(
    "/api/export.geojson",
    tags=["export"],
    summary="The filtered events with coordinates as a GeoJSON FeatureCollection (no clustering)",
    responses=_file("application/geo+json", "GeoJSON", "object"),
)
def export_geojson(
    request: Request,
    db: Db,
    f: Filter,
    limit: Features = MAX_EXPORT_ROWS,
) -> StreamingResponse:
    return StreamingResponse(
        _geojson_chunks(_export_rows(db, f, limit, located=True)),
        media_type="application/geo+json",
        headers=_attachment(request, "geojson"),
    )


@router.get(
    "/api/export.acled.csv",
    tags=["export"],
    summary="The filtered events in ACLED's columns, one row per happening (as `export --to acled-csv`)",
    responses=_file("text/csv", "CSV file"),
)
def export_acled(
    request: Request,
    db: Db,
    f: Filter,
    limit: EventsRead = MAX_EXPORT_ROWS,
) -> StreamingResponse:
    return StreamingResponse(
        _acled_chunks(_export_rows(db, f, limit, by_article=True)),
        media_type="text/csv; charset=utf-8",
        headers=_attachment(request, "acled.csv"),
    )


@router.get(
    "/api/export.parquet",
    tags=["export"],
    summary="The filtered events as Parquet (the flat columns of the events table and the article's)",
    responses=_file("application/vnd.apache.parquet", "Parquet file"),
)
def export_parquet(
    request: Request,
    db: Db,
    f: Filter,
    limit: Rows = MAX_EXPORT_ROWS,
) -> Response:
    import pyarrow.parquet as pq

    params: list[Any] = []
    where = f.where(params)
    sql = (
        "SELECT e.* EXCLUDE (record, run_id), a.source AS outlet, a.title, a.url FROM events e"
        f" LEFT JOIN articles a ON a.id = e.article_id WHERE {where} ORDER BY {EVENT_SORT} LIMIT ?"
    )
    with db.cursor() as cur, warnings.catch_warnings():
        # DuckDB warns that a cursor's Arrow output copies the rows: at most 100,000 of them
        warnings.simplefilter("ignore", UserWarning)
        cur.timeout = max(cur.timeout, EXPORT_TIMEOUT)
        table = cur._run(sql, [*params, limit], "result").to_arrow_reader().read_all()
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return Response(
        buf.getvalue(),
        media_type="application/vnd.apache.parquet",
        headers=_attachment(request, "parquet"),
    )


#: query parameters that do not say what was exported
_NOT_IN_NAME = {"limit", "cursor", "zoom", "view", "event"}


def _attachment(request: Request, ext: str) -> dict[str, str]:
    """Content-Disposition naming the file after the filter: events_type-ASSAULT_actor-ISIL.csv."""
    parts = []
    for k, v in request.query_params.multi_items():
        if k in _NOT_IN_NAME or not v:
            continue
        if k == "count_by":  # one row per real-world event, or the default (every mention)
            if v == "clusters":
                parts.append("real-world-events")
            continue
        k = {"date_from": "from", "date_to": "to"}.get(k, k)
        parts.append(f"{k}-{v}")
    name = re.sub(r"[^A-Za-z0-9.,-]+", "_", "_".join(["events", *parts])).strip("_")[:150]
    return {"Content-Disposition": f'attachment; filename="{name}.{ext}"'}


def _export_rows(
    db: Database, f: EventFilter, limit: int, located: bool = False, by_article: bool = False
) -> Iterator[tuple[Any, ...]]:
    """Records of an export with their article (provenance), streamed in chunks from their
    own cursor while the response is written."""
    params: list[Any] = []
    where = f.where(params)
    if located:
        where += " AND e.lat IS NOT NULL AND e.lon IS NOT NULL"
    order = f"e.article_id, {EVENT_SORT}" if by_article else EVENT_SORT
    sql = (
        "SELECT e.record, a.id, a.title, a.source, a.published, a.url FROM events e"
        f" LEFT JOIN articles a ON a.id = e.article_id WHERE {where} ORDER BY {order} LIMIT ?"
    )
    params.append(limit)
    with db.cursor() as cur:
        cur.timeout = max(cur.timeout, EXPORT_TIMEOUT)
        for row in cur.stream(sql, params):
            rec = loads(row[0], {})
            rec["article"] = article_ref(rec.get("article_id") or row[1], *row[2:6])
            yield (rec,)


def _csv_chunks(rows: Iterator[tuple[Any, ...]]) -> Iterator[str]:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FLAT_FIELDS)
    w.writeheader()
    n = 0
    for (rec,) in rows:
        w.writerow(flatten(rec))
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
    for (r,) in rows:
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


def _acled_chunks(rows: Iterator[tuple[Any, ...]]) -> Iterator[str]:
    """ACLED rows: per article, one per happening (``acled.acled_report``, what eval scores)."""
    from ...acled import acled_report

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=ACLED_FIELDS)
    w.writeheader()
    for _aid, recs in groupby((r for (r,) in rows), key=lambda r: r.get("article_id")):
        recs = list(recs)
        source = (recs[0].get("article") or {}).get("source")
        for r in acled_report(recs):
            w.writerow(to_acled(r, source))
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()
