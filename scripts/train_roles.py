"""Train the role model (``src/eventcoder/data/models/roles.json``).

    .venv/bin/python scripts/train_roles.py --listwise --shape --out src/eventcoder/data/models/roles_listwise.json [--muc4 ../shared/bench/muc4/train.jsonl] [--epochs 10]

Which noun phrase of an event's sentence is its source and which its target. The pipeline's
``focus``, ``triggers`` and ``roles`` components (the rules alone: ``model = null``) run over
each annotated document; every candidate of every draft (``components.roles.role_candidates``:
noun phrase heads, entities and pronouns with their parse-path, voice, entity, dictionary and
rule features) is labelled ``source``, ``target`` or ``none`` from the annotation, and a softmax
(AdaGrad, L2; ``train_detector.train_multiclass``) is fitted on the train split of the
documents (md5 of the doc id modulo 5 != 0). Each candidate's head word also gets word-vector
features (``eventcoder.roles.RoleSemantics``: k head-word centroids and per-label prototypes,
fitted here on the train split). The held-out fifth chooses the two thresholds and
gives the accuracy reported in ``docs/actors.md`` (rules vs model, per draft and side).
``--listwise`` (the shipped model) fits the draft's choice instead of each candidate's label:
per side one softmax over the draft's candidates and a null option (``train_listwise``);
``--shape`` (with it, the shipped ``roles_listwise.json``) gives the null option the text's
shape (``roles.shape_features``), which the cache holds per draft. ``--elsewhere option``
(x23roles, measured, not shipped) gives the fit a second null option for a side whose gold lies
in another sentence (``roles.elsewhere_features``: what the earlier sentences state), the cache
holding that flag and the discourse counts per draft; ``scripts/roles_muc4_dev.py`` scores the
files on MUC-4 dev. ``--carry`` (x24carry, measured, not shipped) adds the earlier sentences'
actors as candidates (``roles.carry_candidates``, labelled from the same out-of-sentence gold;
``--carry-corpus-only``: not from MUC-4's document-level fillers; ``--carry-over FILE``: only
their weights are fitted, beside a kept model's). The extraction also writes the long-path
features of ``roles.path_features`` (x26roles, measured, not shipped: support verb of a nominal
act, participle/infinitive chains, the path compressed over coordination, the act's
argument-frame preposition); ``--over FILE`` fits only their weights beside a kept model's
(a file with ``"paths": true``), ``--drop PREFIX…`` leaves features out of a fit.

Data, both shippable in an MIT package (provenance in ``data/models/README.md``):

* ``corpus/events/`` — the project's own annotations: an ``event`` candidate's ``source`` and
  ``target`` spans. A candidate heads the span when it lies inside it and its syntactic head
  does not. When the span is outside the event's sentence (the codebook puts a pronoun's
  antecedent there) the pronoun the rules chose for that side is the positive.
* ``../shared/bench/muc4/train.jsonl`` (public domain; the MUC-4 *train* part only, never
  dev) — for the ASSAULT and COERCE drafts of documents not in the corpus: a candidate inside
  a perpetrator's string is a source, inside a target's or victim's a target. These are
  document-level template fillers matched as strings, so they get half the weight.

Only weights, thresholds and counts are written — no text of any corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from train_detector import ROOT, heldout, kmeans, load_corpus, train_multiclass  # noqa: E402

from eventcoder import vectors  # noqa: E402
from eventcoder.components.roles import role_candidates  # noqa: E402
from eventcoder.pipeline import Pipeline, load_config  # noqa: E402
from eventcoder.records import Origin, RawRecord  # noqa: E402
from eventcoder.roles import (  # noqa: E402
    ROLE_CLASSES,
    RoleModel,
    RoleSemantics,
    carry_candidates,
    carry_features,
    elsewhere_features,
    lexical_features,
    null_features,
    null_voice,
    text_shape,
)

OUT = ROOT / "src" / "eventcoder" / "data" / "models" / "roles.json"
MUC4_TYPES = ("ASSAULT", "COERCE")


def rules_pipeline() -> Pipeline:
    cfg = load_config()
    cfg["pipeline"] = {**cfg["pipeline"], "components": ["focus", "triggers", "roles"]}
    cfg["components"] = {**cfg["components"], "roles": {"factory": "roles", "model": None}}
    return Pipeline(config=cfg)


def _raw(art, d, tok) -> int:
    return art.raw_span(tok.idx + d.off, tok.idx + d.off + len(tok.text))[0]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def label_candidates(art, d, cands, spans: dict[str, list[tuple[int, int]]], pronoun_sides: dict[str, bool]) -> list[str]:
    """``source``/``target``/``none`` per candidate: it heads a span of that side (inside it,
    its syntactic head outside), or it is the rules' pronoun for a side whose span is elsewhere."""
    labels = []
    rule_head = {"source": d.src_span.head if d.src_span else None, "target": d.tgt_span.head if d.tgt_span else None}
    for c in cands:
        lab = "none"
        for side in ("source", "target"):
            sp = spans.get(side) or []
            pos = _raw(art, d, c)
            heads = _inside(pos, sp) and (c.head is c or not _inside(_raw(art, d, c.head), sp))
            if heads or (pronoun_sides.get(side) and rule_head[side] == c.i and c.pos_ == "PRON"):
                lab = side
                break
        labels.append(lab)
    return labels


def events_by_doc(keep=lambda doc_id: True) -> tuple[dict, dict[str, dict[int, dict]], dict]:
    """The corpus documents, their event annotations by document and trigger offset (documents
    ``keep`` accepts), and every label by candidate id."""
    docs, cands, labels = load_corpus()
    by_doc: dict[str, dict[int, dict]] = defaultdict(dict)
    for cid, a in labels.items():
        c = cands.get(cid)
        if c is not None and a["label"] == "event" and keep(c["doc_id"]):
            by_doc[c["doc_id"]][c["trigger_start"]] = a
    return docs, by_doc, labels


def aligned_drafts(pipe: Pipeline, docs: dict, by_doc: dict[str, dict[int, dict]], labels: dict, limit: int | None = None):
    """Every draft ``pipe`` makes on an annotated event, with the gold sides: yields (doc_id,
    ctx, draft, spans, elsewhere) — ``spans[side]`` the gold span, ``elsewhere[side]`` whether it
    lies outside the draft's sentence. Shared by training and ``roles_heldout.py`` so both score
    the same drafts against the same labels."""

    def spans_of(a: dict) -> dict:
        # a re-mention's source and target may be left null (codebook §6): take its head's
        seen = 0
        while a.get("same_as") and not a.get("source") and not a.get("target") and seen < 5:
            head = labels.get(a["same_as"])
            if head is None or head.get("label") != "event":
                break
            a, seen = head, seen + 1
        return a

    for doc_id in sorted(by_doc)[:limit]:
        doc = docs[doc_id]
        art = pipe.prepare(RawRecord(text=doc["text"], origin=Origin(doc_id), title=doc.get("title")), published=doc.get("published"))
        if not hasattr(art, "text"):
            continue
        ctx = pipe.analyse(art)
        for d in ctx.drafts:
            a = by_doc[doc_id].get(_raw(art, d, d.tok))
            if a is None:
                continue
            a = spans_of(a)
            s0, s1 = art.raw_span(d.sentence.start, d.sentence.end)
            spans, elsewhere = {}, {}
            for side in ("source", "target"):
                g = a.get(side)
                if g:
                    spans[side] = [(g["start"], g["end"])]
                    elsewhere[side] = not (g["start"] < s1 and s0 < g["end"])
            yield doc_id, ctx, d, spans, elsewhere


def corpus_examples(pipe: Pipeline, stats: Counter) -> list[dict]:
    docs, by_doc, labels = events_by_doc()
    stats["corpus events"] = sum(1 for a in labels.values() if a["label"] == "event")
    out = []
    entries: dict = {}
    last_doc = None
    for doc_id, ctx, d, spans, elsewhere in aligned_drafts(pipe, docs, by_doc, labels):
        if doc_id != last_doc:  # the actor-entry memo is per document
            entries, last_doc = {}, doc_id
        cs, feats = role_candidates(d, ctx.places, pipe.resources.actors, entries, paths=True)
        labs = label_candidates(ctx.article, d, cs, spans, elsewhere)
        stats["corpus drafts"] += 1
        out.append({"doc": doc_id, "feats": feats, "labels": labs, "rules": _rule_choice(d, cs), "w": False, **_words(d, cs, ctx),
                    "elsewhere": {side: bool(elsewhere.get(side)) for side in ("source", "target")},
                    "carry": _carry(ctx, d, spans, elsewhere),
                    "gold": {side: (side in spans and not elsewhere[side]) or any(x == side for x in labs) for side in ("source", "target")}})
    return out


def _carry(ctx, d, spans: dict[str, list[tuple[int, int]]], away: dict[str, bool]) -> list[dict]:
    """The earlier sentences' actors offered to the draft (``roles.carry_candidates``), each
    labelled with the side whose gold (stated outside the sentence) it lies inside, else none."""
    out = []
    for c in carry_candidates(d, ctx):
        r0, r1 = ctx.article.raw_span(c["start"], c["end"])
        lab = "none"
        for side in ("source", "target"):
            if away.get(side) and any(s <= r0 < e or (r0 <= s < r1) for s, e in spans.get(side) or []):
                lab = side
                break
        out.append({**{k: v for k, v in c.items() if not k.startswith("_")}, "lab": lab})
    return out


def _words(d, cands, ctx) -> dict:
    """What the vector features read (``RoleSemantics``): each candidate's head word, the
    trigger's lemma and the event type, cached beside the sparse features; and the text's
    shape (``roles.text_shape``: how many sentences, which one this is, its length)."""
    return {"heads": [c.text for c in cands], "trigger": d.tok.lemma_.lower(), "etype": d.type, "shape": text_shape(d, ctx, discourse=True)}


def _rule_choice(d, cands) -> dict[str, int | None]:
    at = {c.i: k for k, c in enumerate(cands)}
    return {"source": at.get(d.src_span.head) if d.src_span else None, "target": at.get(d.tgt_span.head) if d.tgt_span else None}


def muc4_examples(pipe: Pipeline, path: Path, skip: set[str], stats: Counter) -> list[dict]:
    out = []
    for line in path.open(encoding="utf-8"):
        doc = json.loads(line)
        if doc["id"] in skip or not doc.get("templates"):
            continue
        spans: dict[str, list[tuple[int, int]]] = {"source": [], "target": []}
        for t in doc["templates"]:
            for k in ("perpetrator_individuals", "perpetrator_organizations"):
                spans["source"].extend(tuple(s) for f in t.get(k) or [] for s in f.get("spans") or [])
            for k in ("targets", "victims"):
                spans["target"].extend(tuple(s) for f in t.get(k) or [] for s in f.get("spans") or [])
        art = pipe.prepare(RawRecord(text=doc["text"], origin=Origin("muc4-" + doc["id"])), published=doc.get("published"))
        if not hasattr(art, "text"):
            continue
        ctx = pipe.analyse(art)
        entries: dict = {}
        for d in ctx.drafts:
            if d.type not in MUC4_TYPES:
                continue
            s0, s1 = art.raw_span(d.sentence.start, d.sentence.end)
            if not any(s0 <= s < s1 for sp in spans.values() for s, _ in sp):
                continue
            cs, feats = role_candidates(d, ctx.places, pipe.resources.actors, entries, paths=True)
            labs = label_candidates(art, d, cs, spans, {})
            stats["muc4 drafts"] += 1
            here = {side: any(s0 <= s < s1 for s, _ in spans[side]) for side in ("source", "target")}
            away = {side: bool(spans[side]) and not here[side] for side in ("source", "target")}
            out.append({"doc": "muc4-" + doc["id"], "feats": feats, "labels": labs, "rules": _rule_choice(d, cs), "w": True, **_words(d, cs, ctx),
                        "elsewhere": away, "carry": _carry(ctx, d, spans, away),
                        "gold": {"source": "source" in labs, "target": "target" in labs}})
    return out


def fit_semantics(train: list[dict], k: int) -> RoleSemantics:
    """Head-word centroids (spherical k-means over the distinct head words of the training
    candidates) and one prototype per label (the mean vector of the heads so labelled, each
    (word, label) once so frequent words do not swamp it), rounded as shipped."""
    vec = vectors.load()
    heads: dict[str, np.ndarray] = {}
    by_label: dict[str, dict[str, np.ndarray]] = defaultdict(dict)
    for ex in train:
        for h, lab in zip(ex["heads"], ex["labels"], strict=True):
            v = heads.get(h)
            if v is None and h not in heads:
                v = heads[h] = vec.word(h)
            if v is not None:
                by_label[lab][h] = v
    x = np.array([v for v in heads.values() if v is not None])
    protos = {}
    for lab, vs in by_label.items():
        m = np.mean(np.array(list(vs.values())), axis=0)
        protos[lab] = m / (np.linalg.norm(m) + 1e-9)
    sem = RoleSemantics(kmeans(x, k), protos)
    return RoleSemantics.from_json(sem.to_json())


def add_semantics(sem: RoleSemantics, exs: list[dict]) -> list[dict]:
    """The examples with each candidate's vector features appended (as the component adds them)."""
    out = []
    for ex in exs:
        feats = [f + sem.features(h, ex["trigger"], ex["etype"]) for f, h in zip(ex["feats"], ex["heads"], strict=True)]
        out.append({**ex, "feats": feats})
    return out


def add_lexical(exs: list[dict]) -> list[dict]:
    """The examples with each candidate's lexical features appended (``RoleModel.extra_features``
    adds them at run time for a model saved with ``lexical: true``)."""
    return [{**ex, "feats": [f + lexical_features(f, h, ex["trigger"]) for f, h in zip(ex["feats"], ex["heads"], strict=True)]} for ex in exs]


def flatten(exs: list[dict]) -> list[dict]:
    return [{"f": f, "gold_type": lab, "w": ex["w"]} for ex in exs for f, lab in zip(ex["feats"], ex["labels"], strict=True)]


def accuracy(exs: list[dict], pick, carry: bool = False) -> dict[str, float]:
    """Per side, over the drafts whose gold for that side is known in the sentence or null:
    the chosen candidate is a positive, or nothing is chosen when there is none. With
    ``carry`` the earlier sentences' actors count as candidates (a side stated elsewhere is
    right when its carried actor is chosen), and the carried picks are counted apart."""
    ok, n, picks, right = Counter(), Counter(), Counter(), Counter()
    for ex in exs:
        chosen = pick(ex)
        labels = all_labels(ex, carry)
        for side in ("source", "target"):
            pos = {k for k, lab in enumerate(labels) if lab == side}
            n[side] += 1
            ok[side] += (chosen[side] in pos) if pos else chosen[side] is None
            if chosen[side] is not None and chosen[side] >= len(ex["labels"]):
                picks[side] += 1
                right[side] += chosen[side] in pos
    out = {side: round(ok[side] / max(1, n[side]), 4) for side in ("source", "target")} | {"drafts": n["source"]}
    if carry:
        out |= {"carried": {side: [picks[side], right[side]] for side in ("source", "target")},
                "carriable": {side: sum(1 for ex in exs if any(c["lab"] == side for c in ex.get("carry") or [])) for side in ("source", "target")}}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--muc4", type=Path, default=ROOT.parent / "shared" / "bench" / "muc4" / "train.jsonl")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--muc4-weight", type=float, default=0.5)
    ap.add_argument("--vector-k", type=int, default=24, help="head-word centroids of the vector features (0: none)")
    ap.add_argument("--lexical", action="store_true",
                    help="add the trigger-lemma frame features (roles.lexical_features): +0.9 target on held-out drafts, but worse on the ACLED and GSR dev parts (docs/actors.md)")
    ap.add_argument("--listwise", action="store_true",
                    help="fit per draft: each side a softmax over the candidates and a null option (train_listwise)")
    ap.add_argument("--shape", action="store_true",
                    help="with --listwise: the null option also reads the text's shape (roles.shape_features: sentences, first, length)")
    ap.add_argument("--elsewhere", choices=("null", "option", "mask"), default="null",
                    help="with --listwise --shape: what a side stated in another sentence teaches (train_listwise); option: a second null option")
    ap.add_argument("--carry", action="store_true",
                    help="with --listwise: the earlier sentences' actors are candidates too (roles.carry_candidates; x24carry)")
    ap.add_argument("--carry-corpus-only", action="store_true",
                    help="with --carry: the MUC-4 drafts offer no carried candidates (their fillers are document-level strings)")
    ap.add_argument("--carry-over", type=Path,
                    help="with --carry: fit only the carried candidates' weights beside this model file's (kept as they are, with its semantics and thresholds)")
    ap.add_argument("--over", type=Path,
                    help="fit only the long-path features' weights (PATH_PREFIXES, x26roles) beside this model file's, kept as they are with its semantics; thresholds swept afresh")
    ap.add_argument("--over-side", choices=("both", "source", "target"), default="both",
                    help="with --over: fit the path features' weights for this side only (the other side's stay 0, so its choices are the kept model's)")
    ap.add_argument("--drop", nargs="*", default=(),
                    help="leave out the sparse features starting with these prefixes (e.g. the long-path features of x26roles: gvp= gvl= ch= chl= cht= cp= fr= fre=), to compare fits on one cache")
    ap.add_argument("--seed", type=int, default=13, help="order of the listwise fit's passes (the shipped file: 13)")
    ap.add_argument("--min-weight", type=float, default=0.01, help="drop smaller weights from the shipped file")
    ap.add_argument("--cache", type=Path, help="read/write the extracted examples here (JSON) to re-fit quickly")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    t0 = time.time()
    stats: Counter = Counter()
    if args.cache and args.cache.exists():
        exs = json.loads(args.cache.read_text())
    else:
        pipe = rules_pipeline()
        exs = corpus_examples(pipe, stats)
        if args.muc4 and args.muc4.exists():
            docs, _, _ = load_corpus()
            skip = {d["orig_id"] for d in docs.values() if d.get("source_corpus") == "muc4"}
            exs += muc4_examples(pipe, args.muc4, skip, stats)
        if args.cache:
            args.cache.write_text(json.dumps(exs))
    if args.drop:
        drop = tuple(args.drop)
        exs = [{**ex, "feats": [[x for x in f if not x.startswith(drop)] for f in ex["feats"]]} for ex in exs]
    if args.carry_corpus_only:
        exs = [{**ex, "carry": []} if ex["w"] else ex for ex in exs]
    train = [ex for ex in exs if not heldout(ex["doc"])]
    held = [ex for ex in exs if heldout(ex["doc"]) and not ex["w"]]
    over = args.carry_over or args.over
    base = json.loads(over.read_text()) if over else None
    fitted = ("CARRY",) if args.carry_over else PATH_PREFIXES
    if base is not None:
        sem = RoleSemantics.from_json(base["semantics"]) if base.get("semantics") else None
    else:
        sem = fit_semantics(train, args.vector_k) if args.vector_k else None
    if sem is not None:
        train, held = add_semantics(sem, train), add_semantics(sem, held)
    if args.lexical:
        train, held = add_lexical(train), add_lexical(held)
    if args.listwise:
        classes, bias = list(ROLE_CLASSES), dict.fromkeys(ROLE_CLASSES, 0.0)
        weights = train_listwise(train, args.epochs, args.l2, args.lr, args.min_count, weight=args.muc4_weight, seed=args.seed, shape=args.shape,
                                 elsewhere=args.elsewhere, carry=args.carry, fitted=fitted, sides=SIDES if args.over_side == "both" else (args.over_side,),
                                 init={x: {c: w for c, w in ws.items() if c in SIDES} for x, ws in base["weights"].items()} if base else None)
    else:
        classes, bias, weights = train_multiclass(flatten(train), args.epochs, args.l2, args.lr, args.min_count, weight=args.muc4_weight)
    assert tuple(sorted(classes)) == tuple(sorted(ROLE_CLASSES)), classes
    weights = {x: {c: round(v, 3) for c, v in ws.items() if abs(v) >= args.min_weight} for x, ws in weights.items()}
    weights = {x: ws for x, ws in weights.items() if ws}
    if base is not None:  # the kept model's weights exactly as shipped, the carry's beside them
        weights = {**base["weights"], **{x: ws for x, ws in weights.items() if x.startswith(fitted)}}
    spec = {"classes": classes, "bias": bias, "weights": weights, "listwise": args.listwise, "shape": args.shape,
            "elsewhere": args.elsewhere == "option", "carry": args.carry}
    model = RoleModel({**spec, "thresholds": {"source": 0.5, "target": 0.5}})
    # the thresholds only decide among the distributions: score those once per held-out draft
    held_d = {id(ex): _dists(model, ex) for ex in held}
    grid = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
    cgrid = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9) if args.carry else (None,)

    def acc_at(ts: float, tt: float, cs: float | None, ct: float | None) -> dict:
        model.thresholds = {"source": ts, "target": tt}
        model.carry_thresholds = {"source": cs, "target": ct} if cs is not None else dict(model.thresholds)
        return accuracy(held, lambda ex: _model_pick(model, ex, held_d[id(ex)]), carry=True)

    best = None
    for ts in ((base["thresholds"]["source"],) if args.carry_over else grid):
        for tt in ((base["thresholds"]["target"],) if args.carry_over else grid):
            acc = acc_at(ts, tt, None, None) if not args.carry else acc_at(ts, tt, 1.01, 1.01)
            score = acc["source"] + acc["target"]
            if best is None or score > best[0]:
                best = (score, ts, tt, acc)
    _, ts, tt, acc = best
    # then the carried sides' own thresholds, the sentence's fixed (a carry fills only what it leaves empty)
    cs = ct = None
    if args.carry:
        cbest = None
        for c1 in cgrid:
            for c2 in cgrid:
                a = acc_at(ts, tt, c1, c2)
                score = a["source"] + a["target"]
                if cbest is None or score > cbest[0]:
                    cbest = (score, c1, c2, a)
        _, cs, ct, acc = cbest
        acc["at_config_0.25_0.3"] = acc_at(0.25, 0.3, cs, ct)
    acc_at(ts, tt, cs, ct)
    # as x23roles scored it: a carried pick is "nobody in the sentence"
    acc["sentence_level"] = accuracy(held, lambda ex: _sentence_pick(model, ex, held_d[id(ex)]))
    rules = accuracy(held, lambda ex: ex["rules"], carry=True)
    meta = {
        "trained_by": "scripts/train_roles.py",
        "data": {"corpus/events": "the project's own annotations (source/target spans of event candidates)",
                 "muc4/train.jsonl": "MUC-4 train templates (public domain, NIST MUC-3/4)"},
        "examples": {"corpus_drafts": sum(1 for ex in exs if not ex["w"]), "muc4_drafts": sum(1 for ex in exs if ex["w"]),
                     "train_candidates": sum(len(ex["labels"]) for ex in train),
                     "labels": dict(Counter(lab for ex in train for lab in ex["labels"]))},
        "heldout_accuracy": {"rules": rules, "model": acc},
        "params": {"epochs": args.epochs, "l2": args.l2, "lr": args.lr, "min_count": args.min_count, "muc4_weight": args.muc4_weight,
                   "vector_k": args.vector_k, "lexical": args.lexical, "listwise": args.listwise, "shape": args.shape, "seed": args.seed,
                   "elsewhere": args.elsewhere, "carry": args.carry, "carry_corpus_only": args.carry_corpus_only,
                   "carry_over": str(args.carry_over.name) if args.carry_over else None, "drop": list(args.drop),
                   "over": str(args.over.name) if args.over else None, "over_side": args.over_side},
    }
    data = {"kind": "roles", "classes": classes, "bias": bias, "thresholds": {"source": ts, "target": tt}, "weights": dict(sorted(weights.items())), "meta": meta,
            "paths": any(x.startswith(PATH_PREFIXES) for x in weights), "lexical": args.lexical, "listwise": args.listwise, "shape": args.shape, "elsewhere": args.elsewhere == "option", "carry": args.carry}
    if args.carry:
        data["carry_thresholds"] = {"source": cs, "target": ct}
    if sem is not None:
        data["semantics"] = sem.to_json()
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(json.dumps({**meta, "thresholds": {"source": ts, "target": tt}, "carry_thresholds": {"source": cs, "target": ct}, "features": len(weights), "stats": dict(stats), "seconds": round(time.time() - t0)}, indent=1))


def _null(ex: dict, shape: bool = False) -> list[str]:
    """The null option's features of a cached draft, as the component computes them (with the
    text's shape for a ``--shape`` model)."""
    rules = (ex["rules"]["source"] is not None, ex["rules"]["target"] is not None)
    return null_features(ex["feats"], ex["trigger"], ex["etype"], rules, ex["shape"] if shape else None)


def _else(ex: dict) -> list[str]:
    """The elsewhere option's features of a cached draft (``roles.elsewhere_features``)."""
    return elsewhere_features(ex["shape"], ex["etype"], null_voice(ex["feats"]))


def _carried(ex: dict) -> list[list[str]]:
    """The carried candidates' features of a cached draft (``roles.carry_features``)."""
    rules = (ex["rules"]["source"] is not None, ex["rules"]["target"] is not None)
    return [carry_features(c, ex["etype"], null_voice(ex["feats"]), rules) for c in ex.get("carry") or []]


def all_labels(ex: dict, carry: bool) -> list[str]:
    """The draft's candidates' labels, the carried ones after the sentence's (with ``carry``)."""
    return ex["labels"] + ([c["lab"] for c in ex.get("carry") or []] if carry else [])


def _sentence_pick(model: RoleModel, ex: dict, dists: list[dict[str, float]] | None = None) -> dict[str, int | None]:
    """The model's pick with a carried actor read as "nobody in the sentence" (how a model
    without a carry is scored)."""
    return {k: (v if v is None or v < len(ex["labels"]) else None) for k, v in _model_pick(model, ex, dists).items()}


def _dists(model: RoleModel, ex: dict) -> list[dict[str, float]]:
    """The model's distributions over a cached draft's candidates (then its carried ones)."""
    feats = ex["feats"] + (_carried(ex) if model.carry else [])
    return model.distributions(feats, _null(ex, model.shape), _else(ex) if model.elsewhere else None)


def _model_pick(model: RoleModel, ex: dict, dists: list[dict[str, float]] | None = None) -> dict[str, int | None]:
    n = len(ex["feats"])
    dists = dists if dists is not None else _dists(model, ex)
    src, tgt = model.choose(dists[:n])
    if model.carry:  # as the component: a carried actor only for a side the sentence leaves empty
        cs, ct = model.carry_choice(dists[n:])
        src = n + cs if src is None and cs is not None else src
        tgt = n + ct if tgt is None and ct is not None else tgt
    return {"source": src, "target": tgt}


SIDES = ("source", "target")
#: the long-path features of ``roles.path_features`` (x26roles)
PATH_PREFIXES = ("gvp=", "gvl=", "ch=", "chl=", "cht=", "cp=", "fr=", "fre=")


def train_listwise(
    exs: list[dict], epochs: int, l2: float, lr: float, min_count: int, weight: float = 1.0, seed: int = 13, shape: bool = False,
    elsewhere: str = "null", carry: bool = False, init: dict[str, dict[str, float]] | None = None, fitted: tuple[str, ...] = ("CARRY",),
    sides: tuple[str, ...] = ("source", "target"),
) -> dict[str, dict[str, float]]:
    """Per draft and side, a softmax over the draft's candidates and the null option
    (``roles.null_features``), fitted by AdaGrad with L2 on the touched rows: the loss is the
    draft's choice (which candidate, or nobody), not each candidate's label alone. Why: the
    per-candidate softmax learns "is this a source-looking phrase" and leaves the comparison
    between the sentence's candidates to a fixed threshold; fitted per draft, the weights
    learn what makes one candidate better than the others beside it, and when the sentence
    states nobody. Several gold heads of one side share its mass. ``elsewhere`` says what a
    side whose gold lies in another sentence teaches (``ex["elsewhere"]``): "null" (nobody
    here, as before), "option" (a second null option, :func:`roles.elsewhere_features`, takes
    it), "mask" (nothing). ``carry``: the earlier sentences' actors (``ex["carry"]``,
    :func:`roles.carry_features`) join the draft's candidates, so a side stated elsewhere is
    learned as that actor where one of them lies in its gold. ``init``: a shipped model's
    weights, kept fixed, so that only the carried candidates' features (``CARRY…``) are fitted
    beside them (a carry head over that model); ``fitted``: the prefixes of the features fitted
    beside ``init`` (the long-path features for ``--over``), for ``sides`` only. Returns the weights per feature for
    ``source`` and ``target``."""
    lead = 2 if elsewhere == "option" else 1  # options before the candidates: null (and elsewhere)
    lists = [[_null(ex, shape), *([_else(ex)] if lead == 2 else []), *ex["feats"], *(_carried(ex) if carry else [])] for ex in exs]
    counts = Counter(x for fl in lists for f in fl for x in set(f))
    keep = sorted(x for x, c in counts.items() if c >= min_count or (init is not None and x in init))
    row = {x: i for i, x in enumerate(keep)}
    data = []
    for ex, fl in zip(exs, lists, strict=True):
        rows, cidx = [], []
        for k, f in enumerate(fl):
            for x in f:
                if x in row:
                    rows.append(row[x])
                    cidx.append(k)
        rows_a = np.array(rows, dtype=np.int64)
        ur, inv = np.unique(rows_a, return_inverse=True)
        gold = np.zeros((len(fl), 2))
        wt = np.full(2, weight if ex.get("w") else 1.0)
        away = ex.get("elsewhere") or {}
        for j, side in enumerate(SIDES):
            pos = [k + lead for k, lab in enumerate(all_labels(ex, carry)) if lab == side]
            if not pos and away.get(side):
                # the gold side is stated in another sentence: the elsewhere option's, or
                # (mask) no lesson for this side at all
                if elsewhere == "mask":
                    wt[j] = 0.0
                pos = [1] if lead == 2 else [0]
            gold[pos or [0], j] = 1.0 / len(pos or [0])
        data.append((rows_a, np.array(cidx, dtype=np.int64), ur, inv, len(fl), gold, wt))
    W = np.zeros((len(keep), 2))
    fit = np.ones(len(keep), dtype=bool)
    if init is not None:
        for i, x in enumerate(keep):
            W[i] = [init.get(x, {}).get(side, 0.0) for side in SIDES]
            fit[i] = x.startswith(fitted)
    G2 = np.zeros_like(W)
    rnd = np.random.default_rng(seed)
    for _ in range(epochs):
        for i in rnd.permutation(len(data)):
            rows_a, cidx, ur, inv, n, gold, wt = data[i]
            if n < lead + 1:
                continue  # no candidate: nothing to choose
            z = np.zeros((n, 2))
            np.add.at(z, cidx, W[rows_a])
            p = np.exp(z - z.max(axis=0))
            p /= p.sum(axis=0)
            g = (p - gold) * wt  # d loss / d score of each option, per side
            gu = np.zeros((len(ur), 2))
            np.add.at(gu, inv, g[cidx])
            gu += l2 * W[ur]
            gu[~fit[ur]] = 0.0  # a kept model's own weights stay as shipped
            if init is not None and len(sides) < 2:
                gu[:, [j for j, side in enumerate(SIDES) if side not in sides]] = 0.0
            G2[ur] += gu * gu
            W[ur] -= lr * gu / (np.sqrt(G2[ur]) + 1e-8)
    out: dict[str, dict[str, float]] = {}
    for i, x in enumerate(keep):
        ws = {side: round(float(W[i, j]), 4) for j, side in enumerate(SIDES) if abs(W[i, j]) >= 1e-3}
        if ws:
            out[x] = ws
    return out


if __name__ == "__main__":
    main()
