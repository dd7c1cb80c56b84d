"""The false events of a news-events part, with what the gold holds in their sentence.

Every system event that matches no gold event: ``DUP`` (it matches a gold event another system
event took), ``FP-trigger-wrongtype`` (its trigger is a gold trigger of another type),
``FP-type`` (its sentence holds a gold event of another type), ``FP-nogold`` (no gold event in
its sentence). Printed with the trigger, type, confidence, flags and sentence, for reading and
bucketing by the GUIDELINES' categories (docs/detector.md, x16detect).

    PYTHONPATH=src python scripts/news_false_positives.py [--part dev] [--config FILE] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter

import news_part  # scripts/news_part.py: the coded part of the split

from eventcoder.eval.sets import news_events as ne


def main() -> None:
    ap = argparse.ArgumentParser()
    news_part.add_arguments(ap)
    ap.add_argument("--out", default=None, help="also write the rows as JSON")
    args = ap.parse_args()
    rows = []
    for a, sys_evs, gold in news_part.coded(args):
        matched = {i for i, _ in ne.align(sys_evs, gold).pairs}
        text = a["text"]
        for i, s in enumerate(sys_evs):
            if i in matched:
                continue
            in_sentence = [g for g in gold if ne._overlaps(s.sentence, g.sentences)]
            if any(ne.strict_match(s, g) for g in gold):
                kind = "DUP"
            elif any(ne._overlaps(s.trigger, g.triggers) for g in in_sentence):
                kind = "FP-trigger-wrongtype"
            else:
                kind = "FP-type" if in_sentence else "FP-nogold"
            d = s.data
            rows.append({
                "article": a["id"], "kind": kind, "type": d["type"], "trigger": d["trigger"]["text"], "confidence": d.get("confidence"),
                "flags": [f for f in ("negated", "hypothetical", "historical") if d.get(f)],
                "sentence": text[s.sentence[0] : s.sentence[1]],
                "gold_in_sentence": [(g.data["type"], [m["trigger"] for m in g.data["mentions"]][:2]) for g in in_sentence],
            })
    for r in rows:
        print(f"{r['kind']:21s} {r['type']:9s} {r['trigger']!r:22s} p={r['confidence']} {','.join(r['flags'])} [{r['article'][:16]}]")
        print(f"    {r['sentence'][:300]}\n    gold: {r['gold_in_sentence']}")
    print(dict(Counter(r["kind"] for r in rows)))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
