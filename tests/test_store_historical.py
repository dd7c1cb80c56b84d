"""The ``historical`` flag in the store: schema v2, migration of a v1 file in place, exports.

A v1 database is made here as the old code made it: the v1 DDL (``MIGRATIONS[1]``, pinned
by its digest: a released migration is never edited), ``schema_version`` 1, and rows in the
v1 column layout (the v2 row without its last column) holding real coded records of the
CGTN sample — whose summed-up SDF campaign ("driven it from Raqqa") is background, flagged
historical and undated.
"""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import datetime

import duckdb
import pytest

from conftest import CGTN, SAMPLES
from eventcoder.engine import code
from eventcoder.errors import EnvironmentFailure
from eventcoder.store import MIGRATIONS, SCHEMA_VERSION, Store, WriterLock, _article_row, _event_row

#: sha256 of the v1 DDL as released: databases in the field were made by exactly this text
V1_DDL_SHA256 = "3c683a734e9de29e786f05e46a424e439cdc0aa6edccfc85c5187e230c732cf0"


def _coded(pipeline, path=CGTN):
    (ca,) = list(code([str(path)], published="2017-11-20", pipeline=pipeline))
    return ca


def _raqqa(events):
    return next(e for e in events if "Raqqa" in e["sentence"] and e["type"] == "ASSAULT")


def make_v1(path, ca, strip_flag: str | None = None) -> None:
    """A v1 database holding ``ca`` as the v1 code stored it; the record of event
    ``strip_flag`` loses its ``historical`` key (coded before the flag existed)."""
    con = duckdb.connect(str(path))
    try:
        con.execute(MIGRATIONS[1])
        con.execute("INSERT INTO schema_version VALUES (1, ?)", [datetime(2026, 1, 1)])
        row = _article_row(ca.article, len(ca.events), "old-run", datetime(2026, 1, 1))
        con.execute(f"INSERT INTO articles VALUES (?, 'coded', NULL, {', '.join('?' * (len(row) - 1))})", row)
        for e in ca.events:
            d = e.to_dict()
            if d["event_id"] == strip_flag:
                d.pop("historical")
            v1 = _event_row(d, ca.article, "old-run")[:-1]  # v1 had no historical column
            con.execute(f"INSERT INTO events VALUES ({', '.join('?' * len(v1))})", v1)
    finally:
        con.close()


def _flags(path) -> dict[str, bool | None]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return dict(con.execute("SELECT event_id, historical FROM events").fetchall())
    finally:
        con.close()


def test_v1_ddl_is_frozen():
    assert hashlib.sha256(MIGRATIONS[1].encode()).hexdigest() == V1_DDL_SHA256


@pytest.fixture(scope="module")
def cgtn(pipeline):
    ca = _coded(pipeline)
    raqqa = _raqqa([e.to_dict() for e in ca.events])
    assert raqqa["historical"] and raqqa["date"]["value"] is None
    return ca


def test_v1_database_migrates_in_place_rows_kept(tmp_path, cgtn, pipeline):
    db = tmp_path / "v1.duckdb"
    evs = [e.to_dict() for e in cgtn.events]
    stripped = next(e["event_id"] for e in evs if not e["historical"])
    make_v1(db, cgtn, strip_flag=stripped)
    con = duckdb.connect(str(db), read_only=True)
    before = con.execute("SELECT * FROM events ORDER BY event_id").fetchall()
    cols_v1 = [c[0] for c in con.execute("DESCRIBE events").fetchall()]
    con.close()
    assert "historical" not in cols_v1
    with Store(db) as st:
        assert st.schema_version() == SCHEMA_VERSION == 2
        cols = [c[0] for c in st.con.execute("DESCRIBE events").fetchall()]
        after = st.con.execute(f"SELECT {', '.join(cols_v1)} FROM events ORDER BY event_id").fetchall()
        versions = [r[0] for r in st.con.execute("SELECT version FROM schema_version ORDER BY version").fetchall()]
    assert cols == [*cols_v1, "historical"]  # added last, as a new database has it
    assert after == before and versions == [1, 2]  # every row and value kept
    flags = _flags(db)
    raqqa = _raqqa(evs)["event_id"]
    assert flags[raqqa] is True
    # read back from each row's own record; NULL where the record never had the flag
    assert flags[stripped] is None
    assert all(flags[e["event_id"]] is False for e in evs if e["event_id"] not in (raqqa, stripped))
    # a migrated database takes new batches in the new layout, and opening again is a no-op
    other = _coded(pipeline, next(p for p in sorted(SAMPLES.glob("*.txt")) if p != CGTN))
    with Store(db) as st:
        run_id = st.start_run(["x"], {})
        n = st.write_batch([other], [], [], run_id)
        assert st.schema_version() == 2
    flags = _flags(db)
    assert n > 0 and all(flags[e.event_id] is e.historical for e in other.events)


def test_a_new_database_has_the_migrated_layout(tmp_path):
    with Store(tmp_path / "new.duckdb") as st:
        cols = [c[0] for c in st.con.execute("DESCRIBE events").fetchall()]
    assert cols[-3:] == ["record", "run_id", "historical"]


def test_a_reader_upgrades_an_old_file_or_says_why_not(tmp_path, cgtn):
    from eventcoder.serve.db import Database

    db = tmp_path / "v1.duckdb"
    make_v1(db, cgtn)
    # export (a read-only Store) migrates it in place first
    with Store(db, read_only=True) as st:
        assert st.upgrade_refused is None
        assert st.con.execute("SELECT count(*) FROM events WHERE historical").fetchone()[0] == 1
    # the server likewise; when another writer holds the file it cannot, and says so (E596)
    db2 = tmp_path / "v1-locked.duckdb"
    make_v1(db2, cgtn)
    lock = WriterLock(str(db2), "a test writer")
    try:
        with pytest.raises(EnvironmentFailure) as err:
            Database(str(db2))
        assert err.value.code == "E596" and "E018" in str(err.value)
        # an export still reads the old file as it is (its records hold the flag)
        with Store(db2, read_only=True, lock_timeout=1) as st:
            assert st.upgrade_refused is not None and st.upgrade_refused.code == "E596"
            out = tmp_path / "old.jsonl"
            st.export("jsonl", out)
        assert sum(json.loads(x)["historical"] for x in out.read_text().splitlines()) == 1
    finally:
        lock.release()
    d = Database(str(db2))
    try:
        with d.cursor() as cur:
            assert cur.one("SELECT max(version) FROM schema_version")[0] == SCHEMA_VERSION
    finally:
        d.close()


def test_exports_carry_the_flag(tmp_path, cgtn):
    import pyarrow.parquet as pq

    db = tmp_path / "e.duckdb"
    with Store(db) as st:
        st.write_batch([cgtn], [], [], st.start_run(["x"], {}))
    with Store(db, read_only=True) as st:
        st.export("jsonl", tmp_path / "e.jsonl")
        st.export("csv", tmp_path / "e.csv")
        st.export("geojson", tmp_path / "e.geojson")
        st.export("parquet", tmp_path / "e.parquet")
    raqqa = _raqqa([e.to_dict() for e in cgtn.events])["event_id"]
    want = {e.event_id: e.historical for e in cgtn.events}
    assert sum(want.values()) == 1 and want[raqqa]
    jl = {json.loads(x)["event_id"]: json.loads(x)["historical"] for x in (tmp_path / "e.jsonl").read_text().splitlines()}
    rows = {r["event_id"]: r["historical"] for r in csv.DictReader(open(tmp_path / "e.csv", encoding="utf-8"))}
    pq_rows = pq.read_table(tmp_path / "e.parquet").to_pydict()
    par = dict(zip(pq_rows["event_id"], pq_rows["historical"], strict=True))
    gj = json.loads((tmp_path / "e.geojson").read_text())
    assert jl == want and par == want
    assert rows == {k: str(v) for k, v in want.items()}
    assert all(f["properties"]["historical"] is want[f["properties"]["event_id"]] for f in gj["features"])
