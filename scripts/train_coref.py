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
    article_profile,
    clash,
    is_anaphor,
    is_consequence,
    is_presupposed,
    is_restatement,
    pair_features,
    told_of_anaphor,
)
from eventcoder.components.detect import DetectorModel
from eventcoder.pipeline import Pipeline, load_config

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "eventcoder" / "data" / "models" / "coref.json"
#: components never run for the pairs: the relevance gate would skip annotated sentences, and
#: ``detect`` would drop annotated events (the pairs are every labelled event, as the coder
#: joins whatever it kept)
NOT_IN_TRAINING = frozenset({"relevance", "detect"})
#: whether the pairs carry ``coref.article_features`` (the article's profile of its annotated
#: events; ``--article``): measured in x23retold, no better on the corpus held-out, so off
ARTICLE = False


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


def labelled(pipe: Pipeline, docs: dict, cands: dict, labels: dict, stats: Counter) -> list[tuple[str, dict[int, int], list]]:
    """Per annotated document the coder's drafts up to ``mentions`` that the annotators label
    ``event``, each with the heads of its ``same_as`` chains: ``(doc id, sentence index,
    [(draft, heads), ...])``, in text order."""
    by_doc: dict[str, dict[int, str]] = defaultdict(dict)
    for cid in labels:
        c = cands.get(cid)
        if c is not None:
            by_doc[c["doc_id"]][c["trigger_start"]] = cid
    out = []
    for doc_id, art, ctx in analysed(pipe, docs, sorted(by_doc), stats):
        index = {s.start: k for k, s in enumerate(ctx.sentences)}
        events = []  # (draft, head candidate ids)
        for d in ctx.drafts:
            heads = set()
            for m in (d, *d.others):
                start, _ = art.raw_span(m.tok.idx + m.off, m.tok.idx + m.off + len(m.tok.text))
                cid = by_doc[doc_id].get(start)
                if cid and labels[cid]["label"] == "event":
                    heads.add(head_of(cid, labels))
            if heads:
                events.append((d, heads))
        out.append((doc_id, index, events))
    return out


def ruled(d, compatible: list, index: dict[int, int], window: int = 1) -> str | None:
    """Which clause-relation rule of ``Corefer.antecedent`` decides ``d`` before the pair
    model is asked (``compatible``: the compatible rivals, latest first), or None."""
    if compatible:
        e = compatible[0]
        dist = index.get(d.sentence.start, 0) - index.get(e.sentence.start, 0)
        if is_anaphor(d.tok) or told_of_anaphor(d.tok):
            return "anaphor"
        if is_consequence(d.tok) and dist <= window:
            return "consequence"
    if any(is_restatement(d, e) for e in compatible):
        return "restatement"
    return None


def pairs(pipe: Pipeline, docs: dict, cands: dict, labels: dict, veto: frozenset[str] = frozenset(VETO), fold: str = "gold",
          corefer: Corefer | None = None, skip_ruled: bool = False, analysed_docs: list | None = None) -> tuple[list[dict], Counter]:
    """The training pairs, one per later draft and earlier event it could join.

    ``fold`` says what the earlier events are. ``all``: every earlier labelled draft of the
    type (re-mentions not folded; the coder never sees these). ``gold``: the events kept so
    far as the coder folds them, a draft joining the earlier event the annotators link it to
    (its chains then count for that event); ``model``: as the coder folds them with
    ``corefer`` (rules, then the pair model at its bar). In both the rank, the rival count and
    ``first=`` are what ``Corefer.antecedent`` computes. ``skip_ruled``: no pairs for a draft
    a clause-relation rule decides (the model is not asked for it)."""
    stats: Counter = Counter()
    if analysed_docs is None:
        analysed_docs = labelled(pipe, docs, cands, labels, stats)
    out = []
    for doc_id, index, events in analysed_docs:
        profile = article_profile([d for d, _ in events], index) if ARTICLE else None
        kept: list[list] = []  # [lead draft, heads of every chain folded into it]
        for j, (d, hj) in enumerate(events):
            if fold == "all":
                rivals = [[e, he] for e, he in events[:j]]
            else:
                rivals = kept
            rivals = [r for r in rivals if r[0].type == d.type and r[0].sentence.start < d.sentence.start
                      and r[0].negated == d.negated and r[0].hypothetical == d.hypothetical]
            # the clause-relation rules of Corefer.antecedent, measured on the corpus: does the
            # latest compatible earlier event of the type share the draft's same_as chain?
            compatible = [r for r in reversed(rivals) if Corefer.compatible(d, r[0])]
            rule = ruled(d, [r[0] for r in compatible], index)
            if rule in ("anaphor", "consequence"):
                stats[f"rule_{rule}_{'right' if hj & compatible[0][1] else 'wrong'}"] += 1
            elif rule is None and compatible and is_presupposed(d.tok):
                # the victims picked out by a relative clause: linked to some compatible earlier event?
                stats[f"rule_presupposed_{'linked' if any(hj & h for _, h in compatible) else 'unlinked'}"] += 1
            n = len({frozenset(he) for _, he in rivals}) if fold == "all" else len(rivals)
            if not (skip_ruled and rule):
                for rank, (e, he) in enumerate(reversed(rivals)):
                    y = int(bool(hj & he))
                    why = clash(d, e)
                    if why:
                        # never joined at coding time (the veto): not a pair the model scores
                        stats[f"clash_{why}_{'positive' if y else 'negative'}"] += 1
                        if why in veto:
                            continue
                    out.append({"doc": doc_id, "draft": j, "y": y, "f": pair_features(d, e, rank, index, n, first=e is rivals[0][0], profile=profile)})
                    stats["positive" if y else "negative"] += 1
            if fold == "all":
                continue
            if fold == "gold":
                linked = [r for r in reversed(rivals) if hj & r[1] and clash(d, r[0]) not in veto]
                target = linked[0] if linked else None
            else:
                e = corefer.antecedent(d, [r[0] for r in rivals], index, profile)
                target = next((r for r in rivals if r[0] is e), None)
            if target is not None:
                target[1] = target[1] | hj
                stats["folded"] += 1
            else:
                kept.append([d, set(hj)])
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
    ap.add_argument("--fold", choices=("all", "gold"), default="gold", help="the earlier events a draft is paired with: "
                    "every earlier labelled draft (all), or the events kept so far as the coder folds them, folding by the "
                    "annotators' links (gold; default)")
    ap.add_argument("--passes", type=int, default=0, help="with --fold gold: this many more passes folding as the coder "
                    "does with the model fitted so far, their new pairs added")
    ap.add_argument("--skip-ruled", action="store_true", help="no pairs for a draft a clause-relation rule decides")
    ap.add_argument("--article", action="store_true", help="the pairs carry coref.article_features (x23retold: not kept)")
    ap.add_argument("--compare", type=Path, default=None, help="also score the held-out fifth with this model file (e.g. the "
                    "shipped coref.json): pair AUC, linking P/R/F1 by threshold and the coder's fold, on the same pairs and drafts")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)
    global ARTICLE
    ARTICLE = args.article
    docs, cands, labels = load_corpus()
    cfg = load_config()
    cfg["pipeline"] = {**cfg["pipeline"], "components": before_corefer(list(cfg["pipeline"]["components"]))}
    ccfg = cfg.get("components", {}).get("corefer", {})
    veto = frozenset(ccfg.get("veto") or VETO)
    if args.pairs_cache and args.pairs_cache.exists():
        cached = json.loads(args.pairs_cache.read_text(encoding="utf-8"))
        exs, stats = cached["pairs"], Counter(cached["stats"])
    else:
        stats = Counter()
        analysed_docs = labelled(Pipeline(config=cfg), docs, cands, labels, stats)
        exs, more = folded_pairs(analysed_docs, args, veto, ccfg)
        stats += more
        if args.pairs_cache:
            args.pairs_cache.write_text(json.dumps({"pairs": exs, "stats": stats}), encoding="utf-8")
    model, report = fit(exs, stats, args, veto)
    if not (args.pairs_cache and args.pairs_cache.exists()):
        held = [x for x in analysed_docs if heldout(x[0])]
        report["heldout_fold"] = {str(t): coder_fold(held, DetectorModel(model), t, ccfg, veto) for t in (0.3, 0.35, 0.4, 0.45, 0.5)}
        if args.compare is not None:
            report["compare"] = compare(args.compare, exs, held, ccfg, veto)
    elif args.compare is not None:
        report["compare"] = compare(args.compare, exs, None, ccfg, veto)
    print(json.dumps(report, indent=2))
    if args.dry_run:
        return 0
    args.out.write_text(json.dumps(model, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(model['weights'])} weights)", file=sys.stderr)
    return 0


def folded_pairs(analysed_docs: list, args: argparse.Namespace, veto: frozenset[str], ccfg: dict) -> tuple[list[dict], Counter]:
    """The pairs of ``args.fold``, then ``args.passes`` passes folding as the coder does with
    the model fitted so far (on the train split; every pass's new pairs added): the pairs the
    coder meets after its own joins and misses."""
    exs, stats = pairs(None, {}, {}, {}, veto, fold=args.fold, skip_ruled=args.skip_ruled, analysed_docs=analysed_docs)
    for k in range(args.passes if args.fold == "gold" else 0):
        model = DetectorModel(fit(exs, stats, args, veto)[0])
        corefer = Corefer(model, ccfg.get("threshold"), ccfg.get("consequence_window", 1), None, sorted(veto),
                          ccfg.get("account_threshold"), ccfg.get("account_kinds", ("differ", "one")))
        got, more = pairs(None, {}, {}, {}, veto, fold="model", corefer=corefer, skip_ruled=args.skip_ruled, analysed_docs=analysed_docs)
        seen = {(e["doc"], e["draft"], tuple(e["f"])) for e in exs}
        new = [e for e in got if (e["doc"], e["draft"], tuple(e["f"])) not in seen]
        stats[f"pass{k + 1}_new_pairs"] = len(new)
        stats[f"pass{k + 1}_folded"] = more["folded"]
        exs = exs + new
    return exs, stats


def fold_events(corefer: Corefer, index: dict, events: list, profile: dict | None) -> tuple[list[list], Counter]:
    """The coder's left-to-right fold of one document's labelled drafts ``[(draft, chain
    heads)]``, as ``Corefer.__call__`` folds them (``antecedent`` against the kept events of the
    draft's type and flags): the kept events as ``[lead draft, chain heads, other mentions]``
    (the drafts themselves are not changed: the analysed documents are folded again and again),
    and the counts of ``right`` and ``wrong`` joins (into an event sharing a chain, or none) and
    of ``duplicates`` (a kept event whose chain an earlier kept event holds: what news-events
    counts as a duplicate). ``coder_fold`` and ``train_coref_second.first_fold`` both fold here."""
    out: Counter = Counter()
    kept: list[list] = []
    for d, hj in events:
        rivals = [r for r in kept if r[0].type == d.type and r[0].negated == d.negated and r[0].hypothetical == d.hypothetical
                  and r[0].sentence.start < d.sentence.start]
        e = corefer.antecedent(d, [r[0] for r in rivals], index, profile)
        target = next((r for r in rivals if r[0] is e), None) if e is not None else None
        if target is not None:
            out["right" if target[1] & hj else "wrong"] += 1
            target[1] = target[1] | hj
            target[2] = [*target[2], d, *d.others]
            continue
        out["duplicates"] += any(r[1] & hj for r in kept)
        kept.append([d, set(hj), list(d.others)])
    return kept, out


def coder_fold(analysed_docs: list, model: DetectorModel, threshold: float, ccfg: dict, veto: frozenset[str]) -> dict[str, int]:
    """The coder's fold of the documents' labelled drafts with ``model`` at ``threshold`` (the
    clause rules, the veto and the account bar of ``ccfg``; ``fold_events``): ``kept`` events,
    ``duplicates``, ``wrong`` and ``right`` joins."""
    corefer = Corefer(model, threshold, ccfg.get("consequence_window", 1), None, sorted(veto),
                      ccfg.get("account_threshold"), ccfg.get("account_kinds", ("differ", "one")))
    out = Counter()
    for _, index, events in analysed_docs:
        profile = article_profile([d for d, _ in events], index) if ARTICLE else None
        kept, counts = fold_events(corefer, index, events, profile)
        out.update(counts)
        out["kept"] += len(kept)
    return {k: out[k] for k in ("kept", "duplicates", "wrong", "right")}


def compare(path: Path, exs: list[dict], held: list | None, ccfg: dict, veto: frozenset[str]) -> dict:
    """Another model file (the shipped one) on the same held-out pairs and drafts: pair AUC of
    its raw scores, linking P/R/F1 with its own calibration by threshold, and (when the analysed
    held-out documents are at hand) the coder's fold by threshold."""
    other = DetectorModel(json.loads(path.read_text(encoding="utf-8")))
    ho = [e for e in exs if heldout(e["doc"])]
    raw = [other.raw(e["f"]) for e in ho]
    probs = [other.calibrate(p) for p in raw]
    out = {
        "model": str(path),
        "heldout_auc": round(auc(raw, [e["y"] for e in ho]), 4),
        "heldout_links_by_threshold": {str(t): link_prf(ho, probs, t) for t in THRESHOLDS},
    }
    if held is not None:
        out["heldout_fold"] = {str(t): coder_fold(held, other, t, ccfg, veto) for t in (0.3, 0.35, 0.4, 0.45, 0.5)}
    return out


def fit(exs: list[dict], stats: Counter, args: argparse.Namespace, veto: frozenset[str]) -> tuple[dict, dict]:
    """The logistic pair model fitted on the train split, calibrated and reported on the
    held-out fifth: (model as written to ``coref.json``, report)."""
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
    model = {
        "bias": b,
        "weights": dict(sorted(w.items())),
        "threshold": threshold,
        "calibration": cal,
        "meta": {
            "trained_by": "scripts/train_coref.py",
            "corpus": "corpus/events same_as links (the project's own annotations; texts: MUC-4 train, public domain; event-location training part, MIT; the project's synthetic long-form articles, MIT)",
            "params": {"fold": args.fold, "passes": args.passes, "skip_ruled": args.skip_ruled, "epochs": args.epochs, "l2": args.l2, "lr": args.lr, "min_count": args.min_count, "veto": sorted(veto)},
            "report": report,
        },
    }
    return model, report


if __name__ == "__main__":
    raise SystemExit(main())
