"""Train the pairwise event-coreference model of ``eventcoder.clusters`` (reproducible).

    PYTHONPATH=src python scripts/train_event_clusters.py            # the shipped model (2026-12-07, x22ecbfolds: --backoff 0.6,1,50,2)
    PYTHONPATH=src python scripts/train_event_clusters.py --fit-on train   # the earlier recipe

Data: ECB+ (annotations CC BY 3.0, Cybulska & Vossen 2014) from ``../shared/bench/ecbplus``,
the TRAIN and DEV topics (:data:`eventcoder.eval.sets.ecbplus.TRAIN_TOPICS`,
``DEV_TOPICS``; never the test topics 36-45).
Pairs: every two gold event mentions of the annotated sentences that fall in the same
predicted story (the blocking the product uses), labelled by whether their gold chains agree;
plus, so that the type, actor, place and date features get weights, the product's own coded
events of the same documents (coded by the default pipeline, cached under ``--cache``),
each aligned to the gold mention whose sentence and trigger it shares and labelled by that
mention's chain, paired inside the same predicted stories.
Gold mentions get their arguments from their sentence parsed by the project's spaCy model
(:func:`eventcoder.clusters.arguments.mention_arguments`). The ``key_prior`` feature (how
often two trigger head keys corefer inside a story) is counted on the training pairs; a
training row's value comes from the OTHER topics' counts (leave-one-topic-out), so a pair's
own label never feeds its feature; the shipped table is counted on all training topics.
Model: scikit-learn ``LogisticRegression`` (L2, unbalanced) on standardised features; only
the means, scales, coefficients, intercept and the key-prior table are shipped (JSON, no
pickle), so inference needs numpy alone.

Choosing the settings (``--fit-on train+dev``, the default): with 25 train topics the model
and the key-prior table are data-starved, and 8 dev topics make a noisy threshold choice
(±0.3 CoNLL points between neighbouring thresholds). So the 33 train+dev topics are dealt
into ``--folds`` (5) folds of whole topics; each fold is clustered — exactly as the eval
clusters a part, by :func:`fast_cluster` over precomputed probabilities — by a model fitted
on the other folds (their key prior too); the folds' clusterings are pooled and scored once
per (C, class weighting, key-prior smoothing, threshold) of the grids; :func:`choose` takes
the best CoNLL F1 smoothed over neighbouring thresholds; the shipped model is then fitted on
all 33 topics with those settings. ``ec eval ecbplus --part dev`` is then in-sample: the
cross-validated number in the model file (``cv_conll_f1_by_threshold``) is the dev estimate.
``--fit-on train`` keeps the earlier recipe (fit on train, threshold on the dev topics).
The data (folds, pairs, key prior) are deterministic; the logistic regression's L-BFGS stop
is not bit-stable across BLAS threading (standardised coefficients up to 0.024 apart, CV
CoNLL 0.7847 vs 0.7850 between a threaded and a one-thread run), so the script runs with one
BLAS thread (threadpoolctl): two runs over the same folds give the same CV to every digit and
the same model file byte for byte (docs/clusters.md, x21ecb).
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import time
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from eventcoder.clusters.arguments import head_word
from eventcoder.clusters.events import MODEL_PATH, ORDER_SAMPLE, PairModel
from eventcoder.clusters.features import (
    CANNOT,
    FEATURES,
    MUST,
    Backoff,
    KeyPrior,
    constraints,
    stem,
)
from eventcoder.eval import coref
from eventcoder.eval.base import bench_dir
from eventcoder.eval.sets import ecbplus as E

KEY_PRIOR = FEATURES.index("key_prior")
KEY_RATE = FEATURES.index("key_rate")
PRIOR_DOC = FEATURES.index("prior_doc")


def pairs_of(
    docs: list[dict], mentions: list[dict], built: tuple | None = None
) -> tuple[np.ndarray, np.ndarray, list[tuple[str, str]], list[int]]:
    """Gold-mention pairs inside predicted stories: features, labels, head-key pair, topic.
    ``built``: the documents' :func:`ecbplus.build`, when the caller has it already."""
    story, views, pf, gold, _ = built or E.build(docs, mentions)
    topic = {d["doc_id"]: d["topic"] for d in docs}
    Xs, ys, keys, topics = [], [], [], []
    by_block: dict[str, list[int]] = {}
    for i in range(len(views)):
        block = by_block.setdefault(story[views.article[i]], [])
        if block:
            js = np.array(block)
            Xs.append(pf.pairs(i, js))
            ys.append(np.array([gold[views.ids[j]] == gold[views.ids[i]] for j in block]))
            ki = views.keys[i]
            for j in block:
                kj = views.keys[j]
                keys.append((ki, kj) if ki <= kj else (kj, ki))
                topics.append(topic[views.article[i]])
        block.append(i)
    return np.vstack(Xs), np.concatenate(ys), keys, topics


def key_counts(
    keys: list[tuple[str, str]], y: np.ndarray, topics: list[int]
) -> dict[int, tuple[Counter, Counter]]:
    """Positive and total pair counts of each head-key pair, per topic."""
    out: dict[int, tuple[Counter, Counter]] = {}
    for k, lab, t in zip(keys, y, topics, strict=True):
        pos, tot = out.setdefault(t, (Counter(), Counter()))
        tot[k] += 1
        pos[k] += int(lab)
    return out


def topic_words(built: tuple, topic_of: dict[str, int]) -> dict[int, Counter]:
    """How often each (head key, head word) pair heads a gold mention, per topic: the words a
    key stands for in the backoff's vector look-ups (:attr:`KeyPrior.words`)."""
    views = built[1]
    out: dict[int, Counter] = {}
    for a, trig in zip(views.article, views.triggers, strict=True):
        w = head_word(trig)
        out.setdefault(topic_of[a], Counter())[(stem(w), w)] += 1
    return out


def words_of(counts: Counter, top: int) -> dict[str, tuple[str, ...]]:
    """Each key's ``top`` most frequent head words (ties: alphabetical); ``top`` 0: none."""
    if top <= 0:
        return {}
    by_key: dict[str, list[tuple[int, str]]] = {}
    for (k, w), n in counts.items():
        if n > 0:
            by_key.setdefault(k, []).append((-n, w))
    return {k: tuple(w for _, w in sorted(ws)[:top]) for k, ws in by_key.items()}


def fill_prior(
    X: np.ndarray,
    keys: list[tuple[str, str]],
    topics: list[int],
    per_topic: dict[int, tuple[Counter, Counter]],
    alpha: float = 4.0,
    backoff: Backoff | None = None,
    words: dict[int, Counter] | None = None,
    top_words: int = 0,
) -> None:
    """The key-prior column of training pairs, each from the OTHER topics' counts (a pair's
    own label must not be in its feature; with ``backoff``, a pair those topics lack gets the
    rates of their nearest pairs, so the held-out topic's unseen pairs are what it learns on)."""
    all_pos, all_tot = Counter(), Counter()
    for pos, tot in per_topic.values():
        all_pos.update(pos)
        all_tot.update(tot)
    words = words or {}
    all_words: Counter = sum(words.values(), Counter())
    priors = {}
    for t, (pos, tot) in per_topic.items():
        kw = words_of(all_words - words.get(t, Counter()), top_words)
        priors[t] = KeyPrior.fit(all_pos - pos, all_tot - tot, alpha=alpha, backoff=backoff, words=kw)
    # a key the other topics never show embeds as its own topic's words (as the library's
    # PairFeatures gives the prior the words of the events it clusters)
    own = {t: words_of(c, top_words) for t, c in words.items()}
    X[:, KEY_PRIOR] = [priors[t].rate(*k, own.get(t)) for k, t in zip(keys, topics, strict=True)]
    X[:, KEY_RATE] = [
        min(priors[t].key_rate(k[0]), priors[t].key_rate(k[1]))
        for k, t in zip(keys, topics, strict=True)
    ]
    X[:, PRIOR_DOC] = X[:, KEY_PRIOR] * X[:, FEATURES.index("doc_cos")]
    X[:, FEATURES.index("doc_prior")] = X[:, KEY_PRIOR] * X[:, FEATURES.index("same_doc")]
    X[:, FEATURES.index("prior_vec_sent")] = X[:, KEY_PRIOR] * X[:, FEATURES.index("vec_sent")]


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def coded_events(docs: list[dict], cache: Path) -> dict[str, list[dict]]:
    """The default pipeline's events of each document (cached: coding is the slow part).
    Documents the cache does not hold yet are coded and added to it (each fold asks for its
    own documents: a cache written by the first fold alone must not starve the others)."""
    out: dict[str, list[dict]] = json.loads(cache.read_text("utf-8")) if cache.is_file() else {}
    todo = [d for d in docs if d["doc_id"] not in out]
    if not todo:
        return out
    from eventcoder.engine import process
    from eventcoder.pipeline import Pipeline
    from eventcoder.records import Origin, RawRecord

    raws = [RawRecord(d["text"], Origin(d["doc_id"]), id=d["doc_id"]) for d in todo]
    for outcomes in process(raws, Pipeline(), batch_size=32):
        for kind, p in outcomes:
            if kind == "coded":
                out[p.article.origin.path] = [e.to_dict() for e in p.events]
    for d in todo:
        out.setdefault(d["doc_id"], [])
    cache.write_text(json.dumps(out), "utf-8")
    return out


def product_pairs(
    docs: list[dict], mentions: list[dict], cache: Path, story: dict[str, str] | None = None
) -> tuple[np.ndarray, np.ndarray, int, list[tuple[str, str]], list[int]]:
    """Pairs of the product's events aligned to gold mentions (features of coded events)."""
    from eventcoder.clusters.features import EventViews, PairFeatures, stem, view_of_record
    from eventcoder.clusters.stories import day_number
    from eventcoder.clusters.text import DocFreq, counts

    coded = coded_events(docs, cache)
    story = E.build(docs, mentions, parse=False)[0] if story is None else story
    by_doc: dict[str, list[dict]] = {}
    for m in mentions:
        by_doc.setdefault(m["doc_id"], []).append(m)
    views, labels = EventViews(), []
    texts = {d["doc_id"]: d["text"] for d in docs}
    for d in docs:
        sents = E.doc_sentences(d)
        for e in coded.get(d["doc_id"], []):
            es, st = _norm(e["sentence"]), stem(e["trigger"]["text"])
            hit = None
            for m in by_doc.get(d["doc_id"], []):
                gs = _norm(sents[m["sentence"]]) if m["sentence"] < len(sents) else ""
                if (
                    gs
                    and (gs in es or es in gs)
                    and (
                        stem(m["text"]) == st
                        or m["text"].lower() in e["trigger"]["text"].lower()
                        or e["trigger"]["text"].lower() in m["text"].lower()
                    )
                ):
                    hit = m
                    break
            if hit is not None:
                e = {**e, "article_id": d["doc_id"]}
                view_of_record(views, e, day_number)
                labels.append(hit["chain_id"])
    df = DocFreq()
    raw = counts([texts[a] for a in sorted(set(views.article))])
    df.update(raw)
    ids = sorted(set(views.article))
    dv = df.weigh(raw)
    pf = PairFeatures(
        views, {a: dv[k] for k, a in enumerate(ids)}, df, [story[a] for a in views.article]
    )
    topic = {d["doc_id"]: d["topic"] for d in docs}
    Xs, ys, keys, topics = [], [], [], []
    seen: dict[str, list[int]] = {}
    for i in range(len(views)):
        block = seen.setdefault(story[views.article[i]], [])
        if block:
            Xs.append(pf.pairs(i, np.array(block)))
            ys.append(np.array([labels[j] == labels[i] for j in block]))
            ki = views.keys[i]
            for j in block:
                kj = views.keys[j]
                keys.append((ki, kj) if ki <= kj else (kj, ki))
                topics.append(topic[views.article[i]])
        block.append(i)
    return np.vstack(Xs), np.concatenate(ys), len(views), keys, topics


def block_tables(
    built: tuple, prior: KeyPrior | None
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Everything the online assignment reads of one set of mentions, precomputed per story
    block: (rows, features of every row against every row ``n x n x F``, hard links
    ``n x n``, speaker licence ``n x n``). The pair features of two mentions do not depend on
    the rest of the block, so a model and a threshold can then be scored without computing a
    feature twice (:func:`fast_cluster`; the cross-validation scores hundreds of them)."""
    story, views, pf, _, _ = built
    by_block: dict[str, list[int]] = {}
    for i in range(len(views)):
        by_block.setdefault(story[views.article[i]], []).append(i)
    out = []
    for rows in by_block.values():
        r = np.array(rows, dtype=np.int64)
        X = np.stack([pf.pairs(int(i), r, prior) for i in r])
        link = np.stack([constraints(pf.v, pf, int(i), r) for i in r])
        names = np.array(
            [[pf.speaker_named(int(i), r[k : k + 1]) for k in range(len(r))] for i in r], dtype=bool
        )
        out.append((r, X, link, names))
    return out


def fast_cluster(
    tables: list,
    probs: list[np.ndarray],
    ids: list[str],
    threshold: float,
    sample: int = ORDER_SAMPLE,
) -> dict[str, str]:
    """:meth:`EventClusters.assign_all` as the eval runs it (every candidate cluster, every
    member) over precomputed probabilities: the same order (most connected first), hard
    links, speaker licence, mean-probability link and threshold, hence the same clusters
    (checked against the library by ``--check-fast``)."""
    out: dict[str, str] = {}
    for (r, _, link, names), P in zip(tables, probs, strict=True):
        n = len(r)
        order = list(range(n))
        if n >= 3:
            ref = np.arange(n) if n <= sample else np.linspace(0, n - 1, sample).astype(np.int64)
            degree = np.array([int((P[k, ref[ref != k]] >= 0.5).sum()) for k in range(n)])
            order = [int(k) for k in np.argsort(-degree, kind="stable")]
        members: list[list[int]] = []
        for k in order:
            best, best_p = -1, -1.0
            for c, ms in enumerate(members):
                lk = link[k, ms]
                if (lk == CANNOT).any() or not names[k, ms].any():
                    continue
                m = float(np.where(lk == MUST, 1.0, P[k, ms]).mean())
                if m > best_p:
                    best, best_p = c, m
            if best < 0 or best_p < threshold:
                members.append([k])
                best = len(members) - 1
            else:
                members[best].append(k)
            out[ids[r[k]]] = f"{ids[r[members[best][0]]]}"
    return out


def folds_of(topics: set[int], k: int, seed: int | None = None) -> list[frozenset[int]]:
    """``k`` folds of whole topics, dealt round-robin in topic order (deterministic); with a
    ``seed``, in the order of the topics shuffled by ``random.Random(seed)`` (another dealing
    of the same topics, fold sizes unchanged: how much a CV difference owes to the dealing)."""
    ts = sorted(topics)
    if seed is not None:
        random.Random(seed).shuffle(ts)
    return [frozenset(ts[j::k]) for j in range(k)]


class FoldData:
    """One fold of whole topics: its mentions built as the eval builds a part (stories over
    the fold's documents), its gold and product training pairs, and its block tables under
    the prior learned without it."""

    def __init__(
        self,
        topics: frozenset[int],
        docs: list[dict],
        mentions: list[dict],
        cache: Path,
        gold_only: bool,
    ) -> None:
        self.topics = topics
        mine = [d for d in docs if d["topic"] in topics]
        self.built = E.build(mine, mentions)
        self.X, self.y, self.keys, self.tops = pairs_of(mine, mentions, self.built)
        self.nprod = 0
        self.Xp, self.yp, self.kp, self.tp = (
            np.zeros((0, len(FEATURES)), np.float32),
            np.zeros(0, bool),
            [],
            [],
        )
        if not gold_only:
            self.add_product(mine, mentions, cache)

    def add_product(self, mine: list[dict], mentions: list[dict], cache: Path) -> None:
        """The product's coded events of the fold's documents, aligned to its gold mentions."""
        self.Xp, self.yp, self.nprod, self.kp, self.tp = product_pairs(
            mine, mentions, cache, self.built[0]
        )


def training_rows(
    folds: list[FoldData], alpha: float = 4.0, backoff: Backoff | None = None, top_words: int = 0
) -> tuple[np.ndarray, np.ndarray, KeyPrior]:
    """The pairs of ``folds`` (gold and product) with their key-prior columns counted
    leave-one-topic-out, and the prior of all their topics (what a model fitted on them ships)."""
    X = np.vstack([f.X for f in folds] + [f.Xp for f in folds])
    y = np.concatenate([f.y for f in folds] + [f.yp for f in folds])
    keys = [k for f in folds for k in f.keys] + [k for f in folds for k in f.kp]
    tops = [t for f in folds for t in f.tops] + [t for f in folds for t in f.tp]
    per_topic = key_counts(
        [k for f in folds for k in f.keys],
        np.concatenate([f.y for f in folds]),
        [t for f in folds for t in f.tops],
    )
    words: dict[int, Counter] = {}
    for f in folds:
        for t, c in getattr(f, "words", {}).items():
            words.setdefault(t, Counter()).update(c)
    fill_prior(X, keys, tops, per_topic, alpha, backoff, words, top_words)
    all_pos, all_tot = Counter(), Counter()
    for pos, tot in per_topic.values():
        all_pos.update(pos)
        all_tot.update(tot)
    kw = words_of(sum(words.values(), Counter()), top_words)
    return X, y, KeyPrior.fit(all_pos, all_tot, alpha=alpha, backoff=backoff, words=kw)


def fit_lr(
    X: np.ndarray, y: np.ndarray, c: float, balanced: bool, tol: float = 1e-4
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """The standardised logistic regression: (mean, scale, coef, intercept)."""
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(
        C=c, class_weight="balanced" if balanced else None, max_iter=2000, tol=tol
    )
    lr.fit((X - mean) / scale, y)
    return mean, scale, lr.coef_[0], float(lr.intercept_[0])


def cross_validate(
    folds: list[FoldData],
    configs: list[tuple[float, bool, float]],
    thresholds: list[float],
    log=print,
    backoff: Backoff | None = None,
    top_words: int = 0,
    tol: float = 1e-4,
) -> dict[tuple[float, bool, float], dict[float, dict]]:
    """Pooled leave-fold-out scores of each config (C, balanced, key-prior smoothing): for
    each held-out fold, a model fitted on the other folds' pairs (their key prior too)
    clusters the fold's mentions as the eval would; the folds' clusterings are pooled (no
    cluster spans two folds) and scored once per (config, threshold) — MUC, B-cubed, CEAF-e
    and CoNLL over all the folds' mentions, so a small topic weighs what its mentions weigh,
    as in the test part."""
    preds: dict = {c: {t: {} for t in thresholds} for c in configs}
    gold: dict[str, str] = {}
    for k, f in enumerate(folds):
        rest = [g for g in folds if g is not f]
        ids = f.built[1].ids
        gold.update(f.built[3])
        for alpha in sorted({c[2] for c in configs}):
            X, y, prior = training_rows(rest, alpha, backoff, top_words)
            tables = block_tables(f.built, prior)
            for c in configs:
                if c[2] != alpha:
                    continue
                mean, scale, coef, b = fit_lr(X, y, c[0], c[1], tol)
                model = PairModel(mean, scale, coef, b, 0.5, {}, prior)
                probs = [
                    model.prob(Xb.reshape(-1, Xb.shape[2])).reshape(len(r), len(r))
                    for r, Xb, *_ in tables
                ]
                for t in thresholds:
                    preds[c][t].update(fast_cluster(tables, probs, ids, t))
        log(f"fold {k + 1}/{len(folds)} (topics {sorted(f.topics)}) done")
    return {c: {t: coref.conll(gold, preds[c][t]) for t in thresholds} for c in configs}


def dumps(model: dict) -> str:
    """The model file: readable weights, the key-prior table one entry a line (small diffs)."""
    prior = model.get("key_prior")
    head = json.dumps({k: v for k, v in model.items() if k != "key_prior"}, indent=1)
    if not prior:
        return head + "\n"
    rows = ",\n".join(json.dumps(r) for r in prior["pairs"])
    keys = ",\n".join(json.dumps(r) for r in prior["keys"])
    bo = f'"backoff": {json.dumps(prior["backoff"])},\n' if prior.get("backoff") else ""
    seen = ",\n".join(json.dumps(r) for r in prior.get("seen", []))
    seen = f',\n"seen": [\n{seen}\n]' if seen else ""
    words = ",\n".join(json.dumps(r) for r in prior.get("words", []))
    words = f',\n"words": [\n{words}\n]' if words else ""
    table = f'{{"base": {prior["base"]},\n{bo}"keys": [\n{keys}\n],\n"pairs": [\n{rows}\n]{seen}{words}}}'
    return head[:-2] + f',\n "key_prior": {table}\n}}\n'


def choose(scores: dict[tuple, dict[float, dict]]) -> tuple[tuple, float]:
    """The config and threshold of the best CoNLL F1 smoothed over the threshold grid (the
    mean of a threshold's score and its two neighbours'): a lone peak between two dips is
    noise of a few hundred mentions, a plateau is a setting (ties: the lower threshold)."""
    best, key = None, None
    for c, by_t in scores.items():
        ts = sorted(by_t)
        for k, t in enumerate(ts):
            near = [by_t[u]["conll_f1"] for u in ts[max(0, k - 1) : k + 2]]
            cand = (round(sum(near) / len(near), 5), by_t[t]["conll_f1"], -t)
            if key is None or cand > key:
                best, key = (c, t), cand
    return best


def _name(c: tuple[float, bool, float]) -> str:
    return f"C={c[0]:g},{'balanced' if c[1] else 'unbalanced'},alpha={c[2]:g}"


def main(argv: list[str] | None = None) -> int:
    # one BLAS thread: the L-BFGS fit is then bit-stable (the same folds give the same model
    # file byte for byte, so two settings' CV differ by the setting, not by threading)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _main(argv)


def _main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(MODEL_PATH))
    ap.add_argument(
        "--cache",
        default="/tmp/eventcoder-ecbplus-traindev-coded.json",
        help="the coded train (+dev) documents (rebuilt when absent)",
    )
    ap.add_argument(
        "--gold-only", action="store_true", help="train on the gold-mention pairs alone"
    )
    ap.add_argument(
        "--fit-on",
        choices=("train", "train+dev"),
        default="train+dev",
        help="train: the earlier recipe (fit on the train topics, threshold on the dev topics); train+dev: C, weighting and threshold by cross-validation over whole train+dev topics, then fit on all of them",
    )
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument(
        "--fold-seed",
        type=int,
        default=None,
        help="deal the topics into the folds in an order shuffled by this seed (default: round-robin in topic order, the shipped recipe's dealing)",
    )
    ap.add_argument(
        "--fold-cache",
        default="",
        help="a pickle of the built folds (parsed mentions and their pairs), written when absent, read when present: reruns with other grids skip the parse",
    )
    ap.add_argument(
        "--alpha-grid",
        default="4",
        help="key-prior smoothing (pseudo-pairs at the base rate) the cross-validation tries",
    )
    ap.add_argument(
        "--backoff",
        default="0.6,1,50,2",
        help="the key prior of a head-key pair no training topic shows: MIN_SIM,BASE_WEIGHT,NEIGHBOURS (the similarity-weighted rates of its nearest seen pairs by word vectors, clusters.features.Backoff), with an optional 4th field SHRINK (a seen pair's own counts smoothed by SHRINK pseudo-pairs at its neighbours' rate instead of the base rate), or none (the base rate; the model shipped before 2026-12-07 x22ecbfolds). Default 0.6,1,50,2: the shipped model's",
    )
    ap.add_argument(
        "--key-words",
        type=int,
        default=0,
        help="with --backoff: a key's vector is the mean of the vectors of its N most frequent head words in the training mentions (0: the key's stem itself, the earlier recipe)",
    )
    ap.add_argument(
        "--tol",
        type=float,
        default=1e-4,
        help="the logistic regression's L-BFGS tolerance (scikit-learn's default 1e-4)",
    )
    ap.add_argument(
        "--c-grid", default="1", help="C values the cross-validation tries (comma-separated)"
    )
    ap.add_argument(
        "--weights",
        default="none",
        help="class weightings the cross-validation tries: none, balanced or both",
    )
    ap.add_argument(
        "--balanced",
        action="store_true",
        help="--fit-on train: weight the classes equally (the earlier models)",
    )
    args = ap.parse_args(argv)
    backoff = None
    if args.backoff != "none":
        ms, bw, nb, *sh = args.backoff.split(",")
        backoff = Backoff(float(ms), float(bw), int(nb), float(sh[0]) if sh else 0.0)
    t0 = time.perf_counter()
    path = bench_dir() / "ecbplus" / "ecbplus_docs.jsonl"
    docs, mentions = E.read_docs(path), E.read_mentions(path)
    if args.fit_on == "train":
        return fit_train_only(args, docs, mentions, t0)
    topics = set(E.TRAIN_TOPICS | E.DEV_TOPICS) & {d["topic"] for d in docs}
    cached = Path(args.fold_cache) if args.fold_cache else None
    dealing = folds_of(topics, args.folds, args.fold_seed)
    if cached is not None and cached.is_file():
        folds = pickle.loads(cached.read_bytes())
        if [f.topics for f in folds] != dealing:
            raise SystemExit(
                f"{cached}: its folds are not this dealing (--folds {args.folds}, --fold-seed {args.fold_seed})"
            )
    else:
        folds = [
            FoldData(f, docs, mentions, Path(args.cache), args.gold_only) for f in dealing
        ]
        if cached is not None:
            cached.write_bytes(pickle.dumps(folds))
    topic_of = {d["doc_id"]: d["topic"] for d in docs}
    for f in folds:
        f.words = topic_words(f.built, topic_of)
    print(f"{len(folds)} folds built: {time.perf_counter() - t0:.0f}s", flush=True)
    weights = {"none": [False], "balanced": [True], "both": [False, True]}[args.weights]
    configs = [
        (float(c), w, float(a))
        for c in args.c_grid.split(",")
        for w in weights
        for a in args.alpha_grid.split(",")
    ]
    thresholds = [round(float(t), 3) for t in np.arange(0.1, 0.601, 0.025)]
    scores = cross_validate(
        folds,
        configs,
        thresholds,
        log=lambda m: print(f"{m}: {time.perf_counter() - t0:.0f}s", flush=True),
        backoff=backoff,
        top_words=args.key_words,
        tol=args.tol,
    )
    for c in configs:
        print(
            f"{_name(c)}: " + " ".join(f"{t}:{scores[c][t]['conll_f1']}" for t in thresholds),
            flush=True,
        )
    best_c, best_t = choose(scores)
    X, y, prior = training_rows(folds, best_c[2], backoff, args.key_words)
    mean, scale, coef, b = fit_lr(X, y, best_c[0], best_c[1], args.tol)
    model = PairModel(mean, scale, coef, b, best_t, {}, prior)
    out = model.to_json(
        trained_on="ECB+ train and dev topics (CC BY 3.0): " + ",".join(map(str, sorted(topics))),
        threshold_chosen_on=f"{len(folds)}-fold cross-validation over whole train+dev topics (pooled CoNLL F1; folds: topics dealt round-robin in topic order{'' if args.fold_seed is None else f' shuffled by seed {args.fold_seed}'}); {_name(best_c)}",
        pairs=int(len(y)),
        aligned_product_events=int(sum(f.nprod for f in folds)),
        positives=int(y.sum()),
        cv_conll_f1_by_threshold={
            _name(c): {str(t): scores[c][t]["conll_f1"] for t in thresholds} for c in configs
        },
        script="scripts/train_event_clusters.py --fit-on train+dev"
        + (f" --c-grid {args.c_grid}" if args.c_grid != "1" else "")
        + (f" --weights {args.weights}" if args.weights != "none" else "")
        + (f" --alpha-grid {args.alpha_grid}" if args.alpha_grid != "4" else "")
        + f" --backoff {args.backoff}"
        + (f" --key-words {args.key_words}" if args.key_words else "")
        + (f" --tol {args.tol:g}" if args.tol != 1e-4 else "")
        + (f" --fold-seed {args.fold_seed}" if args.fold_seed is not None else ""),
    )
    Path(args.out).write_text(dumps(out), "utf-8")
    sc = scores[best_c][best_t]
    print(
        f"pairs {len(y)} (+{int(y.sum())}); {_name(best_c)}, threshold {best_t}: CV MUC {sc['muc_f1']} B3 {sc['bcubed_f1']} CEAF-e {sc['ceafe_f1']} CoNLL {sc['conll_f1']}; {time.perf_counter() - t0:.0f}s -> {args.out}"
    )
    return 0


def fit_train_only(
    args: argparse.Namespace, docs: list[dict], mentions: list[dict], t0: float
) -> int:
    """The earlier recipe: fit on the train topics, the threshold on the dev topics."""
    train = [d for d in docs if d["topic"] in E.TRAIN_TOPICS]
    dev = [d for d in docs if d["topic"] in E.DEV_TOPICS]
    X, y, keys, topics = pairs_of(train, mentions)
    per_topic = key_counts(keys, y, topics)
    aligned = 0
    if not args.gold_only:
        Xp, yp, aligned, kp, tp = product_pairs(train, mentions, Path(args.cache))
        X, y = np.vstack([X, Xp]), np.concatenate([y, yp])
        keys, topics = keys + kp, topics + tp
    fill_prior(X, keys, topics, per_topic)
    all_pos, all_tot = Counter(), Counter()
    for pos, tot in per_topic.values():
        all_pos.update(pos)
        all_tot.update(tot)
    prior = KeyPrior.fit(all_pos, all_tot)
    mean, scale, coef, b = fit_lr(X, y, 1.0, args.balanced)
    model = PairModel(mean, scale, coef, b, 0.5, {}, prior)
    story, views, pf, gold, _ = E.build(dev, mentions)
    scores = {}
    for th in np.arange(0.1, 0.96, 0.025):
        pred = E.cluster_mentions(views, pf, story, model, threshold=float(th))
        scores[round(float(th), 3)] = coref.conll(gold, pred)["conll_f1"]
    best = max(scores, key=lambda t: (scores[t], -t))
    model = PairModel(mean, scale, coef, b, best, {}, prior)
    out = model.to_json(
        trained_on="ECB+ train topics (CC BY 3.0): " + ",".join(map(str, sorted(E.TRAIN_TOPICS))),
        threshold_chosen_on="ECB+ dev topics: " + ",".join(map(str, sorted(E.DEV_TOPICS))),
        pairs=int(len(y)),
        aligned_product_events=int(aligned),
        positives=int(y.sum()),
        dev_conll_f1_by_threshold=scores,
        script="scripts/train_event_clusters.py --fit-on train",
    )
    Path(args.out).write_text(dumps(out), "utf-8")
    print(
        f"pairs {len(y)} (+{int(y.sum())}); threshold {best}: dev CoNLL F1 {scores[best]}; {time.perf_counter() - t0:.1f}s -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
