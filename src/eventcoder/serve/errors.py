"""The one error handler of the API: exception class -> HTTP status -> one JSON body.

In the manner of Datasette's ``handle_exception``: views raise (``ApiError`` for answers the
API decides itself, ``BadRequest`` for senseless parameters, ``QueryTimeout``, the library's
coded ``EventcoderError``s, FastAPI's validation errors, anything else) and only
``handle_exception`` turns an exception into a response. So every error, from any view or
from the framework (unknown path, wrong method), has the body
``{"ok": false, "error": "...", "status": N}`` built in one place, ``error_response``.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import ConfigError, EnvironmentFailure, EventcoderError, InputError, UsageError
from . import models
from .db import DatabaseBusy, QueryTimeout
from .query import BadRequest

#: error responses every operation documents in OpenAPI (the app's default ``responses``)
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "model": models.Error,
        "description": "A parameter makes no sense (bad bbox, bad cursor)",
    },
    422: {"model": models.Error, "description": "A parameter failed validation"},
    503: {"model": models.Error, "description": "The query took too long and was stopped"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": models.Error, "description": "No such record"}
}

#: DuckDB errors caused by a value in the request (not by a bug): answered 400
_DB_VALUE_ERRORS = (
    duckdb.ConversionException,
    duckdb.OutOfRangeException,
    duckdb.InvalidInputException,
)


class ApiError(Exception):
    """An answer the API decides itself (auth, body limits, read-only server): status and words."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


def error_response(
    status: int, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The one error body; nothing else in the API builds one."""
    return JSONResponse(
        {"ok": False, "error": message, "status": status}, status_code=status, headers=headers
    )


def status_of(exc: BaseException, path: str) -> tuple[int, str, dict[str, str] | None]:
    """Status, message and headers for ``exc``: the whole exception -> HTTP mapping.

    Messages of unexpected errors say nothing about the internals (no traceback, no SQL).
    """
    if isinstance(exc, ApiError):
        return exc.status, exc.message, exc.headers
    if isinstance(exc, StarletteHTTPException):
        msg = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail, default=str)
        if exc.status_code == 404 and msg == "Not Found":
            msg = f"no such path: {path[:200]}"
        return exc.status_code, msg, getattr(exc, "headers", None)
    if isinstance(exc, RequestValidationError):
        return 422, "invalid parameter: " + _validation_message(exc), None
    if isinstance(exc, BadRequest):
        return 400, str(exc), None
    if isinstance(exc, QueryTimeout):
        return 503, f"{exc}; narrow the filter", None
    if isinstance(exc, DatabaseBusy):
        return 503, str(exc), {"Retry-After": "1"}
    if isinstance(exc, _DB_VALUE_ERRORS):
        return 400, f"cannot run this query: {str(exc).splitlines()[0][:200]}", None
    if isinstance(exc, duckdb.Error):
        return 500, "database error", None
    if isinstance(exc, InputError | UsageError):  # what was sent cannot become an article
        return 422, str(exc), None
    if isinstance(exc, ConfigError | EnvironmentFailure):  # no spaCy model; disk full; lock
        return 503, str(exc), None
    if isinstance(exc, EventcoderError):
        return 500, str(exc), None
    return 500, "internal error", None


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors()[:5]:
        loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body", "header")]
        parts.append(f"{'.'.join(loc) or 'request'}: {e.get('msg', 'invalid')}")
    return "; ".join(parts)


async def handle_exception(request: Request, exc: Exception) -> JSONResponse:
    """The exception handler registered for every exception class the API can meet."""
    return error_response(*status_of(exc, request.url.path))


def install_error_handler(app: FastAPI) -> None:
    """Route every exception to ``handle_exception``.

    The specific classes are listed so that Starlette's ``ExceptionMiddleware`` answers them
    inside the middleware stack (the security headers are added); ``Exception`` is the
    catch-all of ``ServerErrorMiddleware`` (a bug: 500, same body).
    """
    for cls in (
        StarletteHTTPException,
        RequestValidationError,
        ApiError,
        BadRequest,
        QueryTimeout,
        DatabaseBusy,
        duckdb.Error,
        EventcoderError,
        Exception,
    ):
        app.add_exception_handler(cls, handle_exception)
