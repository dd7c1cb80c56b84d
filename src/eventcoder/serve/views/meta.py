"""``GET /api/health``: is the server up, which database, read-only or not, how many rows."""

from __future__ import annotations

import os

from fastapi import APIRouter, Request, Response

from .. import models
from ..params import Db, has_cluster_tables
from ..responses import json_response

router = APIRouter()


def app_version() -> str:
    """The installed package version (0.0.0 when running from a checkout without install)."""
    try:
        from importlib.metadata import version

        return version("eventcoder")
    except Exception:  # noqa: BLE001 - not installed: the version is unknown, not an error
        return "0.0.0"


@router.get(
    "/api/health",
    response_model=models.Health,
    tags=["meta"],
    summary="Server and database status",
)
def health(request: Request, db: Db) -> Response:
    with db.cursor() as cur:
        counts = {
            t: int(cur.one(f"SELECT count(*) FROM {t}")[0])  # noqa: S608 - fixed table names
            for t in ("articles", "events", "places")
        }
        # real-world events (cross-article clusters), when ``eventcoder clusters`` has run
        if has_cluster_tables(cur):
            counts["clusters"] = int(cur.one("SELECT count(*) FROM clusters")[0])
    return json_response(
        {
            "ok": True,
            "version": app_version(),
            "database": os.path.basename(db.path),
            "read_only": not db.writable,
            "ingest": request.app.state.allow_ingest,
            "counts": counts,
        }
    )
