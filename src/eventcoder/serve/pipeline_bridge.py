"""Code one article sent to ``POST /api/ingest`` with the library ``Pipeline`` and store it."""

from __future__ import annotations

from typing import Any

from ..errors import EventcoderError
from .db import Database


def code_one(
    db: Database, raw: dict[str, Any] | str, state: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    """Returns (HTTP status, JSON body). Raises ImportError when the pipeline is unavailable."""
    from ..ingest import parse_seed, record_from_mapping
    from ..pipeline import Pipeline
    from ..records import Origin, Quarantine, Skip

    if "pipeline" not in state:  # expensive (spaCy, gazetteer): build once per process
        state["pipeline"] = Pipeline()
    pipe: Pipeline = state["pipeline"]
    origin = Origin("<api/ingest>")
    try:
        rec = parse_seed(raw, origin) if isinstance(raw, str) else record_from_mapping(raw, origin)
        prepared = pipe.prepare(rec, published=rec.published)
    except EventcoderError as err:
        return 422, {"ok": False, "error": f"[{err.code}] {err.message}", "status": 422}
    store = db.store
    assert store is not None, "ingest needs the write connection"
    if isinstance(prepared, Skip):
        return 200, {
            "ok": True,
            "article": None,
            "events": [],
            "skipped": prepared.reason,
            "quarantined": None,
            "already_stored": False,
        }
    try:
        coded = pipe.code(prepared)
    except EventcoderError as err:
        with db.write_lock:
            run_id = store.start_run(["<api/ingest>"], {"ingest": True})
            store.write_batch(
                [], [], [Quarantine(origin, err.code, err.message, article_id=prepared.id)], run_id
            )
            store.finish_run(run_id, {"quarantined": 1}, status="finished")
        return 200, {
            "ok": True,
            "article": None,
            "events": [],
            "skipped": None,
            "quarantined": f"[{err.code}] {err.message}",
            "already_stored": False,
        }
    art = coded.article
    with db.write_lock:
        known = store.known_articles([art.id])
        if not known:
            run_id = store.start_run(["<api/ingest>"], {"ingest": True})
            n = store.write_batch([coded], [], [], run_id)
            store.finish_run(run_id, {"read": 1, "coded": 1, "events": n})
    ref = {
        "id": art.id,
        "title": art.title,
        "source": art.source,
        "published": art.published,
        "url": art.url,
    }
    events = []
    for e in coded.events:
        d = e.to_dict()
        d["article"] = ref
        events.append(d)
    return 200, {
        "ok": True,
        "article": ref,
        "events": events,
        "skipped": None,
        "quarantined": None,
        "already_stored": bool(known),
    }
