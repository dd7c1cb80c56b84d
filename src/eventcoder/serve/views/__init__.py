"""The endpoints of ``eventcoder serve``, one module per view, each on its own ``APIRouter``.

``create_app`` includes the routers in the order of ``ROUTERS`` (the order of the paths in
/openapi.json). Views get the database through the ``Db`` dependency and the app's settings
from ``request.app.state``, so a module holds no per-app state.
"""

from __future__ import annotations

from fastapi import APIRouter

from . import actors, articles, clusters, events, exports, facets, ingest, maps, meta, places

ROUTERS: tuple[APIRouter, ...] = (
    meta.router,
    events.router,
    articles.router,
    facets.router,
    maps.router,
    actors.router,
    places.router,
    exports.router,
    ingest.router,
    clusters.router,
)

__all__ = ["ROUTERS"]
