"""``eventcoder serve``: the HTTP API (FastAPI) and the web explorer over an eventcoder database.

    from eventcoder.serve import create_app, serve
    app = create_app("events.duckdb")            # read-only ASGI app
    serve("events.duckdb", host="127.0.0.1", port=8000)

See docs/serve.md for the endpoints, the error shape and the security model.
"""

from __future__ import annotations

import os

from .app import TOKEN_ENV, create_app

__all__ = ["create_app", "serve", "TOKEN_ENV"]


def serve(
    db_path: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    allow_ingest: bool = False,
    log_level: str = "info",
) -> None:
    """Run the API and explorer with uvicorn until interrupted.

    With ``allow_ingest`` the ingest token is read from the ``EVENTCODER_INGEST_TOKEN``
    environment variable (a ValueError is raised when it is not set).
    """
    import uvicorn

    app = create_app(db_path, allow_ingest=allow_ingest, ingest_token=os.environ.get(TOKEN_ENV))
    try:
        uvicorn.run(
            app, host=host, port=port, log_level=log_level, proxy_headers=False, server_header=False
        )
    finally:
        app.state.db.close()
