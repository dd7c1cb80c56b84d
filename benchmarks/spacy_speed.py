"""The stock spaCy model vs the model as ``nlp.load_model`` prepares it, per component, one run.

    PYTHONPATH=src python benchmarks/spacy_speed.py [--limit 300] [--rounds 2]

The candidate sentences of ``--limit`` BBC articles (what the pipeline parses: the trigger and
relevance selects), run component by component through two copies of the model: the stock one
(``spacy.load``, nothing changed) and ``load_model()``'s (memoised lemmatizer, compiled
attribute ruler, numpy's BLAS for the matrix products, one BLAS thread). Each copy is timed
*cold* (its first pass: memos empty, as a run starts) and then warm, alternated ``--rounds``
times; process CPU seconds. Then every token's tag, POS, morphology, lemma, head, dependency
and entity of the two copies are compared (they must be identical). Reads
``../shared/bench/bbc-news/`` (skips cleanly when absent; used to measure only).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "bench" / "bbc-news"
CLOCK = time.process_time


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"skipped: no corpus at {corpus}")
        return 0
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from throughput import corpus_files

    from eventcoder.clean import clean
    from eventcoder.ingest import read
    from eventcoder.nlp import (
        MODEL_CANDIDATES,
        import_spacy,
        limit_blas_threads,
        load_model,
        parse_form,
        split_sentences,
    )
    from eventcoder.pipeline import Pipeline

    pipe = Pipeline()
    arts = [clean(it) for it in read([str(f) for f in corpus_files(corpus, args.limit)], input_format="txt")]
    arts = [a for a in arts if a.text.strip()]
    selectors = [c for c in pipe.components if hasattr(c, "select")]
    texts: list[str] = []
    for a in arts:
        cands = split_sentences(a.text)
        for c in selectors:
            cands = c.select(a, cands)
        texts.extend(parse_form(s.text) for s in cands)
    spacy = import_spacy()

    def stock() -> Any:
        for name in MODEL_CANDIDATES:
            try:
                return spacy.load(name)
            except OSError:
                continue
        raise SystemExit("no spaCy model installed")

    limit_blas_threads(1)  # both copies on one thread, as a worker runs
    models = {"stock": stock(), "load_model": load_model()}

    def run(nlp: Any) -> tuple[dict[str, float], list[Any]]:
        t = CLOCK()
        docs = [nlp.make_doc(x) for x in texts]
        secs = {"tokenizer": CLOCK() - t}
        for name, proc in nlp.pipeline:
            t = CLOCK()
            docs = list(proc.pipe(docs, batch_size=256))
            secs[name] = CLOCK() - t
        return secs, docs

    rows: dict[str, list[dict[str, float]]] = {k: [] for k in models}
    last: dict[str, list[Any]] = {}
    for r in range(args.rounds):
        for name in (list(models) if r % 2 == 0 else list(models)[::-1]):
            secs, docs = run(models[name])
            rows[name].append(secs)
            last[name] = docs
    n_tok = sum(len(d) for d in last["stock"])
    print(f"{len(arts)} articles, {len(texts)} candidate sentences, {n_tok} tokens; process CPU seconds")
    comps = list(rows["stock"][0])
    print(f"{'component':16s}" + "".join(f"{k + ' r' + str(i):>16s}" for k in models for i in range(args.rounds)))
    for c in [*comps, "total"]:
        vals = [sum(s.values()) if c == "total" else s[c] for k in models for s in rows[k]]
        print(f"{c:16s}" + "".join(f"{v:16.2f}" for v in vals))

    def attrs(doc: Any) -> list[tuple]:
        return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.head.i, t.dep_, t.ent_iob_, t.ent_type_) for t in doc]

    same = sum(attrs(a) == attrs(b) for a, b in zip(last["stock"], last["load_model"], strict=True))
    print(f"identical sentences (every token's tag, POS, morphology, lemma, head, dependency, entity): {same} of {len(texts)}")
    return 0 if same == len(texts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
