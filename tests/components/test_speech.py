"""``speech``: statements typed by what was said, proposed as drafts the lexicon never makes.

Sentences are paraphrases written for these tests (no eval-set text)."""

from __future__ import annotations

import pytest

from eventcoder.components.speech import VERBAL_TYPES, Speech, SpeechModel, features, load_model
from eventcoder.errors import ConfigError

UPTO = ["focus", "triggers", "relevance", "speech", "roles", "modality", "dates", "places", "actors", "acled", "intent", "backrefs", "attribution", "detect"]
CRITICISM = "Opposition leaders said the government had done nothing for years and the chaos was disgraceful."
PRAISE = "The charity said it welcomed the decision and praised the volunteers."
FACT = "Police said three men were arrested near the market on Tuesday."
# the component is off in default.cfg; these tests check its mechanism at a gate of 0.5 (how
# well the shipped model separates statements is measured by `eventcoder eval`, not here)
ON = {"speech": {"model": "speech.json", "threshold": 0.5, "propose_threshold": 0.5}}


def test_features_read_the_speech_form_and_the_content_cues() -> None:
    f = features(CRITICISM)
    assert "verb=said" in f and "cue=criticism" in f and "w=disgraceful" in f
    assert "cue=praise" in features(PRAISE)
    # no verb of saying: nothing to classify
    assert features("The government had done nothing for years.") == ["bias"]


def test_the_shipped_model_types_statements_by_their_content() -> None:
    m = load_model()
    assert set(m.classes) <= {"none", *VERBAL_TYPES} and "none" in m.classes
    assert m.meta["labels"]["none"] > 0 and m.propose_threshold < m.threshold
    etype, p = m.best(CRITICISM)
    assert etype == "ACCUSE" and p >= m.propose_threshold
    etype, p = m.best(PRAISE)
    assert etype == "SUPPORT" and p >= m.threshold
    # a report of a physical act, and an ACLED-style sourced note: not a speech act
    assert m.best(FACT)[1] < m.propose_threshold
    assert m.best("According to local sources, two people were injured when a grenade exploded near a checkpoint.")[1] < m.propose_threshold


def test_a_criticism_without_a_lexicon_trigger_becomes_a_speech_draft(analyse) -> None:
    ctx = analyse(CRITICISM + " " + FACT, UPTO, published="2021-03-04", settings=ON)
    speech = [d for d in ctx.drafts if d.origin == "speech"]
    assert len(speech) == 1
    d = speech[0]
    assert d.type == "ACCUSE" and d.sentence.text == CRITICISM
    assert ctx.article.text[d.trigger_start : d.trigger_end] == "said"
    assert d.src_span is not None and d.doc[d.src_span.head].text == "leaders"
    # kept by detect on the speech model's probability, which it carries
    assert d.p_event is not None and d.p_event >= ON["speech"]["threshold"] and d.speech == (d.type, d.p_event)
    assert not any(x.sentence.text == FACT and x.origin == "speech" for x in ctx.drafts)


def test_without_the_component_the_sentence_is_not_even_parsed(analyse) -> None:
    without = [c for c in UPTO if c != "speech"]
    ctx = analyse(CRITICISM, without, published="2021-03-04", settings=ON)
    assert not ctx.parsed and not ctx.drafts
    ctx = analyse(CRITICISM, UPTO, published="2021-03-04", settings=ON)
    assert [p.sentence.text for p in ctx.parsed] == [CRITICISM]


def test_a_lexicon_draft_of_a_verbal_type_is_not_doubled(analyse) -> None:
    text = "The foreign minister accused the neighbouring government of lying about the shelling, officials said."
    ctx = analyse(text, UPTO[:4], published="2021-03-04", settings=ON)
    accuse = [d for d in ctx.drafts if d.origin == "lexicon" and d.type == "ACCUSE"]
    assert accuse and not [d for d in ctx.drafts if d.origin == "speech"]
    assert all(d.speech is not None for d in accuse)  # the reading is offered as a feature


def test_a_gate_of_one_keeps_every_statement_out(analyse, pipeline) -> None:
    ctx = analyse(CRITICISM, UPTO[:3], published="2021-03-04", settings=ON)
    ctx.parsed = analyse(CRITICISM, UPTO[:4], published="2021-03-04", settings=ON).parsed
    Speech(load_model(), threshold=1.01)(ctx)
    assert not ctx.drafts


def test_a_broken_model_is_a_coded_config_error() -> None:
    with pytest.raises(ConfigError) as err:
        SpeechModel({"classes": ["ACCUSE", "GOSSIP"], "bias": {}, "weights": {}, "threshold": 0.5, "propose_threshold": 0.3})
    assert err.value.code == "E350"
    with pytest.raises(ConfigError) as err:
        load_model("no-such-speech-model.json")
    assert err.value.code == "E351"
