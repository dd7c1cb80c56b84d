"""DuckDB store: schema, idempotence, kill-and-resume without duplicates or losses, exports."""

from __future__ import annotations

import csv
import json
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from conftest import SAMPLES
from eventcoder.engine import run
from eventcoder.errors import ConfigError
from eventcoder.store import SCHEMA_VERSION, Store


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
    ref = tmp_path / "ref.duckdb"
    run([str(corpus)], str(ref), pipeline=pipeline, published="2017-11-20", batch_size=4)
    db = tmp_path / "killed.duckdb"
    cmd = [sys.executable, "-m", "eventcoder", "run", str(corpus), "--db", str(db), "--published", "2017-11-20", "--batch-size", "4", "--format", "jsonl"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(6.0)  # model loaded, some batches committed, not all
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _rows(db)[0] if db.exists() else []
    assert len(partial) < 38, "the run finished before it could be killed; raise the corpus size"
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
