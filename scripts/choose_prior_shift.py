"""Choose ``[components.confidence] prior_shift`` on the corpus held-out fifth, not on news-events.

``confidence`` moves the detector's calibrated probability by one log-odds offset. Choosing that
offset on the 26 news-events dev articles fits it to them; this script measures it instead on the
held-out fifth of the corpus (``train_detector.heldout``), which no model's weights or Platt map
saw, from the same examples caches the models were trained on:

    PYTHONPATH=src:scripts python scripts/choose_prior_shift.py --examples-cache a.json,b.json,c.json \\
        --models src/eventcoder/data/models/detector.json,/tmp/lrconj.json [--threshold 0.15]

For each model and offset it prints the log loss and ECE (10 bins) of the shifted probability over
every held-out draft, over the drafts the detector keeps (probability >= --threshold, as
``confidence`` only ever sees kept drafts) and over the held-out general-news documents alone
(``gate-news``, the corpus part closest to news). The offset with the lowest log loss over the kept
drafts is marked. No corpus text is printed.

``--genre MAP --logits Z`` measures a genre map (``components.confidence.GenreCalibration``,
``scripts/genre_calibration.py``) on the same drafts beside the offsets: each draft's probability
read with its document's out-of-fold article logit (the ``--article-logits`` file of that script);
``--gate passed`` leaves out the documents whose article the relevance gate would reject whole (no
draft of theirs reaches ``confidence`` at run time).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from train_detector import auc, heldout, load_corpus, log_loss, merge_caches, reliability

from eventcoder.components.confidence import load_genre, shift
from eventcoder.components.detect import DetectorModel

SHIFTS = (-0.75, -0.5, -0.25, 0.0, 0.25, 0.5)


def measure(probs: list[float], ys: list[int]) -> dict[str, float]:
    if not probs:
        return {"n": 0}
    return {"n": len(probs), "auc": round(auc(probs, ys), 4) if 0 < sum(ys) < len(ys) else None, "log_loss": round(log_loss(probs, ys), 4), "ece": round(reliability(probs, ys)[0], 4),
            "mean_p": round(sum(probs) / len(probs), 4), "rate": round(sum(ys) / len(ys), 4)}


def sweep(cal: list[float], ys: list[int], news: list[bool], shifts: list[float], threshold: float, genre=None, zs: list | None = None) -> dict:
    """Log loss and ECE of the calibrated probabilities ``cal`` moved by each offset (and read
    through ``genre`` with the article logits ``zs``, under the key ``"genre"``): over all
    drafts, over those kept at ``threshold`` (the unshifted probability decides, as in the
    pipeline), and over the kept drafts of the general news and of the rest."""
    kept = [i for i, x in enumerate(cal) if x >= threshold]
    kept_news = [i for i in kept if news[i]]
    kept_other = [i for i in kept if not news[i]]
    variants: dict = {s: [shift(x, s) for x in cal] for s in shifts}
    if genre is not None:
        variants["genre"] = [genre(x, z) for x, z in zip(cal, zs or [], strict=True)]
    rows = {}
    for s, p in variants.items():
        rows[s] = {
            "all": measure(p, ys),
            "kept": measure([p[i] for i in kept], [ys[i] for i in kept]),
            "kept_gate_news": measure([p[i] for i in kept_news], [ys[i] for i in kept_news]),
            "kept_other": measure([p[i] for i in kept_other], [ys[i] for i in kept_other]),
        }
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples-cache", required=True, help="comma-separated examples caches (train_detector.py)")
    ap.add_argument("--models", required=True, help="comma-separated detector model files (binary, without semantics)")
    ap.add_argument("--threshold", type=float, default=0.15, help="the detect threshold of the config: drafts below it are dropped")
    ap.add_argument("--shifts", default=",".join(str(s) for s in SHIFTS))
    ap.add_argument("--genre", default=None, help="a genre map file (scripts/genre_calibration.py) to measure beside the offsets")
    ap.add_argument("--logits", type=Path, default=None, help="(with --genre) the out-of-fold article logits (genre_calibration.py --article-logits)")
    ap.add_argument("--gate", choices=("all", "passed"), default="all", help="passed: only documents the article gate passes (needs --logits)")
    args = ap.parse_args(argv)
    shifts = [float(s) for s in args.shifts.split(",")]
    exs, _, _ = merge_caches([Path(p) for p in args.examples_cache.split(",")])
    ho = sorted((e for e in exs if heldout(e["doc"])), key=lambda e: e["doc"])
    zdoc: dict = {}
    if args.logits:
        zdata = json.loads(args.logits.read_text(encoding="utf-8"))
        zdoc = {d: v["z"] for d, v in zdata["docs"].items()}
        if args.gate == "passed":
            lo = math.log(zdata["threshold"] / (1.0 - zdata["threshold"]))
            ho = [e for e in ho if zdoc.get(e["doc"]) is None or zdoc[e["doc"]] >= lo]
    genre = load_genre(args.genre) if args.genre else None
    zs = [zdoc.get(e["doc"]) for e in ho]
    docs, _, _ = load_corpus()
    news = [docs.get(e["doc"], {}).get("source_corpus") == "gate-news" for e in ho]
    ys = [int(e["y"]) for e in ho]
    out: dict = {"heldout_drafts": len(ho), "heldout_gate_news_drafts": sum(news), "models": {}}
    for path in args.models.split(","):
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("kind", "binary") != "binary" or data.get("semantics"):
            sys.exit(f"{path}: only binary models without semantics are read here")
        model = DetectorModel(data)
        if model.legacy_gov:
            print(f"{path}: trained on the old governor walk (no gov_walk 'root'); the caches hold the new one, "
                  "so its gov* features are read approximately here", file=sys.stderr)
        cal = [model.calibrate(model.raw(e["f"])) for e in ho]
        rows = sweep(cal, ys, news, shifts, args.threshold, genre, zs)
        best = min(shifts, key=lambda s: rows[s]["kept"]["log_loss"])
        out["models"][path] = {"best_shift_by_kept_log_loss": best, "by_shift": rows}
        print(f"{path}: best shift {best}", file=sys.stderr)
        for s in rows:
            r = rows[s]
            print(f"  {s if isinstance(s, str) else format(s, '+.2f'):>5}  all {r['all']['log_loss']:.4f}/{r['all']['ece']:.4f}  kept {r['kept']['log_loss']:.4f}/{r['kept']['ece']:.4f}"
                  f"  gate-news kept {r['kept_gate_news'].get('log_loss', float('nan')):.4f}/{r['kept_gate_news'].get('ece', float('nan')):.4f}",
                  file=sys.stderr)
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
