"""``detect``: the learned filter keeps or drops drafts by a calibrated probability."""

from __future__ import annotations

import pytest

from eventcoder.components.detect import Detect, DetectorModel, features
from eventcoder.errors import ConfigError

UPTO = ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "acled", "intent", "backrefs", "attribution"]
TEXT = "Rebels attacked an army base near the river on Monday. The minister attacked the budget plan."


def test_features_describe_the_draft_in_its_article(analyse) -> None:
    ctx = analyse(TEXT, UPTO, published="2020-05-06")
    feats = [features(d, ctx, i) for i, d in enumerate(ctx.drafts)]
    assert all("lemma=attack" in f for f in feats)
    first, second = feats
    assert "earlier_same_type=0" in first and "earlier_same_type=0" not in second


def test_a_model_drops_what_it_scores_below_its_threshold(analyse) -> None:
    ctx = analyse(TEXT, UPTO, published="2020-05-06")
    assert len(ctx.drafts) == 2
    # a toy model: an attack whose object is a plan is figurative
    model = DetectorModel({"bias": 2.0, "weights": {"next=the": -5.0}, "threshold": 0.5, "calibration": []})
    Detect(model)(ctx)
    assert [d.sentence.text.split()[0] for d in ctx.drafts] == ["Rebels"]
    assert ctx.drafts[0].p_event is not None and ctx.drafts[0].p_event > 0.5


def test_calibration_maps_raw_scores_to_steps() -> None:
    m = DetectorModel({"bias": 0.0, "weights": {}, "threshold": 0.5, "calibration": [[0.0, 0.1], [0.4, 0.6], [0.8, 0.9]]})
    assert m.probability([]) == 0.6  # raw 0.5 falls in the step from 0.4
    assert m.raw([]) == pytest.approx(0.5)


def test_calibration_with_block_means_keeps_the_order_inside_a_block() -> None:
    # [threshold, probability, block mean score]: linear between the means, flat outside
    cal = [[0.0, 0.1, 0.2], [0.4, 0.6, 0.5], [0.8, 0.9, 0.9]]
    m = DetectorModel({"bias": 0.0, "weights": {}, "threshold": 0.5, "calibration": cal})
    assert m.calibrate(0.05) == 0.1 and m.calibrate(0.95) == 0.9
    assert m.calibrate(0.35) == pytest.approx(0.35)
    # two raw scores of one block no longer tie, and the map never decreases
    assert m.calibrate(0.42) < m.calibrate(0.48)
    grid = [m.calibrate(x / 100) for x in range(101)]
    assert grid == sorted(grid)


def test_without_a_model_nothing_changes(analyse) -> None:
    ctx = analyse(TEXT, UPTO)
    before = list(ctx.drafts)
    Detect(None)(ctx)
    assert ctx.drafts == before and all(d.p_event is None for d in ctx.drafts)


def test_a_broken_model_file_is_a_coded_error() -> None:
    with pytest.raises(ConfigError) as err:
        DetectorModel({"weights": {}})
    assert err.value.code == "E306"
