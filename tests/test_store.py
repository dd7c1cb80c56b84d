"""DuckDB store: schema, idempotence, kill-and-resume without duplicates or losses, exports."""

from __future__ import annotations

import csv
import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from conftest import SAMPLES
from eventcoder.engine import run
from eventcoder.errors import ConfigError, EnvironmentFailure
from eventcoder.store import SCHEMA_VERSION, Store, environment_error


def _rows(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        arts = sorted(con.execute("SELECT id, status, skip_reason FROM articles").fetchall())
        evs = sorted(r[0] for r in con.execute("SELECT event_id FROM events").fetchall())
        places = con.execute("SELECT count(*) FROM places").fetchone()[0]
        quar = sorted(con.execute("SELECT origin, code FROM quarantine").fetchall())
    finally:
        con.close()
    return arts, evs, places, quar


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Real sample articles, several copies with a varying first line, plus bad input."""
    d = tmp_path_factory.mktemp("corpus")
    texts = sorted(SAMPLES.glob("*.txt"))
    for i in range(36):
        src = texts[i % len(texts)].read_text()
        title, rest = src.split("\n", 1)
        (d / f"a{i:03d}.txt").write_text(f"{title} ({i})\n{rest}")
    (d / "empty.txt").write_text("")
    (d / "bad.jsonl").write_text('{"text": "Police arrested five people in Kabul."}\n{oops\n')
    (d / "fr.txt").write_text("Titre\nLe Monde\n[]\nLes forces syriennes ont repris dimanche le contrôle de la ville, selon un média du Hezbollah qui cite des sources militaires.\n")
    return d


def test_run_report_accounts_for_everything(tmp_path, corpus, pipeline):
    db = tmp_path / "x.duckdb"
    rep = run([str(corpus)], str(db), pipeline=pipeline, published="2017-11-20", batch_size=8)
    # 36 articles + jsonl(2 records) + empty + fr = 40 records
    assert rep.read == 40
    assert rep.coded + sum(rep.skipped.values()) + sum(rep.quarantined.values()) == rep.read
    assert rep.skipped["language: fr"] == 1
    assert sum(rep.quarantined.values()) == 2  # empty file + malformed JSON line
    arts, evs, places, quar = _rows(db)
    assert len(arts) == 38 and len(quar) == 2 and len(evs) == rep.events_written > 0 and places > 0
    # idempotent: a second run adds nothing
    rep2 = run([str(corpus)], str(db), pipeline=pipeline, published="2017-11-20", batch_size=8)
    assert rep2.skipped["already stored"] == 37 and rep2.events_written == 0
    assert _rows(db) == (arts, evs, places, quar)


@pytest.mark.slow
def test_kill_and_resume_gives_same_rows(tmp_path, corpus, pipeline):
    # a corpus long enough that a fast machine is still coding when the kill comes
    big = tmp_path / "big"
    shutil.copytree(corpus, big)
    texts = sorted(SAMPLES.glob("*.txt"))
    for i in range(36, 200):
        title, rest = texts[i % len(texts)].read_text().split("\n", 1)
        (big / f"a{i:03d}.txt").write_text(f"{title} ({i})\n{rest}")
    ref = tmp_path / "ref.duckdb"
    run([str(big)], str(ref), pipeline=pipeline, published="2017-11-20", batch_size=4)
    db = tmp_path / "killed.duckdb"
    cmd = [sys.executable, "-m", "eventcoder", "run", str(big), "--db", str(db), "--published", "2017-11-20",
           "--batch-size", "4", "--workers", "1", "--format", "jsonl"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(6.0)  # model loaded, some batches committed, not all
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _rows(db)[0] if db.exists() else []
    assert len(partial) < 202, "the run finished before it could be killed; raise the corpus size"
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    assert _rows(db) == _rows(ref)


def test_schema_version_and_newer_db_refused(tmp_path):
    db = tmp_path / "s.duckdb"
    with Store(db) as st:
        assert st.schema_version() == SCHEMA_VERSION
        st.con.execute("INSERT INTO schema_version VALUES (999, now())")
    with pytest.raises(ConfigError) as e:
        Store(db)
    assert e.value.code == "E008"


def test_exports(tmp_path, pipeline):
    db = tmp_path / "e.duckdb"
    run([str(SAMPLES)], str(db), pipeline=pipeline, published="2017-11-20")
    with Store(db, read_only=True) as st:
        n = st.export("jsonl", tmp_path / "e.jsonl")
        st.export("csv", tmp_path / "e.csv")
        st.export("geojson", tmp_path / "e.geojson")
        st.export("acled-csv", tmp_path / "a.csv")
        st.export("parquet", tmp_path / "e.parquet")
    lines = (tmp_path / "e.jsonl").read_text().splitlines()
    assert len(lines) == n > 10
    first = json.loads(lines[0])
    assert {"event_id", "type", "acled", "source_actor", "location", "date", "reported_by", "confidence"} <= set(first)
    rows = list(csv.DictReader(open(tmp_path / "e.csv")))
    assert len(rows) == n
    gj = json.loads((tmp_path / "e.geojson").read_text())
    assert gj["type"] == "FeatureCollection" and gj["features"]
    lon, lat = next(f for f in gj["features"] if f["properties"]["location_text"] == "Albu Kamal")["geometry"]["coordinates"]
    assert abs(lat - 34.45) < 0.1 and abs(lon - 40.92) < 0.1
    acled = list(csv.DictReader(open(tmp_path / "a.csv")))
    assert any(r["sub_event_type"] == "Government regains territory" and r["location"] for r in acled)
    con = duckdb.connect()
    assert con.execute(f"SELECT count(*) FROM '{tmp_path / 'e.parquet'}'").fetchone()[0] == n


# -- the environment: one writer, died runs, atomic exports, disk full --------------------

RUN = [sys.executable, "-m", "eventcoder", "run"]


def _env() -> dict[str, str]:
    src = str(SAMPLES.parents[1])
    return {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _runs(db) -> list[tuple[str, str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT run_id, status FROM runs ORDER BY started_at").fetchall()
    finally:
        con.close()


def test_second_writer_is_refused_with_the_holder_named(tmp_path):
    db = tmp_path / "w.duckdb"
    with Store(db, what="eventcoder run (test)"):
        with pytest.raises(EnvironmentFailure) as e:
            Store(db)
        assert e.value.code == "E018" and "eventcoder run (test)" in e.value.message
        assert "wait for it to finish" in e.value.message
    Store(db).close()  # the lock goes with the writer


def test_a_writer_hands_the_file_to_a_reader_that_asks(tmp_path):
    """A shared writer keeps DuckDB open between uses while nobody reads (no cost), and closes it
    within a watch interval when a reader asks; its next use takes the file back."""
    db = tmp_path / "r.duckdb"
    with Store(db) as st:
        run_id = st.start_run(["x"], {})
        with pytest.raises(duckdb.Error):  # a reader outside the protocol: the file is held
            duckdb.connect(str(db), read_only=True)
        t = time.perf_counter()
        with Store(db, read_only=True, lock_timeout=5) as reader:  # asks, and gets it
            assert reader.con.execute("SELECT status FROM runs").fetchall() == [("running",)]
        assert time.perf_counter() - t < 3
        st.finish_run(run_id, {})  # reopened by the writer
    assert _runs(db) == [(run_id, "finished")]


def test_a_run_that_died_is_marked_on_the_next_open(tmp_path):
    db = tmp_path / "d.duckdb"
    code = (
        "import os, sys; from eventcoder.store import Store\n"
        "st = Store(sys.argv[1]); st.start_run(['in'], {}); os.kill(os.getpid(), 9)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(db)], env=_env(), timeout=60)
    assert proc.returncode == -signal.SIGKILL
    ((rid, status),) = _runs(db)
    assert status == "running"
    with Store(db) as st:
        assert st.died == [rid]
    assert _runs(db) == [(rid, "died")]


def test_environment_errors_are_coded():
    cases = {
        "E020": [OSError(errno.ENOSPC, "No space left on device"), OSError(errno.EFBIG, "File too large"),
                 duckdb.IOException('Could not write file "x.wal": No space left on device')],
        "E023": [OSError(errno.EACCES, "Permission denied"), OSError(errno.EROFS, "Read-only file system")],
        "E021": [duckdb.IOException('The file "x" exists, but it is not a valid DuckDB database file!'),
                 OSError(errno.ENOENT, "No such file or directory")],
        "E019": [duckdb.IOException('Could not set lock on file "x": Conflicting lock is held in /bin/duckdb (PID 42).')],
        "E024": [duckdb.IOException("Something else entirely")],
    }  # fmt: skip
    for code, excs in cases.items():
        for exc in excs:
            err = environment_error(exc, "x.duckdb")
            assert err.code == code, (exc, err)
            assert isinstance(err, EnvironmentFailure) and "x.duckdb" in err.message
    assert "process 42" in environment_error(cases["E019"][0], "x").message


@pytest.fixture(scope="module")
def export_db(tmp_path_factory, pipeline):
    db = tmp_path_factory.mktemp("export") / "e.duckdb"
    run([str(SAMPLES)], str(db), pipeline=pipeline, published="2017-11-20")
    return db


def test_a_failed_export_keeps_the_earlier_file(tmp_path, export_db, monkeypatch):
    target = tmp_path / "out.geojson"
    with Store(export_db, read_only=True) as st:
        n = st.export("geojson", target)
        before = target.read_bytes()

        def boom(r):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr("eventcoder.store.to_feature", boom)
        with pytest.raises(EnvironmentFailure) as e:
            st.export("geojson", target)
        assert e.value.code == "E020"
    assert target.read_bytes() == before and n > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.geojson"]  # no partial left
    with pytest.raises(EnvironmentFailure) as e:
        Store(export_db, read_only=True).export("jsonl", tmp_path / "no" / "dir" / "x.jsonl")
    assert e.value.code == "E022"


def _big_db(path, n_events: int = 40_000) -> None:
    """A database of many events (synthetic rows, real schema) so that an export takes seconds."""
    with Store(path) as st:
        st.con.execute(
            """INSERT INTO events (event_id, article_id, type, start_char, end_char, confidence, published, record)
            SELECT 'e' || i, 'a' || (i // 10), 'ASSAULT', i % 1000, i % 1000 + 5, 0.5, DATE '2020-01-01' + CAST(i % 365 AS INTEGER),
                   to_json({event_id: 'e' || i, article_id: 'a' || (i // 10), type: 'ASSAULT', mode: NULL,
                            acled: NULL, source_actor: NULL, target_actor: NULL,
                            location: {text: 'Kabul', name: 'Kabul', lat: 34.5, lon: 69.2, country: 'AFG', basis: 'trigger'},
                            date: {value: '2020-01-01', precision: 'day', text: NULL},
                            reported_by: [], negated: false, hypothetical: false, trigger: {text: 'attacked'},
                            sentence: repeat('Gunmen attacked a checkpoint near Kabul. ', 8), start: 0, "end": 5, confidence: 0.5})
            FROM range(?) t(i)""",
            [n_events],
        )


def test_killed_exports_leave_no_partial_file(tmp_path):
    """Bounded version of benchmarks/kills.py --exports: 3 exports killed half-way."""
    db = tmp_path / "big.duckdb"
    _big_db(db)
    rng = random.Random(15)
    for target_name, to in (("out.jsonl", "jsonl"), ("out.geojson", "geojson"), ("out.parquet", "parquet")):
        target = tmp_path / target_name
        cmd = [sys.executable, "-m", "eventcoder", "export", "--db", str(db), "--to", to, "-o", str(target)]
        subprocess.run(cmd, env=_env(), check=True, timeout=300, capture_output=True)
        good = target.read_bytes()
        proc = subprocess.Popen(cmd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert target.read_bytes() == good, f"{to}: the earlier export was damaged"
    # a leftover temporary file of a killed export is removed by the next export to its target
    for target_name, to in (("out.jsonl", "jsonl"), ("out.geojson", "geojson"), ("out.parquet", "parquet")):
        cmd = [sys.executable, "-m", "eventcoder", "export", "--db", str(db), "--to", to, "-o", str(tmp_path / target_name)]
        subprocess.run(cmd, env=_env(), check=True, timeout=300, capture_output=True)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("big.")) == [
        "out.geojson", "out.jsonl", "out.parquet"]  # fmt: skip


def _can_mount_tmpfs(d) -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {d}"], capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.mark.slow
def test_disk_full_is_coded_and_a_resume_completes(tmp_path, corpus, pipeline):
    """A run on a small tmpfs (in a private mount namespace) meets a full disk: E020, exit 6, no
    traceback; the database opens; after the disk grows the same command ends with the rows of
    an uninterrupted run and no run left ``running``. (RLIMIT_FSIZE does not do: DuckDB
    ignores a failed checkpoint on close and keeps the batch in its WAL, which is correct.)"""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if not _can_mount_tmpfs(mnt):
        pytest.skip("cannot mount a tmpfs in a user namespace here (unshare -rm)")
    ref = tmp_path / "ref.duckdb"
    run([str(corpus)], str(ref), pipeline=pipeline, published="2017-11-20", batch_size=4)
    # DuckDB appends each batch to its WAL and checkpoints into the file at the end: a disk
    # smaller than what the batches write (about 15 kB an article here) fills up mid-run
    size_kb = 256
    out = tmp_path / "out"
    out.mkdir()
    args = f"{corpus} --db {mnt}/full.duckdb --published 2017-11-20 --batch-size 4 --format jsonl"
    script = (
        f"mount -t tmpfs -o size={size_kb}k tmpfs {mnt} || exit 90\n"
        f"{sys.executable} -m eventcoder run {args} >/dev/null 2>{out}/first.err; echo $? > {out}/first.rc\n"
        f"{sys.executable} -c \"import duckdb; duckdb.connect('{mnt}/full.duckdb', read_only=True).execute('SELECT count(*) FROM articles').fetchone()\" 2>{out}/open.err; echo $? > {out}/open.rc\n"
        f"mount -o remount,size=64m {mnt}\n"
        f"{sys.executable} -m eventcoder run {args} >/dev/null 2>{out}/second.err; echo $? > {out}/second.rc\n"
        f"cp {mnt}/full.duckdb {out}/\n"
    )
    subprocess.run(["unshare", "-rm", "sh", "-c", script], env=_env(), check=True, timeout=600)
    first = (out / "first.err").read_text()
    assert (out / "first.rc").read_text().strip() == "6", first
    assert "[E020]" in first and "Traceback" not in first, first
    assert (out / "open.rc").read_text().strip() == "0", (out / "open.err").read_text()
    assert (out / "second.rc").read_text().strip() == "0", (out / "second.err").read_text()
    assert _rows(out / "full.duckdb") == _rows(ref)
    statuses = [s for _, s in _runs(out / "full.duckdb")]
    assert statuses[-1] == "finished" and "running" not in statuses


@pytest.mark.slow
def test_three_kills_and_resumes_give_the_rows_of_one_run(tmp_path, corpus, pipeline):
    """Bounded version of benchmarks/kills.py: 3 SIGKILLs at random moments, resumed each time."""
    ref = tmp_path / "ref.duckdb"
    run([str(corpus)], str(ref), pipeline=pipeline, published="2017-11-20", batch_size=4)
    db = tmp_path / "k.duckdb"
    cmd = [*RUN, str(corpus), "--db", str(db), "--published", "2017-11-20", "--batch-size", "4", "--format", "jsonl"]
    rng = random.Random(3)
    for _ in range(3):
        proc = subprocess.Popen(cmd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(4.0, 9.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    subprocess.run(cmd, env=_env(), check=True, capture_output=True, timeout=300)
    assert _rows(db) == _rows(ref)
    statuses = [s for _, s in _runs(db)]
    assert statuses[-1] == "finished" and "running" not in statuses


def test_an_in_memory_store_leaves_no_lock_file(tmp_path, monkeypatch):
    """A Dask worker's scratch ``Store(":memory:")`` must not drop ``:memory:.lock`` in the
    working directory."""
    from eventcoder.store import Store

    monkeypatch.chdir(tmp_path)
    with Store(":memory:") as st:
        assert st.schema_version() >= 1
    assert list(tmp_path.iterdir()) == []
