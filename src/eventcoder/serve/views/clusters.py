"""``GET /api/clusters`` (most corroborated first) and ``GET /api/clusters/{cluster_id}``
(one real-world event: merged fields with agreement, every source with its article, which
sources are independent voices and which repeat one, the syndicated copies that were not
coded, the disagreements with who said what, and its events). The tables are written by
``eventcoder clusters --db FILE``; an unclustered database answers an empty list, not an
error."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi import Path as PathParam
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..db import Cursor
from ..errors import NOT_FOUND
from ..params import MAX_LIMIT, Db, has_cluster_tables
from ..responses import iso, json_response, loads

router = APIRouter()


def cluster_refs(cur: Cursor, event_ids: list[Any]) -> dict[str, dict[str, Any]]:
    """``event_id -> {cluster_id, n_events, n_articles, independent_sources, n_contradictions}``
    for the events that belong to a cluster (the table's "reports" column, the event view's
    link to its cluster); empty when the database was never clustered."""
    ids = [i for i in event_ids if isinstance(i, str)]
    if not ids or not has_cluster_tables(cur):
        return {}
    rows = cur.all(
        "SELECT c.event_id, k.cluster_id, k.n_events, len(CAST(json_extract(k.record, '$.article_ids') AS VARCHAR[])),"
        " k.independent_sources, k.n_contradictions FROM event_clusters c JOIN clusters k ON k.cluster_id = c.cluster_id"
        " WHERE c.event_id IN (" + ",".join("?" * len(ids)) + ") LIMIT ?",
        [*ids, len(ids)],
    )
    return {
        r[0]: {"cluster_id": r[1], "n_events": r[2], "n_articles": r[3], "independent_sources": r[4], "n_contradictions": r[5]}
        for r in rows
    }


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
        if not has_cluster_tables(cur):
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


@router.get("/api/clusters/{cluster_id}", responses=NOT_FOUND, tags=["clusters"], summary="One cluster: sources, copies, disagreements and events")
def get_cluster(db: Db, cluster_id: Annotated[str, PathParam(max_length=64)]) -> Response:
    with db.cursor() as cur:
        row = cur.one("SELECT record FROM clusters WHERE cluster_id = ? LIMIT 1", [cluster_id]) if has_cluster_tables(cur) else None
        if row is None:
            raise StarletteHTTPException(404, f"no cluster with id '{cluster_id[:64]}'")
        d = loads(row[0], {})
        events = cur.all("SELECT record FROM events WHERE event_id IN (SELECT unnest(?)) ORDER BY published, article_id, start_char LIMIT 10000", [d.get("event_ids", [])])
        arts = _articles(cur, d.get("article_ids", []))
        copies = _copies(cur, d.get("article_ids", []))
    d["events"] = [loads(r[0], {}) for r in events]
    d["sources"] = _sources(d.get("sources") or [], arts)
    d["copies"] = copies
    return json_response({"ok": True, "cluster": d})


def _articles(cur: Cursor, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    rows = cur.all(
        "SELECT id, title, source, published, url FROM articles WHERE id IN (" + ",".join("?" * len(ids)) + ") LIMIT ?",
        [*ids, len(ids)],
    )
    return {r[0]: {"title": r[1], "outlet": r[2], "published": iso(r[3]), "url": r[4]} for r in rows}


def _sources(sources: list[dict[str, Any]], arts: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Each source with its article's title and url, and ``independent``: the first report of
    its voice (a later report by the same voice, e.g. one outlet repeating itself, corroborates
    nothing; the cluster's ``independent_sources`` counts the voices)."""
    seen: set[str] = set()
    out = []
    for s in sources:
        a = arts.get(s.get("article_id") or "", {})
        voice = str(s.get("reported_by") or "")
        out.append({**s, "title": a.get("title"), "url": a.get("url"), "independent": voice not in seen})
        seen.add(voice)
    return out


def _copies(cur: Cursor, article_ids: list[str]) -> list[dict[str, Any]]:
    """Syndicated copies of the cluster's articles, never coded (they count for nothing): the
    ones the run skipped as near-duplicates (``meta.duplicate_of``) and the ones clustering
    found after coding (``cluster_articles.duplicate_of``)."""
    if not article_ids:
        return []
    rows = cur.all(
        "SELECT id, title, source, published, url, json_extract_string(meta, '$.duplicate_of') AS of FROM articles"
        " WHERE skip_reason = 'near-duplicate' AND json_extract_string(meta, '$.duplicate_of') IN (SELECT unnest(?))"
        " UNION SELECT a.id, a.title, a.source, a.published, a.url, c.duplicate_of FROM cluster_articles c"
        " JOIN articles a ON a.id = c.article_id WHERE c.duplicate_of IN (SELECT unnest(?)) ORDER BY 4, 1 LIMIT 1000",
        [article_ids, article_ids],
    )
    return [{"article_id": r[0], "title": r[1], "outlet": r[2], "published": iso(r[3]), "url": r[4], "duplicate_of": r[5]} for r in rows]
