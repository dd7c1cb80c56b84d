"""The dating method on MUC-4 wire reports: long-form news with gold incident dates.

The news-events dev part holds 27 gold dates, too few to choose a dating method by. MUC-4
(``../shared/bench/muc4``: FBIS news and radio transcripts, 1989-91, public domain) gives every
incident template a date (a day, or a range: "27 NOV 89 - 04 JAN 90") and every report its
dateline's date. The reports tell several incidents each, old and new, with "today", "2 days
ago", weekdays, "on 3 february", "last year" and background paragraphs: what the test/dev gap
of news-events is about. The text is lower case (GTT's ``doctext``), so the parse is weaker
than on news-events; the time expressions are read case-insensitively (but for "May").

This script codes the reports with the full pipeline (published = the dateline's date), and for
each dated template takes the system's material events (not verbal: the template is an
attack, bombing, kidnapping, arson, robbery) whose sentence holds a mention of one of the
template's targets, victims or places, the first in text order standing for the template (its
main mention). Each template is then in one bucket:

* ``ok``: the system's date (at its precision) overlaps the gold range, and is no coarser than a
  week unless the gold range is itself that long;
* ``coarse``: it overlaps, but a month/year where the gold states a day;
* ``wrong``: by basis (``text``, ``narrative``, ``publication``) — a stated time attached wrongly,
  a carried time, or the report's week for an older incident;
* ``undated``: the system gave no date (a background call, or an unresolved expression);
* ``unmatched``: no system event holds a template filler (not a dating matter).

Two counts of the wrong rows say how much is the key's convention rather than the coder's: the
gold 1-3 days before the dateline with the system on the dateline's day or the day before (FBIS
datelines often trail the broadcast: its "today" and an undated act's publication week are
keyed a day or two earlier), and the gold after the dateline (a typo of the key's year).

    PYTHONPATH=src python scripts/date_muc4.py [--part train|dev] [--limit N] [--show BUCKET]

``--part train`` (1,300 reports) is what a rule is chosen on; ``dev`` (200) is kept to measure.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from confection import Config

from eventcoder.clean import clean
from eventcoder.eval.base import bench_dir, repo_root
from eventcoder.pipeline import Pipeline
from eventcoder.records import Origin, RawRecord

#: PLOVER types of a material act (a MUC-4 incident is one of these)
MATERIAL = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "SANCTION", "SEIZE", "RETREAT", "AID"})
_SPAN = {"day": 0, "week": 6}


def period(value: str, precision: str | None) -> tuple[date, date]:
    """The days a system date stands for."""
    d = date.fromisoformat(value[:10])
    p = precision or "day"
    if p == "month":
        nxt = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
        return d.replace(day=1), nxt - timedelta(days=1)
    if p == "year":
        return date(d.year, 1, 1), date(d.year, 12, 31)
    return d, d + timedelta(days=_SPAN.get(p, 0))


def bucket(sys_date: dict, gold: dict) -> str:
    """The template's bucket (see the module)."""
    if not sys_date.get("value"):
        return "undated" + (" (text unresolved)" if sys_date.get("text") else "")
    g0, g1 = date.fromisoformat(gold["from"]), date.fromisoformat(gold["to"])
    s0, s1 = period(sys_date["value"], sys_date.get("precision"))
    if s0 > g1 or s1 < g0:
        return f"wrong ({sys_date.get('basis')})"
    if (s1 - s0).days > max(6, (g1 - g0).days):
        return "coarse"
    return "ok"


def fillers(t: dict) -> list[tuple[int, int]]:
    spans = []
    for role in ("targets", "victims"):
        for f in t.get(role) or []:
            spans.extend(tuple(s) for s in f.get("spans") or [])
    spans.extend(tuple(s) for s in (t.get("location") or {}).get("spans") or [])
    return spans


#: the system events that can stand for a MUC-4 incident type: a PLOVER type, with the modes it
#: must have (None: any mode). An attack is any assault (a killing, a shooting, an ambush); a
#: bombing an assault (the explosive is often the subject, not the mode) or a destruction; a
#: kidnapping an assault (abduct) or a seizure of persons; arson and robbery an assault or a
#: destruction/confiscation (ACLED's looting/property destruction); a forced work stoppage a
#: coercion, a threat or a protest (an "armed strike")
FITS: dict[str, dict[str, frozenset[str] | None]] = {
    "attack": {"ASSAULT": None},
    "bombing": {"ASSAULT": None, "COERCE": frozenset({"destroy"})},
    "kidnapping": {"ASSAULT": None, "COERCE": frozenset({"arrest"}), "SEIZE": None},
    "arson": {"ASSAULT": None, "COERCE": frozenset({"destroy"})},
    "robbery": {"ASSAULT": None, "COERCE": frozenset({"destroy", "confiscate"}), "SEIZE": None},
    "forced work stoppage": {"COERCE": None, "THREATEN": None, "PROTEST": None},
}


def fits(incident: str, ev: dict) -> bool:
    """Is the event's type one the template's incident type can be?"""
    modes = FITS.get(incident or "", {})
    if ev["type"] not in modes:
        return False
    want = modes[ev["type"]]
    return want is None or ev.get("mode") in want


def code(docs: list[dict], config: str, cache: str = "") -> dict[str, list[dict]]:
    """The material events of each report (type, mode, raw sentence span, date, historical,
    trigger, sentence), in text order; read from ``cache`` if it exists, else coded and written
    there."""
    if cache and Path(cache).exists():
        got = {}
        for line in Path(cache).open(encoding="utf-8"):
            r = json.loads(line)
            got[r["id"]] = r["events"]
        if all(d["id"] in got for d in docs):
            return got
    pipe = Pipeline(config=dict(Config().from_disk(config)))
    out: dict[str, list[dict]] = {}
    fh = Path(cache).open("w", encoding="utf-8") if cache else None
    for b in range(0, len(docs), 8):
        chunk = docs[b : b + 8]
        arts = [clean(RawRecord(text=d["text"], origin=Origin(d["id"], line=1)), published=d["published"]) for d in chunk]
        for d, ca in zip(chunk, pipe.code_many(arts), strict=True):
            art = ca.article
            evs = []
            for e in sorted((e for e in ca.events if e.type in MATERIAL), key=lambda e: e.trigger_start):
                s0, s1 = art.raw_span(e.start, e.end)
                evs.append(
                    {"type": e.type, "mode": e.mode, "span": [s0, s1], "date": e.date.to_dict(), "historical": e.historical,
                     "trigger": e.trigger, "sentence": e.sentence[:300]}
                )
            out[d["id"]] = evs
            if fh:
                fh.write(json.dumps({"id": d["id"], "events": evs}) + "\n")
                fh.flush()
    if fh:
        fh.close()
    return out


def matched(docs: list[dict], coded: dict[str, list[dict]], fit_type: bool = True) -> Iterator[tuple[dict, dict, dict, dict | None]]:
    """Every dated template as ``(document, template, gold date, event)``: the first event in
    text order whose sentence holds a filler of the template (and, with ``fit_type``, whose
    type fits the incident's) stands for it; None when no event does. The gold range is
    closed (``to`` defaults to ``from``)."""
    for d in docs:
        evs = coded[d["id"]]
        for t in d["templates"]:
            gold = t.get("date") or {}
            if not gold.get("from"):
                continue
            gold = {**gold, "to": gold.get("to") or gold["from"]}
            spans = fillers(t)
            hit = next(
                (
                    e
                    for e in evs
                    if (not fit_type or fits(t.get("incident_type"), e)) and any(e["span"][0] <= a and b <= e["span"][1] for a, b in spans)
                ),
                None,
            )
            yield d, t, gold, hit


def score(docs: list[dict], coded: dict[str, list[dict]], fit_type: bool = True, show: str = "") -> Counter:
    """Bucket every dated template (see the module and :func:`matched`)."""
    counts: Counter = Counter()
    for d, t, gold, hit in matched(docs, coded, fit_type):
        if hit is None:
            counts["unmatched"] += 1
            continue
        sd = hit["date"]
        cause = bucket(sd, gold)
        counts[cause] += 1
        counts["matched"] += 1
        lag = (date.fromisoformat(d["published"]) - date.fromisoformat(gold["to"])).days
        if cause.startswith("wrong") and 1 <= lag <= 3 and (sd.get("value") or "")[:10] in (d["published"], (date.fromisoformat(d["published"]) - timedelta(days=1)).isoformat()):
            counts["of the wrong: gold 1-3 days before the dateline, system the dateline's day or the day before"] += 1
        if cause.startswith("wrong") and date.fromisoformat(gold["from"]) > date.fromisoformat(d["published"]):
            counts["of the wrong: gold after the dateline (a key's typo)"] += 1
        old = lag > 31
        counts["matched old" if old else "matched current"] += 1
        if cause == "ok":
            counts["ok old" if old else "ok current"] += 1
        if show and cause.startswith(show):
            print(
                f"{d['id']} pub={d['published']} gold={gold['raw']} {t.get('incident_type')} sys={sd.get('value')}/{sd.get('precision')} "
                f"'{sd.get('text')}' {sd.get('basis')} hist={hit['historical']} | {hit['type']}/{hit['mode']} {hit['trigger']} | {hit['sentence'][:200]}"
            )
    return counts


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", default="train", choices=["train", "dev"])
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--stride", type=int, default=1, help="every Nth report (a quicker sample)")
    ap.add_argument("--config", default=str(repo_root() / "src/eventcoder/default.cfg"))
    ap.add_argument("--show", default="", help="print the templates of buckets starting with this")
    ap.add_argument("--cache", default="", help="a JSONL file of the coded events: read if it exists, else written")
    ap.add_argument("--any-type", action="store_true", help="match any material event, whatever the incident type (the old proxy)")
    args = ap.parse_args()
    docs = [json.loads(x) for x in (bench_dir() / "muc4" / f"{args.part}.jsonl").open(encoding="utf-8")]
    docs = [d for d in docs[:: args.stride] if d.get("published") and any((t.get("date") or {}).get("from") for t in d["templates"])]
    if args.limit:
        docs = docs[: args.limit]
    coded = code(docs, args.config, args.cache)
    counts = score(docs, coded, fit_type=not args.any_type, show=args.show)
    m = counts["matched"]
    print(f"reports {len(docs)}; dated templates matched {m} (unmatched {counts['unmatched']})")
    print(f"date ok: {counts['ok']} ({counts['ok'] / max(m, 1):.4f}); current {counts['ok current']}/{counts['matched current']}, older than a month {counts['ok old']}/{counts['matched old']}")
    for k, v in counts.most_common():
        if k not in ("matched", "unmatched", "ok current", "ok old", "matched current", "matched old"):
            print(f"  {v:4d}  {k}")


if __name__ == "__main__":
    main()
