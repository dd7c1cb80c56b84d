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
