"""Running the pipeline over many inputs: batching, accounting, resuming, progress.

Every input record ends in exactly one of three places — coded, skipped (with a reason) or
quarantined (with the coded error and origin) — and ``RunReport`` counts them. A batch is
written to the store in one transaction; a killed run re-started on the same inputs skips
what is already stored (reason ``already stored``) and ends with the same rows.
"""

from __future__ import annotations

import errno
import gc
import multiprocessing
import os
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .errors import EventcoderError, ProcessingError, UsageError
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
    gated: int = 0
    seconds: float = 0.0

    @property
    def articles_per_second(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0

    def add(self, kind: str, payload: Any) -> None:
        self.read += 1
        if kind == "coded":
            self.coded += 1
            self.events += len(payload.events)
            self.gated += bool(getattr(payload, "gated", False))
        elif kind == "skipped":
            self.skipped[payload[1].reason] += 1
        else:
            q: Quarantine = payload
            self.quarantined[f"{q.code} {_short(q.error)}"] += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "coded": self.coded,
            "gated": self.gated,
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


def default_workers() -> int:
    """Every core this process may run on (the affinity mask, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def check_workers(workers: int | None) -> int:
    """``None`` means every core; anything else must be a whole number >= 1 (E502)."""
    if workers is None:
        return default_workers()
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise UsageError("E502", value=workers)
    return workers


def process(
    items: Iterable[RawRecord | Quarantine],
    pipeline: Pipeline,
    published: str | None = None,
    batch_size: int = 32,
    skip_ids: Any = None,
    workers: int = 1,
    known: Any = None,
    dedup: Any = None,
) -> Iterator[list[Outcome]]:
    """Yield outcomes batch by batch, in input order (within and across batches).

    ``skip_ids`` is a callable taking a list of article ids and returning those already
    stored (the resume check); ``None`` codes everything. With ``workers`` > 1 the batches
    are coded by that many forked processes sharing the already built pipeline (see
    ``_parallel``); ``known`` is then a set of stored ids the workers skip without coding.
    ``dedup`` is a callable taking an article and returning the id of the article it nearly
    copies (or None): a copy is skipped as ``near-duplicate`` before NLP
    (``clusters.duplicates.NearDuplicateFilter``). Its index grows as articles are seen, so a
    run with ``dedup`` codes in this process (no workers).
    """
    seen: set[str] = set()
    it = iter(items)
    batches = _chunks(it, batch_size)
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None) if workers > 1 and dedup is None else None
    if second is None or not _can_fork():
        # one batch (a single article, a small file) is not worth a pool
        yield _process_batch(first, pipeline, published, seen, skip_ids, dedup)
        if second is not None:
            yield _process_batch(second, pipeline, published, seen, skip_ids, dedup)
        for batch in batches:
            yield _process_batch(batch, pipeline, published, seen, skip_ids, dedup)
        return
    yield from _parallel(_prepend([first, second], batches), pipeline, published, seen, skip_ids, workers, known)


def _chunks(it: Iterator[Any], n: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in it:
        batch.append(item)
        if len(batch) >= n:
            yield batch
            batch = []
    if batch:
        yield batch


def _prepend(head: list[Any], rest: Iterator[Any]) -> Iterator[Any]:
    yield from head
    yield from rest


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


# the pipeline and options a forked worker inherits (set in the parent just before the fork)
_WORKER: dict[str, Any] = {}


def _worker_init() -> None:
    """A forked worker lets go of the writer's lock file and dies with its parent: a
    SIGKILLed ``run`` must leave nothing behind that holds the database or keeps coding."""
    from .store import close_inherited_locks

    close_inherited_locks()
    # the inherited pipeline, with what ``warm`` loaded, out of the full collections
    # (``long_lived``); a worker ends with ``os._exit``, so nothing frozen outlives it
    gc.freeze()
    try:  # Linux: SIGKILL this worker when the parent dies, however it dies
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass


def _work(batch: list[RawRecord | Quarantine]) -> list[Outcome]:
    """A worker's job: one batch, coded exactly as the single-process engine codes it."""
    w = _WORKER
    known = w["known"]
    skip = (lambda ids: known.intersection(ids)) if known else None
    return _process_batch(batch, w["pipeline"], w["published"], set(), skip)


def _parallel(
    batches: Iterator[list[RawRecord | Quarantine]],
    pipeline: Pipeline,
    published: str | None,
    seen: set[str],
    skip_ids: Any,
    workers: int,
    known: Any,
) -> Iterator[list[Outcome]]:
    """Batches coded by ``workers`` forked processes, yielded in input order.

    Fork, not spawn: the children share the parent's built pipeline (spaCy model, gazetteer,
    dictionaries) copy-on-write, so a worker costs no start-up and little memory. The input
    stays a stream: at most ``2 * workers`` batches are in flight. Duplicates across batches
    and articles stored meanwhile become the same skips the single-process engine records.
    """
    _WORKER.update(pipeline=pipeline, published=published, known=frozenset(known or ()))
    pipeline.warm()  # first-use loads paid once here, not once per worker
    ctx = multiprocessing.get_context("fork")
    pending: deque[Any] = deque()
    with ctx.Pool(workers, initializer=_worker_init) as pool:
        for batch in batches:
            pending.append(pool.apply_async(_work, (batch,)))
            if len(pending) >= 2 * workers:
                yield _settle(pending.popleft().get(), seen, skip_ids)
        while pending:
            yield _settle(pending.popleft().get(), seen, skip_ids)
    _WORKER.clear()


def _settle(outcomes: list[Outcome], seen: set[str], skip_ids: Any) -> list[Outcome]:
    """A worker's outcomes checked against the run's own state (what a single process knows
    before coding): an article coded in an earlier batch, or already stored."""
    ids = [p.article.id for k, p in outcomes if k == "coded"]
    stored = skip_ids(ids) if skip_ids is not None and ids else set()
    out: list[Outcome] = []
    for k, p in outcomes:
        aid, origin = _article_of(k, p)
        if aid is not None:
            if aid in seen:
                out.append(("skipped", (None, Skip(aid, origin, "duplicate in this run"))))
                continue
            seen.add(aid)
            if k == "coded" and aid in stored:
                out.append(("skipped", (None, Skip(aid, origin, "already stored"))))
                continue
        out.append((k, p))
    return out


def _article_of(kind: str, payload: Any) -> tuple[str | None, Any]:
    """The id a single process would have put in its ``seen`` set for this outcome."""
    if kind == "coded":
        return payload.article.id, payload.article.origin
    if kind == "skipped" and payload[1].reason == "already stored":
        return payload[1].article_id, payload[1].origin
    if kind == "quarantined" and payload.article_id:
        return payload.article_id, payload.origin
    return None, None


#: the machine, not the article: a full disk or a read-only file system stops the run (the CLI
#: reports it with a coded error; a resume completes) instead of quarantining every article
ENVIRONMENT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})


def _raise_if_environment(err: BaseException) -> None:
    """Re-raise an out-of-space / read-only error met inside a stage, however it was wrapped."""
    seen = 0
    cur: BaseException | None = err
    while cur is not None and seen < 8:
        if isinstance(cur, OSError) and cur.errno in ENVIRONMENT_ERRNOS:
            raise cur
        cur = cur.__cause__ or cur.__context__
        seen += 1


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
            _raise_if_environment(err)
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
        except Exception as batch_err:  # noqa: BLE001 - isolate the failing article(s): code one by one
            _raise_if_environment(batch_err)
            for idx, art in to_code:
                try:
                    slots[idx] = ("coded", pipeline.code(art))
                except ProcessingError as err:
                    _raise_if_environment(err)
                    slots[idx] = ("quarantined", Quarantine(art.origin, err.code, err.message, article_id=art.id))
                except Exception as err:  # noqa: BLE001 - a crash in any stage quarantines this article only
                    _raise_if_environment(err)
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
    workers: int | None = 1,
    near_duplicates: bool = False,
) -> RunReport:
    """Code ``paths`` into the DuckDB file ``db`` and return the run report.

    ``workers``: processes coding in parallel (``None``: every core); only this process
    writes to the database, one transaction per batch, in input order. ``near_duplicates``:
    skip syndicated copies before NLP (``eventcoder run --skip-near-duplicates``; codes in
    one process)."""
    from .store import Store

    workers = check_workers(workers)
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
                dedup = None
                if near_duplicates:
                    # imported only when asked for: MinHash/LSH and the text tools bring in
                    # datasketch, scikit-learn and SciPy (about 1.7 s of imports a run paid)
                    from .clusters.duplicates import NearDuplicateFilter

                    dedup = NearDuplicateFilter.from_store(store.con)
                known = store.article_ids() if workers > 1 and dedup is None else None
                with long_lived():
                    for outcomes in process(
                        items, pipeline, published, batch_size, skip_ids=store.known_articles, workers=workers, known=known, dedup=dedup
                    ):
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
    workers: int | None = 1,
) -> Iterator[CodedArticle]:
    """Code without a database: yields coded articles in input order, counts everything in
    ``report``; ``workers`` processes code in parallel (``None``: every core)."""
    workers = check_workers(workers)
    items = read(paths, input_format=input_format, max_chars=max_chars)
    pipeline = pipeline or Pipeline()
    report = report if report is not None else RunReport()
    t0 = time.perf_counter()
    with long_lived():
        for outcomes in process(items, pipeline, published, batch_size, workers=workers):
            for kind, payload in outcomes:
                report.add(kind, payload)
                if kind == "coded":
                    yield payload
            report.seconds = time.perf_counter() - t0


@contextmanager
def long_lived() -> Iterator[None]:
    """Keep what exists now (the pipeline: spaCy's model, the gazetteer's index, the
    dictionaries and models, hundreds of thousands of objects) out of the cyclic garbage
    collector's full passes for the length of a run (``gc.freeze``), then hand it back
    (``gc.unfreeze``).

    Why: each full collection walked the whole pipeline again to find the few cycles an
    article leaves — 0.21 of 16.1 CPU-s in a 300-article run, 0.04 frozen. Nothing a run
    codes depends on when the collector runs. Handed back at the end because an object
    still frozen at exit is never freed, and nanobind reports those as leaks; the forked
    workers freeze what they inherit (``_worker_init``) and end with ``os._exit``."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


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
