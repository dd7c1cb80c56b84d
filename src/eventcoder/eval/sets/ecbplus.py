"""ECB+: stories (document -> sub-topic) and event coreference with gold mentions.

ECB+ (Cybulska & Vossen 2014; annotations CC BY 3.0) has 43 topics, each two real-world
events (sub-topics ``Necb`` / ``Necbplus``), with event mentions linked across documents.

* ``story_*``: B-cubed over documents, the predicted ``story_id`` against the sub-topic
  (:mod:`eventcoder.clusters.stories`, fitted on nothing: IDF from the part's documents).
* ``conll_f1`` (and MUC, B-cubed, CEAF-e): event mentions of the annotated sentences
  (``ECBplus_coreference_sentences.csv``), gold mentions, singletons included, clustered by
  :mod:`eventcoder.clusters.events` inside the predicted stories — no gold topic or
  sub-topic is used. ``lemma_conll_f1``: the same-stem baseline inside the same stories.

Split (the usual one, Cybulska & Vossen 2015 / Barhom et al. 2019): test = topics 36–45
(frozen in ``eval/splits/ecbplus.json``); the dev part is scored on the dev topics
(2, 5, 12, 18, 21, 23, 34, 35) only. The pairwise model is trained on the train AND dev
topics (``scripts/train_event_clusters.py``, settings by leave-topics-out cross-validation
over them), so the dev part's event CoNLL is in-sample: the model file's
``cv_conll_f1_by_threshold`` is the held-out estimate; the stories are fitted on nothing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ... import registry
from ...clusters.arguments import Arguments
from ...clusters.arguments import mention_arguments as arguments_of
from ...clusters.events import PairModel
from ...clusters.features import EventViews, PairFeatures
from ...clusters.text import counts
from .. import cdcr
from ..base import EvalSet, Keep, sample

TEST_TOPICS = frozenset(range(36, 46))
DEV_TOPICS = frozenset({2, 5, 12, 18, 21, 23, 34, 35})
TRAIN_TOPICS = frozenset(range(1, 36)) - DEV_TOPICS


def read_docs(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return sorted((json.loads(line) for line in fh if line.strip()), key=lambda d: d["doc_id"])


def read_mentions(path: Path) -> list[dict]:
    """The event mentions of the annotated sentences (the standard evaluation set)."""
    out = []
    with open(path.parent / "ecbplus_mentions.jsonl", encoding="utf-8") as fh:
        for line in fh:
            m = json.loads(line)
            if m["is_event"] and m["in_annotated_sentence"]:
                out.append(m)
    return out


def doc_sentences(doc: dict) -> list[str]:
    return doc["text"].split("\n")


def mention_arguments(docs: list[dict], mentions: list[dict]) -> dict[str, Arguments]:
    """The parse arguments of each mention (``doc_id:m_id``): its sentence parsed by the
    project's spaCy model on ECB+'s own tokens (token ids are 1-based over the document)."""
    from spacy.tokens import Doc

    from ...nlp import load_model

    nlp = load_model()
    by_doc = {d["doc_id"]: d for d in docs}
    want: dict[tuple[str, int], list[dict]] = {}
    for m in mentions:
        if m["doc_id"] in by_doc:
            want.setdefault((m["doc_id"], m["sentence"]), []).append(m)
    keys, words, offsets = [], [], []
    for (doc_id, k) in sorted(want):
        lines = doc_sentences(by_doc[doc_id])
        if k >= len(lines):
            continue
        keys.append((doc_id, k))
        words.append(lines[k].split(" "))
        offsets.append(sum(len(ln.split(" ")) for ln in lines[:k]))
    out: dict[str, Arguments] = {}
    parsed = nlp.pipe((Doc(nlp.vocab, words=w) for w in words), batch_size=64)
    for key, off, doc in zip(keys, offsets, parsed, strict=True):
        for m in want[key]:
            pos = [t - 1 - off for t in m["token_ids"] if 0 <= t - 1 - off < len(doc)]
            out[f"{m['doc_id']}:{m['m_id']}"] = arguments_of(doc, pos)
    return out


def build(docs: list[dict], mentions: list[dict], parse: bool = True) -> tuple[dict[str, str], EventViews, PairFeatures, dict[str, str], int]:
    """(story of each doc, mention views, their pair features, gold chain of each mention,
    story comparisons). Mentions are ordered by doc then position: the online order.
    ``parse``: fill each mention's arguments from its parsed sentence."""
    story, df, compared = cdcr.stories_of(docs)
    vecs = df.weigh(counts([d["text"] for d in docs]))
    doc_vecs = {d["doc_id"]: vecs[i] for i, d in enumerate(docs)}
    by_doc = {d["doc_id"]: d for d in docs}
    views = EventViews()
    gold: dict[str, str] = {}
    ms = sorted((m for m in mentions if m["doc_id"] in by_doc), key=lambda m: (m["doc_id"], m["sentence"], m["token_ids"][0]))
    args = mention_arguments(docs, ms) if parse else {}
    for m in ms:
        sents = doc_sentences(by_doc[m["doc_id"]])
        sent = sents[m["sentence"]] if m["sentence"] < len(sents) else m["text"]
        mid = f"{m['doc_id']}:{m['m_id']}"
        views.add(mid, m["doc_id"], m["text"], sent, args=args.get(mid), order=m["sentence"])
        gold[mid] = m["chain_id"]
    return story, views, PairFeatures(views, doc_vecs, df, [story[a] for a in views.article]), gold, compared


def cluster_mentions(views: EventViews, pf: PairFeatures, story: dict[str, str], model: PairModel, threshold: float | None = None) -> dict[str, str]:
    return cdcr.cluster_mentions(views, pf, lambda i: story[views.article[i]], model, threshold)


def lemma_baseline(views: EventViews, story: dict[str, str]) -> dict[str, str]:
    return cdcr.lemma_baseline(views, lambda i: story[views.article[i]])


def topics_filter(keep: Keep) -> Callable[[dict], bool]:
    """The documents of a part: the test topics for test, the dev topics for dev."""
    if keep is None:
        return lambda d: True
    probe_test = keep("36_1ecb")  # a test document: True only when scoring the test part
    topics = TEST_TOPICS if probe_test else DEV_TOPICS
    return lambda d: keep(d["doc_id"]) and d["topic"] in topics


def eval_ecbplus(path: Path, limit: int | None = None, stride: int = 1, keep: Keep = None, model: PairModel | None = None) -> dict[str, Any]:
    t0 = time.perf_counter()
    docs = read_docs(path)
    want = topics_filter(keep)
    topics = sorted({d["topic"] for d in docs if want(d)})
    topics = sample(topics, None, stride, limit)
    docs = [d for d in docs if want(d) and d["topic"] in set(topics)]
    mentions = read_mentions(path)
    t1 = time.perf_counter()
    story, views, pf, gold, compared = build(docs, mentions)
    t_story = time.perf_counter() - t1
    out: dict[str, Any] = {"topics": len(topics), "documents": len(docs)}
    out.update(cdcr.document_scores("story", {d["doc_id"]: d["subtopic"] for d in docs}, story, "stories"))
    out["story_comparisons"] = compared
    t2 = time.perf_counter()
    pred = cluster_mentions(views, pf, story, model or PairModel.load())
    t_events = time.perf_counter() - t2
    out.update(cdcr.mention_scores(gold, pred, {"lemma": lemma_baseline(views, story)}))
    out["seconds_stories"] = round(t_story, 2)
    out["seconds_events"] = round(t_events, 2)
    out["seconds"] = round(time.perf_counter() - t0, 2)
    return out


def run(path: Path, *, limit: int | None, stride: int, keep: Keep, pipeline: Any) -> dict:
    """:class:`EvalSet` entry point (the coding pipeline is not used: gold mentions)."""
    return eval_ecbplus(path, limit, stride, keep)


def draw_split(path: Path) -> tuple[list[str], list[str], str]:
    docs = read_docs(path)
    ids = [d["doc_id"] for d in docs]
    test = [d["doc_id"] for d in docs if d["topic"] in TEST_TOPICS]
    return ids, test, "test: the documents of topics 36-45 (the standard ECB+ test topics); dev is scored on topics 2, 5, 12, 18, 21, 23, 34, 35"


registry.eval_sets.register(
    "ecbplus",
    func=EvalSet("ecbplus", "ecbplus/ecbplus_docs.jsonl", run, "ecbplus", "ECB+: stories (doc -> sub-topic B-cubed) and event coreference CoNLL F1 with gold mentions"),
)

__all__ = ["DEV_TOPICS", "TEST_TOPICS", "TRAIN_TOPICS", "build", "cluster_mentions", "eval_ecbplus", "read_docs", "read_mentions", "run"]
