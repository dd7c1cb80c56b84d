"""The samples coded twice with a syndicated copy added: no duplicate events; the CGTN
report's two sides in the cluster output."""

from __future__ import annotations

import json
import shutil

import duckdb

from conftest import SAMPLES
from eventcoder.clusters.store import cluster_store, iter_clusters
from eventcoder.engine import run


def test_samples_twice_with_a_syndicated_copy_give_no_duplicate_events(tmp_path, pipeline) -> None:
    src = tmp_path / "in"
    shutil.copytree(SAMPLES, src)
    text = (SAMPLES / "yemen-sanaa-airstrike.txt").read_text("utf-8")
    head, _, body = text.partition("\n")
    # a syndicated copy: same story, another outlet's byline and a trailing promo line
    (src / "syndicated-copy.txt").write_text(head + "\n" + "By Wire Staff\n" + body + "\nRead more on our site.\n", "utf-8")
    db = str(tmp_path / "s.duckdb")
    first = run([str(src)], db, pipeline=pipeline, near_duplicates=True)
    again = run([str(src)], db, pipeline=pipeline, near_duplicates=True)
    assert first.skipped["near-duplicate"] == 1 and first.coded == len(list(SAMPLES.glob("*.txt")))
    assert again.coded == 0 and again.events == 0
    con = duckdb.connect(db)
    meta = [json.loads(m) for (m,) in con.execute("SELECT meta FROM articles WHERE skip_reason = 'near-duplicate'").fetchall()]
    assert len(meta) == 1 and meta[0]["duplicate_of"]
    rep = cluster_store(con)
    assert rep.articles == first.coded and rep.events == first.events
    ids = [e for r in iter_clusters(con) for e in r["event_ids"]]
    assert len(ids) == len(set(ids)) == first.events
    con.close()


def test_cgtn_capture_claim_and_observatory_report_are_one_cluster_with_an_outcome_disagreement(tmp_path, cgtn_coded) -> None:
    from eventcoder.records import CodedArticle
    from eventcoder.store import Store

    db = str(tmp_path / "cgtn.duckdb")
    with Store(db) as st:
        st.write_batch([CodedArticle(cgtn_coded.article, cgtn_coded.events)], [], [], "t")
    con = duckdb.connect(db)
    cluster_store(con)
    recs = iter_clusters(con)
    con.close()
    capture = next(e for e in cgtn_coded.events if "complete control" in e.trigger or "complete control" in e.sentence)
    (rec,) = [r for r in recs if capture.event_id in r["event_ids"]]
    (out,) = [c for c in rec["contradictions"] if c["field"] == "outcome"]
    sides = {(c["value"], c["said_by"]) for c in out["claims"]}
    assert any(v == "complete" and "Hezbollah" in who for v, who in sides)
    assert any(v == "ongoing" and "Observatory" in who for v, who in sides)
