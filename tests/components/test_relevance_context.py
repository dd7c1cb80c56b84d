"""The sentence gate that reads its article's score (``context`` in relevance.json).

A sentence model sees only its sentence's words: "the striker shot" and "the soldier shot" share
most of them. Given the article model's logit as a feature (in unit bins), the same sentence
needs more evidence in an article the article model found unpolitical than in one it found
political. The texts are written for these tests.
"""

from __future__ import annotations

import zlib

import pytest

from eventcoder.clean import clean
from eventcoder.components.relevance import Relevance, RelevanceModel, context_features, load_model
from eventcoder.errors import ConfigError
from eventcoder.nlp import split_sentences
from eventcoder.records import Origin, RawRecord

SHOT = "The forward was shot down by the defender's tackle in the second half."

POLITICAL = """Security forces opened fire on demonstrators in the capital on Sunday, killing four people, after protesters marched on the parliament to demand the release of detained opposition leaders.
The interior ministry said officers had been attacked with stones and petrol bombs and had arrested 60 people, while the opposition accused the government of ordering a massacre.
The United Nations human rights office called for an independent investigation and urged the authorities to release those held without charge.
Witnesses said soldiers beat fleeing marchers with rifle butts near the central square, and hospitals reported dozens of wounded.
Opposition leaders called a general strike for Tuesday and said they would not negotiate while their colleagues remained in custody."""

MATCH = """United came from behind to beat City 3-1 on Saturday, with their striker scoring twice after the interval and the home crowd roaring them on.
City had led through an early header from a corner and dominated the first half, hitting the post twice as United struggled to keep the ball.
The turning point came just after the restart, when United's winger cut inside and shot low into the far corner, and the visitors' defence never recovered.
The striker added two more in ten minutes, the second a curling free-kick over the wall, and the manager said his players had shown real character.
The win lifts United to third in the table, two points behind the leaders, ahead of next week's cup tie away at Rovers."""


def _crc(tag: str, bits: int) -> int:
    return zlib.crc32(tag.encode()) & ((1 << bits) - 1)


def test_context_buckets_bin_the_article_logit_and_the_position():
    assert context_features(18, ("article",), None, 0) == [_crc("#artshort", 18)]
    assert context_features(18, ("article",), -1.5, 0) == [_crc("#art-2", 18)]
    assert context_features(18, ("article",), 0.2, 0) == [_crc("#art0", 18)]
    assert context_features(18, ("article",), 12.0, 0) == [_crc("#art5", 18)]  # clipped
    assert context_features(18, ("article", "position"), 1.0, 850) == [_crc("#art1", 18), _crc("#pos2", 18)]
    assert context_features(18, (), 1.0, 0) == []


def _toy(context: list[str]) -> RelevanceModel:
    """A hand-set model: no word weights, a bias of 0, the article bins alone decide."""
    bits = 18
    w = {str(_crc("#art-3", bits)): -4.0, str(_crc("#art2", bits)): 4.0}
    return RelevanceModel({"kind": "hashed-ngram-logistic", "bits": bits, "bias": 0.0, "weights": w, "threshold": 0.5, "context": context,
                           "article": {"bias": 0.0, "threshold": 0.01, "min_words": 5, "ngrams": 1, "weights": {}}})


def test_the_same_sentence_passes_or_not_by_its_article_score():
    m = _toy(["article"])
    assert m.prob(SHOT, -2.5) < 0.5 < m.prob(SHOT, 2.7)
    assert m.prob(SHOT, None) == pytest.approx(0.5)  # a short text: its own bin, no weight here
    # without context the same weights never fire
    plain = RelevanceModel({**_raw(m), "context": []})
    assert plain.prob(SHOT, -2.5) == plain.prob(SHOT, 2.7)


def _raw(m: RelevanceModel) -> dict:
    return {"kind": "hashed-ngram-logistic", "bits": m.bits, "bias": m.bias, "weights": {str(k): v for k, v in m.weights.items()}, "threshold": m.threshold}


def test_select_passes_the_article_logit_to_each_sentence(monkeypatch):
    m = _toy(["article"])
    art = clean(RawRecord(text=MATCH, origin=Origin("<test>")))
    sents = split_sentences(art.text)
    gate = Relevance(m, article_threshold=0.0)  # article gate off: the sentence context alone
    monkeypatch.setattr(m, "article_logit", lambda text: -2.5)
    assert gate.select(art, sents) == []
    monkeypatch.setattr(m, "article_logit", lambda text: 2.5)
    assert gate.select(art, sents) == sents


def test_an_unknown_context_is_a_coded_config_error():
    with pytest.raises(ConfigError) as err:
        RelevanceModel({**_raw(_toy([])), "context": ["weather"]})
    assert err.value.code == "E501"


def test_shipped_model_scores_a_sentence_higher_in_a_political_article():
    m = load_model("relevance.json")
    if "article" not in m.context:
        pytest.skip("the shipped sentence model reads no article context")
    zp, zm = m.article_logit(POLITICAL), m.article_logit(MATCH)
    assert zp is not None and zm is not None and zp > zm
    assert m.prob(SHOT, zp) > m.prob(SHOT, zm)
    # and the gate keeps the political report's violent sentences
    art = clean(RawRecord(text=POLITICAL, origin=Origin("<test>")))
    kept = Relevance(m).select(art, split_sentences(art.text))
    assert any("opened fire" in s.text for s in kept)


def _trainer():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import train_relevance

    return train_relevance


def test_trainer_and_gate_score_alike():
    """What the trainer fits is what the gate computes: the same buckets for a sentence and its
    context, and the same article score once the article part records its n-grams (it once
    did not, and the gate scored words + bigrams against weights fitted on words)."""
    tr = _trainer()
    exs = [
        {"text": POLITICAL.split("\n")[0], "y": 1, "z": 2.2, "start": 0},
        {"text": MATCH.split("\n")[2], "y": 0, "z": -2.7, "start": 400},
        {"text": SHOT, "y": 0, "z": None, "start": 0},
    ]
    bias, w = tr.train(exs, 18, 3, 1e-4, 0.2, ("article",))
    m = RelevanceModel({"kind": "hashed-ngram-logistic", "bits": 18, "bias": bias, "weights": {str(k): v for k, v in w.items()}, "threshold": 0.5, "context": ["article"],
                        "article": {"bias": 0.0, "threshold": 0.5, "min_words": 80, "ngrams": 1, "weights": {}}})
    for e in exs:
        assert m.prob(e["text"], e["z"], e["start"]) == pytest.approx(tr.prob(bias, w, e, 18, ("article",)))
    arts = [{"text": POLITICAL, "y": 1}, {"text": MATCH, "y": 0}]
    ab, aw = tr.train_articles(arts, 18, 3, 1e-4, 0.2, 1.0, 1)
    m2 = RelevanceModel({**_raw(m), "article": {"bias": ab, "threshold": 0.5, "min_words": 80, "ngrams": 1, "weights": {str(k): v for k, v in aw.items()}}})
    for text in (POLITICAL, MATCH):
        assert m2.article_logit(text) == pytest.approx(tr.article_logit(ab, aw, text, 18, 1, 80))
    assert m2.article_prob(POLITICAL) > 0.5 > m2.article_prob(MATCH)


def test_threshold_keeps_the_asked_share_of_positives():
    tr = _trainer()
    scored = [(0.9, 1), (0.8, 0), (0.5, 1), (0.3, 1), (0.1, 0)]
    assert tr.pick_threshold(scored, 1.0) == 0.3
    assert tr.pick_threshold(scored, 0.6) == 0.5
    # an article the article gate rejects costs its positive sentences whatever the threshold
    got = tr.combined([(0.9, 1, True), (0.8, 1, False), (0.2, 0, True)], 0.5)
    assert got["recall"] == 0.5 and got["parsed_share"] == 0.3333  # rounded to 4 places
