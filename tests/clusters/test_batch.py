"""Ids without a store (``ingest``/``code --clusters``) and from a store (export, API records)."""

from __future__ import annotations

import json

import duckdb

from eventcoder.cli import main
from eventcoder.clusters.batch import link_articles, link_events, with_cluster_ids
from eventcoder.clusters.store import cluster_store
from eventcoder.store import Store

from .test_store import FLOOD, QUAKE, QUAKE_B, _article, _event, db  # noqa: F401 - the fixture

COPY = "Outlet A staff. " + QUAKE


def test_a_batch_gets_stories_and_copies_without_a_store() -> None:
    links, _ = link_articles([("q1", QUAKE, "2024-03-05"), ("q2", QUAKE_B, "2024-03-05"), ("cp", COPY, "2024-03-06"), ("fl", FLOOD, "2024-03-08")])
    assert links["cp"] == (links["q1"][0], "q1")
    assert links["q1"][1] is None and links["fl"][1] is None
    assert links["q1"][0] == links["q2"][0] != links["fl"][0]


def test_events_of_one_quake_share_a_cluster_and_a_copy_adds_none() -> None:
    arts = {"q1": _article("q1", QUAKE, "A", "2024-03-05"), "q2": _article("q2", QUAKE_B, "B", "2024-03-05"), "cp": _article("cp", COPY, "C", "2024-03-06")}
    links, df = link_articles([(a.id, a.text, a.published) for a in arts.values()])
    evs = [_event(a, "killed", None, "2024-03-05").to_dict() for a in arts.values()]
    cids = link_events(evs, {a.id: a.text for a in arts.values()}, {a.id: a.published for a in arts.values()}, links, df)
    by_article = {e["article_id"]: cids.get(e["event_id"]) for e in evs}
    assert by_article["q1"] and by_article["q1"] == by_article["q2"]
    assert by_article["cp"] is None


def test_ingest_clusters_prints_story_and_duplicate_ids(tmp_path, capsys) -> None:
    for name, text in (("a.txt", QUAKE), ("b.txt", COPY), ("c.txt", FLOOD)):
        (tmp_path / name).write_text(text, "utf-8")
    assert main(["ingest", str(tmp_path), "--clusters", "--format", "jsonl"]) == 0
    rows = {r["origin"]["path"].rsplit("/", 1)[-1]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    # undated: the earlier id is the original, the other its copy
    a, b = sorted((rows["a.txt"], rows["b.txt"]), key=lambda r: r["id"])
    assert b["duplicate_of"] == a["id"] and a["duplicate_of"] is None and rows["c.txt"]["duplicate_of"] is None
    assert rows["b.txt"]["story_id"] == rows["a.txt"]["story_id"] != rows["c.txt"]["story_id"]


def test_stored_records_get_ids_from_the_cluster_tables(db, tmp_path) -> None:  # noqa: F811
    con = duckdb.connect(str(db))
    recs = [json.loads(r[0]) for r in con.execute("SELECT record FROM events ORDER BY article_id").fetchall()]
    with_cluster_ids(recs, lambda sql, p: con.execute(sql, p).fetchall())
    assert all("cluster_id" not in r for r in recs)  # never clustered: unchanged
    cluster_store(con)
    with_cluster_ids(recs, lambda sql, p: con.execute(sql, p).fetchall())
    con.close()
    by = {r["article_id"]: r for r in recs}
    assert by["a2"]["duplicate_of"] == "a1" and by["a2"]["cluster_id"] is None
    assert by["a1"]["cluster_id"] == by["b1"]["cluster_id"] and by["a1"]["story_id"] == by["a2"]["story_id"]
    with Store(db, read_only=True) as st:
        exported = {r["article_id"]: r for r in st.iter_events()}
    assert exported["a2"]["duplicate_of"] == "a1" and exported["a1"]["cluster_id"] == by["a1"]["cluster_id"]
    out = tmp_path / "e.csv"
    with Store(db, read_only=True) as st:
        st.export("csv", out)
    header = out.read_text("utf-8").splitlines()[0].split(",")
    assert {"story_id", "cluster_id", "duplicate_of"} <= set(header)
