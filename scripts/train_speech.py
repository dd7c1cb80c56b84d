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
features of ``components/speech.py``, reports 5-fold cross-validated accuracy and per-type
precision/recall on the labels, picks the draft gate on the cross-validated predictions
(the probability above which a proposed type is right at least ``--precision`` of the time)
and writes the weights (rounded, small ones pruned) with their provenance.
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

from eventcoder.attribute import speech_sources  # noqa: E402
from eventcoder.components.speech import VERBAL_TYPES, features, speech_form, tokens  # noqa: E402
from eventcoder.nlp import load_model, parse_form, split_sentences  # noqa: E402

CORPUS = ROOT / "corpus" / "speech"
DOCS = ROOT / "corpus" / "events" / "docs"
SOURCES = [*(f"synthetic-news-w{i}" for i in range(1, 14)), "ngec-synthetic", "event-location", "gate-news"]
MODEL = ROOT / "src" / "eventcoder" / "data" / "models" / "speech.json"
SEED = 11


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


def read_labels() -> list[tuple[dict, str]]:
    clauses = {}
    for line in (CORPUS / "clauses.jsonl").read_text("utf-8").splitlines():
        r = json.loads(line)
        clauses[r["id"]] = r
    out = []
    for path in sorted((CORPUS / "labels").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            lab = json.loads(line)
            if lab["label"] not in ("none", *VERBAL_TYPES):
                raise SystemExit(f"{path}: bad label {lab}")
            out.append((clauses[lab["id"]], lab["label"]))
    return out


def train(args: argparse.Namespace) -> None:
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    data = read_labels()
    X_dicts = [dict.fromkeys(features(c["sentence"]), 1.0) for c, _ in data]
    y = np.array([lab for _, lab in data])
    vec = DictVectorizer()
    X = vec.fit_transform(X_dicts)
    counts = Counter(y.tolist())
    print("labels:", dict(counts.most_common()))

    def model() -> LogisticRegression:
        return LogisticRegression(C=args.C, max_iter=2000, class_weight=None)

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    proba = cross_val_predict(model(), X, y, cv=folds, method="predict_proba")
    classes = sorted(set(y.tolist()))
    ci = {c: i for i, c in enumerate(classes)}
    none_i = ci["none"]
    verbal = [i for i, c in enumerate(classes) if c != "none"]
    best = np.array([max(verbal, key=lambda j: p[j]) for p in proba])
    pbest = proba[np.arange(len(y)), best]
    truth = np.array([ci[v] for v in y])
    acc = float(np.mean(np.where(proba.argmax(1) == truth, 1, 0)))
    print(f"5-fold accuracy (argmax incl. none) {acc:.3f}")
    # the draft gate: proposing type best[i] when pbest >= t; right when truth == best
    rows = []
    for t in [x / 100 for x in range(20, 91, 5)]:
        sel = pbest >= t
        right = int(np.sum(sel & (truth == best)))
        n = int(np.sum(sel))
        pos = int(np.sum(truth != none_i))
        rows.append((t, n, right / n if n else 1.0, right / pos))
        print(f"  gate {t:.2f}: proposes {n:4d}, precision {rows[-1][2]:.3f}, recall {rows[-1][3]:.3f}")
    gate = next((t for t, n, p, _ in rows if p >= args.precision), 0.9)
    propose = max(0.05, round(gate - args.propose_margin, 2))
    print(f"gate {gate} (first with precision >= {args.precision}); propose_threshold {propose}")
    per = {}
    for c in classes:
        if c == "none":
            continue
        j = ci[c]
        sel = (pbest >= gate) & (best == j)
        tp = int(np.sum(sel & (truth == j)))
        per[c] = {"n": counts[c], "precision": round(tp / max(1, int(np.sum(sel))), 3), "recall": round(tp / max(1, counts[c]), 3)}
    print("per type at the gate:", per)

    clf = model().fit(X, y)
    names = vec.get_feature_names_out()
    weights: dict[str, dict[str, float]] = {}
    for k, fname in enumerate(names):
        ws = {str(c): round(float(clf.coef_[i, k]), 4) for i, c in enumerate(clf.classes_) if abs(clf.coef_[i, k]) >= args.prune}
        if ws:
            weights[str(fname)] = ws
    out = {
        "kind": "multiclass",
        "classes": [str(c) for c in clf.classes_],
        "bias": {str(c): round(float(b), 4) for c, b in zip(clf.classes_, clf.intercept_, strict=True)},
        "weights": weights,
        "threshold": gate,
        "propose_threshold": propose,
        "meta": {
            "trained_by": "scripts/train_speech.py train",
            "data": "corpus/speech/labels/*.jsonl over corpus/speech/clauses.jsonl (MIT: synthetic texts and event-location wire sentences)",
            "labels": dict(counts.most_common()),
            "C": args.C, "seed": SEED, "prune": args.prune,
            "cv_accuracy": round(acc, 3),
            "cv_gate": [{"threshold": t, "proposed": n, "precision": round(p, 3), "recall": round(r, 3)} for t, n, p, r in rows],
            "cv_per_type_at_gate": per,
        },
    }
    MODEL.write_text(json.dumps(out, sort_keys=True, separators=(",", ":")) + "\n", "utf-8")
    print(f"{len(weights)} features -> {MODEL} ({MODEL.stat().st_size // 1024} KiB)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("extract")
    t = sub.add_parser("train")
    t.add_argument("--C", type=float, default=1.0)
    t.add_argument("--precision", type=float, default=0.7, help="cross-validated precision the draft gate must reach")
    t.add_argument("--propose-margin", type=float, default=0.15, help="how far below the gate a sentence is still parsed")
    t.add_argument("--prune", type=float, default=0.03)
    args = ap.parse_args()
    extract() if args.cmd == "extract" else train(args)


if __name__ == "__main__":
    main()
