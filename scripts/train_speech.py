"""Build the speech-act corpus and train the speech-act model (``data/models/speech.json``).

    python scripts/train_speech.py extract   # corpus/speech/clauses.jsonl from licence-clean docs
    python scripts/train_speech.py train     # corpus/speech/labels/*.jsonl -> data/models/speech.json

``extract`` splits every document of the licence-clean sources (the project's MIT synthetic
articles ``corpus/events/docs/synthetic-news-w*.jsonl`` and the MIT NGEC synthetic stories
``corpus/events/docs/ngec-synthetic.jsonl``) into sentences with the pipeline's own splitter,
keeps those with a speech form whose parse has a speaker (``attribute.speech_sources``), and
writes them with a stable id. A human labels a sample (``corpus/speech/labels/``, format in
the corpus README) under the news-events guidelines.

``train`` fits a multinomial logistic regression (scikit-learn, L2, fixed seed) on the
features of ``components/speech.py`` (``--features parse``, the default: the sentence's words
and cues, the reported clause read from the parse and, with ``--dense``, word vectors;
``surface``: the first model's features), reports 5-fold cross-validated accuracy and per-type
precision/recall (folds by document; with every label file, also over the clauses of rounds
1-2 and of round 3 apart), picks the draft gate on the cross-validated predictions (the
probability above which a proposed type is right at least ``--precision`` of the time), fits
the surface-only sub-model that scores a sentence before parsing (its gate keeps 95 % of the
clauses the full model passes) and writes the weights (rounded, small ones pruned) with their
provenance. ``--exclude sp5-007 sp6-008 sp7-009 --cv-only`` measures the first two rounds alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventcoder.attribute import quote_spans, speech_sources  # noqa: E402
from eventcoder.components.speech import (  # noqa: E402
    QUOTE_FORM,
    VERBAL_TYPES,
    clause_features,
    dense_features,
    features,
    quote_clause_features,
    speech_form,
    tokens,
)
from eventcoder.nlp import load_model, parse_form, split_sentences  # noqa: E402

CORPUS = ROOT / "corpus" / "speech"
DOCS = ROOT / "corpus" / "events" / "docs"
SOURCES = [*(f"synthetic-news-w{i}" for i in range(1, 14)), "ngec-synthetic", "event-location", "gate-news"]
MODEL = ROOT / "src" / "eventcoder" / "data" / "models" / "speech.json"
SEED = 11
#: the label files of the first two rounds (w1-w8, NGEC, event-location): the rest is round 3
OLD_LABELS = frozenset({"sample-001", "cued-002", "sp1-003", "sp2-004", "sp3-005", "sp4-006"})


def extract() -> None:
    nlp = load_model()
    out = []
    for name in SOURCES:
        for line in (DOCS / f"{name}.jsonl").read_text("utf-8").splitlines():
            doc = json.loads(line)
            sents = [s for s in split_sentences(doc["text"]) if speech_form(tokens(s.text))]
            for s, parsed in zip(sents, nlp.pipe([parse_form(s.text) for s in sents]), strict=True):
                srcs = speech_sources(parsed)
                if not srcs:
                    continue
                sid = hashlib.sha1(f"{doc['doc_id']}:{s.start}".encode()).hexdigest()[:12]
                out.append({"id": sid, "doc_id": doc["doc_id"], "source_corpus": doc["source_corpus"],
                            "licence": doc.get("licence"), "sentence_start": s.start, "sentence": s.text,
                            "speakers": sorted({v.text for v in srcs.values()})})
    CORPUS.mkdir(parents=True, exist_ok=True)
    with (CORPUS / "clauses.jsonl").open("w", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(out)} speech clauses from {len(SOURCES)} sources -> {CORPUS / 'clauses.jsonl'}")


def read_labels(exclude: tuple[str, ...] = ()) -> list[tuple[dict, str, str]]:
    """(clause, label, label file) for every first label of ``labels/*.jsonl`` (the blind second
    pass under ``labels/double/`` is never read: it measures agreement only). Every label is
    validated against the closed set; a file named in ``exclude`` (its stem) is left out."""
    clauses = {}
    for line in (CORPUS / "clauses.jsonl").read_text("utf-8").splitlines():
        r = json.loads(line)
        clauses[r["id"]] = r
    out = []
    seen: dict[str, str] = {}
    for path in sorted((CORPUS / "labels").glob("*.jsonl")):
        if path.stem in exclude:
            continue
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            lab = json.loads(line)
            if lab.get("label") not in ("none", *VERBAL_TYPES):
                raise SystemExit(f"{path}: bad label {lab}")
            if lab["id"] not in clauses:
                raise SystemExit(f"{path}: unknown clause id {lab['id']}")
            if lab["id"] in seen:
                raise SystemExit(f"{path}: clause {lab['id']} already labelled in {seen[lab['id']]}")
            seen[lab["id"]] = path.name
            out.append((clauses[lab["id"]], lab["label"], path.stem))
    return out


def parsed_clauses(data: list[tuple[dict, str, str]]) -> list:
    """The parse of every labelled clause, as the pipeline parses a sentence (``parse_form``),
    cached by the clauses' text under the user cache directory."""
    from spacy.tokens import DocBin

    nlp = load_model()
    texts = [parse_form(c["sentence"]) for c, _, _ in data]
    key = hashlib.sha1("\n".join(texts).encode()).hexdigest()[:16]
    cache = Path.home() / ".cache" / "eventcoder" / f"speech-parses-{key}.spacy"
    if cache.is_file():
        return list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    docs = list(nlp.pipe(texts, batch_size=256))
    cache.parent.mkdir(parents=True, exist_ok=True)
    DocBin(attrs=["ORTH", "TAG", "POS", "DEP", "HEAD", "LEMMA", "MORPH", "ENT_IOB", "ENT_TYPE", "SENT_START"], docs=docs).to_disk(cache)
    return docs


def quoted_view(sentence: str) -> str | None:
    """The quotation of a labelled clause as the pipeline reads a quoted sentence whose report
    is in another sentence ('"We will not accept this," the minister said' -> '"We will not
    accept this."'): the longest quotation of at least four words, with a reporting verb
    outside every quotation of the sentence; its closing comma made a full stop."""
    quotes = quote_spans(sentence)
    if not quotes:
        return None
    outside, pos = [], 0
    for a, b in quotes:
        outside.append(sentence[pos:a])
        pos = b
    outside.append(sentence[pos:])
    if speech_form(tokens(" ".join(outside))) is None:
        return None
    a, b = max(quotes, key=lambda q: q[1] - q[0])
    inner = sentence[a + 1 : b - 1].strip().rstrip(",;:").strip()
    if len(tokens(inner)) < 4:
        return None
    if inner[-1:] not in ".?!":
        inner += "."
    return sentence[a] + inner + sentence[b - 1]


def cross_validate(X, y, groups, make, folds: int = 5):
    """Out-of-fold class probabilities, folds by document (a document's clauses never straddle
    train and test), stratified by label."""
    import numpy as np
    from sklearn.model_selection import StratifiedGroupKFold

    classes = sorted(set(y.tolist()))
    proba = np.zeros((len(y), len(classes)))
    for tr, te in StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=SEED).split(X, y, groups):
        clf = make().fit(X[tr], y[tr])
        cols = [classes.index(c) for c in clf.classes_]
        proba[np.ix_(te, cols)] = clf.predict_proba(X[te])
    return classes, proba


def per_type(classes, proba, y, mask, gate: float) -> dict:
    """Per verbal type: precision and recall of the gated reading (the most probable verbal
    type, proposed when its probability reaches ``gate``) over the clauses in ``mask``."""
    import numpy as np

    ci = {c: i for i, c in enumerate(classes)}
    verbal = [i for i, c in enumerate(classes) if c != "none"]
    best = np.array([max(verbal, key=lambda j: p[j]) for p in proba])
    pbest = proba[np.arange(len(y)), best]
    truth = np.array([ci[v] for v in y])
    out = {}
    for c in classes:
        if c == "none":
            continue
        j = ci[c]
        sel = mask & (pbest >= gate) & (best == j)
        tp = int(np.sum(sel & (truth == j)))
        n = int(np.sum(mask & (truth == j)))
        out[c] = {"n": n, "proposed": int(np.sum(sel)), "precision": round(tp / max(1, int(np.sum(sel))), 3), "recall": round(tp / max(1, n), 3)}
    sel = mask & (pbest >= gate)
    tp = int(np.sum(sel & (truth == best)))
    pos = int(np.sum(mask & (truth != ci["none"])))
    out["all verbal"] = {"n": pos, "proposed": int(np.sum(sel)), "precision": round(tp / max(1, int(np.sum(sel))), 3), "recall": round(tp / max(1, pos), 3)}
    return out


def gate_rows(classes, proba, y, mask) -> list[tuple[float, int, float, float]]:

    rows = []
    for t in [x / 100 for x in range(20, 91, 5)]:
        a = per_type(classes, proba, y, mask, t)["all verbal"]
        rows.append((t, a["proposed"], a["precision"], a["recall"]))
    return rows


def train(args: argparse.Namespace) -> None:
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    data = read_labels(tuple(args.exclude))
    y = np.array([lab for _, lab, _ in data])
    groups = np.array([c["doc_id"] for c, _, _ in data])
    old = np.array([f in OLD_LABELS for _, _, f in data])
    surface = [features(c["sentence"]) for c, _, _ in data]
    texts = [c["sentence"] for c, _, _ in data]
    if args.features == "parse":
        docs = parsed_clauses(data)
        full = [f + clause_features(d) for f, d in zip(surface, docs, strict=True)]
    else:
        full = surface
    # each quotation of a labelled clause also as the pipeline reads a quoted sentence whose
    # report is in another sentence (components/speech.py: quotes), with the clause's label and
    # document (the same fold); scored out of fold but not counted in the gate and per-type rows
    is_view = np.zeros(len(y), dtype=bool)
    if args.quoted_views:
        views = [(i, v) for i, (c, _, _) in enumerate(data) if (v := quoted_view(c["sentence"])) is not None]
        vdocs = parsed_clauses([({"sentence": v}, "", "") for _, v in views]) if args.features == "parse" else []
        for k, (_i, v) in enumerate(views):
            surface.append(features(v, QUOTE_FORM))
            full.append(surface[-1] + (quote_clause_features(vdocs[k]) if vdocs else []))
            texts.append(v)
            if vdocs:
                docs.append(vdocs[k])
        idx = np.array([i for i, _ in views], dtype=int)
        y, groups, old = np.concatenate([y, y[idx]]), np.concatenate([groups, groups[idx]]), np.concatenate([old, old[idx]])
        is_view = np.concatenate([is_view, np.ones(len(views), dtype=bool)])
        print(f"quoted views: {len(views)}")
    counts = Counter(y.tolist())
    print(f"labels ({len(y)}; {int(old.sum())} of the first two rounds):", dict(counts.most_common()))

    def model(C: float = args.C) -> LogisticRegression:
        return LogisticRegression(C=C, max_iter=3000, class_weight=({"none": args.none_weight} if args.none_weight != 1.0 else None))

    if args.drop:
        full = [[x for x in f if not x.startswith(tuple(args.drop))] for f in full]
    vec = DictVectorizer()
    X = vec.fit_transform([dict.fromkeys(f, 1.0) for f in full])
    if args.features == "parse" and args.dense:
        import scipy.sparse as sp

        D = np.array([dense_features(t, d) for t, d in zip(texts, docs, strict=True)])
        X = sp.hstack([X, sp.csr_matrix(D)]).tocsr()
    classes, proba = cross_validate(X, y, groups, model)
    truth = np.array([classes.index(v) for v in y])
    acc = float(np.mean(proba.argmax(1) == truth))
    print(f"5-fold (by document) accuracy (argmax incl. none) {acc:.3f}")
    everything = ~is_view
    rows = gate_rows(classes, proba, y, everything)
    for t, n, p, r in rows:
        print(f"  gate {t:.2f}: proposes {n:4d}, precision {p:.3f}, recall {r:.3f}")
    gate = args.gate if args.gate is not None else next((t for t, n, p, _ in rows if p >= args.precision), 0.9)
    per = per_type(classes, proba, y, everything, gate)
    print(f"gate {gate} (first with precision >= {args.precision})")
    print("per type at the gate:", json.dumps(per))
    report = {"all": per}
    if args.exclude == [] and not old.all():
        for name, m in (("old clauses", old & ~is_view), ("new clauses", ~old & ~is_view), *((("quoted views", is_view),) if is_view.any() else ())):
            report[name] = per_type(classes, proba, y, m, gate)
            print(f"per type at the gate over the {name}:", json.dumps(report[name]))
    if args.cv_only:
        return

    surface_model = None
    propose = max(0.05, round(gate - args.propose_margin, 2))
    if args.features == "parse":
        # the surface-only model scores sentences before parsing: its propose gate is the
        # highest that keeps 95 % of the clauses the full model passes at its gate (out of fold)
        svec = DictVectorizer()
        SX = svec.fit_transform([dict.fromkeys(f, 1.0) for f in surface])
        _, sproba = cross_validate(SX, y, groups, model)
        verbal = [i for i, c in enumerate(classes) if c != "none"]
        spbest = sproba[:, verbal].max(1)
        passing = proba[:, verbal].max(1) >= gate
        propose = float(np.floor(np.quantile(spbest[passing], 0.05) * 20) / 20) if passing.any() else propose
        sclf = model().fit(SX, y)
        surface_model = {"bias": {str(c): round(float(b), 4) for c, b in zip(sclf.classes_, sclf.intercept_, strict=True)},
                         "weights": prune_weights(sclf, svec.get_feature_names_out(), args.prune)}
    print(f"propose_threshold {propose}")
    clf = model().fit(X, y)
    n_sparse = len(vec.get_feature_names_out())
    weights = prune_weights(clf, vec.get_feature_names_out(), args.prune)
    dense = {str(c): [round(float(w), 4) for w in clf.coef_[i, n_sparse:]] for i, c in enumerate(clf.classes_)} if X.shape[1] > n_sparse else None
    out = {
        "kind": "multiclass",
        "features": args.features,
        "classes": [str(c) for c in clf.classes_],
        "bias": {str(c): round(float(b), 4) for c, b in zip(clf.classes_, clf.intercept_, strict=True)},
        "weights": weights,
        "threshold": gate,
        "propose_threshold": propose,
        "meta": {
            "trained_by": "scripts/train_speech.py train" + (f" --features {args.features}" if args.features != "parse" else "") + (" --quoted-views" if args.quoted_views else ""),
            "quoted_views": int(is_view.sum()),
            "data": "corpus/speech/labels/*.jsonl over corpus/speech/clauses.jsonl (MIT: synthetic texts and event-location wire sentences)",
            "labels": dict(counts.most_common()),
            "C": args.C, "seed": SEED, "prune": args.prune,
            "cv": "5-fold StratifiedGroupKFold by doc_id",
            "cv_accuracy": round(acc, 3),
            "cv_gate": [{"threshold": t, "proposed": n, "precision": round(p, 3), "recall": round(r, 3)} for t, n, p, r in rows],
            "cv_per_type_at_gate": report,
        },
    }
    if surface_model is not None:
        out["surface"] = surface_model
    if dense is not None:
        out["dense"] = dense
    args.out.write_text(json.dumps(out, sort_keys=True, separators=(",", ":")) + "\n", "utf-8")
    print(f"{len(weights)} features -> {args.out} ({args.out.stat().st_size // 1024} KiB)")


def prune_weights(clf, names, prune: float) -> dict[str, dict[str, float]]:
    weights: dict[str, dict[str, float]] = {}
    for k, fname in enumerate(names):
        ws = {str(c): round(float(clf.coef_[i, k]), 4) for i, c in enumerate(clf.classes_) if abs(clf.coef_[i, k]) >= prune}
        if ws:
            weights[str(fname)] = ws
    return weights


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("extract")
    t = sub.add_parser("train")
    t.add_argument("--C", type=float, default=1.0)
    t.add_argument("--precision", type=float, default=0.7, help="cross-validated precision the draft gate must reach")
    t.add_argument("--propose-margin", type=float, default=0.15, help="how far below the gate a sentence is still parsed")
    t.add_argument("--prune", type=float, default=0.03)
    t.add_argument("--features", choices=["surface", "parse"], default="parse",
                   help="surface: words and cue classes only (the first model); parse: also the reported clause read from the parse")
    t.add_argument("--exclude", nargs="*", default=[], help="label files (stems) to leave out, e.g. the third round to measure the data gain")
    t.add_argument("--out", type=Path, default=MODEL, help="where the model is written")
    t.add_argument("--dense", action=argparse.BooleanOptionalAction, default=True,
                   help="with --features parse: the reported clause's and the sentence's word vectors as dense features")
    t.add_argument("--gate", type=float, default=None, help="report (and ship) this draft gate instead of choosing it by --precision")
    t.add_argument("--none-weight", type=float, default=1.0, help="weight of the none class in the fit (below 1: the verbal types weigh more)")
    t.add_argument("--drop", nargs="*", default=[], help="feature families (prefixes, e.g. b=) to leave out of the full model")
    t.add_argument("--quoted-views", action=argparse.BooleanOptionalAction, default=False,
                   help="also train on each clause's quotation read as a quoted sentence whose report is in another sentence")
    t.add_argument("--cv-only", action="store_true", help="report the cross-validation, write nothing")
    args = ap.parse_args()
    extract() if args.cmd == "extract" else train(args)


if __name__ == "__main__":
    main()
