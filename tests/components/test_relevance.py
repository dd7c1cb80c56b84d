"""The relevance gate: a learned sentence filter before parsing, and article gating."""

from __future__ import annotations

import json

import pytest

from eventcoder.clean import clean
from eventcoder.components.relevance import Relevance, RelevanceModel, features, load_model
from eventcoder.errors import ConfigError
from eventcoder.nlp import split_sentences
from eventcoder.pipeline import Pipeline, load_config
from eventcoder.records import Origin, RawRecord


def test_features_are_stable_hashes():
    a = features("Troops shelled the town on 12 May.", 18)
    assert a == features("troops shelled the town on 99 may.", 18)  # case and digits folded
    assert all(0 <= f < 2**18 for f in a)
    assert len(a) == 2 * 7 - 1 + 1  # 7 words, 6 bigrams, one length bucket


def test_shipped_model_keeps_what_it_was_tuned_to_keep():
    m = load_model("relevance.json")
    assert m.meta["heldout_recall_at_threshold"] >= 0.98
    assert "corpus/events" in m.meta["corpus"]
    violent = "Gunmen opened fire on a police checkpoint, killing three officers, the army said."
    assert m.prob(violent) >= m.threshold
    # a conflict sentence scores above a sentence about a football score with a trigger word
    sport = "The striker shot wide twice before the interval as the visitors held on."
    assert m.prob(violent) > m.prob(sport)


def test_gate_filters_candidate_sentences():
    m = load_model("relevance.json")
    sents = split_sentences("Rebels attacked an army base near the border overnight. The film won praise from critics.")
    art = clean(RawRecord(text="Rebels attacked an army base near the border overnight. The film won praise from critics.", origin=Origin("<test>")))
    first = m.prob(sents[0].text, m.article_logit(art.text), sents[0].start)
    strict = Relevance(m, threshold=first + 1e-9, article_threshold=0.0)  # no article gate: sentences only
    assert sents[0] not in strict.select(art, sents)
    assert sents[0] in Relevance(m, threshold=first, article_threshold=0.0).select(art, sents)
    assert Relevance(None).select(None, sents) == sents  # model null: the gate is off


def test_invalid_model_is_a_coded_config_error(tmp_path):
    with pytest.raises(ConfigError) as err:
        RelevanceModel({"kind": "something else"})
    assert err.value.code == "E501"
    bad = tmp_path / "m.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_model(str(bad))
    assert err.value.code == "E501"
    good = tmp_path / "ok.json"
    good.write_text(json.dumps({"kind": "hashed-ngram-logistic", "bits": 4, "bias": 0.0, "weights": {"3": 1.0}, "threshold": 0.5}))
    assert 0.0 < load_model(str(good)).prob("a b c") < 1.0


def test_article_without_a_parseable_sentence_is_gated(pipeline):
    text = "The orchestra played a new symphony on Friday evening.\nThe audience loved the music and the conductor smiled."
    art = pipeline.prepare(RawRecord(text=text, origin=Origin("<test>")))
    (coded,) = pipeline.code_many([art])
    assert coded.gated and coded.events == [] and coded.places == []
    # analyse() is for tools and tests: it always runs the components
    ctx = pipeline.analyse(art)
    assert ctx.parsed == [] and ctx.drafts == []


def test_gating_off_runs_the_components(pipeline):
    cfg = load_config()
    cfg["pipeline"] = {**cfg["pipeline"], "gate_articles": False}
    pipe = Pipeline(config=cfg, nlp=pipeline.nlp, lexicon=pipeline.lexicon, actors=pipeline.actors, geoparser=pipeline.geoparser, acled=pipeline.acled)
    art = pipe.prepare(RawRecord(text="The orchestra played in Vienna on Friday evening.", origin=Origin("<test>")))
    (coded,) = pipe.code_many([art])
    assert not coded.gated and coded.events == []
    assert any(p.name == "Vienna" for p in coded.places)


def test_gate_keeps_the_events_of_a_conflict_report(pipeline, cgtn_article):
    cfg = load_config()
    cfg["components"] = {**cfg["components"], "relevance": {"factory": "relevance", "model": None}}
    ungated = Pipeline(config=cfg, nlp=pipeline.nlp, lexicon=pipeline.lexicon, actors=pipeline.actors, geoparser=pipeline.geoparser, acled=pipeline.acled)
    a = pipeline.code(cgtn_article)
    b = ungated.code(cgtn_article)
    assert not a.gated
    assert {(e.type, e.trigger) for e in a.events} == {(e.type, e.trigger) for e in b.events}


def test_hashed_features_equal_hashing_each_word_and_bigram_afresh() -> None:
    """The memoised word hashes and the continued bigram crc32 give exactly the buckets of
    hashing every folded word and "a b" bigram from scratch (what the model was trained on)."""
    import re
    import zlib

    from eventcoder.components.relevance import article_features, features

    def reference(text: str, bits: int) -> list[int]:
        mask = (1 << bits) - 1
        words = [re.sub("[0-9]", "0", w) for w in re.findall(r"[a-z0-9]+(?:['’][a-z]+)?", text.lower())]
        out = [zlib.crc32(w.encode()) & mask for w in words]
        out += [zlib.crc32(f"{a} {b}".encode()) & mask for a, b in zip(words, words[1:], strict=False)]
        out.append(zlib.crc32(f"#len{min(len(words) // 8, 8)}".encode()) & mask)
        return out

    texts = [
        "Gunmen killed 12 villagers in a raid on Tuesday, the army's spokesman said.",
        "The striker's 2-1 winner in the 89th minute sent the club top; fans didn’t riot.",
        "Ärzte ohne Grenzen said 1,200 people fled after shelling near the border.",
        "",
    ]
    for text in texts * 2:  # the second pass reads the memo
        for bits in (18, 20):
            assert features(text, bits) == reference(text, bits)
            assert article_features(text, bits, 1) == sorted({b for b in reference(text, bits)[: len(re.findall(r"[a-z0-9]+(?:['’][a-z]+)?", text.lower()))]})
