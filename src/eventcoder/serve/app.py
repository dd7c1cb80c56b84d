"""The FastAPI application of ``eventcoder serve``: JSON API, offline /docs, web explorer."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from swagger_ui_bundle import swagger_ui_path

from ..records import PLOVER_TYPES
from ..store import FLAT_FIELDS, flatten
from . import models
from .db import Database, QueryTimeout
from .query import (
    EVENT_DAY,
    EVENT_SORT,
    EVENT_SORT_COLS,
    BadRequest,
    Bbox,
    EventFilter,
    decode_cursor,
    encode_cursor,
)

STATIC = Path(__file__).parent / "static"
MAX_LIMIT = 500
MAX_EXPORT_ROWS = 100_000
MAX_FEATURES = 5_000
MAX_INGEST_BYTES = 1_000_000
EXPORT_TIMEOUT = 120.0
FACET_LIMIT = 200
TIMELINE_LIMIT = 5_000
TOKEN_ENV = "EVENTCODER_INGEST_TOKEN"

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "model": models.Error,
        "description": "A parameter makes no sense (bad bbox, bad cursor)",
    },
    422: {"model": models.Error, "description": "A parameter failed validation"},
    503: {"model": models.Error, "description": "The query took too long and was stopped"},
}
NOT_FOUND = {404: {"model": models.Error, "description": "No such record"}}

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; font-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# Swagger UI's page (FastAPI's get_swagger_ui_html) starts the bundle with an inline script.
CSP_DOCS = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("eventcoder")
    except Exception:  # not installed (running from a checkout)
        return "0.0.0"


def error_response(
    status: int, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"ok": False, "error": message, "status": status}, status_code=status, headers=headers
    )


def _json(obj: Any, status: int = 200) -> Response:
    body = json.dumps(obj, ensure_ascii=False, default=_default, separators=(",", ":"))
    return Response(body, status_code=status, media_type="application/json")


def _default(o: Any) -> Any:
    if isinstance(o, date):
        return o.isoformat()
    return str(o)


def _iso(d: Any) -> str | None:
    return d.isoformat() if isinstance(d, date) else (str(d) if d is not None else None)


def _loads(s: Any, default: Any) -> Any:
    if s is None:
        return default
    try:
        return json.loads(s)
    except (TypeError, ValueError):
        return default


# -- parameters ----------------------------------------------------------------------------
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


# -- the application -------------------------------------------------------------------------
def create_app(
    db_path: str,
    allow_ingest: bool = False,
    ingest_token: str | None = None,
    timeout: float = 10.0,
) -> FastAPI:
    """The API and explorer over the eventcoder database at ``db_path``.

    Read-only unless ``allow_ingest``; then ``POST /api/ingest`` codes articles into the
    database and needs ``Authorization: Bearer <token>`` (``ingest_token`` or the
    ``EVENTCODER_INGEST_TOKEN`` environment variable; ingest refuses to start without one).
    """
    if allow_ingest:
        ingest_token = ingest_token or os.environ.get(TOKEN_ENV) or None
        if not ingest_token:
            raise ValueError(f"--allow-ingest needs a token: set {TOKEN_ENV}")
    db = Database(db_path, writable=allow_ingest, timeout=timeout)

    app = FastAPI(
        title="eventcoder API",
        version=_version(),
        description=(
            "Events coded by eventcoder from news articles: who did what to whom, where, when, "
            "according to whom. Read-only unless the server was started with --allow-ingest. "
            'Every error answers `{"ok": false, "error": "...", "status": N}`.'
        ),
        docs_url=None,
        redoc_url=None,
        responses=ERRORS,
    )
    app.state.db = db
    app.state.allow_ingest = allow_ingest

    _install_error_handlers(app)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        path = request.url.path
        response.headers.setdefault("Content-Security-Policy", CSP_DOCS if path == "/docs" else CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    # -- pages ----------------------------------------------------------------------------
    # Swagger UI's files come from the swagger-ui-bundle-v2 wheel, not a copy of ours
    # (mounted before /static, which would otherwise take the path)
    app.mount(
        "/static/swagger-ui",
        StaticFiles(directory=str(swagger_ui_path)),
        name="swagger-ui",
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="eventcoder API",
            swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/swagger-ui/favicon-32x32.png",
        )

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")

    # -- API ------------------------------------------------------------------------------
    @app.get(
        "/api/health",
        response_model=models.Health,
        tags=["meta"],
        summary="Server and database status",
    )
    def health() -> Response:
        with db.cursor() as cur:
            counts = {
                t: int(cur.one(f"SELECT count(*) FROM {t}")[0])  # noqa: S608 - fixed table names
                for t in ("articles", "events", "places")
            }
        return _json(
            {
                "ok": True,
                "version": _version(),
                "database": os.path.basename(db.path),
                "read_only": not db.writable,
                "ingest": allow_ingest,
                "counts": counts,
            }
        )

    @app.get(
        "/api/events",
        response_model=models.EventPage,
        tags=["events"],
        summary="Events matching a filter, one page at a time",
    )
    def list_events(
        f: Filter,
        limit: Annotated[
            int, Query(ge=1, le=MAX_LIMIT, description=f"Page size (1..{MAX_LIMIT})")
        ] = 50,
        cursor: Annotated[
            str | None, Query(max_length=2000, description="next_cursor of the previous page")
        ] = None,
        order: Annotated[
            str,
            Query(pattern="^(asc|desc)$", description="By event day: asc (oldest first) or desc"),
        ] = "asc",
    ) -> Response:
        params: list[Any] = []
        where = f.where(params)
        count_params = list(params)
        kind = f"events:{order}"
        if cursor:
            day, art_id, start, ev_id = _event_cursor(decode_cursor(kind, cursor))
            where += f" AND ({EVENT_SORT}) {'>' if order == 'asc' else '<'} (?, ?, ?, ?)"
            params += [day, art_id, start, ev_id]
        direction = "ASC" if order == "asc" else "DESC"
        sort = ", ".join(f"{k} {direction}" for k in EVENT_SORT_COLS)
        # Two steps: sort the narrow key columns, then fetch the wide records of one page.
        keys_sql = (
            f"SELECT e.rowid, {EVENT_SORT} FROM events e WHERE {where} ORDER BY {sort} LIMIT ?"
        )
        params.append(limit + 1)
        with db.cursor() as cur:
            keys = cur.all(keys_sql, params)
            page = keys[:limit]
            rows = (
                cur.all(
                    "SELECT e.rowid, e.record, a.title, a.source, a.published, a.url FROM events e"
                    " JOIN (SELECT unnest(?) AS r) x ON x.r = e.rowid LEFT JOIN articles a ON a.id = e.article_id"
                    " LIMIT ?",
                    [[k[0] for k in page], len(page)],
                )
                if page
                else []
            )
            total = int(
                cur.one(f"SELECT count(*) FROM events e WHERE {f.where([])}", count_params)[0]
            )
        by_rowid = {r[0]: r for r in rows}
        items = [_event_item(*by_rowid[k[0]][1:]) for k in page if k[0] in by_rowid]
        nxt = None
        if len(keys) > limit:
            last = page[-1]
            nxt = encode_cursor(kind, json.dumps([_iso(last[1]), last[2], last[3], last[4]]))
        return _json({"ok": True, "total": total, "items": items, "next_cursor": nxt})

    @app.get(
        "/api/events/{event_id}",
        response_model=models.EventDetail,
        responses=NOT_FOUND,
        tags=["events"],
        summary="One event with its provenance (sentence, spans, article)",
    )
    def get_event(event_id: Annotated[str, PathParam(max_length=200)]) -> Response:
        with db.cursor() as cur:
            row = cur.one(
                "SELECT e.record, a.id, a.title, a.source, a.published, a.url FROM events e"
                " LEFT JOIN articles a ON a.id = e.article_id WHERE e.event_id = ? LIMIT 1",
                [event_id],
            )
        if row is None:
            raise StarletteHTTPException(404, f"no event with id '{event_id[:80]}'")
        rec = _loads(row[0], {})
        article = {
            "id": rec.get("article_id") or row[1],
            "title": row[2],
            "source": row[3],
            "published": _iso(row[4]),
            "url": row[5],
        }
        rec["article"] = article
        return _json({"ok": True, "event": rec, "article": article, "spans": event_spans(rec)})

    @app.get(
        "/api/articles",
        response_model=models.ArticlePage,
        tags=["articles"],
        summary="Articles, one page at a time (ordered by id)",
    )
    def list_articles(
        source: Str200 = None,
        q: Annotated[
            str | None, Query(max_length=200, description="Text that the title contains")
        ] = None,
        status: Annotated[str | None, Query(pattern="^(coded|skipped)$")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
        cursor: Annotated[str | None, Query(max_length=2000)] = None,
    ) -> Response:
        cond, params = ["TRUE"], []
        if source:
            cond.append("lower(source) = lower(?)")
            params.append(source)
        if q:
            cond.append("strpos(lower(coalesce(title, '')), lower(?)) > 0")
            params.append(q)
        if status:
            cond.append("status = ?")
            params.append(status)
        count_params = list(params)
        count_where = " AND ".join(cond)
        if cursor:
            cond.append("id > ?")
            params.append(decode_cursor("articles", cursor))
        sql = (
            "SELECT id, status, skip_reason, title, source, published, url, language, tags, countries, n_events,"
            " json_array_length(coalesce(warnings, '[]')) FROM articles WHERE "
            + " AND ".join(cond)
            + " ORDER BY id LIMIT ?"
        )
        params.append(limit + 1)
        with db.cursor() as cur:
            rows = cur.all(sql, params)
            total = int(
                cur.one("SELECT count(*) FROM articles WHERE " + count_where, count_params)[0]
            )
        items = [_article_summary(r) for r in rows[:limit]]
        nxt = encode_cursor("articles", rows[limit - 1][0]) if len(rows) > limit else None
        return _json({"ok": True, "total": total, "items": items, "next_cursor": nxt})

    @app.get(
        "/api/articles/{article_id}",
        response_model=models.ArticleDetail,
        responses=NOT_FOUND,
        tags=["articles"],
        summary="One article: cleaned text, captions, removed debris, warnings, its events and places",
    )
    def get_article(article_id: Annotated[str, PathParam(max_length=200)]) -> Response:
        with db.cursor() as cur:
            row = cur.one(
                "SELECT id, status, skip_reason, title, source, published, url, language, tags, countries, n_events,"
                " json_array_length(coalesce(warnings, '[]')), text, captions, caption_spans, removed, warnings,"
                " region, origin FROM articles WHERE id = ? LIMIT 1",
                [article_id],
            )
            if row is None:
                raise StarletteHTTPException(404, f"no article with id '{article_id[:80]}'")
            events = cur.all(
                "SELECT record FROM events WHERE article_id = ? ORDER BY start_char, event_id LIMIT 10000",
                [article_id],
            )
            places = cur.all(
                "SELECT start_char, end_char, text, name, geonameid, lat, lon, country, admin1, feature, score, role"
                " FROM places WHERE article_id = ? ORDER BY start_char LIMIT 10000",
                [article_id],
            )
        art = _article_summary(row[:12])
        art.update(
            text=row[12],
            captions=_loads(row[13], []),
            caption_spans=_loads(row[14], []),
            removed=_loads(row[15], []),
            warnings=_loads(row[16], []),
            region=row[17],
            origin=row[18],
        )
        ref = {
            "id": art["id"],
            "title": art["title"],
            "source": art["source"],
            "published": art["published"],
            "url": art["url"],
        }
        evs = []
        for (rec,) in events:
            d = _loads(rec, {})
            d["article"] = ref
            evs.append(d)
        keys = (
            "start",
            "end",
            "text",
            "name",
            "geonameid",
            "lat",
            "lon",
            "country",
            "admin1",
            "feature",
            "score",
            "role",
        )
        return _json(
            {
                "ok": True,
                "article": art,
                "events": evs,
                "places": [dict(zip(keys, p, strict=True)) for p in places],
            }
        )

    @app.get(
        "/api/facets",
        response_model=models.Facets,
        tags=["events"],
        summary="Counts by type, country, ACLED type, source and day for a filter",
    )
    def facets(
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
            for key, column, skip in (
                ("types", "e.type", "types"),
                ("countries", "e.country", "country"),
                ("acled_event_types", "e.acled_event_type", "acled_event_type"),
                ("sources", "e.article_source", "source"),
            ):
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
                span = cur.one(
                    f"SELECT min({EVENT_DAY}), max({EVENT_DAY}) FROM events e WHERE {w}", p
                )
                days = (span[1] - span[0]).days if span and span[0] and span[1] else 0
                interval = "day" if days <= 1500 else ("week" if days <= 7 * 1500 else "month")
            rows = cur.all(
                f"SELECT CAST(date_trunc('{interval}', {EVENT_DAY}) AS DATE) AS d, count(*) FROM events e"
                f" WHERE {w} AND {EVENT_DAY} IS NOT NULL GROUP BY d ORDER BY d LIMIT ?",
                [*p, TIMELINE_LIMIT],
            )
            out["interval"] = interval
            out["timeline"] = [{"date": _iso(d), "count": int(n)} for d, n in rows]
        return _json(out)

    @app.get(
        "/api/events.geojson",
        response_model=models.FeatureCollection,
        tags=["map"],
        summary="Events for the map, clustered on a screen grid at the given zoom",
    )
    def events_geojson(
        f: Filter,
        zoom: Annotated[
            int, Query(ge=0, le=22, description="Map zoom (web-mercator tile zoom)")
        ] = 2,
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
            total = int(cur.one(f"SELECT count(*) FROM events e WHERE {where}", params)[0])
            if cluster:
                lat = "greatest(least(e.lat, 85.05112878), -85.05112878)"
                gx = "floor((e.lon + 180.0) / 360.0 * ? / ?)"
                gy = f"floor((1.0 - ln(tan(radians({lat})) + 1.0 / cos(radians({lat}))) / pi()) / 2.0 * ? / ?)"
                sql = (
                    f"SELECT count(*) AS n, avg(e.lat), avg(e.lon), mode(e.type), min(e.event_id), min(e.trigger),"
                    f" min(e.location_name), min(CAST({EVENT_DAY} AS VARCHAR)), histogram(e.type),"
                    f" min(e.lon), min(e.lat), max(e.lon), max(e.lat)"
                    f" FROM events e WHERE {where} GROUP BY {gx}, {gy} ORDER BY n DESC LIMIT ?"
                )
                rows = cur.all(sql, [*params, world, cell_px, world, cell_px, limit + 1])
                feats = [_cluster_feature(r) for r in rows[:limit]]
            else:
                rows = cur.all(
                    f"SELECT 1, e.lat, e.lon, e.type, e.event_id, e.trigger, e.location_name, CAST({EVENT_DAY} AS VARCHAR),"
                    f" NULL, e.lon, e.lat, e.lon, e.lat FROM events e WHERE {where} ORDER BY {EVENT_SORT} LIMIT ?",
                    [*params, limit + 1],
                )
                feats = [_cluster_feature(r) for r in rows[:limit]]
        return _json(
            {
                "type": "FeatureCollection",
                "features": feats,
                "total": total,
                "clustered": cluster,
                "truncated": len(rows) > limit,
                "zoom": zoom,
            }
        )

    @app.get(
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
        f: Filter,
        limit: Annotated[
            int, Query(ge=1, le=MAX_EXPORT_ROWS, description="Most rows")
        ] = MAX_EXPORT_ROWS,
    ) -> StreamingResponse:
        rows = _export_rows(db, f, limit)

        def gen() -> Iterator[str]:
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=FLAT_FIELDS)
            w.writeheader()
            n = 0
            for (rec,) in rows:
                w.writerow(flatten(_loads(rec, {})))
                n += 1
                if n % 500 == 0:
                    yield buf.getvalue()
                    buf.seek(0)
                    buf.truncate()
            yield buf.getvalue()

        return StreamingResponse(
            gen(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="events.csv"'},
        )

    @app.get(
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
        f: Filter,
        limit: Annotated[
            int, Query(ge=1, le=MAX_EXPORT_ROWS, description="Most features")
        ] = MAX_EXPORT_ROWS,
    ) -> StreamingResponse:
        rows = _export_rows(db, f, limit, located=True)

        def gen() -> Iterator[str]:
            yield '{"type":"FeatureCollection","features":['
            first = True
            buf: list[str] = []
            for (rec,) in rows:
                r = _loads(rec, {})
                loc = r.get("location") or {}
                props = flatten(r)
                props.pop("lat", None)
                props.pop("lon", None)
                feat = {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [loc.get("lon"), loc.get("lat")]},
                    "properties": props,
                }
                buf.append(
                    ("" if first else ",") + json.dumps(feat, ensure_ascii=False, default=_default)
                )
                first = False
                if len(buf) >= 500:
                    yield "".join(buf)
                    buf.clear()
            yield "".join(buf) + "]}\n"

        return StreamingResponse(
            gen(),
            media_type="application/geo+json",
            headers={"Content-Disposition": 'attachment; filename="events.geojson"'},
        )

    from .ingest import install_ingest

    install_ingest(app, db, allow_ingest, ingest_token)
    return app


# -- helpers ---
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


def _event_cursor(key: str) -> tuple[date, str, int, str]:
    try:
        day, art_id, start, ev_id = json.loads(key)
        if not (isinstance(art_id, str) and isinstance(start, int) and isinstance(ev_id, str)):
            raise ValueError
        return date.fromisoformat(day), art_id, start, ev_id
    except (ValueError, TypeError):
        raise BadRequest("cursor is not valid: pass the next_cursor of a previous page") from None


def _event_item(record: Any, title: Any, source: Any, published: Any, url: Any) -> dict[str, Any]:
    d = _loads(record, {})
    d["article"] = {
        "id": d.get("article_id"),
        "title": title,
        "source": source,
        "published": _iso(published),
        "url": url,
    }
    return d


def _article_summary(r: tuple[Any, ...]) -> dict[str, Any]:
    return {
        "id": r[0],
        "status": r[1],
        "skip_reason": r[2],
        "title": r[3],
        "source": r[4],
        "published": _iso(r[5]),
        "url": r[6],
        "language": r[7],
        "tags": _loads(r[8], []),
        "countries": _loads(r[9], []),
        "n_events": r[10],
        "n_warnings": int(r[11] or 0),
    }


def _cluster_feature(r: tuple[Any, ...]) -> dict[str, Any]:
    n, lat, lon, typ, event_id, trigger, place, day, hist, minlon, minlat, maxlon, maxlat = r
    props: dict[str, Any] = {"count": int(n), "type": typ}
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


def event_spans(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """The provenance spans of an event record, on the article's cleaned text."""
    out: list[dict[str, Any]] = []

    def add(role: str, d: dict[str, Any] | None) -> None:
        if d and isinstance(d.get("start"), int) and isinstance(d.get("end"), int):
            out.append({"role": role, "text": d.get("text"), "start": d["start"], "end": d["end"]})

    add("trigger", rec.get("trigger"))
    add("source_actor", rec.get("source_actor"))
    add("target_actor", rec.get("target_actor"))
    add("location", rec.get("location"))
    add("date", rec.get("date"))
    for a in rec.get("reported_by") or []:
        add("reported_by", a)
    return out


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        msg = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail, default=str)
        if exc.status_code == 404 and msg == "Not Found":
            msg = f"no such path: {request.url.path[:200]}"
        return error_response(exc.status_code, msg, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for e in exc.errors()[:5]:
            loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body", "header")]
            parts.append(f"{'.'.join(loc) or 'request'}: {e.get('msg', 'invalid')}")
        return error_response(422, "invalid parameter: " + "; ".join(parts))

    @app.exception_handler(BadRequest)
    async def bad_request(request: Request, exc: BadRequest) -> JSONResponse:
        return error_response(400, str(exc))

    @app.exception_handler(QueryTimeout)
    async def timeout(request: Request, exc: QueryTimeout) -> JSONResponse:
        return error_response(503, f"{exc}; narrow the filter")

    @app.exception_handler(duckdb.Error)
    async def db_error(request: Request, exc: duckdb.Error) -> JSONResponse:
        if isinstance(
            exc,
            duckdb.ConversionException | duckdb.OutOfRangeException | duckdb.InvalidInputException,
        ):
            return error_response(400, f"cannot run this query: {str(exc).splitlines()[0][:200]}")
        return error_response(500, "database error")

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> JSONResponse:
        return error_response(500, "internal error")
