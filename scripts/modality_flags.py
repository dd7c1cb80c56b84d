"""Flag agreement of the modality stage on the detector's held-out corpus fifth.

For every event-labelled candidate of a held-out document (``train_detector.heldout``: md5 % 5
== 0) that a draft lands on, compares the draft's ``negated``/``hypothetical`` flags (after the
``intent`` stage, which turns a statement of intent into its own type) with the annotation,
and lists the disagreements with the trigger's chain of governors (dependency label and
lemma), so the causes can be bucketed from the parse rather than sentence by sentence.

    PYTHONPATH=src:scripts python scripts/modality_flags.py [--limit N] [--quiet]
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict

from train_detector import analysed, heldout, load_corpus

from eventcoder.pipeline import Pipeline, load_config


def chain(tok, depth: int = 6) -> str:
    out, cur = [], tok
    for _ in range(depth):
        out.append(f"{cur.dep_}>{cur.head.lemma_}")
        if cur.head is cur or cur.dep_ == "ROOT":
            break
        cur = cur.head
    return " ".join(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="the first N held-out documents only")
    ap.add_argument("--quiet", action="store_true", help="the counts only")
    args = ap.parse_args()
    docs, cands, labels = load_corpus()
    by_doc: dict[str, dict[int, dict]] = defaultdict(dict)
    for cid, a in labels.items():
        c = cands.get(cid)
        if c is not None and a["label"] == "event" and heldout(c["doc_id"]):
            by_doc[c["doc_id"]][c["trigger_start"]] = a
    ids = sorted(by_doc)[: args.limit or None]
    cfg = load_config()
    comps = list(cfg["pipeline"]["components"])
    cfg["pipeline"] = {**cfg["pipeline"], "components": [c for c in comps[: comps.index("intent") + 1] if c != "relevance"]}
    pipe = Pipeline(config=cfg)
    n, stats = Counter(), Counter()
    for doc_id, art, ctx in analysed(pipe, docs, ids, stats):
        at = by_doc[doc_id]
        for d in ctx.drafts:
            start, _ = art.raw_span(d.tok.idx + d.off, d.tok.idx + d.off + len(d.tok.text))
            a = at.get(start)
            if a is None:
                continue
            n["aligned events"] += 1
            for f in ("negated", "hypothetical"):
                s, g = bool(getattr(d, f)), bool(a.get(f))
                n[f"{f} agree"] += s == g
                if s != g:
                    n[f"{f}: {'system' if s else 'gold'} only"] += 1
                    if not args.quiet:
                        print(f"{f}: {'system' if s else 'gold'} only | {d.type} | {d.tok.text} | {chain(d.tok)} | {d.tok.sent.text[:160]!r}")
    print(f"\ndocuments: {len(ids)}; {dict(stats)}")
    for k, v in sorted(n.items()):
        print(f"  {k}: {v}")
    if n["aligned events"]:
        for f in ("negated", "hypothetical"):
            print(f"  {f} agreement: {n[f'{f} agree'] / n['aligned events']:.3f}")


if __name__ == "__main__":
    main()
