"""Databases for the serve tests, built for real; a failure to build fails the tests.

``build_sample_db`` codes the packaged sample articles (src/eventcoder/samples) with the
real pipeline through ``engine.run``, exactly as ``eventcoder run`` would, and checks that
every sample was coded: there is no fallback to hand-made events, so the API is always
tested on what the pipeline really produces.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "eventcoder" / "samples"
SAMPLE_PUBLISHED = "2017-11-20"


def sample_paths() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))


def build_sample_db(path: str | os.PathLike[str], pipeline: Any = None) -> str:
    """Code the samples into ``path`` (which must not exist); returns the path as a string."""
    from eventcoder.engine import run

    report = run([str(SAMPLES)], str(path), published=SAMPLE_PUBLISHED, pipeline=pipeline)
    n = len(sample_paths())
    if report.coded != n or report.quarantined or report.events == 0:
        raise AssertionError(f"the sample database is incomplete: {report.to_dict()}")
    return str(path)


def build_empty_db(path: str | os.PathLike[str]) -> str:
    """An eventcoder database with the schema and no rows (for ingest tests)."""
    from eventcoder.store import Store

    Store(str(path)).close()
    return str(path)


def build_synthetic_db(path: str | os.PathLike[str], n_events: int, clusters: bool = False) -> str:
    """``n_events`` generated events (``benchmarks/serve_load.fill_synthetic``) at ``path``;
    with ``clusters``, 40 % of them grouped into real-world events (``fill_clusters``)."""
    import importlib.util

    bench = Path(__file__).resolve().parents[2] / "benchmarks" / "serve_load.py"
    spec = importlib.util.spec_from_file_location("eventcoder_serve_load", bench)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.fill_synthetic(path, n_events)
    if clusters:
        mod.fill_clusters(path)
    return str(path)


def build_clustered_db(path: str | os.PathLike[str], workdir: str | os.PathLike[str], pipeline: Any = None) -> str:
    """The samples plus a syndicated copy of the CGTN report (another outlet's byline), coded
    with near-duplicate detection (the copy is skipped and linked to the original), then
    clustered as ``eventcoder clusters`` does: the CGTN capture claim (per the Hezbollah news
    service) and the Observatory's report form one cluster with an outcome disagreement."""
    import shutil

    import duckdb

    from eventcoder.clusters.store import cluster_store
    from eventcoder.engine import run

    src = Path(workdir) / "clustered-in"
    shutil.copytree(SAMPLES, src)
    title, outlet, rest = (SAMPLES / "cgtn-albu-kamal.txt").read_text("utf-8").split("\n", 2)
    (src / "wire-copy-albu-kamal.txt").write_text(f"{title}\nWire Copy Service\n{rest}\nDistributed by Wire Copy Service.\n", "utf-8")
    report = run([str(src)], str(path), published=SAMPLE_PUBLISHED, pipeline=pipeline, near_duplicates=True)
    if report.coded != len(sample_paths()) or report.skipped.get("near-duplicate") != 1:
        raise AssertionError(f"the clustered database is not as expected: {report.to_dict()}")
    con = duckdb.connect(str(path))
    try:
        cluster_store(con)
    finally:
        con.close()
    return str(path)
