"""Fit the confidence map that reads how an event is told in its article (``components.confidence.TellingCalibration``; none shipped, docs/detector.md x26conf).

    # 1. the corpus's events as the pipeline leaves them after corefer (numbers and labels only)
    PYTHONPATH=src:scripts python scripts/telling_calibration.py --run R.json --examples-cache a.json,b.json,c.json \\
        --oof-cache OOF [--shard 0/2]
    # 2. the map, fitted on the training documents' events, measured on the held-out fifth
    PYTHONPATH=src:scripts python scripts/telling_calibration.py --fit R0.json,R1.json --logits Z \\
        [--covariates mentions,earlier,...] [--out MAP.json]

x25genre found that the article's topic (the relevance gate's logit) lowers news-events confidence
AUC: within the articles the gate passes, event-rich reports carry more re-mentions, and a
re-mention kept as an event of its own is what news-events scores as not real. The detector
scores one draft in its sentence; this map (``components.confidence.TellingCalibration``, applied
by the ``telling`` component after ``corefer``) reads the event's confidence with how the article
tells it once the fold is done (``Telling.covariates``: its mentions, the events of its type told
before it and the pair model's best probability that it names one of them again, whether it opens
the story, its probability's rank, the article's events):

1. ``--run``: every corpus document with labelled drafts (the examples caches ``train_detector.py``
   writes) through the default pipeline with ``telling`` recording, never mapping. A training
   document's lexicon drafts take their out-of-fold detector probability (``genre_calibration.py``'s
   ``--oof-cache``: the shipped AdaGrad recipe, 5 folds, Platt; a draft without a labelled candidate
   keeps the shipped detector's), so which drafts are kept, their confidence and ranks are as on an
   unseen article; a held-out document's (``train_detector.heldout``) are the shipped detector's.
   Each event is labelled by its lead's candidate: real when it is an event and not a re-mention
   (``same_as`` in an earlier sentence) of an event another emitted event already carries — the
   news-events reading (``y_event``); ``y_draft`` is the detector's own label (``train_detector.positive``).
2. ``--fit``: the map (scikit-learn logistic regression, L2 ``--c``) on the training documents'
   events in articles the gate passes (``--logits``: ``genre_calibration.py --article-logits``),
   measured on the held-out fifth: log loss, ECE, AUC against the shipped confidence (the map off).

Only numbers and labels are cached and written, no corpus text. Deterministic.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from genre_calibration import measure
from train_detector import heldout, load_corpus, merge_caches

from eventcoder.components.confidence import TELLING, TellingCalibration
from eventcoder.components.detect import logit
from eventcoder.records import Origin, RawRecord

ROOT = Path(__file__).resolve().parents[1]


class OutOfFold:
    """``detect`` with the training drafts' out-of-fold probabilities: the shipped component scores
    every draft (its re-typing kept), then a draft with an out-of-fold probability takes it, and the
    threshold is applied to that."""

    def __init__(self, inner: Any, lookup: dict[tuple[str, int], float]) -> None:
        self.inner, self.lookup, self.threshold = inner, lookup, inner.threshold
        self.name, self.requires, self.assigns = inner.name, inner.requires, inner.assigns
        inner.threshold = 0.0
        self.doc, self.art = "", None

    def __call__(self, ctx: Any) -> None:
        self.inner(ctx)
        kept = []
        for d in ctx.drafts:
            if d.origin == "lexicon" and d.p_event is not None:
                p = self.lookup.get((self.doc, raw_start(self.art, d)))
                if p is not None:
                    d.p_event = round(p, 4)
                if d.p_event < self.threshold:
                    ctx.dropped.append(d)
                    continue
            kept.append(d)
        ctx.drafts = kept


def raw_start(art: Any, d: Any) -> int:
    return art.raw_span(d.tok.idx + d.off, d.tok.idx + d.off + len(d.tok.text))[0]


def run(out: Path, caches: list[Path], oof_path: Path, shard: tuple[int, int]) -> int:
    from eventcoder.pipeline import Pipeline, load_config, with_component

    exs, _, _ = merge_caches(caches)
    tr = [e for e in exs if not heldout(e["doc"])]
    oof = json.loads(oof_path.read_text(encoding="utf-8"))
    if len(oof) != len(tr):
        raise SystemExit(f"{oof_path}: {len(oof)} probabilities for {len(tr)} training drafts (another cache?)")
    docs, cands, labels = load_corpus()
    lookup = {(e["doc"], int(cands[e["cid"]]["trigger_start"])): p for e, p in zip(tr, oof, strict=True) if e.get("cid") in cands}
    by_doc: dict[str, dict[int, str]] = defaultdict(dict)
    for cid, c in cands.items():
        if cid in labels:
            by_doc[c["doc_id"]][int(c["trigger_start"])] = cid
    cfg = with_component(load_config(), "telling", "telling", after="corefer", calibration=None)
    pipe = Pipeline(config=cfg)
    det = next(i for i, c in enumerate(pipe.components) if c.name == "detect")
    ood = pipe.components[det] = OutOfFold(pipe.components[det], lookup)
    tell = next(c for c in pipe.components if c.name == "telling")
    doc_ids = sorted({e["doc"] for e in exs})
    doc_ids = [d for k, d in enumerate(doc_ids) if k % shard[1] == shard[0]]
    rows: list[dict] = []
    stats: Counter = Counter()
    for n, doc_id in enumerate(doc_ids):
        doc = docs[doc_id]
        art = pipe.prepare(RawRecord(text=doc["text"], origin=Origin(doc_id), title=doc.get("title")), published=doc.get("published"))
        if not hasattr(art, "text"):
            stats["doc skipped"] += 1
            continue
        ood.doc, ood.art, tell.record = doc_id, art, []
        ctx = pipe.analyse(art)
        at = by_doc.get(doc_id, {})

        def cid_of(d: Any, at: dict[int, str] = at, art: Any = art) -> str | None:
            return at.get(raw_start(art, d))

        carried = [{cid_of(m) for m in (e, *e.others, *e.retold)} - {None} for e in ctx.drafts]
        for d, x, before in tell.record:
            cid = cid_of(d)
            a = labels.get(cid) if cid else None
            if a is None or a["label"] == "unclear":
                stats["event without a clear label"] += 1
                continue
            k = next(i for i, e in enumerate(ctx.drafts) if e is d)
            same = a.get("same_as")
            c, s = cands.get(cid), cands.get(same) if same else None
            first = not same or bool(s and c and s["sentence_index"] == c["sentence_index"])
            y_draft = int(a["label"] == "event" and first)
            told_elsewhere = bool(same) and any(same in cs for i, cs in enumerate(carried) if i != k)
            y_event = int(a["label"] == "event" and (first or not told_elsewhere))
            y_typed = int(y_event and a.get("type") == d.type)
            rows.append({"doc": doc_id, "heldout": heldout(doc_id), "x": {k2: round(v, 5) for k2, v in x.items()}, "conf": before,
                         "p": d.p_event, "y_draft": y_draft, "y_event": y_event, "y_typed": y_typed, "source": doc.get("source_corpus")})
            stats["events"] += 1
        if n % 200 == 0:
            print(f"{n}/{len(doc_ids)} documents, {len(rows)} events", file=sys.stderr)
    out.write_text(json.dumps({"rows": rows, "stats": dict(stats)}), encoding="utf-8")
    print(json.dumps(dict(stats)), file=sys.stderr)
    return 0


def fit(q: list[float], xs: list[dict[str, float]], ys: list[int], names: list[str], c: float, level: str = "free") -> TellingCalibration:
    """``level``: ``free`` (slope and offset refitted with the covariates: the corpus's own level of
    events after the fold), ``keep`` (``q`` enters as an offset, slope 1, and the covariates' term is
    centred on the training events: on average over the corpus the map moves no confidence, it only
    reorders and spreads them — the level stays the one the shipped map gives, which the corpus and
    news do not share; ``prior_shift`` in ``components/confidence.py``)."""
    from sklearn.linear_model import LogisticRegression

    xc = np.column_stack([np.array([v[k] for v in xs]) for k in names]) if names else np.zeros((len(q), 0))
    qa, y = np.array(q), np.array(ys, dtype=float)
    if level == "free":
        m = LogisticRegression(C=c, solver="lbfgs", max_iter=2000).fit(np.column_stack([qa, xc]), y)
        coef = [float(v) for v in m.coef_[0]]
        a, b, w = coef[0], float(m.intercept_[0]), coef[1:]
    else:
        from scipy.optimize import minimize

        def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
            z = qa + theta[0] + xc @ theta[1:]
            p = 1.0 / (1.0 + np.exp(-z))
            nll = float(np.sum(np.logaddexp(0.0, z) - y * z)) + float(theta[1:] @ theta[1:]) / (2 * c)
            g = np.concatenate([[np.sum(p - y)], xc.T @ (p - y) + theta[1:] / c])
            return nll, g

        theta = minimize(loss, np.zeros(1 + xc.shape[1]), jac=True, method="L-BFGS-B").x
        w = [float(v) for v in theta[1:]]
        a, b = 1.0, -float(np.mean(xc @ theta[1:])) if names else 0.0
    return TellingCalibration({"kind": "platt_telling", "a": round(a, 6), "b": round(b, 6), "w": {k: round(v, 6) for k, v in zip(names, w, strict=True)}})


def clip(p: float) -> float:
    return min(0.9999, max(0.0001, p))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--run", type=Path, default=None, help="write the corpus's events (step 1) to this file and stop")
    ap.add_argument("--examples-cache", default="")
    ap.add_argument("--oof-cache", type=Path, default=None, help="genre_calibration.py --oof-cache file (training drafts' out-of-fold probabilities)")
    ap.add_argument("--shard", default="0/1")
    ap.add_argument("--fit", default="", help="the --run files (step 2)")
    ap.add_argument("--logits", type=Path, default=None, help="genre_calibration.py --article-logits file (which documents the gate passes)")
    ap.add_argument("--label", choices=("y_event", "y_typed", "y_draft"), default="y_event")
    ap.add_argument("--covariates", default=",".join(TELLING))
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--exclude-sources", default="", help="corpus sources left out of the fit and the measure (event-location: one-sentence snippets, no article to tell an event in)")
    ap.add_argument("--level", choices=("free", "keep"), default="free", help="see fit()")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    if args.run:
        k, n = (int(v) for v in args.shard.split("/"))
        return run(args.run, [Path(p) for p in args.examples_cache.split(",") if p], args.oof_cache, (k, n))
    names = [k for k in args.covariates.split(",") if k]
    rows = [r for p in args.fit.split(",") if p for r in json.loads(Path(p).read_text(encoding="utf-8"))["rows"]]
    zs, athr = {}, 0.0
    if args.logits:
        zdata = json.loads(args.logits.read_text(encoding="utf-8"))
        zs, athr = zdata["docs"], zdata["threshold"]

    def passes(r: dict) -> bool:
        z = zs.get(r["doc"], {}).get("z")
        return z is None or 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0))) >= athr

    skip = tuple(x for x in args.exclude_sources.split(",") if x)
    rows = sorted((r for r in rows if passes(r) and not str(r["source"]).startswith(skip or ("\0",))), key=lambda r: r["doc"])
    tr = [r for r in rows if not r["heldout"]]
    ho = [r for r in rows if r["heldout"]]
    tmap = fit([logit(clip(r["conf"])) for r in tr], [r["x"] for r in tr], [r[args.label] for r in tr], names, args.c, args.level)
    report: dict = {"covariates": names, "label": args.label, "train_events": len(tr), "train_rate": round(sum(r[args.label] for r in tr) / max(1, len(tr)), 4),
                    "heldout_events": len(ho), "map": tmap.to_json(), "heldout": {}}
    groups = {"all": ho, "long_form": [r for r in ho if str(r["source"]).startswith(("synthetic-news", "muc4", "gate-news"))],
              "gate_news": [r for r in ho if r["source"] == "gate-news"]}
    for lab in ("y_event", "y_typed", "y_draft"):
        for name, fn in (("shipped", lambda r: r["conf"]), ("telling", lambda r: tmap(clip(r["conf"]), r["x"]))):
            report["heldout"][f"{lab} {name}"] = {g: measure([fn(r) for r in rs], [r[lab] for r in rs]) for g, rs in groups.items()}
    print(json.dumps(report, indent=1))
    if args.out:
        meta = {"trained_by": "scripts/telling_calibration.py", "label": args.label, "c": args.c, "level": args.level, "exclude_sources": args.exclude_sources, "gate": "passed", "detector": "detector.json",
                "coref": "coref.json", "calibration": "confidence_map.json", "report": report}
        args.out.write_text(json.dumps({**tmap.to_json(), "meta": meta}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
