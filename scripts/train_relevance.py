"""Train the sentence relevance gate (``src/eventcoder/data/models/relevance.json``).

    PYTHONPATH=src:scripts .venv/bin/python scripts/train_relevance.py [--bits 18] [--epochs 8] [--recall 0.99]
        [--context article] [--genre-sentences all] [--article-margin 1.0]

Reads the project's own annotated corpus (``corpus/events/``: MUC-4 train, public domain;
event-location training part and NGEC synthetic stories, MIT), splits every document with the
pipeline's own splitter, keeps the sentences the trigger lexicon's ``select`` keeps (the gate
only ever sees those), and labels a sentence positive when one of the annotated trigger
candidates inside it is an ``event`` (any mention: a re-mention still lets the pipeline match a
gold event), negative when all of its annotated candidates are ``not_event``; sentences with no
annotated candidate, or only ``unclear`` ones, are left out. A logistic model over hashed word
unigrams and bigrams (``components/relevance.features``) is fitted with AdaGrad and L2 on the
train documents (md5 of the doc id modulo 5 != 0, the split ``train_detector.py`` uses); the
held-out fifth picks the threshold: the highest one that keeps ``--recall`` of its positive
sentences (of those in articles the article gate passes).

With the genre corpus (``corpus/gate/``) an article model is trained too (``--article-*``), and
the sentence model reads its article's score (``--context article``, the default): the article
model's logit in unit bins is one more bucket of every sentence, out-of-fold on the training
documents (``--folds`` models, each trained without the document's fold) so that it is as noisy
as at run time. The sentence model then learns from the no-event genre articles' sentences too
(``--genre-sentences all``): "appeal" in a match report and in a political article are told
apart by the article bucket rather than unlearned. ``meta.heldout_gates`` compares variants on
one set (every held-out sentence of both corpora, both gates applied): recall and parsed share;
``meta.article_model.leave_one_source_out`` what the article threshold loses on a source (a
corpus, or a corpus/gate writer) never seen in training.
Only weights (non-zero buckets), the thresholds and counts are written, no text.
Deterministic: fixed seed, sorted inputs. Nothing from an evaluation set or the BBC corpus
(all rights reserved by the BBC) is read here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

from train_detector import heldout, load_corpus  # one corpus reader, one held-out split

from eventcoder.components.relevance import CONTEXTS, article_features, context_features, features
from eventcoder.nlp import split_sentences
from eventcoder.pipeline import Pipeline, load_config
from eventcoder.records import Origin, RawRecord

ROOT = Path(__file__).resolve().parents[1]
GATE = ROOT / "corpus" / "gate" / "articles.jsonl"
OUT = ROOT / "src" / "eventcoder" / "data" / "models" / "relevance.json"


#: doc id -> the article's cleaned text (the article model's input, for a sentence's context)
texts: dict[str, str] = {}


def gate_labels(path: Path) -> dict[str, bool]:
    """corpus/gate article id -> whether it carries an event."""
    if not path.exists():
        return {}
    return {d["id"]: d["event"] for d in map(json.loads, path.open(encoding="utf-8"))}


def examples(pipe: Pipeline, docs: dict, cands: dict, labels: dict, stats: Counter, articles: list[dict], gate: dict[str, bool], negative_sources: tuple[str, ...] = ()) -> list[dict]:
    """The annotated sentences of corpus/events. Its ``gate-news`` documents are corpus/gate's
    articles with candidate-level annotation: they take corpus/gate's id (one document, one side
    of the held-out split) and source (``gate-event``/``gate-none``), and their article example
    is corpus/gate's. A document of ``negative_sources`` whose candidates (ten or more) are all
    annotated ``not_event`` is an article *without* an event: the long-form rounds were written
    with hard negatives on purpose (war-film reviews, match reports, op-eds on politics as
    "war"), by other writers than corpus/gate's, in other house styles."""
    by_doc: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for cid, a in labels.items():
        c = cands.get(cid)
        if c is not None and a["label"] in ("event", "not_event"):
            by_doc[c["doc_id"]].append((c["trigger_start"], a["label"]))
    triggers = next(c for c in pipe.components if c.name == "triggers")
    out = []
    for doc_id in sorted(by_doc):
        doc = docs.get(doc_id)
        if doc is None:
            stats["doc missing"] += 1
            continue
        art = pipe.prepare(RawRecord(text=doc["text"], origin=Origin(doc_id), title=doc.get("title")), published=doc.get("published"))
        if not hasattr(art, "text"):
            stats["doc skipped"] += 1
            continue
        kept = triggers.select(art, split_sentences(art.text))
        n_pos = 0
        key, source = doc_id, doc.get("source_corpus", "?")
        if source == "gate-news" and doc.get("orig_id") in gate:
            key, source = "gate:" + doc["orig_id"], "gate-event" if gate[doc["orig_id"]] else "gate-none"
        for s in kept:
            a, b = art.raw_span(s.start, s.end)
            labs = [lab for start, lab in by_doc[doc_id] if a <= start < b]
            if not labs:
                stats["sentence without annotated candidate"] += 1
                continue
            y = int("event" in labs)
            n_pos += y
            stats["positive" if y else "negative"] += 1
            out.append({"doc": key, "y": y, "text": s.text, "start": s.start, "source": source})
        texts[key] = art.text
        if n_pos and key == doc_id:
            articles.append({"doc": doc_id, "y": 1, "text": art.text, "source": source})
        elif key == doc_id and source in negative_sources and len(by_doc[doc_id]) >= 10:
            # elsewhere (MUC-4, event-location) a document without an annotated event may just be
            # one the annotation did not reach, and says nothing of its genre
            articles.append({"doc": doc_id, "y": 0, "text": art.text, "source": source + "-none"})
    return out


def gate_examples(pipe: Pipeline, path: Path, stats: Counter, articles: list[dict], annotated: set[str]) -> list[dict]:
    """The genre corpus (``corpus/gate/articles.jsonl``, written by the project, MIT): every
    article is an article example; every sentence the trigger lexicon keeps is a sentence
    example, positive when it overlaps a marked event sentence of an ``event`` article,
    negative otherwise (in a no-event article, all of them) — except in the articles whose
    candidates are annotated in corpus/events (``annotated``), whose sentences come from there."""
    triggers = next(c for c in pipe.components if c.name == "triggers")
    out = []
    for line in path.open(encoding="utf-8"):
        d = json.loads(line)
        art = pipe.prepare(RawRecord(text=d["text"], origin=Origin(d["id"]), title=d.get("title")))
        if not hasattr(art, "text"):
            stats["gate doc skipped"] += 1
            continue
        for s in [] if "gate:" + d["id"] in annotated else triggers.select(art, split_sentences(art.text)):
            a, b = art.raw_span(s.start, s.end)
            y = int(any(a < e and s0 < b for s0, e in d["event_spans"]))
            stats["gate positive" if y else "gate negative"] += 1
            out.append({"doc": "gate:" + d["id"], "y": y, "text": s.text, "start": s.start, "source": "gate-event" if d["event"] else "gate-none"})
        texts["gate:" + d["id"]] = art.text
        articles.append({"doc": "gate:" + d["id"], "y": int(d["event"]), "text": art.text, "source": "gate-event" if d["event"] else "gate-none"})
    return out


def sentence_features(e: dict, bits: int, context: tuple[str, ...]) -> list[int]:
    """A sentence example's buckets as ``RelevanceModel.prob`` computes them at run time."""
    f = features(e["text"], bits)
    return f + context_features(bits, context, e.get("z"), e.get("start", 0)) if context else f


def train(exs: list[dict], bits: int, epochs: int, l2: float, lr: float, context: tuple[str, ...] = (), seed: int = 13) -> tuple[float, dict[int, float]]:
    """AdaGrad logistic regression over the hashed buckets (sparse, pure Python)."""
    rng = random.Random(seed)
    w: dict[int, float] = defaultdict(float)
    g2: dict[int, float] = defaultdict(lambda: 1e-8)
    bias, gb2 = 0.0, 1e-8
    rows = [(sentence_features(e, bits, context), e["y"]) for e in exs]
    order = list(range(len(rows)))
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            feats, y = rows[i]
            z = bias + sum(w[f] for f in feats)
            p = 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))
            g = p - y
            gb2 += g * g
            bias -= lr * g / math.sqrt(gb2)
            for f in set(feats):
                gf = g * feats.count(f) + l2 * w[f]
                g2[f] += gf * gf
                w[f] -= lr * gf / math.sqrt(g2[f])
    return bias, {k: v for k, v in w.items() if abs(v) > 1e-6}


def by_source(bias: float, w: dict[int, float], ho: list[dict], bits: int, threshold: float, context: tuple[str, ...] = ()) -> dict[str, dict]:
    """Per source of the held-out part: recall of positive sentences, share of negatives
    dropped, and the share of documents with no positive sentence that the article gate would
    code without parsing (none of their sentences reaches the threshold)."""
    out: dict[str, dict] = {}
    docs: dict[tuple[str, str], list[tuple[float, int]]] = defaultdict(list)
    for e in ho:
        docs[(e["source"], e["doc"])].append((prob(bias, w, e, bits, context), e["y"]))
    for src in sorted({s for s, _ in docs}):
        rows = [r for (s, _), rs in docs.items() if s == src for r in rs]
        pos = [p for p, y in rows if y]
        neg = [p for p, y in rows if not y]
        empty = [rs for (s, _), rs in docs.items() if s == src and not any(y for _, y in rs)]
        out[src] = {
            "sentences": len(rows),
            "recall": round(sum(p >= threshold for p in pos) / len(pos), 4) if pos else None,
            "negatives_dropped": round(sum(p < threshold for p in neg) / len(neg), 4) if neg else None,
            "no_event_docs": len(empty),
            "no_event_docs_gated": round(sum(all(p < threshold for p, _ in rs) for rs in empty) / len(empty), 4) if empty else None,
        }
    return out


def train_articles(arts: list[dict], bits: int, epochs: int, l2: float, lr: float, max_df: float, ngrams: int, seed: int = 17) -> tuple[float, dict[int, float]]:
    """The article model: AdaGrad logistic regression over an article's distinct buckets,
    their sum divided by the root of their number; the two classes weighted to equal mass
    (articles without an event are the few here). Buckets found in more than ``max_df`` of
    the training articles ("said", "the", "is") get no weight: between corpora they measure
    house style (tense, quoting habits, wire vs feature), not topic, and a model leaning on
    them would gate a wire story for being written like a match report."""
    rng = random.Random(seed)
    w: dict[int, float] = defaultdict(float)
    g2: dict[int, float] = defaultdict(lambda: 1e-8)
    bias, gb2 = 0.0, 1e-8
    npos = sum(a["y"] for a in arts)
    nneg = max(len(arts) - npos, 1)
    cw = {1: len(arts) / (2 * max(npos, 1)), 0: len(arts) / (2 * nneg)}
    feats_of = [article_features(a["text"], bits, ngrams) for a in arts]
    df: Counter = Counter(f for fs in feats_of for f in fs)
    common = {f for f, n in df.items() if n > max_df * len(arts)}
    rows = []
    for a, fs in zip(arts, feats_of, strict=True):
        rows.append(([f for f in fs if f not in common], 1.0 / math.sqrt(max(len(fs), 1)), a["y"]))
    order = list(range(len(rows)))
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            feats, scale, y = rows[i]
            z = bias + scale * sum(w[f] for f in feats)
            p = 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))
            g = (p - y) * cw[y]
            gb2 += g * g
            bias -= lr * g / math.sqrt(gb2)
            for f in feats:
                gf = g * scale + l2 * w[f]
                g2[f] += gf * gf
                w[f] -= lr * gf / math.sqrt(g2[f])
    return bias, {k: v for k, v in w.items() if abs(v) > 1e-6}


def writer(a: dict) -> str:
    """An article example's source, corpus/gate split by who wrote it (the ``gw1-``/``gw2-``
    rounds vs the first writer's): the unit the leave-one-source-out check holds out."""
    if a["doc"].startswith("gate:gw"):
        return "gate-" + a["doc"][5:8]
    if a["doc"].startswith("gate:"):
        return "gate-first"
    return a["source"].removesuffix("-none")


def leave_one_source_out(long_: list[dict], args: argparse.Namespace) -> dict[str, dict]:
    """How the article threshold rule fares on a source it has never seen: for each source S,
    an article model trained without S (on the training part), its threshold from the
    held-out articles of the other sources (their lowest event article's score, times 1 and
    times 0.5), and the share of S's event articles scored below it — what a crawl in a house
    style the corpus does not hold would lose — and of S's articles without an event gated."""
    out: dict[str, dict] = {}
    for src in sorted({writer(a) for a in long_}):
        atr = [a for a in long_ if not heldout(a["doc"]) and writer(a) != src]
        aho = [a for a in long_ if heldout(a["doc"]) and writer(a) != src and a["y"]]
        b, w = train_articles(atr, args.bits, args.epochs, args.l2, args.lr, args.article_max_df, args.article_ngrams)
        low = min(article_prob(b, w, a["text"], args.bits, args.article_ngrams) for a in aho)
        pos = [article_prob(b, w, a["text"], args.bits, args.article_ngrams) for a in long_ if writer(a) == src and a["y"]]
        neg = [article_prob(b, w, a["text"], args.bits, args.article_ngrams) for a in long_ if writer(a) == src and not a["y"]]
        out[src] = {
            "event_articles": len(pos), "articles_without_event": len(neg), "others_lowest_positive": round(low, 4),
            "event_articles_lost_margin_1": round(sum(p < low for p in pos) / max(len(pos), 1), 4),
            "event_articles_lost_margin_0.5": round(sum(p < 0.5 * low for p in pos) / max(len(pos), 1), 4),
            "without_event_gated_margin_1": round(sum(p < low for p in neg) / max(len(neg), 1), 4) if neg else None,
            "without_event_gated_margin_0.5": round(sum(p < 0.5 * low for p in neg) / max(len(neg), 1), 4) if neg else None,
        }
    return out


def article_prob(bias: float, w: dict[int, float], text: str, bits: int, ngrams: int) -> float:
    feats = article_features(text, bits, ngrams)
    z = bias + sum(w.get(f, 0.0) for f in feats) / math.sqrt(max(len(feats), 1))
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def prob(bias: float, w: dict[int, float], e: dict, bits: int, context: tuple[str, ...] = ()) -> float:
    z = bias + sum(w.get(f, 0.0) for f in sentence_features(e, bits, context))
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def article_logit(bias: float, w: dict[int, float], text: str, bits: int, ngrams: int, min_words: int) -> float | None:
    """As ``RelevanceModel.article_logit``: None for a text too short to be judged whole."""
    if len(text.split()) < min_words:
        return None
    feats = article_features(text, bits, ngrams)
    return bias + sum(w.get(f, 0.0) for f in feats) / math.sqrt(max(len(feats), 1))


def fold(doc: str, k: int) -> int:
    """Which of ``k`` folds a *training* document falls in (the held-out fifth is md5 % 5 == 0;
    the folds use the quotient, so they cut across it independently)."""
    return int(hashlib.md5(doc.encode()).hexdigest(), 16) // 5 % k


def pick_threshold(scored: list[tuple[float, int]], recall: float) -> float:
    """The highest score that keeps ``recall`` of the positives of ``scored`` (p, y)."""
    scored = sorted(scored, reverse=True)
    need = math.ceil(recall * sum(y for _, y in scored))
    seen = 0
    for p, y in scored:
        seen += y
        if seen >= need:
            return p
    return 0.0


def combined(rows: list[tuple[float, int, bool]], threshold: float) -> dict:
    """What the two gates together keep of held-out sentences (p, y, article passes): recall of
    the positive ones and the share of all sentences parsed — the number the sentence model is
    for (fewer parsed at the same recall)."""
    pos = [r for r in rows if r[1]]
    kept = [r for r in rows if r[2] and r[0] >= threshold]
    return {
        "sentences": len(rows),
        "positive": len(pos),
        "recall": round(sum(y for _, y, _ in kept) / max(len(pos), 1), 4),
        "parsed_share": round(len(kept) / max(len(rows), 1), 4),
        "negatives_parsed": round((len(kept) - sum(y for _, y, _ in kept)) / max(len(rows) - len(pos), 1), 4),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bits", type=int, default=18)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--l2", type=float, default=1e-4)
    ap.add_argument("--lr", type=float, default=0.2)
    ap.add_argument("--recall", type=float, default=0.995, help="held-out recall of positive sentences the threshold keeps (of those in articles the article gate passes)")
    ap.add_argument("--article-recall", type=float, default=1.0, help="held-out recall of articles with an event the article threshold keeps (0: no article model)")
    ap.add_argument("--article-margin", type=float, default=1.0, help="the article threshold is this times the one --article-recall picks (the leave-one-source-out report in the model's meta measures what 1 and 0.5 lose on a source never seen)")
    ap.add_argument("--article-max-df", type=float, default=0.2, help="buckets in more than this share of training articles get no article weight")
    ap.add_argument("--article-min-words", type=int, default=80, help="shorter texts neither train the article model nor are gated by it")
    ap.add_argument("--article-ngrams", type=int, default=1, choices=(1, 2), help="article model over words (1) or words and bigrams (2)")
    ap.add_argument("--genre-sentences", choices=("events", "all", "none"), default="all", help="sentences of corpus/gate the sentence model learns from: those of event articles only, all (no-event articles' as negatives), or none (the sentence model of corpus/events alone)")
    ap.add_argument("--context", default="article", help=f"comma-separated context the sentence model reads besides its words: {', '.join(CONTEXTS)} ('' none). 'article' is the article model's logit, out-of-fold on the training documents")
    ap.add_argument("--article-negatives", default="synthetic-news", help="comma-separated corpus/events sources whose fully annotated documents without an event are article negatives ('' none)")
    ap.add_argument("--folds", type=int, default=4, help="folds of the training documents for their out-of-fold article scores")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--gate", default=str(GATE), help="the genre corpus (jsonl); '' to leave it out")
    args = ap.parse_args()
    context = tuple(c for c in args.context.split(",") if c)
    if set(context) - set(CONTEXTS):
        ap.error(f"--context: unknown {sorted(set(context) - set(CONTEXTS))}")

    docs, cands, labels = load_corpus()
    cfg = load_config()
    cfg["pipeline"] = {**cfg["pipeline"], "components": [c for c in cfg["pipeline"]["components"] if c != "relevance"]}
    pipe = Pipeline(config=cfg)
    stats: Counter = Counter()
    arts: list[dict] = []
    gate = gate_labels(Path(args.gate)) if args.gate else {}
    exs = examples(pipe, docs, cands, labels, stats, arts, gate, tuple(x for x in args.article_negatives.split(",") if x))
    genre = [e for e in exs if e["source"].startswith("gate-")]
    exs = [e for e in exs if not e["source"].startswith("gate-")]
    if gate:
        genre += gate_examples(pipe, Path(args.gate), stats, arts, {e["doc"] for e in genre})
        # without context, the sentences of a no-event genre article teach the sentence model
        # that "appeal", "claimed" or "reports" are match-report words, and it then drops a
        # politician's appeal in a political article; their genre is the article model's to
        # judge — or the sentence model's once it reads the article's score (--context article)
    # every held-out sentence of both corpora, whatever the model learns from: the one set on
    # which variants are compared (the genre corpus's no-event sentences among them)
    compare = [e for e in exs + genre if heldout(e["doc"])]
    exs += [e for e in genre if args.genre_sentences == "all" or (args.genre_sentences == "events" and e["source"] == "gate-event")]

    article: dict | None = None
    art_report: dict = {}
    athr: float | None = None
    ab, aw = 0.0, {}
    if args.article_recall > 0 and any(not a["y"] for a in arts):
        # the article model is for articles: a one-sentence wire item (most of event-location)
        # says nothing of its genre and would teach it that short means event
        long_ = [a for a in arts if len(a["text"].split()) >= args.article_min_words]
        atr = [a for a in long_ if not heldout(a["doc"])]
        aho = [a for a in long_ if heldout(a["doc"])]
        ab, aw = train_articles(atr, args.bits, args.epochs, args.l2, args.lr, args.article_max_df, args.article_ngrams)
        # scored as shipped (rounded weights), so the threshold holds at run time to the last digit
        ab, aw = round(ab, 6), {k: round(v, 5) for k, v in aw.items() if abs(v) >= 1e-5}
        pos_s = sorted(article_prob(ab, aw, a["text"], args.bits, args.article_ngrams) for a in aho if a["y"])
        neg_s = [article_prob(ab, aw, a["text"], args.bits, args.article_ngrams) for a in aho if not a["y"]]
        # the highest threshold that keeps --article-recall of the held-out articles with an
        # event, then --article-margin times lower, for the genres the corpus does not hold
        k = len(pos_s) - math.ceil(args.article_recall * len(pos_s))
        athr = math.floor(pos_s[k] * args.article_margin * 1e6) / 1e6 if pos_s else 0.0  # rounded down
        art_report = {
            "train_articles": len(atr),
            "train_articles_without_event": sum(not a["y"] for a in atr),
            "heldout_articles": len(aho),
            "heldout_recall_at_threshold": round(sum(p >= athr for p in pos_s) / max(len(pos_s), 1), 4),
            "heldout_without_event_gated": round(sum(p < athr for p in neg_s) / max(len(neg_s), 1), 4),
            "heldout_without_event": len(neg_s),
            "heldout_lowest_positive": round(pos_s[0], 6) if pos_s else None,
            "target_recall": args.article_recall,
            "margin": args.article_margin,
            "max_df": args.article_max_df,
            "min_words": args.article_min_words, "ngrams": args.article_ngrams,
            "heldout_positive_by_source": dict(Counter(a["source"] for a in aho if a["y"])),
            "leave_one_source_out": leave_one_source_out(long_, args),
        }
        article = {"bias": ab, "threshold": athr, "min_words": args.article_min_words, "ngrams": args.article_ngrams, "weights": {str(k): round(v, 5) for k, v in sorted(aw.items()) if abs(v) >= 1e-5}}
        # each sentence's article score: the final article model's for a held-out document (it
        # never saw it), and for a training document that of a model trained without its fold,
        # so the sentence model learns from scores as noisy as the ones it meets at run time
        zs: dict[str, float | None] = {}
        for d, text in texts.items():
            if heldout(d):
                zs[d] = article_logit(ab, aw, text, args.bits, args.article_ngrams, args.article_min_words)
        if "article" in context:
            for f in range(args.folds):
                fb, fw = train_articles([a for a in atr if fold(a["doc"], args.folds) != f], args.bits, args.epochs, args.l2, args.lr, args.article_max_df, args.article_ngrams)
                for d, text in texts.items():
                    if not heldout(d) and fold(d, args.folds) == f:
                        zs[d] = article_logit(fb, fw, text, args.bits, args.article_ngrams, args.article_min_words)
        for e in exs + genre:
            e["z"] = zs.get(e["doc"])
    tr = [e for e in exs if not heldout(e["doc"])]
    ho = [e for e in exs if heldout(e["doc"])]
    bias, w = train(tr, args.bits, args.epochs, args.l2, args.lr, context)
    rw = {k: round(v, 5) for k, v in w.items() if abs(v) >= 1e-5}
    rb = round(bias, 6)

    def passes(e: dict) -> bool:
        z = e.get("z")
        return athr is None or z is None or 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0))) >= athr

    # the threshold: --recall of the held-out positive sentences the article gate lets through
    # (those it rejects no sentence threshold can bring back)
    threshold = round(pick_threshold([(prob(rb, rw, e, args.bits, context), e["y"]) for e in ho if passes(e)], args.recall), 6)
    scored = sorted(((prob(rb, rw, e, args.bits, context), e["y"]) for e in ho), reverse=True)
    pos = sum(y for _, y in scored)
    kept = [y for p, y in scored if p >= threshold]
    above = 0  # positives scored above each negative (ties ignored)
    auc_num = 0
    for _, y in scored:
        if y:
            above += 1
        else:
            auc_num += above
    auc = auc_num / max(pos * (len(scored) - pos), 1)
    rows = [(prob(rb, rw, e, args.bits, context), e["y"], passes(e)) for e in compare]
    report = {
        "article_model": art_report,
        "context": list(context),
        "train_sentences": len(tr),
        "heldout_sentences": len(ho),
        "train_positive_rate": round(sum(e["y"] for e in tr) / max(len(tr), 1), 4),
        "heldout_auc": round(auc, 4),
        "heldout_recall_at_threshold": round(sum(kept) / max(pos, 1), 4),
        "heldout_kept_share": round(len(kept) / max(len(scored), 1), 4),
        "heldout_negatives_dropped": round(1 - (len(kept) - sum(kept)) / max(len(scored) - pos, 1), 4),
        "target_recall": args.recall,
        "genre_sentences": args.genre_sentences,
        # both gates on every held-out sentence of both corpora: the comparison between variants
        "heldout_gates": {
            "all": combined(rows, threshold),
            "corpus/events": combined([r for r, e in zip(rows, compare, strict=True) if not e["source"].startswith("gate-")], threshold),
            "corpus/gate": combined([r for r, e in zip(rows, compare, strict=True) if e["source"].startswith("gate-")], threshold),
        },
        "heldout_by_source": by_source(rb, rw, ho, args.bits, threshold, context),
        "by_source": dict(Counter(e["source"] for e in exs)),
        "stats": dict(stats),
        "bits": args.bits,
        "epochs": args.epochs,
        "l2": args.l2,
        "lr": args.lr,
    }
    model = {
        "kind": "hashed-ngram-logistic",
        "bits": args.bits,
        "bias": rb,
        "threshold": threshold,
        **({"context": list(context)} if context else {}),
        "weights": {str(k): v for k, v in sorted(rw.items())},
        **({"article": article} if article else {}),
        "meta": {"trained_by": "scripts/train_relevance.py", "corpus": "corpus/events (muc4 train, event-location train, ngec-synthetic, the project's synthetic long-form news) + corpus/gate (the project's general-news genre articles)", **report},
    }
    Path(args.out).write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in model.items() if k not in ("weights", "article")}, indent=1))
    print(f"wrote {args.out}: {len(model['weights'])} weights")
    return 0


if __name__ == "__main__":
    sys.exit(main())
