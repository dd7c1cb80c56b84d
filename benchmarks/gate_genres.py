"""What the relevance gates reject on a general crawl, per genre: the BBC corpus, no parsing.

    PYTHONPATH=src python benchmarks/gate_genres.py [--limit N] [--model FILE ...] [--out FILE.json]

Reads ../shared/bench/bbc-news/ (five genre folders; skips cleanly when absent; the BBC texts
are used to measure only, never to train — all rights are the BBC's). For every article it
runs what the pipeline runs before the parse — clean, sentence split, every component's
``select`` (trigger lexicon, then the relevance gate) and ``propose`` (sentences the speech
model wants parsed anyway) — and counts, per genre folder, the share of articles *gated* (no
sentence left to parse: coded with zero events without running any component) and the share
of sentences that would be parsed. It does this once with the relevance gate off and once per
model: the default ``relevance.json`` and every ``--model`` given (e.g. an older model file
kept aside), so before/after come from the same run over the same texts. Nothing is timed
here; ``throughput.py`` times the whole run.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "bench" / "bbc-news"


def plans(pipe: Any, files: list[Path]) -> list[tuple[Any, list[Any]]]:
    """(article, sentences) of each file that cleans to text."""
    from eventcoder.clean import clean
    from eventcoder.ingest import read
    from eventcoder.nlp import split_sentences
    from eventcoder.records import Skip

    out = []
    for it in read([str(f) for f in files], input_format="txt"):
        a = clean(it)
        if not isinstance(a, Skip) and a.text.strip():
            out.append((a, split_sentences(a.text)))
    return out


def count(pipe: Any, arts: list[tuple[Any, list[Any]]]) -> dict[str, Any]:
    """Articles, gated articles, sentences, sentences parsed (selected + proposed) and selected
    by the gates alone, as the pipeline's ``_contexts`` would decide them."""
    n_sent = parsed = selected = gated = 0
    for art, sents in arts:
        cands = sents
        for c in pipe.components:
            select = getattr(c, "select", None)
            if select is not None:
                cands = select(art, cands)
        selected += len(cands)
        for c in pipe.components:
            propose = getattr(c, "propose", None)
            if propose is not None and (extra := propose(art, sents, cands)):
                cands = sorted({s.start: s for s in [*cands, *extra]}.values(), key=lambda s: s.start)
        n_sent += len(sents)
        parsed += len(cands)
        gated += not cands
    n = max(len(arts), 1)
    return {
        "articles": len(arts),
        "gated": gated,
        "gated_share": round(gated / n, 4),
        "sentences": n_sent,
        "parsed": parsed,
        "parsed_share": round(parsed / max(n_sent, 1), 4),
        "selected_share": round(selected / max(n_sent, 1), 4),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--path", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=0, help="first N articles of each genre folder (0: all)")
    ap.add_argument("--model", action="append", default=[], help="another relevance model file to compare")
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    base = Path(args.path)
    if not base.is_dir():
        print(f"skipped: {base} not found")
        return 0
    from eventcoder.components.relevance import load_model
    from eventcoder.pipeline import Pipeline

    pipe = Pipeline()
    rel = next(c for c in pipe.components if c.name == "relevance")
    variants: dict[str, Any] = {"off": None, "relevance.json": rel.model}
    for m in args.model:
        variants[m] = load_model(str(Path(m).resolve()))
    genres = sorted(p for p in base.iterdir() if p.is_dir())
    res: dict[str, dict[str, Any]] = {}
    for g in genres:
        files = sorted(g.glob("*.txt"))
        if args.limit:
            files = files[: args.limit]
        arts = plans(pipe, files)
        for name, model in variants.items():
            rel.model = model
            rel.threshold = model.threshold if model is not None else 0.0
            # each model with its own article threshold (the config's override is for runs)
            rel.article_threshold = model.article_threshold if model is not None else None
            res.setdefault(name, {})[g.name] = count(pipe, arts)
    print(f"{'genre':14s}" + "".join(f" | {n[-28:]:>28s}" for n in variants))
    print(f"{'':14s}" + " | gated  parsed (selected)" * len(variants))
    for g in [*(x.name for x in genres), "all"]:
        row = f"{g:14s}"
        for name in variants:
            if g == "all":
                rs = list(res[name].values())
                a, s = sum(r["articles"] for r in rs), sum(r["sentences"] for r in rs)
                gs = sum(r["gated"] for r in rs) / max(a, 1)
                ps = sum(r["parsed"] for r in rs) / max(s, 1)
                ss = sum(r["selected_share"] * r["sentences"] for r in rs) / max(s, 1)
                res[name]["all"] = {"articles": a, "sentences": s, "gated_share": round(gs, 4), "parsed_share": round(ps, 4), "selected_share": round(ss, 4)}
            r = res[name][g]
            row += f" | {r['gated_share']:6.1%} {r['parsed_share']:6.1%} ({r['selected_share']:6.1%})"
        print(row)
    if args.out:
        Path(args.out).write_text(json.dumps(res, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
