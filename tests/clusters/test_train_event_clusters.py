"""The cross-validation machinery of ``scripts/train_event_clusters.py``: its fast clustering
over precomputed probabilities must give the library's clusters (or the CV would choose a
threshold for another procedure), and its folds must keep whole topics apart."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np

from eventcoder.clusters.arguments import Arguments
from eventcoder.clusters.events import EventClusters, PairModel
from eventcoder.clusters.features import FEATURES, EventViews, KeyPrior, PairFeatures
from eventcoder.clusters.text import DocFreq, counts

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import train_event_clusters as T  # noqa: E402

TOWN = (34.45, 40.92)  # an invented town
FAR = (35.95, 39.01)


def _views() -> EventViews:
    """Two invented stories: a ferry seizure told by three outlets (statements by two
    voices, an unattributed one) and a report whose own background the constraints set
    apart (a hypothetical retaking, an older raid, a raid at another town)."""
    v = EventViews()
    port = Arguments(frozenset({"coastguard"}), speakers=frozenset({"coastguard"}))
    owner = Arguments(frozenset({"owner"}), speakers=frozenset({"owner"}))
    v.add(
        "a-seized",
        "a",
        "seized",
        "Gunmen seized a ferry off Port Varo on Monday, the coastguard said.",
        order=0,
    )
    v.add(
        "a-said",
        "a",
        "said",
        "Gunmen seized a ferry off Port Varo on Monday, the coastguard said.",
        args=port,
        order=0,
    )
    v.add(
        "b-hijack",
        "b",
        "hijacking",
        "The hijacking of the Varo ferry left forty passengers stranded.",
        order=0,
    )
    v.add(
        "b-said",
        "b",
        "said",
        "The ferry's owner said the crew was unharmed after the hijacking.",
        args=owner,
        order=1,
    )
    v.add(
        "c-took",
        "c",
        "took",
        "Armed men took a passenger ferry near Port Varo, officials said.",
        order=0,
    )
    v.add(
        "c-said",
        "c",
        "said",
        "Armed men took a passenger ferry near Port Varo, officials said.",
        order=0,
    )
    v.add(
        "c-stated",
        "c",
        "stated",
        "The coastguard stated that talks with the gunmen had begun.",
        args=port,
        order=2,
    )
    v.add(
        "r-raid",
        "r",
        "raided",
        "Troops raided Qasr Talib on Sunday.",
        type="ASSAULT",
        place=(*TOWN, "point"),
        order=0,
        status="asserted",
        historical=False,
        when="on Sunday",
    )
    v.add(
        "r-hope",
        "r",
        "retake",
        "Officials hope to retake Qasr Talib.",
        type="ASSAULT",
        place=(*TOWN, "point"),
        order=1,
        status="hypothetical",
        historical=False,
    )
    v.add(
        "r-old",
        "r",
        "raid",
        "A raid hit Qasr Talib in 2015.",
        type="ASSAULT",
        place=(*TOWN, "point"),
        order=2,
        status="asserted",
        historical=True,
    )
    v.add(
        "r-far",
        "r",
        "raided",
        "Troops raided Dar Mina on Sunday.",
        type="ASSAULT",
        place=(*FAR, "point"),
        order=3,
        status="asserted",
        historical=False,
        when="on Sunday",
    )
    v.add(
        "s-raid",
        "s",
        "raid",
        "The Sunday raid on Qasr Talib killed two.",
        type="ASSAULT",
        place=(*TOWN, "point"),
        order=0,
        status="asserted",
        historical=False,
        when="Sunday",
    )
    return v  # fmt: skip


def _built(v: EventViews) -> tuple:
    story = {a: ("ferry" if a in "abc" else "raid") for a in set(v.article)}
    df = DocFreq()
    df.update(counts(v.sentences))
    docs = {
        a: df.weigh(
            counts([" ".join(s for s, b in zip(v.sentences, v.article, strict=True) if b == a)])
        )
        for a in set(v.article)
    }
    return story, v, PairFeatures(v, docs, df, [story[a] for a in v.article]), {}, 0


def test_fast_clustering_gives_the_library_clusters_at_every_threshold() -> None:
    v = _views()
    built = _built(v)
    story, _, pf, _, _ = built
    n = len(FEATURES)
    rng = np.random.default_rng(3)
    prior = KeyPrior({("said", "said"): 0.6}, 0.1)
    tables = T.block_tables(built, prior)
    assert sorted(len(r) for r, *_ in tables) == [5, 7]
    kinds = set()
    for seed_model in range(4):
        model = PairModel(
            np.zeros(n), np.ones(n), rng.normal(0, 1.5, n), float(rng.normal(0, 1)), 0.5, {}, prior
        )
        probs = [model.prob(X.reshape(-1, n)).reshape(len(r), len(r)) for r, X, *_ in tables]
        for th in (0.05, 0.3, 0.5, 0.7, 0.95):
            ec = EventClusters(model, threshold=th, max_candidates=10_000, max_members=10_000)
            lib = ec.assign_all(pf, list(range(len(v))), [story[a] for a in v.article])
            want = {frozenset(v.ids[i] for i in lib if lib[i] == c) for c in set(lib.values())}
            fast = T.fast_cluster(tables, probs, v.ids, th)
            got = {frozenset(k for k in fast if fast[k] == c) for c in set(fast.values())}
            assert got == want, (seed_model, th)
            kinds.add(len(got))
    assert len(kinds) > 2  # the models and thresholds did cluster differently


def test_folds_deal_whole_topics_and_the_prior_leaves_each_topic_out() -> None:
    folds = T.folds_of({1, 3, 4, 6, 7, 9, 10}, 3)
    assert folds == [frozenset({1, 6, 10}), frozenset({3, 7}), frozenset({4, 9})]
    assert frozenset().union(*folds) == {1, 3, 4, 6, 7, 9, 10}
    # a key pair seen only in topic 1: its training rows there get the base rate, not their own label
    keys = [("nab", "seiz")] * 4 + [("say", "say")] * 4
    y = np.array([1, 1, 1, 1, 0, 0, 1, 0], dtype=bool)
    topics = [1, 1, 1, 1, 1, 2, 2, 2]
    X = np.zeros((8, len(FEATURES)), dtype=np.float32)
    T.fill_prior(X, keys, topics, T.key_counts(keys, y, topics))
    col = X[:, FEATURES.index("key_prior")]
    pos2, tot2 = Counter({("say", "say"): 1}), Counter({("say", "say"): 3})
    assert np.allclose(col[:4], KeyPrior.fit(pos2, tot2).base)
    assert col[0] < KeyPrior.fit(Counter({("nab", "seiz"): 4}), Counter({("nab", "seiz"): 4})).rate(
        "nab", "seiz"
    )


def test_a_fold_seed_deals_the_same_topics_otherwise_and_the_default_is_unchanged() -> None:
    topics = set(range(1, 34))
    default = T.folds_of(topics, 5)
    assert T.folds_of(topics, 5, None) == default
    assert default[0] == frozenset({1, 6, 11, 16, 21, 26, 31})
    dealt = T.folds_of(topics, 5, 3)
    assert dealt == T.folds_of(topics, 5, 3)  # reproducible
    assert dealt != default and dealt != T.folds_of(topics, 5, 4)
    assert frozenset().union(*dealt) == topics
    assert sum(len(f) for f in dealt) == len(topics)  # disjoint: whole topics, each once
    assert sorted(len(f) for f in dealt) == sorted(len(f) for f in default)


class _Fold:
    """A cached fold reduced to what the dealing check reads."""

    def __init__(self, topics: frozenset[int]) -> None:
        self.topics = topics


def test_a_fold_cache_of_another_dealing_is_refused(tmp_path, monkeypatch) -> None:
    import pickle

    import pytest

    topics = {1, 2, 3, 4}
    assert T.folds_of(topics, 2, 7) != T.folds_of(topics, 2)
    monkeypatch.setattr(T.E, "read_docs", lambda p: [{"topic": t, "doc_id": f"{t}_1"} for t in topics])
    monkeypatch.setattr(T.E, "read_mentions", lambda p: [])
    monkeypatch.setattr(T.E, "TRAIN_TOPICS", frozenset(topics))
    cache = tmp_path / "folds.pkl"
    cache.write_bytes(pickle.dumps([_Fold(f) for f in T.folds_of(topics, 2)]))
    with pytest.raises(SystemExit, match="not this dealing"):
        T.main(["--folds", "2", "--fold-seed", "7", "--fold-cache", str(cache), "--out", str(tmp_path / "m.json")])


def test_coded_cache_codes_only_the_documents_it_lacks(tmp_path, monkeypatch):
    """Each fold asks the cache for its own documents: a cache written for the first fold
    must be extended for the next, not returned as it is (it starved the other folds)."""
    import eventcoder.engine as engine
    import eventcoder.pipeline as pipeline

    coded: list[str] = []

    class _Event:
        def __init__(self, doc: str) -> None:
            self.doc = doc

        def to_dict(self) -> dict:
            return {"trigger": {"text": "seized"}, "sentence": f"{self.doc} seized a ferry."}

    class _Coded:
        def __init__(self, raw) -> None:
            self.article = type("A", (), {"origin": raw.origin})()
            self.events = [_Event(raw.origin.path)]

    def fake_process(raws, pipe, batch_size=32):
        raws = list(raws)
        coded.extend(r.origin.path for r in raws)
        yield [("coded", _Coded(r)) for r in raws]

    monkeypatch.setattr(engine, "process", fake_process)
    monkeypatch.setattr(pipeline, "Pipeline", lambda: None)
    cache = tmp_path / "coded.json"
    first = [{"doc_id": "1_1ecb", "text": "Gunmen seized a ferry."}]
    second = [{"doc_id": "2_1ecb", "text": "Rebels seized a port."}]
    assert list(T.coded_events(first, cache)) == ["1_1ecb"]
    got = T.coded_events(second, cache)
    assert got["2_1ecb"][0]["sentence"].startswith("2_1ecb")
    assert coded == ["1_1ecb", "2_1ecb"]  # each document coded once
    assert set(T.coded_events(first + second, cache)) == {"1_1ecb", "2_1ecb"}
    assert coded == ["1_1ecb", "2_1ecb"]  # all cached now: nothing coded again


def test_the_model_file_keeps_the_key_prior_backoff(tmp_path) -> None:
    from eventcoder.clusters.features import Backoff
    from eventcoder.errors import ConfigError

    prior = KeyPrior.fit(
        Counter({("kill", "kill"): 14}), Counter({("kill", "kill"): 16, ("say", "tell"): 30}), backoff=Backoff(0.6, 1.0, 50)
    )
    n = len(FEATURES)
    model = PairModel(np.zeros(n), np.ones(n), np.zeros(n), 0.0, 0.3, {}, prior)
    path = tmp_path / "m.json"
    path.write_text(T.dumps(model.to_json(script="test")), "utf-8")
    back = PairModel.load(path)
    assert back.prior is not None and back.prior.backoff == Backoff(0.6, 1.0, 50)
    assert abs(back.prior.rate("murder", "kill") - prior.rate("murder", "kill")) < 1e-3
    path.write_text(path.read_text("utf-8").replace('"neighbours": 50', '"neighbours": 0'), "utf-8")
    import pytest

    with pytest.raises(ConfigError, match="E401"):
        PairModel.load(path)


def test_the_model_file_keeps_the_shrunk_seen_pairs(tmp_path) -> None:
    import pytest

    from eventcoder.clusters.features import Backoff
    from eventcoder.errors import ConfigError

    pos = Counter({("kill", "kill"): 14, ("kill", "murder"): 0})
    tot = Counter({("kill", "kill"): 16, ("kill", "murder"): 3, ("say", "tell"): 30})
    prior = KeyPrior.fit(pos, tot, backoff=Backoff(0.6, 1.0, 50, 2.0))
    n = len(FEATURES)
    model = PairModel(np.zeros(n), np.ones(n), np.zeros(n), 0.0, 0.3, {}, prior)
    path = tmp_path / "m.json"
    path.write_text(T.dumps(model.to_json(script="test")), "utf-8")
    back = PairModel.load(path)
    assert back.prior is not None and back.prior.backoff == Backoff(0.6, 1.0, 50, 2.0)
    assert back.prior.rate("murder", "kill") == round(prior.rate("kill", "murder"), 4)
    assert back.prior.rate("murder", "kill") > KeyPrior.fit(pos, tot).rate("kill", "murder")
    path.write_text(path.read_text("utf-8").replace('["kill", "murder", ', '["kill", '), "utf-8")
    with pytest.raises(ConfigError, match="E401"):
        PairModel.load(path)


def test_the_model_file_keeps_the_words_a_key_embeds_as(tmp_path) -> None:
    import pytest

    from eventcoder.clusters.features import Backoff
    from eventcoder.errors import ConfigError

    # per topic, how often each (key, head word) heads a mention; a key's words are its most
    # frequent ones (ties alphabetical), counted over the topics given
    counts = Counter({("fir", "fire"): 3, ("fir", "fired"): 5, ("fir", "fires"): 5, ("quak", "quake"): 2})
    assert T.words_of(counts, 1) == {"fir": ("fired",), "quak": ("quake",)}
    assert T.words_of(counts, 2) == {"fir": ("fired", "fires"), "quak": ("quake",)}
    assert T.words_of(counts, 0) == {}
    prior = KeyPrior.fit(
        Counter({("fir", "fir"): 14}),
        Counter({("fir", "fir"): 16, ("say", "tell"): 30}),
        backoff=Backoff(0.5, 1.0, 50),
        words=T.words_of(counts, 1),
    )
    n = len(FEATURES)
    model = PairModel(np.zeros(n), np.ones(n), np.zeros(n), 0.0, 0.3, {}, prior)
    path = tmp_path / "m.json"
    path.write_text(T.dumps(model.to_json(script="test")), "utf-8")
    back = PairModel.load(path)
    assert back.prior is not None and back.prior.words == {"fir": ("fired",), "quak": ("quake",)}
    assert abs(back.prior.rate("burn", "fir") - prior.rate("burn", "fir")) < 1e-3
    path.write_text(path.read_text("utf-8").replace('["quak", "quake"]', '["quak", 7]'), "utf-8")
    with pytest.raises(ConfigError, match="E401"):
        PairModel.load(path)
