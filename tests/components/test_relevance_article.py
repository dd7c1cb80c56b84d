"""The article-level relevance gate and the genre corpus it is trained on (``corpus/gate``).

The texts below are written for these tests (invented clubs' players, invented incidents); none
is taken from the corpus or from an evaluation set.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from eventcoder.components.relevance import (
    Relevance,
    RelevanceModel,
    article_features,
    features,
    load_model,
)
from eventcoder.errors import ConfigError
from eventcoder.nlp import split_sentences
from eventcoder.records import Origin, RawRecord

ROOT = Path(__file__).resolve().parents[2]
GATE = ROOT / "corpus" / "gate"

MATCH_REPORT = """Brentford came from two goals down to draw 2-2 with Crystal Palace on Saturday, rescuing a point with a header deep into stoppage time.
Palace had been rampant in the first half. Their winger cut inside and shot past the goalkeeper after 11 minutes, and the visitors doubled the lead before the break when a free-kick took a wicked deflection off the wall.
The home side fought back after the interval. Their substitute striker pulled one back with a low drive on 70 minutes, and the centre-back rose highest to meet a corner in the 94th minute.
"We showed character," the Brentford manager said. "At half-time the dressing room was quiet, but the players never stopped attacking."
The draw leaves both clubs in mid-table ahead of the international break."""

# the same genre, but the article carries an event: the gate must not judge by topic alone
STADIUM_CLASH = """Riot police fired tear gas and water cannon at hundreds of supporters outside the national stadium in Jakarta on Saturday after fans without tickets tried to push through a locked gate before a league match.
Officers beat several young men with batons, witnesses said, and at least 20 people were treated in hospital for breathing problems and injuries.
Police said 35 people had been arrested and that an inquiry into the handling of the crowd would be opened.
The match went ahead after a delay of an hour, and the home side won 1-0.
Supporters' groups accused the police of using excessive force and called for the officers involved to be suspended."""


@pytest.fixture(scope="module")
def model() -> RelevanceModel:
    return load_model("relevance.json")


def test_article_features_are_distinct_word_buckets():
    words = article_features("Shot, shot and SHOT again on 12 May", 18, ngrams=1)
    assert words == sorted(set(words))
    assert len(words) == 6  # shot, and, again, on, 00, may
    assert set(words) <= set(features("shot and again on 12 may", 18))
    assert len(article_features("shot and again", 18, ngrams=2)) > len(article_features("shot and again", 18, ngrams=1))


def test_shipped_model_has_an_article_part_trained_on_the_genre_corpus(model):
    assert model.article_threshold is not None and 0.0 < model.article_threshold < 0.5
    meta = model.meta["article_model"]
    assert meta["heldout_recall_at_threshold"] == 1.0
    assert meta["train_articles_without_event"] >= 100
    assert "corpus/gate" in model.meta["corpus"]


def test_a_match_report_is_rejected_whole_and_a_stadium_clash_is_not(model):
    assert model.article_prob(MATCH_REPORT) < model.article_threshold
    assert model.article_prob(STADIUM_CLASH) >= model.article_threshold
    gate = Relevance(model)
    assert gate.select(_article(MATCH_REPORT), split_sentences(MATCH_REPORT)) == []
    kept = gate.select(_article(STADIUM_CLASH), split_sentences(STADIUM_CLASH))
    assert any("tear gas" in s.text for s in kept)


def test_a_short_text_is_never_rejected_by_the_article_model(model):
    note = "Police fired tear gas at fans outside the stadium; 35 were arrested."
    assert len(note.split()) < model.article_min_words
    assert model.article_prob(note) == 1.0
    # nor a short sports line: the sentence model alone decides there
    assert model.article_prob("The striker shot wide twice before the interval.") == 1.0


def test_article_threshold_zero_turns_only_the_article_gate_off(model):
    sents = split_sentences(MATCH_REPORT)
    off = Relevance(model, article_threshold=0.0)
    z = model.article_logit(MATCH_REPORT)
    assert off.select(_article(MATCH_REPORT), sents) == [s for s in sents if model.prob(s.text, z, s.start) >= model.threshold]


def test_the_pipeline_gates_a_match_report(pipeline):
    art = pipeline.prepare(RawRecord(text=MATCH_REPORT, origin=Origin("<test>")))
    (coded,) = pipeline.code_many([art])
    assert coded.gated and coded.events == []


def test_a_malformed_article_part_is_a_coded_config_error():
    base = {"kind": "hashed-ngram-logistic", "bits": 4, "bias": 0.0, "weights": {}, "threshold": 0.5}
    with pytest.raises(ConfigError) as err:
        RelevanceModel({**base, "article": {"bias": 0.0}})
    assert err.value.code == "E501"
    m = RelevanceModel({**base, "article": {"bias": -3.0, "weights": {}, "threshold": 0.5, "min_words": 3, "ngrams": 1}})
    assert m.article_prob("one two") == 1.0 and m.article_prob("one two three four") < 0.5


def _build_module():
    spec = importlib.util.spec_from_file_location("gate_build", GATE / "build.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_genre_corpus_is_built_from_its_sources():
    """articles.jsonl is what build.py makes of sources/*.txt (no hand edit drifts), every
    event article marks its event sentences, and the corpus has the size the README claims."""
    build = _build_module()
    from_sources = sorted((a for p in sorted((GATE / "sources").glob("*.txt")) for a in build.parse(p)), key=lambda a: a["id"])
    shipped = [json.loads(line) for line in (GATE / "articles.jsonl").open(encoding="utf-8")]
    assert [a["id"] for a in shipped] == [a["id"] for a in from_sources]
    assert all(a["text"] == b["text"] and a["event_spans"] == b["event_spans"] for a, b in zip(shipped, from_sources, strict=True))
    assert sum(not a["event"] for a in shipped) >= 150 and sum(a["event"] for a in shipped) >= 40
    for a in shipped:
        for s, e in a["event_spans"]:
            assert a["text"][s:e].strip() and "[[" not in a["text"]


def test_build_rejects_an_event_article_without_a_marked_sentence(tmp_path):
    build = _build_module()
    src = tmp_path / "x.txt"
    src.write_text("### x-1 | sport | event | A title\nNothing is marked here.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="marks no event sentence"):
        build.parse(src)
    src.write_text("### x-2 | sport | none | A title\nPolice [[arrested a fan]] here.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="marks an event sentence"):
        build.parse(src)
    src.write_text("### x-3 | sport | event | A title\nFirst. [[Police arrested a fan.]] Last.\n", encoding="utf-8")
    (a,) = build.parse(src)
    (s, e), = a["event_spans"]
    assert a["text"][s:e] == "Police arrested a fan."


def _article(text: str):
    """The cleaned article record the gate sees (``clean`` only: no second spaCy load)."""
    from eventcoder.clean import clean

    return clean(RawRecord(text=text, origin=Origin("<test>")))
