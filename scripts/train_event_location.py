"""Train the event-location choice model (``src/eventcoder/geo/data/event_location_model.json``).

    .venv/bin/python scripts/train_event_location.py [--gold PATH] [--epochs 8] [--l2 1e-4] [--lr 0.05]

Reads the MIT-licensed event-location sentences (ahalterman/event_location, see
``src/eventcoder/geo/data/README.md``) in place, parses them once (cached under
``/tmp/eventcoder-evloc-cache``), builds one option per toponym ``Geoparser.find`` returns
in the sentence plus a "none" option, and fits a conditional-logit (softmax) choice model
with AdaGrad on the 80 % train split (``eventcoder.eval.sets.event_location.heldout`` is False). It
reports accuracy on the held-out 20 % and on the whole file, for the rules and for the
model, then writes only the learned weights (no gold text) to the package.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import pickle
import random
import sys
import time
from collections import Counter
from pathlib import Path

from eventcoder.eval.sets.event_location import heldout, read_event_location, trigger_index
from eventcoder.geo import Geoparser
from eventcoder.geo import event_model as em

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "bench" / "event-location" / "sentences.jsonl"
CACHE = Path(os.environ.get("EVENTCODER_EVLOC_CACHE", "/tmp/eventcoder-evloc-cache"))
SOURCE = {
    "dataset": "ahalterman/event_location, labeled_text.jsonl.zip",
    "commit": "444a2dfa",
    "licence": "MIT",
}


def _digest(*paths: Path) -> str:
    h = hashlib.md5()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def parse(items, nlp, gp, gold: Path):
    """Docs and places of every sentence, cached by gold file + geo code."""
    from spacy.tokens import DocBin

    geo = ROOT / "src" / "eventcoder" / "geo"
    key = _digest(gold) + "-" + nlp.meta["name"] + "-" + nlp.meta["version"]
    # the places depend on the whole geo package (recognition, resolution, its data files)
    # and its vocabulary: every one of them is in the key, so a change anywhere re-finds
    # (not event_model.py: the choice model's features do not change what ``find`` returns)
    geo_files = sorted(
        p
        for p in geo.rglob("*")
        if p.is_file()
        and p.suffix in (".py", ".tsv", ".gz")
        and "__pycache__" not in p.parts
        and p.name != "event_model.py"
    )
    vocab = sorted((ROOT / "src" / "eventcoder" / "lang" / "en").glob("geo*.yaml"))
    pkey = key + "-" + _digest(*geo_files, *vocab, ROOT / "src" / "eventcoder" / "records.py")
    CACHE.mkdir(parents=True, exist_ok=True)
    fdoc, fpl = CACHE / f"{key}.spacy", CACHE / f"{pkey}.places.pkl"
    texts = [t for t, _, _, _ in items]
    docs = None
    if fdoc.exists():
        docs = list(DocBin().from_disk(fdoc).get_docs(nlp.vocab))
        if len(docs) != len(items):
            docs = None
    if docs is None:
        docs = list(nlp.pipe(texts, batch_size=64))
        db = DocBin(attrs=["ORTH", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "LEMMA", "POS"])
        for d in docs:
            db.add(d)
        db.to_disk(fdoc)
    if fpl.exists():
        places = pickle.loads(fpl.read_bytes())
    else:
        places = [gp.find(t, [d], [0]) for t, d in zip(texts, docs, strict=True)]
        fpl.write_bytes(pickle.dumps(places))
    return docs, places


def examples(items, docs, places, gp):
    """Per sentence: option features, gold option indices, the rules' answer, split."""
    out = []
    gp_rules = Geoparser(gazetteer=gp.gaz)
    gp_rules.use_model = False
    for (_text, verb, locs, key), doc, ps in zip(items, docs, places, strict=True):
        trig = trigger_index(doc, verb)
        opts, cf, nf = gp.event_options(doc, 0, trig, ps)
        feats = [["N:" + x for x in nf]] + [["C:" + x for x in f] for f in cf]

        def hit(s, e, locs=locs):
            return any(g["start"] < e and s < g["end"] for g in locs)

        gold = [0] if not locs else [k + 1 for k, o in enumerate(opts) if hit(o[0].start, o[0].end)]
        r = gp_rules.event_location(doc, 0, trig, ps)
        r = r if r is not None and r.basis == "trigger" else None
        rule_ok = (r is None) if not locs else (r is not None and hit(r.start, r.end))
        out.append({"f": feats, "gold": gold, "rule_ok": rule_ok, "test": heldout(key)})
    return out


def train(
    train_ex,
    epochs: int,
    l2: float,
    lr: float,
    min_count: int,
    average: bool = False,
    seed: int = 13,
):
    counts = Counter(x for ex in train_ex for opt in ex["f"] for x in set(opt))
    keep = {x for x, c in counts.items() if c >= min_count}
    data = [([[x for x in o if x in keep] for o in ex["f"]], set(ex["gold"])) for ex in train_ex]
    data = [d for d in data if d[1]]  # a gold place no candidate covers teaches nothing
    w: dict[str, float] = {}
    g2: dict[str, float] = {}
    rnd = random.Random(seed)
    acc: dict[str, float] = {}  # the sum of the weights after each epoch (averaging)
    for _ in range(epochs):
        rnd.shuffle(data)
        for opts, gold in data:
            s = [sum(w.get(x, 0.0) for x in o) for o in opts]
            m = max(s)
            e = [math.exp(v - m) for v in s]
            z = sum(e)
            p = [v / z for v in e]
            zg = sum(p[k] for k in gold)
            grads: dict[str, float] = {}
            for k, o in enumerate(opts):
                q = p[k] / zg if k in gold else 0.0
                d = p[k] - q  # gradient of -log P(gold set) wrt the option's score
                if abs(d) < 1e-9:
                    continue
                for x in o:
                    grads[x] = grads.get(x, 0.0) + d
            for x, gr in grads.items():
                gr += l2 * w.get(x, 0.0)
                g2[x] = g2.get(x, 0.0) + gr * gr
                w[x] = w.get(x, 0.0) - lr * gr / (math.sqrt(g2[x]) + 1e-8)
        for x, v in w.items():
            acc[x] = acc.get(x, 0.0) + v
    if average:
        w = {x: v / epochs for x, v in acc.items()}
    return {x: round(v, 4) for x, v in w.items() if abs(v) >= 1e-3}


def drop_features(exs, prefixes: tuple[str, ...]):
    """The examples without the features starting with ``prefixes`` ("C:name=")."""
    if not prefixes:
        return exs
    return [
        {**ex, "f": [[x for x in o if not x.startswith(prefixes)] for o in ex["f"]]} for ex in exs
    ]


def _cv_one(args):
    folds, epochs, l2, lr, min_count, drop = args
    accs = []
    for k in range(len(folds)):
        tr = [e for j, f in enumerate(folds) if j != k for e in f]
        w = train(drop_features(tr, drop), epochs, l2, lr, min_count)
        accs.append(accuracy(em.EventLocationModel(w), drop_features(folds[k], drop)))
    return sum(accs) / len(accs)


def grid_search(
    tr,
    k: int = 4,
    seed: int = 7,
    epochs=(8, 15, 25),
    l2s=(1e-4, 1e-3, 1e-2),
    drops=((), ("C:name=",)),
):
    """k-fold CV on the training split only over a small grid; the held-out 20 % unused."""
    from multiprocessing import Pool

    idx = list(range(len(tr)))
    random.Random(seed).shuffle(idx)
    folds = [[tr[i] for i in idx[j::k]] for j in range(k)]
    grid = [
        (folds, ep, l2, lr, 3, drop)
        for drop in drops
        for ep in epochs
        for l2 in l2s
        for lr in (0.05,)
    ]
    with Pool(2) as pool:
        accs = pool.map(_cv_one, grid)
    rows = sorted(zip(accs, [g[1:] for g in grid], strict=True), key=lambda r: -r[0])
    for a, (ep, l2, lr, mc, drop) in rows:
        print(f"cv={a:.4f} epochs={ep} l2={l2} lr={lr} min_count={mc} drop={drop}")
    return rows


def accuracy(model: em.EventLocationModel, exs) -> float:
    """As ``Geoparser.event_location`` decides: the best non-macro place if it beats none."""
    ok = 0
    for ex in exs:
        s = [model.score(o, "") for o in ex["f"]]
        cands = [k for k in range(1, len(s)) if "C:macro" not in ex["f"][k]]
        b = max(cands, key=s.__getitem__, default=0)
        best = b if b and s[b] > s[0] else 0
        ok += best in ex["gold"]
    return ok / max(len(exs), 1)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--l2", type=float, default=1e-4)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--out", type=Path, default=em.MODEL_PATH)
    ap.add_argument(
        "--drop", action="append", default=[], help="drop features with this prefix (C:name=)"
    )
    ap.add_argument("--grid", action="store_true", help="4-fold CV grid on the train split")
    ap.add_argument("--grid-epochs", type=int, nargs="+", default=[8, 15, 25])
    ap.add_argument("--grid-l2", type=float, nargs="+", default=[1e-4, 1e-3, 1e-2])
    ap.add_argument("--dry-run", action="store_true", help="report, do not write the model")
    a = ap.parse_args(argv)
    from eventcoder.nlp import load_model

    t0 = time.perf_counter()
    nlp = load_model()
    gp = Geoparser()
    gp.use_model = False
    items, skipped, misaligned = read_event_location(a.gold)
    docs, places = parse(items, nlp, gp, a.gold)
    t1 = time.perf_counter()
    exs = examples(items, docs, places, gp)
    tr = [e for e in exs if not e["test"]]
    te = [e for e in exs if e["test"]]
    t2 = time.perf_counter()
    if a.grid:
        grid_search(tr, epochs=a.grid_epochs, l2s=a.grid_l2)
        return 0
    drop = tuple(a.drop)
    tr, te, exs = drop_features(tr, drop), drop_features(te, drop), drop_features(exs, drop)
    w = train(tr, a.epochs, a.l2, a.lr, a.min_count)
    t3 = time.perf_counter()
    model = em.EventLocationModel(w)
    res = {
        "sentences": len(exs),
        "train": len(tr),
        "test": len(te),
        "skipped": skipped,
        "skipped_misaligned": misaligned,
        "test_gold_place_among_candidates": round(
            sum(bool(e["gold"]) for e in te) / max(len(te), 1), 4
        ),
        "rules_test_accuracy": round(sum(e["rule_ok"] for e in te) / max(len(te), 1), 4),
        "rules_full_accuracy": round(sum(e["rule_ok"] for e in exs) / len(exs), 4),
        "model_test_accuracy": round(accuracy(model, te), 4),
        "model_train_accuracy": round(accuracy(model, tr), 4),
        "model_full_accuracy_incl_train": round(accuracy(model, exs), 4),
        "features": len(w),
        "parse_seconds": round(t1 - t0, 1),
        "feature_seconds": round(t2 - t1, 1),
        "train_seconds": round(t3 - t2, 1),
    }
    print(json.dumps(res, indent=1))
    if not a.dry_run:
        meta = {
            **SOURCE,
            "split": "test = md5(str(_id) or text) % 5 == 0 (eventcoder.eval.sets.event_location.heldout)",
            "command": "python scripts/train_event_location.py "
            + f"--epochs {a.epochs} --l2 {a.l2} --lr {a.lr} --min-count {a.min_count}"
            + "".join(f" --drop {d}" for d in drop),
            "results": res,
        }
        a.out.write_text(
            json.dumps({"meta": meta, "weights": dict(sorted(w.items()))}, indent=0) + "\n",
            encoding="utf-8",
        )
        print(f"wrote {a.out} ({a.out.stat().st_size // 1024} KB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
