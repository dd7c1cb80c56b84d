"""``GET /api/events`` (keyset-paginated list) and ``GET /api/events/{event_id}`` (provenance)."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi import Path as PathParam
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import models
from ..catalog import precision_of
from ..errors import NOT_FOUND
from ..params import MAX_LIMIT, Db, Filter
from ..query import SORTS, BadRequest, decode_cursor, encode_cursor, sort_columns
from ..responses import article_ref, iso, json_response, loads
from .clusters import cluster_refs

router = APIRouter()


@router.get(
    "/api/events",
    response_model=models.EventPage,
    tags=["events"],
    summary="Events matching a filter, one page at a time",
)
def list_events(
    db: Db,
    f: Filter,
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"Page size (1..{MAX_LIMIT})")
    ] = 50,
    cursor: Annotated[
        str | None, Query(max_length=2000, description="next_cursor of the previous page")
    ] = None,
    order: Annotated[
        str,
        Query(
            pattern="^(asc|desc)$",
            description="desc (default: newest first, largest first) or asc",
        ),
    ] = "desc",
    sort: Annotated[
        str,
        Query(
            pattern="^(" + "|".join(SORTS) + ")$",
            description="Sort column: " + ", ".join(SORTS) + " (empty cells last)",
        ),
    ] = "date",
) -> Response:
    params: list[Any] = []
    where = f.where(params)
    count_params = list(params)
    kind = f"events:{sort}:{order}"
    cols = sort_columns(sort, order)
    key = ", ".join(cols)
    if cursor:
        first, rowid = _event_cursor(decode_cursor(kind, cursor), SORTS[sort][1])
        where += f" AND ({key}) {'>' if order == 'asc' else '<'} (?, ?)"
        params += [first, rowid]
    direction = "ASC" if order == "asc" else "DESC"
    order_by = ", ".join(f"{k} {direction}" for k in cols)
    # Two steps: sort the narrow key columns, then fetch the wide records of one page.
    fast = f.cluster_fast()
    with db.cursor() as cur:
        if fast:
            keys, total = _fast_cluster_keys(cur, f, where, params, key, order_by, limit)
        else:
            keys = cur.all(f"SELECT e.rowid, {key} FROM events e WHERE {where} ORDER BY {order_by} LIMIT ?", [*params, limit + 1])
            total = int(cur.one(f"SELECT count(*) FROM events e WHERE {f.where([])}", count_params)[0])
        page = keys[:limit]
        # by row id, then their articles by id: no join that would build a hash of every article
        recs = (
            cur.all(
                "SELECT e.rowid, e.record, e.article_id FROM events e WHERE e.rowid = ANY(?) LIMIT ?",
                [[k[0] for k in page], len(page)],
            )
            if page
            else []
        )
        ids = sorted({r[2] for r in recs})
        arts = {
            a[0]: a[1:]
            for a in (
                cur.all(  # an IN list of bound ids uses the primary-key index (ANY(?) scans)
                    "SELECT id, title, source, published, url FROM articles WHERE id IN ("
                    + ",".join("?" * len(ids))
                    + ") LIMIT ?",
                    [*ids, len(ids)],
                )
                if ids
                else []
            )
        }
        rows = [(r[0], r[1], *arts.get(r[2], (None, None, None, None))) for r in recs]
        by_rowid = {r[0]: r for r in rows}
        items = [_event_item(*by_rowid[k[0]][1:]) for k in page if k[0] in by_rowid]
        refs = cluster_refs(cur, [d.get("event_id") for d in items])
    for d in items:
        d["cluster"] = refs.get(d.get("event_id"))
    nxt = None
    if len(keys) > limit:
        last = page[-1]
        nxt = encode_cursor(kind, json.dumps([_jsonable(last[1]), last[2]]))
    return json_response({"ok": True, "total": total, "items": items, "next_cursor": nxt})


@router.get(
    "/api/events/{event_id}",
    response_model=models.EventDetail,
    responses=NOT_FOUND,
    tags=["events"],
    summary="One event with its provenance (sentence, spans, article)",
)
def get_event(db: Db, event_id: Annotated[str, PathParam(max_length=200)]) -> Response:
    with db.cursor() as cur:
        row = cur.one(
            "SELECT e.record, a.id, a.title, a.source, a.published, a.url FROM events e"
            " LEFT JOIN articles a ON a.id = e.article_id WHERE e.event_id = ? LIMIT 1",
            [event_id],
        )
        refs = cluster_refs(cur, [event_id]) if row is not None else {}
    if row is None:
        raise StarletteHTTPException(404, f"no event with id '{event_id[:80]}'")
    rec = with_precision(loads(row[0], {}))
    article = article_ref(rec.get("article_id") or row[1], *row[2:6])
    rec["article"] = article
    rec["cluster"] = refs.get(event_id)
    return json_response({"ok": True, "event": rec, "article": article, "spans": event_spans(rec)})


def _fast_cluster_keys(cur: Any, f: Any, where: str, params: list[Any], key: str, order_by: str, limit: int) -> tuple[list[Any], int]:
    """A page of real-world events under the default filter without a per-request anti-join
    over every row: the first ``n`` keys of all mentions are sorted (cheap), the later reports
    among them dropped, and ``n`` grows until the page is full or the mentions run out. The
    total is the mentions' count less the later reports (all of which match the default)."""
    from dataclasses import replace

    plain = replace(f, count_by="mentions")
    later = " AND e.rowid NOT IN (SELECT rid FROM serve_clusters WHERE later)"
    base = where.replace(later, "")
    n = 4 * (limit + 1)
    while True:
        cand = cur.all(f"SELECT e.rowid, {key} FROM events e WHERE {base} ORDER BY {order_by} LIMIT ?", [*params, n])
        gone = {r[0] for r in cur.all("SELECT rid FROM serve_clusters WHERE later AND rid IN (SELECT unnest(?))", [[c[0] for c in cand]])} if cand else set()
        keys = [c for c in cand if c[0] not in gone]
        if len(keys) > limit or len(cand) < n:
            break
        n *= 4
    mentions = int(cur.one(f"SELECT count(*) FROM events e WHERE {plain.where([])}")[0])
    n_later = int(cur.one("SELECT count(*) FROM serve_clusters WHERE later")[0])
    return keys[: limit + 1], mentions - n_later


def _event_cursor(key: str, kind: str) -> tuple[Any, int]:
    """The sort key inside an events cursor; a forged or foreign cursor is a 400, not a 500."""
    try:
        first, rowid = json.loads(key)
        if isinstance(rowid, bool) or not isinstance(rowid, int):
            raise ValueError
        if kind == "date":
            return date.fromisoformat(first), rowid
        if kind == "num":
            if isinstance(first, bool) or not isinstance(first, int | float):
                raise ValueError
            return float(first), rowid
        if not isinstance(first, str):
            raise ValueError
        return first, rowid
    except (ValueError, TypeError):
        raise BadRequest("cursor is not valid: pass the next_cursor of a previous page") from None


def _jsonable(v: Any) -> Any:
    return iso(v) if isinstance(v, date) else v


def with_precision(d: dict[str, Any]) -> dict[str, Any]:
    """The record with ``location.precision`` (derived from its feature code when a record
    predates the field), so every client draws a country-level place as one."""
    loc = d.get("location")
    if isinstance(loc, dict) and loc.get("precision") is None:
        loc["precision"] = precision_of(loc)
    return d


def _event_item(record: Any, title: Any, source: Any, published: Any, url: Any) -> dict[str, Any]:
    d = with_precision(loads(record, {}))
    d["article"] = article_ref(d.get("article_id"), title, source, published, url)
    return d


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
