"""``POST /api/ingest``: code one article with the pipeline and store it (only with --allow-ingest)."""

from __future__ import annotations

import hmac
import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from . import models
from .db import Database

MAX_INGEST_BYTES = 1_000_000

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


def _err(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"ok": False, "error": message, "status": status}, status_code=status, headers=headers
    )


def install_ingest(app: FastAPI, db: Database, allow_ingest: bool, token: str | None) -> None:
    state: dict[str, Any] = {}

    @app.post(
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
    async def ingest(request: Request) -> Any:
        if not allow_ingest or token is None:
            return _err(
                403, "this server is read-only: start it with --allow-ingest to accept articles"
            )
        auth = request.headers.get("authorization", "")
        scheme, _, given = auth.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            given.strip().encode(), token.encode()
        ):
            return _err(
                401,
                "a valid 'Authorization: Bearer <token>' header is required",
                {"WWW-Authenticate": "Bearer"},
            )
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > MAX_INGEST_BYTES):
            return _err(413, f"body too large: the limit is {MAX_INGEST_BYTES} bytes")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_INGEST_BYTES:
                return _err(413, f"body too large: the limit is {MAX_INGEST_BYTES} bytes")
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            text = bytes(body).decode("utf-8")
        except UnicodeDecodeError:
            return _err(400, "body is not UTF-8")
        if ctype in ("application/json", ""):
            try:
                obj = json.loads(text)
            except ValueError as e:
                return _err(400, f"body is not valid JSON: {e}")
            if not isinstance(obj, dict):
                return _err(400, "JSON body must be an object with at least 'text'")
            err = _check_fields(obj)
            if err:
                return _err(422, err)
            raw = obj
        elif ctype == "text/plain":
            if not text.strip():
                return _err(422, "body is empty")
            raw = text
        else:
            return _err(
                415,
                "send application/json ({title, source, text, published}) or text/plain (seed format)",
            )
        try:
            result = await run_in_threadpool(_code_and_store, db, raw, state)
        except _PipelineMissing as e:
            return _err(503, str(e))
        return result


class _PipelineMissing(Exception):
    pass


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
        from datetime import date

        try:
            date.fromisoformat(obj["published"])
        except ValueError:
            return "'published' must be a date YYYY-MM-DD"
    return None


def _code_and_store(db: Database, raw: dict[str, Any] | str, state: dict[str, Any]) -> JSONResponse:
    from .pipeline_bridge import code_one

    try:
        status, out = code_one(db, raw, state)
    except ImportError as e:  # the pipeline is not available in this installation
        raise _PipelineMissing(f"the coding pipeline is not available: {e}") from e
    return JSONResponse(out, status_code=status)
