"""``GET /api/actors``: the canonical actors of the database with aliases and counts.

Aliases are the actor dictionary's (what "ISIL", "Daesh" mean) plus the surface texts seen
in the database; counts are as source and as target. With ``q``: the actors the query
resolves to first (what the actor filter would match), then names and aliases with a word
starting with it (a picker's suggestions).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from .. import models
from ..catalog import catalog
from ..params import Db
from ..query import BadRequest
from ..responses import json_response

router = APIRouter()


@router.get(
    "/api/actors",
    response_model=models.ActorList,
    tags=["actors"],
    summary="Canonical actors with aliases and counts as source and target",
)
def list_actors(
    db: Db,
    q: Annotated[
        str | None, Query(max_length=200, description="An actor name, alias or its beginning")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="Most actors")] = 20,
) -> Response:
    if q is not None and "\x00" in q:
        raise BadRequest("q must not contain NUL characters")
    with db.cursor() as cur:
        cat = catalog(db, cur)
    resolved = cat.resolve_actor(q)[0] if q and q.strip() else []
    return json_response(
        {
            "ok": True,
            "total": len(cat.actors),
            "resolved": resolved,
            "items": cat.actor_list(q, limit),
        }
    )
