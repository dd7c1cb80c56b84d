"""``POST /api/ingest``: code one article and store it (server started with --allow-ingest).

This module is the HTTP side only: the server's mode, the Bearer token, the body's size,
type and fields. Every refusal raises ``ApiError`` (answered by the one error handler);
coding and storing is ``serve.ingest.code_and_store``, run in a worker thread.
"""

from __future__ import annotations

import hmac
import json
import re
import uuid
from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from ...records import Origin
from .. import models
from ..errors import ApiError
from ..ingest import INGEST_ORIGIN, code_and_store, to_record
from ..params import Db
from ..responses import json_response

router = APIRouter()

MAX_INGEST_BYTES = 1_000_000
#: deepest nesting of a JSON body (an article is an object of strings and a list of tags)
MAX_DEPTH = 32
_SURROGATE = re.compile("[\ud800-\udfff]")

_BODY_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["text"],
                    "properties": {
                        "text": {"type": "string", "description": "The article body"},
                        "title": {"type": "string"},
                        "source": {"type": "string", "description": "Publisher, e.g. CGTN"},
                        "published": {
                            "type": "string",
                            "format": "date",
                            "description": "YYYY-MM-DD",
                        },
                        "url": {"type": "string"},
                        "tags": {"type": "array", "items": {"type": "string"}},
                    },
                }
            },
            "text/plain": {
                "schema": {
                    "type": "string",
                    "description": "The seed format: title, source, tags line, body",
                }
            },
        },
    }
}
_TOO_LARGE = f"body too large: the limit is {MAX_INGEST_BYTES} bytes"


@router.post(
    "/api/ingest",
    response_model=models.IngestResult,
    tags=["ingest"],
    summary="Code one article and store it (server started with --allow-ingest; Bearer token)",
    openapi_extra=_BODY_DOC,
    responses={
        401: {"model": models.Error, "description": "Missing or wrong Bearer token"},
        403: {
            "model": models.Error,
            "description": "The server is read-only (no --allow-ingest)",
        },
        413: {
            "model": models.Error,
            "description": f"Body larger than {MAX_INGEST_BYTES} bytes",
        },
        415: {"model": models.Error, "description": "Body neither JSON nor text/plain"},
    },
)
async def ingest(request: Request, db: Db) -> Response:
    state = request.app.state
    _check_token(request, state.ingest_token if state.allow_ingest else None)
    body = await _read_body(request)
    record = to_record(body, request_origin(request))  # InputError: 422
    pipeline = await run_in_threadpool(state.pipeline.get)
    out = await run_in_threadpool(code_and_store, db, pipeline, record)
    response = json_response(out)
    response.headers["X-Request-Id"] = request.state.request_id
    return response


def _check_token(request: Request, token: str | None) -> None:
    """403 on a read-only server; 401 unless the Bearer token matches (constant time)."""
    if token is None:
        raise ApiError(
            403, "this server is read-only: start it with --allow-ingest to accept articles"
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.encode()
    ):
        raise ApiError(
            401,
            "a valid 'Authorization: Bearer <token>' header is required",
            {"WWW-Authenticate": "Bearer"},
        )


async def _read_body(request: Request) -> dict[str, Any] | str:
    """The body as a JSON object (fields checked) or seed-format text, read at most 1 MB."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_INGEST_BYTES):
        raise ApiError(413, _TOO_LARGE)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_INGEST_BYTES:
            raise ApiError(413, _TOO_LARGE)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        text = bytes(body).decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "body is not UTF-8") from None
    if ctype in ("application/json", ""):
        try:
            obj = json.loads(text)
        except ValueError as e:
            raise ApiError(400, f"body is not valid JSON: {e}") from None
        except RecursionError:
            raise ApiError(400, f"body is not valid JSON: nested deeper than {MAX_DEPTH}") from None
        if not isinstance(obj, dict):
            raise ApiError(400, "JSON body must be an object with at least 'text'")
        err = _check_value(obj) or _check_fields(obj)
        if err:
            raise ApiError(422, err)
        return obj
    if ctype == "text/plain":
        if not text.strip():
            raise ApiError(422, "body is empty")
        return text
    raise ApiError(
        415, "send application/json ({title, source, text, published}) or text/plain (seed format)"
    )


def request_origin(request: Request) -> Origin:
    """Where an ingested article came from: the endpoint, the time, the client, one request id.

    Each request is its own origin, so two bad articles sent with the same error are two
    quarantine rows (a quarantine row's id is its origin and code), each traceable to its
    request (the id is also the answer's ``X-Request-Id`` header).
    """
    client = request.client.host if request.client else "unknown"
    request.state.request_id = rid = uuid.uuid4().hex[:12]
    when = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return Origin(INGEST_ORIGIN, member=f"{when} {client} {rid}")


def _check_value(obj: Any) -> str | None:
    """Refuse what JSON allows but an article cannot hold: deep nesting, lone surrogates.

    ``json`` decodes ``"\\udc00"`` to a lone surrogate that no UTF-8 writer (DuckDB, the
    answer) accepts, and nesting that a later ``json.dumps`` of the metadata cannot follow.
    Walked iteratively, so the check itself has no recursion limit.
    """
    stack: list[tuple[Any, int]] = [(obj, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"the JSON body nests deeper than {MAX_DEPTH} levels"
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return "the JSON body holds a lone surrogate (\\ud800-\\udfff): not Unicode text"
        elif isinstance(value, dict):
            stack.extend((k, depth) for k in value)
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return None


def _check_fields(obj: dict[str, Any]) -> str | None:
    if not isinstance(obj.get("text"), str) or not obj["text"].strip():
        return "'text' must be a non-empty string"
    for k in ("title", "source", "published", "url"):
        if obj.get(k) is not None and not isinstance(obj[k], str):
            return f"'{k}' must be a string"
    if obj.get("tags") is not None and not (
        isinstance(obj["tags"], list) and all(isinstance(t, str) for t in obj["tags"])
    ):
        return "'tags' must be a list of strings"
    if obj.get("published"):
        try:
            date.fromisoformat(obj["published"])
        except ValueError:
            return "'published' must be a date YYYY-MM-DD"
    return None
