"""Is a better learner available on the detector's features? Grouped k-fold CV over the corpus.

    PYTHONPATH=src:scripts python scripts/detector_cv.py --examples-cache a.json,b.json [--dealings 3] [--folds 5]
        [--learners adagrad,lr,lr-conj] [--out report.json]

Reads the examples caches ``scripts/train_detector.py`` writes (the featurised corpus: one pass of
the pipeline, then every learner re-fits from it), deals the corpus documents — all of them, the
train split and the held-out fifth alike — into ``--folds`` folds by document (md5 of the dealing
number and the doc id), ``--dealings`` times, and scores each learner by its out-of-fold scores:
AUC, log loss and expected calibration error (10 bins) of the raw score, and of the score after
a Platt map cross-fitted over the other folds' out-of-fold scores (what the shipped model's
calibration does). The synthetic weak positives always train (weight ``--synthetic-weight``),
never score. The spread across dealings is the noise floor a learner must beat.

Learners (``train_detector.LEARNERS``): ``adagrad`` (the shipped recipe), ``lr`` (scikit-learn
``LogisticRegression``, liblinear, L2, on the same count features, C chosen by an inner grouped
3-fold CV on log loss), ``lr-conj`` (the same plus the explicit conjunctions of
``components.detect.CONJUNCTIONS``), ``hgb`` (``HistGradientBoostingClassifier`` on the top-k
features by chi², dense; measured only). BLAS is pinned to one thread (threadpoolctl), so the
numbers are bit-stable; only counts and scores are written, no corpus text.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits
from train_detector import (
    LEARNERS,
    auc,
    fit_platt,
    fit_predictor,
    log_loss,
    merge_caches,
    reliability,
    select_batches,
)

from eventcoder.components.detect import Calibration


def dealt(doc: str, dealing: int, folds: int) -> int:
    """The fold of a document in one dealing (dealing 0 is independent of ``heldout``'s md5 % 5)."""
    return int(hashlib.md5(f"{dealing}:{doc}".encode()).hexdigest(), 16) % folds


def measures(raw: list[float], ys: list[int], fold: list[int], folds: int) -> dict:
    """AUC, log loss and ECE of the out-of-fold raw scores, and of a Platt map cross-fitted:
    each fold's scores calibrated by the map fitted on the other folds' out-of-fold scores."""
    cal = [0.0] * len(raw)
    for k in range(folds):
        others = [i for i, f in enumerate(fold) if f != k]
        a, b = fit_platt([raw[i] for i in others], [ys[i] for i in others])
        c = Calibration("platt", None, a, b)
        for i, f in enumerate(fold):
            if f == k:
                cal[i] = c(raw[i])
    return {
        "auc": round(auc(raw, ys), 4),
        "log_loss_raw": log_loss(raw, ys),
        "ece_raw": reliability(raw, ys)[0],
        "log_loss_platt": log_loss(cal, ys),
        "ece_platt": reliability(cal, ys)[0],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--examples-cache", required=True, help="comma-separated caches of scripts/train_detector.py")
    ap.add_argument("--learners", default="adagrad,lr,lr-conj", help="comma-separated, of: " + ", ".join(LEARNERS))
    ap.add_argument("--dealings", type=int, default=3)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--synthetic-weight", type=float, default=0.5)
    ap.add_argument("--drop-batches", default="")
    ap.add_argument("--dealing", type=int, default=None, help="run only this dealing (0..dealings-1: dealings in parallel processes, then --merge)")
    ap.add_argument("--fold", type=int, default=None,
                    help="with --dealing: fit only this fold and write its out-of-fold raw scores (folds in parallel processes, then --merge-folds)")
    ap.add_argument("--merge-folds", default="", help="comma-separated --fold outputs of one learner: their scores measured as one dealing each")
    ap.add_argument("--merge", default="", help="comma-separated reports of single dealings to combine into one (no fitting)")
    ap.add_argument("--c", type=float, default=None, help="(lr learners) this C in every fit instead of the inner CV's choice")
    ap.add_argument("--c-once", action="store_true",
                    help="(lr learners) choose C by the inner CV in the first fold of the first dealing only and keep it (a tenth of the fits)")
    ap.add_argument("--out", type=Path, default=None, help="write the report (JSON) here too")
    args = ap.parse_args(argv)
    if args.merge:
        return merge_reports([Path(p) for p in args.merge.split(",") if p], args.out)
    exs, stats, syn = merge_caches([Path(p) for p in args.examples_cache.split(",") if p])
    exs, _ = select_batches(exs, args.drop_batches, "")
    ys = [e["y"] for e in exs]
    if args.merge_folds:
        return merge_folds([Path(p) for p in args.merge_folds.split(",") if p], exs, args.folds, args.out)
    if args.fold is not None:
        name = args.learners.split(",")[0]
        fold = [dealt(e["doc"], args.dealing or 0, args.folds) for e in exs]
        part = [e for e, f in zip(exs, fold, strict=True) if f != args.fold]
        with threadpool_limits(limits=1):
            t0 = time.time()
            predict, info = fit_predictor(name, part, syn, synthetic_weight=args.synthetic_weight, **({"c": args.c} if args.c else {}))
            idx = [i for i, f in enumerate(fold) if f == args.fold]
            raw = predict([exs[i]["f"] for i in idx])
        out = {"learner": name, "dealing": args.dealing or 0, "fold": args.fold, "fit": info, "idx": idx, "raw": raw, "seconds": round(time.time() - t0, 1)}
        (args.out or Path("fold.json")).write_text(json.dumps(out), encoding="utf-8")
        return 0
    print(f"{len(exs)} examples ({sum(ys)} positive) in {len({e['doc'] for e in exs})} documents, {len(syn)} synthetic", file=sys.stderr)
    report: dict = {"examples": len(exs), "positives": sum(ys), "documents": len({e["doc"] for e in exs}), "synthetic": len(syn),
                    "folds": args.folds, "dealings": args.dealings, "learners": {}}
    with threadpool_limits(limits=1):
        for name in [x for x in args.learners.split(",") if x]:
            rows = []
            fixed_c = args.c
            for dealing in range(args.dealings) if args.dealing is None else [args.dealing]:
                t0 = time.time()
                fold = [dealt(e["doc"], dealing, args.folds) for e in exs]
                raw = [0.0] * len(exs)
                chosen = []
                for k in range(args.folds):
                    part = [e for e, f in zip(exs, fold, strict=True) if f != k]
                    kw = {"c": fixed_c} if fixed_c is not None else {}
                    predict, info = fit_predictor(name, part, syn, synthetic_weight=args.synthetic_weight, **kw)
                    if args.c_once and name.startswith("lr"):
                        fixed_c = info["C"]
                    chosen.append(info)
                    idx = [i for i, f in enumerate(fold) if f == k]
                    for i, p in zip(idx, predict([exs[i]["f"] for i in idx]), strict=True):
                        raw[i] = p
                row = {"dealing": dealing, **measures(raw, ys, fold, args.folds), "fits": chosen, "seconds": round(time.time() - t0, 1)}
                rows.append(row)
                print(name, json.dumps({k: v for k, v in row.items() if k != "fits"}), file=sys.stderr, flush=True)
            report["learners"][name] = {"dealings": rows}
    return write(summarise(report), args.out)


MEASURES = ("auc", "log_loss_raw", "ece_raw", "log_loss_platt", "ece_platt")


def summarise(report: dict) -> dict:
    """Mean, min, max and spread across dealings of every measure; each learner's AUC minus the
    shipped recipe's, dealing by dealing (paired: the same folds)."""
    for r in report["learners"].values():
        r["dealings"].sort(key=lambda d: d["dealing"])
        r["summary"] = {}
        for m in MEASURES:
            xs = [d[m] for d in r["dealings"]]
            r["summary"][m] = {"mean": round(float(np.mean(xs)), 4), "min": min(xs), "max": max(xs), "spread": round(max(xs) - min(xs), 4)}
    base = report["learners"].get("adagrad")
    if base:
        at = {d["dealing"]: d["auc"] for d in base["dealings"]}
        for r in report["learners"].values():
            r["auc_minus_adagrad"] = {d["dealing"]: round(d["auc"] - at[d["dealing"]], 4) for d in r["dealings"] if d["dealing"] in at}
    return report


def merge_folds(paths: list[Path], exs: list[dict], folds: int, out: Path | None) -> int:
    """One report from the per-fold outputs of ``--fold`` (every fold of each dealing present)."""
    ys = [e["y"] for e in exs]
    parts = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    report: dict = {"examples": len(exs), "positives": sum(ys), "folds": folds, "learners": {}}
    for name in sorted({x["learner"] for x in parts}):
        rows = []
        for dealing in sorted({x["dealing"] for x in parts if x["learner"] == name}):
            mine = [x for x in parts if x["learner"] == name and x["dealing"] == dealing]
            if sorted(x["fold"] for x in mine) != list(range(folds)):
                print(f"{name} dealing {dealing}: folds {sorted(x['fold'] for x in mine)} only, left out", file=sys.stderr)
                continue
            raw = [0.0] * len(exs)
            for x in mine:
                for i, p in zip(x["idx"], x["raw"], strict=True):
                    raw[i] = p
            fold = [dealt(e["doc"], dealing, folds) for e in exs]
            rows.append({"dealing": dealing, **measures(raw, ys, fold, folds), "fits": [x["fit"] for x in mine], "seconds": sum(x["seconds"] for x in mine)})
        report["learners"][name] = {"dealings": rows}
    return write(summarise(report), out)


def merge_reports(paths: list[Path], out: Path | None) -> int:
    merged: dict = {}
    for p in paths:
        r = json.loads(p.read_text(encoding="utf-8"))
        if not merged:
            merged = {**r, "learners": {}}
        for name, lr in r["learners"].items():
            merged["learners"].setdefault(name, {"dealings": []})["dealings"] += lr["dealings"]
    return write(summarise(merged), out)


def write(report: dict, out: Path | None) -> int:
    text = json.dumps(report, indent=1)
    print(text)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
