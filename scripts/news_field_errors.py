"""Field errors on the news-events dev part: type, mode, ACLED type/sub-type and the flags.

Extends the lead's FP/DUP/MISS listing (``/work/briefs/news_errors.py``) to the fields of the
*matched* events: for every matched pair whose mode, ACLED pair or flags differ, it prints the
gold and the system value with the trigger and sentence, and buckets the error by cause, so a
change to the method is judged on the whole table rather than on one sentence. Also lists gold
flagged events (negated/hypothetical) that a same-type system event in the same sentence missed
only for want of the flag (the scorer matches a flagged gold event only when flagged alike).
The type errors are those of the loose alignment (a system trigger overlapping a gold trigger
whatever the type: ``type_accuracy_loose``), bucketed by system type for gold type.

    PYTHONPATH=src python scripts/news_field_errors.py [--part dev|test] [--config FILE] [--quiet]
"""

from __future__ import annotations

import argparse
from collections import Counter

import news_part  # scripts/news_part.py: the coded part of the split

from eventcoder.eval.sets import news_events as ne


def mode_cause(s: dict, g: dict) -> str:
    sm, gm = s.get("mode"), g.get("mode")
    if gm is None:
        return "system mode where gold has none"
    if sm is None:
        return "gold mode, system none"
    return "other mode"


def acled_cause(s: dict, g: dict) -> str:
    sa, ga = s.get("acled"), g.get("acled")
    if ga is None and sa is not None:
        if s.get("hypothetical") or g.get("hypothetical"):
            return "ACLED on a hypothetical event"
        if s.get("negated") or g.get("negated"):
            return "ACLED on a negated event"
        return "ACLED where gold has none (non-ACLED act)"
    if sa is None:
        return "gold ACLED, system none"
    if sa["event_type"] != ga["event_type"]:
        return f"type {sa['event_type']} for {ga['event_type']}"
    return f"sub-type {sa['sub_event_type']} for {ga['sub_event_type']}"


def main() -> None:
    ap = argparse.ArgumentParser()
    news_part.add_arguments(ap)
    ap.add_argument("--quiet", action="store_true", help="the bucket tables only")
    args = ap.parse_args()
    buckets: dict[str, Counter] = {"type": Counter(), "mode": Counter(), "acled": Counter(), "flags": Counter()}
    totals = Counter()
    rows = []
    for a, sys_evs, gold in news_part.coded(args):
        for i, j in ne.align(sys_evs, gold, strict=False).pairs:
            s, g = sys_evs[i].data, gold[j].data
            totals["loose pairs"] += 1
            if s["type"] != g["type"]:
                cause = f"{s['type']} for {g['type']}"
                buckets["type"][cause] += 1
                rows.append(("TYPE", cause, f"gold trigger={g['mentions'][0]['trigger']}", a["id"][:18], s["type"], s["trigger"]["text"], s["sentence"][:150]))
        al = ne.align(sys_evs, gold)
        matched_gold = {j for _, j in al.pairs}
        for i, j in al.pairs:
            s, g = sys_evs[i].data, gold[j].data
            totals["pairs"] += 1
            where = (a["id"][:18], s["type"], s["trigger"]["text"], s["sentence"][:150])
            if s.get("mode") != g.get("mode"):
                cause = mode_cause(s, g)
                buckets["mode"][cause] += 1
                rows.append(("MODE", cause, f"gold={g.get('mode')} sys={s.get('mode')}", *where))
            sa, ga = s.get("acled") or {}, g.get("acled") or {}
            if (sa.get("event_type"), sa.get("sub_event_type")) != (ga.get("event_type"), ga.get("sub_event_type")):
                cause = acled_cause(s, g)
                buckets["acled"][cause] += 1
                rows.append(("ACLED", cause, f"gold={ga.get('sub_event_type')} sys={sa.get('sub_event_type')}", *where))
            for f in ("negated", "hypothetical"):
                if bool(s.get(f)) != bool(g.get(f)):
                    cause = f"system {f}, gold not" if s.get(f) else f"gold {f}, system not"
                    buckets["flags"][cause] += 1
                    rows.append(("FLAG", cause, "", *where))
        # flagged gold events lost only for want of the flag
        for j, g in enumerate(gold):
            if j in matched_gold or not (g.data.get("negated") or g.data.get("hypothetical")):
                continue
            flag = "negated" if g.data.get("negated") else "hypothetical"
            near = [s for s in sys_evs if ne._overlaps(s.sentence, g.sentences) and s.data["type"] == g.data["type"]]
            cause = f"gold {flag} unmatched: " + ("same-type system event unflagged" if near else "no same-type system event")
            buckets["flags"][cause] += 1
            m = g.data["mentions"][0]
            rows.append(("FLAG", cause, "", a["id"][:18], g.data["type"], m["trigger"], m["sentence"][:150]))
        # flagged system events that lost their gold match only for the flag: an unmatched
        # unflagged gold event of the same type in the same sentence
        matched_sys = {i for i, _ in al.pairs}
        for i, sv in enumerate(sys_evs):
            s = sv.data
            if i in matched_sys or not (s.get("negated") or s.get("hypothetical")):
                continue
            flag = "negated" if s.get("negated") else "hypothetical"
            if any(j not in matched_gold and g.data["type"] == s["type"] and ne._overlaps(sv.sentence, g.sentences)
                   and not g.data.get(flag) for j, g in enumerate(gold)):
                cause = f"system {flag} unmatched: same-type gold event unflagged"
                buckets["flags"][cause] += 1
                rows.append(("FLAG", cause, "", a["id"][:18], s["type"], s["trigger"]["text"], s["sentence"][:150]))
    if not args.quiet:
        for r in sorted(rows, key=lambda r: (r[0], r[1])):
            print(*r, sep=" | ")
    print(f"\nmatched pairs: {totals['pairs']} (loose, for the type: {totals['loose pairs']})")
    for k, cnt in buckets.items():
        print(f"\n{k} errors: {sum(cnt.values())}")
        for cause, n in cnt.most_common():
            print(f"  {n:3d}  {cause}")


if __name__ == "__main__":
    main()
