"""``GET /api/articles`` (paginated by id) and ``GET /api/articles/{article_id}`` (the article
as coded: cleaned text, captions, removed debris, warnings, its events and places)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi import Path as PathParam
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import models
from ..errors import NOT_FOUND
from ..params import MAX_LIMIT, Db, Str200
from ..query import decode_cursor, encode_cursor
from ..responses import article_ref, iso, json_response, loads

router = APIRouter()

_SUMMARY_COLUMNS = (
    "id, status, skip_reason, title, source, published, url, language, tags, countries, n_events,"
    " json_array_length(coalesce(warnings, '[]'))"
)
_PLACE_KEYS = ("start", "end", "text", "name", "geonameid", "lat", "lon", "country", "admin1",
               "feature", "score", "role")  # fmt: skip


@router.get(
    "/api/articles",
    response_model=models.ArticlePage,
    tags=["articles"],
    summary="Articles, one page at a time (ordered by id)",
)
def list_articles(
    db: Db,
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
    sql = f"SELECT {_SUMMARY_COLUMNS} FROM articles WHERE {' AND '.join(cond)} ORDER BY id LIMIT ?"
    params.append(limit + 1)
    with db.cursor() as cur:
        rows = cur.all(sql, params)
        total = int(cur.one("SELECT count(*) FROM articles WHERE " + count_where, count_params)[0])
    items = [_article_summary(r) for r in rows[:limit]]
    nxt = encode_cursor("articles", rows[limit - 1][0]) if len(rows) > limit else None
    return json_response({"ok": True, "total": total, "items": items, "next_cursor": nxt})


@router.get(
    "/api/articles/{article_id}",
    response_model=models.ArticleDetail,
    responses=NOT_FOUND,
    tags=["articles"],
    summary="One article: cleaned text, captions, removed debris, warnings, its events and places",
)
def get_article(db: Db, article_id: Annotated[str, PathParam(max_length=200)]) -> Response:
    with db.cursor() as cur:
        row = cur.one(
            f"SELECT {_SUMMARY_COLUMNS}, text, captions, caption_spans, removed, warnings,"
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
        captions=loads(row[13], []),
        caption_spans=loads(row[14], []),
        removed=loads(row[15], []),
        warnings=loads(row[16], []),
        region=row[17],
        origin=row[18],
    )
    ref = article_ref(art["id"], art["title"], art["source"], art["published"], art["url"])
    evs = []
    for (rec,) in events:
        d = loads(rec, {})
        d["article"] = ref
        evs.append(d)
    return json_response(
        {
            "ok": True,
            "article": art,
            "events": evs,
            "places": [dict(zip(_PLACE_KEYS, p, strict=True)) for p in places],
        }
    )


def _article_summary(r: tuple[Any, ...]) -> dict[str, Any]:
    return {
        "id": r[0],
        "status": r[1],
        "skip_reason": r[2],
        "title": r[3],
        "source": r[4],
        "published": iso(r[5]),
        "url": r[6],
        "language": r[7],
        "tags": loads(r[8], []),
        "countries": loads(r[9], []),
        "n_events": r[10],
        "n_warnings": int(r[11] or 0),
    }
