"""The parse with spaCy's attribute ruler vs ``nlp.compile_attribute_ruler``, alternated, one run.

    PYTHONPATH=src python benchmarks/attribute_ruler.py [--limit 200] [--rounds 3]

The candidate sentences of the first ``--limit`` BBC articles (what the pipeline parses: the
trigger and relevance selects), parsed as the pipeline parses them (the NER left for later,
``[pipeline] entities = "needed"``) by two copies of the model — the stock one and one with the
compiled ruler — alternated ``--rounds`` times after a warm-up; process CPU seconds, medians.
Also checks that both give every token the same tag, POS, morphology, lemma and dependency.
Reads ``../shared/bench/bbc-news/`` (skips cleanly when absent; used to measure only).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "bench" / "bbc-news"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"no corpus at {corpus}: skipped")
        return 0
    import spacy

    from eventcoder.clean import clean
    from eventcoder.nlp import (
        ENTITY_PIPE,
        MODEL_CANDIDATES,
        compile_attribute_ruler,
        memoize_lemmatizer,
        parse_form,
        split_sentences,
    )
    from eventcoder.pipeline import Pipeline
    from eventcoder.records import Origin, RawRecord

    pipe = Pipeline()
    selectors = [c for c in pipe.components if hasattr(c, "select")]
    texts: list[str] = []
    for f in sorted(corpus.rglob("*.txt"))[: args.limit]:
        art = clean(RawRecord(text=f.read_text("utf-8", errors="replace"), origin=Origin(str(f))))
        cands = split_sentences(art.text)
        for c in selectors:
            cands = c.select(art, cands)
        texts.extend(parse_form(s.text) for s in cands)

    def fresh():  # a model as load_model makes it, before the ruler is compiled
        for name in MODEL_CANDIDATES:
            try:
                nlp = spacy.load(name)
            except OSError:
                continue
            memoize_lemmatizer(nlp)
            return nlp
        raise SystemExit("no spaCy model installed")

    stock, fast = fresh(), fresh()
    compile_attribute_ruler(fast)
    models = {"stock attribute_ruler": stock, "compiled": fast}

    def parse(nlp):
        return list(nlp.pipe(texts, batch_size=pipe.batch_size, disable=[ENTITY_PIPE]))

    def attrs(docs):
        return [[(t.tag, t.pos, t.morph.key, t.lemma, t.dep) for t in d] for d in docs]

    same = attrs(parse(stock)) == attrs(parse(fast))  # also the warm-up
    cpu: dict[str, list[float]] = {k: [] for k in models}
    for _ in range(args.rounds):
        for name, nlp in models.items():
            t = time.process_time()
            parse(nlp)
            cpu[name].append(time.process_time() - t)
    base = statistics.median(cpu["stock attribute_ruler"])
    print(f"{len(texts)} candidate sentences of {args.limit} BBC articles, parsed without NER; identical token attributes: {same}")
    for name, xs in cpu.items():
        m = statistics.median(xs)
        print(f"{name:24s} median {m:6.2f} CPU-s  ({', '.join(f'{x:.2f}' for x in xs)})  x stock {m / base:.3f}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
