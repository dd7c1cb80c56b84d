"""Dask: the same rows as a local run, coded by worker processes, written by one driver."""

from __future__ import annotations

import duckdb
import pytest

from conftest import SAMPLES
from eventcoder.distributed import expand, partition, run_dask
from eventcoder.engine import run

pytest.importorskip("dask.distributed")


def _rows(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return (
            sorted(r[0] for r in con.execute("SELECT id FROM articles").fetchall()),
            sorted(r[0] for r in con.execute("SELECT event_id FROM events").fetchall()),
        )
    finally:
        con.close()


def test_partition_covers_every_file_once(tmp_path):
    for i in range(10):
        (tmp_path / f"{i}.txt").write_text("x" * (i + 1) * 100)
    files = expand([str(tmp_path)])
    groups = partition(files, target_bytes=1500, max_files=3)
    flat = [f for g in groups for f in g]
    assert sorted(flat) == sorted(files) and len(flat) == 10
    assert all(len(g) <= 3 for g in groups)


@pytest.mark.slow
def test_dask_local_cluster_matches_local_run(tmp_path, pipeline):
    from dask.distributed import Client, LocalCluster

    ref = tmp_path / "ref.duckdb"
    run([str(SAMPLES)], str(ref), pipeline=pipeline, published="2017-11-20")
    db = tmp_path / "dask.duckdb"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        rep = run_dask([str(SAMPLES)], str(db), client=client, published="2017-11-20")
        assert rep.read == rep.coded == len(list(SAMPLES.glob("*.txt")))
        assert _rows(db) == _rows(ref)
        # resumable and idempotent like the local runner
        rep2 = run_dask([str(SAMPLES)], str(db), client=client, published="2017-11-20")
    assert rep2.skipped["already stored"] == rep.coded and rep2.events_written == 0
    assert _rows(db) == _rows(ref)
