"""Reporting and communication mentions ("said", "reported", "a statement"): their class
comes from ``lang/en/clusters.yaml``, their speaker from the parse, and the clustering keeps
one voice's statement apart from another's, on small invented reports."""

from __future__ import annotations

import numpy as np

from eventcoder.clusters.arguments import Arguments, mention_arguments
from eventcoder.clusters.events import EventClusters, PairModel
from eventcoder.clusters.features import FEATURES, EventViews, PairFeatures, reporting_keys
from eventcoder.clusters.text import DocFreq, counts
from eventcoder.lang import words


def test_the_reporting_class_is_data_and_matches_any_inflection() -> None:
    assert "say" in words("reporting_triggers")
    keys = reporting_keys()
    from eventcoder.clusters.arguments import head_key

    for form in ("said", "says", "told", "reported", "reports", "announced", "according"):
        assert head_key(form) in keys, form
    for form in ("shot", "arrested", "fire", "crash"):
        assert head_key(form) not in keys, form


def _positions(doc, text: str) -> list[int]:
    return [next(t.i for t in doc if t.text == text)]


def test_the_speaker_is_the_subject_agent_or_source_of_a_report() -> None:
    from eventcoder.nlp import load_model

    nlp = load_model()
    doc = nlp("A truck hit a cyclist on the bridge late on Friday, city police said.")
    a = mention_arguments(doc, _positions(doc, "said"))
    assert "police" in a.speakers and "cyclist" not in a.speakers
    doc = nlp("The harbour authority announced on Monday that the ferry had been seized.")
    assert "authority" in mention_arguments(doc, _positions(doc, "announced")).speakers
    doc = nlp("Three sailors were rescued, according to the coast guard.")
    assert "guard" in mention_arguments(doc, _positions(doc, "according")).speakers
    # an action's subject is its speaker-side argument too, and an object is not
    doc = nlp("Rebels seized the ferry near the harbour.")
    got = mention_arguments(doc, _positions(doc, "seized"))
    assert "rebel" in got.speakers and "ferry" not in got.speakers


def _story() -> EventViews:
    v = EventViews()
    v.add("r1-said", "r1", "said", "A truck killed a cyclist on the Alder bridge on Friday, police said.",
          args=Arguments(frozenset({"police"}), speakers=frozenset({"police"})), order=0)
    v.add("r2-said", "r2", "said", "Police said a cyclist died after a truck struck him on the Alder bridge.",
          args=Arguments(frozenset({"police"}), speakers=frozenset({"police"})), order=0)
    v.add("r3-said", "r3", "said", "A truck killed a cyclist on the Alder bridge on Friday, his sister said.",
          args=Arguments(frozenset({"sister"}), speakers=frozenset({"sister"})), order=0)
    v.add("r4-said", "r4", "said", "A truck killed a cyclist on the Alder bridge on Friday, it was said.", order=0)
    v.add("r4-killed", "r4", "killed", "A truck killed a cyclist on the Alder bridge on Friday, it was said.",
          args=Arguments(frozenset({"truck", "cyclist"}), speakers=frozenset({"truck"})), order=0)
    return v  # fmt: skip


def _features(v: EventViews) -> PairFeatures:
    df = DocFreq()
    raw = counts(v.sentences)
    df.update(raw)
    docs = {a: df.weigh(counts([s for s, b in zip(v.sentences, v.article, strict=True) if b == a])) for a in set(v.article)}
    return PairFeatures(v, docs, df, ["story"] * len(v))


def test_reporting_pairs_get_their_own_features() -> None:
    v = _story()
    pf = _features(v)
    X = pf.pairs(0, np.arange(1, len(v)))
    col = {f: X[:, FEATURES.index(f)] for f in ("rep_both", "rep_one", "rep_speaker", "rep_speaker_vec", "rep_sent")}
    assert col["rep_both"].tolist() == [1.0, 1.0, 1.0, 0.0]
    assert col["rep_one"].tolist() == [0.0, 0.0, 0.0, 1.0]
    # one voice, another voice, an unknown voice, not a report
    assert col["rep_speaker"].tolist() == [1.0, -1.0, 0.0, 0.0]
    assert col["rep_speaker_vec"][0] > col["rep_speaker_vec"][1]
    assert col["rep_sent"][3] == 0.0 and col["rep_sent"][1] > 0.0


def test_a_statement_joins_only_a_cluster_naming_its_speaker() -> None:
    v = _story()
    pf = _features(v)
    n = len(FEATURES)
    # a model that merges everything (p = sigmoid(5)) ...
    eager = PairModel(np.zeros(n), np.ones(n), np.zeros(n), 5.0, 0.5, {})
    ec = EventClusters(eager)
    got = {v.ids[i]: ec.assign(pf, i, "story") for i in range(len(v))}
    # ... still keeps the sister's statement out of the police's
    assert got["r1-said"] == got["r2-said"] != got["r3-said"]
    # a statement of unknown voice and an action are not constrained
    assert got["r4-said"] == got["r1-said"]
    assert pf.speaker_named(2, np.array([4])) is False
    assert pf.speaker_named(4, np.array([2])) is True  # not a reporting mention


def test_a_block_is_assigned_most_connected_first() -> None:
    from eventcoder.clusters.events import cluster_id_of

    v = EventViews()
    v.add("r1-said", "r1", "said", "Officials said a gunman opened fire at the depot.", order=0)
    v.add("r1-shot", "r1", "shot", "A gunman shot two guards at the Larch depot.", order=1)
    v.add("r2-shooting", "r2", "shooting", "The shooting at the Larch depot left two guards hurt.", order=0)
    v.add("r3-shot", "r3", "shot", "Two guards were shot at the depot on Larch Road.", order=0)
    pf = _features(v)
    n = len(FEATURES)
    coef = np.zeros(n)
    coef[FEATURES.index("key_eq")] = 5.0
    # a model that links two mentions with one head key (p 0.92) and nothing else (p 0.08)
    model = PairModel(np.zeros(n), np.ones(n), coef, -2.5, 0.5, {})
    ec = EventClusters(model)
    assert ec.order(pf, [0, 1, 2, 3]) == [1, 2, 3, 0]
    # the same with a sample of the block (the bound for a giant story)
    assert ec.order(pf, [0, 1, 2, 3], sample=3)[0] in (1, 2, 3)
    got = EventClusters(model).assign_all(pf, [0, 1, 2, 3], ["story"] * 4)
    # the shots found their cluster, named after the first of them; the statement stands alone
    assert got[1] == got[2] == got[3] == cluster_id_of("r1-shot") != got[0]
