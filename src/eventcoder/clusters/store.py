"""The cluster tables and the (incremental) clustering run over a store.

Tables (created here, beside the store's own schema, never altering it):

* ``cluster_articles`` — per coded article: ``story_id``, ``duplicate_of`` (a near-copy
  found after coding, e.g. stored by an older run) and its MinHash signature;
* ``cluster_stories`` — per story: the sum vector (hashed columns and weights), size, days;
* ``cluster_state`` — the document frequencies the vectors are weighted by;
* ``event_clusters`` — per event: ``cluster_id`` and ``story_id``;
* ``clusters`` — per cluster: the merged record (:func:`eventcoder.clusters.merge.merge`).

:func:`cluster_store` takes only the articles not yet in ``cluster_articles``: they join
stories, the events of the stories they touched are loaded with their clusters, the new
events are assigned, and only the clusters that gained events are re-merged. Nothing about
an untouched cluster changes, so its id and record stay as they were.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

from .duplicates import NearDuplicates, signature
from .events import EventClusters, PairModel
from .features import EventViews, PairFeatures, view_of_record
from .merge import merge
from .stories import Stories, Story, day_number, order_key
from .text import N_FEATURES, DocFreq, counts, story_vectors

SCHEMA = """
CREATE TABLE IF NOT EXISTS cluster_articles (article_id VARCHAR PRIMARY KEY, story_id VARCHAR, duplicate_of VARCHAR, signature BLOB);
CREATE TABLE IF NOT EXISTS cluster_stories (story_id VARCHAR PRIMARY KEY, n INTEGER, first_day INTEGER, last_day INTEGER, cols BLOB, vals BLOB);
CREATE TABLE IF NOT EXISTS cluster_state (key VARCHAR PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS event_clusters (event_id VARCHAR PRIMARY KEY, cluster_id VARCHAR, story_id VARCHAR);
CREATE TABLE IF NOT EXISTS clusters (cluster_id VARCHAR PRIMARY KEY, story_id VARCHAR, type VARCHAR, n_events INTEGER, independent_sources INTEGER, first_reported VARCHAR, last_reported VARCHAR, confidence DOUBLE, n_contradictions INTEGER, record JSON);
CREATE INDEX IF NOT EXISTS event_clusters_cluster ON event_clusters(cluster_id);
CREATE INDEX IF NOT EXISTS event_clusters_story ON event_clusters(story_id);
"""


def ensure_schema(con: Any) -> None:
    con.execute(SCHEMA)


def has_clusters(con: Any) -> bool:
    try:
        con.execute("SELECT 1 FROM clusters LIMIT 1")
        return True
    except Exception:  # noqa: BLE001 - duckdb CatalogException: the table is not there
        return False


@dataclass
class ClusterReport:
    """What one clustering run did (the run report's ``clusters`` section)."""

    articles: int = 0
    duplicates: int = 0
    stories_new: int = 0
    stories_touched: int = 0
    events: int = 0
    events_loaded: int = 0
    clusters_new: int = 0
    clusters_touched: int = 0
    pairs_scored: int = 0
    #: the most new articles average link clustered at once (the memory bound of a run)
    largest_story_block: int = 0
    #: connected blocks over ``stories.MAX_BLOCK`` articles, clustered in time windows instead
    split_story_blocks: int = 0
    #: the most events of one story scored from a dense similarity matrix (larger stories:
    #: per-pair sparse products, ``features.MAX_GRAM``)
    largest_event_block: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {k: (dict(v) if isinstance(v, dict) else v) for k, v in self.__dict__.items()}


def _load_stories(con: Any, threshold: float | None) -> Stories:
    st = Stories() if threshold is None else Stories(threshold)
    for sid, n, fd, ld, cols, vals in con.execute("SELECT story_id, n, first_day, last_day, cols, vals FROM cluster_stories").fetchall():
        c = np.frombuffer(cols, dtype=np.int32)
        v = np.frombuffer(vals, dtype=np.float32)
        total = sparse.csr_matrix((v, c, np.array([0, len(c)])), shape=(1, N_FEATURES))
        st.add_story(Story(sid, total, n, fd, ld))
    return st


def _article_rows(con: Any, where: str, params: list[Any]) -> list[tuple[str, str, str | None, str | None, str | None]]:
    return con.execute(
        f"SELECT id, text, CAST(published AS VARCHAR), source, title FROM articles WHERE status = 'coded' AND {where}",  # noqa: S608
        params,
    ).fetchall()


def cluster_store(con: Any, model: PairModel | None = None, story_threshold: float | None = None) -> ClusterReport:
    """Cluster the articles and events of a store connection not clustered yet."""
    rep = ClusterReport()
    t = time.perf_counter()
    ensure_schema(con)
    new = _article_rows(con, "id NOT IN (SELECT article_id FROM cluster_articles)", [])
    new.sort(key=lambda r: order_key(r[2], r[0]))
    rep.articles = len(new)
    if not new:
        return rep
    # near-duplicates among what is stored (the engine catches most before coding)
    nd = NearDuplicates.from_signatures(con.execute("SELECT article_id, signature FROM cluster_articles WHERE duplicate_of IS NULL").fetchall())
    dup_of: dict[str, str | None] = {}
    sigs: dict[str, bytes] = {}
    for aid, text, *_ in new:
        sig = signature(text)
        hit = nd.find(sig)
        dup_of[aid] = hit[0] if hit and hit[0] != aid else None
        if dup_of[aid] is None:
            nd.add(aid, sig)
        sigs[aid] = sig.tobytes()
    rep.duplicates = sum(1 for v in dup_of.values() if v)
    rep.seconds["duplicates"] = round(time.perf_counter() - t, 3)
    # stories
    t = time.perf_counter()
    row = con.execute("SELECT value FROM cluster_state WHERE key = 'docfreq'").fetchone()
    df = DocFreq.from_bytes(row[0]) if row else DocFreq()
    originals = [r for r in new if not dup_of[r[0]]]
    vecs = story_vectors(df, [r[1] for r in originals])
    st = _load_stories(con, story_threshold)
    before = set(st.stories)
    story_of: dict[str, str] = st.assign_batch([r[0] for r in originals], vecs, [r[2] for r in originals])
    for aid, d in dup_of.items():
        if d:
            found = con.execute("SELECT story_id FROM cluster_articles WHERE article_id = ?", [d]).fetchone()
            story_of[aid] = story_of.get(d) or (found[0] if found else None)
    touched = {s for s in story_of.values() if s}
    rep.stories_new = len(set(st.stories) - before)
    rep.stories_touched = len(touched)
    rep.largest_story_block = st.largest_block
    rep.split_story_blocks = st.split_blocks
    rep.seconds["stories"] = round(time.perf_counter() - t, 3)
    # events of the touched stories: the stored ones with their clusters, then the new ones
    t = time.perf_counter()
    new_ids = [r[0] for r in originals]
    old_articles = (
        _article_rows(con, "id IN (SELECT article_id FROM cluster_articles WHERE story_id IN (SELECT unnest(?)) AND duplicate_of IS NULL)", [sorted(touched)])
        if touched
        else []
    )
    old_ids = [r[0] for r in old_articles]
    meta = {r[0]: (r[3], r[2]) for r in [*old_articles, *originals]}
    old_events = _events_of(con, old_ids)
    new_events = _events_of(con, new_ids)
    new_events.sort(key=lambda e: (*order_key(meta[e["article_id"]][1], e["article_id"]), e["start"], e["event_id"]))
    stored = dict(con.execute("SELECT event_id, cluster_id FROM event_clusters WHERE event_id IN (SELECT unnest(?))", [[e["event_id"] for e in old_events]]).fetchall()) if old_events else {}
    old_events = [e for e in old_events if e["event_id"] in stored]
    rep.events, rep.events_loaded = len(new_events), len(old_events)
    all_events = [*old_events, *new_events]
    for e in all_events:
        e["_outlet"], e["_published"] = meta[e["article_id"]]
    art_story = dict(story_of)
    if old_ids:
        art_story.update(con.execute("SELECT article_id, story_id FROM cluster_articles WHERE article_id IN (SELECT unnest(?))", [old_ids]).fetchall())
    views = EventViews()
    for e in all_events:
        view_of_record(views, e, day_number)
    doc_ids = sorted({e["article_id"] for e in all_events})
    texts = {r[0]: r[1] for r in [*old_articles, *originals]}
    dv = df.weigh(counts([texts[a] for a in doc_ids])) if doc_ids else None
    doc_vecs = {a: dv[k] for k, a in enumerate(doc_ids)}
    blocks = [art_story[e["article_id"]] for e in all_events]
    pf = PairFeatures(views, doc_vecs, df, blocks)
    ec = EventClusters(model or PairModel.load())
    for k, e in enumerate(old_events):
        ec.seed(stored[e["event_id"]], [k], blocks[k])
    assigned: dict[str, str] = {}
    before_c = set(ec.members)
    for k, cid in ec.assign_all(pf, list(range(len(old_events), len(all_events))), blocks).items():
        assigned[all_events[k]["event_id"]] = cid
    touched_c = set(assigned.values())
    rep.clusters_new = len(set(ec.members) - before_c)
    rep.clusters_touched = len(touched_c)
    rep.pairs_scored = ec.pairs_scored
    rep.largest_event_block = pf.largest_gram
    rep.seconds["events"] = round(time.perf_counter() - t, 3)
    # records of the touched clusters
    t = time.perf_counter()
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    cid_of = {**stored, **assigned}
    for e in all_events:
        if cid_of[e["event_id"]] in touched_c:
            members[cid_of[e["event_id"]]].append(e)
    records = [merge(cid, art_story[evs[0]["article_id"]], evs) for cid, evs in members.items()]
    rep.seconds["merge"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    _write(con, new, dup_of, sigs, story_of, st, touched, df, all_events, assigned, art_story, records)
    rep.seconds["write"] = round(time.perf_counter() - t, 3)
    return rep


def _events_of(con: Any, article_ids: list[str]) -> list[dict[str, Any]]:
    if not article_ids:
        return []
    rows = con.execute("SELECT record FROM events WHERE article_id IN (SELECT unnest(?))", [article_ids]).fetchall()
    return [json.loads(r[0]) for r in rows]


def _bulk(con: Any, table: str, columns: list[str], rows: list[list[Any]]) -> None:
    """INSERT OR REPLACE many rows at once through Arrow (row-by-row executemany is the
    slowest part of a 10,000-article run in DuckDB)."""
    if not rows:
        return
    import pyarrow as pa

    data = pa.table({c: [r[k] for r in rows] for k, c in enumerate(columns)})
    con.register("_cluster_rows", data)
    try:
        con.execute(f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM _cluster_rows")  # noqa: S608
    finally:
        con.unregister("_cluster_rows")


def _write(con: Any, new: list, dup_of: dict, sigs: dict, story_of: dict, st: Stories, touched: set, df: DocFreq, all_events: list, assigned: dict, art_story: dict, records: list) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        _bulk(con, "cluster_articles", ["article_id", "story_id", "duplicate_of", "signature"], [[r[0], story_of.get(r[0]), dup_of[r[0]], sigs[r[0]]] for r in new])
        rows = []
        for sid in sorted(touched):
            s = st.stories.get(sid)
            if s is not None:
                rows.append([sid, s.n, s.first_day, s.last_day, s.total.indices.astype(np.int32).tobytes(), s.total.data.astype(np.float32).tobytes()])
        _bulk(con, "cluster_stories", ["story_id", "n", "first_day", "last_day", "cols", "vals"], rows)
        con.execute("INSERT OR REPLACE INTO cluster_state VALUES ('docfreq', ?)", [df.to_bytes()])
        ev_rows = [[e["event_id"], assigned[e["event_id"]], art_story[e["article_id"]]] for e in all_events if e["event_id"] in assigned]
        _bulk(con, "event_clusters", ["event_id", "cluster_id", "story_id"], ev_rows)
        if records:
            _bulk(
                con,
                "clusters",
                ["cluster_id", "story_id", "type", "n_events", "independent_sources", "first_reported", "last_reported", "confidence", "n_contradictions", "record"],
                [
                    [r["cluster_id"], r["story_id"], r["type"], len(r["event_ids"]), r["independent_sources"], r["first_reported"], r["last_reported"], r["confidence"], len(r["contradictions"]), json.dumps(r, ensure_ascii=False, default=str)]
                    for r in records
                ],
            )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def iter_clusters(con: Any, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Cluster records, most corroborated first (empty when the store was never clustered)."""
    if not has_clusters(con):
        return []
    sql = "SELECT record FROM clusters ORDER BY independent_sources DESC, n_events DESC, cluster_id"
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return [json.loads(r[0]) for r in con.execute(sql).fetchall()]


def get_cluster(con: Any, cluster_id: str) -> dict[str, Any] | None:
    if not has_clusters(con):
        return None
    row = con.execute("SELECT record FROM clusters WHERE cluster_id = ?", [cluster_id]).fetchone()
    return json.loads(row[0]) if row else None


def links(con: Any, article_ids: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """``article_id -> (story_id, duplicate_of)`` for the given articles (empty if unclustered)."""
    if not article_ids or not has_clusters(con):
        return {}
    rows = con.execute("SELECT article_id, story_id, duplicate_of FROM cluster_articles WHERE article_id IN (SELECT unnest(?))", [article_ids]).fetchall()
    return {a: (s, d) for a, s, d in rows}


__all__ = ["ClusterReport", "cluster_store", "ensure_schema", "get_cluster", "has_clusters", "iter_clusters", "links"]
