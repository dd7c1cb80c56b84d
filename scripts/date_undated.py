"""Dating without a publication date: the undated proxy.

32 of the 40 news-events articles carry no publication date, and the MUC-4 proxy
(``scripts/date_muc4.py``) never exercises that case: every MUC-4 report has a dateline. This
script codes the same reports with the dateline **withheld** (``published`` None; a dateline
the text itself opens with is blanked, same length, on the fly; nothing is stored) and buckets
every dated template as ``date_muc4.py`` does (the first type-fitting material event whose
sentence holds a filler stands for it). An undated coder can know only what the text states,
so each matched template is also put in one of two kinds:

* ``knowable``: the report states a time that overlaps the gold range — an absolute date, a
  month and year, a year, or a day and month in a year the report states elsewhere;
* ``unknowable``: it does not; the honest answer is no date (a relative "today", "2 days ago"
  has nothing to count from), and a date there is counted ``wrong`` when it misses the range.

The halves ``A`` and ``B`` split the reports by sha256 of their id: rules are chosen on ``A``;
``B`` is read once. ``--news-events`` scores the news-events dev part (never test) with each
article's ``published`` withheld, the evaluator's way (its date field accuracy over matched
pairs).

    PYTHONPATH=src python scripts/date_undated.py [--half A|B|all] [--cache F] [--show BUCKET]
    PYTHONPATH=src python scripts/date_undated.py --news-events [--limit N]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from datetime import date

from confection import Config
from date_muc4 import bucket, code, matched, period

from eventcoder.eval.base import bench_dir, repo_root
from eventcoder.eval.splits import rank
from eventcoder.temporal import ABSOLUTE, find_expressions


def half(doc_id: str) -> str:
    """The report's dev half: ``A`` (develop on) or ``B`` (read once)."""
    return "A" if rank(f"muc4-undated:{doc_id}") < 0.5 else "B"


def withheld(d: dict) -> dict:
    """The report as an undated coder sees it: no publication date, no dateline."""
    text = d["text"]
    line = (d.get("dateline") or "").lower()
    if line and text.lower().startswith(line):
        text = " " * len(line) + text[len(line) :]
    return {**d, "text": text, "published": None}


def stated_times(text: str) -> list[tuple[date, date]]:
    """The periods the text states outright, and days and months read in a year it states."""
    found = find_expressions(text, None)
    years = sorted({t.value[:4] for t in found if t.value})
    out = [period(t.value, t.precision) for t in found if t.value]
    for t in found:
        if t.value or t.kind not in ("dm", "md", "month_only"):
            continue
        for y in years:
            got = find_expressions(t.text, f"{y}-12-31")
            if got and got[0].value:
                out.append(period(got[0].value, got[0].precision))
    return out


def knowable(text: str, gold: dict) -> bool:
    g0, g1 = date.fromisoformat(gold["from"]), date.fromisoformat(gold["to"])
    return any(not (s0 > g1 or s1 < g0) for s0, s1 in stated_times(text))


def score(docs: list[dict], coded: dict[str, list[dict]], show: str = "") -> Counter:
    counts: Counter = Counter()
    for d, t, gold, hit in matched(docs, coded):
        if hit is None:
            counts["unmatched"] += 1
            continue
        kind = "knowable" if knowable(d["text"], gold) else "unknowable"
        cause = bucket(hit["date"], gold)
        counts["matched"] += 1
        counts[kind] += 1
        counts[f"{kind}: {cause}"] += 1
        if show and f"{kind}: {cause}".startswith(show):
            sd = hit["date"]
            print(
                f"{d['id']} gold={gold['raw']} {t.get('incident_type')} sys={sd.get('value')}/{sd.get('precision')} '{sd.get('text')}' "
                f"{sd.get('basis')} | {hit['type']} {hit['trigger']} | {hit['sentence'][:220]}"
            )
    return counts


def report(counts: Counter) -> None:
    m, k, u = counts["matched"], counts["knowable"], counts["unknowable"]
    ok_k = counts["knowable: ok"]
    honest_u = sum(v for key, v in counts.items() if key.startswith("unknowable: ") and not key.startswith("unknowable: wrong"))
    print(f"matched {m} (unmatched {counts['unmatched']}); knowable {k}, unknowable {u}")
    print(f"  knowable dated right (ok): {ok_k}/{k} = {ok_k / max(k, 1):.4f}")
    print(f"  unknowable not dated wrongly (null, or overlapping): {honest_u}/{u} = {honest_u / max(u, 1):.4f}")
    print(f"  all ok: {counts['knowable: ok'] + counts['unknowable: ok']}/{m}; wrong {sum(v for key, v in counts.items() if ': wrong' in key)}")
    for key, v in sorted(counts.items()):
        if ": " in key:
            print(f"    {v:4d}  {key}")


def gold_knowable(gold_date: dict) -> bool:
    """Can an undated coder know the gold date? Its expression states it outright (an absolute
    date, a month and year, a year): nothing counted from the publication date."""
    text = gold_date.get("text") or ""
    return any(t.value and t.kind in ABSOLUTE for t in find_expressions(text, None))


def news_events(limit: int | None, config: str) -> None:
    from eventcoder.eval import scorer
    from eventcoder.eval.sets.news_events import align, code_articles, gold_events, read_gold
    from eventcoder.eval.sets.news_events import score as ne_score
    from eventcoder.eval.splits import load_split
    from eventcoder.pipeline import Pipeline

    path = bench_dir() / "news-events" / "gold.jsonl"
    keep = load_split("news-events").keep("dev")
    arts = [a for a in read_gold(path) if keep(str(a["id"]))]
    if limit:
        arts = arts[:limit]
    dated = [bool(a.get("published")) for a in arts]
    pipe = Pipeline(config=dict(Config().from_disk(config)))
    system = code_articles([{**a, "published": None} for a in arts], path, pipe)
    gold = [gold_events(a) for a in arts]
    for name, idx in (("all", range(len(arts))), ("had a date", [i for i, x in enumerate(dated) if x]), ("had none", [i for i, x in enumerate(dated) if not x])):
        idx = list(idx)
        if not idx:
            continue
        out = ne_score([system[i] for i in idx], [gold[i] for i in idx])
        counts: Counter = Counter()
        for i in idx:
            for s, g in align(system[i], gold[i], strict=True).pairs:
                gd = gold[i][g].data.get("date") or {}
                if not gd.get("value"):
                    continue
                sv = (system[i][s].data.get("date") or {}).get("value")
                right = scorer.same_date(sv, gd["value"], gd.get("precision"))
                kind = "knowable" if gold_knowable(gd) else "unknowable"
                counts[kind] += 1
                counts[f"{kind} ok"] += right
                counts[f"{kind} honest"] += right or not sv
        print(
            f"news-events dev, {name} ({len(idx)} articles), published withheld: date {out.get('date')}; "
            f"gold dates the text states {counts['knowable ok']}/{counts['knowable']} right; "
            f"counted from the publication {counts['unknowable ok']}/{counts['unknowable']} right, "
            f"{counts['unknowable honest']}/{counts['unknowable']} right or null"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--half", default="A", choices=["A", "B", "all"])
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--part", default="dev", choices=["dev", "train"], help="train: to look for causes on (never to measure)")
    ap.add_argument("--config", default=str(repo_root() / "src/eventcoder/default.cfg"))
    ap.add_argument("--cache", default="", help="a JSONL file of the coded events: read if it exists, else written")
    ap.add_argument("--show", default="", help="print the templates of buckets starting with this ('knowable: wrong')")
    ap.add_argument("--news-events", action="store_true", help="score the news-events dev part with published withheld")
    args = ap.parse_args()
    if args.news_events:
        news_events(args.limit or None, args.config)
        return
    docs = [json.loads(x) for x in (bench_dir() / "muc4" / f"{args.part}.jsonl").open(encoding="utf-8")]
    docs = [withheld(d) for d in docs if any((t.get("date") or {}).get("from") for t in d["templates"])]
    if args.half != "all":
        docs = [d for d in docs if half(d["id"]) == args.half]
    if args.limit:
        docs = docs[: args.limit]
    coded = code(docs, args.config, args.cache)
    print(f"MUC-4 {args.part} half {args.half}: {len(docs)} reports, dateline withheld")
    report(score(docs, coded, args.show))


if __name__ == "__main__":
    main()
