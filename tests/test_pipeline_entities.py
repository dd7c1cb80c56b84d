"""``[pipeline] entities``: spaCy's NER only on the sentences a component reads entities in.

The parse runs without the NER; the trigger sentences (and any a component's ``propose``
added) then get it. What the components read in those sentences is what they read when every
sentence has entities, so the events of a report whose parsed sentences all carry a trigger
are the same either way."""

from __future__ import annotations

import pytest

from conftest import CGTN
from eventcoder.clean import clean
from eventcoder.errors import ConfigError
from eventcoder.ingest import read
from eventcoder.nlp import has_entities
from eventcoder.pipeline import Pipeline, load_config
from eventcoder.records import Origin, RawRecord


def _with(pipeline: Pipeline, entities: str) -> Pipeline:
    cfg = load_config()
    cfg = {**cfg, "pipeline": {**cfg["pipeline"], "entities": entities}}
    r = pipeline.resources
    return Pipeline(config=cfg, nlp=r.nlp, lexicon=r.lexicon, actors=r.actors, geoparser=r.geoparser, acled=r.acled)


# invented wording: the second sentence holds a word the trigger lexicon keeps for the parse
# ("ban") but makes no event there; the others report events
TEXT = (
    "Rebel fighters attacked an army checkpoint outside Kandahar on Sunday, killing four soldiers, "
    "provincial officials said.\n"
    "Officials in Kabul said the ban comes into force on 18 February.\n"
    "Police in Herat arrested two men suspected of planning the attack."
)


def test_the_default_runs_ner_only_where_drafts_are(pipeline: Pipeline) -> None:
    needed = _with(pipeline, "needed")
    assert needed.entities_on_demand
    art = clean(RawRecord(text=TEXT, origin=Origin("<t>")))
    ctx = needed.analyse(art)
    assert ctx.drafts
    for d in ctx.drafts:  # every sentence an event is built in has the full pipeline's entities
        assert has_entities(d.parsed.doc)
    draft_docs = {id(d.parsed.doc) for d in ctx.drafts}
    without = [p for p in ctx.parsed if not has_entities(p.doc)]
    assert [p.sentence.text[:9] for p in without] == ["Officials"]  # parsed, no draft: no NER
    assert id(without[0].doc) not in draft_docs
    everything = _with(pipeline, "all")
    assert not everything.entities_on_demand
    ctx_all = everything.analyse(art)
    assert all(has_entities(p.doc) for p in ctx_all.parsed)
    # same entities wherever the on-demand run has them
    by_start = {p.sentence.start: p.doc for p in ctx_all.parsed}
    for p in ctx.parsed:
        if has_entities(p.doc):
            assert [(e.start_char, e.label_) for e in p.doc.ents] == [(e.start_char, e.label_) for e in by_start[p.sentence.start].ents]


def test_the_cgtn_report_codes_the_same_events_either_way(pipeline: Pipeline) -> None:
    (raw,) = list(read([CGTN]))
    art = clean(raw)
    a = _with(pipeline, "all").code(art)
    n = _with(pipeline, "needed").code(art)
    assert len(a.events) >= 5
    assert a.events == n.events
    assert a.places == n.places


def test_a_bad_entities_value_is_a_coded_error(pipeline: Pipeline) -> None:
    with pytest.raises(ConfigError) as err:
        _with(pipeline, "sometimes")
    assert err.value.code == "E530"


class _GateAll:
    """A stand-in gate: it turns every article down (``select`` keeps nothing, ``rejects`` says
    so), and its ``propose`` asks for every sentence."""

    def select(self, article, sentences):
        return []

    def rejects(self, article):
        return True

    def propose(self, article, sentences, selected):
        return list(sentences)


@pytest.mark.parametrize("allowed", [True, False])
def test_propose_in_gated_articles_is_a_setting(pipeline: Pipeline, allowed: bool) -> None:
    # [pipeline] propose_in_gated: whether a component's propose() may bring sentences into an
    # article a component's rejects() turned down as a whole (the default: it may not)
    cfg = load_config()
    cfg = {**cfg, "pipeline": {**cfg["pipeline"], "propose_in_gated": allowed}}
    r = pipeline.resources
    pipe = Pipeline(config=cfg, nlp=r.nlp, lexicon=r.lexicon, actors=r.actors, geoparser=r.geoparser, acled=r.acled)
    pipe.components = [_GateAll(), *pipe.components]
    art = clean(RawRecord(text="Talks on the budget resumed on Monday, the minister said.", origin=Origin("gate-test")))
    (out,) = pipe._contexts([art])
    assert getattr(out, "gated", False) is not allowed


def test_the_default_keeps_gated_articles_gated() -> None:
    assert load_config()["pipeline"]["propose_in_gated"] is False
