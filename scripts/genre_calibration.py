"""Fit the genre-aware calibration of the detector's confidence (``data/models/confidence_map.json``).

    PYTHONPATH=src:scripts python scripts/genre_calibration.py --article-logits /tmp/z.json
    PYTHONPATH=src:scripts python scripts/genre_calibration.py --examples-cache a.json,b.json,c.json \\
        --logits /tmp/z.json [--out src/eventcoder/data/models/confidence_genre.json]

One Platt map and one ``prior_shift`` serve every genre, yet on the corpus the drafts the detector
keeps from general-news documents are real far less often than their probability says, while
conflict and diplomacy drafts are calibrated. The article's own evidence of its genre is already
computed at run time: the relevance gate's article model logit ``z``
(``components.relevance.RelevanceModel.article_logit``; None for a text under its ``min_words``).
This script fits a logistic map of the event's calibrated log-odds ``q`` and ``z``:

    p = sigmoid(a*q + b + c*z' + d*q*z' + e*[z is None]),   z' = clip(z, lo, hi) (0 when None)

(``components.confidence.GenreCalibration``), out of fold on the corpus, never on an evaluation
set:

1. ``--article-logits``: every corpus document's ``z`` from an article model trained without the
   document's fold (five folds of the article examples ``train_relevance.py`` trains on, same
   settings as the shipped model), so ``z`` is as noisy as on an unseen article at run time;
2. the detector's out-of-fold probability of every draft of the training documents (the shipped
   recipe, ``train_detector.out_of_fold``, Platt map fitted on those out-of-fold scores, as
   ``train_detector.py`` fits the shipped map), grouped by document;
3. the map fitted on the drafts the detector keeps (``--threshold``) of the training documents
   whose article the article gate passes (those the pipeline would code), then measured on the
   held-out fifth (``train_detector.heldout``) read through the shipped ``detector.json``: log loss,
   ECE, AUC over the kept drafts, all of them and the general-news (``gate-news``) ones alone,
   against the shipped map with each ``prior_shift``.

``--detector FILE`` fits and measures the map for another detector model than the shipped one (a
retrain): the out-of-fold fits of step 2 then repeat that file's recipe (``meta.params``: learner,
``C``, epochs, L2, rate, minimum count, seed, synthetic weight, excluded feature families; its ``conjunctions``), and step 3 reads the held-out fifth through it. Pass a separate
``--oof-cache`` per detector recipe.

Only coefficients and counts are written, no corpus text. Deterministic (sorted inputs, fixed seeds).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from train_detector import (
    auc,
    exclude_features,
    fit_linear,
    fit_platt,
    heldout,
    load_corpus,
    log_loss,
    merge_caches,
    out_of_fold,
    reliability,
    score,
)

from eventcoder.components.confidence import GenreCalibration, shift
from eventcoder.components.detect import Calibration, DetectorModel, conjoin, logit

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "eventcoder" / "data" / "models" / "confidence_map.json"
DETECTOR = ROOT / "src" / "eventcoder" / "data" / "models" / "detector.json"
RELEVANCE = ROOT / "src" / "eventcoder" / "data" / "models" / "relevance.json"


def genre_fold(key: str, k: int = 5) -> int:
    return int(hashlib.md5(f"genre:{key}".encode()).hexdigest(), 16) % k


def article_logits(out: Path, folds: int = 5) -> int:
    """Each corpus/events document's article logit from a model that never saw it (see the module doc)."""
    import train_relevance as tr
    from train_relevance import article_logit, examples, gate_examples, gate_labels, train_articles

    from eventcoder.pipeline import Pipeline, load_config

    rel = json.loads(RELEVANCE.read_text(encoding="utf-8"))
    art, meta = rel["article"], rel["meta"]
    bits, ngrams, min_words = int(rel["bits"]), int(art["ngrams"]), int(art["min_words"])
    max_df = float(meta["article_model"]["max_df"])
    docs, cands, labels = load_corpus()
    cfg = load_config()
    cfg["pipeline"] = {**cfg["pipeline"], "components": [c for c in cfg["pipeline"]["components"] if c != "relevance"]}
    pipe = Pipeline(config=cfg)
    stats: Counter = Counter()
    arts: list[dict] = []
    gate = gate_labels(tr.GATE)
    exs = examples(pipe, docs, cands, labels, stats, arts, gate, ("synthetic-news",))
    gate_examples(pipe, tr.GATE, stats, arts, {e["doc"] for e in exs if e["source"].startswith("gate-")})
    long_ = [a for a in arts if len(a["text"].split()) >= min_words]
    models = [train_articles([a for a in long_ if genre_fold(a["doc"], folds) != k], bits, int(meta["epochs"]), float(meta["l2"]), float(meta["lr"]), max_df, ngrams)
              for k in range(folds)]
    shipped = (float(art["bias"]), {int(k): float(v) for k, v in art["weights"].items()})
    zs: dict[str, dict] = {}
    for doc_id, doc in sorted(docs.items()):
        key = "gate:" + doc["orig_id"] if doc.get("source_corpus") == "gate-news" and doc.get("orig_id") in gate else doc_id
        text = tr.texts.get(key)
        if text is None:
            continue
        b, w = models[genre_fold(key, folds)]
        zs[doc_id] = {"z": article_logit(b, w, text, bits, ngrams, min_words), "z_shipped": article_logit(*shipped, text, bits, ngrams, min_words),
                      "source": doc.get("source_corpus")}
    out.write_text(json.dumps({"folds": folds, "threshold": float(art["threshold"]), "docs": zs}), encoding="utf-8")
    print(f"{len(zs)} documents, {sum(v['z'] is not None for v in zs.values())} long enough to score; {len(long_)} article examples", file=sys.stderr)
    return 0


def measure(probs: list[float], ys: list[int]) -> dict:
    if not probs:
        return {"n": 0}
    return {"n": len(probs), "auc": round(auc(probs, ys), 4) if 0 < sum(ys) < len(ys) else None, "log_loss": round(log_loss(probs, ys), 4),
            "ece": round(reliability(probs, ys)[0], 4), "mean_p": round(sum(probs) / len(probs), 4), "rate": round(sum(ys) / len(ys), 4)}


def design(q: np.ndarray, z: list[float | None], lo: float, hi: float) -> np.ndarray:
    zz = np.array([0.0 if v is None else min(hi, max(lo, v)) for v in z])
    miss = np.array([1.0 if v is None else 0.0 for v in z])
    return np.column_stack([q, zz, q * zz, miss])


def fit_map(q: np.ndarray, z: list[float | None], ys: list[int], lo: float, hi: float, c: float, form: str = "full") -> GenreCalibration:
    """``form``: ``full`` (q, z', q*z', missing), ``offset`` (q, z', missing: one slope, the genre
    moves the log-odds only), ``platt`` (q alone: the corpus's own Platt refit, no genre)."""
    from sklearn.linear_model import LogisticRegression

    cols = {"full": [0, 1, 2, 3], "offset": [0, 1, 3], "platt": [0]}[form]
    x = design(q, z, lo, hi)[:, cols]
    m = LogisticRegression(C=c, solver="lbfgs", max_iter=1000).fit(x, np.array(ys))
    coef = dict(zip(cols, (float(v) for v in m.coef_[0]), strict=True))
    a, cz, d, e = (coef.get(k, 0.0) for k in range(4))
    return GenreCalibration({"kind": "platt_genre", "a": round(a, 6), "b": round(float(m.intercept_[0]), 6), "c": round(cz, 6), "d": round(d, 6),
                             "e": round(e, 6), "z_min": lo, "z_max": hi})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--article-logits", type=Path, default=None, help="compute every corpus document's out-of-fold article logit into this file and stop")
    ap.add_argument("--examples-cache", default="")
    ap.add_argument("--logits", type=Path, default=None, help="the --article-logits file")
    ap.add_argument("--threshold", type=float, default=0.15, help="the detect threshold: the map is fitted and measured on the drafts kept at it")
    ap.add_argument("--fit-on", choices=("kept", "all"), default="kept")
    ap.add_argument("--gate", choices=("passed", "all"), default="passed", help="passed: only drafts of articles the article gate passes (as at run time)")
    ap.add_argument("--z-range", default="-4,6")
    ap.add_argument("--form", choices=("full", "offset", "platt"), default="full", help="the map's terms (fit_map)")
    ap.add_argument("--c", type=float, default=1.0, help="inverse L2 strength of the map's fit")
    ap.add_argument("--oof-cache", type=Path, default=None, help="cache of the training documents' out-of-fold probabilities")
    ap.add_argument("--detector", type=Path, default=DETECTOR,
                    help="the detector model the map reads (default: the shipped detector.json); its meta.params learner (and C) is the out-of-fold recipe")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    if args.article_logits:
        return article_logits(args.article_logits)
    lo, hi = (float(x) for x in args.z_range.split(","))
    zdata = json.loads(args.logits.read_text(encoding="utf-8"))
    zs, athr = zdata["docs"], zdata["threshold"]
    exs, _, syn = merge_caches([Path(p) for p in args.examples_cache.split(",") if p])
    tr = [e for e in exs if not heldout(e["doc"])]
    ho = [e for e in exs if heldout(e["doc"])]

    def passes(e: dict) -> bool:
        z = zs.get(e["doc"], {}).get("z")
        return args.gate == "all" or z is None or 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0))) >= athr

    # 2. out-of-fold probabilities of the training drafts, by the recipe of the detector the map reads
    det_json = json.loads(args.detector.read_text(encoding="utf-8"))
    params = det_json.get("meta", {}).get("params", {})
    learner, learner_c = params.get("learner", "adagrad"), params.get("C")
    cj = tuple(tuple(x) for x in det_json.get("conjunctions", []))
    # the file's features: a family it was trained without is absent from its out-of-fold fits too
    exclude_features([*exs, *syn], params.get("exclude_features"))
    seeds = [int(params.get("seed", 13)) + k for k in range(max(1, int(params.get("average_seeds", 1))))]
    if args.oof_cache and args.oof_cache.is_file():
        oof = json.loads(args.oof_cache.read_text(encoding="utf-8"))
    else:
        def fit(part: list[dict]):
            part_tr = [e for e in part if not e.get("w")]
            pb, pw, _, _ = fit_linear(learner, part_tr, syn, float(params.get("synthetic_weight", 0.5)), int(params.get("epochs", 12)), float(params.get("l2", 1e-3)),
                                      float(params.get("lr", 0.1)), int(params.get("min_count", 2)), seeds, c=learner_c)
            return lambda f: score(pb, pw, f + conjoin(f, cj))

        raw = out_of_fold(tr, syn, 5, fit)
        a, b = fit_platt(raw, [e["y"] for e in tr])
        cal = Calibration("platt", None, a, b)
        oof = [cal(p) for p in raw]
        if args.oof_cache:
            args.oof_cache.write_text(json.dumps(oof), encoding="utf-8")
    det = DetectorModel(det_json)
    p_ho = [det.calibrate(det.raw(e["f"])) for e in ho]
    # 3. the map, on the training drafts as the pipeline would see them
    fit_idx = [i for i, e in enumerate(tr) if passes(e) and (args.fit_on == "all" or oof[i] >= args.threshold)]
    q = np.array([logit(oof[i]) for i in fit_idx])
    gmap = fit_map(q, [zs.get(tr[i]["doc"], {}).get("z") for i in fit_idx], [tr[i]["y"] for i in fit_idx], lo, hi, args.c, args.form)
    # measured on the held-out fifth, through the shipped detector
    docs, _, _ = load_corpus()
    kept = [i for i, e in enumerate(ho) if passes(e) and p_ho[i] >= args.threshold]
    news = [i for i in kept if docs.get(ho[i]["doc"], {}).get("source_corpus") == "gate-news"]
    ys = [e["y"] for e in ho]
    zh = [zs.get(e["doc"], {}).get("z") for e in ho]
    report: dict = {"train_drafts_fitted": len(fit_idx), "heldout_kept": len(kept), "heldout_kept_gate_news": len(news), "map": gmap.to_json(),
                    "heldout": {}}
    variants = {f"shipped, shift {s:+.2f}": [shift(p, s) for p in p_ho] for s in (-0.5, -0.25, 0.0)}
    variants["genre map"] = [gmap(p, z) for p, z in zip(p_ho, zh, strict=True)]
    for name, p in variants.items():
        report["heldout"][name] = {"kept": measure([p[i] for i in kept], [ys[i] for i in kept]),
                                   "kept_gate_news": measure([p[i] for i in news], [ys[i] for i in news]),
                                   "kept_other": measure([p[i] for i in kept if i not in set(news)], [ys[i] for i in kept if i not in set(news)])}
    by_src = Counter(docs.get(ho[i]["doc"], {}).get("source_corpus", "?").split("-w")[0] for i in kept)
    report["heldout_kept_by_source"] = dict(by_src)
    print(json.dumps(report, indent=1))
    if args.out:
        meta = {"trained_by": "scripts/genre_calibration.py", "form": args.form, "fit_on": args.fit_on, "gate": args.gate, "threshold": args.threshold, "c": args.c,
                "detector": args.detector.name, "detector_learner": learner, "relevance": "relevance.json", "report": report}
        args.out.write_text(json.dumps({**gmap.to_json(), "meta": meta}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
