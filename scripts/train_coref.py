"""Train the within-article event coreference model (``src/eventcoder/data/models/coref.json``).

    .venv/bin/python scripts/train_coref.py [--epochs 12] [--l2 1e-3] [--lr 0.1]

For every annotated document of ``corpus/events/``, runs the components up to ``mentions``,
aligns the drafts to annotated candidates (as ``train_detector.py`` does), and, for every draft
labelled ``event`` and every earlier event draft of the same type in an earlier sentence, makes
one pair: positive when the annotators linked them to the same real-world event (``same_as``
chains), else negative. Every ``clash`` (another historical reading, own date or country,
disjoint or crossed sides, a reply) is counted; the pairs the coder never scores (the clashes
in ``[components.corefer] veto`` of default.cfg) are not trained on;
the report also counts how often the clause-relation rules (anaphor, consequence) name the
annotators' antecedent. A logistic model over ``components.coref.pair_features`` is fitted on
the train split of documents; the held-out fifth gives AUC, an isotonic calibration and the
precision/recall of linking at the threshold.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from train_detector import (
    analysed,
    auc,
    calibrated,
    heldout,
    isotonic,
    load_corpus,
    prf,
    reliability,
    score,
    train,
)

from eventcoder.components.coref import (
    VETO,
    Corefer,
    clash,
    is_anaphor,
    is_consequence,
    is_presupposed,
    pair_features,
    told_of_anaphor,
)
from eventcoder.pipeline import Pipeline, load_config

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "eventcoder" / "data" / "models" / "coref.json"
#: components never run for the pairs: the relevance gate would skip annotated sentences, and
#: ``detect`` would drop annotated events (the pairs are every labelled event, as the coder
#: joins whatever it kept)
NOT_IN_TRAINING = frozenset({"relevance", "detect"})


def before_corefer(components: list[str]) -> list[str]:
    """The configured components that run before ``corefer``, in their run-time order: the
    pair features read the types ``retype`` gives and the dates and ``historical`` flags of
    ``dates``, so training must see the same (a fixed list went stale when ``retype`` came)."""
    return [c for c in components[: components.index("corefer")] if c not in NOT_IN_TRAINING]


def head_of(cid: str, labels: dict) -> str:
    seen = set()
    while True:
        a = labels.get(cid)
        nxt = a.get("same_as") if a else None
        if not nxt or nxt in seen or nxt not in labels:
            return cid
        seen.add(cid)
        cid = nxt


def pairs(pipe: Pipeline, docs: dict, cands: dict, labels: dict, veto: frozenset[str] = frozenset(VETO)) -> tuple[list[dict], Counter]:
    by_doc: dict[str, dict[int, str]] = defaultdict(dict)
    for cid in labels:
        c = cands.get(cid)
        if c is not None:
            by_doc[c["doc_id"]][c["trigger_start"]] = cid
    stats: Counter = Counter()
    out = []
    for doc_id, art, ctx in analysed(pipe, docs, sorted(by_doc), stats):
        index = {s.start: k for k, s in enumerate(ctx.sentences)}
        events = []  # (draft, head candidate id)
        for d in ctx.drafts:
            heads = set()
            for m in (d, *d.others):
                start, _ = art.raw_span(m.tok.idx + m.off, m.tok.idx + m.off + len(m.tok.text))
                cid = by_doc[doc_id].get(start)
                if cid and labels[cid]["label"] == "event":
                    heads.add(head_of(cid, labels))
            if heads:
                events.append((d, heads))
        for j, (d, hj) in enumerate(events):
            earlier = [(e, he) for e, he in events[:j] if e.type == d.type and e.sentence.start < d.sentence.start and e.negated == d.negated and e.hypothetical == d.hypothetical]
            # at coding time the rivals are the events kept so far (re-mentions already joined)
            rivals = len({frozenset(he) for _, he in earlier})
            # the clause-relation rules of Corefer.antecedent, measured on the corpus: does the
            # latest compatible earlier event of the type share the draft's same_as chain?
            compatible = [(e, he) for e, he in reversed(earlier) if Corefer.compatible(d, e)]
            if compatible:
                e, he = compatible[0]
                dist = index.get(d.sentence.start, 0) - index.get(e.sentence.start, 0)
                rule = "anaphor" if is_anaphor(d.tok) or told_of_anaphor(d.tok) else "consequence" if is_consequence(d.tok) and dist <= 1 else None
                if rule:
                    stats[f"rule_{rule}_{'right' if hj & he else 'wrong'}"] += 1
                elif is_presupposed(d.tok):
                    # the victims picked out by a relative clause: linked to some compatible earlier event?
                    stats[f"rule_presupposed_{'linked' if any(hj & h for _, h in compatible) else 'unlinked'}"] += 1
            for rank, (e, he) in enumerate(reversed(earlier)):
                y = int(bool(hj & he))
                why = clash(d, e)
                if why:
                    # never joined at coding time (the veto): not a pair the model scores
                    stats[f"clash_{why}_{'positive' if y else 'negative'}"] += 1
                    if why in veto:
                        continue
                first = e is earlier[0][0]
                out.append({"doc": doc_id, "draft": j, "y": y, "f": pair_features(d, e, rank, index, rivals, first=first)})
                stats["positive" if y else "negative"] += 1
    return out, stats


def link_prf(exs: list[dict], probs: list[float], t: float) -> tuple[float, float, float]:
    """Linking as the coder decides it, per later draft: the best-scoring earlier event is
    joined when its probability reaches ``t``. A join is right when the annotators linked that
    pair; a draft with a linked earlier event that is not joined (or joined elsewhere) misses
    it. Precision, recall, F1 of the joins."""
    by: dict[tuple[str, int], list[tuple[float, int]]] = defaultdict(list)
    for ex, p in zip(exs, probs, strict=True):
        by[(ex["doc"], ex["draft"])].append((p, ex["y"]))
    tp = fp = fn = 0
    for cands in by.values():
        p, y = max(cands)
        has = any(yy for _, yy in cands)
        if p >= t:
            tp += y
            fp += 1 - y
            fn += int(has and not y)
        else:
            fn += int(has)
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    return round(pr, 3), round(rc, 3), round(2 * pr * rc / (pr + rc), 3) if pr + rc else 0.0


#: the thresholds ``--threshold auto`` chooses among (calibrated probabilities)
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--threshold", default="0.5", help="the join threshold written into the model, or 'auto': the one of "
                    "THRESHOLDS with the best held-out linking F1 (link_prf)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--pairs-cache", type=Path, default=None, help="featurised pairs read from (or, when absent, written to) "
                    "this file: to try training settings without re-running the pipeline; stale once pair_features change")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)
    docs, cands, labels = load_corpus()
    cfg = load_config()
    cfg["pipeline"] = {**cfg["pipeline"], "components": before_corefer(list(cfg["pipeline"]["components"]))}
    veto = frozenset(cfg.get("components", {}).get("corefer", {}).get("veto") or VETO)
    if args.pairs_cache and args.pairs_cache.exists():
        cached = json.loads(args.pairs_cache.read_text(encoding="utf-8"))
        exs, stats = cached["pairs"], Counter(cached["stats"])
    else:
        exs, stats = pairs(Pipeline(config=cfg), docs, cands, labels, veto)
        if args.pairs_cache:
            args.pairs_cache.write_text(json.dumps({"pairs": exs, "stats": stats}), encoding="utf-8")
    tr = [e for e in exs if not heldout(e["doc"])]
    ho = [e for e in exs if heldout(e["doc"])]
    b, w = train(tr, args.epochs, args.l2, args.lr, args.min_count)
    raw = [score(b, w, e["f"]) for e in ho]
    ys = [e["y"] for e in ho]
    cal = isotonic(raw, ys)
    probs = [calibrated(cal, p) for p in raw]
    ece, _ = reliability(probs, ys)
    report = {
        "pairs": dict(stats),
        "train_pairs": len(tr),
        "heldout_pairs": len(ho),
        "heldout_positive_rate": round(sum(ys) / max(1, len(ys)), 3),
        "heldout_auc": round(auc(raw, ys), 4),
        "heldout_ece_calibrated": ece,
    }
    links = {str(t): link_prf(ho, probs, t) for t in THRESHOLDS}
    threshold = max(THRESHOLDS, key=lambda t: (links[str(t)][2], t)) if args.threshold == "auto" else float(args.threshold)
    report["heldout_prf_at_threshold"] = prf(probs, ys, threshold)
    report["heldout_links_by_threshold"] = links
    report["threshold"] = threshold
    print(json.dumps(report, indent=2))
    if args.dry_run:
        return 0
    model = {
        "bias": b,
        "weights": dict(sorted(w.items())),
        "threshold": threshold,
        "calibration": cal,
        "meta": {
            "trained_by": "scripts/train_coref.py",
            "corpus": "corpus/events same_as links (the project's own annotations; texts: MUC-4 train, public domain; event-location training part, MIT; the project's synthetic long-form articles, MIT)",
            "params": {"epochs": args.epochs, "l2": args.l2, "lr": args.lr, "min_count": args.min_count, "veto": sorted(veto)},
            "report": report,
        },
    }
    args.out.write_text(json.dumps(model, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(w)} weights)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
