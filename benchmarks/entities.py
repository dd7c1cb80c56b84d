"""The parse with spaCy's NER on every candidate sentence vs on demand, in one process.

    PYTHONPATH=src python benchmarks/entities.py [--limit N] [--rounds R]

The candidate sentences of N BBC articles (``../shared/bench/bbc-news/``, used to measure
only) are parsed R times each way, alternating, after one warm-up pass (the first parse of a
process pays for allocations and caches: measured, several ms an article), in process CPU
seconds: (a) ``nlp.pipe`` with every component, as ``[pipeline] entities = "all"``; (b) the
parse without the NER, the components' ``needs_entities`` and the NER on those sentences, as
``entities = "needed"``. It checks that (b) gives every sentence it runs the NER on the same
entities as (a), and prints the median of each and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    from throughput import DEFAULT, corpus_files

    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=400)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    if not DEFAULT.exists():
        print(f"skipped: {DEFAULT} not found")
        return 0
    from eventcoder.clean import clean
    from eventcoder.components.base import ArticleContext, ParsedSentence
    from eventcoder.ingest import read
    from eventcoder.nlp import ENTITY_PIPE, add_entities, has_entities, parse_form, split_sentences
    from eventcoder.pipeline import Pipeline

    pipe = Pipeline()
    nlp = pipe.nlp
    askers = [c for c in pipe.components if callable(getattr(c, "needs_entities", None))]
    plans = []
    for raw in read([str(f) for f in corpus_files(DEFAULT, args.limit)], input_format="txt"):
        art = clean(raw)
        if not art.text.strip():
            continue
        sents = split_sentences(art.text)
        cands = sents
        for c in pipe.components:
            if hasattr(c, "select"):
                cands = c.select(art, cands)
        if cands:
            plans.append((art, sents, cands))
    texts = [parse_form(s.text) for _, _, cands in plans for s in cands]

    def full() -> list:
        return list(nlp.pipe(texts, batch_size=pipe.batch_size))

    def on_demand() -> tuple[list, int]:
        docs = iter(nlp.pipe(texts, batch_size=pipe.batch_size, disable=[ENTITY_PIPE]))
        ctxs = [ArticleContext(a, sents, [ParsedSentence(s, next(docs)) for s in cands]) for a, sents, cands in plans]
        need = []
        for ctx in ctxs:
            idx = {i for c in askers for i in c.needs_entities(ctx)}
            need.extend(ctx.parsed[i].doc for i in sorted(idx))
        add_entities(nlp, need, pipe.batch_size)
        return [p.doc for ctx in ctxs for p in ctx.parsed], len(need)

    full()  # warm-up
    secs: dict[str, list[float]] = {"all": [], "needed": []}
    n_ner = 0
    for _ in range(args.rounds):
        t = time.process_time()
        ref = full()
        secs["all"].append(time.process_time() - t)
        t = time.process_time()
        got, n_ner = on_demand()
        secs["needed"].append(time.process_time() - t)
    same = all(
        [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]
        for a, b in zip(ref, got, strict=True)
        if has_entities(b)
    )
    n_art = len(plans)
    a, b = statistics.median(secs["all"]), statistics.median(secs["needed"])
    print(f"{n_art} articles with a candidate sentence, {len(texts)} sentences parsed, {n_ner} with NER on demand; entities identical where run: {same}")
    print(f"entities = all:    {a:7.2f} CPU-s  {1000 * a / n_art:6.1f} ms/article  (rounds: {', '.join(f'{x:.2f}' for x in secs['all'])})")
    print(f"entities = needed: {b:7.2f} CPU-s  {1000 * b / n_art:6.1f} ms/article  (rounds: {', '.join(f'{x:.2f}' for x in secs['needed'])})")
    print(f"needed / all: {b / a:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
