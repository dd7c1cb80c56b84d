"""The ACLED confusion table of one part of a frozen ACLED split: gold event type x the type of
the event ``primary_acled`` chose, the sub-type error cells, and example notes per cell with
what the coder saw (the events, their triggers, modes and actor sectors) — the table issue 11
started from. Coding is cached (``--cache``), so a change to ``acled.primary_acled`` can be
re-scored without re-coding; a change to the mapping or a component needs a new cache.

    PYTHONPATH=src python scripts/acled_confusion.py acled-kenya --part dev --examples 3
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter, defaultdict
from pathlib import Path

from confection import Config

from eventcoder.acled import primary_acled
from eventcoder.clean import clean
from eventcoder.eval import scorer
from eventcoder.eval.base import bench_dir, repo_root
from eventcoder.eval.sets import acled as A
from eventcoder.pipeline import Pipeline
from eventcoder.records import Origin, RawRecord

FILES = {"acled-kenya": "acled-kenya/events.csv", "acled-afg": "acled-afg-2020-03/events.csv"}
SHORT = {"Violence against civilians": "VAC", "Strategic developments": "SD", "Explosions/Remote violence": "ERV",
         "Battles": "BAT", "Protests": "PRO", "Riots": "RIO", "none": "none"}


def coded(args: argparse.Namespace) -> list[dict]:
    """[{row, events}] for every note of the part, from the cache when it exists."""
    cache = Path(args.cache) if args.cache else None
    if cache and cache.exists():
        return [json.loads(line) for line in cache.open()]
    path = bench_dir() / FILES[args.set]
    split = json.loads((repo_root() / "eval/splits" / f"{args.set}.json").read_text())
    test = set(split["test_ids"])
    rows, _ = A.read_acled(path)
    rows = [r for i, r in enumerate(rows) if (A.row_id(r, i) in test) == (args.part == "test")][: args.limit]
    pipe = Pipeline(config=dict(Config().from_disk(args.config)))
    out = []
    for b in range(0, len(rows), 64):
        chunk = rows[b : b + 64]
        arts = [clean(RawRecord(text=r["notes"], origin=Origin(str(path), line=b + i + 2)), published=A.parse_date(r.get("event_date", "")))
                for i, r in enumerate(chunk)]
        for r, ca in zip(chunk, pipe.code_many(arts), strict=True):
            out.append({"row": r, "events": [e.to_dict() for e in ca.events]})
    if cache:
        cache.write_text("".join(json.dumps(x) + "\n" for x in out))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("set", choices=sorted(FILES))
    ap.add_argument("--part", default="dev", choices=["dev", "test"])
    ap.add_argument("--config", default=str(repo_root() / "src/eventcoder/default.cfg"))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--cache", default=None, help="jsonl of the coded notes (written once, then read)")
    ap.add_argument("--examples", type=int, default=3, help="example notes per error cell of >= --min notes")
    ap.add_argument("--min", type=int, default=20)
    args = ap.parse_args()
    notes = coded(args)
    cells: dict[tuple[str, str], list] = defaultdict(list)
    g_st, p_st = [], []
    for n in notes:
        p = primary_acled(n["events"])
        g = n["row"]["event_type"].strip()
        cells[(g, p["acled"]["event_type"] if p else "none")].append((n, p))
        g_st.append(n["row"]["sub_event_type"].strip())
        p_st.append(p["acled"]["sub_event_type"] if p else "none")
    g_et = [g for (g, _), v in cells.items() for _ in v]
    p_et = [q for (_, q), v in cells.items() for _ in v]
    print(f"{args.set} {args.part}: {len(notes)} notes, type accuracy {scorer.accuracy(g_et, p_et):.3f}, "
          f"sub-type accuracy {scorer.accuracy(g_st, p_st):.3f}, sub-type macro-F1 {scorer.macro_f1(scorer.prf_table(g_st, p_st)):.3f}")
    types = sorted(set(g_et) | set(p_et), key=lambda t: (t == "none", -g_et.count(t)))
    print("gold\\sys".ljust(9) + "".join(SHORT.get(t, t[:4]).rjust(6) for t in types))
    for g in types:
        print(SHORT.get(g, g[:4]).ljust(9) + "".join(str(len(cells[(g, q)])).rjust(6) for q in types))
    print("\nsub-type errors:")
    for (g, q), c in Counter(zip(g_st, p_st, strict=True)).most_common():
        if g != q and c >= args.min // 2:
            print(f"  {c:5d}  {g} -> {q}")
    rng = random.Random(0)
    for (g, q), lst in sorted(cells.items(), key=lambda kv: -len(kv[1])):
        if g == q or len(lst) < args.min:
            continue
        print(f"\n== {g} -> {q}: {len(lst)}")
        for n, p in rng.sample(lst, min(args.examples, len(lst))):
            print("  *", n["row"]["sub_event_type"], "|", n["row"]["notes"][:200])
            print("    ", [(e["type"], e["trigger"]["text"], e.get("mode"), (e.get("acled") or {}).get("sub_event_type"),
                            (e.get("source_actor") or {}).get("sector"), (e.get("target_actor") or {}).get("sector"))
                           for e in n["events"]], "-> primary:", p and p["trigger"]["text"])


if __name__ == "__main__":
    main()
