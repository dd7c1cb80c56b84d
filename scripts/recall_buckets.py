"""Why each missed news-events gold event was missed: the recall buckets of issue 11.

    cd <repo> && PYTHONPATH=src /work/main/.venv/bin/python scripts/recall_buckets.py [--config FILE] [--part dev]

Runs the pipeline article by article on the chosen part of the frozen split, snapshots the
event drafts after every component, and for each gold event the scorer leaves unmatched
says where it was lost (docs/detector.md, "Recall: what is never proposed"):

- ``a:none``      no draft of any type on (or in) the gold trigger words at any stage, and the
                  lexicon matches nothing there even on a fresh parse: the lexicon (or the
                  speech model) never proposes it;
- ``b:other``     a draft on the trigger words, but only of other types (which type, and from
                  which origin: ``lexicon``, ``speech``, or ``retype`` when a later component
                  changed the type);
- ``c:dropped``   a draft of the right type (on the trigger words or in the gold sentence)
                  existed and a component removed it (which one; ``select`` when the sentence
                  was never parsed although the lexicon matches it with the right type);
- ``d:unaligned`` a right-type event survives to the output but the scorer did not pair it
                  (its flags differ, another gold event of the sentence took it, or coreference
                  made it a mention of an event anchored in another sentence).

Prints one row per missed event and the counts per bucket. Never tunes anything: a listing.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import Any

from eventcoder.clean import clean
from eventcoder.components.base import ArticleContext
from eventcoder.eval.base import bench_dir
from eventcoder.eval.sets import news_events as ne
from eventcoder.eval.splits import load_split
from eventcoder.pipeline import Pipeline, freeze
from eventcoder.records import Origin, RawRecord

Span = tuple[int, int]


def _ov(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def trace(pipe: Pipeline, art: Any) -> tuple[ArticleContext | None, list[tuple[str, list[dict]]], list[ne.SysEvent]]:
    """Run the components on one article, snapshotting the drafts after each one."""
    (ctx,) = pipe._contexts([art])
    if not isinstance(ctx, ArticleContext):
        return None, [], []
    snaps: list[tuple[str, list[dict]]] = []
    for comp in pipe.components:
        comp(ctx)
        snaps.append(
            (
                comp.name,
                [
                    {
                        "id": id(d),
                        "type": d.type,
                        "origin": d.origin,
                        "trigger": art.raw_span(d.trigger_start, d.trigger_end),
                        "sentence": art.raw_span(d.sentence.start, d.sentence.end),
                    }
                    for d in ctx.drafts
                ],
            )
        )
    coded = freeze(ctx)
    sys_evs = [ne.SysEvent(art.raw_span(e.start, e.end), art.raw_span(e.trigger_start, e.trigger_end), e.to_dict()) for e in coded.events]
    return ctx, snaps, sys_evs


def bucket(
    pipe: Pipeline, ctx: ArticleContext | None, snaps: list[tuple[str, list[dict]]], art: Any, raw_text: str, g: ne.GoldEvent
) -> tuple[str, str]:
    """(bucket, detail) for one missed gold event."""
    gtype = g.data["type"]
    parsed = ctx is not None and any(
        any(_ov(art.raw_span(p.sentence.start, p.sentence.end), s) for s in g.sentences) for p in ctx.parsed
    )
    if not parsed:
        # the sentence was never parsed (select, or the whole article gated): would the
        # lexicon have drafted something on the trigger words?
        types = _fresh_lexicon_types(pipe, raw_text, g)
        if gtype in types:
            return "c:dropped", "select (sentence not parsed; the lexicon matches it)" + (" [article gated]" if ctx is None else "")
        if types:
            return "b:other", f"{'/'.join(sorted(types))} from lexicon, sentence not parsed"
        return "a:none", "sentence not parsed" + (" [article gated]" if ctx is None else "")
    first_type: dict[int, tuple[str, str]] = {}
    right_alive: list[set[int]] = []
    on_trig_any = False
    for _name, drafts in snaps:
        alive = set()
        for d in drafts:
            on_trig = any(_ov(d["trigger"], t) for t in g.triggers)
            in_sent = any(_ov(d["sentence"], s) for s in g.sentences)
            first_type.setdefault(d["id"], (d["type"], d["origin"]))
            if on_trig:
                on_trig_any = True
            if d["type"] == gtype and (on_trig or in_sent):
                alive.add(d["id"])
        right_alive.append(alive)
    if any(right_alive):
        last = max(i for i, a in enumerate(right_alive) if a)
        if last == len(snaps) - 1:
            return "d:unaligned", "right-type event in the output, not paired (flags, taken by another gold event, or a mention of an event elsewhere)"
        return "c:dropped", f"by {snaps[last + 1][0]}"
    if on_trig_any:
        final = {d["id"]: d for d in snaps[-1][1]}
        others = Counter()
        for _name, drafts in snaps:
            for d in drafts:
                if any(_ov(d["trigger"], t) for t in g.triggers):
                    t0, o0 = first_type[d["id"]]
                    origin = "retype" if d["type"] != t0 else o0
                    others[(d["type"], origin, d["id"] in final)] += 1
        (typ, origin, kept), _ = others.most_common(1)[0]
        return "b:other", f"{typ} from {origin}" + ("" if kept else " (then dropped)")
    return "a:none", "no draft on the trigger words"


def _fresh_lexicon_types(pipe: Pipeline, raw_text: str, g: ne.GoldEvent) -> set[str]:
    """The types the lexicon matches on the gold trigger words of a freshly parsed gold sentence."""
    out: set[str] = set()
    s0, s1 = g.sentences[0]
    doc = pipe.nlp(raw_text[s0:s1])
    for m in pipe.lexicon.match(doc):
        tok = doc[m.i]
        span = (s0 + tok.idx, s0 + tok.idx + len(tok.text))
        if any(_ov(span, t) for t in g.triggers):
            out.add(m.entry.type)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--config", default=None, help="pipeline config (default: the package's default.cfg)")
    ap.add_argument("--part", choices=["dev", "test"], default="dev")
    ap.add_argument("--json", action="store_true", help="one JSON object per missed event")
    a = ap.parse_args(argv)
    path = bench_dir() / "news-events" / "gold.jsonl"
    if not path.exists():
        raise SystemExit(f"gold data absent: {path}")
    split = load_split("news-events")
    test_ids = set(split.test_ids)
    arts = [x for x in ne.read_gold(path) if (x["id"] in test_ids) == (a.part == "test")]
    pipe = Pipeline(config=a.config)
    counts: Counter = Counter()
    details: Counter = Counter()
    n_gold = 0
    for k, raw in enumerate(arts):
        art = clean(RawRecord(text=raw["text"], origin=Origin(str(path), line=k + 1), title=raw.get("title") or None), published=raw.get("published"))
        ctx, snaps, sys_evs = trace(pipe, art)
        gold = ne.gold_events(raw)
        n_gold += len(gold)
        matched = {j for _, j in ne.align(sys_evs, gold).pairs}
        for j, g in enumerate(gold):
            if j in matched:
                continue
            if not g.sentences:
                counts["?:unlocated"] += 1
                continue
            b, detail = bucket(pipe, ctx, snaps, art, raw["text"], g)
            counts[b] += 1
            details[(b, detail.split(" (")[0])] += 1
            m = g.data["mentions"][0]
            row = {"bucket": b, "detail": detail, "article": raw["id"], "type": g.data["type"], "trigger": m["trigger"],
                   "historical": g.data.get("historical"), "sentence": m["sentence"][:160]}
            print(json.dumps(row, ensure_ascii=False) if a.json else " | ".join(str(v) for v in row.values()))
    print(f"# gold events {n_gold}, missed {sum(counts.values())}")
    for b, n in sorted(counts.items()):
        print(f"# {b}: {n}")
    for (b, d), n in sorted(details.items(), key=lambda x: (x[0][0], -x[1])):
        print(f"#   {b} {d}: {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
