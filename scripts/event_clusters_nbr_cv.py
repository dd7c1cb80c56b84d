"""Measure ``nbr`` (the cosine of two mentions' first-stage probability rows over their story)
as a second-stage pair feature on the pooled 5-fold leave-topics-out CV of
``train_event_clusters.py``, with NESTED out-of-fold first stages for the training rows (for
each held-out fold, each training fold's rows get their ``nbr`` from a first stage fitted on
the other training folds; product rows get the gold rows' mean). Measurement only (x21ecb,
docs/clusters.md); nothing it computes is shipped.

    PYTHONPATH=src python scripts/event_clusters_nbr_cv.py FOLD_CACHE   # a --fold-cache pickle
"""

from __future__ import annotations

import pickle
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

import __main__
from eventcoder.clusters.events import PairModel
from eventcoder.eval import coref
from eventcoder.eval.sets import ecbplus as E

sys.path.insert(0, str(Path(__file__).parent))
import train_event_clusters as T  # noqa: E402


def nbr_matrix(P):
    Q = P.copy()
    np.fill_diagonal(Q, 1.0)
    n = np.linalg.norm(Q, axis=1)
    n[n == 0] = 1
    Q = Q / n[:, None]
    return Q @ Q.T

def first_stage(train, target):
    X, y, prior = T.training_rows(train, 4.0, None, 0)
    mean, scale, coef, b = T.fit_lr(X, y, 1.0, False)
    model = PairModel(mean, scale, coef, b, 0.5, {}, prior)
    tables = T.block_tables(target.built, prior)
    probs = [model.prob(Xb.reshape(-1, Xb.shape[2])).reshape(len(r), len(r)) for r, Xb, *_ in tables]
    return tables, probs

def gold_nbr(f, tables, probs):
    """nbr of f's gold training rows in pairs_of order (for i, earlier j of its block)."""
    pos = {}
    for (r, *_), P in zip(tables, probs, strict=True):
        N = nbr_matrix(P)
        for a, i in enumerate(r):
            pos[int(i)] = (N, a)
    story, views = f.built[0], f.built[1]
    out = []
    by_block = {}
    for i in range(len(views)):
        block = by_block.setdefault(story[views.article[i]], [])
        for j in block:
            N, a = pos[i]
            out.append(N[a, pos[j][1]])
        block.append(i)
    return np.array(out)

def main() -> None:
    t0 = time.perf_counter()
    __main__.FoldData = T.FoldData  # the fold cache pickles the training script's class
    folds = pickle.loads(Path(sys.argv[1]).read_bytes())
    path = T.bench_dir() / "ecbplus" / "ecbplus_docs.jsonl"
    docs = E.read_docs(path)
    topic_of = {d["doc_id"]: d["topic"] for d in docs}
    for f in folds:
        f.words = T.topic_words(f.built, topic_of)
    thresholds = [round(float(t), 3) for t in np.arange(0.1, 0.601, 0.025)]

    variants = {"base": [], "nbr": [], "nbr+x": []}
    preds = {v: {t: {} for t in thresholds} for v in variants}
    gold = {}
    KEQ = T.FEATURES.index("key_eq") if "key_eq" in T.FEATURES else 12
    with threadpool_limits(limits=1):
        for k, f in enumerate(folds):
            rest = [g for g in folds if g is not f]
            gold.update(f.built[3])
            ids = f.built[1].ids
            tables, probs = first_stage(rest, f)
            for t in thresholds:
                preds["base"][t].update(T.fast_cluster(tables, probs, ids, t))
            # nested: each training fold's nbr from a first stage fitted without it
            nb = {}
            for g in rest:
                inner = [h for h in rest if h is not g]
                tg, pg = first_stage(inner, g)
                nb[id(g)] = gold_nbr(g, tg, pg)
            X, y, prior = T.training_rows(rest, 4.0, None, 0)
            gn = np.concatenate([nb[id(g)] for g in rest])
            ng = len(gn)
            col = np.concatenate([gn, np.full(len(y) - ng, gn.mean())])
            keq = X[:, KEQ]
            for v in ("nbr", "nbr+x"):
                extra = [col] if v == "nbr" else [col, col * keq]
                X2 = np.column_stack([X] + extra)
                mean, scale, coef, b = T.fit_lr(X2, y, 1.0, False)
                pr2 = []
                for (r, Xb, *_), P in zip(tables, probs, strict=True):
                    n = len(r)
                    N = nbr_matrix(P).reshape(-1, 1)
                    F = Xb.reshape(-1, Xb.shape[2])
                    ex = [N] if v == "nbr" else [N, N * F[:, KEQ:KEQ + 1]]
                    Z = (np.column_stack([F] + ex) - mean) / scale
                    pr2.append((1 / (1 + np.exp(-(Z @ coef + b)))).reshape(n, n))
                for t in thresholds:
                    preds[v][t].update(T.fast_cluster(tables, pr2, ids, t))
            print(f"fold {k+1} done {time.perf_counter()-t0:.0f}s", flush=True)
    for v in variants:
        print(f"{v} alpha=4: " + " ".join(f"{t}:{coref.conll(gold, preds[v][t])['conll_f1']}" for t in thresholds), flush=True)


if __name__ == "__main__":
    main()
