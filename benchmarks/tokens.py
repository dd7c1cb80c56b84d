"""Where spaCy's tokens go: per article, the tokens parsed and the tokens through the NER, split
by *why* each sentence was parsed and entity-tagged, and what those sentences end up feeding.

    PYTHONPATH=src python benchmarks/tokens.py [--bbc N] [--news-events] [--config C ...]
    PYTHONPATH=src python benchmarks/tokens.py --bbc 400 --time --config A.cfg --config B.cfg

Accounting (the default): each article is coded as ``Pipeline.code_many`` codes it, with two
read-only hooks: the sentences each ``select`` keeps and each ``propose`` adds are recorded
before the parse, and ``Pipeline._add_entities`` is wrapped to record which component's
``needs_entities`` named each sentence (or that only ``propose`` brought it in). After the
components ran, a parsed sentence *holds a kept event* when an event (or one of its mentions)
lies in it, and *feeds a stored field* when a stored event's source, target, place, date or
reported-by span lies in it although the event's own sentence is another one.

``--time``: CPU-ms an article of each config, the same articles coded in batches of 32 by one
pipeline per config, the configs alternated batch by batch in one process (``--rounds``
passes; the first pass is a warm-up and not counted), as x23speed timed its paired cuts.

BBC texts (``../shared/bench/bbc-news/``) are used to measure only; news-events is read from
its frozen dev part only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))


def bbc_articles(limit: int) -> list[Any]:
    from throughput import DEFAULT, corpus_files

    from eventcoder.clean import clean
    from eventcoder.ingest import read

    out = []
    for raw in read([str(f) for f in corpus_files(DEFAULT, limit)], input_format="txt"):
        art = clean(raw)
        if art.text.strip() and art.language in (None, "en"):
            out.append(art)
    return out


def news_events_dev() -> list[Any]:
    from eventcoder.clean import clean
    from eventcoder.eval.sets.news_events import read_gold
    from eventcoder.eval.splits import load_split
    from eventcoder.records import Origin, RawRecord

    path = ROOT.parent / "shared" / "bench" / "news-events" / "gold.jsonl"
    if not path.exists():
        path = ROOT / ".." / "shared" / "bench" / "news-events" / "gold.jsonl"
    keep = load_split("news-events").keep("dev")
    return [
        clean(RawRecord(text=a["text"], origin=Origin(str(path), line=k + 1), title=a.get("title") or None), published=a.get("published"))
        for k, a in enumerate(read_gold(path))
        if keep(str(a["id"]))
    ]


def event_sentences(ctx: Any, coded: Any) -> tuple[set[int], set[int]]:
    """The parsed sentences (indices) holding a stored event or one of its mentions, and
    those holding a field (source, target, place, date, reported-by) of an event of another
    sentence."""
    spans = [(p.sentence.start, p.sentence.end) for p in ctx.parsed]

    def where(pos: int) -> int | None:
        for k, (a, e) in enumerate(spans):
            if a <= pos < e:
                return k
        return None

    holds: set[int] = set()
    feeds: set[int] = set()
    for ev in coded.events:
        own = {where(ev.start)} | {where(m["start"]) for m in ev.mentions}
        holds |= {k for k in own if k is not None}
        for f in (ev.source_actor, ev.target_actor, ev.location, ev.date, *ev.reported_by):
            st = getattr(f, "start", None)
            k = None if st is None else where(st)
            if k is not None and k not in own:
                feeds.add(k)
    return holds, feeds


def account(pipe: Any, articles: list[Any], batch: int = 32) -> dict[str, Any]:
    """Code ``articles`` with ``pipe`` and count each parsed sentence's tokens by reason."""
    from eventcoder.nlp import split_sentences
    from eventcoder.pipeline import freeze

    # why each sentence was parsed: the pipeline's own plan (selects and proposes, surface only)
    def parse_reasons(art: Any) -> dict[int, str]:
        return pipe.plan(art)[2]

    from eventcoder.nlp import has_entities

    ner_why: dict[int, dict[int, list[str]]] = {}  # id(ctx) -> sentence index -> askers
    ran: dict[int, list[bool]] = {}  # id(ctx) -> whether each parsed sentence got the recogniser
    original = pipe._add_entities

    def recording(contexts: list[tuple[Any, set[int]]]) -> None:
        askers = [c for c in pipe.components if callable(getattr(c, "needs_entities", None))]
        for ctx, proposed in contexts:
            by: dict[int, list[str]] = defaultdict(list)
            for c in askers:
                for i in c.needs_entities(ctx):
                    by[i].append(c.name)
            for i, p in enumerate(ctx.parsed):
                if p.sentence.start in proposed:
                    by[i].append("proposed")
            ner_why[id(ctx)] = dict(by)
        original(contexts)
        for ctx, _ in contexts:  # what the recogniser actually ran on (after any limit_entities)
            ran[id(ctx)] = [has_entities(p.doc) for p in ctx.parsed]

    pipe._add_entities = recording
    rows = []
    n_gated = n_art = 0
    n_sent = n_tok_all = 0
    stored: dict[str, Any] = {}  # article id -> its events and places, as stored
    try:
        for b in range(0, len(articles), batch):
            chunk = articles[b : b + batch]
            reasons = [parse_reasons(a) for a in chunk]
            ctxs = pipe._contexts(chunk)
            for art, why, ctx in zip(chunk, reasons, ctxs, strict=True):
                n_art += 1
                sents = split_sentences(art.text)
                n_sent += len(sents)
                n_tok_all += sum(len(s.text.split()) for s in sents)
                if not hasattr(ctx, "parsed"):
                    n_gated += 1
                    continue
                for c in pipe.components:
                    c(ctx)
                coded = freeze(ctx)
                ner = ner_why.pop(id(ctx), {})
                got = ran.pop(id(ctx), [True] * len(ctx.parsed))
                holds, feeds = event_sentences(ctx, coded)
                stored[art.id] = {"events": [e.to_dict() for e in coded.events], "places": [p.to_dict() for p in coded.places]}
                first = sents[1].start if len(sents) > 1 else 0
                rel = next((c for c in pipe.components if c.name == "relevance"), None)
                m = getattr(rel, "model", None)
                z = m.article_logit(art.text) if m is not None else None
                trig = [k for k, names in ner.items() if "triggers" in names]
                for k, p in enumerate(ctx.parsed):
                    rows.append(
                        {
                            "parse": why.get(p.sentence.start, "?"),
                            "lead": p.sentence.start <= first,
                            "ner": ("+".join(sorted(set(ner.get(k, [])))) or "-") if got[k] or not ner.get(k) else "withdrawn",
                            "tokens": len(p.doc),
                            "event": k in holds,
                            "feeds": k in feeds and k not in holds,
                            "drafted": any(d.parsed is p for d in ctx.drafts),
                            "p": None if m is None else m.prob(p.sentence.text, z, p.sentence.start),
                            "art_logit": z,
                            "k": k,
                            "last_trigger": max(trig, default=-1),
                            "first_trigger": min(trig, default=-1),
                            "article_events": len(coded.events),
                            "places": len(coded.places),
                        }
                    )
    finally:
        pipe._add_entities = original
    return {"articles": n_art, "gated": n_gated, "sentences": n_sent, "rows": rows, "stored": stored}


def table(acc: dict[str, Any]) -> str:
    rows, n = acc["rows"], acc["articles"]
    by: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for r in rows:
        key = (r["parse"] + (" (title/lead)" if r["lead"] else ""), r["ner"])
        c = by[key]
        c["sent"] += 1
        c["tok"] += r["tokens"]
        c["ner_tok"] += r["tokens"] if r["ner"] not in ("-", "withdrawn") else 0
        c["ev"] += r["event"]
        c["ev_tok"] += r["tokens"] if r["event"] else 0
        c["feeds"] += r["feeds"]
        c["none"] += not (r["event"] or r["feeds"])
        c["none_tok"] += r["tokens"] if not (r["event"] or r["feeds"]) else 0
    tot_tok = sum(r["tokens"] for r in rows)
    tot_ner = sum(r["tokens"] for r in rows if r["ner"] not in ("-", "withdrawn"))
    out = [
        f"{n} articles ({acc['gated']} gated), {acc['sentences']:,} sentences; parsed {len(rows):,} sentences, "
        f"{tot_tok:,} tokens ({tot_tok / n:.1f} an article); NER {sum(r['ner'] not in ('-', 'withdrawn') for r in rows):,} sentences, "
        f"{tot_ner:,} tokens ({tot_ner / n:.1f} an article)",
        "",
        "| parsed because | NER asked by | sentences | tokens an article | NER tokens an article | hold a kept event | only feed a field | neither (tokens an article) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for key in sorted(by, key=lambda k: -by[k]["tok"]):
        c = by[key]
        out.append(
            f"| {key[0]} | {key[1]} | {c['sent']:,} | {c['tok'] / n:.1f} | {c['ner_tok'] / n:.1f} | {c['ev']:,} | {c['feeds']:,} | {c['none']:,} ({c['none_tok'] / n:.1f}) |"
        )
    return "\n".join(out)


def timing(configs: list[str], articles: list[Any], rounds: int, batch: int = 32) -> str:
    from eventcoder.pipeline import Pipeline

    first = Pipeline(config=configs[0]) if configs[0] != "default" else Pipeline()
    r = first.resources
    shared = {"nlp": r.nlp, "lexicon": r.lexicon, "actors": r.actors, "geoparser": r.geoparser, "acled": r.acled}
    # one set of resources (the spaCy model, the gazetteer, ...) for all: only the components differ
    pipes = [first, *(Pipeline(config=None if c == "default" else c, **shared) for c in configs[1:])]
    for p in pipes:
        p.warm()
    cpu = [[0.0] * rounds for _ in pipes]
    events = [0] * len(pipes)
    for r in range(rounds + 1):
        for b in range(0, len(articles), batch):
            chunk = articles[b : b + batch]
            order = range(len(pipes)) if (b // batch + r) % 2 == 0 else reversed(range(len(pipes)))
            for k in order:
                t = time.process_time()
                got = pipes[k].code_many(chunk)
                dt = time.process_time() - t
                if r:
                    cpu[k][r - 1] += dt
                    if r == 1:
                        events[k] += sum(len(c.events) for c in got)
    n = len(articles)
    lines = ["| config | CPU-ms an article, per round | min | events |", "|---|---|---:|---:|"]
    for k, c in enumerate(configs):
        per = [1000 * x / n for x in cpu[k]]
        lines.append(f"| {c} | {', '.join(f'{x:.2f}' for x in per)} | {min(per):.2f} | {events[k]:,} |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bbc", type=int, default=0, help="account (or time) the first N of the spread BBC sample")
    ap.add_argument("--news-events", action="store_true", help="account the news-events dev part")
    ap.add_argument("--config", action="append", default=[], help="config file(s); 'default' for default.cfg")
    ap.add_argument("--time", action="store_true", help="time the configs alternated in one process")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", help="write the per-sentence rows here")
    args = ap.parse_args()
    from eventcoder.pipeline import Pipeline

    configs = args.config or ["default"]
    if args.time:
        arts = bbc_articles(args.bbc or 400)
        print(timing(configs, arts, args.rounds))
        return 0
    sets = []
    if args.bbc:
        sets.append((f"BBC {args.bbc}", bbc_articles(args.bbc)))
    if args.news_events:
        sets.append(("news-events dev", news_events_dev()))
    dump = {}
    for cfg in configs:
        pipe = Pipeline(config=cfg) if cfg != "default" else Pipeline()
        for name, arts in sets:
            acc = account(pipe, arts)
            print(f"## {name}, config {cfg}\n")
            print(table(acc))
            print()
            dump[f"{name}|{cfg}"] = acc
    if args.json:
        Path(args.json).write_text(json.dumps(dump), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
