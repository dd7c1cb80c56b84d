"""What every reader shares: a mapping to a ``RawRecord``, the checks at the boundary, and
the quarantine record."""

from __future__ import annotations

import json
from typing import Any

from ..errors import EventcoderError, InputError
from ..records import Origin, Quarantine, RawRecord, Skip
from .text import scrub, scrub_record

TEXT_FIELDS = ("text", "body", "content", "article", "story", "notes", "maintext")
KNOWN_FIELDS = ("id", "title", "source", "published", "url", "tags", "language")
PUBLISHED_FIELDS = ("published", "date", "publish_date", "date_publish", "event_date", "dct")
DEFAULT_MAX_CHARS = 2_000_000

Item = RawRecord | Quarantine | Skip


def record_from_mapping(obj: Any, origin: Origin) -> RawRecord:
    if not isinstance(obj, dict):
        raise InputError("E112", origin=str(origin))
    text = None
    for f in TEXT_FIELDS:
        v = obj.get(f)
        if isinstance(v, str) and v.strip():
            text = v
            break
    if text is None:
        raise InputError("E104", origin=str(origin), fields=", ".join(TEXT_FIELDS))
    tags = obj.get("tags") or []
    warnings: list[str] = []
    if isinstance(tags, str):
        try:
            parsed = json.loads(tags)
            tags = parsed if isinstance(parsed, list) else [tags]
        except (ValueError, RecursionError):
            tags = [t.strip() for t in tags.split(",") if t.strip()]
    elif not isinstance(tags, list):
        warnings.append(f"tags field ignored: {tags!r}"[:200])
        tags = []
    published = None
    for f in PUBLISHED_FIELDS:
        if obj.get(f):
            published = str(obj[f])
            break
    used = set(KNOWN_FIELDS) | set(TEXT_FIELDS) | set(PUBLISHED_FIELDS)
    meta = {k: v for k, v in obj.items() if k not in used}
    if obj.get("id") is not None:
        meta["source_id"] = obj["id"]
    if obj.get("language"):
        meta["declared_language"] = obj["language"]
    return RawRecord(
        text=text,
        origin=origin,
        title=_str_or_none(obj.get("title")),
        source=_str_or_none(obj.get("source")),
        tags=[str(t) for t in tags],
        published=published,
        url=_str_or_none(obj.get("url")),
        id=_str_or_none(obj.get("id")),
        meta=meta,
        warnings=warnings,
    )


def checked(rec: RawRecord, max_chars: int) -> RawRecord:
    """The boundary check every record passes: size, emptiness, encodable text."""
    if len(rec.text) > max_chars:
        raise InputError("E107", origin=str(rec.origin), size=len(rec.text), limit=max_chars)
    if not rec.text.strip():
        raise InputError("E101", path=str(rec.origin))
    return scrub_record(rec)


def quarantine(err: EventcoderError, origin: Origin, excerpt: str | None = None) -> Quarantine:
    msg = scrub(err.message)[0]
    return Quarantine(origin=origin, code=err.code, error=msg, excerpt=scrub(excerpt)[0] if excerpt else None)


def _str_or_none(v: Any) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None
