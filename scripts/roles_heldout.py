"""Source/target accuracy on the held-out fifth of ``corpus/events/`` without retraining.

    PYTHONPATH=src python scripts/roles_heldout.py [--limit N] [--dump FILE.tsv]

The same drafts, labels and per-side accuracy as ``train_roles.py`` reports (a side is right
when the chosen candidate heads the gold span, or nothing is chosen when the gold is null or
elsewhere), but for the roles component as it runs: the rules alone (``model = null``) and the
rules with the shipped ``roles.json``. A change to the rules is judged here on ~1,300 annotated
drafts besides the news-events dev part. ``--dump`` writes one line per draft (rules + model):
doc, trigger, type, chosen source and target heads, gold heads, sentence — diff two dumps to
see which drafts a change moved.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_roles as tr  # noqa: E402
from train_detector import heldout, load_corpus  # noqa: E402

from eventcoder.components.roles import role_candidates  # noqa: E402
from eventcoder.pipeline import Pipeline, load_config  # noqa: E402
from eventcoder.records import Origin, RawRecord  # noqa: E402


def pipeline(model: bool) -> Pipeline:
    cfg = load_config()
    cfg["pipeline"] = {**cfg["pipeline"], "components": ["focus", "triggers", "roles"]}
    if not model:
        cfg["components"] = {**cfg["components"], "roles": {"factory": "roles", "model": None}}
    return Pipeline(config=cfg)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="the first N held-out documents only")
    ap.add_argument("--dump", type=Path, help="one TSV line per draft (rules + model)")
    args = ap.parse_args()
    docs, cands, labels = load_corpus()
    by_doc: dict[str, dict[int, dict]] = defaultdict(dict)
    for cid, a in labels.items():
        c = cands.get(cid)
        if c is not None and a["label"] == "event" and heldout(c["doc_id"]):
            by_doc[c["doc_id"]][c["trigger_start"]] = a

    def spans_of(a: dict) -> dict:
        seen = 0
        while a.get("same_as") and not a.get("source") and not a.get("target") and seen < 5:
            head = labels.get(a["same_as"])
            if head is None or head.get("label") != "event":
                break
            a, seen = head, seen + 1
        return a

    modes = (("rules+model", True),) if args.dump else (("rules", False), ("rules+model", True))
    out = args.dump.open("w", encoding="utf-8") if args.dump else None
    for name, model in modes:
        pipe = pipeline(model)
        ok, n = Counter(), Counter()
        for doc_id in sorted(by_doc)[: args.limit]:
            doc = docs[doc_id]
            art = pipe.prepare(RawRecord(text=doc["text"], origin=Origin(doc_id), title=doc.get("title")), published=doc.get("published"))
            if not hasattr(art, "text"):
                continue
            ctx = pipe.analyse(art)
            for d in ctx.drafts:
                a = by_doc[doc_id].get(tr._raw(art, d, d.tok))
                if a is None:
                    continue
                a = spans_of(a)
                s0, s1 = art.raw_span(d.sentence.start, d.sentence.end)
                spans, elsewhere = {}, {}
                for side in ("source", "target"):
                    g = a.get(side)
                    if g:
                        spans[side] = [(g["start"], g["end"])]
                        elsewhere[side] = not (g["start"] < s1 and s0 < g["end"])
                cs, _ = role_candidates(d, ctx.places, pipe.resources.actors, {})
                labs = tr.label_candidates(art, d, cs, spans, elsewhere)
                chosen = tr._rule_choice(d, cs)
                if out is not None:
                    head = [None if chosen[s] is None else cs[chosen[s]].text for s in ("source", "target")]
                    gold = [[cs[k].text for k, lab in enumerate(labs) if lab == s] for s in ("source", "target")]
                    out.write("\t".join(map(str, [doc_id, d.tok.i, d.tok.text, d.type, *head, *gold, d.sentence.text])) + "\n")
                for side in ("source", "target"):
                    pos = {k for k, lab in enumerate(labs) if lab == side}
                    n[side] += 1
                    ok[side] += (chosen[side] in pos) if pos else chosen[side] is None
        print(name, {s: round(ok[s] / max(1, n[s]), 4) for s in ("source", "target")}, "drafts", n["source"], flush=True)


if __name__ == "__main__":
    main()
