"""GVC (Gun Violence Corpus, CC BY 4.0; UKPLab train/dev split, Apache-2.0): stories and
the product's own event clusters, scored against the incident each article reports.

* ``story_*``: B-cubed over documents, predicted ``story_id`` against ``gvc_event_id``
  (each document's publication date ``dct`` drives the time decay).
* ``cluster_incident_*``: the documents are coded by the pipeline, stored in a temporary
  database and clustered by ``eventcoder clusters`` exactly as a user's corpus is; a
  document's incident is the ``cluster_id`` of its events that spans the most articles
  (ties: the document's first such event); a document without events stands alone.
  B-cubed over documents against ``gvc_event_id``.

The bench file has no mention-level annotation, so there is no event-mention CoNLL F1 here.
Split: test = the documents of UKPLab's ``dev`` split (frozen in ``eval/splits/gvc.json``);
the dev part is UKPLab's ``train`` documents (nothing is trained on GVC).
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

from ... import registry
from ...records import Origin, RawRecord
from .. import cdcr
from ..base import EvalSet, Keep, pipeline_or_default, sample


def read_docs(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    return sorted(docs, key=lambda d: (d.get("dct") or "", d["doc_id"]))


def stories_of(docs: list[dict]) -> tuple[dict[str, str], int]:
    story, _, compared = cdcr.stories_of(docs, "dct")
    return story, compared


def incidents_from_clusters(docs: list[dict], pipeline: Any) -> tuple[dict[str, str], dict[str, Any]]:
    """Code, store and cluster the documents; each document's predicted incident."""
    import duckdb

    from ...clusters.store import cluster_store
    from ...engine import RunReport, process, write_outcomes
    from ...store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "gvc.duckdb")
        raws = [RawRecord(d["text"], Origin(d["doc_id"]), title=d.get("title"), source=d.get("url", "").split("/")[2] if d.get("url", "").count("/") > 2 else None, published=d.get("dct"), id=d["doc_id"]) for d in docs]
        t = time.perf_counter()
        rep = RunReport()
        ids: dict[str, str] = {}
        with Store(db) as st:
            run_id = st.start_run(["gvc"], {})
            for outcomes in process(raws, pipeline, batch_size=16):
                for kind, p in outcomes:
                    if kind == "coded":
                        ids[p.article.id] = p.article.origin.path
                write_outcomes(st, outcomes, run_id, rep)
        t_code = time.perf_counter() - t
        con = duckdb.connect(db)
        cr = cluster_store(con)
        rows = con.execute("SELECT e.article_id, ec.cluster_id, e.start_char FROM events e JOIN event_clusters ec USING (event_id)").fetchall()
        con.close()
    span: dict[str, set[str]] = {}
    for aid, cid, _ in rows:
        span.setdefault(cid, set()).add(aid)
    best: dict[str, tuple[int, int, str]] = {}
    for aid, cid, start in rows:
        key = (-len(span[cid]), start, cid)
        if aid not in best or key < best[aid]:
            best[aid] = key
    pred = {}
    for aid, doc_id in ids.items():
        pred[doc_id] = best[aid][2] if aid in best else f"alone:{doc_id}"
    for d in docs:
        pred.setdefault(d["doc_id"], f"alone:{d['doc_id']}")
    return pred, {"seconds_coding": round(t_code, 2), "events": len(rows), "clustering": cr.to_dict()}


def eval_gvc(path: Path, limit: int | None = None, stride: int = 1, keep: Keep = None, pipeline: Any = None, events: bool = True) -> dict[str, Any]:
    t0 = time.perf_counter()
    docs = read_docs(path)
    docs = sample(docs, [keep(d["doc_id"]) for d in docs] if keep else None, stride, limit)
    gold = {d["doc_id"]: d["gvc_event_id"] for d in docs}
    story, compared = stories_of(docs)
    out: dict[str, Any] = {"documents": len(docs), "incidents": len(set(gold.values()))}
    out.update(cdcr.document_scores("story", gold, story, "stories"))
    out["story_comparisons"] = compared
    if events:
        pred, info = incidents_from_clusters(docs, pipeline_or_default(pipeline))
        out.update(cdcr.document_scores("cluster_incident", gold, pred, "predicted_incidents"))
        out.update({k: v for k, v in info.items() if k != "clustering"})
        out["clustering_seconds"] = info["clustering"]["seconds"]
        out["docs_without_events"] = sum(1 for v in pred.values() if v.startswith("alone:"))
    out["seconds"] = round(time.perf_counter() - t0, 2)
    return out


def run(path: Path, *, limit: int | None, stride: int, keep: Keep, pipeline: Any) -> dict:
    return eval_gvc(path, limit, stride, keep, pipeline)


def draw_split(path: Path) -> tuple[list[str], list[str], str]:
    docs = read_docs(path)
    return [d["doc_id"] for d in docs], [d["doc_id"] for d in docs if d["split"] == "dev"], "test: UKPLab's dev split of GVC (split field 'dev'); dev part: UKPLab's train split"


registry.eval_sets.register(
    "gvc",
    func=EvalSet("gvc", "gvc-dev/gvc_docs_train_dev.jsonl", run, "gvc", "GVC: stories (doc -> incident B-cubed) and incidents from the coder's own event clusters"),
)


__all__ = ["draw_split", "eval_gvc", "incidents_from_clusters", "read_docs", "run", "stories_of"]
