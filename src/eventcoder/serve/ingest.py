"""Code one article sent to ``POST /api/ingest`` and store it, through the run engine.

There is one engine: ``engine.code_one`` decides the outcome (coded / skipped with reason /
quarantined with the coded error) exactly as ``eventcoder run`` decides it per record, and
``engine.write_outcomes`` stores it in one transaction under a run of its own, so an article
ingested over HTTP is stored as the same article coded by ``eventcoder run`` would be.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..records import Origin, RawRecord
from .db import Database
from .errors import ApiError
from .responses import article_ref

if TYPE_CHECKING:
    from ..engine import Outcome
    from ..pipeline import Pipeline

#: the origin of every ingested record (quarantine rows, the runs table)
INGEST_ORIGIN = "<api/ingest>"


class PipelineSource:
    """The pipeline ingest codes with: the one given, or built by a factory once, on first use.

    Building a ``Pipeline`` loads spaCy and the gazetteer (seconds, hundreds of MB): a server
    that is never sent an article must not pay for it, the CLI must be able to pass one built
    from its own options, and concurrent first ingests must not build it twice (the lock).
    """

    def __init__(self, pipeline: Pipeline | Callable[[], Pipeline] | None = None) -> None:
        self._lock = threading.Lock()
        self._pipeline: Pipeline | None = None
        self._factory: Callable[[], Pipeline] = _default_pipeline
        if hasattr(pipeline, "code_many"):  # a Pipeline (or anything that codes like one)
            self._pipeline = pipeline  # type: ignore[assignment]
        elif pipeline is not None:
            self._factory = pipeline  # type: ignore[assignment]

    def get(self) -> Pipeline:
        """The pipeline, built now if it was not; an installation without the NLP stack is a 503."""
        if self._pipeline is None:
            with self._lock:
                if self._pipeline is None:
                    try:
                        self._pipeline = self._factory()
                    except ImportError as e:
                        raise ApiError(503, f"the coding pipeline is not available: {e}") from e
        return self._pipeline


def _default_pipeline() -> Pipeline:
    from ..pipeline import Pipeline

    return Pipeline()


def to_record(body: dict[str, Any] | str, origin: Origin | None = None) -> RawRecord:
    """The request body as a reader would have read it: a JSON object or the seed format.

    ``origin`` names the request (``views.ingest.request_origin``). Raises ``InputError``
    (answered 422) when it holds no article text.
    """
    from ..ingest import parse_seed, record_from_mapping

    origin = origin or Origin(INGEST_ORIGIN)
    if isinstance(body, str):
        return parse_seed(body, origin)
    return record_from_mapping(body, origin)


def code_and_store(db: Database, pipeline: Pipeline, record: RawRecord) -> dict[str, Any]:
    """Code ``record``, store the outcome (unless the article is stored already), answer it.

    Coding runs outside the write lock, so concurrent ingests code in parallel and only
    their short writes are serialised (DuckDB has one write connection). The engine is
    imported here, not at module level: a read-only server never loads the pipeline's modules.
    """
    from ..engine import RunReport, code_one, recorded_run, write_outcomes

    outcome = code_one(record, pipeline)
    store = db.store
    if store is None:  # create_app opens the database writable whenever ingest is allowed
        raise RuntimeError("ingest needs the database opened for writing")
    kind, payload = outcome
    with db.write_lock:
        known = kind == "coded" and bool(store.known_articles([payload.article.id]))
        if not known:
            report = RunReport()
            run_id = store.start_run([INGEST_ORIGIN], {"ingest": True})
            with recorded_run(store, run_id, report, time.perf_counter()):
                write_outcomes(store, [outcome], run_id, report)
    return ingest_result(outcome, already_stored=known)


def ingest_result(outcome: Outcome, already_stored: bool = False) -> dict[str, Any]:
    """The JSON answer (``models.IngestResult``) for one outcome."""
    kind, payload = outcome
    out: dict[str, Any] = {
        "ok": True,
        "article": None,
        "events": [],
        "skipped": None,
        "quarantined": None,
        "already_stored": already_stored,
    }
    if kind == "skipped":
        out["skipped"] = payload[1].reason
    elif kind == "quarantined":
        out["quarantined"] = f"[{payload.code}] {payload.error}"
    else:
        art = payload.article
        ref = article_ref(art.id, art.title, art.source, art.published, art.url)
        out["article"] = ref
        out["events"] = [{**e.to_dict(), "article": ref} for e in payload.events]
    return out
