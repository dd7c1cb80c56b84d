"""Running the pipeline over many inputs: batching, accounting, resuming, progress.

Every input record ends in exactly one of three places — coded, skipped (with a reason) or
quarantined (with the coded error and origin) — and ``RunReport`` counts them. A batch is
written to the store in one transaction; a killed run re-started on the same inputs skips
what is already stored (reason ``already stored``) and ends with the same rows.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .errors import EventcoderError, ProcessingError
from .ingest import DEFAULT_MAX_CHARS, read
from .pipeline import Pipeline
from .records import Article, CodedArticle, Quarantine, RawRecord, Skip

Outcome = tuple[str, Any]  # ("coded", CodedArticle) | ("skipped", (Article|None, Skip)) | ("quarantined", Quarantine)


@dataclass
class RunReport:
    read: int = 0
    coded: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    quarantined: Counter[str] = field(default_factory=Counter)
    events: int = 0
    events_written: int = 0
    seconds: float = 0.0

    @property
    def articles_per_second(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0

    def add(self, kind: str, payload: Any) -> None:
        self.read += 1
        if kind == "coded":
            self.coded += 1
            self.events += len(payload.events)
        elif kind == "skipped":
            self.skipped[payload[1].reason] += 1
        else:
            q: Quarantine = payload
            self.quarantined[f"{q.code} {_short(q.error)}"] += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "coded": self.coded,
            "skipped": sum(self.skipped.values()),
            "skipped_by_reason": dict(self.skipped),
            "quarantined": sum(self.quarantined.values()),
            "quarantined_by_error": dict(self.quarantined),
            "events": self.events,
            "events_written": self.events_written,
            "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.articles_per_second, 2),
        }


def _short(msg: str) -> str:
    """An error message without its variable parts, so counts group by kind."""
    for sep in (":", " at ", " in "):
        if sep in msg:
            return msg.split(sep, 1)[0]
    return msg[:60]


def process(
    items: Iterable[RawRecord | Quarantine],
    pipeline: Pipeline,
    published: str | None = None,
    batch_size: int = 32,
    skip_ids: Any = None,
    dedup: Any = None,
) -> Iterator[list[Outcome]]:
    """Yield outcomes batch by batch, in input order within a batch.

    ``skip_ids`` is a callable taking a list of article ids and returning those already
    stored (the resume check); ``None`` codes everything. ``dedup`` is a callable taking an
    article and returning the id of the article it nearly copies (or None): a copy is
    skipped as ``near-duplicate`` before NLP (``clusters.duplicates.NearDuplicateFilter``).
    """
    seen: set[str] = set()
    batch: list[RawRecord | Quarantine] = []
    for item in items:
        batch.append(item)
        if len(batch) >= batch_size:
            yield _process_batch(batch, pipeline, published, seen, skip_ids, dedup)
            batch = []
    if batch:
        yield _process_batch(batch, pipeline, published, seen, skip_ids, dedup)


def _process_batch(
    batch: Sequence[RawRecord | Quarantine], pipeline: Pipeline, published: str | None, seen: set[str], skip_ids: Any, dedup: Any = None
) -> list[Outcome]:
    slots: list[Outcome | None] = []
    to_code: list[tuple[int, Article]] = []
    for item in batch:
        if isinstance(item, Quarantine):
            slots.append(("quarantined", item))
            continue
        if isinstance(item, Skip):  # a reader's skip: a hidden file, a FIFO, a non-HTML WARC record
            slots.append(("skipped", (item.article, item)))
            continue
        try:
            prepared = pipeline.prepare(item, published=published)
        except EventcoderError as err:
            slots.append(("quarantined", Quarantine(item.origin, err.code, err.message)))
            continue
        except Exception as err:  # noqa: BLE001 - a bug on one record must not stop a million
            slots.append(("quarantined", Quarantine(item.origin, "E201", f"cleaning failed: {type(err).__name__}: {err}")))
            continue
        if isinstance(prepared, Skip):
            slots.append(("skipped", (prepared.article, prepared)))
            continue
        if prepared.id in seen:
            slots.append(("skipped", (None, Skip(prepared.id, prepared.origin, "duplicate in this run"))))
            continue
        seen.add(prepared.id)
        if dedup is not None and dedup(prepared) is not None:
            slots.append(("skipped", (prepared, Skip(prepared.id, prepared.origin, "near-duplicate", prepared))))
            continue
        slots.append(None)
        to_code.append((len(slots) - 1, prepared))
    if skip_ids is not None and to_code:
        known = skip_ids([a.id for _, a in to_code])
        still = []
        for idx, art in to_code:
            if art.id in known:
                slots[idx] = ("skipped", (None, Skip(art.id, art.origin, "already stored")))
            else:
                still.append((idx, art))
        to_code = still
    if to_code:
        try:
            coded = pipeline.code_many([a for _, a in to_code])
            for (idx, _), ca in zip(to_code, coded, strict=True):
                slots[idx] = ("coded", ca)
        except Exception:  # noqa: BLE001 - isolate the failing article(s): code one by one
            for idx, art in to_code:
                try:
                    slots[idx] = ("coded", pipeline.code(art))
                except ProcessingError as err:
                    slots[idx] = ("quarantined", Quarantine(art.origin, err.code, err.message, article_id=art.id))
                except Exception as err:  # noqa: BLE001 - a crash in any stage quarantines this article only
                    reason = f"{type(err).__name__}: {err}"[:300]
                    perr = ProcessingError("E201", article_id=art.id, origin=str(art.origin), reason=reason)
                    slots[idx] = ("quarantined", Quarantine(art.origin, perr.code, perr.message, article_id=art.id))
    return [s for s in slots if s is not None]


def code_one(raw: RawRecord, pipeline: Pipeline, published: str | None = None) -> Outcome:
    """The outcome of one record, decided exactly as a run decides it for each of its records.

    ``POST /api/ingest`` (and any caller with a single article) must not grow a second
    engine with its own idea of what is skipped or quarantined: this is a batch of one
    through ``_process_batch`` — prepare, then ``("coded", CodedArticle)``,
    ``("skipped", (Article | None, Skip))`` or ``("quarantined", Quarantine)`` with the
    coded error. Nothing is stored and no resume check is made; ``write_outcomes`` stores it.
    """
    (outcome,) = _process_batch([raw], pipeline, published, set(), None)
    return outcome


def write_outcomes(store: Any, outcomes: list[Outcome], run_id: str, report: RunReport) -> None:
    """Store one batch of outcomes in one transaction and count them in the report."""
    coded = [p for k, p in outcomes if k == "coded"]
    skipped = [p for k, p in outcomes if k == "skipped"]
    quarantined = [p for k, p in outcomes if k == "quarantined"]
    report.events_written += store.write_batch(coded, skipped, quarantined, run_id)
    for k, p in outcomes:
        report.add(k, p)


def run(
    paths: Sequence[str],
    db: str,
    input_format: str | None = None,
    published: str | None = None,
    batch_size: int = 32,
    pipeline: Pipeline | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    progress: bool = False,
    console: Any = None,
    near_duplicates: bool = False,
) -> RunReport:
    """Code ``paths`` into the DuckDB file ``db`` and return the run report.

    ``near_duplicates``: skip syndicated copies before NLP (``eventcoder run --skip-near-duplicates``).
    """
    from .clusters.duplicates import NearDuplicateFilter
    from .store import Store

    items = read(paths, input_format=input_format, max_chars=max_chars)  # raises on bad usage
    pipeline = pipeline or Pipeline()
    report = RunReport()
    t0 = time.perf_counter()
    with Store(db) as store:
        run_id = store.start_run(list(paths), {"input_format": input_format, "published": published})
        bar = _progress(console) if progress else None
        task = bar.add_task("coding", total=None, events=0, rate="") if bar else None
        try:
            if bar:
                bar.start()
            with recorded_run(store, run_id, report, t0):
                dedup = NearDuplicateFilter.from_store(store.con) if near_duplicates else None
                for outcomes in process(items, pipeline, published, batch_size, skip_ids=store.known_articles, dedup=dedup):
                    write_outcomes(store, outcomes, run_id, report)
                    if bar:
                        rate = report.read / max(time.perf_counter() - t0, 1e-9)
                        bar.update(task, advance=len(outcomes), events=report.events, rate=f"{rate:.1f} articles/s")
        finally:
            if bar:
                bar.stop()
    return report


@contextmanager
def recorded_run(store: Any, run_id: str, report: RunReport, t0: float) -> Iterator[None]:
    """Close the run's row in the store: finished, or interrupted when the body raises."""
    try:
        yield
    except BaseException:
        report.seconds = time.perf_counter() - t0
        store.finish_run(run_id, report.to_dict(), status="interrupted")
        raise
    report.seconds = time.perf_counter() - t0
    store.finish_run(run_id, report.to_dict())


def code(
    paths: Sequence[str],
    input_format: str | None = None,
    published: str | None = None,
    batch_size: int = 32,
    pipeline: Pipeline | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    report: RunReport | None = None,
) -> Iterator[CodedArticle]:
    """Code without a database: yields coded articles, counts everything in ``report``."""
    items = read(paths, input_format=input_format, max_chars=max_chars)
    pipeline = pipeline or Pipeline()
    report = report if report is not None else RunReport()
    t0 = time.perf_counter()
    for outcomes in process(items, pipeline, published, batch_size):
        for kind, payload in outcomes:
            report.add(kind, payload)
            if kind == "coded":
                yield payload
        report.seconds = time.perf_counter() - t0


def _progress(console: Any) -> Any:
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} articles"),
        TextColumn("{task.fields[events]} events"),
        TextColumn("[cyan]{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )
