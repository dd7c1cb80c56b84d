"""``GET /api/clusters`` (most corroborated first) and ``GET /api/clusters/{cluster_id}``
(one real-world event: merged fields with agreement, every source, the disagreements with
who said what, and its events). The tables are written by ``eventcoder clusters --db FILE``;
an unclustered database answers an empty list, not an error."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi import Path as PathParam
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import NOT_FOUND
from ..params import MAX_LIMIT, Db
from ..responses import json_response, loads

router = APIRouter()


def _has_tables(cur: object) -> bool:
    row = cur.one("SELECT count(*) FROM information_schema.tables WHERE table_name = 'clusters'")  # type: ignore[attr-defined]
    return bool(row and row[0])


@router.get("/api/clusters", tags=["clusters"], summary="Event clusters (one real-world event each), most corroborated first")
def list_clusters(
    db: Db,
    type: Annotated[str | None, Query(max_length=40, description="PLOVER type of the cluster")] = None,
    contradicted: Annotated[bool | None, Query(description="only clusters with (or without) a disagreement")] = None,
    min_sources: Annotated[int, Query(ge=1, le=10_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    cond, params = ["independent_sources >= ?"], [min_sources]
    if type:
        cond.append("type = ?")
        params.append(type.upper())
    if contradicted is not None:
        cond.append("n_contradictions > 0" if contradicted else "n_contradictions = 0")
    with db.cursor() as cur:
        if not _has_tables(cur):
            return json_response({"ok": True, "total": 0, "items": []})
        where = " AND ".join(cond)
        total = int(cur.one(f"SELECT count(*) FROM clusters WHERE {where}", params)[0])
        rows = cur.all(
            f"SELECT record FROM clusters WHERE {where} ORDER BY independent_sources DESC, n_events DESC, cluster_id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    items = []
    for (rec,) in rows:
        d = loads(rec, {})
        d.pop("sources", None)
        items.append(d)
    return json_response({"ok": True, "total": total, "items": items})


@router.get("/api/clusters/{cluster_id}", responses=NOT_FOUND, tags=["clusters"], summary="One cluster: sources, disagreements and events")
def get_cluster(db: Db, cluster_id: Annotated[str, PathParam(max_length=64)]) -> Response:
    with db.cursor() as cur:
        row = cur.one("SELECT record FROM clusters WHERE cluster_id = ? LIMIT 1", [cluster_id]) if _has_tables(cur) else None
        if row is None:
            raise StarletteHTTPException(404, f"no cluster with id '{cluster_id[:64]}'")
        d = loads(row[0], {})
        events = cur.all("SELECT record FROM events WHERE event_id IN (SELECT unnest(?)) ORDER BY published, article_id, start_char LIMIT 10000", [d.get("event_ids", [])])
    d["events"] = [loads(r[0], {}) for r in events]
    return json_response({"ok": True, "cluster": d})
