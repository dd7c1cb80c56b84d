"""JSON bodies of the API, built from plain dicts (see ``models``: validating thousands of
nested records per request through pydantic would cost more than the query)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi.responses import Response


def json_response(obj: Any, status: int = 200) -> Response:
    """Compact UTF-8 JSON; dates as ISO strings, anything else unknown as ``str``."""
    body = json.dumps(obj, ensure_ascii=False, default=_default, separators=(",", ":"))
    return Response(body, status_code=status, media_type="application/json")


def _default(o: Any) -> Any:
    if isinstance(o, date):
        return o.isoformat()
    return str(o)


def to_json(obj: Any) -> str:
    """One value as JSON text with the same conventions as ``json_response`` (for streams)."""
    return json.dumps(obj, ensure_ascii=False, default=_default)


def iso(d: Any) -> str | None:
    """A DuckDB date as ``YYYY-MM-DD`` (``None`` stays ``None``)."""
    return d.isoformat() if isinstance(d, date) else (str(d) if d is not None else None)


def loads(s: Any, default: Any) -> Any:
    """A JSON column; ``default`` when it is NULL or not JSON (a damaged row must not 500)."""
    if s is None:
        return default
    try:
        return json.loads(s)
    except (TypeError, ValueError):
        return default


def article_ref(id: Any, title: Any, source: Any, published: Any, url: Any) -> dict[str, Any]:
    """The short article reference every event carries in API answers."""
    return {"id": id, "title": title, "source": source, "published": iso(published), "url": url}
