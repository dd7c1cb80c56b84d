"""Date and ``historical`` errors on the news-events dev part, bucketed by cause.

Extends the lead's FP/DUP/MISS listing (``/work/briefs/news_errors.py``) to the time of the
*matched* events: for every matched pair it compares the gold date (value at its precision) with
the system's (value, precision, text and basis) and the gold ``historical`` flag with the
system's, and puts each error in one bucket, so a change to the dating method is judged on the
whole table rather than on one sentence:

* background event given the publication date (or a carried-over narrative date);
* relative expression resolved wrong ("on Tuesday", "last week", "days later");
* date from another clause or sentence (the system's text is not the gold's);
* precision mismatch (right period, too coarse for the gold's precision);
* no system date where the gold has one (the gold's time in the event's own sentence: read by
  a ``temporal`` pattern but not attached to the act, or read by none);
* gold null vs system date (the gold: a historical event with no date of its own — not in the
  scorer's date field, which counts gold dates with a value, but an analyst sees it).

``--loose`` also pairs system events whose trigger overlaps a gold trigger whatever the type
(the scorer's loose match): more pairs to read the dating method on.

    PYTHONPATH=src python scripts/date_errors.py [--part dev|test] [--config FILE] [--loose] [--quiet]
"""

from __future__ import annotations

import argparse
from collections import Counter

import news_part  # scripts/news_part.py: the coded part of the split

from eventcoder.eval import scorer
from eventcoder.eval.sets import news_events as ne
from eventcoder.temporal import find_expressions

_RELATIVE = {"yesterday", "today", "weekday", "weekend", "this_week", "last_week", "days_ago", "units_ago", "this_month", "last_month",
             "month_only", "this_year", "last_year", "dm", "md", "next_day", "prev_day", "n_later", "vague_later", "same_day",
             "same_month", "same_year"}  # fmt: skip


def kind_of(text: str | None) -> str | None:
    """The ``temporal`` pattern kind of a system date's text."""
    if not text:
        return None
    found = find_expressions(text, "2000-01-01")
    return found[0].kind if found else None


def undated_cause(s: dict, g: dict) -> str:
    """Why the system has no date where the gold has one: an expression of its own it could not
    resolve (no publication date), the gold's time stated in another sentence (narrative time
    not carried), the gold's time in the event's own sentence but not found, or no gold text."""
    sd, gd = s.get("date") or {}, g.get("date") or {}
    gtext = gd.get("text")
    if sd.get("text"):
        return "own expression unresolved"
    if not gtext:
        return "gold time without text"
    sentence = s.get("sentence", "")
    if gtext in sentence:
        at = sentence.find(gtext)
        seen = [t for t in find_expressions(sentence, "2000-01-01") if t.start < at + len(gtext) and at < t.end]
        why = "not attached" if seen else "no pattern reads it"
        return f"gold time in its sentence, {why}" + (" (system historical)" if s.get("historical") else "")
    return "gold time in another sentence" + (" (system historical)" if s.get("historical") else "")


def date_cause(s: dict, g: dict) -> str:
    """Why the system date is not the gold date (a gold date with a value)."""
    sd, gd = s.get("date") or {}, g.get("date") or {}
    if not sd.get("value"):
        return "no system date: " + undated_cause(s, g)
    basis = sd.get("basis")
    if basis in ("publication", "narrative") and g.get("historical"):
        return f"background event given the {basis} date"
    order = {"day": 0, "week": 1, "month": 2, "year": 3}
    sp, gp = sd.get("precision") or "day", gd.get("precision") or "day"
    if order.get(sp, 0) > order.get(gp, 0) and scorer.same_date(gd["value"], sd["value"], sp):
        return f"precision {sp} where gold {gp} (same period)"
    stext, gtext = (sd.get("text") or "").lower(), (gd.get("text") or "").lower()
    if basis == "text" and gtext and stext and (stext in gtext or gtext in stext):
        return "relative expression resolved wrong" if kind_of(sd.get("text")) in _RELATIVE else "same text, other value"
    if basis in ("publication", "narrative"):
        return f"current event: {basis} date, gold another"
    return "date from another clause or sentence"


def main() -> None:
    ap = argparse.ArgumentParser()
    news_part.add_arguments(ap)
    ap.add_argument("--loose", action="store_true", help="pair by trigger overlap whatever the type too")
    ap.add_argument("--quiet", action="store_true", help="the bucket tables only")
    args = ap.parse_args()
    dates: Counter = Counter()
    hist: Counter = Counter()
    totals: Counter = Counter()
    rows = []
    for a, sys_evs, gold in news_part.coded(args):
        al = ne.align(sys_evs, gold, strict=not args.loose)
        for i, j in al.pairs:
            s, g = sys_evs[i].data, gold[j].data
            sd, gd = s.get("date") or {}, g.get("date") or {}
            totals["pairs"] += 1
            where = (a["id"][:18], s["type"], s["trigger"]["text"], s["sentence"][:150])
            show = (
                f"gold={gd.get('value')}/{gd.get('precision')} '{gd.get('text')}' hist={bool(g.get('historical'))}"
                f" sys={sd.get('value')}/{sd.get('precision')} '{sd.get('text')}' {sd.get('basis')} hist={bool(s.get('historical'))}"
            )
            if gd.get("value"):
                totals["dated"] += 1
                if scorer.same_date(sd.get("value"), gd["value"], gd.get("precision")):
                    totals["date ok"] += 1
                else:
                    cause = date_cause(s, g)
                    dates[cause] += 1
                    rows.append(("DATE", cause, show, *where))
            elif sd.get("value") and g.get("historical"):
                cause = f"gold null (historical) vs system date ({sd.get('basis')})"
                dates[cause] += 1
                rows.append(("NULL", cause, show, *where))
            if bool(s.get("historical")) == bool(g.get("historical")):
                totals["historical ok"] += 1
            else:
                cause = "system historical, gold current" if s.get("historical") else "gold historical, system current"
                hist[cause] += 1
                rows.append(("HIST", cause, show, *where))
    if not args.quiet:
        for r in sorted(rows, key=lambda r: (r[0], r[1])):
            print(*r, sep=" | ")
    n, d = totals["pairs"], totals["dated"]
    print(f"\nmatched pairs: {n}; with a gold date: {d}; date ok: {totals['date ok']} ({totals['date ok'] / max(d, 1):.3f})")
    print(f"historical agrees: {totals['historical ok']} ({totals['historical ok'] / max(n, 1):.3f})")
    for name, cnt in (("date", dates), ("historical", hist)):
        print(f"\n{name} errors: {sum(cnt.values())}")
        for cause, k in cnt.most_common():
            print(f"  {k:3d}  {cause}")


if __name__ == "__main__":
    main()
