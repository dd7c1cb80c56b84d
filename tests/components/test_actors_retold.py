"""A condemnation aims at the condemned act's perpetrator even when ``detect`` dropped the
word that names the act again (x27det2): the retrained detector (``detector_lrconj.json``)
drops a re-mention in a later sentence ("the assault" after "stormed"), and ``corefer`` attaches
it to the act as ``retold``; ``actors.condemned_act`` reads those tellings too. Invented text
of the kind of the x12side test, with other names and places."""

from __future__ import annotations

import pytest

from eventcoder.components.confidence import load_genre
from eventcoder.components.detect import load_model

TEXT = (
    "Boko Haram gunmen stormed a military base near Maiduguri on Friday. "
    "The Nigerian government condemned the assault on its troops."
)


@pytest.mark.parametrize(("detector", "calibration"), [("detector.json", "confidence_map.json"), ("detector_lrconj.json", "confidence_map_lrconj.json")])
def test_condemnation_of_a_retold_act_aims_at_its_perpetrator(detector: str, calibration: str) -> None:
    from eventcoder.pipeline import Pipeline, load_config

    cfg = load_config()
    cfg["components"]["detect"]["model"] = detector
    cfg["components"]["confidence"]["calibration"] = calibration
    events = Pipeline(config=cfg).code_text(TEXT).events
    stormed = next(e for e in events if TEXT[e.trigger_start : e.trigger_end] == "stormed")
    condemned = next(e for e in events if TEXT[e.trigger_start : e.trigger_end] == "condemned")
    # "the assault" is one of the storming's tellings, not an event of its own
    assert "assault" in [m["trigger"]["text"] for m in stormed.mentions]
    assert not [e for e in events if TEXT[e.trigger_start : e.trigger_end] == "assault"]
    assert stormed.source_actor is not None and stormed.source_actor.name == "Boko Haram"
    assert condemned.target_actor is not None and condemned.target_actor.name == "Boko Haram"


def test_the_non_default_retrain_and_its_map_load() -> None:
    model = load_model("detector_lrconj.json")
    assert model is not None and model.conjunctions
    # trained without the sentence-context family (--exclude-features 'ctx_*')
    assert model.weights and not [k for k in model.weights if k.startswith("ctx_")]
    assert load_genre("confidence_map_lrconj.json") is not None
