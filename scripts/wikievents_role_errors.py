"""Source/target errors on the WikiEvents dev part, one line per matched pair.

The second check for the role work (news-events is the first): WikiEvents annotates long
attack/IED reporting with KAIROS arguments (Attacker -> source, Victim/Target -> target).
For each matched pair whose gold has the role, it prints whether the system's argument
overlaps a gold argument (or a mention coreferent with it), the gold texts, the system's
text, the trigger and the sentence, and counts OK / EMPTY / WRONG per side. Dev part only:
the test part is scored once, with ``eventcoder eval wikievents --part test``.

    PYTHONPATH=src python scripts/wikievents_role_errors.py [--side target|source] [--config FILE] [--errors]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter

from confection import Config

from eventcoder.clean import clean
from eventcoder.eval import scorer
from eventcoder.eval.base import bench_dir, repo_root
from eventcoder.eval.sets import wikievents as we
from eventcoder.pipeline import Pipeline
from eventcoder.records import Origin, RawRecord


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--side", default="target", choices=["target", "source"])
    ap.add_argument("--config", default=str(repo_root() / "src/eventcoder/default.cfg"))
    ap.add_argument("--errors", action="store_true", help="print the wrong and empty pairs only")
    args = ap.parse_args()
    pipe = Pipeline(config=dict(Config().from_disk(args.config)))
    path = bench_dir() / "wikievents-dev" / "dev.jsonl"
    test_ids = set(json.loads((repo_root() / "eval/splits/wikievents.json").read_text())["test_ids"])
    docs = [d for d in we.read_docs(path) if str(d["id"]) not in test_ids]
    c: Counter = Counter()
    for k, doc in enumerate(docs):
        art = clean(RawRecord(text=doc["text"], origin=Origin(str(path), line=k + 1)), published=None)
        ca = pipe.code_many([art])[0]
        system, gold = we._sys_events(ca), we.mapped_events(doc)
        text = doc["text"]
        for i, j in we._align(system, gold, by_trigger=False):
            spans = we.role_spans(doc, gold[j], we.ROLES[args.side])
            if not spans:
                continue
            s = system[i]
            pred = s[args.side]
            ok = pred is not None and any(scorer.spans_overlap(pred, g) for g in spans)
            judged = pred is not None and any(scorer.spans_overlap(pred, g) for g in we.role_spans(doc, gold[j], we.ALL_ROLES))
            verdict = "OK" if ok else ("EMPTY" if pred is None else ("WRONG" if judged else "UNJUDGED"))
            c[verdict] += 1
            if args.errors and ok:
                continue
            own = [(a["start"], a["end"]) for a in gold[j].get("arguments") or [] if a.get("role") in we.ROLES[args.side]]
            gtexts = sorted({text[a:b] for a, b in own})
            st, se = s["sentence"]
            print(f"{verdict} | {doc['id'][:22]} | {s['type']} | {text[s['trigger'][0]:s['trigger'][1]]!r} | "
                  f"gold={gtexts} | sys={text[pred[0]:pred[1]] if pred else None!r} | {text[st:se][:200]!r}")
    n = sum(c.values())
    print(f"\n{args.side}: {n} matched pairs with a gold {args.side}; " + ", ".join(f"{k} {v}" for k, v in sorted(c.items()))
          + f"; recall {c['OK'] / n if n else 0:.3f}")


if __name__ == "__main__":
    main()
