"""``eventcoder serve``: the HTTP API (FastAPI) and the web explorer over an eventcoder database.

    from eventcoder.serve import create_app, serve
    app = create_app("events.duckdb")            # read-only ASGI app
    serve("events.duckdb", host="127.0.0.1", port=8000)

See docs/serve.md for the endpoints, the error shape and the security model.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from .app import DEFAULT_ALLOWED_HOSTS, TOKEN_ENV, create_app

if TYPE_CHECKING:
    from ..pipeline import Pipeline

__all__ = ["create_app", "serve", "TOKEN_ENV"]


def serve(
    db_path: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    allow_ingest: bool = False,
    log_level: str = "info",
    pipeline: Pipeline | Callable[[], Pipeline] | None = None,
    allow_hosts: Iterable[str] = (),
) -> None:
    """Run the API and explorer with uvicorn until interrupted.

    With ``allow_ingest`` the ingest token is read from the ``EVENTCODER_INGEST_TOKEN``
    environment variable only (a token on the command line would show in ``ps``); without
    it ``UsageError`` E011 is raised before anything is opened. ``pipeline`` is passed to
    ``create_app`` (a ``Pipeline`` or a factory, built on the first ingest). The ``Host``
    header must name 127.0.0.1, localhost, ::1, the bound ``host`` or one of ``allow_hosts``.
    """
    import uvicorn

    app = create_app(
        db_path,
        allow_ingest=allow_ingest,
        ingest_token=os.environ.get(TOKEN_ENV),
        pipeline=pipeline,
        allowed_hosts=[*DEFAULT_ALLOWED_HOSTS, *([host] if host not in ("0.0.0.0", "::", "") else []), *allow_hosts],
    )
    try:
        uvicorn.run(
            app, host=host, port=port, log_level=log_level, proxy_headers=False, server_header=False
        )
    finally:
        app.state.db.close()
