"""ACLED ``actor2`` against the coded target, on one part of an ACLED split.

``eventcoder eval acled`` scores ``actor1`` (the source) only; the target side has no ACLED
check there. This script codes the same notes the same way (``eval.sets.acled``'s coding and
its ``actor_matches`` rule, ``actor2`` in place of ``actor1``) and reports, over the notes the
coder codes: how often the coded target matches a non-empty ``actor2``, and how often the
target is left empty when ACLED has no ``actor2`` (a protest with no counterpart, a battle
ACLED gives one side). With ``--errors`` it prints the misses (note, ACLED actor2, ours).

    PYTHONPATH=src python scripts/acled_actor2.py [--path ../shared/bench/acled-kenya/events.csv] [--part dev] [--errors]

Develop on ``--part dev``; the test part is for the closing report only.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from eventcoder.eval import splits
from eventcoder.eval.base import bench_dir, default_pipeline, sample
from eventcoder.eval.sets import acled


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--path", type=Path, default=bench_dir() / "acled-kenya" / "events.csv")
    ap.add_argument("--part", default="dev", choices=["dev", "test"])
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--limit", type=int)
    args = ap.parse_args()
    rows, _ = acled.read_acled(args.path)
    split = splits.split_for_file(args.path)
    keep = split.keep(args.part) if split is not None else None
    keep_ids = [keep(acled.row_id(r, i)) for i, r in enumerate(rows)] if keep is not None else None
    rows = sample(rows, keep_ids, 1, args.limit)
    primaries, _ = acled._code_rows(rows, args.path, default_pipeline(), 64)
    c: Counter = Counter()
    for r, p in zip(rows, primaries, strict=True):
        if p is None:
            continue
        gold = (r.get("actor2") or "").strip()
        pred = p.get("target_actor")
        if gold:
            ok = bool(acled.actor_matches(gold, pred, acled._get(p, "acled", "event_type")))
            c["gold"] += 1
            c["ok"] += ok
            c["empty"] += pred is None
            key = "OK" if ok else ("EMPTY" if pred is None else "WRONG")
        else:
            c["none"] += 1
            c["none_ok"] += pred is None
            key = "OK" if pred is None else "SPURIOUS"
        if args.errors and key != "OK":
            who = f"{pred.get('text')!r}->{pred.get('name')}/{pred.get('country')}/{pred.get('sector')}" if pred else "-"
            print(f"{key} | actor2={gold!r} | sys={who} | {p['type']} {p['trigger']['text']!r} | {(r.get('notes') or '')[:220]!r}")
    print(f"{args.path.parent.name} {args.part}: coded {c['gold'] + c['none']} notes; actor2 given {c['gold']}: target matches "
          f"{c['ok'] / max(1, c['gold']):.4f} (empty {c['empty'] / max(1, c['gold']):.4f}); no actor2 {c['none']}: "
          f"target empty {c['none_ok'] / max(1, c['none']):.4f}")


if __name__ == "__main__":
    main()
