"""Ids for one batch in memory: ``duplicate_of``, ``story_id`` and ``cluster_id`` without a store.

``eventcoder ingest --clusters`` and ``eventcoder code --clusters`` print records that carry
the ids a clustering run would give the same articles in an empty database: the same
near-duplicate index, story vectors, average-link stories, pair model and online event
clustering (:mod:`.store` runs the same steps against the tables). The batch is held in
memory, which is why it is a flag and not the default of the streaming commands.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .duplicates import NearDuplicates
from .events import EventClusters, PairModel
from .features import EventViews, PairFeatures, view_of_record
from .stories import Stories, day_number, order_key
from .text import DocFreq, counts, story_vectors


def link_articles(articles: Sequence[tuple[str, str, str | None]]) -> tuple[dict[str, tuple[str | None, str | None]], DocFreq]:
    """``article_id -> (story_id, duplicate_of)`` for ``(id, text, published)`` triples, and
    the document frequencies the story vectors were weighted by."""
    items = sorted(articles, key=lambda a: order_key(a[2], a[0]))
    nd = NearDuplicates()
    dup: dict[str, str | None] = {aid: nd.check(aid, text)[0] for aid, text, _ in items}
    originals = [a for a in items if dup[a[0]] is None]
    df = DocFreq()
    story = Stories().assign_batch([a[0] for a in originals], story_vectors(df, [a[1] for a in originals]), [a[2] for a in originals]) if originals else {}
    out: dict[str, tuple[str | None, str | None]] = {}
    for aid, _text, _pub in items:
        d = dup[aid]
        out[aid] = (story.get(d) if d else story.get(aid), d)
    return out, df


def link_events(events: Sequence[dict[str, Any]], texts: dict[str, str], published: dict[str, str | None], links: dict[str, tuple[str | None, str | None]], df: DocFreq, model: PairModel | None = None) -> dict[str, str]:
    """``event_id -> cluster_id`` for event records (``Event.to_dict``); events of a
    near-duplicate article are in no cluster (their original's events stand for them)."""
    evs = [e for e in events if links.get(e["article_id"], (None, None))[1] is None and links.get(e["article_id"], (None, None))[0]]
    evs.sort(key=lambda e: (*order_key(published.get(e["article_id"]), e["article_id"]), e["start"], e["event_id"]))
    if not evs:
        return {}
    views = EventViews()
    for e in evs:
        view_of_record(views, e, day_number)
    doc_ids = sorted({e["article_id"] for e in evs})
    dv = df.weigh(counts([texts[a] for a in doc_ids]))
    blocks = [links[e["article_id"]][0] or "" for e in evs]
    pf = PairFeatures(views, {a: dv[k] for k, a in enumerate(doc_ids)}, df, blocks)
    ec = EventClusters(model or PairModel.load())
    got = ec.assign_all(pf, list(range(len(evs))), blocks)
    return {e["event_id"]: got[k] for k, e in enumerate(evs)}


def with_cluster_ids(records: list[dict[str, Any]], fetch: Any) -> None:
    """Set ``story_id``, ``duplicate_of`` and ``cluster_id`` on stored event records from the
    cluster tables, ``fetch(sql, params) -> rows`` being the caller's query function (the
    API's cursor). Unchanged when the store was never clustered."""
    if not records:
        return
    aids = sorted({r.get("article_id") for r in records if r.get("article_id")})
    eids = [r["event_id"] for r in records if r.get("event_id")]
    import duckdb

    def marks(xs: list[Any]) -> str:  # an IN list of bound ids uses the primary-key index
        return ",".join("?" * len(xs)) or "NULL"

    try:
        arts = {a: (s, d) for a, s, d in fetch(f"SELECT article_id, story_id, duplicate_of FROM cluster_articles WHERE article_id IN ({marks(aids)})", aids)}  # noqa: S608
        cids = dict(fetch(f"SELECT event_id, cluster_id FROM event_clusters WHERE event_id IN ({marks(eids)})", eids))  # noqa: S608
    except duckdb.CatalogException:  # never clustered: the tables are not there
        return
    for r in records:
        s, d = arts.get(r.get("article_id"), (None, None))
        r["story_id"], r["duplicate_of"], r["cluster_id"] = s, d, cids.get(r.get("event_id"))


__all__ = ["link_articles", "link_events", "with_cluster_ids"]
