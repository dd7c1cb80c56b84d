"""The FastAPI application of ``eventcoder serve``: JSON API, offline /docs, web explorer.

``create_app`` only composes: the database handle, the one error handler, the security
headers, the static mounts and the routers of ``views`` (one module per view).
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request, Response

from ..errors import UsageError
from .db import DEFAULT_TIMEOUT, Database
from .errors import ERRORS, error_response, install_error_handler
from .ingest import PipelineSource
from .views import ROUTERS, pages
from .views.meta import app_version

if TYPE_CHECKING:
    from ..pipeline import Pipeline

TOKEN_ENV = "EVENTCODER_INGEST_TOKEN"

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; font-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# Swagger UI's page (FastAPI's get_swagger_ui_html) starts the bundle with an inline script.
CSP_DOCS = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")

DESCRIPTION = (
    "Events coded by eventcoder from news articles: who did what to whom, where, when, "
    "according to whom. Read-only unless the server was started with --allow-ingest. "
    'Every error answers `{"ok": false, "error": "...", "status": N}`.'
)


def create_app(
    db_path: str,
    allow_ingest: bool = False,
    ingest_token: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    pipeline: Pipeline | Callable[[], Pipeline] | None = None,
    allowed_hosts: Iterable[str] | None = None,
) -> FastAPI:
    """The API and explorer over the eventcoder database at ``db_path``.

    Read-only unless ``allow_ingest``; then ``POST /api/ingest`` codes articles into the
    database and needs ``Authorization: Bearer <token>`` (``ingest_token`` or the
    ``EVENTCODER_INGEST_TOKEN`` environment variable; without either ``UsageError`` E011).
    ``pipeline`` is what ingest codes with: a ``Pipeline``, a zero-argument factory, or
    ``None`` for ``Pipeline()``; it is built once, on the first ingest, never when read-only.
    ``allowed_hosts``: the names the ``Host`` header may carry (``"*"``: any); any other
    answers 400 — a web page whose name an attacker re-points at 127.0.0.1 (DNS rebinding)
    cannot read the API. ``serve()`` always passes one (``DEFAULT_ALLOWED_HOSTS`` and the
    bound address); ``None`` leaves the check to whoever mounts the app (tests, a proxy).
    """
    if allow_ingest:
        ingest_token = ingest_token or os.environ.get(TOKEN_ENV) or None
        if not ingest_token:
            raise UsageError("E011", env=TOKEN_ENV)
    db = Database(db_path, writable=allow_ingest, timeout=timeout)

    app = FastAPI(
        title="eventcoder API",
        version=app_version(),
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        responses=ERRORS,
    )
    app.state.db = db
    app.state.allow_ingest = allow_ingest
    app.state.ingest_token = ingest_token if allow_ingest else None
    app.state.pipeline = PipelineSource(pipeline)

    install_error_handler(app)
    app.middleware("http")(security_headers)
    if allowed_hosts is not None:
        app.state.allowed_hosts = {normal_host(h) for h in allowed_hosts}
        app.middleware("http")(check_host)  # added last: runs first, before any view
    pages.mount_static(app)
    app.include_router(pages.router)
    for router in ROUTERS:
        app.include_router(router)
    return app


#: the names a local server answers to when nothing else is allowed (``--allow-host`` adds)
DEFAULT_ALLOWED_HOSTS = ("127.0.0.1", "localhost", "::1")


def normal_host(value: str) -> str:
    """A Host header (or an allowed name) without its port, brackets, case and final dot."""
    host = value.strip().lower()
    if host.startswith("["):  # [::1]:8000
        host = host[1:].split("]", 1)[0]
    elif host.count(":") == 1:  # name:8000 (a bare IPv6 address has several colons)
        host = host.split(":", 1)[0]
    return host.rstrip(".")


async def check_host(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """400 (the one error body) unless the Host header names this server (DNS rebinding)."""
    allowed: set[str] = request.app.state.allowed_hosts
    if "*" not in allowed:
        host = normal_host(request.headers.get("host", ""))
        if host not in allowed:
            response = error_response(
                400,
                f"host {host[:100]!r} is not served here; start the server with --allow-host "
                f"{host[:100] or 'NAME'} to answer to it",
            )
            return await security_headers_of(request, response)
    return await call_next(request)


async def security_headers_of(request: Request, response: Response) -> Response:
    async def done(_: Request) -> Response:
        return response

    return await security_headers(request, done)


async def security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """CSP (scripts only from the server), no sniffing, no referrer; API answers not cached."""
    response = await call_next(request)
    path = request.url.path
    response.headers.setdefault("Content-Security-Policy", CSP_DOCS if path == "/docs" else CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if path.startswith("/api/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response
