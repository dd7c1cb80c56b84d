"""Running the pipeline on Dask: a local cluster, an existing scheduler, or SLURM.

The same accounting as ``engine.run`` — every record coded, skipped or quarantined — with
the coding spread over workers. The inputs are cut into *partitions*: groups of small files
of similar size, and big WARC files cut into record slices (record ``i`` of a file cut in
``n`` goes to slice ``i mod n``). A task reads and codes one partition on a worker and
writes its rows as Parquet files (one per table, the store's own schema, built through the
store's own ``write_batch`` in an in-memory DuckDB), returning only a small summary. The
driver — DuckDB's one write connection — loads each finished partition with one
``INSERT OR IGNORE … SELECT … FROM read_parquet`` transaction and counts its summary in the
run report, so a killed run resumes like a local one (stored articles are skipped, nothing
is doubled). A partition whose task fails is resubmitted (``retries``) and the retries are
reported; one that still fails is stored as a quarantine row with code E503, never dropped.

``scheduler`` is ``"local"`` / ``"local:N"`` (a LocalCluster of N single-threaded worker
processes), ``"slurm"`` (dask-jobqueue's SLURMCluster, configured the usual dask way, e.g.
``~/.config/dask/jobqueue.yaml``), or the address of a running scheduler
(``tcp://host:8786``). Dask is an optional extra: ``pip install eventcoder[dask]``.
"""

from __future__ import annotations

import os
import shutil
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .engine import RunReport, process, recorded_run
from .errors import ConfigError, UsageError
from .ingest import DEFAULT_MAX_CHARS, read
from .records import Origin, Quarantine

TABLES = ("articles", "events", "places", "quarantine")


def expand(paths: Sequence[str]) -> list[str]:
    """Input files, directories expanded (sorted, hidden files left out as ``ingest`` does)."""
    out: list[str] = []
    for p in paths:
        if p == "-":
            raise UsageError("E003", path="-", reason="stdin cannot be distributed; pass files")
        if not os.path.exists(p):
            raise UsageError("E002", path=p)
        if os.path.isdir(p):
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames.sort()
                out.extend(str(Path(dirpath) / f) for f in sorted(filenames) if not f.startswith("."))
        else:
            out.append(p)
    return out


@dataclass(frozen=True, slots=True)
class Part:
    """One task's input: files, or one record slice of one (WARC) file."""

    index: int
    files: tuple[str, ...]
    slice: int = 0
    slices: int = 1

    def describe(self) -> str:
        where = ", ".join(self.files[:3]) + (f" (+{len(self.files) - 3} files)" if len(self.files) > 3 else "")
        return where + (f" records {self.slice} mod {self.slices}" if self.slices > 1 else "")


def partition(files: Sequence[str], target_bytes: int = 8_000_000, max_files: int = 64, taper: int = 0) -> list[list[str]]:
    """Groups of files of roughly equal size: one Dask task each.

    ``taper`` (the number of workers; 0: off) shrinks the groups toward the end of the input,
    each at most a ``1 / (2 * taper)`` share of what is left (and never under 4 files or
    64 kB): the tasks are handed out in input order, so the last ones are small and the
    workers finish together instead of one coding a whole partition while the others idle
    (guided self-scheduling). The early groups keep the full size, so the per-task cost
    (a task's round trip, its in-memory store, its Parquet files, the driver's merge) is paid
    only a few more times."""
    sizes = []
    for f in files:
        try:
            sizes.append(os.path.getsize(f))
        except OSError:
            sizes.append(0)
    left_bytes, left_files = sum(sizes), len(files)
    groups: list[list[str]] = []
    cur: list[str] = []
    size = 0

    def limits() -> tuple[int, int]:
        if not taper:
            return target_bytes, max_files
        share = 2 * taper
        return min(target_bytes, max(64_000, left_bytes // share)), min(max_files, max(4, left_files // share))

    cap_bytes, cap_files = limits()
    for f, n in zip(files, sizes, strict=True):
        if cur and (size + n > cap_bytes or len(cur) >= cap_files):
            groups.append(cur)
            left_bytes -= size
            left_files -= len(cur)
            cur, size = [], 0
            cap_bytes, cap_files = limits()
        cur.append(f)
        size += n
    if cur:
        groups.append(cur)
    return groups


def _is_warc(path: str) -> bool:
    name = path.lower().removesuffix(".gz")
    return name.endswith((".warc", ".arc"))


def parts_of(
    files: Sequence[str], target_bytes: int = 8_000_000, max_files: int = 64, warc_slice_bytes: int = 64_000_000, taper: int = 0
) -> list[Part]:
    """The run's partitions: small files grouped (``partition``, tapered toward the end for
    ``taper`` workers), every WARC file bigger than ``warc_slice_bytes`` cut into that many
    record slices, in input order."""
    parts: list[Part] = []
    plain: list[str] = []

    def flush() -> None:
        for g in partition(plain, target_bytes, max_files, taper):
            parts.append(Part(len(parts), tuple(g)))
        plain.clear()

    for f in files:
        size = os.path.getsize(f) if os.path.exists(f) else 0
        if _is_warc(f) and size > warc_slice_bytes:
            flush()
            n, base = -(-size // warc_slice_bytes), len(parts)
            parts.extend(Part(base + k, (f,), k, n) for k in range(n))
        else:
            plain.append(f)
    flush()
    return parts


@lru_cache(maxsize=1)
def _worker_pipeline(actors: tuple[str, ...], config: str | None = None) -> Any:
    """The worker's pipeline, built from the same config as the driver's (loaded once)."""
    from .pipeline import Pipeline

    if actors:
        from .actors import ActorDictionary

        return Pipeline(config=config, actors=ActorDictionary.load(list(actors)))
    return Pipeline(config=config)


def code_part(
    part: Part,
    out_dir: str,
    run_id: str,
    input_format: str | None,
    published: str | None,
    max_chars: int,
    batch_size: int,
    actors: tuple[str, ...] = (),
    config: str | None = None,
    known: frozenset[str] | None = None,
) -> dict[str, Any]:
    """A Dask task: read and code one partition, write its rows as Parquet, return a summary.

    The summary holds one ``(kind, article id, origin, reason, events, gated)`` tuple per
    record (what the driver needs to count and de-duplicate across partitions) and the Parquet
    paths; the rows themselves never travel through the scheduler."""
    from .store import Store

    t0 = time.perf_counter()
    started = time.time()
    c0 = time.process_time()
    pipe = _worker_pipeline(actors, config)
    build = time.process_time() - c0
    items = read(list(part.files), input_format=input_format, max_chars=max_chars)
    if part.slices > 1:
        items = (it for i, it in enumerate(items) if i % part.slices == part.slice)
    skip = (lambda ids: known.intersection(ids)) if known else None
    summary: list[tuple[str, str | None, str, str, int, bool]] = []
    store = Store(":memory:")
    try:
        for outcomes in process(items, pipe, published, batch_size, skip_ids=skip):
            coded = [p for k, p in outcomes if k == "coded"]
            skipped = [p for k, p in outcomes if k == "skipped"]
            quarantined = [p for k, p in outcomes if k == "quarantined"]
            store.write_batch(coded, skipped, quarantined, run_id)
            for k, p in outcomes:
                if k == "coded":
                    summary.append((k, p.article.id, str(p.article.origin), "", len(p.events), bool(p.gated)))
                elif k == "skipped":
                    summary.append((k, p[1].article_id, str(p[1].origin), p[1].reason, 0, False))
                else:
                    summary.append((k, p.article_id, str(p.origin), f"{p.code} {p.error}", 0, False))
        c1 = time.process_time()
        base = Path(out_dir) / f"part-{part.index:06d}"
        paths = {}
        for table in TABLES:
            path = f"{base}.{table}.parquet"
            store.con.execute(f"COPY {table} TO '{_sql(path)}' (FORMAT parquet)")  # noqa: S608 - our own path
            paths[table] = path
    finally:
        store.close()
    worker = f"{socket.gethostname()}:{os.getpid()}"
    # CPU seconds of this worker process (the task's thread and the worker's own): building the
    # pipeline (the first task of a worker process only), coding, writing the Parquet files
    cpu = {"build": build, "code": c1 - c0 - build, "parquet": time.process_time() - c1}
    # wall-clock start and end (epoch seconds): the driver's timeline of the run (idle gaps,
    # the last straggler) is made of these
    span = (started, time.time())
    return {"part": part.index, "summary": summary, "paths": paths, "seconds": time.perf_counter() - t0, "worker": worker, "cpu": cpu, "span": span}


def _sql(path: str) -> str:
    return path.replace("'", "''")


#: Dask settings for the workers of a local cluster (``docs/SCALING.md``, measured with
#: ``benchmarks/dask_costs.py``): with Dask's defaults a worker spent about 13 % more CPU per
#: article than the same code in a plain process, and with these two none. Dask's statistical
#: profiler samples the task thread's Python stack every 10 ms (the pipeline's stacks are deep
#: and its calls short); ``MALLOC_TRIM_THRESHOLD_`` set at all (Dask sets 64 KiB to hand memory
#: back to the OS) turns off glibc's adaptive mmap threshold, so every array spaCy allocates
#: and frees per batch above 128 KiB is a fresh mmap and its page faults. Workers of a remote
#: cluster (``tcp://``, SLURM) take their own config: the same two settings are in the recipes.
#:
#: The others are for a run of many seconds-long tasks on few cores, where the scheduler and
#: the nannies share the cores with the workers (they run in the driver's process): one task
#: per worker at a time (Dask's default 1.1 sends a single-threaded worker a second task to
#: hold in reserve, which at the end waits behind a straggler while another worker idles);
#: the event-loop health tick and the system monitor polled less often (every 20 ms and
#: 500 ms by default, in every server: scheduler, nannies and workers).
WORKER_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.scheduler.worker-saturation": 1.0,
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
}


def _fork_ok() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


_AT_FORK: list[bool] = []


def _drop_locks_in_forked_children() -> None:
    """A worker forked from the driver (or re-forked by its nanny after a crash, when the
    driver holds the database) must not keep the driver's ``<db>.lock`` descriptors: a killed
    run's resume would be refused (E018), as with ``run --workers``' forked pool."""
    if not _AT_FORK:
        from .store import close_inherited_locks

        os.register_at_fork(after_in_child=close_inherited_locks)
        _AT_FORK.append(True)


def client_for(scheduler: str, preload: Any = None) -> Any:
    """A Dask client for ``scheduler`` (``local[:N]``, ``slurm`` or an address).

    For a local cluster, ``preload`` (a callable: build the pipeline) runs in this process
    first and the workers are then *forked* from it where the platform can fork, so each
    starts with the pipeline already built and imported (the way ``run --workers`` forks its
    pool). Spawned, each worker re-imported Dask, spaCy and the package and built its own
    pipeline: measured, the cluster's start took 5 s of wall time and each worker's first task
    1.4–1.7 CPU-s more, a serial cost that a 2-worker run pays as much as a 1-worker run.
    The fork happens before the driver opens DuckDB (no inherited database lock)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as err:
        raise ConfigError("E010", name="dask.distributed", extra="dask") from err
    if scheduler == "local" or scheduler.startswith("local:"):
        import dask

        n = int(scheduler.split(":", 1)[1]) if ":" in scheduler else (os.cpu_count() or 1)
        fork = preload is not None and _fork_ok()
        if fork:
            preload()
            _drop_locks_in_forked_children()
        # the nannies copy this config (and the environment to spawn with) when they are made;
        # a nanny also leaves its variables in this process's environment (an earlier stock
        # cluster's MALLOC_TRIM_THRESHOLD_), which the workers would inherit: hidden meanwhile
        saved = os.environ.pop("MALLOC_TRIM_THRESHOLD_", None)
        config = {**WORKER_CONFIG, "distributed.worker.multiprocessing-method": "fork"} if fork else WORKER_CONFIG
        try:
            with dask.config.set(config):
                cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
        finally:
            if saved is not None:
                os.environ["MALLOC_TRIM_THRESHOLD_"] = saved
        return Client(cluster)
    if scheduler == "slurm":
        try:
            from dask_jobqueue import SLURMCluster
        except ImportError as err:
            raise ConfigError("E010", name="dask-jobqueue", extra="dask") from err
        cluster = SLURMCluster()
        cluster.adapt(minimum_jobs=1, maximum_jobs=int(os.environ.get("EVENTCODER_SLURM_MAX_JOBS", "8")))
        return Client(cluster)
    return Client(scheduler)


@dataclass
class DaskReport(RunReport):
    """The run report plus what the cluster did: partitions, retries, failures."""

    partitions: int = 0
    retried: dict[int, int] | None = None
    failed: list[str] | None = None
    worker_seconds: float = 0.0
    workers_used: int = 0
    #: where the wall time went (``timeline()``): the driver's phases and every task's span
    phases: dict[str, float] | None = None
    spans: list[tuple[str, float, float]] | None = None

    def timeline(self) -> dict[str, Any]:
        """The run's wall time, taken apart: cluster start, time to the first task, each
        worker's busy seconds and idle gaps, the tail (the last worker still coding after
        another has finished for good), the driver's merge and the cluster's close.
        Seconds from the start of ``run_dask``; what a 2-worker run loses against 1 is here."""
        out: dict[str, Any] = {k: round(v, 3) for k, v in (self.phases or {}).items()}
        spans = self.spans or []
        if not spans:
            return out
        first = min(s for _, s, _ in spans)
        last = max(e for _, _, e in spans)
        by: dict[str, list[tuple[float, float]]] = {}
        for w, s, e in spans:
            by.setdefault(w, []).append((s, e))
        busy = {w: sum(e - s for s, e in xs) for w, xs in by.items()}
        out["tasks_first_start_s"] = round(first, 3)
        out["tasks_last_end_s"] = round(last, 3)
        out["worker_busy_s"] = sorted(round(b, 3) for b in busy.values())
        # idle while the run's tasks were under way: between the first start and the last end
        out["worker_idle_s"] = round(sum(last - first - b for b in busy.values()), 3)
        out["tail_s"] = round(last - min(max(e for _, e in xs) for xs in by.values()), 3)
        return out

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        d["partitions"] = self.partitions
        d["partitions_retried"] = {str(k): v for k, v in (self.retried or {}).items()}
        d["partitions_failed"] = list(self.failed or [])
        d["worker_seconds"] = round(self.worker_seconds, 3)
        d["workers_used"] = self.workers_used
        d["timeline"] = self.timeline()
        return d


def run_dask(
    paths: Sequence[str],
    db: str,
    scheduler: str = "local",
    input_format: str | None = None,
    published: str | None = None,
    batch_size: int = 32,
    max_chars: int = DEFAULT_MAX_CHARS,
    actors: Sequence[str] = (),
    client: Any = None,
    config: str | None = None,
    parts_dir: str | None = None,
    retries: int = 2,
    target_bytes: int = 8_000_000,
    warc_slice_bytes: int = 64_000_000,
) -> DaskReport:
    """Like ``engine.run``, with the coding done by Dask workers writing Parquet partitions.

    ``parts_dir`` must be reachable by every worker and the driver (a shared file system on
    a cluster; default ``DB.parts/`` beside the database). It is removed after a run with no
    failed partition."""
    from .store import Store

    files = expand(paths)
    own_client = client is None
    start, cpu0 = time.time(), time.process_time()
    phases: dict[str, float] = {}

    def preload() -> None:
        b = time.process_time()
        _worker_pipeline(tuple(actors), config)
        phases["pipeline_build_cpu_s"] = time.process_time() - b

    client = client or client_for(scheduler, preload=preload)
    phases["cluster_start_s"] = time.time() - start
    # enough partitions to keep every worker busy to the end (4 per worker), none too big
    # (an adaptive cluster may have no worker yet: plan for 16)
    n_workers = len(client.scheduler_info().get("workers", {})) or 16
    total = sum(os.path.getsize(f) for f in files if os.path.exists(f))
    target_bytes = min(target_bytes, max(64_000, total // (4 * n_workers) + 1))
    parts = parts_of(files, target_bytes=target_bytes, warc_slice_bytes=warc_slice_bytes, taper=n_workers)
    report = DaskReport(partitions=len(parts), retried={}, failed=[], phases=phases, spans=[])
    t0 = time.perf_counter()
    seen: set[str] = set()
    workers: set[str] = set()
    try:
        from dask.distributed import as_completed

        with Store(db) as store:
            run_id = store.start_run(list(paths), {"scheduler": scheduler, "input_format": input_format, "published": published})
            out_dir = Path(parts_dir or f"{db}.parts") / run_id
            out_dir.mkdir(parents=True, exist_ok=True)
            known = frozenset(store.article_ids())
            known_f = client.scatter(known, broadcast=True) if known else None
            args = (str(out_dir), run_id, input_format, published, max_chars, batch_size, tuple(actors), config, known_f)

            def submit(part: Part) -> Any:
                return client.submit(code_part, part, *args, pure=False, key=f"eventcoder-part-{run_id[:8]}-{part.index}-{report.retried.get(part.index, 0)}")

            by_key = {}
            futures = []
            for part in parts:
                fut = submit(part)
                by_key[fut.key] = part
                futures.append(fut)
            with recorded_run(store, run_id, report, t0):
                pending = as_completed(futures)
                for fut in pending:
                    part = by_key[fut.key]
                    try:
                        res = fut.result()
                    except Exception as err:  # noqa: BLE001 - a worker's failure is data: retried, then stored
                        tries = report.retried.get(part.index, 0)
                        if tries < retries:
                            report.retried[part.index] = tries + 1
                            nxt = submit(part)
                            by_key[nxt.key] = part
                            pending.add(nxt)
                            continue
                        _store_failed(store, part, tries + 1, err, run_id, report)
                        continue
                    m = time.thread_time()
                    _merge(store, res, seen, report)
                    phases["merge_cpu_s"] = phases.get("merge_cpu_s", 0.0) + time.thread_time() - m
                    report.worker_seconds += res["seconds"]
                    workers.add(res["worker"])
                    if "span" in res:
                        report.spans.append((res["worker"], res["span"][0] - start, res["span"][1] - start))
                        phases["worker_cpu_s"] = phases.get("worker_cpu_s", 0.0) + sum(res["cpu"].values())
                        phases["worker_build_cpu_s"] = phases.get("worker_build_cpu_s", 0.0) + res["cpu"]["build"]
                phases["last_merged_s"] = time.time() - start
            report.workers_used = len(workers)
        if not report.failed:
            shutil.rmtree(out_dir, ignore_errors=True)
    finally:
        if own_client:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()
        phases["closed_s"] = time.time() - start
        # this process's CPU: the driver's merges and, for a local cluster, the scheduler and
        # the nannies (they run in this process's event loop thread)
        phases["driver_cpu_s"] = time.process_time() - cpu0
    return report


def _merge(store: Any, res: dict[str, Any], seen: set[str], report: RunReport) -> None:
    """Load one partition's Parquet rows in one transaction and count its records.

    An article coded by two partitions (the same text twice in the input) is counted once as
    coded and once as ``duplicate in this run``; one already in the database as ``already
    stored`` — the local engine's reasons. ``INSERT OR IGNORE`` keeps the first row."""
    summary = res["summary"]
    ids = [aid for kind, aid, *_ in summary if kind == "coded" and aid]
    stored = store.known_articles(ids)
    con = store.con
    before = int(con.execute("SELECT count(*) FROM events").fetchone()[0])
    con.execute("BEGIN TRANSACTION")
    try:
        for table in TABLES:
            con.execute(f"INSERT OR IGNORE INTO {table} SELECT * FROM read_parquet('{_sql(res['paths'][table])}')")  # noqa: S608
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    report.events_written += int(con.execute("SELECT count(*) FROM events").fetchone()[0]) - before
    for kind, aid, _origin, reason, n_events, gated in summary:
        if kind == "quarantined":
            report.read += 1
            report.quarantined[_reason_key(reason)] += 1
            if aid:
                seen.add(aid)
            continue
        if kind == "skipped":
            if reason == "already stored" and aid:
                if aid in seen:
                    reason = "duplicate in this run"
                seen.add(aid)
            report.read += 1
            report.skipped[reason] += 1
            continue
        report.read += 1
        if aid in seen:
            report.skipped["duplicate in this run"] += 1
        elif aid in stored:
            seen.add(aid)
            report.skipped["already stored"] += 1
        else:
            seen.add(aid)
            report.coded += 1
            report.events += n_events
            report.gated += int(gated)


def _reason_key(reason: str) -> str:
    from .engine import _short

    code, _, msg = reason.partition(" ")
    return f"{code} {_short(msg)}"


def _store_failed(store: Any, part: Part, tries: int, err: BaseException, run_id: str, report: DaskReport) -> None:
    """A partition that failed every try: a quarantine row (E503) naming it, in the report."""
    from .errors import ProcessingError

    msg = ProcessingError("E503", partition=part.describe(), tries=tries, reason=f"{type(err).__name__}: {err}"[:300]).message
    q = Quarantine(Origin(part.files[0]), "E503", msg)
    store.write_batch([], [], [q], run_id)
    report.failed = [*(report.failed or []), part.describe()]
    report.read += 1
    report.quarantined[f"E503 {msg.split(':', 1)[0]}"] += 1


__all__ = ["Part", "client_for", "code_part", "expand", "partition", "parts_of", "run_dask"]
