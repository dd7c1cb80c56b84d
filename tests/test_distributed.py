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
            # the flat columns travel through the Parquet partitions: the historical flag too
            sorted(con.execute("SELECT event_id, historical FROM events").fetchall()),
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
        assert _rows(db) == _rows(ref) and any(h for _, h in _rows(db)[1])
        # resumable and idempotent like the local runner
        rep2 = run_dask([str(SAMPLES)], str(db), client=client, published="2017-11-20")
    assert rep2.skipped["already stored"] == rep.coded and rep2.events_written == 0
    assert _rows(db) == _rows(ref)


def _warc(path, n):
    """A WARC of ``n`` HTML responses, each a different short conflict report."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    towns = ["Nairobi", "Mombasa", "Kisumu", "Nakuru", "Eldoret", "Garissa", "Malindi", "Lamu", "Thika", "Embu"]
    for i in range(n):
        town = towns[i % len(towns)]
        html = (
            f"<html><body><article><p>Police fired tear gas at {i + 3} protesters in {town} on Tuesday, witnesses said.</p>"
            f"<p>The marchers had blocked a road to protest against fuel prices.</p></article></body></html>"
        ).encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
        w.write_record(w.create_warc_record(f"http://example.org/{i}", "response", payload=io.BytesIO(html), http_headers=headers))
    path.write_bytes(buf.getvalue())
    return path


def test_big_warc_is_cut_into_record_slices(tmp_path):
    from eventcoder.distributed import Part, parts_of

    warc = _warc(tmp_path / "crawl.warc.gz", 12)
    small = tmp_path / "a.txt"
    small.write_text("Rebels attacked a convoy.")
    size = warc.stat().st_size
    parts = parts_of([str(small), str(warc)], warc_slice_bytes=size // 3 + 1)
    assert parts[0] == Part(0, (str(small),))
    slices = [p for p in parts if p.files == (str(warc),)]
    assert [(p.slice, p.slices) for p in slices] == [(0, 3), (1, 3), (2, 3)]
    assert [p.index for p in parts] == list(range(len(parts)))


def test_record_slices_code_every_record_once(tmp_path, monkeypatch, pipeline):
    import pyarrow.parquet as pq

    from eventcoder import distributed
    from eventcoder.distributed import Part, code_part

    monkeypatch.setattr(distributed, "_worker_pipeline", lambda *a: pipeline)
    warc = _warc(tmp_path / "crawl.warc.gz", 7)
    seen = []
    for k in range(3):
        out = tmp_path / f"p{k}"
        out.mkdir()
        res = code_part(Part(k, (str(warc),), k, 3), str(out), "run", None, "2024-03-05", 2_000_000, 4)
        seen += [aid for kind, aid, *_ in res["summary"] if kind == "coded"]
        rows = pq.read_table(res["paths"]["articles"]).num_rows
        assert rows == sum(1 for kind, *_ in res["summary"] if kind == "coded")
        assert pq.read_table(res["paths"]["events"]).num_rows == sum(s[4] for s in res["summary"])
    assert len(seen) == len(set(seen)) == 7


def test_failed_partition_is_retried_then_quarantined(tmp_path, monkeypatch, pipeline):
    """An in-process cluster, so the patched pipeline reaches the workers."""
    from dask.distributed import Client, LocalCluster

    from eventcoder import distributed

    src = tmp_path / "in"
    src.mkdir()
    for f in sorted(SAMPLES.glob("*.txt"))[:2]:
        (src / f.name).write_bytes(f.read_bytes())
    tries = {"n": 0}

    def flaky(*a):
        tries["n"] += 1
        if tries["n"] == 1:
            raise RuntimeError("worker lost")
        return pipeline

    monkeypatch.setattr(distributed, "_worker_pipeline", flaky)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, Client(cluster) as client:
        rep = run_dask([str(src)], str(tmp_path / "a.duckdb"), client=client, published="2017-11-20", target_bytes=10)
        assert rep.coded == 2 and rep.failed == [] and sum(rep.retried.values()) == 1
        assert rep.to_dict()["partitions"] == 2

        def broken(*a):
            raise RuntimeError("disk full")

        monkeypatch.setattr(distributed, "_worker_pipeline", broken)
        rep = run_dask([str(src)], str(tmp_path / "b.duckdb"), client=client, published="2017-11-20", retries=1, target_bytes=10)
    assert rep.coded == 0 and len(rep.failed) == 2 and rep.quarantined and all(v == 1 for v in rep.retried.values())
    con = duckdb.connect(str(tmp_path / "b.duckdb"), read_only=True)
    try:
        rows = con.execute("SELECT code, error FROM quarantine").fetchall()
    finally:
        con.close()
    assert len(rows) == 2 and all(c == "E503" and "disk full" in e for c, e in rows)
    assert (tmp_path / "b.duckdb.parts").exists()  # kept for inspection after a failure


@pytest.mark.slow
def test_local_cluster_workers_run_without_the_profiler_and_malloc_trim(monkeypatch):
    """The two Dask defaults that made a worker code at ~1.13x a plain process's CPU are off in
    the clusters ``client_for`` starts (and only there: the caller's config is unchanged)."""
    import os

    import dask

    from eventcoder.distributed import client_for

    def probe():
        import os

        import dask

        return dask.config.get("distributed.worker.profile.enabled"), os.environ.get("MALLOC_TRIM_THRESHOLD_")

    # as a stock Dask cluster started earlier in this process leaves it (nanny.py)
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    client = client_for("local:1")
    try:
        (got,) = client.run(probe).values()
    finally:
        cluster = client.cluster
        client.close()
        cluster.close()
    assert got == (False, None)
    assert dask.config.get("distributed.worker.profile.enabled") is True
    assert os.environ["MALLOC_TRIM_THRESHOLD_"] == "65536"  # the caller's environment is restored


def test_code_part_reports_its_cpu_split(tmp_path, pipeline, monkeypatch):
    from eventcoder import distributed
    from eventcoder.distributed import Part, code_part

    monkeypatch.setattr(distributed, "_worker_pipeline", lambda actors, config=None: pipeline)
    files = tuple(str(p) for p in sorted(SAMPLES.glob("*.txt"))[:2])
    res = code_part(Part(0, files), str(tmp_path), "r" * 32, None, "2017-11-20", 1_000_000, 32)
    assert set(res["cpu"]) == {"build", "code", "parquet"}
    assert res["cpu"]["code"] > 0 and all(v >= 0 for v in res["cpu"].values())
    assert len(res["summary"]) == 2


def test_partitions_taper_toward_the_end(tmp_path):
    """Full-size groups first, then smaller ones, so no worker is left with a whole
    partition to code while the others idle; every file in exactly one group, in order."""
    for i in range(300):
        (tmp_path / f"{i:03d}.txt").write_text("y" * 2000)
    files = expand([str(tmp_path)])
    plain = partition(files, target_bytes=10**9, max_files=32)
    tapered = partition(files, target_bytes=10**9, max_files=32, taper=2)
    assert [f for g in tapered for f in g] == files
    sizes = [len(g) for g in tapered]
    assert sizes[0] == 32 and sizes == sorted(sizes, reverse=True)
    assert sizes[-1] < 8 < len(plain[-1]) or len(plain[-1]) <= 8
    assert len(tapered) - len(plain) <= 10  # a few more tasks, not a task per file


def test_timeline_takes_the_wall_time_apart():
    from eventcoder.distributed import DaskReport

    rep = DaskReport(phases={"cluster_start_s": 1.0}, spans=[("a", 2.0, 5.0), ("b", 2.5, 4.0), ("a", 5.0, 9.0), ("b", 4.0, 6.0)])
    tl = rep.timeline()
    assert tl["cluster_start_s"] == 1.0 and tl["tasks_first_start_s"] == 2.0 and tl["tasks_last_end_s"] == 9.0
    assert tl["worker_busy_s"] == [3.5, 7.0]
    assert tl["worker_idle_s"] == 0.0 + (7.0 - 3.5)  # b: waiting 0.5 s for its first task, 3 s after its last
    assert tl["tail_s"] == 3.0  # a coded alone from 6 s to 9 s
    assert rep.to_dict()["timeline"] == tl


def test_forked_dask_workers_let_go_of_the_drivers_lock_files():
    """A worker forked from the driver (or re-forked after a crash while the driver holds the
    database) closes its copies of the driver's lock-file descriptors, as ``run --workers``'
    forked pool does: a SIGKILLed run's resume must not be refused."""
    import os

    from eventcoder import store
    from eventcoder.distributed import _drop_locks_in_forked_children

    fd = os.open(os.devnull, os.O_RDONLY)
    store._OPEN_LOCKS.add(fd)
    try:
        _drop_locks_in_forked_children()
        pid = os.fork()
        if pid == 0:  # the child: is the descriptor still open? (nothing else opened meanwhile)
            try:
                os.fstat(fd)
                code = 3
            except OSError:
                code = 0
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        got = "closed" if os.waitstatus_to_exitcode(status) == 0 else "open"
    finally:
        store._OPEN_LOCKS.discard(fd)
        os.close(fd)
    assert got == "closed"


@pytest.mark.slow
def test_own_local_cluster_forks_workers_with_the_pipeline_built(tmp_path, pipeline):
    """``--dask local:2``: the driver builds the pipeline once and forks the workers from
    it, so no worker builds one (the spawned workers each spent 1.4-1.7 CPU-s on it); the
    rows are the local engine's."""
    ref = tmp_path / "ref.duckdb"
    run([str(SAMPLES)], str(ref), pipeline=pipeline, published="2017-11-20")
    db = tmp_path / "dask.duckdb"
    rep = run_dask([str(SAMPLES)], str(db), scheduler="local:2", published="2017-11-20")
    assert rep.coded == len(list(SAMPLES.glob("*.txt"))) and rep.partitions >= 2
    assert _rows(db) == _rows(ref)
    tl = rep.timeline()
    assert "pipeline_build_cpu_s" in tl  # built here (cheap in this test session: spaCy is loaded)
    assert tl["worker_build_cpu_s"] < 0.05  # and inherited by every worker: spawned, each built its own
    assert tl["closed_s"] >= tl["last_merged_s"] >= tl["tasks_last_end_s"] > tl["tasks_first_start_s"] >= 0
