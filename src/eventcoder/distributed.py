"""Running the pipeline on Dask: a local cluster, an existing scheduler, or SLURM.

The same accounting as ``engine.run`` — every record coded, skipped or quarantined, one
transaction per batch — with the coding spread over workers. Workers read and code file
groups; only the driver writes to DuckDB (one write connection, as DuckDB requires), so a
killed run resumes like a local one: rows already stored are skipped, nothing is doubled.

``scheduler`` is ``"local"`` / ``"local:N"`` (a LocalCluster of N single-threaded worker
processes), ``"slurm"`` (dask-jobqueue's SLURMCluster, configured the usual dask way, e.g.
``~/.config/dask/jobqueue.yaml``), or the address of a running scheduler
(``tcp://host:8786``). Dask is an optional extra: ``pip install eventcoder[dask]``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from .engine import Outcome, RunReport, process, recorded_run, write_outcomes
from .errors import ConfigError, UsageError
from .ingest import DEFAULT_MAX_CHARS, read


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


def partition(files: Sequence[str], target_bytes: int = 8_000_000, max_files: int = 64) -> list[list[str]]:
    """Groups of files of roughly equal size: one Dask task each."""
    groups: list[list[str]] = []
    cur: list[str] = []
    size = 0
    for f in files:
        try:
            n = os.path.getsize(f)
        except OSError:
            n = 0
        if cur and (size + n > target_bytes or len(cur) >= max_files):
            groups.append(cur)
            cur, size = [], 0
        cur.append(f)
        size += n
    if cur:
        groups.append(cur)
    return groups


@lru_cache(maxsize=1)
def _worker_pipeline(actors: tuple[str, ...], config: str | None = None) -> Any:
    """The worker's pipeline, built from the same config as the driver's (loaded once)."""
    from .pipeline import Pipeline

    if actors:
        from .actors import ActorDictionary

        return Pipeline(config=config, actors=ActorDictionary.load(list(actors)))
    return Pipeline(config=config)


def code_group(
    files: list[str],
    input_format: str | None,
    published: str | None,
    max_chars: int,
    batch_size: int,
    actors: tuple[str, ...] = (),
    config: str | None = None,
) -> list[Outcome]:
    """A Dask task: read and code a group of files on a worker (the pipeline is loaded once
    per worker process and reused)."""
    pipe = _worker_pipeline(actors, config)
    items = read(files, input_format=input_format, max_chars=max_chars)
    out: list[Outcome] = []
    for outcomes in process(items, pipe, published, batch_size):
        out.extend(outcomes)
    return out


def client_for(scheduler: str) -> Any:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as err:
        raise ConfigError("E010", name="dask.distributed", extra="dask") from err
    if scheduler == "local" or scheduler.startswith("local:"):
        n = int(scheduler.split(":", 1)[1]) if ":" in scheduler else (os.cpu_count() or 1)
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
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
) -> RunReport:
    """Like ``engine.run``, with the coding done by Dask workers."""
    from .store import Store

    files = expand(paths)
    groups = partition(files)
    own_client = client is None
    client = client or client_for(scheduler)
    report = RunReport()
    t0 = time.perf_counter()
    seen: set[str] = set()
    try:
        from dask.distributed import as_completed

        with Store(db) as store:
            run_id = store.start_run(list(paths), {"scheduler": scheduler, "input_format": input_format, "published": published})
            futures = [
                client.submit(code_group, g, input_format, published, max_chars, batch_size, tuple(actors), config, pure=False)
                for g in groups
            ]
            with recorded_run(store, run_id, report, t0):
                for fut in as_completed(futures):
                    outcomes = fut.result()
                    for batch in _batches(outcomes, 256):
                        write_outcomes(store, _dedupe(batch, seen, store), run_id, report)
    finally:
        if own_client:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()
    return report


def _batches(items: list[Outcome], n: int) -> Iterator[list[Outcome]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _dedupe(batch: list[Outcome], seen: set[str], store: Any) -> list[Outcome]:
    """Duplicates across workers and rows stored by an earlier (killed) run become skips."""
    from .records import Skip

    ids = [p.article.id for k, p in batch if k == "coded"]
    known = store.known_articles(ids)
    out: list[Outcome] = []
    for k, p in batch:
        if k == "coded":
            aid = p.article.id
            if aid in known:
                out.append(("skipped", (None, Skip(aid, p.article.origin, "already stored"))))
                continue
            if aid in seen:
                out.append(("skipped", (None, Skip(aid, p.article.origin, "duplicate in this run"))))
                continue
            seen.add(aid)
        out.append((k, p))
    return out
