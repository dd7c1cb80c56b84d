"""Train the draft type model (``src/eventcoder/data/models/types.json``).

    .venv/bin/python scripts/train_types.py [--c 1.0] [--min-count 2] [--margin 2.0]
        [--examples-cache /tmp/types_examples.json] [--dry-run]

Reads the project's own annotated corpus (``corpus/events/``: documents, candidates and every
annotator's labels, joined as ``scripts/train_detector.py`` joins them: the first annotator in
name order where a batch was annotated twice), runs the pipeline's ``focus`` and ``triggers``
over each annotated document (the entity recogniser on every parsed sentence, as every draft
sentence gets it at run time), aligns each lexicon draft to the annotated candidate at its
trigger, and keeps the drafts labelled ``event`` with a PLOVER type (``not_event`` has no type;
``unclear`` is left out). Re-mentions are kept: their type is the event's.

The model is a multinomial logistic regression (scipy L-BFGS, L2) over
``components.retype.type_features`` (sparse) and the word vectors of the trigger, its object
and its sentence (dense), its log-odds offset by ``--prior`` towards the lexicon entry's type, fitted on the corpus's train documents (md5 of the doc id modulo 5
!= 0, the detector's convention); the held-out fifth gives the type accuracy of the lexicon
entry against the model at several re-typing margins, per gold type and per source corpus
(``--compare FILE``: another model file, e.g. the shipped one, on the same drafts). Only weights
and counts are written — no corpus text. ``default.cfg``'s margin is chosen on this held-out
fifth (the lowest that keeps the PLOVER GSR dev type accuracy: x25types, docs/detector.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import optimize, sparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_detector import heldout, load_corpus  # noqa: E402

from eventcoder import vectors  # noqa: E402
from eventcoder.components.retype import DENSE_BLOCKS, dense_vector, type_features  # noqa: E402
from eventcoder.pipeline import Pipeline, load_config  # noqa: E402
from eventcoder.records import Origin, RawRecord  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "eventcoder" / "data" / "models" / "types.json"
MARGINS = (1.0, 1.5, 2.0, 3.0, 5.0)


def examples(docs: dict, cands: dict, labels: dict) -> tuple[list[dict], Counter]:
    """The typed examples: (doc, sparse features, dense words, lexicon type, gold type)."""
    cfg = load_config()
    cfg["pipeline"] = {**cfg["pipeline"], "components": ["focus", "triggers"], "entities": "all"}
    pipe = Pipeline(config=cfg)
    lexicon = next(c for c in pipe.components if c.name == "triggers").lexicon
    by_doc: dict[str, dict[int, dict]] = {}
    for cid, a in labels.items():
        c = cands.get(cid)
        if c is not None and c["doc_id"] in docs:
            by_doc.setdefault(c["doc_id"], {})[c["trigger_start"]] = a
    stats: Counter = Counter()
    out = []
    t0 = time.time()
    for n, doc_id in enumerate(sorted(by_doc)):
        doc = docs[doc_id]
        art = pipe.prepare(RawRecord(text=doc["text"], origin=Origin(doc_id), title=doc.get("title")), published=doc.get("published"))
        if not hasattr(art, "text"):
            stats["doc skipped"] += 1
            continue
        ctx = pipe.analyse(art)
        at = by_doc[doc_id]
        for d in ctx.drafts:
            start, _ = art.raw_span(d.tok.idx + d.off, d.tok.idx + d.off + len(d.tok.text))
            a = at.get(start)
            if a is None:
                stats["draft without candidate"] += 1
                continue
            if a["label"] != "event" or not a.get("type"):
                stats["not an event / unclear"] += 1
                continue
            f, parts = type_features(d, lexicon)
            out.append({"doc": doc_id, "f": f, "parts": parts, "lex": d.type, "gold": a["type"]})
            stats["typed examples"] += 1
        if n % 200 == 0:
            print(f"{n}/{len(by_doc)} docs, {len(out)} examples, {time.time() - t0:.0f}s", file=sys.stderr)
    return out, stats


def matrices(exs: list[dict], vocab: dict[str, int], vec) -> sparse.csr_matrix:
    rows, cols = [], []
    for i, e in enumerate(exs):
        for f in set(e["f"]):
            j = vocab.get(f)
            if j is not None:
                rows.append(i)
                cols.append(j)
    xs = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(exs), len(vocab)))
    xd = np.array([dense_vector(e["parts"], vec) for e in exs], dtype=np.float32)
    return sparse.hstack([xs, sparse.csr_matrix(xd)], format="csr")


def fit(x: sparse.csr_matrix, lex: list[str], gold: list[str], classes: list[str], prior: float, c: float) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression (L-BFGS, L2 = 1/c on the weights, not the biases) whose
    log-odds start from the lexicon entry's type: ``prior`` is added to the lexicon type's score
    before the softmax, a fixed offset, not a learned weight. The weights learn only where the
    context overrules the lexicon, so a word and frame the model never saw keep the entry's type
    (a learned ``lex=`` weight would be shrunk by the penalty and by the lexicon's own errors)."""
    k, (n, v) = len(classes), x.shape
    idx = {t: i for i, t in enumerate(classes)}
    y = np.zeros((n, k))
    y[np.arange(n), [idx[g] for g in gold]] = 1.0
    off = np.zeros((n, k))
    for i, t in enumerate(lex):
        if t in idx:
            off[i, idx[t]] = prior
    xt = x.T.tocsr()

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[: v * k].reshape(v, k), theta[v * k :]
        z = x @ w + b + off
        z -= z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        p = np.exp(logp)
        val = -(y * logp).sum() + 0.5 / c * (w * w).sum()
        gw = xt @ (p - y) + w / c
        gb = (p - y).sum(axis=0)
        return float(val), np.concatenate([np.asarray(gw).ravel(), gb])

    res = optimize.minimize(loss, np.zeros(v * k + k), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return res.x[: v * k].reshape(v, k), res.x[v * k :]


def predict(x: sparse.csr_matrix, lex: list[str], classes: list[str], prior: float, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    z = np.asarray(x @ w) + b
    for i, t in enumerate(lex):
        if t in classes:
            z[i, classes.index(t)] += prior
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def choose(dist: dict[str, float], lex: str, margin: float) -> str:
    best = max(dist, key=lambda c: dist[c])
    return best if best != lex and dist[best] > margin * dist.get(lex, 0.0) else lex


def doc_files() -> dict[str, str]:
    """doc id -> the stem of the ``corpus/events/docs`` file that holds it (``muc4-more``: the
    mbatch documents, which share ``source_corpus`` muc4 with the older MUC-4 documents)."""
    out = {}
    for p in sorted((ROOT / "corpus" / "events" / "docs").glob("*.jsonl")):
        for line in p.open(encoding="utf-8"):
            if line.strip():
                out[json.loads(line)["doc_id"]] = p.stem
    return out


def breakdown(ho: list[dict], dists: list[dict], docs: dict, margin: float, compare: Path | None, vec) -> dict:
    """Held-out type accuracy per gold type and per source corpus: the lexicon entry's type, this
    fit at ``margin`` and, with ``compare``, that model file at the same margin."""
    from eventcoder.components.retype import TypeModel

    picks = {"lexicon": [e["lex"] for e in ho], "model": [choose(dd, e["lex"], margin) for e, dd in zip(ho, dists, strict=True)]}
    if compare is not None:
        other = TypeModel(json.loads(compare.read_text(encoding="utf-8")))
        picks["compare"] = [
            other.choose(other.distribution(e["f"], dense_vector(e["parts"], vec, other.blocks) if other.dense is not None else None, e["lex"]), e["lex"], margin) for e in ho
        ]
    out: dict[str, dict] = {"margin": margin, "all": {}, "by_type": {}, "by_source": {}, "by_file": {}}
    groups = {
        "all": {"all": list(range(len(ho)))},
        "by_type": {},
        "by_source": {},
        "by_file": {},
    }
    files = doc_files()
    for i, e in enumerate(ho):
        groups["by_type"].setdefault(e["gold"], []).append(i)
        groups["by_source"].setdefault(docs.get(e["doc"], {}).get("source_corpus") or "?", []).append(i)
        groups["by_file"].setdefault(files.get(e["doc"], "?"), []).append(i)
    for kind, gs in groups.items():
        for g, idx in sorted(gs.items(), key=lambda kv: -len(kv[1])):
            row = {"n": len(idx)}
            for name, pk in picks.items():
                row[name] = round(sum(pk[i] == ho[i]["gold"] for i in idx) / max(1, len(idx)), 4)
            if kind == "all":
                out["all"] = row
            else:
                out[kind][g] = row
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--c", type=float, default=1.0, help="inverse L2 strength of the logistic regression")
    ap.add_argument("--prior", type=float, default=2.0, help="log-odds added to the lexicon entry's type before the softmax (a fixed offset)")
    ap.add_argument("--min-count", type=int, default=2, help="a sparse feature needs this many train examples")
    ap.add_argument("--margin", type=float, default=2.0, help="the shipped re-typing margin (a probability ratio; choose it on the news-events dev part)")
    ap.add_argument("--prune", type=float, default=0.01, help="sparse weights below this magnitude are not written")
    ap.add_argument("--exclude", default="", help="comma-separated sparse feature families (the name before '=') and dense blocks (trigger, object, sentence) left out")
    ap.add_argument("--no-dense", action="store_true", help="no word-vector blocks (to measure what they add)")
    ap.add_argument("--examples-cache", default=None, help="comma-separated JSON files of featurised examples: when one is missing, the documents of --sources are featurised into it "
                    "and the script stops; when all exist they are merged and trained on (delete them when the features change)")
    ap.add_argument("--sources", default="", help="comma-separated source corpora (a document's source_corpus) to featurise; '-name' leaves one out")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--compare", type=Path, default=None, help="also score the held-out fifth with this model file (e.g. the shipped types.json), per type and per source")
    ap.add_argument("--report-margin", type=float, default=3.0, help="the margin the per-type and per-source tables use (default.cfg's)")
    args = ap.parse_args(argv)
    t0 = time.time()
    docs, cands, labels = load_corpus()
    caches = [Path(p) for p in str(args.examples_cache or "").split(",") if p]
    if caches and all(p.is_file() for p in caches):
        exs, stats = [], Counter()
        for p in caches:  # a cache per featurised source (--sources), merged
            cached = json.loads(p.read_text(encoding="utf-8"))
            exs += cached["examples"]
            stats += Counter(cached["stats"])
        exs.sort(key=lambda e: e["doc"])
    else:
        wanted = {x for x in args.sources.split(",") if x and not x.startswith("-")}
        unwanted = {x[1:] for x in args.sources.split(",") if x.startswith("-")}
        mine = {d: v for d, v in docs.items() if (not wanted or v.get("source_corpus") in wanted) and v.get("source_corpus") not in unwanted}
        exs, stats = examples(mine, cands, labels)
        if caches:
            missing = next(p for p in caches if not p.is_file())
            missing.write_text(json.dumps({"examples": exs, "stats": dict(stats)}), encoding="utf-8")
            print(f"featurised into {missing}; run again with the same caches to train", file=sys.stderr)
            return 0
    drop = {x for x in args.exclude.split(",") if x}
    if drop:
        for e in exs:
            e["f"] = [x for x in e["f"] if x.split("=", 1)[0] not in drop]
            e["parts"] = {b: ([] if b in drop else ws) for b, ws in e["parts"].items()}
    tr = [e for e in exs if not heldout(e["doc"])]
    ho = [e for e in exs if heldout(e["doc"])]
    counts = Counter(f for e in tr for f in set(e["f"]))
    names = sorted(f for f, c in counts.items() if c >= args.min_count)
    vocab = {f: i for i, f in enumerate(names)}
    vec = vectors.load()
    xtr, xho = matrices(tr, vocab, vec), matrices(ho, vocab, vec)
    if args.no_dense:
        xtr, xho = xtr[:, : len(vocab)], xho[:, : len(vocab)]
    classes = sorted({e["gold"] for e in tr} | {e["lex"] for e in tr})
    coef_t, intercept = fit(xtr, [e["lex"] for e in tr], [e["gold"] for e in tr], classes, args.prior, args.c)
    probs = predict(xho, [e["lex"] for e in ho], classes, args.prior, coef_t, intercept)
    dists = [dict(zip(classes, p.tolist(), strict=True)) for p in probs]
    n = max(1, len(ho))
    per_margin = {}
    for m in sorted({*MARGINS, args.margin}):
        picked = [choose(dd, e["lex"], m) for e, dd in zip(ho, dists, strict=True)]
        per_margin[str(m)] = {
            "accuracy": round(sum(p == e["gold"] for p, e in zip(picked, ho, strict=True)) / n, 4),
            "retyped": sum(p != e["lex"] for p, e in zip(picked, ho, strict=True)),
            "retyped_right": sum(p != e["lex"] and p == e["gold"] for p, e in zip(picked, ho, strict=True)),
            "retyped_wrong_from_right": sum(p != e["lex"] and e["lex"] == e["gold"] for p, e in zip(picked, ho, strict=True)),
        }
    report = {
        "labelled_candidates": len(labels),
        "alignment": dict(stats),
        "train_examples": len(tr),
        "train_documents": len({e["doc"] for e in tr}),
        "heldout_examples": len(ho),
        "heldout_documents": len({e["doc"] for e in ho}),
        "sparse_features": len(vocab),
        "heldout_lexicon_type_accuracy": round(sum(e["lex"] == e["gold"] for e in ho) / n, 4),
        "heldout_model_argmax_accuracy": round(sum(max(dd, key=dd.get) == e["gold"] for e, dd in zip(ho, dists, strict=True)) / n, 4),
        "heldout_by_margin": per_margin,
        "heldout_gold_types": dict(Counter(e["gold"] for e in ho).most_common()),
        "heldout_breakdown": breakdown(ho, dists, docs, args.report_margin, args.compare, vec),
        "seconds": round(time.time() - t0, 1),
    }
    print(json.dumps(report, indent=2))
    if args.dry_run:
        return 0
    coef = coef_t.T
    bias = {c: round(float(b), 4) for c, b in zip(classes, intercept, strict=True)}
    weights: dict[str, dict[str, float]] = {}
    for j, name in enumerate(names):
        ws = {c: round(float(coef[k, j]), 4) for k, c in enumerate(classes) if abs(coef[k, j]) >= args.prune}
        if ws:
            weights[name] = ws
    model = {
        "kind": "multinomial",
        "classes": classes,
        "bias": bias,
        "weights": weights,
        "dense_blocks": [] if args.no_dense else list(DENSE_BLOCKS),
        "dense": {} if args.no_dense else {c: np.round(coef[k, len(names):], 4).tolist() for k, c in enumerate(classes)},
        "margin": args.margin,
        "lexicon_prior": args.prior,
        "meta": {
            "trained_by": "scripts/train_types.py",
            "corpus": "corpus/events (the project's own annotations; texts: MUC-4 train, public domain; event-location training part, MIT; "
            "the project's synthetic long-form articles and NGEC synthetic stories, MIT; the relevance gate's general news as listed in corpus/events/README.md)",
            "vectors": "data/vectors/wordllama-l2-supercat-64.npz (MIT)",
            "params": {"c": args.c, "prior": args.prior, "exclude": args.exclude or None, "min_count": args.min_count, "prune": args.prune, "dense": not args.no_dense},
            "report": {k: v for k, v in report.items() if k != "seconds"},
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(weights)} sparse features, {args.out.stat().st_size // 1024} KB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
