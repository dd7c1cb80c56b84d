"""Throughput: the full pipeline vs bare spaCy ``nlp.pipe`` on the same texts.

    python benchmarks/throughput.py [--limit N] [--corpus DIR]

Reads ../shared/bench/bbc-news/ (skips cleanly when absent), codes every article with the
full pipeline (ingest, clean, sentence filter, parse of candidate sentences, geo, events),
then runs bare ``nlp.pipe`` over the same cleaned texts, and prints articles/s, words/s and
the ratio pipeline/bare-spaCy (> 1 means the pipeline is faster than parsing everything).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "bench" / "bbc-news"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=500)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not corpus.exists():
        print(f"skipped: {corpus} not found")
        return 0
    from eventcoder.engine import RunReport, process
    from eventcoder.ingest import read
    from eventcoder.pipeline import Pipeline

    files = sorted(p for p in corpus.rglob("*.txt"))[: args.limit]
    t = time.perf_counter()
    pipe = Pipeline()
    pipe.geoparser.find("warm up in Paris.", [], [])
    print(f"start-up (model, gazetteer, dictionaries): {time.perf_counter() - t:.2f} s")

    # time spent in the geoparser (recognition, resolution, event location), so the
    # geo share of a run is measured here rather than claimed
    geo_secs = [0.0]
    for name in ("find", "event_location", "main_countries"):
        fn = getattr(pipe.geoparser, name)

        def timed(*a, _fn=fn, **k):
            t0 = time.perf_counter()
            try:
                return _fn(*a, **k)
            finally:
                geo_secs[0] += time.perf_counter() - t0

        setattr(pipe.geoparser, name, timed)

    items = list(read([str(f) for f in files], input_format="txt"))
    report = RunReport()
    texts: list[str] = []
    t = time.perf_counter()
    for outcomes in process(items, pipe, published=None, batch_size=64):
        for kind, payload in outcomes:
            report.add(kind, payload)
            if kind == "coded":
                texts.append(payload.article.text)
    t_pipe = time.perf_counter() - t
    words = sum(len(x.split()) for x in texts)

    t = time.perf_counter()
    for _ in pipe.nlp.pipe(texts, batch_size=64):
        pass
    t_bare = time.perf_counter() - t

    n = len(texts)
    print(f"articles: {n}  words: {words}  events: {report.events}")
    print(f"pipeline : {n / t_pipe:8.1f} articles/s  {words / t_pipe:9.0f} words/s  ({t_pipe:.1f} s)")
    print(f"bare spaCy: {n / t_bare:8.1f} articles/s  {words / t_bare:9.0f} words/s  ({t_bare:.1f} s)")
    print(f"ratio pipeline/bare-spaCy (speed): {t_bare / t_pipe:.2f}")
    print(f"geoparsing: {geo_secs[0]:.1f} s = {100 * geo_secs[0] / t_pipe:.1f} % of the run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
