"""``[components.relevance] entity_threshold`` (x26tokens): a sentence the gate let through on a
low score is parsed (its trigger is still read) but gets no entity recogniser; every sentence
the model scores at the threshold or above keeps it. The texts are written for these tests."""

from __future__ import annotations

import pytest

from eventcoder.clean import clean
from eventcoder.components.base import ArticleContext, ParsedSentence
from eventcoder.components.relevance import Relevance, load_model
from eventcoder.errors import ConfigError
from eventcoder.nlp import ENTITY_PIPE, has_entities, split_sentences
from eventcoder.pipeline import Pipeline, load_config
from eventcoder.records import Origin, RawRecord

REPORT = (
    "Gunmen attacked a police station in the north of the province on Sunday, killing three officers, "
    "the regional governor said.\n"
    "The governor's office said a new bridge over the river would open in the spring after the attack on the budget was settled."
)


def _ctx(pipeline: Pipeline, text: str) -> ArticleContext:
    art = clean(RawRecord(text=text, origin=Origin("<entity-threshold>")))
    sents = split_sentences(art.text)
    docs = list(pipeline.nlp.pipe([s.text for s in sents], disable=[ENTITY_PIPE]))
    return ArticleContext(art, sents, [ParsedSentence(s, d) for s, d in zip(sents, docs, strict=True)])


@pytest.mark.parametrize("bad", [1.5, -0.1, "high"])
def test_a_bad_entity_threshold_is_a_coded_error(bad) -> None:
    with pytest.raises(ConfigError) as err:
        Relevance(load_model("relevance.json"), entity_threshold=bad)
    assert err.value.code == "E576"


def test_without_a_threshold_every_asked_sentence_keeps_the_recogniser(pipeline: Pipeline) -> None:
    ctx = _ctx(pipeline, REPORT)
    gate = Relevance(load_model("relevance.json"))
    assert gate.limit_entities(ctx, {0, 1}) == {0, 1}


def test_a_low_scored_sentence_is_withdrawn(pipeline: Pipeline) -> None:
    ctx = _ctx(pipeline, REPORT)
    m = load_model("relevance.json")
    z = m.article_logit(ctx.article.text)
    attack, bridge = (m.prob(p.sentence.text, z, p.sentence.start) for p in ctx.parsed)
    assert attack > bridge  # the report's act scores above the budget talk
    between = (attack + bridge) / 2
    assert Relevance(m, entity_threshold=between).limit_entities(ctx, {0, 1}) == {0}
    assert Relevance(m, entity_threshold=0.0).limit_entities(ctx, {0, 1}) == {0, 1}
    assert Relevance(m, entity_threshold=between).limit_entities(ctx, {1}) == set()


def test_the_pipeline_asks_the_gate_before_it_runs_the_recogniser(pipeline: Pipeline) -> None:
    cfg = load_config()
    cfg["components"] = {**cfg["components"], "relevance": {**cfg["components"]["relevance"], "entity_threshold": 1.0}}
    r = pipeline.resources
    pipe = Pipeline(config=cfg, nlp=r.nlp, lexicon=r.lexicon, actors=r.actors, geoparser=r.geoparser, acled=r.acled)
    art = clean(RawRecord(text=REPORT, origin=Origin("<entity-threshold>")))
    (ctx,) = pipe._contexts([art])
    assert ctx.parsed  # still parsed: the trigger is read from the parse
    assert not any(has_entities(p.doc) for p in ctx.parsed)
    (default,) = pipeline._contexts([art])
    assert has_entities(default.parsed[0].doc)
