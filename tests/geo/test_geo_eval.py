"""The geoparser's evaluation on the bench sets (eventcoder.eval.sets, read in place)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventcoder.eval.sets.event_location import eval_event_location
from eventcoder.eval.sets.geowebnews import error_auc, eval_geowebnews

BENCH = Path(__file__).resolve().parents[3] / "shared" / "bench"


def test_event_location_spans_are_realigned_on_their_text():
    from eventcoder.eval.sets.event_location import _realign

    text = "On Saturday a man died after a shooting in Nablus, a city in the West Bank."
    i = text.index("Nablus")
    shifted = {"start": i - 2, "end": i + 4, "label": "LOCATION", "text": "Nablus"}  # cuts words
    fixed = _realign(text, shifted)
    assert text[fixed["start"] : fixed["end"]] == "Nablus"
    assert _realign(text, {"start": i - 2, "end": i + 4, "label": "LOCATION"}) is None  # no text
    ok = {"start": i, "end": i + 6, "label": "LOCATION"}
    assert _realign(text, ok) is ok


def test_error_auc():
    assert error_auc([0.0, 0.0]) == 0.0
    assert error_auc([20039.0]) == pytest.approx(1.0)


@pytest.mark.skipif(not (BENCH / "geowebnews" / "GWN.xml").exists(), reason="bench absent")
def test_eval_geowebnews_smoke(nlp):
    r = eval_geowebnews(BENCH / "geowebnews" / "GWN.xml", limit=4, nlp=nlp)
    assert r["articles"] == 4 and r["gold_toponyms"] > 0
    assert 0.5 < r["overlap_f1"] <= 1 and 0 <= r["auc"] <= 1


@pytest.mark.skipif(
    not (BENCH / "event-location" / "sentences.jsonl").exists(), reason="bench absent"
)
def test_eval_event_location_smoke(nlp):
    r = eval_event_location(BENCH / "event-location" / "sentences.jsonl", limit=60, nlp=nlp)
    assert r["sentences"] == 60 and 0.5 < r["accuracy"] <= 1
    assert 0 <= r["accuracy_with_fallbacks"] <= 1
    assert 0 < r["heldout_sentences"] < 60 and 0 <= r["heldout_accuracy"] <= 1
