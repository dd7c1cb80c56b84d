"""The dating method on the project's own synthetic long-form news (``corpus/events``).

The news-events dev part holds 27 gold dates: too few to tell a method from a fit. The
project's synthetic long-form articles (``corpus/events/docs/synthetic-news-w*.jsonl``, written
for it, with publication dates and with their times in the text: live blogs, background
paragraphs, "earlier this month", "in 2014", past perfects) have no gold dates, but every
event candidate there is annotated ``historical`` or not. This script codes each article with
the full pipeline, aligns the surviving drafts (the events' mentions) to the annotated event
candidates and counts, on the non-hypothetical events:

* ``historical`` agreement (the guidelines: more than about a month before publication);
* background acts given the publication week (the guidelines: a historical act nothing dates
  has no value — and a real date of the past is never the report's week);
* background acts given a carried narrative date that is current;
* current acts left undated (the guidelines: an undated current act takes the publication week);
* acts in a clause with a past perfect or a year older than the report's, by basis.

    PYTHONPATH=src python scripts/date_check.py [--limit N] [--show BUCKET]

The background model (``background.json``) was fitted on these labels among others, so its own
decisions are in-sample here: read the rows the rules decide (bases ``text``/``narrative``).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from eventcoder.components.dates import is_historical, publication
from eventcoder.nlp import clause_head
from eventcoder.pipeline import Pipeline
from eventcoder.records import Origin, RawRecord

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "events"
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def load(prefix: str = "synthetic-news") -> tuple[dict, dict[str, dict[int, dict]]]:
    """The synthetic articles with a publication date, and their event annotations by trigger start."""
    docs = {}
    for p in sorted((CORPUS / "docs").glob(f"{prefix}-w*.jsonl")):
        for line in p.open(encoding="utf-8"):
            d = json.loads(line)
            if d.get("published"):
                docs[d["doc_id"]] = d
    cands = {}
    for p in sorted((CORPUS / "candidates").glob("*batch-*.jsonl")):
        for line in p.open(encoding="utf-8"):
            c = json.loads(line)
            if c["doc_id"] in docs:
                cands[c["id"]] = c
    labels: dict[str, dict[int, dict]] = defaultdict(dict)
    taken: set[str] = set()
    for ann in sorted(p for p in (CORPUS / "annotations").iterdir() if p.is_dir()):
        for p in sorted(ann.glob("*batch-*.jsonl")):
            if p.stem in taken:
                continue
            taken.add(p.stem)
            for line in p.open(encoding="utf-8"):
                a = json.loads(line)
                c = cands.get(a["id"])
                if c is not None and a["label"] == "event" and not a.get("hypothetical"):
                    labels[c["doc_id"]][c["trigger_start"]] = a
    return docs, labels


def clause_marks(tok) -> str:
    """past-perfect / older-year / none: what the act's clause says about its time."""
    head = clause_head(tok)
    aux = {c.lower_ for c in head.children if c.dep_ in ("aux", "auxpass")}
    if head.tag_ == "VBN" and aux & {"had", "'d"}:
        return "past perfect"
    return "none"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--show", default="", help="print the rows of buckets containing this text")
    args = ap.parse_args()
    docs, labels = load()
    pipe = Pipeline()
    c: Counter = Counter()
    rows = []
    ids = [k for k in sorted(docs) if labels.get(k)]
    if args.limit:
        ids = ids[: args.limit]
    for doc_id in ids:
        doc = docs[doc_id]
        art = pipe.prepare(RawRecord(text=doc["text"], origin=Origin(doc_id), title=doc.get("title")), published=doc["published"])
        if not hasattr(art, "text"):
            continue
        ctx = pipe.analyse(art)
        published = publication(ctx)
        at = labels[doc_id]
        for d in ctx.drafts:
            if d.hypothetical:
                continue
            start, _ = art.raw_span(d.tok.idx + d.off, d.tok.idx + d.off + len(d.tok.text))
            ann = at.get(start)
            if ann is None:
                continue
            gold_h = bool(ann.get("historical"))
            sys_h = bool(d.historical)
            basis = d.date.basis
            c["events"] += 1
            c["historical agrees"] += gold_h == sys_h
            marks = clause_marks(d.tok)
            sent = d.sentence.text
            older = any(int(y) < int(published[:4]) for y in _YEAR.findall(sent)) if published else False
            buckets = []
            if gold_h and not sys_h:
                buckets.append(f"gold historical, system current ({basis})")
            if sys_h and not gold_h:
                buckets.append(f"system historical, gold current ({basis})")
            if gold_h and basis == "publication":
                buckets.append("background act given the publication week")
            if gold_h and basis == "narrative" and not is_historical(d.date, published):
                buckets.append("background act given a current narrative date")
            if not gold_h and not d.date.value:
                buckets.append("current act undated")
            if marks == "past perfect":
                c[f"past perfect: {basis}"] += 1
                if basis == "publication":
                    buckets.append("past perfect given the publication week")
            if older and basis == "publication":
                buckets.append("older year in sentence, publication week")
            for b in buckets:
                c["* " + b] += 1
                rows.append((b, doc_id, doc["published"], f"gold_h={gold_h} sys={d.date.value}/{d.date.precision} '{d.date.text}' {basis} h={sys_h}", d.tok.text, sent[:200].replace("\n", " ")))
    if args.show:
        for r in sorted(rows):
            if args.show in r[0]:
                print(*r, sep=" | ")
    n = c["events"]
    print(json.dumps({"docs": len(ids), **dict(sorted(c.items())), "historical_accuracy": round(c["historical agrees"] / max(n, 1), 4)}, indent=1))


if __name__ == "__main__":
    main()
