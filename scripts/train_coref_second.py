"""Train the second pass of within-article event coreference (``data/models/coref_second.json``).

    PYTHONPATH=src:scripts .venv/bin/python scripts/train_coref_second.py [--dealings 5] [--dry-run]

``corefer`` folds an article's drafts left to right with a pair model (``coref.json``): a later
mention joins the earlier kept event whose lead it is likely to name again. An incident re-told
paragraphs on (a summary, a witness's quotation, "the raid" with a side missing) scores low
against the lead alone, and stays a duplicate. The second pass (``Corefer.regroup``) decides on
the kept events as the fold left them: does this kept event tell an earlier kept event again?
Its features (``coref.cluster_features``) are the pair model's best and mean score against
every mention of the earlier event, the events' sizes and the article's evidence
(``article_features``).

For every annotated document of ``corpus/events/`` the labelled drafts are folded as the coder
folds them (``train_coref.coder_fold``'s fold: the clause rules, the shipped pair model at the
configured threshold, the veto and the account bar); each kept event is paired with every earlier
kept event of its type and flags (no vetoed clash), positive when the annotators' ``same_as``
chains link them; the kept events are merged as the chains say, in text order. A logistic model
over those pairs is fitted on the train split of documents; the held-out fifth reports, per
threshold, the coder's second pass: events kept, duplicates (a kept event whose chain an earlier
kept event holds: what news-events counts) and wrong and right merges, against the fold alone.
``--dealings N`` repeats it on N dealings of the documents into train and held-out parts (each
with a pair model retrained on its train part by ``train_coref.py``'s recipe), to show the spread.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import train_coref as TC
import train_detector as TD

from eventcoder.components.coref import (
    SECOND_VETO,
    VETO,
    Corefer,
    article_profile,
    cluster_features,
)
from eventcoder.components.detect import DetectorModel, load_model
from eventcoder.pipeline import Pipeline, load_config

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "eventcoder" / "data" / "models" / "coref_second.json"
OUT_CROSS = ROOT / "src" / "eventcoder" / "data" / "models" / "coref_second_cross.json"
#: the thresholds reported on the held-out part (raw logistic probabilities)
#: the annotated PLOVER type of each chain head (candidate id), filled by ``main``: which type a
#: cross-type merge should keep (``second_keeps``)
GOLD_TYPE: dict[str, str] = {}
THRESHOLDS = (0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8)


def corefer_of(model: DetectorModel, ccfg: dict, veto: frozenset[str]) -> Corefer:
    return Corefer(model, ccfg.get("threshold"), ccfg.get("consequence_window", 1), None, sorted(veto),
                   ccfg.get("account_threshold"), ccfg.get("account_kinds", ("differ", "one")),
                   second_veto=ccfg.get("second_veto", SECOND_VETO), second_account_kinds=ccfg.get("second_account_kinds"),
                   second_scored_only=bool(ccfg.get("second_scored_only", False)))


def first_fold(analysed_docs: list, corefer: Corefer) -> list[tuple[str, dict, dict, list]]:
    """The coder's left-to-right fold of each document's labelled drafts
    (``train_coref.fold_events``, the pair model without article features): ``(doc id, sentence
    index, article profile, kept)``, ``kept`` a list of ``[lead draft, chain heads, other
    mentions]`` (the mentions ``Corefer.__call__`` leaves in the lead's ``others``)."""
    out = []
    for doc_id, index, events in analysed_docs:
        profile = article_profile([d for d, _ in events], index)
        kept, _ = TC.fold_events(corefer, index, events, None)
        out.append((doc_id, index, profile, kept))
    return out


def regroup(folded: list, corefer: Corefer, second: DetectorModel | None, threshold: float,
            collect: list | None = None, cross: DetectorModel | None = None, cross_threshold: float = 1.0,
            cross_only: bool = False) -> Counter:
    """The second pass over ``first_fold``'s kept events (as ``Corefer.regroup``; the merge is
    the model's at ``threshold``, or the annotators' when ``collect`` gathers training pairs):
    kept, duplicates, wrong and right merges. With a ``cross`` model (or ``cross_only``, when
    collecting) every earlier kept event is a candidate, whatever its type and flags
    (``Corefer.comparable``): a pair of one type and flags is scored by ``second`` at
    ``threshold``, another by ``cross`` at ``cross_threshold``; ``cross_only`` collects only the
    pairs of another type or flags; ``cross_right`` / ``cross_wrong`` count those merges.
    ``folded`` is not changed (each call merges copies of its kept events)."""
    out: Counter = Counter()
    across = cross is not None or cross_only
    for doc_id, index, profile, kept0 in folded:
        kept = [[k[0], set(k[1]), list(k[2])] for k in kept0]
        final: list[list] = []
        for k in kept:
            lead = k[0]
            cands = [c for c in final if c[0].sentence.start < lead.sentence.start and (across or Corefer.alike(lead, c[0]))
                     and not corefer.kept_apart(lead, c[0])]
            by_lead = {id(c[0]): c for c in cands}
            best, best_p = None, 0.0
            for c0, among, rank in corefer.ranked(lead, [c[0] for c in cands]):
                c = by_lead[id(c0)]
                f = cluster_features(lead, c0, among, rank, index, profile, corefer, k[2], c[2])
                y = int(bool(k[1] & c[1]))
                alike = Corefer.alike(lead, c[0])
                bar = threshold if alike else cross_threshold
                if collect is not None:
                    if not (cross_only and alike):
                        collect.append({"doc": doc_id, "draft": lead.trigger_start, "y": y, "f": f})
                    p, bar = float(y), threshold
                elif alike:
                    p = second.probability(f) if second is not None else 0.0
                else:
                    p = cross.probability(f) if cross is not None else 0.0
                if p >= bar and p > best_p:
                    best, best_p = c, p
            if best is not None:
                out["right" if best[1] & k[1] else "wrong"] += 1
                if not Corefer.alike(lead, best[0]):
                    out["cross_right" if best[1] & k[1] else "cross_wrong"] += 1
                    gold = {GOLD_TYPE.get(h) for h in best[1] & k[1]} - {None}
                    if gold:  # which lead's type a policy of second_keeps would keep, against the chain's annotated type
                        for keeps, key in (("lead", None), ("salience", "salience"), ("confidence", "confidence")):
                            c0 = best[0] if key is None or getattr(best[0], key) >= getattr(lead, key) else lead
                            out[f"keeps_{keeps}_type_right"] += c0.type in gold
                        out["keeps_gold_typed"] += 1
                best[1] = best[1] | k[1]
                best[2] = [*best[2], lead, *k[2]]
                continue
            out["duplicates"] += any(c[1] & k[1] for c in final)
            final.append(k)
        out["kept"] += len(final)
    return out


def salted(salt: int) -> Callable[[str], bool]:
    """A dealing of the documents into train and held-out parts (salt 0: ``heldout``'s own)."""
    if salt == 0:
        return TD.heldout
    return lambda doc_id: int(hashlib.md5((str(salt) + doc_id).encode()).hexdigest(), 16) % 5 == 0


def fit_second(analysed_docs: list, pair: DetectorModel, ccfg: dict, veto: frozenset[str], held: Callable[[str], bool],
               epochs: int = 12, l2: float = 1e-3, lr: float = 0.1, min_count: int = 2,
               same: DetectorModel | None = None) -> tuple[dict, dict]:
    """The second-pass model fitted on the documents ``held`` leaves in train, and its report on
    the held-out ones (the fold alone, and the second pass per threshold; ``cost`` is duplicates
    + 2 x wrong merges). With ``same`` (the shipped same-type model, scored at its own threshold)
    the fitted model is the cross-type one: trained on the pairs of another type or flags only,
    and reported beside ``same`` alone (``same_alone``, what the coder does without it)."""
    corefer = corefer_of(pair, ccfg, veto)
    train_docs = [x for x in analysed_docs if not held(x[0])]
    exs: list[dict] = []
    regroup(first_fold(train_docs, corefer), corefer, None, 1.0, collect=exs, cross_only=same is not None)
    b, w = TD.train(exs, epochs, l2, lr, min_count)
    model = {"bias": b, "weights": dict(sorted(w.items())), "threshold": 0.5, "calibration": None}
    fitted = DetectorModel(model)
    ho = [x for x in analysed_docs if held(x[0])]
    folded = first_fold(ho, corefer)
    report = {"train_pairs": len(exs), "train_positive": sum(e["y"] for e in exs),
              "heldout_documents": len(ho), "fold_alone": dict(regroup(folded, corefer, None, 1.0))}

    def costed(r: Counter) -> dict:
        return {**r, "cost": r.get("duplicates", 0) + 2 * r.get("wrong", 0)}

    if same is not None:
        st = ccfg.get("second_threshold") or same.threshold
        report["same_alone"] = costed(regroup(folded, corefer, same, st))
    for t in THRESHOLDS:
        if same is None:
            report[str(t)] = costed(regroup(folded, corefer, fitted, t))
        else:
            report[str(t)] = costed(regroup(folded, corefer, same, st, cross=fitted, cross_threshold=t))
    return model, report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threshold", type=float, default=0.6, help="the merge threshold written into the model")
    ap.add_argument("--dealings", type=int, default=1, help="also report this many dealings of the documents (salts 0..N-1), "
                    "each with its pair model retrained by train_coref.py's recipe")
    ap.add_argument("--cross", action="store_true", help="fit the cross-type model (second_cross): the pairs of another type "
                    "or flags, the type pair and flag agreement as features (coref.cross_features); reported beside the "
                    "configured same-type model (default.cfg's second) at its threshold, which scores the same-type pairs")
    ap.add_argument("--out", type=Path, default=None, help=f"default {OUT.name}, with --cross {OUT_CROSS.name}")
    ap.add_argument("--second-veto", default=None, help="comma-separated clashes (coref.SECOND_CLASHES) that keep two kept "
                    "events apart in training and on the held-out parts, overriding default.cfg's second_veto; \"\" for none: "
                    "every clash is then evidence the model weighs (coref.evidence_features)")
    ap.add_argument("--second-account-kinds", default=None, help="comma-separated: whose accounts the \"accounts\" reason of "
                    "--second-veto holds for (default.cfg's second_account_kinds, else account_kinds)")
    ap.add_argument("--scored-only", action="store_true", help="the cluster features read the pair model only on the mention "
                    "pairs the first pass scores (not those its veto keeps apart): second_scored_only")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)
    docs, cands, labels = TC.load_corpus()
    GOLD_TYPE.update({cid: a["type"] for cid, a in labels.items() if a.get("label") == "event" and a.get("type")})
    cfg = load_config()
    cfg["pipeline"] = {**cfg["pipeline"], "components": TC.before_corefer(list(cfg["pipeline"]["components"]))}
    ccfg = cfg.get("components", {}).get("corefer", {})
    if args.second_veto is not None:
        ccfg = {**ccfg, "second_veto": [r for r in args.second_veto.split(",") if r]}
    if args.second_account_kinds is not None:
        ccfg = {**ccfg, "second_account_kinds": [r for r in args.second_account_kinds.split(",") if r]}
    if args.scored_only:
        ccfg = {**ccfg, "second_scored_only": True}
    veto = frozenset(ccfg.get("veto") or VETO)
    stats: Counter = Counter()
    analysed_docs = TC.labelled(Pipeline(config=cfg), docs, cands, labels, stats)
    pair = load_model(ccfg.get("model") or "coref.json")
    same = None
    if args.cross:
        same = load_model(ccfg.get("second") or "coref_second.json")
    model, report = fit_second(analysed_docs, pair, ccfg, veto, TD.heldout, same=same)
    report["dealings"] = {}
    for salt in range(1, args.dealings):
        held = salted(salt)
        TC.heldout = held
        pargs = argparse.Namespace(epochs=12, l2=1e-3, lr=0.1, min_count=2, threshold="0.4", fold="gold", passes=0, skip_ruled=False)
        exs, st = TC.folded_pairs(analysed_docs, pargs, veto, ccfg)
        pm, _ = TC.fit(exs, st, pargs, veto)
        report["dealings"][str(salt)] = fit_second(analysed_docs, DetectorModel(pm), ccfg, veto, held, same=same)[1]
    TC.heldout = TD.heldout
    model["threshold"] = args.threshold
    model["meta"] = {
        "trained_by": "scripts/train_coref_second.py",
        "pair_model": ccfg.get("model") or "coref.json",
        "cross": args.cross,
        "second_veto": list(ccfg.get("second_veto", SECOND_VETO)),
        "second_account_kinds": ccfg.get("second_account_kinds"),
        "second_scored_only": bool(ccfg.get("second_scored_only", False)),
        "same_type_model": (ccfg.get("second") or "coref_second.json") if args.cross else None,
        "corpus": "corpus/events same_as links (the project's own annotations; texts: MUC-4 train, public domain; event-location "
                  "training part, MIT; the project's synthetic long-form articles, MIT)",
        "report": report,
    }
    print(json.dumps(report, indent=1))
    args.out = args.out or (OUT_CROSS if args.cross else OUT)
    if not args.dry_run:
        args.out.write_text(json.dumps(model, indent=0) + "\n", encoding="utf-8")
        print(f"wrote {args.out} ({len(model['weights'])} weights)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
