"""Where each missed WikiEvents event is lost, and which acts the coder emits that KAIROS lacks.

The WikiEvents twin of ``recall_buckets.py`` (issue 11). Runs the pipeline document by
document on the chosen part of the frozen split, snapshots the event drafts after every
component, scores the output with the WikiEvents rule (``eval/sets/wikievents.py``) and

- for every PLOVER-mappable gold event left unmatched says where it was lost, with the
  buckets of ``recall_buckets.py`` (``a:none`` never proposed, ``b:other`` proposed with
  another type, ``c:dropped`` dropped by which component, ``d:unaligned`` a right-type event
  in the output the scorer did not pair — usually a re-mention folded into an event told in
  another sentence, which ``mention_recall`` counts found);
- for every unmatched system event of a scored type (a false positive) says what the gold
  holds there: ``DUP`` (a right-type gold event on its trigger or in its sentence another
  system event took), ``KAIROS-unmapped`` (its trigger is a gold KAIROS event the table maps to
  no PLOVER type: a death, an injury, a statement, a movement …), ``KAIROS-othertype`` (its
  trigger is a gold event mapped to another PLOVER type), ``in-sentence`` (a gold event in its
  sentence, not on its trigger), ``unannotated`` (no gold event in its sentence).

The dev part is split by document into halves for development (``--half A``) and an honest
check (``--half B``): B is the half of the dev ids of lowest sha256('wikievents-half:<id>')
(:func:`eventcoder.eval.splits.pick_test` with fraction 0.5), A the rest. Never tunes anything.

    cd <repo> && PYTHONPATH=src /work/main/.venv/bin/python scripts/wikievents_buckets.py [--half A|B|all] [--config FILE] [--json]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import recall_buckets as rb  # scripts/recall_buckets.py: trace-free bucketing of one miss

from eventcoder.clean import clean
from eventcoder.components.base import ArticleContext
from eventcoder.eval import scorer
from eventcoder.eval.base import bench_dir
from eventcoder.eval.sets import wikievents as we
from eventcoder.eval.splits import load_split, pick_test
from eventcoder.pipeline import Pipeline, freeze
from eventcoder.records import Origin, RawRecord

Span = tuple[int, int]


@dataclass
class Gold:
    """A WikiEvents gold event in the shape ``recall_buckets.bucket`` reads."""

    data: dict[str, Any]
    triggers: list[Span] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)


def halves(dev_ids: list[str]) -> tuple[list[str], list[str]]:
    """(A, B): B is the half of the dev ids of lowest sha256('wikievents-half:<id>')."""
    b = set(pick_test(dev_ids, 0.5, "wikievents-half"))
    return [i for i in dev_ids if i not in b], [i for i in dev_ids if i in b]


def part_ids(part: str) -> list[str]:
    """The document ids of ``part``: dev, test, A or B (halves of dev)."""
    split = load_split("wikievents")
    docs = we.read_docs(bench_dir() / "wikievents-dev" / "dev.jsonl")
    ids = [str(d["id"]) for d in docs]
    test = set(split.test_ids) if split is not None else set()
    if part == "test":
        return [i for i in ids if i in test]
    dev = [i for i in ids if i not in test]
    if part == "dev":
        return dev
    a, b = halves(dev)
    return a if part == "A" else b


def sentence_of(doc: dict, pos: int) -> Span:
    for s, e in doc.get("sentences") or []:
        if s <= pos < e:
            return (s, e)
    return (pos, pos + 1)


def to_gold(doc: dict, e: dict) -> Gold:
    t = (e["trigger"]["start"], e["trigger"]["end"])
    return Gold({"type": e["derived"]["plover"], "mentions": [{"trigger": e["trigger"]["text"]}]}, [t], [sentence_of(doc, t[0])])


def trace(pipe: Pipeline, art: Any) -> tuple[ArticleContext | None, list, Any]:
    """Run the components on one article, snapshotting the drafts after each; and the output."""
    (ctx,) = pipe._contexts([art])
    if not isinstance(ctx, ArticleContext):
        return None, [], pipe.code_many([art])[0]
    snaps = []
    for comp in pipe.components:
        comp(ctx)
        snaps.append((comp.name, [{"id": id(d), "type": d.type, "origin": d.origin, "trigger": art.raw_span(d.trigger_start, d.trigger_end),
                                   "sentence": art.raw_span(d.sentence.start, d.sentence.end), "obj": d} for d in ctx.drafts]))
    return ctx, snaps, freeze(ctx)


def refine(b: str, detail: str, gg: Gold, g: dict, system: list[dict], gold: list[dict], pairs: list, snaps: list) -> str:
    """A finer reading of buckets c (by detect: the draft's calibrated p, and whether a same-type
    event is kept elsewhere in the document) and d (folded into an event told elsewhere, or
    another gold event of its sentence took the one system event there)."""
    if b == "d:unaligned":
        if we._mention_found(system, [g]):
            return "folded: a re-mention of a kept event told in another sentence"
        sent = gg.sentences[0]
        taken = {j for _, j in pairs}
        if any(j in taken and x["derived"]["plover"] == g["derived"]["plover"] and sent[0] <= x["trigger"]["start"] < sent[1] for j, x in enumerate(gold)):
            return "taken: another gold event of its sentence has the system event"
        return "other"
    if b == "c:dropped" and detail == "by detect":
        names = [n for n, _ in snaps]
        before = snaps[names.index("detect") - 1][1]
        ps = [d["obj"].p_event for d in before if d["type"] == gg.data["type"] and getattr(d["obj"], "p_event", None) is not None
              and (any(rb._ov(d["trigger"], t) for t in gg.triggers) or rb._ov(d["sentence"], gg.sentences[0]))]
        p = f"p={max(ps):.2f}" if ps else "p=?"
        elsewhere = any(s["type"] == gg.data["type"] for s in system)
        return p + ("; same type kept elsewhere" if elsewhere else "; none of its type kept")
    return ""


def false_kind(doc: dict, s: dict, gold: list[dict], taken: set[int]) -> tuple[str, str]:
    """(kind, KAIROS types there) for one unmatched system event."""
    on_trig = [e for e in doc["events"] if scorer.spans_overlap(s["trigger"], (e["trigger"]["start"], e["trigger"]["end"]))]
    in_sent = [e for e in doc["events"] if s["sentence"][0] <= e["trigger"]["start"] < s["sentence"][1]]
    same = [j for j, g in enumerate(gold) if g["derived"]["plover"] == s["type"] and s["sentence"][0] <= g["trigger"]["start"] < s["sentence"][1]]
    if any(j in taken for j in same) and not any(j not in taken for j in same):
        return "DUP", ""
    if on_trig:
        kinds = "/".join(sorted({e["type"] for e in on_trig}))
        if any((e.get("derived") or {}).get("plover") for e in on_trig):
            return "KAIROS-othertype", kinds
        return "KAIROS-unmapped", kinds
    if in_sent:
        return "in-sentence", "/".join(sorted({e["type"] for e in in_sent}))
    return "unannotated", ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--config", default=None, help="pipeline config (default: the package's default.cfg)")
    ap.add_argument("--half", choices=["A", "B", "dev", "test"], default="A", help="A/B: halves of the dev part")
    ap.add_argument("--json", action="store_true", help="one JSON object per row")
    a = ap.parse_args(argv)
    path = bench_dir() / "wikievents-dev" / "dev.jsonl"
    if not path.exists():
        raise SystemExit(f"gold data absent: {path}")
    want = set(part_ids(a.half))
    docs = [d for d in we.read_docs(path) if str(d["id"]) in want]
    pipe = Pipeline(config=a.config)
    counts: Counter = Counter()
    details: Counter = Counter()
    fp: Counter = Counter()
    fp_detail: Counter = Counter()
    tot: Counter = Counter()
    for k, doc in enumerate(docs):
        art = clean(RawRecord(text=doc["text"], origin=Origin(str(path), line=k + 1)), published=None)
        ctx, snaps, coded = trace(pipe, art)
        system, gold = we._sys_events(coded), we.mapped_events(doc)
        pairs = we._align(system, gold, by_trigger=False)
        tot["gold"] += len(gold)
        tot["system"] += len(system)
        tot["matched"] += len(pairs)
        tot["mention_found"] += we._mention_found(system, gold)
        m_sys, m_gold = {i for i, _ in pairs}, {j for _, j in pairs}
        text = doc["text"]
        for j, g in enumerate(gold):
            if j in m_gold:
                continue
            gg = to_gold(doc, g)
            b, detail = rb.bucket(pipe, ctx, snaps, art, text, gg)
            fine = refine(b, detail.split(" (")[0], gg, g, system, gold, pairs, snaps)
            counts[b] += 1
            details[(b, detail.split(" (")[0] + (" / " + fine.split(":")[0] if b == "d:unaligned" else ""))] += 1
            detail = f"{detail} [{fine}]" if fine else detail
            s0, s1 = gg.sentences[0]
            row = {"row": "miss", "bucket": b, "detail": detail, "doc": doc["id"], "kairos": g["type"], "type": g["derived"]["plover"],
                   "trigger": g["trigger"]["text"], "sentence": " ".join(text[s0:s1].split())[:180]}
            print(json.dumps(row, ensure_ascii=False) if a.json else " | ".join(str(v) for v in row.values()))
        for i, s in enumerate(system):
            if i in m_sys:
                continue
            kind, kt = false_kind(doc, s, gold, m_gold)
            fp[kind] += 1
            fp_detail[(kind, kt)] += 1
            s0, s1 = s["sentence"]
            row = {"row": "false", "kind": kind, "kairos": kt, "doc": doc["id"], "type": s["type"], "trigger": text[s["trigger"][0]:s["trigger"][1]],
                   "sentence": " ".join(text[s0:s1].split())[:180]}
            print(json.dumps(row, ensure_ascii=False) if a.json else " | ".join(str(v) for v in row.values()))
    p, r, f = scorer.prf(tot["matched"], tot["system"], tot["gold"])
    print(f"# {a.half}: {len(docs)} docs, gold {tot['gold']}, system {tot['system']}, matched {tot['matched']}: "
          f"P {p:.4f} R {r:.4f} F1 {f:.4f}, mention_recall {tot['mention_found'] / max(tot['gold'], 1):.4f}")
    print(f"# missed {sum(counts.values())}")
    for b, n in sorted(counts.items()):
        print(f"# {b}: {n}")
    for (b, d), n in sorted(details.items(), key=lambda x: (x[0][0], -x[1])):
        print(f"#   {b} {d}: {n}")
    print(f"# false {sum(fp.values())}")
    for b, n in sorted(fp.items()):
        print(f"# {b}: {n}")
    for (b, d), n in sorted(fp_detail.items(), key=lambda x: (x[0][0], -x[1])):
        print(f"#   {b} {d}: {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
