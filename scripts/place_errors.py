"""The place error table of issue 12 item 4: every matched news-events event whose gold or
system event has a location, bucketed by what went wrong.

    PYTHONPATH=src python scripts/place_errors.py [--part dev|test] [--cfg default.cfg] [--rows]
    PYTHONPATH=src python scripts/place_errors.py --set acled-kenya [--limit N] [--rows]

With ``--set acled`` / ``acled-kenya`` it lists the ACLED notes of the part instead: the
note's primary event (the one the ACLED export ships) against ACLED's coordinates, bucketed
``ok`` / ``ok161`` / ``null`` / ``far`` with the system place's text, basis and precision
and ACLED's location, admin1 and geo-precision (short notes have one event each, so the
news-events buckets do not apply), and each miss's cause (:func:`acled_cause`: gold vague,
no place, not in the gazetteer, wrong sense, admin vs town, article place, other place).

Buckets (first that applies):

* ``ok``: within 25 km; ``ok161``: within 161 km but not 25 km (town vs region);
* ``null``: the gold has a place, the system none;
* ``country``: the system place is a country (or first-level division) holding the gold place;
* ``article``: the system place is the article's (basis ``article``) and wrong;
* ``other-clause``: the system place's mention lies outside the event's sentence (another event's);
* ``referent``: the system mention is the gold text (or its name) but resolved elsewhere
  (disambiguation);
* ``wrong-place``: another place of the sentence;
* ``gold-null``: the gold has no place, the system one (not scored).
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

from confection import Config

from eventcoder.eval import scorer
from eventcoder.eval.base import bench_dir
from eventcoder.eval.sets import news_events as ne
from eventcoder.eval.splits import load_split
from eventcoder.geo.mention import name_key
from eventcoder.pipeline import Pipeline


def bucket(s: dict, g: dict, sent: tuple[int, int], text: str) -> tuple[str, float | None]:
    sl, gl = s.get("location") or None, g.get("location") or None
    if not gl or gl.get("lat") is None:
        return ("gold-null" if sl else "both-null"), None
    if not sl or sl.get("lat") is None:
        return "null", None
    km = scorer.haversine_km(float(sl["lat"]), float(sl["lon"]), float(gl["lat"]), float(gl["lon"]))
    if km <= 25:
        return "ok", km
    if km <= 161:
        return "ok161", km
    if sl.get("precision") in ("country", "admin1") and sl.get("country") == gl.get("country"):
        return "country", km
    if sl.get("basis") == "article":
        return "article", km
    if not (sent[0] <= sl["start"] and sl["end"] <= sent[1]):
        return "other-clause", km
    if name_key(sl["text"]) in (name_key(gl.get("text") or ""), name_key(gl.get("name") or "")):
        return "referent", km
    return "wrong-place", km


def acled_rows(name: str, part: str, pipe: Pipeline, limit: int | None) -> list[dict]:
    """One row per ACLED note of ``part``: ACLED's place against the primary event's."""
    from eventcoder.acled import primary_acled
    from eventcoder.clean import clean
    from eventcoder.eval.sets.acled import parse_date, read_acled, row_id
    from eventcoder.records import Origin, RawRecord

    path = bench_dir() / ("acled-kenya/events.csv" if name == "acled-kenya" else "acled-afg-2020-03/events.csv")
    rows, _ = read_acled(path)
    split = load_split("acled-kenya" if name == "acled-kenya" else "acled-afg")
    if split is not None:
        keep = split.keep(part)
        rows = [r for i, r in enumerate(rows) if keep is None or keep(row_id(r, i))]
    rows = rows[:limit] if limit else rows
    arts = [clean(RawRecord(text=r["notes"], origin=Origin(str(path), line=i)), published=parse_date(r.get("event_date", ""))) for i, r in enumerate(rows)]
    out = []
    for r, ca in zip(rows, pipe.code_many(arts), strict=True):
        p = primary_acled([e.to_dict() for e in ca.events]) or {}
        sl = p.get("location") or {}
        km = None
        if sl.get("lat") is not None and r.get("latitude"):
            km = scorer.haversine_km(float(sl["lat"]), float(sl["lon"]), float(r["latitude"]), float(r["longitude"]))
        b = "null" if km is None else "ok" if km <= 25 else "ok161" if km <= 161 else "far"
        out.append({
            "cause": acled_cause(r, b, km, sl, p),
            "article": row_id(r, 0), "type": r["sub_event_type"], "trigger": (p.get("trigger") or {}).get("text"), "bucket": b,
            "km": None if km is None else round(km), "gold": [r["location"], r["admin1"], r["admin2"], r["geo_precision"]],
            "sys": [sl.get("text"), sl.get("name"), sl.get("admin1"), sl.get("basis"), sl.get("precision")],
            "sentence": r["notes"][:240],
        })
    return out


def acled_cause(r: dict, b: str, km: float | None, sl: dict, p: dict) -> str:
    """Why an ACLED note's place is not within 25 km (issue 12's buckets), first that
    applies: ``gold-vague`` (the note names none of ACLED's location, admin1, admin2 or
    admin3: older notes often name no place at all), ``no-event``, ``no-place``,
    ``not-in-gazetteer`` (an unknown name nothing locates), ``article`` (the place of
    another part of the note, basis ``article``), ``wrong-sense`` (a reading over 1,000 km
    off: another country's town of that name), ``admin-vs-town`` (a division or country
    where ACLED has a town), ``not-in-gazetteer-anchored`` (an unknown name placed at a
    wrong known place), ``coarse-point`` (a district-sized reading — a ward or
    constituency of the local layer at its constituency's point — within 161 km but not
    25), ``other-place`` (another place of the note)."""
    if b == "ok":
        return "ok"
    note = r["notes"].lower()
    if not any(r.get(k) and r[k].lower() in note for k in ("location", "admin1", "admin2", "admin3")):
        return "gold-vague"
    if not p:
        return "no-event"
    if b == "null":
        return "not-in-gazetteer" if sl.get("text") else "no-place"
    if sl.get("basis") == "article":
        return "article"
    if km is not None and km > 1000:
        return "wrong-sense"
    if sl.get("precision") in ("admin1", "country"):
        return "admin-vs-town"
    if sl.get("name") is None:
        return "not-in-gazetteer-anchored"
    if sl.get("precision") == "admin2" and b == "ok161":
        return "coarse-point"
    return "other-place"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=("dev", "test"), default="dev")
    ap.add_argument("--cfg", default=str(Path(__file__).parents[1] / "src/eventcoder/default.cfg"))
    ap.add_argument("--rows", action="store_true", help="print one row per event")
    ap.add_argument("--set", choices=("news-events", "acled", "acled-kenya"), default="news-events")
    ap.add_argument("--limit", type=int, help="ACLED: the first N notes of the part")
    ap.add_argument("--json", help="write the rows here")
    a = ap.parse_args()
    pipe = Pipeline(config=dict(Config().from_disk(a.cfg)))
    counts: collections.Counter = collections.Counter()
    rows = []
    if a.set != "news-events":
        rows = acled_rows(a.set, a.part, pipe, a.limit)
        counts.update(r["bucket"] for r in rows)
        print(json.dumps({"causes": dict(collections.Counter(r["cause"] for r in rows).most_common())}))
    else:
        rows = news_rows(a.part, pipe, counts)
    if a.rows:
        for r in sorted(rows, key=lambda r: r["bucket"]):
            print(r["bucket"], r["km"], r["article"], r["type"], r["trigger"], "| gold", r["gold"], "| sys", r["sys"], "|", r["sentence"], sep=" ")
    if a.json:
        Path(a.json).write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    scored = sum(v for k, v in counts.items() if k not in ("gold-null", "both-null"))
    print(json.dumps({"scored": scored, **dict(counts.most_common())}))


def news_rows(part: str, pipe: Pipeline, counts: collections.Counter) -> list[dict]:
    """One row per matched news-events event of ``part`` that either side locates."""
    path = bench_dir() / "news-events" / "gold.jsonl"
    arts = ne.read_gold(path)
    split = load_split("news-events")
    if split is not None:
        keep = split.keep(part)
        arts = [x for x in arts if keep(str(x["id"]))]
    system = ne.code_articles(arts, path, pipe)
    rows = []
    for art, sys_evs in zip(arts, system, strict=True):
        gold = ne.gold_events(art)
        al = ne.align(sys_evs, gold)
        for i, j in al.pairs:
            s, g = sys_evs[i].data, gold[j].data
            b, km = bucket(s, g, sys_evs[i].sentence, art["text"])
            counts[b] += 1
            gl, sl = g.get("location") or {}, s.get("location") or {}
            rows.append({
                "article": art["id"][:24], "type": g["type"], "trigger": s["trigger"]["text"], "bucket": b,
                "km": None if km is None else round(km), "gold": [gl.get("text"), gl.get("name"), gl.get("country")],
                "sys": [sl.get("text"), sl.get("name"), sl.get("country"), sl.get("basis"), sl.get("precision")],
                "sentence": s["sentence"][:160],
            })
    return rows


if __name__ == "__main__":
    main()
